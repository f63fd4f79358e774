/**
 * The examples against the real embed API (`node --import tsx --test examples/examples.test.ts`, with
 * MIQ_WAREHOUSE_DIR set): one API and one example host back end for all cases, since the API takes ~15 s to start.
 * Expected numbers come from direct API calls with tokens minted independently of the example (plain jose).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import type { Browser } from 'playwright-core';
import { dashboardPanels, launchChromium, requestOf } from './test/browser.js';
import { metrics, REPO, type Stack, startStack } from './test/stack.js';

// type-checking the three examples runs while the API starts
const typecheck = new Promise<{ code: number | null; out: string }>((resolve) => {
  const child = spawn(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'examples/tsconfig.json'], {
    cwd: REPO,
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  child.on('close', (code) => resolve({ code, out }));
});

let stack: Stack;
let browser: Browser;

before(async () => {
  [stack, browser] = await Promise.all([startStack(), launchChromium()]);
});
after(async () => {
  await browser?.close();
  await stack?.stop();
});

const ALICE_ACCOUNT = '7261940385';
const OTHER_ACCOUNT = '4410382957';
const LAST_30 = { dimension: 'date.day', dateRange: 'last 30 days' };

/** Signs `user` in with the fake login; returns the session cookie. */
async function login(user: string): Promise<string> {
  const res = await fetch(`${stack.hostBase}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user }),
    redirect: 'manual',
  });
  assert.equal(res.status, 303);
  const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
  assert.ok(cookie.startsWith('host_session='));
  return cookie;
}

async function tokenFor(cookie: string, tenant?: string): Promise<Response> {
  const q = tenant ? `?tenant=${encodeURIComponent(tenant)}` : '';
  return fetch(`${stack.hostBase}/miq-token${q}`, { headers: { cookie } });
}

describe('node-backend: token minting behind the host login', () => {
  it('refuses tokens without a session, with a forged cookie, and names the field of a bad login', async () => {
    assert.equal((await fetch(`${stack.hostBase}/miq-token`)).status, 401);
    const forged = `host_session=${Buffer.from('ada').toString('base64url')}.AAAA`;
    assert.equal((await tokenFor(forged)).status, 401);
    const bad = await fetch(`${stack.hostBase}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'user=mallory',
    });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error.details[0].field, 'user');
  });

  it("mints a short-lived token for the user's tenant with their locked account filter", async () => {
    const res = await tokenFor(await login('alice'));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const claims = decodeJwt(await res.text());
    assert.equal(claims.tenant, 'rare-seeds');
    assert.equal(claims.sub, 'alice');
    assert.deepEqual(claims.filters, { 'account.id': [ALICE_ACCOUNT] });
    assert.deepEqual(claims.dashboards, ['google-ads', 'overview']);
    assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), 300);
  });

  it('the locked filter holds: numbers equal a direct call with the same lock, other accounts read nothing', async () => {
    const token = await (await tokenFor(await login('alice'))).text();
    const byAccount = { measures: ['ads.spend', 'ads.clicks'], dimensions: ['account.id'], timeDimension: LAST_30 };
    const viaHost = await metrics(stack.apiBase, token, byAccount);
    assert.equal(viaHost.status, 200);
    const locked = await metrics(
      stack.apiBase,
      await stack.directToken('rare-seeds', { 'account.id': [ALICE_ACCOUNT] }),
      byAccount,
    );
    assert.deepEqual(viaHost.body.rows, locked.body.rows);
    assert.deepEqual(
      viaHost.body.rows?.map((r) => r['account.id']),
      [ALICE_ACCOUNT],
    );
    // without a lock the tenant has more accounts, and alice's row is the same number
    const open = await metrics(stack.apiBase, await stack.directToken('rare-seeds'), byAccount);
    const openIds = open.body.rows?.map((r) => r['account.id']) ?? [];
    assert.ok(openIds.includes(OTHER_ACCOUNT), `unlocked accounts: ${openIds}`);
    assert.deepEqual(
      open.body.rows?.find((r) => r['account.id'] === ALICE_ACCOUNT),
      viaHost.body.rows?.[0],
    );
    assert.ok(Number(viaHost.body.rows?.[0]?.['ads.spend']) > 0);

    // asking for another account with alice's token: the lock is ANDed in, so nothing of it comes back
    const other = {
      measures: ['ads.spend'],
      filters: [{ member: 'account.id', operator: 'equals', values: [OTHER_ACCOUNT] }],
      timeDimension: LAST_30,
    };
    const otherOpen = await metrics(stack.apiBase, await stack.directToken('rare-seeds'), other);
    assert.ok(Number(otherOpen.body.rows?.[0]?.['ads.spend']) > 0);
    const otherViaHost = await metrics(stack.apiBase, token, other);
    assert.ok(
      otherViaHost.status === 403 || (otherViaHost.body.rows ?? []).every((r) => !r['ads.spend']),
      JSON.stringify(otherViaHost.body),
    );
  });

  it('refuses a tenant the user was not granted, and mints a fresh token on every refresh', async () => {
    const cookie = await login('alice');
    const denied = await tokenFor(cookie, 'nordic-knits');
    assert.equal(denied.status, 403);
    assert.equal((await denied.json()).error.details[0].field, 'tenant');
    assert.equal((await tokenFor(cookie, '../x')).status, 400);
    const [a, b] = await Promise.all([tokenFor(cookie), tokenFor(cookie)].map(async (r) => (await r).text()));
    assert.notEqual(decodeJwt(a!).jti, decodeJwt(b!).jti);
    for (const t of [a!, b!]) {
      assert.equal((await metrics(stack.apiBase, t, { measures: ['ads.spend'], timeDimension: LAST_30 })).status, 200);
    }
  });

  it('serves the plain page with <miq-dashboard>, which loads its panels with the minted token', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.request.post(`${stack.hostBase}/login`, { form: { user: 'alice' } });
    await page.goto(`${stack.hostBase}/plain/`);
    const panels = await dashboardPanels(page);
    assert.deepEqual(
      panels.filter((p) => p.state === 'error').map((p) => p.id),
      [],
    );
    const spend = panels.find((p) => p.id === 'spend');
    assert.equal(spend?.state, 'loaded');
    const direct = await metrics(
      stack.apiBase,
      await stack.directToken('rare-seeds', { 'account.id': [ALICE_ACCOUNT] }),
      requestOf(spend!.query!),
    );
    assert.deepEqual(spend!.rows, direct.body.rows, JSON.stringify(direct.body));
    await context.close();
  });
});

