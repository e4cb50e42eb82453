import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '/work/wt/roster/scripts/lib/server.ts';
import { launchBrowser } from '/work/wt/roster/tests/e2e/browser.ts';
const persistTo = await mkdtemp(join(tmpdir(), 'envgrid-shots-'));
const server = await startServer({ persistTo, vars: {} });
const browser = await launchBrowser();
const pages: [string, string][] = [['home', '/'], ['changes', '/changes/'], ['grid-status', '/grid-status/'], ['village', '/villages/beiguan/'], ['complaint', '/complaint/']];
try {
  for (const width of [360, 1280]) {
    const ctx = await browser.newContext({ viewport: { width, height: width === 360 ? 740 : 900 } });
    const page = await ctx.newPage();
    for (const [name, path] of pages) {
      await page.goto(server.url + path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      const search = name === 'home' ? await page.locator('#grid-q').boundingBox() : null;
      console.log(name, width, 'overflow', overflow, search ? `search bottom ${search.y + search.height}` : '');
      await page.screenshot({ path: `/work/wt/shots/${name}-${width}.png`, fullPage: process.argv.includes('--full') });
    }
    await ctx.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
