/**
 * The roster's schema and reference checks, each against the sample content
 * with one deliberate fault. Staff only ever see the message text, so the
 * tests assert it names the file, the field and what to do.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readRosterFiles } from '../../domain/roster/fs.ts';
import { parseRoster, RosterError, type RosterFiles, type RosterIssue } from '../../domain/roster/load.ts';

let sample: RosterFiles;
beforeAll(async () => {
  sample = await readRosterFiles('content');
});

/** The sample files with one file's text changed; fails loudly if the change did not apply. */
function withEdit(file: string, edit: (text: string) => string): RosterFiles {
  const before = sample[file];
  if (before === undefined) throw new Error(`no sample file ${file}`);
  const after = edit(before);
  if (after === before) throw new Error(`edit of ${file} changed nothing`);
  return { ...sample, [file]: after };
}

function issuesOf(files: RosterFiles): RosterIssue[] {
  try {
    parseRoster(files);
  } catch (e) {
    if (e instanceof RosterError) return e.issues;
    throw e;
  }
  throw new Error('parseRoster accepted a broken roster');
}

describe('sample content', () => {
  it('is valid: 4 towns, 24 villages, 16 departments', () => {
    const r = parseRoster(sample);
    expect([r.towns.length, r.villages.length, r.departments.length]).toEqual([4, 24, 16]);
  });
});

describe('schema checks', () => {
  it('bad phone: names the file, the field and the accepted forms', () => {
    const issues = issuesOf(
      withEdit('villages/dongxing.yaml', (t) => t.replace("phone: '13800000015'", "phone: '1380000001'")),
    );
    expect(issues).toEqual([
      {
        file: 'villages/dongxing.yaml',
        field: 'supervisors[0].phone',
        message: expect.stringContaining('电话号码格式不对'),
      },
    ]);
    expect(issues[0]!.message).toContain('13812345678');
    expect(issues[0]!.message).toContain('0315-5776118-123');
  });

  it('unknown field: names the key and says to fix the spelling or delete it', () => {
    const issues = issuesOf(
      withEdit('towns/jiedao.yaml', (t) => t.replace('  email: jiedao-sample', '  emial: jiedao-sample')),
    );
    expect(issues).toContainEqual({
      file: 'towns/jiedao.yaml',
      field: 'liaison',
      message: '有未知字段 「emial」，请检查拼写或删除该字段',
    });
  });

  it('missing required field: names the field in Chinese and says to add it', () => {
    const issues = issuesOf(withEdit('villages/beiguan.yaml', (t) => t.replace('name: 北关村\n', '')));
    expect(issues).toEqual([
      { file: 'villages/beiguan.yaml', field: 'name', message: '缺少必填项「村（居）名称」，请补上' },
    ]);
  });

  it('missing full-time flag on a supervisor says how to write it', () => {
    const issues = issuesOf(withEdit('villages/beiguan.yaml', (t) => t.replace(', fullTime: true', '')));
    expect(issues).toEqual([
      {
        file: 'villages/beiguan.yaml',
        field: 'supervisors[0].fullTime',
        message: '请用 fullTime 注明是否专职：专职写 true，兼职写 false',
      },
    ]);
  });

  it('YAML syntax error: names the file and the line, and what to check', () => {
    const issues = issuesOf(withEdit('villages/beiguan.yaml', (t) => t.replace('kind: village', 'kind: "village')));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'villages/beiguan.yaml', field: '' });
    expect(issues[0]!.message).toMatch(/^YAML 格式有误（第 \d+ 行）：请检查缩进、冒号后的空格和引号是否成对/);
  });

  it('formats each issue as content/<file> › <field>：<message>', () => {
    const files = withEdit('villages/dongxing.yaml', (t) => t.replace("phone: '13800000015'", "phone: '1380000001'"));
    expect(() => parseRoster(files)).toThrow(
      /^名册内容有 1 处错误，请逐条修改后重试：\n {2}content\/villages\/dongxing\.yaml › supervisors\[0\]\.phone：电话号码格式不对/,
    );
  });
});

describe('phone written as a number', () => {
  it('an unquoted phone in YAML: says to add quotes, showing the line to write', () => {
    const issues = issuesOf(
      withEdit('villages/dongxing.yaml', (t) => t.replace("phone: '13800000015'", 'phone: 13800000015')),
    );
    expect(issues).toEqual([
      {
        file: 'villages/dongxing.yaml',
        field: 'supervisors[0].phone',
        message: expect.stringContaining('请加上英文引号'),
      },
    ]);
    expect(issues[0]!.message).toContain("phone: '13800000015'");
  });
});

