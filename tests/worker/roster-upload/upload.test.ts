/**
 * Uploading the roster workbook to /api/staff/roster/uploads in the real Worker with the real
 * D1 and migrations: workbooks written by roster:export's code and edited as in Excel (global
 * setup). The diff names the village, old → new and the phone; confirming makes a proposal on
 * the edit forms' path; a bad cell is named by sheet, row and column and nothing is stored; a
 * town cannot change another town; the confirmation is checked again on the server.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { env, exports } from 'cloudflare:workers';
import { staffHeaders } from '../../support/staff-tokens.ts';
import { seedCast, staffCall, staffOf } from '../cases-support.ts';
import type { StaffMember } from '../../../functions/staff/identity.ts';

const cast = staffOf('upload');
beforeAll(() => seedCast(cast));

const workbook = (name: string) => Uint8Array.from(atob(inject('rosterWorkbooks')[name]!), (c) => c.charCodeAt(0));

interface Issue {
  sheet: string;
  row?: number;
  column?: string;
  letter?: string;
  message: string;
  text: string;
}
interface UploadJson {
  upload?: {
    token: string;
    draft: {
      kind: string;
      town: string | null;
      files: { path: string; content: string; base: string | null }[];
      diff: { town: string | null; place: string; text: string }[];
      change: { effective: string; summary: string; scope: string[] };
    };
  };
  errors?: { field: string; message: string }[];
  issues?: Issue[];
  error?: string;
}

async function upload(who: StaffMember, bytes: Uint8Array | string, name = 'roster.xlsx') {
  const form = new FormData();
  form.set('file', new File([bytes as BlobPart], name));
  const res = await exports.default.fetch('http://envgrid.test/api/staff/roster/uploads', {
    method: 'POST',
    headers: { ...(await staffHeaders(who.email)), origin: 'http://envgrid.test' },
    body: form,
  });
  return { status: res.status, json: (await res.json()) as UploadJson };
}

/** Every row the console writes, to show a refused request left D1 as it was. */
async function everything(): Promise<string> {
  const rows = await env.DB.batch([
    env.DB.prepare('SELECT * FROM roster_proposals ORDER BY id'),
    env.DB.prepare('SELECT * FROM roster_proposal_events ORDER BY id'),
    env.DB.prepare('SELECT * FROM roster_uploads ORDER BY token'),
  ]);
  return JSON.stringify(rows.map((r) => r.results));
}

/**
 * Per-test budget: the first upload loads the whole roster, the mapping's chunk and checks the
 * roster twice (before and after); ~10 s alone, three times that with other builds on the machine.
 */
const BUDGET_MS = 90_000;

