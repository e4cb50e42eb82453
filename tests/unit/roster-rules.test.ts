import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRosterFiles } from '../../domain/roster/check.ts';
import type { RosterFiles } from '../../domain/roster/load.ts';
import type { Finding } from '../../domain/roster/rules.ts';
import { editYaml, sampleFiles } from './helpers/roster-fixture.ts';

const TODAY = '2026-11-27';
let sample: RosterFiles;
/** A hypothetical 2027 arrangement (tests/fixtures/calendar/2027.yaml), not a real notice. */
let calendar2027: string;
beforeAll(async () => {
  sample = await sampleFiles();
  calendar2027 = await readFile(new URL('../fixtures/calendar/2027.yaml', import.meta.url), 'utf8');
});

function findings(files: RosterFiles, today = TODAY): Finding[] {
  return checkRosterFiles(files, { today }).findings;
}

function only(files: RosterFiles, rule: string): Finding {
  const all = findings(files);
  expect(all.map((f) => f.rule)).toEqual([rule]);
  return all[0]!;
}

describe('the plan’s rules on the sample roster', () => {
  it('passes every rule', () => {
    const r = checkRosterFiles(sample, { today: TODAY });
    expect(r.roster?.towns).toHaveLength(4);
    expect(r.findings).toEqual([]);
  });
});

describe('town rules', () => {
  it('town-leaders: needs both grid leaders', () => {
    const f = only(
      editYaml(sample, 'towns/jiedao.yaml', (t) => void t.leaders.pop()),
      'town-leaders',
    );
    expect(f).toMatchObject({ severity: 'finding', file: 'towns/jiedao.yaml', field: 'leaders', town: 'jiedao' });
    expect(f.message).toContain('双网格长只填了 1 名');
  });

  it('town-district-leader: needs a district leader responsible for the town', () => {
    const files = editYaml(sample, 'district.yaml', (d) => {
      d.leaders = d.leaders.filter((l: { towns: string[] }) => !l.towns.includes('qingbei'));
    });
    const f = only(files, 'town-district-leader');
    expect(f).toMatchObject({ file: 'district.yaml', field: 'leaders', town: 'qingbei' });
    expect(f.message).toContain('加上「qingbei」');
  });

  it('town-office-director: needs an office director', () => {
    const f = only(
      editYaml(sample, 'towns/sannvhe.yaml', (t) => void delete t.officeDirector),
      'town-office-director',
    );
    expect(f).toMatchObject({ file: 'towns/sannvhe.yaml', field: 'officeDirector' });
  });

  it('town-liaison: needs a liaison; phone and email are required by the schema', () => {
    const f = only(
      editYaml(sample, 'towns/sannvhe.yaml', (t) => void delete t.liaison),
      'town-liaison',
    );
    expect(f.message).toContain('姓名、电话和电子邮箱');
    const noEmail = findings(editYaml(sample, 'towns/sannvhe.yaml', (t) => void delete t.liaison.email));
    expect(noEmail).toEqual([
      expect.objectContaining({
        rule: 'schema',
        severity: 'error',
        file: 'towns/sannvhe.yaml',
        field: 'liaison.email',
      }),
    ]);
  });

  it('town-fulltime-supervisors: needs five full-time supervisors', () => {
    const files = editYaml(sample, 'towns/laozhuangzi.yaml', (t) => {
      t.supervisors[0].fullTime = false;
    });
    const f = only(files, 'town-fulltime-supervisors');
    expect(f.message).toContain('专职网格监督员只有 4 名，方案要求至少 5 名');
  });
});

describe('二级分网格长 rules', () => {
  it('subleader-villages: each covers two to three villages', () => {
    // Move one village from the second to the first sub-leader: 3 and 1.
    const files = editYaml(sample, 'towns/jiedao.yaml', (t) => {
      t.subLeaders[0].villages.push(t.subLeaders[1].villages.pop());
    });
    const all = findings(files);
    expect(all).toEqual([
      expect.objectContaining({ rule: 'subleader-villages', field: 'subLeaders[1].villages', town: 'jiedao' }),
    ]);
    expect(all[0]!.message).toContain('负责 1 个村（居），方案要求每人负责 2—3 个');
    const four = editYaml(sample, 'towns/jiedao.yaml', (t) => {
      t.subLeaders[0].villages.push(...t.subLeaders[1].villages);
      t.subLeaders.splice(1, 1);
    });
    expect(only(four, 'subleader-villages').message).toContain('负责 4 个村（居）');
  });

  it('village-coverage: every village covered by exactly one', () => {
    const uncovered = editYaml(sample, 'towns/jiedao.yaml', (t) => {
      t.subLeaders[0].villages = t.subLeaders[0].villages.slice(0, 1);
    });
    const all = findings(uncovered).map((f) => f.rule);
    expect(all.sort()).toEqual(['subleader-villages', 'village-coverage']);
    const cov = findings(uncovered).find((f) => f.rule === 'village-coverage')!;
    expect(cov.message).toContain('没有二级分网格长负责');

    const twice = editYaml(sample, 'towns/jiedao.yaml', (t) => {
      t.subLeaders[2].villages.push(t.subLeaders[0].villages[0]); // 3 villages: still within 2–3
    });
    const f = only(twice, 'village-coverage');
    expect(f.message).toMatch(/同时由 夏春生、胡春燕 负责/);
  });
});

