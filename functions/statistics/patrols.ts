/**
 * Patrol records for the 巡查清单 and assessment item 2, through one small interface. The
 * patrol log is built on its own branch (issue 14); until its `patrols` table is in the
 * database, this answers "no patrol records yet" as evidence instead of guessing.
 *
 * Contract with the patrol log: a table `patrols` with at least `town_id`, `village_id`,
 * `person` and a Beijing date `date` (YYYY-MM-DD). If the merged table names them otherwise,
 * this one query is the place to adapt.
 */
import type { StatsPeriod } from '../../domain/statistics.ts';
import type { PatrolRecord } from '../../domain/patrols.ts';
import type { Query } from './figures.ts';

export interface PatrolEvidence {
  /** Whether the patrol log exists in this database. */
  available: boolean;
  records: PatrolRecord[];
  /** What the evidence rests on, in Chinese, for the ledger and the assessment report. */
  note: string;
}

const NO_LOG = '尚无巡查记录：巡查日志（patrols 表）还未启用，巡查频次未计入';

/** The period's patrol records, or the statement that there are none yet. */
export async function patrolRecords(q: Query, period: StatsPeriod): Promise<PatrolEvidence> {
  const cols = await q<{ name: string }>(`SELECT name FROM pragma_table_info('patrols')`, []);
  const names = new Set(cols.map((c) => c.name));
  if (!['town_id', 'village_id', 'person', 'date'].every((n) => names.has(n))) {
    return { available: false, records: [], note: cols.length ? `${NO_LOG}（patrols 表结构未识别）` : NO_LOG };
  }
  const records = await q<PatrolRecord>(
    `SELECT person, town_id AS townId, village_id AS villageId, date FROM patrols
     WHERE date BETWEEN ?1 AND ?2 ORDER BY date, town_id, person`,
    [period.from, period.to],
  );
  return { available: true, records, note: `${period.from} 至 ${period.to} 巡查记录 ${records.length} 条` };
}
