/**
 * The change log against what the site last showed (publication.ts): every change since the
 * last deploy has a record, and no record claims a publication the deploy did not make.
 */
import { describeChange, samplesKept, snapshotOf, unrecordedChanges, type PublishedState } from './publication.ts';
import type { RosterFiles } from './load.ts';
import type { Finding } from './rules.ts';
import type { Roster } from './schema.ts';

/** Findings of the change log against the published state (none without a state yet). */
export function publicationFindings(roster: Roster, files: RosterFiles, state: PublishedState | undefined): Finding[] {
  if (!state) return [];
  const now = snapshotOf(files); // parses every tracked file: once per check
  const out: Finding[] = unrecordedChanges(state, now, roster.changes).map((f) => ({
    rule: 'change-unrecorded',
    severity: 'finding',
    file: f.file,
    message:
      `自 ${state.date} 发布以来有改动（${describeChange(f)}），但 changes.yaml 中没有涉及「${f.scope}」的未公布变更记录。` +
      '请运行 npm run roster:changes 起草变更记录（填写实际生效日期），核对后保存',
  }));
  for (const k of samplesKept(state, now)) {
    out.push({
      rule: 'sample-kept',
      severity: 'finding',
      file: k.file,
      field: `${k.field}.sample`,
      message: `${k.before} 换成了 ${k.after}，但仍标着 sample: true，网站会把此人显示为“示例”。如果 ${k.after} 是真实人员，请删除这一行的 sample: true`,
    });
  }
  roster.changes.forEach((c, i) => {
    if (c.published && c.published > state.date) {
      out.push({
        rule: 'change-published-by-hand',
        severity: 'finding',
        file: 'changes.yaml',
        field: `[${i}].published`,
        message: `变更「${c.summary}」（${c.id}）的公布日期 ${c.published} 晚于最近一次发布（${state.date}），网站上还没有它。公布日期由网站在新版本上线时自动记录（见 /changes/），请删除 published`,
      });
    }
  });
  return out;
}