describe('village rules', () => {
  it('village-supervisors: at least three', () => {
    const f = only(
      editYaml(sample, 'villages/beiguan.yaml', (v) => void v.supervisors.pop()),
      'village-supervisors',
    );
    expect(f).toMatchObject({ file: 'villages/beiguan.yaml', field: 'supervisors', town: 'qingbei' });
    expect(f.message).toContain('只有 2 名网格监督员');
  });

  it('village-fulltime: at least one full-time', () => {
    const f = only(
      editYaml(sample, 'villages/beiguan.yaml', (v) => {
        v.supervisors[0].fullTime = false;
      }),
      'village-fulltime',
    );
    expect(f.message).toContain('专职网格监督员只有 0 名');
  });

  it('village leaders are required by the schema (an error, not a finding)', () => {
    const all = findings(editYaml(sample, 'villages/beiguan.yaml', (v) => void (v.leaders = [])));
    expect(all).toEqual([
      expect.objectContaining({ rule: 'schema', severity: 'error', field: 'leaders', town: 'qingbei' }),
    ]);
  });

  it('village-leaders: the party secretary and the committee director, one person may hold both', () => {
    // One leader holding only one of the two posts: a finding naming the missing post.
    const f = only(
      editYaml(sample, 'villages/beiguan.yaml', (v) => void v.leaders.pop()),
      'village-leaders',
    );
    expect(f).toMatchObject({ file: 'villages/beiguan.yaml', field: 'leaders', town: 'qingbei' });
    expect(f.message).toContain('北关村的网格长没有村（居）委会主任');
    // One person holding both posts meets the rule.
    const both = editYaml(sample, 'villages/beiguan.yaml', (v) => {
      v.leaders = [{ ...v.leaders[0], title: '党支部书记、村委会主任' }];
    });
    expect(findings(both)).toEqual([]);
  });

  it('village-workers: at least one 网格员; one leader and no workers is not 达标', () => {
    const f = only(
      editYaml(sample, 'villages/beiguan.yaml', (v) => {
        v.leaders = [{ ...v.leaders[0], title: '党支部书记、村委会主任' }];
        v.workers = [];
      }),
      'village-workers',
    );
    expect(f).toMatchObject({ file: 'villages/beiguan.yaml', field: 'workers' });
    expect(f.message).toContain('北关村没有网格员');
  });
});

describe('department rules', () => {
  it('department-liaison: every department names a fixed liaison (plan, Annex 6)', () => {
    const f = only(
      editYaml(sample, 'departments/sthj.yaml', (d) => void delete d.liaison),
      'department-liaison',
    );
    expect(f).toMatchObject({ severity: 'finding', file: 'departments/sthj.yaml', field: 'liaison' });
    expect(f.message).toContain('生态环境分局没有指定固定联络人');
  });
});

describe('routing rules', () => {
  it('route-coverage: every category × place routes somewhere', () => {
    // cggxdd is the only department routing dust at shops.
    const files = editYaml(sample, 'routing.yaml', (table) => {
      const cggxdd = table.find((e: { department: string }) => e.department === 'cggxdd');
      for (const r of cggxdd.routes)
        if (r.categories.includes('dust')) r.places = r.places.filter((p: string) => p !== 'shop');
    });
    const f = only(files, 'route-coverage');
    expect(f).toMatchObject({ file: 'routing.yaml' });
    expect(f.message).toContain('问题类别「扬尘」（dust）在「门市门店」（shop）没有责任部门');
  });

  it('routing.yaml names existing departments, each once', () => {
    const files = editYaml(sample, 'routing.yaml', (table) => [
      ...table,
      { department: 'nosuch', routes: [] },
      { department: 'sthj', priority: 5 },
    ]);
    expect(findings(files)).toEqual([
      expect.objectContaining({ rule: 'schema', file: 'routing.yaml', field: '[9].department' }),
      expect.objectContaining({ rule: 'schema', file: 'routing.yaml', field: '[10].department' }),
    ]);
  });

  it('every department referenced exists (a reference error)', () => {
    const files = editYaml(sample, 'changes.yaml', (c) => void c[1].scope.push('departments/nosuch'));
    expect(findings(files)).toEqual([
      expect.objectContaining({ rule: 'schema', severity: 'error', file: 'changes.yaml', field: '[1].scope[1]' }),
    ]);
    expect(findings(files)[0]!.message).toContain('找不到部门「nosuch」');
  });
});

