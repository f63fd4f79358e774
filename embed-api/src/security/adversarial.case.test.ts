/**
 * The adversarial suite: every case of `attack-cases.ts` against the real app (real semantic layer over the test
 * warehouse) on PGlite and on PostgreSQL. Each response must have the expected status and code, and none may carry
 * another tenant's markers, SQL text or a stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_DB_KINDS } from '../app-db/testing.js';
import { attackCases } from './attack-cases.js';
import { closeSharedWarehouse, openWorld, type World } from './testing/world.js';

const LEAKS =
  /\bselect\b[\s\S]*\bfrom\b|marts\.\w|fact_campaign|\bat \S+\.(ts|js):\d+|node_modules|miq_pk_[\w-]{8}|v1\.[\w-]{16}\.[\w-]{16}/i;

afterAll(async () => {
  await closeSharedWarehouse();
});

describe.each(APP_DB_KINDS)('adversarial suite on %s', (kind) => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld(kind);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('registers the cases the issue lists, each id once', () => {
    const ids = attackCases().map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(80);
  });

  for (const c of attackCases()) {
    it(`${c.id}: ${c.attack}`, async () => {
      const responses = await c.run(world);
      expect(responses.length).toBeGreaterThan(0);
      const allowed = Array.isArray(c.expect.status) ? c.expect.status : [c.expect.status];
      for (const o of responses) {
        expect(allowed, `${c.route} answered ${o.status}: ${o.text.slice(0, 300)}`).toContain(o.status);
        if (c.expect.code !== undefined) {
          const error = (JSON.parse(o.text) as { error: { code: string; details: { code: string }[] } }).error;
          expect(error.details[0]?.code ?? error.code, o.text).toBe(c.expect.code);
        }
        expect(o.status, o.text).not.toBe(500);
        // Nothing of another tenant, unless the attacker sent it (an echoed request value is not a leak).
        const markers = c.viewer === 'partner' ? world.partnerForeignMarkers : world.foreignMarkers;
        for (const marker of markers) {
          if (!o.sent.includes(marker))
            expect(o.text.includes(marker), `${marker} in ${o.text.slice(0, 300)}`).toBe(false);
        }
        expect(o.text.replaceAll(/"query":\{.*?\}(,"total")/g, '$1'), 'SQL, stack or secret in response').not.toMatch(
          LEAKS,
        );
      }
      await c.check?.(responses, world);
    });
  }

  it('after every attack: no token, API key or secret in the logs or the audit log', async () => {
    await world.app.services.audit.flush();
    const audit = JSON.stringify(await world.appDb.db.selectFrom('audit_log').selectAll().execute());
    const stored = await world.appDb.db.selectFrom('embed_keys').select('secret_ciphertext').execute();
    for (const [where, text] of [
      ['logs', world.logs()],
      ['audit_log', audit],
    ] as const) {
      expect(text, where).not.toContain(world.apiKeys.alpha);
      expect(text, where).not.toContain(world.apiKeys.beta);
      expect(text, where).not.toMatch(/eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/);
      for (const { secret_ciphertext } of stored)
        if (secret_ciphertext) expect(text, where).not.toContain(secret_ciphertext);
    }
    expect(audit).toContain('token.use');
    expect(audit).toContain('refused:key_revoked');
  });
});
