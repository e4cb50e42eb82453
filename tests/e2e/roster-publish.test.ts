/**
 * Issue 17's whole path in Chromium, locally, on its own server, D1 and repository: a town member
 * replaces a village supervisor, the office approves; the approval commits to the local git
 * repository through the local Git host service, the local pipeline rebuilds the site and restarts
 * the Worker, whose first serve records the publication. Then the village page shows the new
 * person, /changes/ lists the change published today and on time, and `git log` shows the commit
 * authored by the town member with the change record in it. A second commit with a content error
 * fails its build: the running site stays as it was and the console shows the failure.
 *
 * Nothing waits a fixed time: each step polls with a deadline sized for a busy 2-core machine
 * (an `astro build` alone takes up to ~80 s there).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { clickButton, follow, signInAs } from './staff-pages.ts';
import { staffHeaders } from '../support/staff-tokens.ts';
import { TEST_STAFF_VARS } from '../support/staff-test-key.ts';
import { migrateLocal, ROOT } from '../../scripts/lib/server.ts';
import { seedSampleStaff } from '../../scripts/lib/staff-directory.ts';
import { localD1 } from '../../scripts/lib/d1.ts';
import { gitLog, showFile } from '../../scripts/lib/git-host/repo.ts';
import { startLocalPublishing, startLocalSite, type LocalSite } from '../../scripts/lib/local-publishing.ts';
import { sha256Hex } from '../../domain/crypto.ts';
import { todayInChina } from '../../domain/workdays.ts';

const OFFICE = '以示例·区网格办值班员身份登录';
const TOWN = '以示例·街道办事处网格办身份登录';
/** A rebuild and restart under load (~80 s + ~20 s), with room; the walk itself is quick. */
const PUBLISH_MS = 360_000;
const STEP_MS = 60_000;
/** One poll's request: one caught by the Worker's restart must not hang the poll. */
const PROBE_MS = 10_000;

let browser: Browser;
let site: LocalSite;
let tmp: string;
let persistTo: string;
const log: string[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'envgrid-roster-e2e-'));
  persistTo = join(tmp, 'state');
  // Its own repository (a copy of content/, as built into dist/), D1, server and build folder.
  const publishing = await startLocalPublishing(join(tmp, 'roster'), { seedFrom: join(ROOT, 'content') });
  await migrateLocal(persistTo);
  await seedSampleStaff(persistTo, 'e2e');
  site = await startLocalSite({
    persistTo,
    vars: { RATE_LIMIT_MAX: '1000', ...TEST_STAFF_VARS },
    migrated: true,
    publishing,
    outDir: join(tmp, 'dist'),
    log: (line) => log.push(line),
  });
  browser = await launchBrowser();
}, 480_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Polls `probe` until it returns a value (fetch errors while the Worker restarts count as not yet). */
async function until<T>(what: string, budgetMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline)
      throw new Error(
        `${what}: not within ${budgetMs / 1000} s\n${log.join('\n')}\n${site.server().output().slice(-3000)}`,
      );
    await new Promise((r) => setTimeout(r, 500));
  }
}

interface ProposalJson {
  state: string;
  commitError: string | null;
  change: { id: string };
}

async function proposal(id: string): Promise<ProposalJson> {
  const res = await fetch(`${site.url}/api/staff/roster/proposals/${id}`, {
    headers: await staffHeaders('office@example.org'),
    signal: AbortSignal.timeout(PROBE_MS),
  });
  if (!res.ok) throw new Error(`proposal ${id}: ${res.status}`);
  return ((await res.json()) as { proposal: ProposalJson }).proposal;
}

/** The branch's commit in the local repository. */
const head = (gitDir: string) => execFileSync('git', ['--git-dir', gitDir, 'rev-parse', 'HEAD']).toString().trim();

const pageText = async (path: string) => {
  const res = await fetch(`${site.url}${path}`, { signal: AbortSignal.timeout(PROBE_MS) });
  return res.ok ? res.text() : undefined;
};

