/**
 * Filing a complaint in Chromium against the built Worker and a real local D1:
 * with JavaScript on and off, fixing a validation error on the way, then
 * looking the complaint up by its code; axe-core on every page state.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchBrowser } from './browser.ts';
import { loadRoster } from '../../domain/roster/fs.ts';
import { indexRoster, type RosterIndex } from '../../domain/roster/query.ts';
import { CODE_ALPHABET } from '../../domain/tracking-code.ts';

const base = inject('baseURL');
const CODE = new RegExp(`^[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{4}$`);

let browser: Browser;
let roster: RosterIndex;

beforeAll(async () => {
  browser = await launchBrowser();
  roster = indexRoster(await loadRoster('./content'));
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Runs axe-core on the page as it is now. axe needs JavaScript, so for a page
 * loaded with JavaScript off the same HTML is checked in a page that may run
 * axe but none of the site's own scripts.
 */
async function expectNoAxeViolations(page: Page, state: string, jsOff = false) {
  let target = page;
  let scratch: BrowserContext | undefined;
  if (jsOff) {
    const html = await page.content();
    scratch = await browser.newContext();
    await scratch.route('**/*.js', (r) => r.abort());
    target = await scratch.newPage();
    await target.setContent(html);
  }
  const v = await axeViolations(target);
  await scratch?.close();
  expect(v, `${state}: ${JSON.stringify(v, null, 2)}`).toEqual([]);
}

/** The messages in the error summary, in order. */
async function summaryMessages(page: Page): Promise<string[]> {
  return page.locator('[data-error-summary] li').allInnerTexts();
}

