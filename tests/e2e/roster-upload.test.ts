/**
 * The workbook upload page in Chromium against the built Worker and a real local D1, with
 * JavaScript off at 320 px: a workbook with a bad phone is refused naming sheet, row and
 * column; the good one shows its diff by town and village; confirming makes a proposal.
 * The workbooks are written by roster:export's code and edited as in Excel.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { checkPage, signInAs } from './staff-pages.ts';
import { personRow, uploadCases } from '../support/roster-workbooks.ts';

const base = inject('baseURL');
const TOWN = '以示例·街道办事处网格办身份登录';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let browser: Browser;
let cases: Awaited<ReturnType<typeof uploadCases>>;
beforeAll(async () => {
  browser = await launchBrowser();
  cases = await uploadCases();
});
afterAll(async () => {
  await browser?.close();
});

/** Clicks the one button named `name` and waits for the page it leads to (after any redirect). */
async function click(page: Page, name: string) {
  const target = page.getByRole('button', { name, exact: true });
  expect(await target.count(), `button 「${name}」`).toBe(1);
  const landed = page.waitForResponse(
    (r) => r.request().isNavigationRequest() && r.frame() === page.mainFrame() && r.status() !== 303,
  );
  await target.click();
  await landed;
  await page.waitForLoadState('load');
}

/** Budget for the walk (a sign-in, four pages, workbooks written by ExcelJS) on a busy machine. */
const BUDGET_MS = 240_000;
const STEP_MS = 60_000;

describe('roster workbook upload', { timeout: BUDGET_MS }, () => {
  it('without JavaScript at 320 px: an error named by sheet, row and column, then a diff to confirm', async () => {
    const ctx = await browser.newContext({ viewport: { width: 320, height: 640 }, javaScriptEnabled: false });
    const page = await ctx.newPage();
    page.setDefaultTimeout(STEP_MS);
    await signInAs(page, base, TOWN, '/staff/roster/upload/');
    expect(await page.locator('h1').innerText()).toBe('上传名册工作簿');
    await checkPage(page, false, 'upload page');

    await page.setInputFiles('#f-file', { name: '名册.xlsx', mimeType: XLSX, buffer: Buffer.from(cases.badPhone) });
    await click(page, '上传并核对改动');
    expect(await page.title()).toMatch(/^错误：/);
    const summary = await page.locator('.error-summary').innerText();
    expect(summary).toContain('未保存任何内容');
    expect(summary).toContain(`工作表「人员与角色」第 ${await personRow('冯秀兰')} 行「电话」列`);
    await checkPage(page, false, 'upload with an error');

    await page.setInputFiles('#f-file', { name: '名册.xlsx', mimeType: XLSX, buffer: Buffer.from(cases.replaced) });
    await click(page, '上传并核对改动');
    expect(await page.locator('h1').innerText()).toBe('确认：上传名册工作簿');
    expect(await page.locator('main h2').first().innerText()).toBe('街道办事处');
    const diff = await page.locator('ul.diff').innerText();
    expect(diff).toMatch(/东兴社区.*冯秀兰 → 马丽娜.*13800000099/);
    await checkPage(page, false, 'upload diff');

    await page.fill('#f-effective', '2026-12-01');
    await page.fill('#f-summary', '东兴社区网格监督员调整（上传工作簿，示例）');
    await click(page, '确认提交');
    expect(new URL(page.url()).pathname).toMatch(/^\/staff\/roster\/proposals\/[0-9a-f-]{36}\/$/);
    const main = await page.locator('main').innerText();
    expect(main).toContain('东兴社区网格监督员调整（上传工作簿，示例）');
    expect(main).toContain('冯秀兰 → 马丽娜');
    await checkPage(page, false, 'proposal from an upload');
    await ctx.close();
  });

  it('the upload page passes axe-core with scripts on', async () => {
    const ctx = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await ctx.newPage();
    page.setDefaultTimeout(STEP_MS);
    await signInAs(page, base, TOWN, '/staff/roster/upload/');
    await checkPage(page, true, 'upload page, scripts on');
    await ctx.close();
  });
});
