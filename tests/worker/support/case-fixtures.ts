/**
 * Backdated case histories written straight into the real D1 (the real migrations, triggers
 * included), for the statistics, ledger and assessment tests: the Worker's own actions always
 * happen "now", and these tests need a quarter in the past with holidays in it.
 */
import { env } from 'cloudflare:workers';

/** A Beijing wall-clock time `YYYY-MM-DD HH:MM` as the stored UTC ISO string. */
export const bj = (t: string): string => new Date(`${t.replace(' ', 'T')}:00+08:00`).toISOString();

export interface FixtureAction {
  action: string;
  at: string;
  details?: Record<string, unknown>;
  to: string;
}

export interface FixtureCase {
  key: string;
  source?: 'citizen' | 'patrol' | 'hotline' | 'superior' | 'media' | 'other';
  category: string;
  townId: string;
  receivedAt: string;
  actions?: FixtureAction[];
  mergedInto?: string;
}

/** Stores the cases and their ledgers; returns each key's complaint id and tracking code. */
export async function storeCases(cases: FixtureCase[]): Promise<Map<string, { id: string; code: string }>> {
  const ids = new Map<string, { id: string; code: string }>();
  for (const c of cases) {
    const id = crypto.randomUUID();
    const code = crypto.randomUUID().replaceAll('-', '').slice(0, 12).toUpperCase();
    ids.set(c.key, { id, code });
  }
  const stmts: D1PreparedStatement[] = [];
  for (const c of cases) {
    const { id, code } = ids.get(c.key)!;
    stmts.push(
      env.DB.prepare(
        `INSERT INTO complaints (id, tracking_code, category, place_type, town_id, description, routing, received_at, channel)
         VALUES (?1, ?2, ?3, 'street', ?4, '示例', '{}', ?5, ?6)`,
      ).bind(id, code, c.category, c.townId, c.receivedAt, c.source && c.source !== 'citizen' ? c.source : 'web'),
    );
    let from = 'new';
    let closedAt: string | null = null;
    let lead: string | null = null;
    (c.actions ?? []).forEach((a, i) => {
      stmts.push(
        env.DB.prepare(
          `INSERT INTO case_actions (complaint_id, seq, action, at, actor_email, actor_name, actor_role, from_state, to_state, details)
           VALUES (?1, ?2, ?3, ?4, 'office.fixture@example.org', '示例·值班员', 'office', ?5, ?6, ?7)`,
        ).bind(id, i + 1, a.action, a.at, from, a.to, JSON.stringify(a.details ?? {})),
      );
      from = a.to;
      if (a.to === 'closed' || a.to === 'rejected') closedAt = a.at;
      if (a.action === 'assign') lead = String(a.details?.lead);
    });
    const merged = c.mergedInto ? ids.get(c.mergedInto)!.id : null;
    stmts.push(
      env.DB.prepare(
        'UPDATE cases SET state = ?2, lead = ?3, closed_at = ?4, merged_into = ?5, version = ?6 WHERE complaint_id = ?1',
      ).bind(id, merged ? 'merged' : from, lead, closedAt, merged, c.actions?.length ?? 0),
    );
  }
  await env.DB.batch(stmts);
  return ids;
}