describe('calendar/<year>.yaml: a year’s official holiday arrangement', () => {
  const good = [
    'year: 2027',
    'source: { number: 测试〔2026〕1号, date: 2026-11-01 }',
    'holidays:',
    '  - { name: 元旦, from: 2027-01-01, to: 2027-01-03 }',
    'workdays: [ 2027-02-20 ]',
  ].join('\n');
  const withCalendar = (text: string, file = 'calendar/2027.yaml') => ({ ...sample, [file]: text });

  it('accepts a valid year and puts it in the roster', () => {
    expect(parseRoster(withCalendar(good)).calendars).toEqual([
      {
        year: 2027,
        source: { number: '测试〔2026〕1号', date: '2026-11-01' },
        holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
        workdays: ['2027-02-20'],
      },
    ]);
  });

  it('wants the source notice', () => {
    expect(issuesOf(withCalendar(good.replace(/^source:.*\n/m, '')))).toEqual([
      { file: 'calendar/2027.yaml', field: 'source', message: expect.stringContaining('请填写放假安排的来源') },
    ]);
  });

  it('refuses dates outside the year, make-up days on weekdays and overlaps', () => {
    const bad = [
      'year: 2027',
      'source: { number: 测试〔2026〕1号, date: 2026-11-01 }',
      'holidays:',
      '  - { name: 元旦, from: 2026-12-31, to: 2027-01-02 }',
      '  - { name: 春节, from: 2027-02-06, to: 2027-02-12 }',
      'workdays: [ 2027-02-22, 2027-02-06 ]',
    ].join('\n');
    const issues = issuesOf(withCalendar(bad));
    expect(issues).toEqual([
      {
        file: 'calendar/2027.yaml',
        field: 'holidays[0].from',
        message: expect.stringContaining('日期 2026-12-31 不在 2027 年内'),
      },
      {
        file: 'calendar/2027.yaml',
        field: 'workdays[0]',
        message: expect.stringContaining('2027-02-22 不是周六或周日'),
      },
      {
        file: 'calendar/2027.yaml',
        field: 'workdays[1]',
        message: expect.stringContaining('同时写在了「春节」的放假日期里'),
      },
    ]);
  });

  it('wants the file named by its year', () => {
    expect(issuesOf(withCalendar(good, 'calendar/2028.yaml'))).toEqual([
      { file: 'calendar/2028.yaml', field: 'year', message: expect.stringContaining('请写在 calendar/2027.yaml 中') },
    ]);
  });
});

describe('reference checks', () => {
  it('duplicate id: names both files and asks for a unique id', () => {
    const files = { ...sample, 'villages/dongxing2.yaml': sample['villages/dongxing.yaml']! };
    const issues = issuesOf(files);
    expect(issues).toContainEqual({
      file: 'villages/dongxing2.yaml',
      field: 'id',
      message: '村（居） id「dongxing」与 villages/dongxing.yaml 重复，请改为唯一的 id',
    });
  });

  it('id/filename mismatch: says which to rename', () => {
    const { ['villages/beiguan.yaml']: text, ...rest } = sample;
    const issues = issuesOf({ ...rest, 'villages/beiguan-old.yaml': text! });
    expect(issues).toEqual([
      {
        file: 'villages/beiguan-old.yaml',
        field: 'id',
        message: 'id「beiguan」与文件名不一致，请把文件改名为 beiguan.yaml 或把 id 改为「beiguan-old」',
      },
    ]);
  });

  it('village → unknown town: lists the towns that exist', () => {
    const issues = issuesOf(withEdit('villages/beiguan.yaml', (t) => t.replace('town: qingbei', 'town: qingbie')));
    expect(issues).toEqual([
      {
        file: 'villages/beiguan.yaml',
        field: 'town',
        message: '找不到镇（办事处）「qingbie」，请改为已有的 id：jiedao、laozhuangzi、qingbei、sannvhe',
      },
    ]);
  });

  it('分网格长 → unknown village: says to create the file or use an existing id', () => {
    const issues = issuesOf(
      withEdit('towns/jiedao.yaml', (t) =>
        t.replace('villages: [ dongxing, xinyuan ]', 'villages: [ dongxing, xinyuann ]'),
      ),
    );
    expect(issues).toEqual([
      {
        file: 'towns/jiedao.yaml',
        field: 'subLeaders[0].villages[1]',
        message: '找不到村（居）「xinyuann」，请先在 villages/ 中建立 xinyuann.yaml，或改为已有村（居）的 id',
      },
    ]);
  });

  it("分网格长 → another town's village: names the owning town", () => {
    const issues = issuesOf(
      withEdit('towns/jiedao.yaml', (t) =>
        t.replace('villages: [ dongxing, xinyuan ]', 'villages: [ dongxing, dazhuang ]'),
      ),
    );
    expect(issues).toEqual([
      {
        file: 'towns/jiedao.yaml',
        field: 'subLeaders[0].villages[1]',
        message: '村（居）「dazhuang」属于「laozhuangzi」，不属于本镇（办事处），请删除或改为本镇的村（居）',
      },
    ]);
  });

  it('district leader → unknown town', () => {
    const issues = issuesOf(
      withEdit('district.yaml', (t) => t.replace('towns: [ laozhuangzi ]', 'towns: [ laozhuang ]')),
    );
    expect(issues).toEqual([
      {
        file: 'district.yaml',
        field: 'leaders[0].towns[0]',
        message: '找不到镇（办事处）「laozhuang」，请改为已有的 id：jiedao、laozhuangzi、qingbei、sannvhe',
      },
    ]);
  });

  it('a broken village file is reported once, not again as a missing reference', () => {
    const issues = issuesOf(withEdit('villages/dongxing.yaml', (t) => t.replace('kind: community', 'kind: town')));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'villages/dongxing.yaml', field: 'kind' });
  });
});
