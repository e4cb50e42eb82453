/**
 * Helpers for the case desk's worker tests: staff of every role (seeded in the
 * real D1 directory, signed in with real RS256 tokens), calls to the real
 * Worker entry, and the public view a citizen gets.
 */
import { env, exports } from 'cloudflare:workers';
import { seedStaff, staffHeaders } from '../support/staff-tokens.ts';
import type { StaffMember } from '../../functions/staff/identity.ts';
import { marker, otherTown, postJson, town, validComplaint } from './support/complaints.ts';

/** Directory members for one test file; `tag` keeps files' emails apart. */
export function staffOf(tag: string) {
  const m = (key: string, name: string, role: StaffMember['role'], scope: string | null): StaffMember => ({
    email: `${key}.${tag}@example.org`,
    name: `示例·${name}`,
    role,
    scope,
  });
  return {
    office: m('office', '区网格办值班员', 'office', null),
    town: m('town', `${town.name}网格办`, 'town', town.id),
    otherTown: m('other-town', `${otherTown.name}网格办`, 'town', otherTown.id),
    sthj: m('sthj', '生态环境分局联络员', 'department', 'sthj'),
    cjj: m('cjj', '城市建设管理局联络员', 'department', 'cjj'),
    viewer: m('viewer', '区领导', 'viewer', null),
  };
}
export type Cast = ReturnType<typeof staffOf>;

export async function seedCast(cast: Cast): Promise<void> {
  await seedStaff(env.DB, Object.values(cast));
}

/** A citizen's complaint in the first town, filed through the public API; its compact code. */
export async function fileComplaint(mark = marker(), over: Record<string, unknown> = {}): Promise<string> {
  const res = await postJson(validComplaint(mark, over));
  if (res.status !== 201) throw new Error(`complaint not stored: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { trackingCode: string }).trackingCode.replaceAll('-', '');
}

/** A call to /api/staff/… as `who`, JSON in and out. */
export async function staffCall(
  who: StaffMember,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> & { errors?: { field: string; message: string }[] } }> {
  const res = await exports.default.fetch(`http://envgrid.test/api/staff${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(await staffHeaders(who.email)),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** POST an action to a case as `who`. */
export const act = (who: StaffMember, code: string, body: Record<string, unknown>) =>
  staffCall(who, `/cases/${code}/actions`, body);

export interface PublicView {
  status: string;
  timeline: { at: string; status: string; note: string | null }[];
}

/** What the citizen sees: GET /api/complaints/{code}. */
export async function publicView(code: string): Promise<PublicView & Record<string, unknown>> {
  const res = await exports.default.fetch(`http://envgrid.test/api/complaints/${code}`);
  if (res.status !== 200) throw new Error(`public GET ${res.status}`);
  return (await res.json()) as PublicView & Record<string, unknown>;
}

/** The public timeline's statuses after 'received' (forwarding is off in tests). */
export const publicSteps = async (code: string) => (await publicView(code)).timeline.map((e) => e.status);

/** Everything a refused action must leave untouched: the case row, its ledger and its public events. */
export async function snapshot(code: string) {
  const [k, a, e, c] = await env.DB.batch([
    env.DB.prepare(
      'SELECT k.* FROM cases k JOIN complaints c ON c.id = k.complaint_id WHERE c.tracking_code = ?1',
    ).bind(code),
    env.DB.prepare(
      'SELECT a.* FROM case_actions a JOIN complaints c ON c.id = a.complaint_id WHERE c.tracking_code = ?1 ORDER BY a.id',
    ).bind(code),
    env.DB.prepare(
      'SELECT e.* FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id WHERE c.tracking_code = ?1 ORDER BY e.id',
    ).bind(code),
    env.DB.prepare('SELECT status FROM complaints WHERE tracking_code = ?1').bind(code),
  ]);
  return JSON.stringify([k!.results, a!.results, e!.results, c!.results]);
}

/** A rectification deadline a week from today (Beijing). */
export function inAWeek(): string {
  return new Date(Date.now() + 8 * 3600_000 + 7 * 86_400_000).toISOString().slice(0, 10);
}
