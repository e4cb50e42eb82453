/**
 * A hand-counted month: October 2019, with National Day (1–7 October off) and the make-up
 * working Saturday 12 October. Times are Beijing. The expected figures are worked out in
 * tests/worker/statistics-figures.test.ts next to each number.
 */
import { bj, type FixtureCase } from './case-fixtures.ts';

/** Two towns of the sample roster. */
export const A = 'jiedao';
export const B = 'qingbei';
export const today = '2019-11-30';

const assign = (at: string, lead: string, rectifyBy: string) => ({
  action: 'assign',
  at: bj(at),
  to: 'assigned',
  details: { lead, coHandlers: [], rectifyBy },
});
const step = (action: string, at: string, to: string, details?: Record<string, unknown>) => ({
  action,
  at: bj(at),
  to,
  ...(details ? { details } : {}),
});

export const october2019: FixtureCase[] = [
  // September: 23:30 Beijing on the 30th is outside October.
  { key: 'sep', category: 'dust', townId: A, receivedAt: bj('2019-09-30 23:30') },
  // 00:30 on 1 October Beijing is still 30 September in UTC: October's.
  {
    key: 'a',
    category: 'dust',
    townId: A,
    receivedAt: bj('2019-10-01 00:30'),
    actions: [
      assign('2019-10-08 09:00', `town:${A}`, '2019-10-15'),
      step('accept', '2019-10-08 10:00', 'accepted'),
      step('feedback', '2019-10-14 11:00', 'feedback'),
      step('verify', '2019-10-16 15:00', 'closed', { outcome: 'pass' }),
    ],
  },
  {
    key: 'b',
    category: 'flue_gas',
    townId: A,
    receivedAt: bj('2019-10-12 16:00'),
    actions: [
      assign('2019-10-14 09:00', 'department:sthj', '2019-10-18'),
      step('accept', '2019-10-14 09:30', 'accepted'),
      step('feedback', '2019-10-21 10:00', 'feedback'),
      step('verify', '2019-10-22 10:00', 'accepted', { outcome: 'fail' }),
      step('feedback', '2019-10-24 10:00', 'feedback'),
      step('verify', '2019-10-25 10:00', 'closed', { outcome: 'pass' }),
    ],
  },
  {
    key: 'c',
    source: 'hotline',
    category: 'dust',
    townId: A,
    receivedAt: bj('2019-10-15 18:00'),
    actions: [assign('2019-10-16 09:00', `town:${A}`, '2019-10-20')],
  },
  { key: 'd', source: 'patrol', category: 'sewage', townId: B, receivedAt: bj('2019-10-17 09:00') },
  {
    key: 'e',
    category: 'garbage',
    townId: A,
    receivedAt: bj('2019-10-18 09:00'),
    actions: [step('reject', '2019-10-18 10:00', 'rejected', { reason: '示例', redirectTo: '示例' })],
  },
  { key: 'f', category: 'dust', townId: A, receivedAt: bj('2019-10-21 09:00'), mergedInto: 'c' },
  { key: 'g', category: 'dust', townId: A, receivedAt: bj('2019-10-22 09:00'), mergedInto: 'c' },
  {
    key: 'h',
    source: 'media',
    category: 'noise',
    townId: B,
    receivedAt: bj('2019-10-31 20:00'),
    actions: [
      assign('2019-11-01 09:00', `town:${B}`, '2019-11-08'),
      step('accept', '2019-11-01 09:30', 'accepted'),
      step('feedback', '2019-11-05 10:00', 'feedback'),
      step('verify', '2019-11-06 10:00', 'closed', { outcome: 'pass' }),
    ],
  },
  // 00:10 on 1 November Beijing (31 October UTC): November's.
  { key: 'i', category: 'dust', townId: A, receivedAt: bj('2019-11-01 00:10') },
];
