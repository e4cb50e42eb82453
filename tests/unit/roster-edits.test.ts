/**
 * The console's roster edits as pure functions over the sample content: each edit's canonical
 * files (the form roster:import writes), the base hash, the drafted change record, the diff in
 * words, the plan findings it brings in, and errors on the right form field.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../domain/crypto.ts';
import { readRosterFiles } from '../../domain/roster/fs.ts';
import { parseRoster } from '../../domain/roster/load.ts';
import { draftEdit } from '../../domain/roster/edits/apply.ts';
import { diffText } from '../../domain/roster/edits/diff.ts';
import type { BuiltRoster, EditDraft, EditRequest, EditResult } from '../../domain/roster/edits/model.ts';
import { serializeRoster } from '../../domain/roster/serialize.ts';

let built: BuiltRoster;
beforeAll(async () => {
  const files = await readRosterFiles('./content');
  built = { files, roster: parseRoster(files) };
});

const TODAY = '2026-12-02';
const edit = (
  req: Partial<EditRequest> & Pick<EditRequest, 'kind' | 'target'>,
  taken?: string[],
): Promise<EditResult> =>
  draftEdit(
    { values: {}, effective: '2026-12-01', summary: '', ...req },
    { built, today: TODAY, ...(taken ? { takenChangeIds: taken } : {}) },
  );
async function ok(req: Parameters<typeof edit>[0], taken?: string[]): Promise<EditDraft> {
  const r = await edit(req, taken);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.draft;
}
async function errorsOf(req: Parameters<typeof edit>[0]): Promise<Record<string, string>> {
  const r = await edit(req);
  expect(r.ok).toBe(false);
  return r.ok ? {} : Object.fromEntries(r.errors.map((e) => [e.field, e.message]));
}
/** The roster with the draft's files in place, parsed as the build would (throws on any error). */
const applied = (d: EditDraft) =>
  parseRoster({ ...built.files, ...Object.fromEntries(d.files.map((f) => [f.path, f.content])) });

const MALINA = { name: '马丽娜', phone: '13800000099', role: '网格监督员', fullTime: 'true' };

