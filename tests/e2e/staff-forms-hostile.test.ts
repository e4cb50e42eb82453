/**
 * Staff form pages read only forms: a signed-in office member's browser session posting a JSON body,
 * an oversized form or a broken multipart body to a staff page gets a plain refusal (415/413/400),
 * never a page handler running on an unread or unbounded body — and no case is opened.
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';

const base = inject('baseURL');
const OFFICE = '以示例·区网格办值班员身份登录';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

it('refuses bodies that are not forms, too long or broken on a staff form page, and opens no case', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/staff/sign-in/?next=${encodeURIComponent('/staff/cases/new/')}`);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/staff/cases/new/'),
    page.getByRole('button', { name: OFFICE }).click(),
  ]);
  // The office's queue: the case links it lists (the page's clocks may move on between two reads).
  const queue = async () =>
    ((await (await page.request.get(`${base}/staff/`)).text()).match(/href="\/staff\/cases\/[^"]+"/g) ?? []).sort();
  const before = await queue();
  const post = (contentType: string, data: string | Buffer) =>
    page.request.post(`${base}/staff/cases/new/`, {
      headers: { 'content-type': contentType, origin: base, 'sec-fetch-site': 'same-origin' },
      data,
      maxRedirects: 0,
    });
  const description = '示例：投诉内容'.repeat(4);
  const json = await post('application/json', JSON.stringify({ townId: 'jiedao', description }));
  expect(json.status()).toBe(415);
  expect(await json.text()).toContain('表单');
  const long = await post('application/x-www-form-urlencoded', `description=${'a'.repeat(200 * 1024)}`);
  expect(long.status()).toBe(413);
  const broken = await post(
    'multipart/form-data; boundary=xyz',
    '--xyz\r\nContent-Disposition: form-data\r\n\r\nno end',
  );
  expect(broken.status()).toBe(400);
  // The staff session itself still works, and the queue is as it was.
  expect(await queue()).toEqual(before);
  await context.close();
});
