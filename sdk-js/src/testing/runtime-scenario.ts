/**
 * One scenario that every runtime (Node, workerd, Chromium) runs unchanged against `scenarioHandler`: a success,
 * a typed validation error, a retry after 503, a timeout and an abort. Uses only the browser entry and Web APIs.
 */
import type { ServerResponse } from 'node:http';
import { createClient, MiqAbortError, MiqTimeoutError, MiqValidationError } from '../index.js';
import type { SeenRequest } from './protocol-server.js';

export async function runScenario(baseUrl: string): Promise<Record<string, unknown>> {
  const client = createClient({ baseUrl, token: 'runtime-token', retryBaseDelayMs: 10 });
  const out: Record<string, unknown> = {};
  out.metrics = await client.metrics({ measures: ['ads.spend'] });
  try {
    await client.metrics({ measures: ['ads.nope'] });
  } catch (e) {
    const err = e as MiqValidationError;
    out.invalid = {
      validation: e instanceof MiqValidationError,
      code: err.code,
      status: err.status,
      details: err.details,
    };
  }
  out.retried = await client.schema();
  try {
    await client.health({ timeoutMs: 200 });
  } catch (e) {
    out.timeout = { timeout: e instanceof MiqTimeoutError, code: (e as MiqTimeoutError).code };
  }
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  try {
    await client.health({ signal: controller.signal });
  } catch (e) {
    out.aborted = { aborted: e instanceof MiqAbortError, code: (e as MiqAbortError).code };
  }
  return out;
}

export const SCENARIO_RESULT = {
  metrics: { rows: [{ 'ads.spend': 42 }], auth: 'Bearer runtime-token' },
  invalid: {
    validation: true,
    code: 'validation_failed',
    status: 400,
    details: [{ field: 'measures[0]', code: 'unknown_member', message: 'Unknown' }],
  },
  retried: { version: 'v1' },
  timeout: { timeout: true, code: 'timeout' },
  aborted: { aborted: true, code: 'aborted' },
};

/** The server side of the scenario; `/health` hangs. Returns false for paths it does not know. */
export function scenarioHandler(): (req: SeenRequest, res: ServerResponse) => boolean {
  let schemaCalls = 0;
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  return (req, res) => {
    if (req.url === '/api/v1/metrics') {
      const body = JSON.parse(req.body) as { measures?: string[] };
      if (body.measures?.[0] === 'ads.spend') {
        send(res, 200, { rows: [{ 'ads.spend': 42 }], auth: req.headers.authorization });
      } else {
        const details = [{ field: 'measures[0]', code: 'unknown_member', message: 'Unknown' }];
        send(res, 400, { error: { code: 'validation_failed', message: 'bad', details } });
      }
      return true;
    }
    if (req.url === '/api/v1/schema') {
      if (++schemaCalls === 1) send(res, 503, {}, { 'retry-after': '0' });
      else send(res, 200, { version: 'v1' });
      return true;
    }
    return req.url === '/api/v1/health';
  };
}
