/**
 * The public form of the handling figures: `/data/statistics.json`, its CSV and the
 * `/statistics/` page all read this one shape (format: docs/open-data.md). Only aggregates
 * keyed by source, category, town, month and state: no free text, no address, no date finer
 * than a day, nothing about a single complainant. Small counts are shown as they are.
 */
import { CATEGORIES } from '../../domain/taxonomy.ts';
import { CASE_SOURCES, CASE_STATES } from '../../domain/cases/model.ts';
import type { RosterIndex } from '../../domain/roster/query.ts';
import type { Rate, StatsPeriod } from '../../domain/statistics.ts';
import type { Figures } from './figures.ts';

/** The handling rates, in the order pages and files list them, with their Chinese names. */
export const RATE_LABELS = {
  assignedSameDay: '当日交办率',
  feedbackOnTime: '按期反馈率',
  closed: '办结（销号）率',
  recheckPass: '复核通过率',
} as const;
export type RateKey = keyof typeof RATE_LABELS;

export interface PublicStatistics {
  schemaVersion: 1;
  period: StatsPeriod;
  /** The Beijing date the figures were counted on (clocks still running count from then). */
  countedOn: string;
  received: number;
  bySource: Record<string, number>;
  byCategory: Record<string, number>;
  byTown: Record<string, number>;
  byMonth: Record<string, number>;
  byState: Record<string, number>;
  rates: Record<RateKey, Rate>;
  medianWorkingDaysToClose: number | null;
  repeatReports: number;
  rejected: number;
  labels: {
    sources: Record<string, string>;
    categories: Record<string, string>;
    towns: Record<string, string>;
    states: Record<string, string>;
    rates: Record<RateKey, string>;
  };
}

/** Picks the public figures, field by field (a figure added to `Figures` later is not published by accident). */
export function toPublic(f: Figures, countedOn: string, index: RosterIndex): PublicStatistics {
  return {
    schemaVersion: 1,
    period: f.period,
    countedOn,
    received: f.received,
    bySource: f.bySource,
    byCategory: f.byCategory,
    byTown: f.byTown,
    byMonth: f.byMonth,
    byState: f.byState,
    rates: {
      assignedSameDay: f.assignedSameDay,
      feedbackOnTime: f.feedbackOnTime,
      closed: f.closed,
      recheckPass: f.recheckPass,
    },
    medianWorkingDaysToClose: f.medianWorkingDaysToClose,
    repeatReports: f.repeatReports,
    rejected: f.rejected,
    labels: {
      sources: { ...CASE_SOURCES },
      categories: { ...CATEGORIES },
      towns: Object.fromEntries(index.roster.towns.map((t) => [t.id, t.name])),
      states: { ...CASE_STATES },
      rates: { ...RATE_LABELS },
    },
  };
}

const CSV_HEADER = ['period', 'measure', 'key', 'label', 'n', 'of', 'pct'];

const cell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** The same figures as CSV, one row per number (long format; UTF-8 with a BOM so Excel reads Chinese). */
export function toCsv(s: PublicStatistics): string {
  const rows: (string | number | null)[][] = [];
  const count = (measure: string, key: string, label: string, n: number | null) =>
    rows.push([s.period.label, measure, key, label, n, null, null]);
  count('received', '', '收件数', s.received);
  const dims = [
    ['bySource', s.bySource, s.labels.sources],
    ['byCategory', s.byCategory, s.labels.categories],
    ['byTown', s.byTown, s.labels.towns],
    ['byMonth', s.byMonth, {}],
    ['byState', s.byState, s.labels.states],
  ] as const;
  for (const [measure, values, labels] of dims) {
    for (const [key, n] of Object.entries(values))
      count(measure, key, (labels as Record<string, string>)[key] ?? key, n);
  }
  for (const [key, r] of Object.entries(s.rates) as [RateKey, Rate][]) {
    rows.push([s.period.label, 'rate', key, RATE_LABELS[key], r.n, r.of, r.pct]);
  }
  count('medianWorkingDaysToClose', '', '办结用时中位数（工作日）', s.medianWorkingDaysToClose);
  count('repeatReports', '', '重复举报（并单）', s.repeatReports);
  count('rejected', '', '不予受理', s.rejected);
  return `\uFEFF${[CSV_HEADER, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
