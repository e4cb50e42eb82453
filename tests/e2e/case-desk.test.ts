/**
 * The case desk in Chromium against the built Worker and a real local D1:
 * the office signs in on the local sign-in page and assigns a citizen's
 * complaint (fixing a mistake on the way), the town signs in, accepts and
 * feeds back, and the citizen's status page shows each step — with
 * JavaScript on and off, on a 320 px wide screen, axe-core on each page.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signInAs } from './browser.ts';
import { checkPage } from './staff-pages.ts';

const base = inject('baseURL');
const OFFICE = '以示例·区网格办值班员身份登录';
const TOWN = '以示例·街道办事处网格办身份登录';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A citizen's complaint in 街道办事处 (jiedao), filed through the public API; its grouped code. */
async function fileComplaint(): Promise<string> {
  const res = await fetch(`${base}/api/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      category: 'dust',
      placeType: 'construction_site',
      townId: 'jiedao',
      description: '示例：工地裸土没有苫盖，刮风时扬尘很大。',
      anonymous: false,
      contactName: '示例张先生',
      contactPhone: '13800000000',
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { trackingCode: string }).trackingCode;
}

/** Submits one action form on the case page and waits for the next page. */
async function submit(page: Page, action: string) {
  await Promise.all([page.waitForLoadState('load'), page.locator(`#form-${action} button[type=submit]`).click()]);
  await page.waitForLoadState('load');
}

describe('the case loop in the console', () => {
  for (const js of [true, false]) {
    it(`office assigns, town accepts and feeds back, the citizen sees each step (JavaScript ${js ? 'on' : 'off'})`, async () => {
      const code = await fileComplaint();
      const rectifyBy = new Date(Date.now() + 8 * 3600_000 + 7 * 86_400_000).toISOString().slice(0, 10);
      const ctx = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 320, height: 640 } });
      const page = await ctx.newPage();

      // The office: the queue lists the new case; its page offers assignment.
      await signInAs(page, base, OFFICE, '/staff/');
      await checkPage(page, js, 'office queue');
      await page.fill('#f-q-q', code.toLowerCase());
      await Promise.all([page.waitForURL(/\/staff\/\?/), page.getByRole('button', { name: '筛选' }).click()]);
      await Promise.all([page.waitForURL(/\/staff\/cases\//), page.getByRole('link', { name: code }).click()]);
      expect(await page.locator('h1').innerText()).toBe(`案件 ${code}`);
      expect(await page.locator('.facts').innerText()).toContain('示例张先生 13800000000');
      await checkPage(page, js, 'case page, office');

      // A first try without a lead: the form comes back with an error summary and the values kept.
      await page.fill('#f-assign-rectifyBy', rectifyBy);
      await submit(page, 'assign');
      expect(await page.title()).toMatch(/^错误：案件/);
      const summary = page.locator('[data-error-summary]');
      expect(await summary.innerText()).toContain('牵头承办单位：请选择牵头承办单位');
      expect(await summary.locator('a').first().getAttribute('href')).toBe('#f-assign-lead');
      expect(await page.inputValue('#f-assign-rectifyBy')).toBe(rectifyBy);
      expect(await page.getAttribute('#f-assign-lead', 'aria-invalid')).toBe('true');
      await checkPage(page, js, 'assign form with errors');

      await page.selectOption('#f-assign-lead', 'town:jiedao');
      await page.fill('#f-assign-publicNote', '示例：已安排属地街道检查');
      await submit(page, 'assign');
      expect(await page.locator('[role=status]').first().innerText()).toContain('已交办');
      expect(await page.locator('.facts').innerText()).toContain('待签收');

      // The town: accepts, then feeds back; it does not see the complainant's contact.
      await signInAs(page, base, TOWN, '/staff/');
      expect(await page.locator('.cases').innerText()).toContain(code);
      await page.goto(`${base}/staff/cases/${code}/`);
      expect(await page.locator('.facts').innerText()).not.toContain('13800000000');
      await checkPage(page, js, 'case page, town');
      await submit(page, 'accept');
      expect(await page.locator('.facts').innerText()).toContain('办理中');
      await page.fill('#f-feedback-internalNote', '示例内部记录：已约谈施工方');
      await page.fill('#f-feedback-publicNote', '示例：裸土已全部苫盖');
      await submit(page, 'feedback');
      expect(await page.locator('.facts').innerText()).toContain('待复核');
      await ctx.close();

      // The citizen (not signed in) sees each public step and no internal note.
      const citizen = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 320, height: 640 } });
      const tab = await citizen.newPage();
      await tab.goto(`${base}/complaint/status/?code=${code}`);
      const status = await tab.locator('.complaint-status').innerText();
      for (const step of [
        '已收到',
        '已交办',
        '承办单位：街道办事处',
        '示例：已安排属地街道检查',
        '已签收',
        '已反馈处理结果',
        '示例：裸土已全部苫盖',
      ])
        expect(status).toContain(step);
      expect(status).not.toContain('约谈施工方');
      expect(await tab.locator('.complaint-status strong').first().innerText()).toBe('已反馈处理结果');
      await citizen.close();
    });
  }

  it('lets the office open a case from a patrol, showing mistakes first (JavaScript off); a town may not', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } });
    const page = await ctx.newPage();
    await signInAs(page, base, OFFICE, '/staff/cases/new/');
    await page.selectOption('#f-new-source', 'patrol');
    await page.fill('#f-new-description', '太短');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '登记' }).click()]);
    expect(await page.title()).toMatch(/^错误：登记案件/);
    const summary = await page.locator('[data-error-summary]').innerText();
    expect(summary).toContain('问题类型');
    expect(await page.inputValue('#f-new-source')).toBe('patrol');
    await checkPage(page, false, 'new case with errors');

    await page.selectOption('#f-new-category', 'straw_burning');
    await page.selectOption('#f-new-placeType', 'residential');
    await page.selectOption('#f-new-townId', 'jiedao');
    await page.fill('#f-new-description', '示例：巡查发现村东地头焚烧秸秆，已现场制止。');
    await page.check('#f-new-anonymous');
    await Promise.all([page.waitForURL(/\/staff\/cases\/\w{4}-/), page.getByRole('button', { name: '登记' }).click()]);
    expect(await page.locator('.facts').innerText()).toContain('网格巡查');
    expect(await page.locator('.ledger').last().innerText()).toContain('登记');

    await signInAs(page, base, TOWN, '/staff/');
    expect((await page.goto(`${base}/staff/cases/new/`))?.status()).toBe(403);
    await ctx.close();
  });
});
