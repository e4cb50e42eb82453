/**
 * Drafted change-record summaries from what changed (「北关村网格监督员调整」). `npm run
 * roster:changes` and the staff console (domain/roster/edits/) both draft with this, so a
 * record reads the same whichever way the roster was changed.
 */
import type { FileChange } from './publication.ts';
import type { Roster } from './schema.ts';

/** Chinese names of the fields staff change most, for drafted summaries. */
export const FIELD_LABELS: Record<string, string> = {
  leaders: '网格长',
  workers: '网格员',
  supervisors: '网格监督员',
  subLeaders: '二级分网格长',
  officeDirector: '网格办公室主任',
  liaison: '联络人',
  liaisons: '联络人',
  envOffice: '环保所',
  head: '负责人',
  duties: '职责',
  routes: '投诉分派范围',
  covers: '覆盖范围',
  office: '网格办',
  group: '领导小组',
  channels: '投诉渠道',
  dischargePoints: '排放口',
  pollutants: '污染物',
};

/** The name of what a change scope names (「东兴社区」), or the scope itself when unknown. */
export function scopeName(roster: Roster, scope: string): string {
  if (scope === 'district') return roster.district.name;
  const [kind, id] = scope.split('/');
  const list: { id: string; name: string }[] =
    kind === 'towns'
      ? roster.towns
      : kind === 'villages'
        ? roster.villages
        : kind === 'departments'
          ? roster.departments
          : roster.enterprises;
  return list.find((x) => x.id === id)?.name ?? scope;
}

/** A drafted summary from what changed: 「北关村网格监督员调整；…」. Staff may reword it. */
export function draftSummary(roster: Roster, changes: readonly FileChange[]): string {
  const parts = changes.map((f) => {
    const name = scopeName(roster, f.scope);
    if (f.kind === 'added') return `新增${name}`;
    if (f.kind === 'removed') return `删除${f.scope}`;
    const top = [...new Set(f.fields.map((c) => c.field.split(/[.[]/)[0]!))];
    const labels = [...new Set(top.map((k) => FIELD_LABELS[k] ?? '信息'))];
    return `${name}${labels.join('、')}调整`;
  });
  return parts.join('；').slice(0, 200);
}
