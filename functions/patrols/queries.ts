/**
 * Reading the patrol log (migration 0014): the SQL that the API, the office overview and
 * `npm run patrols:check` share, so they count the same records.
 */
/** Patrol records between two Beijing dates (inclusive, `?1`–`?2`), as domain/patrols.ts counts them. */
export const PATROL_RECORDS_SQL = `SELECT person, town_id AS townId, village_id AS villageId, patrol_date AS date
  FROM patrols WHERE patrol_date BETWEEN ?1 AND ?2 ORDER BY patrol_date, created_at`;

/** One patrol as lists and the ledger show it. */
export interface PatrolSummary {
  id: string;
  person: string;
  staffEmail: string;
  staffName: string;
  townId: string;
  villageId: string;
  date: string;
  checked: string[];
  note: string | null;
  findingCount: number;
  createdAt: string;
}

interface Row {
  id: string;
  person: string;
  staff_email: string;
  staff_name: string;
  town_id: string;
  village_id: string;
  patrol_date: string;
  checked: string;
  note: string | null;
  finding_count: number;
  created_at: string;
}

/** Patrols of one recorder (`?1` a staff email), newest first. */
const MINE_SQL = `SELECT id, person, staff_email, staff_name, town_id, village_id, patrol_date, checked, note,
  finding_count, created_at FROM patrols WHERE staff_email = ?1 ORDER BY patrol_date DESC, created_at DESC LIMIT ?2`;

/** The latest patrols one staff member recorded (their phone page lists them). */
export async function patrolsOf(db: D1Database, email: string, limit = 20): Promise<PatrolSummary[]> {
  const rows = (await db.prepare(MINE_SQL).bind(email, limit).all<Row>()).results;
  return rows.map((r) => ({
    id: r.id,
    person: r.person,
    staffEmail: r.staff_email,
    staffName: r.staff_name,
    townId: r.town_id,
    villageId: r.village_id,
    date: r.patrol_date,
    checked: JSON.parse(r.checked) as string[],
    note: r.note,
    findingCount: r.finding_count,
    createdAt: r.created_at,
  }));
}

/** One line of the patrol ledger (巡查清单): a finding, or a patrol that found nothing (finding fields null). */
export interface LedgerLine {
  patrolId: string;
  date: string;
  townId: string;
  villageId: string;
  staffName: string;
  checked: string;
  note: string | null;
  createdAt: string;
  seq: number | null;
  category: string | null;
  placeType: string | null;
  address: string | null;
  description: string | null;
  outcome: string | null;
  rectifyNote: string | null;
  trackingCode: string | null;
}

/** The ledger of one town (`?1`) between two dates (`?2`–`?3`): one line per finding, or per patrol without one. */
export const LEDGER_SQL = `SELECT p.id AS patrolId, p.patrol_date AS date, p.town_id AS townId, p.village_id AS villageId, p.staff_name AS staffName,
    p.checked AS checked, p.note AS note, p.created_at AS createdAt, f.seq AS seq, f.category AS category,
    f.place_type AS placeType, f.address AS address, f.description AS description, f.outcome AS outcome,
    f.rectify_note AS rectifyNote, c.tracking_code AS trackingCode
  FROM patrols p LEFT JOIN patrol_findings f ON f.patrol_id = p.id LEFT JOIN complaints c ON c.id = f.complaint_id
  WHERE p.town_id = ?1 AND p.patrol_date BETWEEN ?2 AND ?3
  ORDER BY p.patrol_date, p.village_id, p.created_at, f.seq`;