describe('replace a person', () => {
  it('writes the village file in canonical form with the base hash, a drafted record and the diff in words', async () => {
    const d = await ok({ kind: 'replace-person', target: 'villages/dongxing/supervisors/0', values: MALINA });
    expect(d.town).toBe('jiedao');
    expect(d.files.map((f) => f.path)).toEqual(['villages/dongxing.yaml']);
    const [file] = d.files;
    expect(file!.base).toBe(await sha256Hex(built.files['villages/dongxing.yaml']!));
    const roster = applied(d);
    // Canonical: serializing the edited roster gives the same bytes (what roster:import and roster:format write).
    expect(serializeRoster(roster, { 'villages/dongxing.yaml': '' })['villages/dongxing.yaml']).toBe(
      file!.content.replace(/^#.*\n/gm, ''),
    );
    expect(file!.content.startsWith('# 三级网格')).toBe(true); // the leading comment is kept
    const sup = roster.villages.find((v) => v.id === 'dongxing')!.supervisors[0]!;
    expect(sup).toEqual({ name: '马丽娜', role: '网格监督员', phone: '13800000099', fullTime: true });
    expect(roster.villages.find((v) => v.id === 'dongxing')!.updated).toBe(TODAY);
    expect(d.diff.map(diffText)).toEqual([
      '东兴社区 网格监督员：冯秀兰 → 马丽娜，电话 13800000015 → 13800000099，不再标为示例',
    ]);
    expect(d.diff[0]!.town).toBe('街道办事处');
    const last = Math.max(...built.roster.changes.map((c) => Number(c.id.slice(-3))));
    expect(d.change).toEqual({
      id: `c-2026-${String(last + 1).padStart(3, '0')}`,
      effective: '2026-12-01',
      scope: ['villages/dongxing'],
      summary: '东兴社区网格监督员调整',
    });
    expect(d.findings).toEqual([]);
  });

  it('takes the summary given, and skips change ids open proposals already drafted', async () => {
    const first = await ok({ kind: 'replace-person', target: 'villages/dongxing/supervisors/0', values: MALINA });
    const d = await ok(
      {
        kind: 'replace-person',
        target: 'villages/dongxing/supervisors/0',
        values: MALINA,
        summary: '东兴社区专职网格监督员调整',
      },
      [first.change.id],
    );
    expect(d.change.summary).toBe('东兴社区专职网格监督员调整');
    expect(d.change.id).not.toBe(first.change.id);
    expect(d.change.id > first.change.id).toBe(true);
  });

  it('names the field for every bad input, in Chinese', async () => {
    const t = { kind: 'replace-person', target: 'villages/dongxing/supervisors/0' } as const;
    expect(await errorsOf({ ...t, values: { ...MALINA, name: '' } })).toEqual({ name: '请填写「姓名」' });
    expect((await errorsOf({ ...t, values: { ...MALINA, phone: '1380000' } })).phone).toMatch(/电话号码格式不对/);
    expect((await errorsOf({ ...t, values: { ...MALINA, name: '名'.repeat(21) } })).name).toMatch(/不能超过 20 个字/);
    expect(await errorsOf({ ...t, values: { ...MALINA, fullTime: '' } })).toEqual({ fullTime: '请选择「专职或兼职」' });
    expect(await errorsOf({ ...t, values: { ...MALINA, fullTime: 'maybe' } })).toEqual({
      fullTime: '请从列表中选择「专职或兼职」',
    });
    expect((await errorsOf({ ...t, values: MALINA, effective: '2026-02-30' })).effective).toMatch(/YYYY-MM-DD/);
    expect((await errorsOf({ ...t, values: MALINA, effective: '' })).effective).toMatch(/日期/);
    expect((await errorsOf({ ...t, values: MALINA, summary: '长'.repeat(201) })).summary).toMatch(/200/);
    expect(
      Object.keys(
        await errorsOf({ kind: 'replace-person', target: 'villages/dongxing/supervisors/9', values: MALINA }),
      ),
    ).toEqual(['target']);
    expect(Object.keys(await errorsOf({ kind: 'replace-person', target: '../etc/passwd', values: MALINA }))).toEqual([
      'target',
    ]);
    expect(Object.keys(await errorsOf({ kind: 'fly', target: 'villages/dongxing', values: MALINA }))).toEqual(['kind']);
  });

  it('refuses an edit that changes nothing', async () => {
    const leader = built.roster.towns.find((t) => t.id === 'jiedao')!.leaders[0]!;
    expect(leader.sample).toBeUndefined(); // a real person from the plan: the form's values are all of it
    const e = await errorsOf({
      kind: 'replace-person',
      target: 'towns/jiedao/leaders/0',
      values: { name: leader.name, title: leader.title, role: leader.role },
    });
    expect(e).toEqual({ _form: '没有改动任何内容：请修改后再提交' });
  });
});

describe('supervisors', () => {
  it('shows the plan finding before saving when the only full-time supervisor is removed', async () => {
    const d = await ok({ kind: 'remove-supervisor', target: 'villages/dongxing/supervisors/0' });
    expect(d.diff.map(diffText)).toEqual(['东兴社区 网格监督员：删除 冯秀兰（电话 13800000015，专职）']);
    expect(d.findings.map((f) => f.rule).sort()).toEqual(['village-fulltime', 'village-supervisors']);
    expect(d.findings.every((f) => f.file === 'villages/dongxing.yaml')).toBe(true);
    expect(applied(d).villages.find((v) => v.id === 'dongxing')!.supervisors).toHaveLength(2);
  });

  it('adds a supervisor, and only to a village or town that exists', async () => {
    const d = await ok({
      kind: 'add-supervisor',
      target: 'villages/dongxing',
      values: { name: '示例新增', phone: '13800000098', role: '网格监督员', fullTime: 'false' },
    });
    expect(d.diff.map(diffText)).toEqual(['东兴社区 网格监督员：新增 示例新增（电话 13800000098，兼职）']);
    expect(applied(d).villages.find((v) => v.id === 'dongxing')!.supervisors).toHaveLength(4);
    expect(Object.keys(await errorsOf({ kind: 'add-supervisor', target: 'villages/nowhere', values: MALINA }))).toEqual(
      ['target'],
    );
    expect(Object.keys(await errorsOf({ kind: 'remove-supervisor', target: 'villages/dongxing/leaders/0' }))).toEqual([
      'target',
    ]);
  });
});

describe('sub-leaders, villages, departments, enterprises', () => {
  it("changes which villages a 分网格长 covers, with the plan's findings", async () => {
    const d = await ok({
      kind: 'subleader-villages',
      target: 'towns/jiedao/subLeaders/0',
      values: { villages: ['dongxing'] },
    });
    expect(d.files.map((f) => f.path)).toEqual(['towns/jiedao.yaml']);
    expect(d.diff.map(diffText)).toEqual([
      '街道办事处 二级分网格长：夏春生，负责村（居） dongxing、xinyuan → dongxing',
    ]);
    expect(d.findings.map((f) => f.rule).sort()).toEqual(['subleader-villages', 'village-coverage']);
    // Only the town's own villages are offered; another town's id is refused on the field.
    expect(
      await errorsOf({
        kind: 'subleader-villages',
        target: 'towns/jiedao/subLeaders/0',
        values: { villages: ['beiguan'] },
      }),
    ).toEqual({ villages: '请从列表中选择「负责的村（居）」' });
    expect(
      (await errorsOf({ kind: 'subleader-villages', target: 'towns/jiedao/subLeaders/0', values: { villages: [] } }))
        .villages,
    ).toMatch(/villages/);
  });

  it('adds a village as a new file and puts it under a 分网格长', async () => {
    const values = {
      id: 'shili',
      name: '示例新村',
      kind: 'village',
      leaderName: '示例书记',
      leaderTitle: '党支部书记、村委会主任',
      subLeader: 'jiedao-fwgz-1',
    };
    const d = await ok({ kind: 'add-village', target: 'towns/jiedao', values });
    expect(d.files.map((f) => [f.path, f.base === null])).toEqual([
      ['villages/shili.yaml', true],
      ['towns/jiedao.yaml', false],
    ]);
    expect(d.change.scope).toEqual(['villages/shili', 'towns/jiedao']);
    const roster = applied(d);
    expect(roster.villages.find((v) => v.id === 'shili')!.town).toBe('jiedao');
    expect(d.diff.map(diffText)).toEqual([
      '示例新村 新增村（居）（id：shili）',
      '示例新村 网格长：新增 示例书记',
      '街道办事处 二级分网格长：夏春生，负责村（居） dongxing、xinyuan → dongxing、xinyuan、shili',
    ]);
    // A new village has no workers or supervisors yet: the plan's findings say so before saving.
    expect(d.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['village-workers', 'village-supervisors']));
    expect(
      await errorsOf({ kind: 'add-village', target: 'towns/jiedao', values: { ...values, id: 'dongxing' } }),
    ).toEqual({
      id: '村（居）id「dongxing」已被「东兴社区」使用，请换一个',
    });
    expect(
      (await errorsOf({ kind: 'add-village', target: 'towns/jiedao', values: { ...values, id: 'Shi Li' } })).id,
    ).toMatch(/小写字母/);
    expect(
      (await errorsOf({ kind: 'add-village', target: 'towns/jiedao', values: { ...values, leaderName: '' } }))
        .leaderName,
    ).toBe('请填写「姓名」');
    expect(
      (await errorsOf({ kind: 'add-village', target: 'towns/jiedao', values: { ...values, subLeader: 'x' } }))
        .subLeader,
    ).toBe('请从列表中选择「由哪位二级分网格长负责」');
  });

  it("changes a department's duties and liaison; clearing the liaison is a finding", async () => {
    const sthj = built.roster.departments.find((d) => d.id === 'sthj')!;
    const values = {
      duties: [...sthj.duties, '示例新增职责'].join('\n'),
      liaisonName: '示例联络人',
      liaisonUnit: '生态环境分局',
      liaisonPhone: '13800000312',
      liaisonEmail: 'sthj-sample@example.gov.cn',
    };
    const d = await ok({ kind: 'department', target: 'departments/sthj', values });
    expect(d.town).toBeNull();
    expect(d.diff.map(diffText)).toEqual([
      '生态环境分局 职责：新增 「示例新增职责」',
      '生态环境分局 联络人：示例联络人，不再标为示例',
    ]);
    expect(applied(d).departments.find((x) => x.id === 'sthj')!.routes).toEqual(sthj.routes); // routing untouched
    const none = await ok({ kind: 'department', target: 'departments/sthj', values: { duties: values.duties } });
    expect(none.findings.map((f) => f.rule)).toEqual(['department-liaison']);
    expect(
      (await errorsOf({ kind: 'department', target: 'departments/sthj', values: { ...values, liaisonEmail: 'x' } }))
        .liaisonEmail,
    ).toMatch(/电子邮箱/);
    expect(
      (await errorsOf({ kind: 'department', target: 'departments/sthj', values: { ...values, duties: '' } })).duties,
    ).toMatch(/职责/);
  });

  it("changes an enterprise's placard data; a bad permit number is refused on its field", async () => {
    const d = await ok({
      kind: 'enterprise',
      target: 'enterprises/sample-jixie',
      values: {
        name: '唐山某机械配件有限公司（示例）',
        industry: '通用零部件制造',
        process: '示例流程：下料、机加工、包装。',
        permit: '91130294SAMPLE0001001P',
      },
    });
    expect(d.town).toBe(built.roster.villages.find((v) => v.id === 'dazhuang')!.town);
    expect(d.diff.map(diffText)[0]).toMatch(/^唐山某机械配件有限公司（示例） 生产流程：/);
    expect(
      (
        await errorsOf({
          kind: 'enterprise',
          target: 'enterprises/sample-jixie',
          values: { name: 'x', process: 'y', permit: '123' },
        })
      ).permit,
    ).toMatch(/22 位/);
  });
});