/** What the API answers (JSON) for the values the form holds now. */
async function apiMessages(page: Page): Promise<string[]> {
  const values = await page.evaluate(() => {
    const form = document.querySelector<HTMLFormElement>('form[data-complaint-form]')!;
    const out: Record<string, string> = {};
    for (const [k, v] of new FormData(form)) if (typeof v === 'string') out[k] = v;
    return out;
  });
  const res = await fetch(`${base}/api/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(values),
  });
  expect(res.status).toBe(400);
  return ((await res.json()) as { errors: { message: string }[] }).errors.map((e) => e.message);
}

/** Looks a code up on /complaint/status/ the way a citizen would, typing it in lower case without dashes. */
async function lookUp(page: Page, code: string) {
  await page.goto(`${base}/complaint/status/`);
  await page.fill('#f-code', code.replaceAll('-', '').toLowerCase());
  await Promise.all([page.waitForURL(/\/complaint\/status\/\?code=/), page.click('form.lookup button')]);
  await expect.poll(() => page.locator('#status-title').innerText()).toContain(code);
}

describe('complaint form with JavaScript', () => {
  it('shows the server messages before sending, files the complaint and finds it by code', async () => {
    const town = roster.roster.towns[1]!;
    const villages = roster.villagesOf(town.id);
    const village = villages[0]!;
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(r.url());
    });

    await page.goto(`${base}/complaint/?town=${town.id}&village=${village.id}`);
    expect(await page.title()).toMatch(/^投诉举报/);
    await expectNoAxeViolations(page, 'empty form');
    expect(await page.inputValue('#f-townId')).toBe(town.id);
    expect(await page.inputValue('#f-villageId')).toBe(village.id);
    // Only this town's villages (plus "不清楚") are offered.
    expect(await page.locator('#f-villageId option').count()).toBe(villages.length + 1);
    await page.selectOption('#f-townId', roster.roster.towns[0]!.id);
    expect(await page.inputValue('#f-villageId')).toBe('');
    await page.selectOption('#f-townId', town.id);
    await page.selectOption('#f-villageId', village.id);

    // A first try with mistakes: nothing is sent, the same messages as the API appear.
    await page.check('#f-category');
    await page.fill('#f-description', '有灰');
    await page.check('#f-anonymous');
    await page.fill('#f-contactPhone', '12345');
    await page.click('#f-submit');
    await page.waitForSelector('[data-error-summary]');
    expect(posts).toEqual([]);
    expect(page.url()).toBe(`${base}/complaint/?town=${town.id}&village=${village.id}`);
    expect(await page.title()).toMatch(/^错误：投诉举报/);
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary'))).toBe(true);
    const shown = await summaryMessages(page);
    expect(shown).toEqual(await apiMessages(page));
    expect(shown.join('\n')).toMatch(/请选择「地点类型」/);
    expect(await page.getAttribute('#f-contactPhone', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#f-contactPhone', 'aria-describedby')).toContain('f-contactPhone-error');
    expect(await page.locator('#f-contactPhone-error').innerText()).toContain('「联系电话」格式不对');
    await expectNoAxeViolations(page, 'form with errors shown by the browser');

    // The summary links lead to the fields.
    await page.click('[data-error-summary] a[href="#f-description"]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-description');

    // Fix everything and send.
    await page.check('#f-placeType-street');
    await page.fill('#f-description', '路边工地的土堆没有苫盖，车一过尘土飞扬，已经好几天了。');
    await page.fill('#f-contactName', '李女士');
    await page.fill('#f-contactPhone', '0315-5776118');
    await Promise.all([page.waitForURL(/\/complaint\/submitted\/\?code=/), page.click('#f-submit')]);
    expect(posts).toEqual([`${base}/complaint/`]);
    const code = (await page.locator('.confirmation .tracking-code').innerText()).trim();
    expect(code).toMatch(CODE);
    const confirmation = await page.content();
    for (const secret of ['李女士', '0315-5776118', '尘土飞扬']) expect(confirmation).not.toContain(secret);
    await expectNoAxeViolations(page, 'confirmation');

    await lookUp(page, code);
    const status = await page.locator('.complaint-status').innerText();
    expect(status).toContain('已收到');
    expect(status).toContain(`${town.name} ${village.name}`);
    expect(status).toContain('建议承办部门');
    expect(await page.content()).not.toContain('尘土飞扬');
    await expectNoAxeViolations(page, 'status');
    await ctx.close();
  }, 180_000); // several page loads and axe-core passes: about 30 s idle, twice that beside other builds

  it('files one complaint however often the same form is sent', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${base}/complaint/`);
    expect(await page.inputValue('input[name="idempotencyKey"]')).toMatch(/^[0-9a-f-]{36}$/);
    await page.check('#f-category-garbage');
    await page.check('#f-placeType-river');
    await page.selectOption('#f-townId', roster.roster.towns[0]!.id);
    await page.fill('#f-description', '河道边有人倒建筑垃圾，堆了一大片。');
    await page.check('#f-anonymous-true');
    expect(await page.isVisible('#f-contactName')).toBe(false);
    // A flaky connection: the same form data arrives twice at once, then the citizen presses the button.
    const answers = await page.evaluate(async () => {
      const form = document.querySelector<HTMLFormElement>('form[data-complaint-form]')!;
      const send = () =>
        fetch('/api/complaints', {
          method: 'POST',
          headers: { accept: 'application/json' },
          body: new URLSearchParams(new FormData(form) as unknown as Record<string, string>),
        }).then(async (r) => ({ status: r.status, code: ((await r.json()) as { trackingCode: string }).trackingCode }));
      return Promise.all([send(), send()]);
    });
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    expect(answers[0]!.code).toBe(answers[1]!.code);
    await Promise.all([page.waitForURL(/\/complaint\/submitted\//), page.click('#f-submit')]);
    expect(page.url()).toBe(`${base}/complaint/submitted/?code=${answers[0]!.code}`);
    await ctx.close();
  });
});

