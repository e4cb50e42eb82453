/**
 * The office's entries for the ledgers and the assessment (migration 0015): a 问责清单 row, or
 * an assessment entry (major problem for the bonus, one-off penalty, 四(三) failure). Checked
 * field by field with Chinese messages naming the field; nothing is written unless all pass.
 * A correction is the same form with `supersedes` (the id of the row it replaces, the latest
 * version only) and a `reason` (migration 0020); the old row stays, the reports read the new one.
 */
import { ASSESSMENT_PENALTIES } from '../../domain/plan.ts';
import { parseUnit } from '../../domain/cases/model.ts';
import { unitName } from '../../domain/cases/units.ts';
import type { RosterIndex } from '../../domain/roster/query.ts';
import { normalizeTrackingCode } from '../../domain/tracking-code.ts';
import type { FieldError } from '../../domain/complaint-rules.ts';

/** Who enters: the office member's email. */
export interface Enterer {
  email: string;
}

type Form = Record<string, string | string[]>;
type Written = { ok: true } | { ok: false; errors: FieldError[] };

const MAX = 500;
const text = (form: Form, key: string) => String(form[key] ?? '').trim();

function common(form: Form, index: RosterIndex, errors: FieldError[]) {
  const quarter = text(form, 'quarter').toUpperCase();
  if (!/^\d{4}Q[1-4]$/.test(quarter)) errors.push({ field: 'quarter', message: '季度应写成 YYYYQn，如 2026Q4' });
  const unit = text(form, 'unit');
  if (!parseUnit(unit) || !unitName(index, unit)) {
    errors.push({ field: 'unit', message: '请选择单位（镇（办事处）或部门）' });
  }
  return { quarter, unit };
}

/** The row a correction replaces: it must exist and not be superseded already (checked again by 0020's index). */
const TARGET_SQL = {
  accountability: `SELECT t.id, EXISTS (SELECT 1 FROM accountability s WHERE s.supersedes = t.id) AS superseded
    FROM accountability t WHERE t.id = ?1`,
  assessment_entries: `SELECT t.id, EXISTS (SELECT 1 FROM assessment_entries s WHERE s.supersedes = t.id) AS superseded
    FROM assessment_entries t WHERE t.id = ?1`,
} as const;

/** `supersedes` and `reason` of a correction (both null for a new entry), checked. */
async function correction(
  db: D1Database,
  table: keyof typeof TARGET_SQL,
  form: Form,
  errors: FieldError[],
): Promise<{ supersedes: number | null; reason: string | null }> {
  const target = text(form, 'supersedes');
  if (!target) return { supersedes: null, reason: null };
  const reason = required(form, 'reason', '更正原因', errors);
  const id = /^\d{1,15}$/.test(target) ? Number(target) : NaN;
  const row = Number.isNaN(id)
    ? null
    : await db.prepare(TARGET_SQL[table]).bind(id).first<{ id: number; superseded: number }>();
  if (!row)
    errors.push({ field: 'supersedes', message: `要更正的记录（编号 ${target}）不存在；请从列表中的“更正”进入` });
  else if (row.superseded) {
    errors.push({ field: 'supersedes', message: `记录 ${id} 已经更正过；请更正列表中的最新一条` });
  }
  return { supersedes: row ? id : null, reason };
}

/** Runs an insert; a second correction of the same row racing this one is refused by 0020's index. */
async function insert(stmt: D1PreparedStatement): Promise<Written> {
  try {
    await stmt.run();
    return { ok: true };
  } catch (e) {
    if (/UNIQUE/i.test(String(e))) {
      return {
        ok: false,
        errors: [{ field: 'supersedes', message: '这条记录刚刚已被更正；请刷新列表后更正最新一条' }],
      };
    }
    throw e;
  }
}

function required(form: Form, key: string, label: string, errors: FieldError[]): string {
  const v = text(form, key);
  if (!v) errors.push({ field: key, message: `请填写${label}` });
  else if (v.length > MAX) errors.push({ field: key, message: `${label}最多 ${MAX} 字，现在 ${v.length} 字` });
  return v;
}

/** Adds one 问责清单 row: unit, optional case code, who, what, basis, decision, date. */
export async function addAccountability(
  db: D1Database,
  index: RosterIndex,
  by: Enterer,
  form: Form,
  now = new Date(),
): Promise<Written> {
  const errors: FieldError[] = [];
  const { quarter, unit } = common(form, index, errors);
  const subject = required(form, 'subject', '问责对象', errors);
  const matter = required(form, 'matter', '事项', errors);
  const basis = required(form, 'basis', '依据', errors);
  const decision = required(form, 'decision', '处理决定', errors);
  const decidedOn = text(form, 'decidedOn');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(decidedOn) || Number.isNaN(Date.parse(decidedOn))) {
    errors.push({ field: 'decidedOn', message: '决定日期写成 YYYY-MM-DD，如 2026-11-20' });
  }
  let complaintId: string | null = null;
  const codeText = text(form, 'code');
  if (codeText) {
    const code = normalizeTrackingCode(codeText);
    const row = code
      ? await db.prepare('SELECT id FROM complaints WHERE tracking_code = ?1').bind(code).first<{ id: string }>()
      : null;
    if (!row) errors.push({ field: 'code', message: `没有编号为「${codeText}」的案件；不涉及具体案件请留空` });
    else complaintId = row.id;
  }
  const fix = await correction(db, 'accountability', form, errors);
  if (errors.length) return { ok: false, errors };
  return insert(
    db
      .prepare(
        `INSERT INTO accountability (quarter, unit, complaint_id, subject, matter, basis, decision, decided_on,
           entered_by, entered_at, supersedes, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)`,
      )
      .bind(
        quarter,
        unit,
        complaintId,
        subject,
        matter,
        basis,
        decision,
        decidedOn,
        by.email,
        now.toISOString(),
        fix.supersedes,
        fix.reason,
      ),
  );
}

/** Adds one assessment entry: `bonus` (with `approved`), `penalty` (with `level`) or `fail`. */
export async function addAssessmentEntry(
  db: D1Database,
  index: RosterIndex,
  by: Enterer,
  form: Form,
  now = new Date(),
): Promise<Written> {
  const errors: FieldError[] = [];
  const { quarter, unit } = common(form, index, errors);
  const kind = text(form, 'kind');
  if (!['bonus', 'penalty', 'fail'].includes(kind)) {
    errors.push({ field: 'kind', message: '请选择类别：重大问题加分、一次性扣分或直接不及格' });
  }
  const problem = required(form, 'problem', '问题', errors);
  const evidence = required(form, 'evidence', '证据', errors);
  const levelText = text(form, 'level');
  const level = kind === 'penalty' ? Number(levelText) : null;
  if (kind === 'penalty' && !(ASSESSMENT_PENALTIES as readonly number[]).includes(level ?? NaN)) {
    errors.push({ field: 'level', message: `一次性扣分请选择 ${ASSESSMENT_PENALTIES.join('、')} 分之一` });
  }
  const fix = await correction(db, 'assessment_entries', form, errors);
  if (errors.length) return { ok: false, errors };
  const approved = kind === 'bonus' && ['on', 'true'].includes(text(form, 'approved')) ? 1 : 0;
  return insert(
    db
      .prepare(
        `INSERT INTO assessment_entries (quarter, unit, kind, problem, level, evidence, approved, entered_by, entered_at,
           supersedes, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)`,
      )
      .bind(
        quarter,
        unit,
        kind,
        problem,
        level,
        evidence,
        approved,
        by.email,
        now.toISOString(),
        fix.supersedes,
        fix.reason,
      ),
  );
}