describe('workbook upload', { timeout: BUDGET_MS }, () => {
  it('shows the change by town and village, then a confirmation makes a proposal with the right files', async () => {
    const r = await upload(cast.town, workbook('replaced'), '名册-东兴.xlsx');
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const { token, draft } = r.json.upload!;
    expect(draft.kind).toBe('workbook');
    expect(draft.town).toBe('jiedao');
    expect(draft.files.map((f) => f.path)).toEqual(['villages/dongxing.yaml']);
    expect(draft.diff).toEqual([
      expect.objectContaining({
        town: '街道办事处',
        place: '东兴社区',
        text: expect.stringMatching(/网格监督员.*冯秀兰 → 马丽娜.*电话 13800000015 → 13800000099/),
      }),
    ]);
    // Nothing proposed yet: only the upload waits.
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM roster_proposals').first('n')).toBe(0);

    const made = await staffCall(cast.town, `/roster/uploads/${token}`, {
      effective: '2026-12-01',
      summary: '东兴社区网格监督员调整（示例）',
    });
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    const p = made.json.proposal as { id: string; state: string; kind: string; town: string };
    expect(p).toMatchObject({ state: 'proposed', kind: 'workbook', town: 'jiedao' });
    const row = await env.DB.prepare('SELECT * FROM roster_proposals WHERE id = ?1')
      .bind(p.id)
      .first<{ files: string; change_record: string }>();
    const files = JSON.parse(row!.files) as { path: string; content: string; base: string }[];
    expect(files.map((f) => f.path)).toEqual(['villages/dongxing.yaml']);
    expect(files[0]!.content).toContain('马丽娜');
    expect(files[0]!.content).not.toContain('冯秀兰');
    expect(files[0]!.base).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(row!.change_record)).toMatchObject({
      effective: '2026-12-01',
      scope: ['villages/dongxing'],
      summary: '东兴社区网格监督员调整（示例）',
    });
    const events = await env.DB.prepare('SELECT actor, action, note FROM roster_proposal_events WHERE proposal_id = ?1')
      .bind(p.id)
      .all();
    expect(events.results).toEqual([
      { actor: cast.town.email, action: 'propose', note: '上传工作簿「名册-东兴.xlsx」' },
    ]);

    // A token confirms once.
    const again = await staffCall(cast.town, `/roster/uploads/${token}`, { effective: '2026-12-01', summary: '' });
    expect(again.status).toBe(409);
  });

  it('a workbook with a bad phone is refused naming sheet, row and column, and nothing is stored', async () => {
    const before = await everything();
    const r = await upload(cast.office, workbook('badPhone'));
    expect(r.status).toBe(400);
    const issue = r.json.issues!.find((i) => i.column === '电话');
    expect(issue).toMatchObject({ sheet: '人员与角色', row: inject('dongxingSupervisorRow'), column: '电话' });
    expect(issue!.text).toContain(`工作表「人员与角色」第 ${inject('dongxingSupervisorRow')} 行「电话」列`);
    expect(issue!.message).toMatch(/手机|电话/);
    expect(await everything()).toBe(before);
  });

  it('a town member changing another town is refused, naming it; the office may', async () => {
    const before = await everything();
    const r = await upload(cast.town, workbook('otherTown'));
    expect(r.status).toBe(403);
    expect(r.json.error).toContain('老庄子镇');
    expect(r.json.error).toContain('大庄村');
    expect(await everything()).toBe(before);

    const office = await upload(cast.office, workbook('otherTown'));
    expect(office.status).toBe(200);
    const draft = office.json.upload!.draft;
    expect(draft.town).toBeNull();
    expect(draft.files.map((f) => f.path).sort()).toEqual(['villages/dazhuang.yaml', 'villages/dongxing.yaml']);
    expect(new Set(draft.diff.map((l) => l.town))).toEqual(new Set(['街道办事处', '老庄子镇']));
  });

  it('refuses what is not a workbook, a workbook with no change, and readers', async () => {
    const before = await everything();
    const notZip = await upload(cast.office, '姓名,电话\n马丽娜,13800000099\n', 'roster.csv');
    expect(notZip.status).toBe(400);
    expect(notZip.json.errors![0]).toMatchObject({ field: 'file', message: expect.stringContaining('.xlsx') });
    const same = await upload(cast.office, workbook('unchanged'));
    expect(same.status).toBe(400);
    expect(same.json.errors![0]!.message).toContain('没有需要提交的改动');
    const viewer = await upload(cast.viewer, workbook('replaced'));
    expect(viewer.status).toBe(403);
    expect(await everything()).toBe(before);
  });

  it('the confirmation is checked on the server: bad date, someone else, stale roster, expired', async () => {
    const r = await upload(cast.office, workbook('replaced'));
    const token = r.json.upload!.token;
    const badDate = await staffCall(cast.office, `/roster/uploads/${token}`, { effective: '12/01', summary: '' });
    expect(badDate.status).toBe(400);
    expect(badDate.json.errors![0]!.field).toBe('effective');
    const other = await staffCall(cast.town, `/roster/uploads/${token}`, { effective: '2026-12-01', summary: '' });
    expect(other.status).toBe(404);

    // The roster as built has changed since the upload (a publication): refused, explained.
    await env.DB.prepare('UPDATE roster_uploads SET base = ?2 WHERE token = ?1').bind(token, '0'.repeat(64)).run();
    const stale = await staffCall(cast.office, `/roster/uploads/${token}`, { effective: '2026-12-01', summary: '' });
    expect(stale.status).toBe(409);
    expect(stale.json.error).toContain('重新导出');

    await env.DB.prepare('UPDATE roster_uploads SET expires_at = ?2 WHERE token = ?1')
      .bind(token, '2000-01-01T00:00:00.000Z')
      .run();
    const expired = await staffCall(cast.office, `/roster/uploads/${token}`, { effective: '2026-12-01', summary: '' });
    expect(expired.status).toBe(410);
    expect(
      await env.DB.prepare('SELECT COUNT(*) AS n FROM roster_proposals WHERE proposed_by = ?1')
        .bind(cast.office.email)
        .first('n'),
    ).toBe(0);
  });
});
