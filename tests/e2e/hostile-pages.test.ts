/**
 * Hostile text reflected by the real pages (built Worker, wrangler dev, local
 * D1): the complaint form re-shown with errors (through the API's form path
 * and by posting to the page directly), the status and confirmation pages
 * with a typed code, and the form's preselect parameters. Every place user
 * text comes back must be escaped; in Chromium, no injected script runs.
 *
 * Each hostile value is wrapped in unique markers, so the test finds exactly
 * where it was reflected and checks that stretch for its context (see
 * expectEscaped).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadRoster } from '../../domain/roster/fs.ts';
import { hostileText, XSS } from '../support/hostile.ts';
import { launchBrowser } from './browser.ts';

const base = inject('baseURL');
let townId = '';
let villageId = '';
let browser: Browser;
/** A page with JavaScript off, used only to parse responses the way a browser does. */
let checker: Page;
let seq = 0;

beforeAll(async () => {
  const roster = await loadRoster('./content');
  townId = roster.towns[0]!.id;
  villageId = roster.villages.find((v) => v.town === townId)!.id;
  browser = await launchBrowser();
  checker = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  // Parse only: no request from a parsed document may leave (images, styles of injected markup).
  await checker.route('**/*', (r) => r.abort());
});
afterAll(async () => {
  await browser?.close();
});

/** `text` between two unique markers, and the marker id. */
function marked(text: string): { id: string; value: string } {
  seq += 1;
  const id = `QZX${seq}X`;
  return { id, value: `${id}A${text}${id}Z` };
}

/** What the HTML parser makes of a reflected value: CR LF and CR become LF, NUL and lone surrogates U+FFFD. */
const asParsed = (v: string) => v.toWellFormed().replace(/\r\n?/g, '\n').replace(/\0/g, '\ufffd');

/**
 * Parses `html` in Chromium (JavaScript off) and finds every place a marked
 * value landed: text, attribute values, attribute or element names, comments.
 * Escaped correctly, each value is whole — markers and everything between —
 * in one text node or one `value` attribute, equal to what was sent, and
 * never inside a script or style element. Returns how many places each value was found in.
 */
async function expectEscaped(
  html: string,
  marks: { id: string; value: string }[],
  what: string,
): Promise<Record<string, number>> {
  await checker.setContent(html);
  const found = await checker.evaluate(
    (ids) => {
      const out: { id: string; where: string; text: string }[] = [];
      const visit = (n: Node) => {
        if (n instanceof Element) {
          for (const id of ids)
            if (n.tagName.includes(id.toUpperCase())) out.push({ id, where: 'element name', text: n.tagName });
          for (const a of n.attributes)
            for (const id of ids) {
              if (a.name.includes(id.toLowerCase())) out.push({ id, where: 'attribute name', text: a.name });
              if (a.value.includes(id))
                out.push({ id, where: `attribute ${a.name} of <${n.tagName.toLowerCase()}>`, text: a.value });
            }
        } else if (n.nodeType === Node.TEXT_NODE || n.nodeType === Node.COMMENT_NODE) {
          const parent = n.parentElement?.tagName.toLowerCase() ?? '';
          const kind = n.nodeType === Node.COMMENT_NODE ? 'comment' : `text in <${parent}>`;
          for (const id of ids)
            if ((n as CharacterData).data.includes(id)) out.push({ id, where: kind, text: (n as CharacterData).data });
        }
        n.childNodes.forEach(visit);
      };
      visit(document);
      return out;
    },
    marks.map((m) => m.id),
  );
  for (const f of found) {
    const mark = marks.find((m) => m.id === f.id)!;
    const label = `${what}: value ${f.id} in ${f.where}`;
    expect(f.where, label).toMatch(/^(attribute value of <(input|option)>|text in <(?!script>|style>)[a-z0-9-]+>)$/);
    expect(f.text, label).toContain(asParsed(mark.value));
  }
  return Object.fromEntries(marks.map((m) => [m.id, found.filter((f) => f.id === m.id).length]));
}

/** A browser's same-origin post of the complaint form to its page, without JavaScript. */
function browserFormPost(fields: Record<string, string>): Promise<Response> {
  return fetch(`${base}/complaint/`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
      'sec-fetch-site': 'same-origin',
      origin: base,
    },
    body: new URLSearchParams(fields).toString(),
  });
}