describe('roster publication end to end', { timeout: PUBLISH_MS + 240_000 }, () => {
  it('town proposes, office approves; the site, /changes/ and git log show the change', async () => {
    const today = todayInChina();
    const summary = '东兴社区专职网格监督员调整（示例，端到端）';
    const town = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page: Page = await town.newPage();
    page.setDefaultTimeout(STEP_MS);
    await signInAs(page, site.url, TOWN, '/staff/roster/');
    const replace = page.locator(
      `a[href="/staff/roster/edit/replace-person/?target=${encodeURIComponent('villages/dongxing/supervisors/0')}"]`,
    );
    await follow(page, () => replace.click());
    await page.fill('#f-name', '马丽娜');
    await page.fill('#f-phone', '13800000099');
    await page.fill('#f-effective', today);
    await page.fill('#f-summary', summary);
    await clickButton(page, '下一步：核对修改');
    await clickButton(page, '确认提交');
    const id = new URL(page.url()).pathname.split('/')[4]!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await town.close();

    const office = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const op = await office.newPage();
    op.setDefaultTimeout(STEP_MS);
    await signInAs(op, site.url, OFFICE, `/staff/roster/proposals/${id}/`);
    await clickButton(op, '批准');
    const approvedAt = Date.now();

    // Committed right after the approval (no cron minute to wait for), then built and served.
    await until('commit', STEP_MS, async () => ((await proposal(id)).state !== 'approved' ? true : undefined));
    const committedMs = Date.now() - approvedAt;
    const sha = head(site.publishing!.gitDir);
    await until('village page showing the new person', PUBLISH_MS, async () =>
      (await pageText('/villages/dongxing/'))?.includes('马丽娜') ? true : undefined,
    );
    const visibleMs = Date.now() - approvedAt;
    const p = await until('publication recorded', STEP_MS, async () => {
      const r = await proposal(id);
      return r.state === 'published' ? r : undefined;
    });
    console.log(
      `roster e2e: approval → commit ${(committedMs / 1000).toFixed(1)} s, → site shows it ${(visibleMs / 1000).toFixed(1)} s` +
        ` (build ${(site.passes[0]!.buildMs / 1000).toFixed(1)} s, restart ${(site.passes[0]!.restartMs / 1000).toFixed(1)} s)`,
    );

    // The village page and /changes/ as a citizen sees them.
    await op.goto(`${site.url}/villages/dongxing/`);
    const village = await op.locator('main').innerText();
    expect(village).toContain('马丽娜');
    expect(village).not.toContain('冯秀兰');
    await op.goto(`${site.url}/changes/`);
    const entry = op.locator(`li[id="${p.change.id}"]`);
    const text = await entry.innerText();
    expect(text).toContain(summary);
    expect(await entry.locator('time').nth(1).getAttribute('datetime')).toBe(today); // 公布日期
    expect(text).toContain('按时公布');
    await office.close();

    // git log: authored by the town member, committed by the office, the record in changes.yaml.
    const gitDir = site.publishing!.gitDir;
    const [last] = gitLog(gitDir, 1).split('\n--');
    expect(last!.split('\n').slice(0, 3)).toEqual([
      sha,
      '示例·街道办事处网格办 <town-jiedao@example.org>',
      '示例·区网格办值班员 <office@example.org>',
    ]);
    expect(last).toContain(`Roster: ${summary}`);
    expect(last).toContain(`EnvGrid-Proposal: ${id}`);
    expect(last).toContain(`EnvGrid-Change: ${p.change.id}`);
    const files = execFileSync('git', ['--git-dir', gitDir, 'show', '--name-only', '--format=', sha]).toString();
    expect(files.trim().split('\n').sort()).toEqual(['content/changes.yaml', 'content/villages/dongxing.yaml']);
    const changes = showFile(gitDir, sha, 'content/changes.yaml')!;
    expect(changes).toContain(`- id: ${p.change.id}`);
    expect(changes).toContain(summary);
  });

  it('a commit whose build fails leaves the running site as it was; the console shows the failure', async () => {
    // A proposal the console could not have drafted (an invalid phone), as a hand-made or stale
    // change might be: the publisher commits it, the local build's roster check refuses it.
    const gitDir = site.publishing!.gitDir;
    const path = 'villages/beiguan.yaml';
    const current = showFile(gitDir, 'HEAD', `content/${path}`)!;
    const broken = current.replace(/phone: '?1\d{10}'?/, "phone: '1380000'");
    expect(broken).not.toBe(current);
    const id = crypto.randomUUID();
    const at = new Date().toISOString();
    const today = todayInChina();
    const change = {
      id: `c-${today.slice(0, 4)}-901`,
      effective: today,
      scope: ['villages/beiguan'],
      summary: '坏数据（示例）',
    };
    const db = await localD1(persistTo);
    try {
      await db.batch([
        {
          sql: `INSERT INTO roster_proposals (id, town, kind, summary, effective, files, change_record, state,
                  proposed_by, proposed_at, decided_by, decided_at)
                VALUES (?1, 'jiedao', 'replace-person', ?2, ?3, ?4, ?5, 'approved', 'town-jiedao@example.org', ?6, 'office@example.org', ?6)`,
          params: [
            id,
            change.summary,
            change.effective,
            JSON.stringify([{ path, content: broken, base: await sha256Hex(current) }]),
            JSON.stringify(change),
            at,
          ],
        },
      ]);
    } finally {
      await db.close();
    }
    const before = await pageText('/villages/beiguan/');
    const pid = site.server().process.pid;
    await site.tick();
    expect((await proposal(id)).state).toBe('committed');
    const sha = head(gitDir);

    const failed = await until('the failed build in the console', PUBLISH_MS, async () => {
      const r = await proposal(id);
      return r.state === 'failed' ? r : undefined;
    });
    expect(site.passes.filter((b) => b.shas.includes(sha)).map((b) => b.ok)).toEqual([false]);
    expect(failed.commitError).toMatch(/^构建失败，网站仍是上一版本：本机构建（npm start）：构建失败：/);
    expect(failed.commitError).toContain('beiguan');
    // The same Worker still serves the same page.
    expect(site.server().process.pid).toBe(pid);
    expect(await pageText('/villages/beiguan/')).toBe(before);

    const office = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const op = await office.newPage();
    op.setDefaultTimeout(STEP_MS);
    await signInAs(op, site.url, OFFICE, '/staff/roster/publications/');
    expect(await op.locator('main').innerText()).toContain('构建失败，网站仍是上一版本');
    await office.close();
  });
});
