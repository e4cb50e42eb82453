import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { changeClock } from '../../domain/changes.ts';
import { packageCalendar } from '../../domain/workdays.ts';
import { parseRoster, RosterError, type RosterFiles } from '../../domain/roster/load.ts';
import { changeSchema } from '../../domain/roster/records-schema.ts';
import { toYaml } from '../../domain/roster/serialize.ts';
import { editYaml, sampleFiles } from './helpers/roster-fixture.ts';

let sample: RosterFiles;
beforeAll(async () => {
  sample = await sampleFiles();
});

function issues(files: RosterFiles) {
  try {
    parseRoster(files);
    return [];
  } catch (e) {
    if (e instanceof RosterError) return e.issues;
    throw e;
  }
}

describe('enterprise and change-log content', () => {
  it('loads the sample enterprises and changes into the roster', () => {
    const r = parseRoster(sample);
    expect(r.enterprises.map((e) => e.id)).toEqual(['sample-jiancai', 'sample-jixie']);
    expect(r.changes.map((c) => c.id)).toEqual(['c-2026-001', 'c-2026-002', 'c-2026-003', 'c-2026-004', 'c-2026-005']);
  });

  it('checks the permit number, the limits that keep a placard to one sheet, and the village', () => {
    const files = editYaml(sample, 'enterprises/sample-jixie.yaml', (e) => {
      e.permit = '91130294-001P';
      e.pollutants = Array.from({ length: 9 }, () => e.pollutants[0]);
      e.village = 'nosuch';
    });
    const found = issues(files);
    expect(found.map((i) => i.field).sort()).toEqual(['permit', 'pollutants']);
    expect(found.find((i) => i.field === 'permit')!.message).toContain('排污许可证编号应是 22 位');
    expect(found.find((i) => i.field === 'pollutants')!.message).toContain('污染物最多列 8 种');
  });

  it('checks change ids are unique and scopes name existing records', () => {
    const files = editYaml(sample, 'changes.yaml', (c) => {
      c[1].id = c[0].id;
      c[2].scope = ['villages/nosuch', 'towns/jiedao', 'villiges/beiguan'];
    });
    expect(issues(files)).toEqual([
      expect.objectContaining({
        file: 'changes.yaml',
        field: '[2].scope[2]',
        message: expect.stringContaining('变更范围请写成'),
      }),
    ]);
    const fixed = editYaml(files, 'changes.yaml', (c) => void c[2].scope.pop());
    expect(issues(fixed)).toEqual([
      { file: 'changes.yaml', field: '[1].id', message: '变更编号「c-2026-001」与第 1 条重复，请改为唯一的编号' },
      expect.objectContaining({ field: '[2].scope[0]', message: expect.stringContaining('找不到村（居）「nosuch」') }),
    ]);
  });

  it('reports a town’s dangling reference against the town file, even with a plan beside it', () => {
    const files = editYaml(sample, 'towns/jiedao.yaml', (t) => void t.subLeaders[0].villages.push('nosuch'));
    expect(files['towns/jiedao.md']).toBeDefined();
    expect(issues(files)).toEqual([
      expect.objectContaining({ file: 'towns/jiedao.yaml', field: 'subLeaders[0].villages[2]' }),
    ]);
  });

  it('does not pile “not found” errors on a file that is already reported', () => {
    const files = editYaml(sample, 'villages/dongxing.yaml', (v) => void (v.kind = 'hamlet'));
    expect(issues(files)).toEqual([expect.objectContaining({ file: 'villages/dongxing.yaml', field: 'kind' })]);
  });

  it('a missing changes.yaml is an empty change log', () => {
    const files = { ...sample };
    delete files['changes.yaml'];
    expect(parseRoster(files).changes).toEqual([]);
  });
});

describe('publication clock', () => {
  it('is on time up to and including the due date', () => {
    // 2026-09-18 + 30 working days = 2026-11-05 (workdays.test.ts).
    expect(changeClock({ effective: '2026-09-18', published: '2026-11-05' }, packageCalendar)).toEqual({
      state: 'on-time',
      due: '2026-11-05',
      elapsed: 30,
    });
    expect(changeClock({ effective: '2026-09-18', published: '2026-11-06' }, packageCalendar)).toMatchObject({
      state: 'late',
      lateBy: 1,
    });
    // Published before it took effect (announced in advance): on time.
    expect(changeClock({ effective: '2026-09-18', published: '2026-09-01' }, packageCalendar).state).toBe('on-time');
  });

  it('without a today, an unpublished change is pending with its due date', () => {
    expect(changeClock({ effective: '2026-09-18' }, packageCalendar)).toEqual({ state: 'pending', due: '2026-11-05' });
  });

  it('says overdue past the due date, provisional when today lies in an uncovered year', () => {
    expect(changeClock({ effective: '2026-09-18' }, packageCalendar, '2027-01-10')).toEqual({
      state: 'overdue',
      due: '2026-11-05',
      // After Nov 5: Nov 6 (1), Nov 9–Dec 31 (40), Fri Jan 1 provisional (41), Jan 4–8 (46).
      elapsed: 76,
      lateBy: 46,
      provisionalYears: [2027],
    });
  });

  it('gives a provisional due date, never an error, when it falls in an uncovered year', () => {
    const c = changeClock({ effective: '2026-12-01' }, packageCalendar, '2026-12-10');
    // Dec 2–31 (22 working days), then 2027 on weekends only: Fri Jan 1 (23), Jan 4–8 (28), Jan 11, 12 (30).
    expect(c).toEqual({ state: 'pending', due: '2027-01-12', provisionalYears: [2027], elapsed: 7, remaining: 23 });
  });
});

describe('canonical YAML', () => {
  it('orders keys by schema, id first, drops defaults, quotes dates, keeps the comment', () => {
    const text = toYaml(
      [
        {
          summary: '调整',
          sample: true,
          scope: ['towns/jiedao'],
          effective: '2026-01-05',
          id: 'c-1',
          published: undefined,
        },
      ],
      changeSchema.array(),
      'Change log.\n\nSecond paragraph.',
    );
    expect(text).toBe(
      [
        '# Change log.',
        '#',
        '# Second paragraph.',
        '- id: c-1',
        "  effective: '2026-01-05'",
        '  scope: [ towns/jiedao ]',
        '  summary: 调整',
        '  sample: true',
        '',
      ].join('\n'),
    );
    expect(parse(text)).toEqual([
      { id: 'c-1', effective: '2026-01-05', scope: ['towns/jiedao'], summary: '调整', sample: true },
    ]);
  });
});
