/**
 * Backdated case histories for the real D1 (the real migrations, triggers included), for the
 * statistics, ledger and assessment tests: the Worker's own actions always happen "now", and
 * these tests need a quarter in the past with holidays in it. The statements are plain SQL
 * with text parameters, run by the worker tests on `env.DB` and by Node tests on a local D1.
 */

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

export interface Statement {
  sql: string;
  params: (string | null)[];
}

/** The statements storing the cases and their ledgers, and each key's complaint id and tracking code. */
export function caseStatements(cases: FixtureCase[]): {
  ids: Map<string, { id: string; code: string }>;
  statements: Statement[];
} {
  const ids = new Map<string, { id: string; code: string }>();
  for (const c of cases) {
    const code = crypto.randomUUID().replaceAll('-', '').slice(0, 12).toUpperCase();
    ids.set(c.key, { id: crypto.randomUUID(), code });
  }
  const statements: Statement[] = [];
  for (const c of cases) {
    const { id, code } = ids.get(c.key)!;
    statements.push({
      sql: `INSERT INTO complaints (id, tracking_code, category, place_type, town_id, description, routing, received_at, channel)
            VALUES (?1, ?2, ?3, 'street', ?4, '示例', '{}', ?5, ?6)`,
      params: [id, code, c.category, c.townId, c.receivedAt, c.source && c.source !== 'citizen' ? c.source : 'web'],
    });
    let from = 'new';
    let closedAt: string | null = null;
    let lead: string | null = null;
    (c.actions ?? []).forEach((a, i) => {
      statements.push({
        sql: `INSERT INTO case_actions (complaint_id, seq, action, at, actor_email, actor_name, actor_role, from_state, to_state, details)
              VALUES (?1, ?2, ?3, ?4, 'office.fixture@example.org', '示例·值班员', 'office', ?5, ?6, ?7)`,
        params: [id, String(i + 1), a.action, a.at, from, a.to, JSON.stringify(a.details ?? {})],
      });
      from = a.to;
      if (a.to === 'closed' || a.to === 'rejected') closedAt = a.at;
      if (a.action === 'assign') lead = String(a.details?.lead);
    });
    const merged = c.mergedInto ? ids.get(c.mergedInto)!.id : null;
    statements.push({
      sql: 'UPDATE cases SET state = ?2, lead = ?3, closed_at = ?4, merged_into = ?5, version = ?6 WHERE complaint_id = ?1',
      params: [id, merged ? 'merged' : from, lead, closedAt, merged, String(c.actions?.length ?? 0)],
    });
  }
  return { ids, statements };
}