describe('complaint form without JavaScript', () => {
  it('re-shows the form with errors and values, then files the complaint and finds it by code', async () => {
    const town = roster.roster.towns[2]!;
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 800 } });
    const page = await ctx.newPage();
    await page.goto(`${base}/complaint/`);
    await expectNoAxeViolations(page, 'empty form (no JS)', true);
    // Without the script every town's villages stay listed, grouped by town.
    expect(await page.locator('#f-villageId optgroup').count()).toBe(roster.roster.towns.length);
    const key = await page.inputValue('input[name="idempotencyKey"]');

    const description = '饭店后厨的油烟直接排到居民楼，晚上"<b>呛人</b>"，窗户都不敢开。';
    await page.check('#f-category-cooking_fumes');
    await page.check('#f-placeType-restaurant');
    await page.selectOption('#f-townId', town.id);
    await page.fill('#f-description', description);
    await page.fill('#f-observedAt', '2026-01-10T19:30');
    await page.check('#f-anonymous');
    await page.fill('#f-contactName', '赵先生');
    await page.fill('#f-contactPhone', '1381234');
    const [response] = await Promise.all([
      page.waitForEvent('response', (r) => r.request().method() === 'POST'),
      page.click('#f-submit'),
    ]);
    expect(response.status()).toBe(400);
    // The form posts to its own page: the error page's address is the form's, not the API's.
    expect(response.url()).toBe(`${base}/complaint/`);
    expect(page.url()).toBe(`${base}/complaint/`);
    expect(await page.title()).toMatch(/^错误：投诉举报/);
    expect(await summaryMessages(page)).toEqual([expect.stringContaining('「联系电话」格式不对')]);
    expect(await page.getAttribute('[data-error-summary] a', 'href')).toBe('#f-contactPhone');
    expect(await page.locator('#f-contactPhone-error').innerText()).toContain('「联系电话」格式不对');
    expect(await page.getAttribute('#f-contactPhone', 'aria-describedby')).toBe(
      'f-contactPhone-hint f-contactPhone-error',
    );
    // Values kept, user text shown as text (escaped), same submission key.
    expect(await page.inputValue('#f-description')).toBe(description);
    expect(await page.locator('b').count()).toBe(0);
    expect(await page.inputValue('#f-contactName')).toBe('赵先生');
    expect(await page.inputValue('#f-contactPhone')).toBe('1381234');
    expect(await page.inputValue('#f-observedAt')).toBe('2026-01-10T19:30');
    expect(await page.inputValue('#f-townId')).toBe(town.id);
    expect(await page.isChecked('#f-category-cooking_fumes')).toBe(true);
    expect(await page.inputValue('input[name="idempotencyKey"]')).toBe(key);
    await expectNoAxeViolations(page, 'form with errors from the server (no JS)', true);

    await page.fill('#f-contactPhone', '13812345678');
    await Promise.all([page.waitForURL(/\/complaint\/submitted\/\?code=/), page.click('#f-submit')]);
    const code = (await page.locator('.confirmation .tracking-code').innerText()).trim();
    expect(code).toMatch(CODE);
    await expectNoAxeViolations(page, 'confirmation (no JS)', true);

    await lookUp(page, code);
    const status = await page.locator('.complaint-status').innerText();
    expect(status).toContain('餐饮油烟');
    expect(status).toContain('餐饮单位');
    const html = await page.content();
    for (const secret of ['赵先生', '13812345678', '呛人']) expect(html).not.toContain(secret);
    await expectNoAxeViolations(page, 'status (no JS)', true);

    // A mistyped code: an error summary and a 404, not a crash.
    const wrong = code.slice(0, -1) + (code.endsWith('Z') ? 'Y' : 'Z');
    const miss = await page.goto(`${base}/complaint/status/?code=${wrong}`);
    expect(miss?.status()).toBe(404);
    expect(await page.title()).toMatch(/^错误：查询办理进度/);
    await expectNoAxeViolations(page, 'status lookup error (no JS)', true);
    await ctx.close();
  }, 180_000); // several page loads and axe-core passes: about 30 s idle, twice that beside other builds

  it('shows no code for a code that was never stored', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    const res = await page.goto(`${base}/complaint/submitted/?code=ABCD-EFGH-JKMN`);
    expect(res?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('没有找到这个投诉');
    expect(await page.content()).not.toContain('ABCD-EFGH-JKMN');
    await ctx.close();
  });
});
