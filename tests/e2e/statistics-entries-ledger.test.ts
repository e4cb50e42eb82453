/**
 * The office's entry corrections and the ledger download in Chromium against the built Worker,
 * without JavaScript at 320 px: an entry is corrected with a reason (a missing reason is named
 * in the error summary), the list shows the new version and the history both; a viewer's
 * correction link is 403; a town downloads its own ledgers, which the project's spreadsheet
 * reader reads back with the case just filed.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { checkPage, signInAs } from './staff-pages.ts';
import { readSheets, type ImportIssue } from '../../domain/roster/workbook/read.ts';
import { readXlsx } from '../../domain/roster/workbook/xlsx.ts';
import { ledgerSheets } from '../../functions/statistics/ledger-sheets.ts';
import { statisticsSetup } from '../../scripts/lib/statistics-cli.ts';

const base = inject('baseURL');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('entries and ledgers in the console', { timeout: 180_000 }, () => {
  it('corrects an entry without JavaScript at 320 px, keeping both versions', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } });
    const page = await ctx.newPage();
    await signInAs(page, base, '以示例·区网格办值班员身份登录', '/staff/entries/');
    const problem = `示例·更正测试 ${Date.now()}`;
    const form = page.locator('form:has(input[name=form][value=entry])');
    await form.getByLabel('季度').fill('2025Q3');
    await form.getByLabel('单位').selectOption('town:jiedao');
    await form.getByLabel('类别').selectOption('penalty');
    await form.getByLabel('问题').fill(problem);
    await form.getByLabel('扣分（一次性扣分时选）').selectOption('60');
    await form.getByLabel('证据').fill('示例证据');
    await Promise.all([page.waitForURL(/quarter=2025Q3/), form.getByRole('button').click()]);
    const item = page.locator('li', { hasText: problem }).first();
    await Promise.all([page.waitForURL(/correct=entry:/), item.getByRole('link', { name: '更正' }).click()]);
    expect(await page.locator('h1').innerText()).toMatch(/^更正记录 \d+$/);
    await checkPage(page, false, 'correction form');
    await page.getByLabel('扣分（一次性扣分时选）').selectOption('10');
    await page.getByRole('button', { name: /提交更正/ }).click();
    expect(await page.locator('.error-summary, [role=alert]').first().innerText()).toContain('请填写更正原因');
    expect(await page.title()).toMatch(/^错误：/);
    await page.getByLabel('更正原因').fill('级别录错');
    await Promise.all([page.waitForURL(/quarter=2025Q3/), page.getByRole('button', { name: /提交更正/ }).click()]);
    const lists = await page.locator('main').innerText();
    expect(lists).toContain(`10 分，${problem}`);
    expect(lists).not.toMatch(new RegExp(`\\] [^\\n]*60 分，${problem}`));
    expect(lists).toMatch(/已被记录 \d+ 更正，不再计入/);
    expect(lists).toContain('原因：级别录错');
    await checkPage(page, false, 'entries with history');
    await ctx.close();
  });

  it('refuses a correction link to a viewer with 403', async () => {
    const ctx = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await ctx.newPage();
    await signInAs(page, base, '以示例·区领导（只读）身份登录', '/staff/entries/');
    const res = await page.goto(`${base}/staff/entries/?correct=entry:1`);
    expect(res?.status()).toBe(403);
    expect(await page.getByRole('alert').first().innerText()).toContain('只有区网格办可以录入或更正记录');
    await ctx.close();
  });

  it('lets a town download its own ledgers from /staff/, read back by the project’s reader', async () => {
    const filed = await fetch(`${base}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        category: 'garbage',
        placeType: 'river',
        townId: 'laozhuangzi',
        description: '示例：台账下载测试用投诉。',
        anonymous: true,
      }),
    });
    expect(filed.status).toBe(201);
    const { trackingCode } = (await filed.json()) as { trackingCode: string };
    const ctx = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 320, height: 640 },
      acceptDownloads: true,
    });
    const page = await ctx.newPage();
    const { index, names } = await statisticsSetup('content');
    const town = index.town('laozhuangzi')!;
    await signInAs(page, base, `以示例·${town.name}网格办身份登录`, '/staff/');
    await checkPage(page, false, 'queue with the ledger form');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载六本台账（Excel）' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^ledgers-\d{4}Q[1-4]-laozhuangzi\.xlsx$/);
    const wb = await readXlsx(await readFile((await download.path())!));
    const issues: ImportIssue[] = [];
    const sheets = readSheets(wb, issues, ledgerSheets(names));
    expect(issues).toEqual([]);
    expect(sheets.problems.map((s) => s.values.code)).toContain(trackingCode.replace(/-/g, ''));
    expect(sheets.problems.every((s) => s.values.townId === 'laozhuangzi')).toBe(true);
    // Another town's ledgers: 403 with the reason.
    const other = await page.goto(`${base}/staff/ledger/?town=jiedao`);
    expect(other?.status()).toBe(403);
    expect(await page.locator('main').innerText()).toContain('只能下载本镇（办事处）的台账');
    await ctx.close();
  });
});
