"""A warm dbt process: runs dbt commands, one at a time, for whoever drives it over stdin/stdout.

Why: a `dbt run` from the shell spends ~1.5 s before and after its models (Python start-up and dbt's imports ~0.9 s,
loading the partial-parse state ~0.5 s, interpreter exit ~0.3 s), and a run whose profile differs from the previous
run's parses the whole project again (~5 s). A daily incremental run does ~4 s of model work, so start-up was a third
of it. This process imports dbt once and keeps each parsed project (the manifest) in memory, keyed by everything that
goes into a parse; the refresh loop (embed-api `versioned-marts.ts`) and `scripts/bench-dbt.sh` drive it.

Protocol (JSON lines; requests on stdin, one response line per request on stdout; dbt's own console output goes to
stderr):
  {"id": 1, "args": ["run", "--project-dir", "dbt", ...], "env": {"MIQ_TENANT": "t", ...}, "cwd": "/repo"}
  -> {"id": 1, "ok": true, "success": true, "parsed": false, "seconds": 4.1, "cpu_seconds": 6.0,
      "max_rss_mb": 1700, "errors": []}
  {"id": 2, "op": "stop"} -> {"id": 2, "ok": true} and the process exits.
`ok` is false (with `error`) when the request itself was bad or dbt raised; `success` is dbt's verdict (false when a
model or test failed, `errors` lists them). `parsed` says whether this request had to parse the project.
`env` is laid over the worker's own environment for this request only. Each request is answered; a bad line never
ends the process.

The manifest is reused only when the parse inputs are equal: the project files (path, size, mtime of every file
under the project's source directories), the profile and project flags and `--vars`, and the request's environment
(profiles.yml and dbt_project.yml read environment variables). A profile path that changes with every run (a new
marts file per version) would defeat the reuse: the refresh loop builds at a fixed path per tenant and renames the
file afterwards.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import sys
import time
import traceback
from collections import OrderedDict
from typing import Any

# Flags that change what a parse produces; the others (--select, --full-refresh, --threads ...) only change the run.
_PARSE_FLAGS = ("--project-dir", "--profiles-dir", "--profile", "--target", "-t", "--vars")
# Flags a parse also needs (where it writes partial_parse.msgpack and its log).
_PARSE_PATH_FLAGS = ("--target-path", "--log-path")
_SOURCE_DIRS = ("models", "macros", "tests", "seeds", "snapshots", "analyses", "dbt_packages")
# Parsed projects kept (least recently used dropped): ~60 MB each for this project; one per tenant in the refresh loop.
_MAX_MANIFESTS = int(os.environ.get("MIQ_DBT_WORKER_MANIFESTS", "8"))


def _flag_values(args: list[str], names: tuple[str, ...]) -> list[str]:
    """The given flags with their values, in order (`--vars x` and `--vars=x` forms)."""
    out: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        name, eq, value = arg.partition("=")
        if name in names:
            if eq:
                out += [name, value]
            elif i + 1 < len(args):
                out += [name, args[i + 1]]
                i += 1
        i += 1
    return out


def project_fingerprint(project_dir: str) -> str:
    """Hash of path, size and mtime of every file dbt parses in the project (a changed model means a new parse)."""
    h = hashlib.sha256()
    for name in sorted(os.listdir(project_dir)):
        path = os.path.join(project_dir, name)
        if os.path.isfile(path) and name.endswith((".yml", ".yaml")):
            st = os.stat(path)
            h.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    for sub in _SOURCE_DIRS:
        root_dir = os.path.join(project_dir, sub)
        for root, dirs, files in os.walk(root_dir):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                st = os.stat(path)
                h.update(f"{os.path.relpath(path, project_dir)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


class Worker:
    def __init__(self) -> None:
        # Imported here, once: this is the start-up the worker exists to pay only once.
        from dbt.cli.main import dbtRunner

        self._runner_class = dbtRunner
        self._manifests: OrderedDict[str, Any] = OrderedDict()

    def _manifest_key(self, args: list[str], env: dict[str, str], cwd: str) -> str:
        parse_flags = _flag_values(args, _PARSE_FLAGS)
        project = dict(zip(parse_flags[::2], parse_flags[1::2])).get("--project-dir", ".")
        project_dir = os.path.join(cwd, project)
        doc = {
            "cwd": cwd,
            "flags": parse_flags,
            "env": sorted(env.items()),
            "project": project_fingerprint(project_dir),
        }
        return hashlib.sha256(json.dumps(doc).encode()).hexdigest()

    def _manifest(self, args: list[str], env: dict[str, str], cwd: str) -> tuple[Any, bool]:
        key = self._manifest_key(args, env, cwd)
        if key in self._manifests:
            self._manifests.move_to_end(key)
            return self._manifests[key], False
        parse_args = ["parse", *_flag_values(args, _PARSE_FLAGS + _PARSE_PATH_FLAGS), "--quiet"]
        res = self._runner_class().invoke(parse_args)
        if not res.success or res.result is None:
            raise RuntimeError(f"dbt parse failed: {res.exception or 'see the dbt log'}")
        self._manifests[key] = res.result
        while len(self._manifests) > _MAX_MANIFESTS:
            self._manifests.popitem(last=False)
        return res.result, True

    def run(self, args: list[str], env: dict[str, str], cwd: str) -> dict[str, Any]:
        saved_env = dict(os.environ)
        saved_cwd = os.getcwd()
        t0 = time.perf_counter()
        r0 = resource.getrusage(resource.RUSAGE_SELF)
        try:
            os.environ.update(env)
            os.chdir(cwd)
            manifest, parsed = self._manifest(args, env, cwd)
            # `parse` asks for the manifest only (a warm-up): loading it was the whole job.
            res = (
                _Parsed(manifest)
                if args[0] == "parse"
                else self._runner_class(manifest=manifest).invoke(list(args))
            )
        finally:
            _close_duckdb()
            os.chdir(saved_cwd)
            os.environ.clear()
            os.environ.update(saved_env)
        r1 = resource.getrusage(resource.RUSAGE_SELF)
        errors: list[str] = []
        for r in getattr(res.result, "results", None) or []:
            status = str(getattr(r, "status", ""))
            if status in ("error", "fail", "runtime error"):
                node = getattr(r, "node", None)
                errors.append(f"{getattr(node, 'unique_id', '?')}: {status}: {getattr(r, 'message', '')}")
        if res.exception is not None:
            errors.append(f"{type(res.exception).__name__}: {res.exception}")
        return {
            "ok": res.exception is None,
            "success": bool(res.success),
            "parsed": parsed,
            "seconds": round(time.perf_counter() - t0, 3),
            "cpu_seconds": round((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), 3),
            # ru_maxrss (KiB on Linux) is the process's peak so far, not this request's alone.
            "max_rss_mb": round(r1.ru_maxrss / 1024),
            "errors": errors[:50],
            **({} if res.exception is None else {"error": f"{type(res.exception).__name__}: {res.exception}"}),
        }


def _close_duckdb() -> None:
    """Closes the DuckDB database dbt-duckdb keeps open for the process (its `keep_open` default: a CLI run closes it
    at exit). Closing checkpoints the file and releases its lock, so the caller can rename, copy or attach it."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # another adapter (Snowflake): nothing held locally
        return
    try:
        env = DuckDBConnectionManager.env()
    except Exception:  # no DuckDB environment was created by this request
        return
    DuckDBConnectionManager.close_all_connections()
    env.close()