describe('publication clock rules', () => {
  const withChange = (change: object) =>
    editYaml(sample, 'changes.yaml', (c) => [
      ...c,
      { id: 'c-test', scope: ['villages/beiguan'], summary: '北关村网格长调整', ...change },
    ]);

  it('change-late: published after the due date', () => {
    // 2026-09-18 + 30 working days = 2026-11-05 (see workdays.test.ts); published Nov 9 = 2 days late.
    const f = only(withChange({ effective: '2026-09-18', published: '2026-11-09' }), 'change-late');
    expect(f).toMatchObject({ field: '[5].published', town: 'qingbei' });
    expect(f.message).toContain('应在 2026-11-05 前公布，实际 2026-11-09 公布，晚了 2 个工作日');
    expect(findings(withChange({ effective: '2026-09-18', published: '2026-11-05' }))).toEqual([]);
  });

  it('change-due-soon and change-overdue: unpublished changes near or past the due date', () => {
    // 2026-09-18 → due 2026-11-05. Working days gone by Oct 28: 24 (6 left); by Oct 29: 25.
    const files = withChange({ effective: '2026-09-18' });
    expect(findings(files, '2026-10-28')).toEqual([]);
    const soon = findings(files, '2026-10-29');
    expect(soon).toEqual([expect.objectContaining({ rule: 'change-due-soon', severity: 'finding', town: 'qingbei' })]);
    expect(soon[0]!.message).toContain('还剩 5 个工作日：请在 2026-11-05 前');
    expect(findings(files, '2026-11-05')[0]!.message).toContain('今天是最后一天');
    const late = findings(files, '2026-11-09'); // Fri Nov 6 and Mon Nov 9 are past the due date
    expect(late).toEqual([expect.objectContaining({ rule: 'change-overdue', field: '[5].published' })]);
    expect(late[0]!.message).toContain('应在 2026-11-05 前公布，已超过 2 个工作日');
  });

  it('change-calendar: a due date in a year not yet covered is provisional (暂定), a finding, never an error', () => {
    const beyond = withChange({ effective: '2026-11-20', published: '2026-11-27' });
    // Published 5 working days after taking effect: on time, whatever 2027's holidays are.
    expect(findings(beyond)).toEqual([]);
    const unpublished = withChange({ effective: '2026-12-20' });
    const all = findings(unpublished, '2027-01-05');
    expect(all).toEqual([
      expect.objectContaining({ rule: 'change-calendar', severity: 'finding', field: '[5]', town: 'qingbei' }),
    ]);
    // Mon Dec 21–31 (9), then 2027 on weekends only: Fri Jan 1 (10), Jan 4–8 (15), 11–15 (20),
    // 18–22 (25), 25–29 (30).
    expect(all[0]!.message).toContain('公布期限 2027-01-29（暂定）');
    expect(all[0]!.message).toContain('2027 年的放假和调休安排尚未录入');
    expect(all[0]!.message).toContain('content/calendar/2027.yaml');
  });

  it('an arrangement entered in calendar/<year>.yaml gives the official due date', () => {
    const files = { ...withChange({ effective: '2026-12-20' }), 'calendar/2027.yaml': calendar2027 };
    const r = checkRosterFiles(files, { today: '2027-01-05' });
    expect(r.findings).toEqual([]);
    // Dec 21–31 (9), [Jan 1–3 off], Jan 4–8 (14), 11–15 (19), 18–22 (24), 25–29 (29), Mon Feb 1 (30).
    // As of Jan 5: Dec 21–31 and Jan 4, 5 elapsed (11), 19 left.
    expect(r.pending).toEqual([
      expect.objectContaining({ id: 'c-test', clock: expect.objectContaining({ due: '2027-02-01', remaining: 19 }) }),
    ]);
    expect(r.pending![0]!.clock.provisionalYears).toBeUndefined();
  });
});
