/**
 * The patrol page in Chromium against the built Worker and a real local D1 (issue 14): a
 * 分网格长 signs in on a 320 px phone screen and records a patrol without JavaScript (a finding
 * opens a case, with a photo; a mistake and a renamed PDF are shown with the values kept), and with JavaScript
 * records one while the phone is offline: it is kept on the phone, sent when back online, and
 * stored once even when sent again.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser } from './browser.ts';
import { taggedTinyJpeg } from '../support/photo-bytes.ts';

const base = inject('baseURL');
// Seeded by scripts/lib/staff-directory.ts from the sample roster: 街道办事处's first 二级分网格长.
const GRID = '以示例·夏春生（二级分网格长）身份登录';
const VILLAGE = 'xinyuan';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function signIn(page: Page) {
  await page.goto(`${base}/staff/sign-in/?next=${encodeURIComponent('/staff/patrols/')}`);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/staff/patrols/'),
    page.getByRole('button', { name: GRID }).click(),
  ]);
}

async function fitsPhone(page: Page, js: boolean, state: string) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${state}: sideways scroll at 320 px`).toBeLessThanOrEqual(0);
  if (js) {
    const v = await axeViolations(page);
    expect(v, `${state}: ${JSON.stringify(v, null, 2)}`).toEqual([]);
  }
}

/** The member's own patrols whose note carries `mark`, read through the API with the page's sign-in. */
async function patrolsMarked(page: Page, mark: string): Promise<number> {
  return page.evaluate(async (m) => {
    const res = await fetch('/api/staff/patrols');
    const json = (await res.json()) as { patrols: { note: string | null }[] };
    return json.patrols.filter((p) => p.note?.includes(m)).length;
  }, mark);
}

describe('the patrol page', () => {
  it('records a patrol without JavaScript: a mistake shown in place, then a finding opened as a case', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } });
    const page = await ctx.newPage();
    await signIn(page);
    await fitsPhone(page, false, 'patrol form');
    await page.selectOption('#f-villageId', VILLAGE);
    await page.check('#f-checked'); // the first of 八查: 工地
    await page.selectOption('#f-findings-0-category', 'dust');
    await page.selectOption('#f-findings-0-placeType', 'construction_site');
    await page.fill('#f-findings-0-description', '裸土未盖');
    await page.check('#f-findings-0-outcome-case');
    // A PDF renamed to .jpg is refused by its content, naming the photo.
    await page.setInputFiles('#f-photos', {
      name: 'scene.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n'),
    });
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '保存巡查记录' }).click()]);
    expect(await page.title()).toContain('错误');
    const problems = await page.locator('.error-summary').innerText();
    expect(problems).toContain('第 1 个问题');
    expect(problems).toContain('第 1 张照片');
    expect(await page.inputValue('#f-findings-0-description')).toBe('裸土未盖');
    expect(await page.isChecked('#f-checked')).toBe(true);

    await page.fill('#f-findings-0-description', '示例：工地裸土没有苫盖，出场车辆未冲洗，扬尘明显。');
    await page.setInputFiles('#f-photos', {
      name: 'scene.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from(taggedTinyJpeg()),
    });
    await Promise.all([page.waitForURL(/saved=new/), page.getByRole('button', { name: '保存巡查记录' }).click()]);
    const saved = await page.locator('#patrol-saved').innerText();
    expect(saved).toContain('巡查记录已保存');
    expect(saved).toMatch(/已转为案件.*[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/s);
    await fitsPhone(page, false, 'after saving');
    await ctx.close();
  });

  it('keeps a patrol filled offline on the phone and sends it once when back online', async () => {
    const mark = `离线${Date.now().toString(36)}`;
    const ctx = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await ctx.newPage();
    await signIn(page);
    await fitsPhone(page, true, 'patrol form with JavaScript');

    await ctx.setOffline(true);
    await page.selectOption('#f-villageId', VILLAGE);
    await page.check('#f-checked');
    await page.fill('#f-note', `示例巡查 ${mark}`);
    await page.getByRole('button', { name: '保存巡查记录' }).click();
    const outbox = page.locator('#patrol-outbox');
    await expect.poll(() => outbox.getAttribute('data-pending'), { timeout: 20_000 }).toBe('1');
    expect(await outbox.innerText()).toContain('保存在这部手机上');
    const kept = await page.evaluate(() => localStorage.getItem('envgrid.patrols.outbox'));
    const pending = JSON.parse(kept!) as { key: string; body: Record<string, unknown> }[];
    expect(pending).toHaveLength(1);
    // The form is ready for the next patrol under a new key.
    expect(await page.inputValue('[data-idempotency-key]')).not.toBe(pending[0]!.key);

    await ctx.setOffline(false);
    await expect.poll(() => outbox.getAttribute('data-pending'), { timeout: 30_000 }).toBe('0');
    expect(await page.evaluate(() => localStorage.getItem('envgrid.patrols.outbox'))).toBe('[]');
    expect(await patrolsMarked(page, mark)).toBe(1);

    // The same patrol arriving again (a retry whose answer was lost) is not stored again.
    const again = await page.evaluate(async (body) => {
      const res = await fetch('/api/staff/patrols', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as { created: boolean } };
    }, pending[0]!.body);
    expect(again).toMatchObject({ status: 200, json: { created: false } });
    expect(await patrolsMarked(page, mark)).toBe(1);
    await ctx.close();
  });
});