class _Parsed:
    def __init__(self, manifest: Any) -> None:
        self.result, self.success, self.exception = manifest, True, None


def _check_request(req: Any) -> tuple[list[str], dict[str, str], str]:
    if not isinstance(req, dict):
        raise ValueError("request: expected a JSON object")
    args, env, cwd = req.get("args"), req.get("env", {}), req.get("cwd", os.getcwd())
    bad = []
    if not isinstance(args, list) or not args or not all(isinstance(a, str) for a in args):
        bad.append("args: expected a non-empty list of strings (a dbt command line without `dbt`)")
    if not isinstance(env, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in env.items()):
        bad.append("env: expected an object of string values")
    if not isinstance(cwd, str) or not os.path.isdir(cwd):
        bad.append("cwd: expected an existing directory")
    if bad:
        raise ValueError("; ".join(bad))
    return args, env, cwd


def serve(stdin: Any, out: Any, worker: Worker) -> None:
    for line in stdin:
        if not line.strip():
            continue
        req_id: Any = None
        try:
            req = json.loads(line)
            req_id = req.get("id") if isinstance(req, dict) else None
            if isinstance(req, dict) and req.get("op") == "stop":
                out.write(json.dumps({"id": req_id, "ok": True}) + "\n")
                out.flush()
                return
            args, env, cwd = _check_request(req)
            reply = {"id": req_id, **worker.run(args, env, cwd)}
        except (ValueError, json.JSONDecodeError) as e:
            reply = {"id": req_id, "ok": False, "success": False, "error": f"bad request: {e}"}
        except Exception as e:  # dbt raised outside its own handling: answer, log, keep serving
            traceback.print_exc(file=sys.stderr)
            reply = {"id": req_id, "ok": False, "success": False, "error": f"{type(e).__name__}: {e}"}
        out.write(json.dumps(reply) + "\n")
        out.flush()


def main() -> None:
    # The protocol owns the original stdout; anything else printed (dbt's console log) goes to stderr.
    out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    worker = Worker()
    out.write(json.dumps({"ready": True, "pid": os.getpid()}) + "\n")
    out.flush()
    serve(sys.stdin, out, worker)


if __name__ == "__main__":
    main()
