/**
 * The operator CLI's commands, runnable in-process (tests) or from `miq.ts` (a shell). Operator actions go through
 * the same operations as `/api/v1/operator/*` and are audited with actor `operator`.
 */
import type { AdminContext } from '../admin/operations.js';
import * as ops from '../admin/operations.js';
import * as S from '../admin/schemas.js';
import { parseOrThrow } from '../admin/validate.js';
import { generateOperatorToken } from '../auth/api-keys.js';
import { MiqError } from '../errors/index.js';

export const USAGE = `Usage: npm run miq -w @miq/embed-api -- <command>

  partner create <id> --name <name> [--max-lifetime <seconds>]
  partner update <id> [--name <name>] [--status active|suspended] [--max-lifetime <seconds>|none]
  partner list
  api-key create <partnerId>                 prints the key once; only its hash is stored
  api-key revoke <partnerId> <apiKeyId>
  tenant create <id> --partner <partnerId> --name <name> --location <warehouseLocation>
                --currency <ISO 4217> --tz <IANA zone>
  tenant status <id> active|suspended
  tenant list [--partner <partnerId>]
  connector map <externalId> --tenant <tenantId> [--kind connector|group]
  operator-token                             a new operator token and the MIQ_OPERATOR_TOKEN_SHA256 to set
  master-key                                 a new MIQ_MASTER_KEY (base64 of 32 random bytes)

The app database is DATABASE_URL (PostgreSQL) or the PGlite directory MIQ_PGLITE_DIR (default .miq/pglite-$MIQ_ENV).
With REDIS_URL set, revocations and suspensions reach running instances within 2 s.`;

/** A command-line mistake: printed with the usage, exit code 2. */
export class UsageError extends Error {}

export interface CliIo {
  readonly out: (line: string) => void;
}

function parseArgs(argv: readonly string[]): { positional: string[]; flags: Map<string, string> } {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      flags.set(arg.slice(2), value);
      i++;
    } else positional.push(arg);
  }
  return { positional, flags };
}

function need(value: string | undefined, what: string): string {
  if (value === undefined || value === '') throw new UsageError(`missing ${what}`);
  return value;
}

function lifetime(raw: string | undefined): number | null | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'none') return null;
  if (!/^\d+$/.test(raw)) throw new UsageError('--max-lifetime must be a whole number of seconds (60 … 86400)');
  return Number(raw);
}

function known(flags: Map<string, string>, allowed: readonly string[]): void {
  for (const f of flags.keys()) if (!allowed.includes(f)) throw new UsageError(`unknown option --${f}`);
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/**
 * Runs one CLI command against an open app database.
 *
 * @example
 * await runCli(['tenant', 'create', 'acme', '--partner', 'p1', ...], ctx, { out: console.log });
 */
export async function runCli(argv: readonly string[], ctx: AdminContext, io: CliIo): Promise<void> {
  const { positional, flags } = parseArgs(argv);
  const [noun, verb, ...rest] = positional;
  const cmd = `${noun ?? ''} ${verb ?? ''}`.trim();
  switch (cmd) {
    case 'partner create': {
      known(flags, ['name', 'max-lifetime']);
      const input = parseOrThrow(S.partnerCreateRequest, {
        id: need(rest[0], 'partner id'),
        name: need(flags.get('name'), '--name'),
        ...(flags.has('max-lifetime') ? { maxTokenLifetimeSeconds: lifetime(flags.get('max-lifetime')) } : {}),
      });
      io.out(json({ partner: ops.partnerView(await ops.createPartner(ctx, input)) }));
      return;
    }
    case 'partner update': {
      known(flags, ['name', 'status', 'max-lifetime']);
      const input = parseOrThrow(S.partnerUpdateRequest, {
        ...(flags.has('name') ? { name: flags.get('name') } : {}),
        ...(flags.has('status') ? { status: flags.get('status') } : {}),
        ...(flags.has('max-lifetime') ? { maxTokenLifetimeSeconds: lifetime(flags.get('max-lifetime')) } : {}),
      });
      io.out(json({ partner: ops.partnerView(await ops.updatePartner(ctx, need(rest[0], 'partner id'), input)) }));
      return;
    }
    case 'partner list': {
      const rows = await ctx.db.selectFrom('partners').selectAll().orderBy('id').execute();
      io.out(json({ partners: rows.map(ops.partnerView) }));
      return;
    }
    case 'api-key create': {
      const created = await ops.createApiKey(ctx, need(rest[0], 'partner id'));
      io.out(json(created));
      io.out('Store the key now: it is shown only once.');
      return;
    }
    case 'api-key revoke': {
      const revoked = await ops.revokeApiKey(ctx, need(rest[0], 'partner id'), need(rest[1], 'API key id'));
      io.out(json({ apiKey: revoked }));
      return;
    }
    case 'tenant create': {
      known(flags, ['partner', 'name', 'location', 'currency', 'tz']);
      const input = parseOrThrow(S.tenantCreateRequest, {
        id: need(rest[0], 'tenant id'),
        partnerId: need(flags.get('partner'), '--partner'),
        name: need(flags.get('name'), '--name'),
        warehouseLocation: need(flags.get('location'), '--location'),
        reportingCurrency: need(flags.get('currency'), '--currency'),
        timeZone: need(flags.get('tz'), '--tz'),
      });
      io.out(json({ tenant: ops.operatorTenantView(await ops.createTenant(ctx, input)) }));
      return;
    }
    case 'tenant status': {
      const { status } = parseOrThrow(S.tenantStatusRequest, { status: need(rest[1], 'active|suspended') });
      io.out(
        json({ tenant: ops.operatorTenantView(await ops.setTenantStatus(ctx, need(rest[0], 'tenant id'), status)) }),
      );
      return;
    }
    case 'tenant list': {
      known(flags, ['partner']);
      let q = ctx.db.selectFrom('tenants').selectAll().orderBy('id');
      const partner = flags.get('partner');
      if (partner !== undefined) q = q.where('partner_id', '=', partner);
      io.out(json({ tenants: (await q.execute()).map(ops.operatorTenantView) }));
      return;
    }
    case 'connector map': {
      known(flags, ['tenant', 'kind']);
      const input = parseOrThrow(S.connectorRequest, {
        externalId: need(rest[0], 'connector or group id'),
        tenantId: need(flags.get('tenant'), '--tenant'),
        kind: flags.get('kind') ?? 'connector',
      });
      io.out(json({ connector: await ops.mapConnector(ctx, input) }));
      return;
    }
    default:
      break;
  }
  if (noun === 'operator-token' && verb === undefined) {
    const t = await generateOperatorToken();
    io.out(json({ token: t.key, MIQ_OPERATOR_TOKEN_SHA256: t.hash }));
    io.out('Give the token to the operator; set only the hash on the server.');
    return;
  }
  if (noun === 'master-key' && verb === undefined) {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    io.out(json({ MIQ_MASTER_KEY: btoa(String.fromCharCode(...bytes)) }));
    return;
  }
  throw new UsageError(cmd === '' ? 'no command given' : `unknown command "${cmd}"`);
}

/** A one-paragraph description of a failed command (never a stack trace for the operator's mistakes). */
export function describeCliError(error: unknown): string {
  if (error instanceof UsageError) return `${error.message}\n\n${USAGE}`;
  if (error instanceof MiqError) {
    const details = error.details.map((d) => `  ${d.field}: ${d.message} (${d.code})`).join('\n');
    return `${error.message}${details ? `\n${details}` : ''}`;
  }
  return `failed: ${error instanceof Error ? error.message : String(error)}`;
}
