import { describe, expect, it } from 'vitest';
import { byChineseName, formatDate, joinCjk, joinCjkLines, latestDate } from '../../site/lib/format.ts';
import { complaintPath } from '../../site/lib/paths.ts';

describe('page formatting helpers', () => {
  it('formats dates the Chinese way', () => {
    expect(formatDate('2026-11-20')).toBe('2026年11月20日');
    expect(latestDate('2026-01-02', undefined, '2026-11-20', '2025-12-31')).toBe('2026-11-20');
  });

  it('drops the spaces YAML folding leaves between Chinese characters, keeps them next to Latin text', () => {
    expect(joinCjk('网格监督员， 负责日常\n  巡查')).toBe('网格监督员，负责日常巡查');
    expect(joinCjk('拨打 12369 热线')).toBe('拨打 12369 热线');
  });

  it('drops the space after full-width punctuation', () => {
    expect(joinCjk('双网格长；  3 名分网格长')).toBe('双网格长；3 名分网格长');
  });

  it('joins lines wrapped inside a Chinese Markdown paragraph but keeps lists, tables and paragraphs', () => {
    expect(joinCjkLines('由郝国营担任网格长；\n  3 名分网格长各负责\n  2 个村（居）')).toBe(
      '由郝国营担任网格长；3 名分网格长各负责\n  2 个村（居）',
    );
    expect(joinCjkLines('每个村（居）\n至少 3 名')).toBe('每个村（居）至少 3 名');
    expect(joinCjkLines('划分为两层网格：\n\n- 二级网格\n- 三级网格')).toBe(
      '划分为两层网格：\n\n- 二级网格\n- 三级网格',
    );
    expect(joinCjkLines('要求：\n1. 第一条')).toBe('要求：\n1. 第一条');
    expect(joinCjkLines('| 姓名 | 村 |\n| --- | --- |\n| 夏春生 | 东兴 |')).toBe(
      '| 姓名 | 村 |\n| --- | --- |\n| 夏春生 | 东兴 |',
    );
  });

  it('sorts units in pinyin order', () => {
    const names = byChineseName([{ name: '应急管理局' }, { name: '财政局' }, { name: '公安分局' }]).map((d) => d.name);
    expect(names).toEqual(['财政局', '公安分局', '应急管理局']);
  });

  it('prefills the complaint form with the place', () => {
    expect(complaintPath()).toBe('/complaint/');
    expect(complaintPath({ town: 'jiedao', village: 'dongxing' })).toBe('/complaint/?town=jiedao&village=dongxing');
  });
});
