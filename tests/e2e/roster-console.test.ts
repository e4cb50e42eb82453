/**
 * The roster console in Chromium against the built Worker and a real local D1: a town member
 * replaces a village supervisor (a wrong phone first, shown on its field), sees the diff in
 * words, submits; the office approves; the proposal is `approved` in D1 with the right file
 * and change record. 320 px wide, axe-core on each page.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { checkPage as check, clickButton as click, follow, signInAs as signInAt } from './staff-pages.ts';
import { staffHeaders } from '../support/staff-tokens.ts';

const base = inject('baseURL');
const OFFICE = '以示例·区网格办值班员身份登录';
const TOWN = '以示例·街道办事处网格办身份登录';
const signInAs = (page: Page, button: string, next: string) => signInAt(page, base, button, next);
/** Every console page here runs with JavaScript on, so axe-core checks each. */
const checkPage = (page: Page, state: string) => check(page, true, state);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Budget for the whole walk (two sign-ins, seven pages, an axe-core run on each) on a busy machine. */
const BUDGET_MS = 300_000;
/** Per wait: a step that hangs fails here, naming the line, well before the test's budget. */
const STEP_MS = 60_000;

describe('roster console', { timeout: BUDGET_MS }, () => {
  it('town replaces a village supervisor, office approves; approved in D1 with the file and change record', async () => {
    const ctx = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await ctx.newPage();
    page.setDefaultTimeout(STEP_MS);
    await signInAs(page, TOWN, '/staff/roster/');
    await checkPage(page, 'roster page');
    // The person's own 更换 link (its hidden text names the village, list and person for screen readers).
    const replace = page.locator(
      `a[href="/staff/roster/edit/replace-person/?target=${encodeURIComponent('villages/dongxing/supervisors/0')}"]`,
    );
    expect(await replace.textContent()).toBe('更换东兴社区网格监督员冯秀兰');
    await follow(page, () => replace.click());
    expect(await page.locator('h1').innerText()).toBe('更换人员：东兴社区');
    expect(await page.inputValue('#f-name')).toBe('冯秀兰');
    await checkPage(page, 'edit form');

    // A wrong phone comes back on its field, the values kept.
    await page.fill('#f-name', '马丽娜');
    await page.fill('#f-phone', '1380000');
    await page.fill('#f-effective', '2026-12-01');
    await page.fill('#f-summary', '东兴社区专职网格监督员调整（示例）');
    await click(page, '下一步：核对修改');
    expect(await page.title()).toMatch(/^错误：/);
    expect(await page.locator('.error-summary, [role=alert]').first().innerText()).toContain('电话');
    expect(await page.inputValue('#f-name')).toBe('马丽娜');
    await checkPage(page, 'edit form with an error');

    await page.fill('#f-phone', '13800000099');
    await click(page, '下一步：核对修改');
    expect(await page.locator('main').innerText()).toContain(
      '东兴社区 网格监督员：冯秀兰 → 马丽娜，电话 13800000015 → 13800000099',
    );
    await checkPage(page, 'confirmation');
    await click(page, '确认提交');
    expect(new URL(page.url()).pathname).toMatch(/^\/staff\/roster\/proposals\/[0-9a-f-]{36}\/$/);
    const id = new URL(page.url()).pathname.split('/')[4]!;
    expect(await page.locator('[data-state]').innerText()).toBe('待审批');
    await checkPage(page, 'proposal (town)');
    await ctx.close();

    const office = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const op = await office.newPage();
    op.setDefaultTimeout(STEP_MS);
    await signInAs(op, OFFICE, `/staff/roster/proposals/${id}/`);
    expect(await op.locator('main').innerText()).toContain('冯秀兰 → 马丽娜');
    await checkPage(op, 'proposal (office)');
    await click(op, '批准');
    expect(await op.locator('[data-state]').innerText()).toBe('已批准，等待发布');
    expect(await op.locator('.ledger').innerText()).toMatch(
      /提出修改[\s\S]*town-jiedao@example\.org[\s\S]*批准[\s\S]*office@example\.org/,
    );
    await office.close();

    // What D1 holds, read through the Worker's API as the office.
    const res = await fetch(`${base}/api/staff/roster/proposals/${id}`, {
      headers: await staffHeaders('office@example.org'),
    });
    expect(res.status).toBe(200);
    const { proposal } = (await res.json()) as {
      proposal: {
        state: string;
        files: { path: string; content: string; base: string }[];
        change: Record<string, unknown>;
      };
    };
    expect(proposal.state).toBe('approved');
    expect(proposal.files.map((f) => f.path)).toEqual(['villages/dongxing.yaml']);
    expect(proposal.files[0]!.content).toContain(
      "{ name: 马丽娜, role: 网格监督员, phone: '13800000099', fullTime: true }",
    );
    expect(proposal.files[0]!.base).toMatch(/^[0-9a-f]{64}$/);
    expect(proposal.change).toMatchObject({
      effective: '2026-12-01',
      scope: ['villages/dongxing'],
      summary: '东兴社区专职网格监督员调整（示例）',
    });
  });

  it('is open for the sample roster: the API answers and the closed-console page does not exist', async () => {
    // Past 5,000 villages (domain/roster/runtime.ts) both answer 503 with the reason; the sample has 24.
    const api = await fetch(`${base}/api/staff/roster/proposals`, {
      headers: await staffHeaders('office@example.org'),
    });
    expect(api.status).toBe(200);
    expect((await fetch(`${base}/staff-denied/roster-closed/`)).status).toBe(404);
  });
});
