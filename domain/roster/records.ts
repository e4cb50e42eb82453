/**
 * Reference checks for the change log and the enterprises: every id they name must exist
 * in the roster. Called by parseRoster, so a dangling reference stops the build like any
 * other content error.
 */
import type { RosterIssue } from './issue.ts';
import type { Change, Enterprise } from './records-schema.ts';
import type { Department, Town, Village } from './schema.ts';

export interface RecordsInput {
  towns: Town[];
  villages: Village[];
  departments: Department[];
  enterprises: Enterprise[];
  changes: Change[];
  fileOf: Map<object, string>;
  /** `dir/id` of files that failed validation: references to them are not reported again. */
  broken: Set<string>;
}

const SCOPE_LABELS: Record<string, string> = {
  towns: '镇（办事处）',
  villages: '村（居）',
  departments: '部门',
  enterprises: '排污企业',
};

/** Issues for unknown villages (enterprises), unknown scopes and repeated ids (changes). */
export function recordIssues(input: RecordsInput): RosterIssue[] {
  const issues: RosterIssue[] = [];
  const ids: Record<string, Set<string>> = {
    towns: new Set(input.towns.map((t) => t.id)),
    villages: new Set(input.villages.map((v) => v.id)),
    departments: new Set(input.departments.map((d) => d.id)),
    enterprises: new Set(input.enterprises.map((e) => e.id)),
  };

  for (const e of input.enterprises) {
    if (!ids.villages!.has(e.village) && !input.broken.has(`villages/${e.village}`)) {
      issues.push({
        file: input.fileOf.get(e) ?? `enterprises/${e.id}.yaml`,
        field: 'village',
        message: `找不到村（居）「${e.village}」，请填写企业所在村（居）的 id（见 villages/ 文件夹中的文件名）`,
      });
    }
  }

  const seen = new Map<string, number>();
  input.changes.forEach((c, i) => {
    const first = seen.get(c.id);
    if (first !== undefined) {
      issues.push({
        file: 'changes.yaml',
        field: `[${i}].id`,
        message: `变更编号「${c.id}」与第 ${first + 1} 条重复，请改为唯一的编号`,
      });
    } else seen.set(c.id, i);
    c.scope.forEach((ref, j) => {
      if (ref === 'district') return;
      const [kind, id] = ref.split('/') as [string, string];
      if (!ids[kind]!.has(id) && !input.broken.has(ref)) {
        issues.push({
          file: 'changes.yaml',
          field: `[${i}].scope[${j}]`,
          message: `找不到${SCOPE_LABELS[kind]}「${id}」，请改为已有的 id（见 content/${kind}/ 中的文件名），或删除这一项`,
        });
      }
    });
  });
  return issues;
}