describe('hostile text reflected by pages is escaped', () => {
  it('the check itself catches a value that breaks out of its attribute or lands in a script', async () => {
    const m = marked('"><img src=x onerror=alert(1)>');
    const broken = `<input value="${m.value}">`;
    await expect(expectEscaped(broken, [m], 'self-check')).rejects.toThrow();
    const s = marked('x');
    await expect(expectEscaped(`<script>var a = "${s.value}"</script>`, [s], 'self-check')).rejects.toThrow();
    const ok = marked('"><img src=x>');
    const escaped = `<input value="${ok.value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}">`;
    expect(await expectEscaped(escaped, [ok], 'self-check')).toEqual({ [ok.id]: 1 });
  });

  it('the complaint form re-shown with errors (its own post) escapes every kept value', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, hostileText, hostileText, hostileText, async (d, a, n, p) => {
        const desc = marked(d);
        const addr = marked(a);
        const name = marked(n);
        const phone = marked(p);
        // No category: the form always comes back, with every other value kept.
        const res = await browserFormPost({
          placeType: 'street',
          townId,
          villageId,
          description: desc.value,
          address: addr.value,
          anonymous: 'false',
          contactName: name.value,
          contactPhone: phone.value,
          idempotencyKey: crypto.randomUUID(),
        });
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        const found = await expectEscaped(await res.text(), [desc, addr, name, phone], 'form re-shown');
        for (const m of [desc, addr, name, phone]) expect(found[m.id], 'every value is kept').toBe(1);
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('the form page refuses the old internal JSON re-render path: 415, nothing reflected', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, hostileText, hostileText, async (d, k, e) => {
        const desc = marked(d);
        const key = marked(k);
        const err = marked(e);
        const res = await fetch(`${base}/complaint/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/html' },
          body: JSON.stringify({
            values: { description: desc.value, idempotencyKey: key.value, category: d, townId: k },
            formError: err.value,
          }),
        });
        expect(res.status).toBe(415);
        const found = await expectEscaped(await res.text(), [desc, key, err], 'form posted directly');
        expect(found).toEqual({ [desc.id]: 0, [key.id]: 0, [err.id]: 0 });
      }),
      { numRuns: 80 },
    );
  }, 120_000);

  it('the status, confirmation and form pages escape a typed code and query values', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, async (t) => {
        const code = marked(t);
        const q = encodeURIComponent(code.value.toWellFormed()); // as a browser would send it
        const status = await fetch(`${base}/complaint/status/?code=${q}`);
        expect(status.status).toBe(400);
        expect((await expectEscaped(await status.text(), [code], 'status page'))[code.id]).toBe(1);
        for (const path of [`/complaint/submitted/?code=${q}`, `/complaint/?town=${q}&village=${q}&category=${q}`]) {
          const res = await fetch(`${base}${path}`);
          expect(res.status).toBeLessThan(500);
          await expectEscaped(await res.text(), [code], path);
        }
      }),
      { numRuns: 80 },
    );
  }, 120_000);
});

describe('hostile script does not run in Chromium', () => {
  it('no injected script runs on the re-shown form, the status page or the form with query values', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    try {
      for (const x of XSS) {
        // The form, filled with the payload and sent natively (as without JavaScript); no category, so it comes back.
        await page.goto(`${base}/complaint/`);
        await Promise.all([
          page.waitForEvent('load'), // the re-shown form, a new document at the same address
          page.evaluate((payload) => {
            const form = document.querySelector<HTMLFormElement>('form[data-complaint-form]')!;
            for (const name of ['description', 'address', 'contactName', 'contactPhone'])
              (form.elements.namedItem(name) as HTMLInputElement).value = payload;
            HTMLFormElement.prototype.submit.call(form);
          }, x),
        ]);
        expect(page.url()).toBe(`${base}/complaint/`);
        expect(await page.title()).toMatch(/^错误：/);
        expect(await page.inputValue('#f-description')).toBe(x); // shown as text, exactly
        expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

        await page.goto(`${base}/complaint/status/?code=${encodeURIComponent(x)}`);
        expect(await page.inputValue('#f-code')).toBe(x);
        expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

        await page.goto(`${base}/complaint/?town=${encodeURIComponent(x)}&category=${encodeURIComponent(x)}`);
        expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      }
      expect(dialogs).toEqual([]);
    } finally {
      await ctx.close();
    }
  }, 120_000);
});