describe('react-host: React 19 page embedding <miq-dashboard>', () => {
  it('type-checks (tsc over the three examples)', async () => {
    const { code, out } = await typecheck;
    assert.equal(code, 0, out);
  });

  it('renders the dashboard themed by the host, with the locked numbers, and handles miq-drill and miq-error', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.request.post(`${stack.hostBase}/login`, { form: { user: 'alice' } });
    await page.goto(`${stack.hostBase}/react/`);
    const panels = await dashboardPanels(page);
    assert.ok(panels.length >= 8);
    assert.deepEqual(
      panels.filter((p) => p.state !== 'loaded' && p.state !== 'empty').map((p) => `${p.id}: ${p.state}`),
      [],
    );
    const spend = panels.find((p) => p.id === 'spend')!;
    const direct = await metrics(
      stack.apiBase,
      await stack.directToken('rare-seeds', { 'account.id': [ALICE_ACCOUNT] }),
      requestOf(spend.query!),
    );
    assert.deepEqual(spend.rows, direct.body.rows, JSON.stringify(direct.body));

    // the host's theme reaches the widgets through --miq-* custom properties, and follows the host's dark mode
    const accent = () =>
      page.evaluate(() =>
        getComputedStyle(document.querySelector('miq-dashboard')!).getPropertyValue('--miq-color-accent').trim(),
      );
    assert.equal(await accent(), '#5b21b6');
    await page.getByRole('button', { name: 'Dark mode' }).click();
    assert.equal(await accent(), '#c4b5fd');
    assert.equal(await page.evaluate(() => document.querySelector('miq-dashboard')!.getAttribute('theme')), 'dark');

    // drilling into a row fires miq-drill, which the React host logs
    await page.evaluate(() => {
      const el = document.querySelector('miq-dashboard') as HTMLElement & { panels: HTMLElement[] };
      for (const p of el.panels) {
        const button = p.shadowRoot?.querySelector<HTMLButtonElement>('button.drill');
        if (button) return button.click();
      }
      throw new Error('no drillable row on the dashboard');
    });
    await page.waitForSelector('ol[aria-label="Widget events"] li[data-type="drill"]', { timeout: 45_000 });

    // the overview's GA4 and email panels cannot honour alice's ad-account lock, so the API refuses them (fail
    // closed): miq-error reaches the host, which shows its own banner
    await page.getByLabel('Dashboard').selectOption('overview');
    const banner = await page.waitForSelector('p.banner[role="alert"]', { timeout: 45_000 });
    assert.match((await banner.getAttribute('data-status')) ?? '', /^4\d\d$/);
    assert.ok(await page.$('ol[aria-label="Widget events"] li[data-type="error"]'));
    await context.close();
  });
});

describe('agency-portal: one agency user, a token per client tenant', () => {
  it("each client's token reads exactly that client's numbers", async () => {
    const cookie = await login('ada');
    const query = { measures: ['ads.spend'], timeDimension: LAST_30 };
    const seen = new Map<string, unknown>();
    for (const tenant of ['rare-seeds', 'nordic-knits', 'kiwi-outdoors']) {
      const token = await (await tokenFor(cookie, tenant)).text();
      assert.equal(decodeJwt(token).tenant, tenant);
      const viaHost = await metrics(stack.apiBase, token, query);
      const direct = await metrics(stack.apiBase, await stack.directToken(tenant), query);
      assert.deepEqual(viaHost.body.rows, direct.body.rows);
      seen.set(tenant, viaHost.body.rows?.[0]?.['ads.spend']);
    }
    assert.equal(new Set(seen.values()).size, 3, `spend per client: ${[...seen]}`);
  });

  it('switching the client in the portal shows that tenant’s numbers, equal to the API’s', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.request.post(`${stack.hostBase}/login`, { form: { user: 'ada' } });
    await page.goto(`${stack.hostBase}/agency/`);
    const shown = new Map<string, unknown>();
    for (const tenant of ['rare-seeds', 'nordic-knits']) {
      if (tenant !== 'rare-seeds') await page.getByLabel('Client').selectOption(tenant);
      const panels = await dashboardPanels(page, tenant);
      const spend = panels.find((p) => p.id === 'spend')!;
      assert.equal(spend.state, 'loaded');
      const direct = await metrics(stack.apiBase, await stack.directToken(tenant), requestOf(spend.query!));
      assert.deepEqual(spend.rows, direct.body.rows, JSON.stringify(direct.body));
      shown.set(tenant, spend.value);
    }
    assert.notEqual(shown.get('rare-seeds'), shown.get('nordic-knits'));
    await context.close();
  });
});
