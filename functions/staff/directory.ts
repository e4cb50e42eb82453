/**
 * The staff directory's rules and statements, shared by `npm run staff`, the
 * local seeding in `npm start` and the tests, so a member is always written
 * the same way: validated, and with its audit line in the same batch.
 */
import { z } from 'zod';
import { STAFF_ROLES, type StaffMember, type StaffRole } from './identity.ts';
import { parseGridScope } from '../../domain/grid-scope.ts';

/** Chinese labels for the roles (CLI output, pages). */
export const ROLE_LABELS: Record<StaffRole, string> = {
  office: '区网格办',
  town: '镇（办事处）网格办',
  department: '部门联络员',
  viewer: '只读（领导查看）',
  grid: '网格巡查（分网格长、网格监督员）',
};

/** What the roles that need a scope are told when it is missing or malformed. */
const SCOPE_NEEDED = {
  town: '角色 town 需要写镇（办事处）编号，如 jiedao',
  department: '角色 department 需要写部门编号，如 sthj',
  grid: '角色 grid 需要写名册中的人员：sub:<二级分网格长编号>（如 sub:jiedao-fwgz-1）、leader:<区级网格长编号> 或 village:<村编号>（该村网格监督员）',
} as const;

const EMAIL = /^[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/;
const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A member as given by an operator: trimmed, email lower-cased, scope only where the role has one. */
export const staffMemberSchema = z
  .object({
    email: z
      .string({ error: '请填写邮箱（登录 Cloudflare Access 用的邮箱）' })
      .trim()
      .toLowerCase()
      .regex(EMAIL, { error: '邮箱格式不对，请写完整的邮箱，如 zhang.san@example.gov.cn' }),
    name: z
      .string({ error: '请填写姓名' })
      .trim()
      .min(1, { error: '请填写姓名' })
      .max(50, { error: '姓名最多 50 个字' })
      .refine((s) => !/\p{Cc}/u.test(s), { error: '姓名里不能有控制字符' }),
    role: z.enum(STAFF_ROLES, { error: `角色只能是 ${STAFF_ROLES.join('、')} 之一` }),
    scope: z.string().trim().nullish(),
  })
  .transform((m, ctx): StaffMember => {
    const needs = m.role === 'town' || m.role === 'department' || m.role === 'grid';
    const scope = m.scope ? m.scope : null;
    if (needs && !scope) {
      ctx.addIssue({
        code: 'custom',
        path: ['scope'],
        message: SCOPE_NEEDED[m.role as 'town' | 'department' | 'grid'],
      });
    } else if (!needs && scope) {
      ctx.addIssue({ code: 'custom', path: ['scope'], message: `角色 ${m.role} 不分管镇或部门，请不要写 scope` });
    } else if (scope && m.role === 'grid') {
      if (!parseGridScope(scope)) ctx.addIssue({ code: 'custom', path: ['scope'], message: SCOPE_NEEDED.grid });
    } else if (scope && !ID.test(scope)) {
      ctx.addIssue({
        code: 'custom',
        path: ['scope'],
        message: 'scope 应是小写字母、数字和连字符组成的编号，如 jiedao',
      });
    }
    return { email: m.email, name: m.name, role: m.role, scope };
  });

/** Active members, office first. */
export const LIST_STAFF_SQL = `SELECT email, name, role, scope FROM staff WHERE removed_at IS NULL
  ORDER BY CASE role WHEN 'office' THEN 0 WHEN 'town' THEN 1 WHEN 'department' THEN 2 ELSE 3 END, scope, email`;

/** One row by email, removed or not (to tell add from update and restore). */
export const GET_STAFF_SQL = 'SELECT email, name, role, scope, removed_at FROM staff WHERE email = ?1';

/** Adds a member, or updates (and restores) one; `created_at` stays the first one. */
export const UPSERT_STAFF_SQL = `INSERT INTO staff (email, name, role, scope, created_at, removed_at)
  VALUES (?1, ?2, ?3, ?4, ?5, NULL)
  ON CONFLICT (email) DO UPDATE SET name = excluded.name, role = excluded.role, scope = excluded.scope, removed_at = NULL`;

/** Soft removal: the row stays so history can still name the member. */
export const REMOVE_STAFF_SQL = 'UPDATE staff SET removed_at = ?2 WHERE email = ?1 AND removed_at IS NULL';

export const AUDIT_SQL = 'INSERT INTO staff_audit (at, actor, action, email, detail) VALUES (?1, ?2, ?3, ?4, ?5)';

export type DirectoryAction = 'add' | 'update' | 'remove' | 'restore';

export interface Statement {
  sql: string;
  params: (string | null)[];
}

/** The statements that write `member` and its audit line (run them in one batch). */
export function upsertStatements(
  member: StaffMember,
  action: Exclude<DirectoryAction, 'remove'>,
  actor: string,
  at: string,
): Statement[] {
  const detail = JSON.stringify({ name: member.name, role: member.role, scope: member.scope });
  return [
    { sql: UPSERT_STAFF_SQL, params: [member.email, member.name, member.role, member.scope, at] },
    { sql: AUDIT_SQL, params: [at, actor, action, member.email, detail] },
  ];
}

/** The statements that remove `email` and record it (run them in one batch, only for an active member). */
export function removeStatements(email: string, actor: string, at: string): Statement[] {
  return [
    { sql: REMOVE_STAFF_SQL, params: [email, at] },
    { sql: AUDIT_SQL, params: [at, actor, 'remove', email, '{}'] },
  ];
}

/** Runs statements atomically on a D1 binding. */
export async function runBatch(db: D1Database, statements: Statement[]): Promise<void> {
  await db.batch(statements.map((s) => db.prepare(s.sql).bind(...s.params)));
}
