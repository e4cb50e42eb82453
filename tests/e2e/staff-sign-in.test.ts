/**
 * Staff sign-in end to end: the built Worker (wrangler dev, workerd, real
 * local D1 seeded with the sample members) and Chromium, with JavaScript on
 * and off. Refused tokens on a staff page, the local sign-in page's limits,
 * and a second server without any Access settings that must fail closed.
 */
import { request as httpRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations, launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from '../../scripts/lib/server.ts';
import { staffToken, type StaffTokenOptions } from '../support/staff-tokens.ts';

const base = inject('baseURL');
const OFFICE = 'office@example.org';
const TOWN = 'town-jiedao@example.org';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const page = (path: string, cookie?: string) => fetch(`${base}${path}`, { headers: cookie ? { cookie } : {} });
const cookieFor = async (email: string, opts?: StaffTokenOptions) =>
  `CF_Authorization=${await staffToken(email, opts)}`;

describe('signing in locally in Chromium', () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`signs in as the office and as a town from the sign-in page, and out again (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const tab = await context.newPage();
      const res = await tab.goto(`${base}/staff/account/`);
      expect(res?.status()).toBe(401);
      await expect(tab.locator('h1').textContent()).resolves.toBe('请先登录');
      await tab.getByRole('link', { name: '本机登录（开发用）' }).click();
      expect(new URL(tab.url()).pathname).toBe('/staff/sign-in/');
      if (javaScriptEnabled) expect(await axeViolations(tab)).toEqual([]);

      await tab.goto(`${base}/staff/sign-in/?next=/staff/account/`);
      await tab.getByRole('button', { name: '以示例·区网格办值班员身份登录' }).click();
      expect(new URL(tab.url()).pathname).toBe('/staff/account/');
      await expect(tab.locator('[data-staff-name]').textContent()).resolves.toBe('示例·区网格办值班员');
      const cookie = (await context.cookies()).find((c) => c.name === 'CF_Authorization');
      expect(cookie?.httpOnly).toBe(true);

      await tab.goto(`${base}/staff/sign-in/?next=/staff/account/`);
      await tab.getByRole('button', { name: '以示例·街道办事处网格办身份登录' }).click();
      await expect(tab.locator('[data-staff-role]').textContent()).resolves.toBe('镇（办事处）网格办 · 街道办事处');
      if (javaScriptEnabled) expect(await axeViolations(tab)).toEqual([]);

      await tab.getByRole('button', { name: '退出登录' }).click();
      expect(new URL(tab.url()).pathname).toBe('/staff/sign-in/');
      expect((await context.cookies()).some((c) => c.name === 'CF_Authorization')).toBe(false);
      expect((await tab.goto(`${base}/staff/account/`))?.status()).toBe(401);
      await context.close();
    });
  }

  it('accepts a cookie made with the test key, as Access would set it', async () => {
    const context = await browser.newContext();
    await context.addCookies([{ name: 'CF_Authorization', value: await staffToken(TOWN), url: base }]);
    const tab = await context.newPage();
    expect((await tab.goto(`${base}/staff/account/`))?.status()).toBe(200);
    await expect(tab.locator('[data-staff-name]').textContent()).resolves.toBe('示例·街道办事处网格办');
    await context.close();
  });
});

describe('a staff page refuses bad tokens', () => {
  const refused: [string, () => Promise<string | undefined>][] = [
    ['missing', async () => undefined],
    ['forged', () => cookieFor(OFFICE, { wrongKey: true })],
    ['expired', () => cookieFor(OFFICE, { expired: true })],
    ['wrong-audience', () => cookieFor(OFFICE, { audience: 'someone-elses-aud' })],
    ['wrong-issuer', () => cookieFor(OFFICE, { issuer: 'https://evil.cloudflareaccess.com' })],
    ['malformed', async () => 'CF_Authorization=eyJhbGciOiJSUzI1NiJ9.e30.xyz'],
  ];
  for (const [what, cookie] of refused) {
    it(`answers a ${what} token with the 401 page, naming nobody`, async () => {
      const res = await page('/staff/account/', await cookie());
      expect(res.status).toBe(401);
      const html = await res.text();
      expect(html).toContain('请先通过单位的统一登录');
      expect(html).not.toContain('示例·区网格办值班员');
      expect(html).not.toContain(OFFICE);
    });
  }

  it('answers an unknown email with the 403 page', async () => {
    const res = await page('/staff/account/', await cookieFor('nobody@example.org'));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('不在工作人员名录中');
  });

  it('answers a signed-in member with the page, never cached', async () => {
    const res = await page('/staff/account/', await cookieFor(OFFICE));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a sign-in or sign-out post from another site', async () => {
    for (const path of ['/staff/sign-in/', '/staff/sign-out/']) {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' },
        body: `email=${encodeURIComponent(OFFICE)}`,
      });
      expect(res.status, path).toBe(403);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });

  it('does not sign in an email that is not in the directory', async () => {
    const res = await fetch(`${base}/staff/sign-in/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
      body: 'email=stranger%40example.org',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).toContain('请从下面的名单中选择');
  });
});

/** GET with a chosen Host header (fetch may not set one). */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    const req = httpRequest(url, { headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('the local sign-in page exists only locally', () => {
  it('is a 404 when the request names a host that is not loopback', async () => {
    const local = await getWithHost(`${base}/staff/sign-in/`, new URL(base).host);
    expect(local.status).toBe(200);
    const remote = await getWithHost(`${base}/staff/sign-in/`, 'envgrid.example.org');
    expect(remote.status).toBe(404);
    expect(remote.body).not.toContain('身份登录');
  });

  describe('on a Worker without ENVGRID_ENV=local and without Access settings', () => {
    let server: RunningServer;
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'envgrid-e2e-deployed-'));
      // startServer makes every run local unless told otherwise: an empty ENVGRID_ENV is what a deployment has.
      server = await startServer({ persistTo: dir, vars: { ENVGRID_ENV: '' } });
    }, 120_000);
    afterAll(async () => {
      await server?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('answers the sign-in page 404 even on loopback', async () => {
      const res = await fetch(`${server.url}/staff/sign-in/`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('身份登录');
    });

    it('fails closed: staff pages and the staff API answer 503, even to a test-key token', async () => {
      const cookie = await cookieFor(OFFICE);
      const pageRes = await fetch(`${server.url}/staff/account/`, { headers: { cookie } });
      expect(pageRes.status).toBe(503);
      expect(await pageRes.text()).toContain('尚未配置登录验证');
      const apiRes = await fetch(`${server.url}/api/staff/me`, { headers: { cookie } });
      expect(apiRes.status).toBe(503);
    });
  });
});
