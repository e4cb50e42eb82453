/** Recorded publication dates fill the change log for the clock (domain/roster/changes-file.ts). */
import { describe, expect, it } from 'vitest';
import { appendChangeRecord, withRecordedDates } from '../../domain/roster/changes-file.ts';

const LOG = `# 变更记录（示例）
- id: c-2026-001
  effective: '2026-03-02'
  published: '2026-03-20'
  scope: [ towns/laozhuangzi ]
  summary: 甲
- id: c-2026-002
  effective: '2026-11-20'
  scope: [ villages/beiguan ]
  summary: 乙
`;

describe('recorded publication dates', () => {
  it('fills only records without a date, keeping the comment', () => {
    const r = withRecordedDates(
      LOG,
      new Map([
        ['c-2026-001', '2026-04-01'],
        ['c-2026-002', '2026-12-02'],
      ]),
    );
    expect(r.filled).toEqual([1]);
    expect(r.text).toContain("published: '2026-03-20'");
    expect(r.text).toContain("- id: c-2026-002\n  effective: '2026-11-20'\n  published: '2026-12-02'");
    expect(r.text.startsWith('# 变更记录（示例）\n')).toBe(true);
  });

  it('leaves the text alone when nothing applies', () => {
    expect(withRecordedDates(LOG, new Map())).toEqual({ text: LOG, filled: [] });
  });
});

describe('appending a change record', () => {
  const rec = { id: 'c-2026-002', effective: '2026-12-01', scope: ['villages/nanguan'], summary: '丙' };
  it('renumbers a taken id and keeps every earlier record', () => {
    const r = appendChangeRecord(LOG, rec);
    expect(r.ok && r.record.id).toBe('c-2026-003');
    expect(r.ok && r.text).toContain('summary: 乙');
  });
  it('does not append the same record twice', () => {
    const once = appendChangeRecord(LOG, { ...rec, id: 'c-2026-009' });
    const twice = once.ok ? appendChangeRecord(once.text, { ...rec, id: 'c-2026-009' }) : once;
    expect(twice.ok && once.ok && twice.text === once.text).toBe(true);
  });
  it('refuses an incomplete record with a Chinese message', () => {
    const r = appendChangeRecord(LOG, { id: 'c-2026-010' });
    expect(r.ok).toBe(false);
  });
});
