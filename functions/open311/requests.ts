/**
 * Service requests as Open311 shows them: built only from the public view of
 * a complaint (`findPublicComplaint`, the status page's own query) plus the
 * name of the unit the case is assigned to. Description, address, contact
 * details and internal notes are never read here, so they cannot appear.
 */
import { findPublicComplaint, type PublicComplaint } from '../complaints/queries.ts';
import { rosterIndex } from '../../domain/roster/current.ts';
import { unitName } from '../../domain/cases/units.ts';
import { CATEGORIES } from '../../domain/taxonomy.ts';
import { statusLabel } from '../../domain/complaint.ts';
import { CLOSED_STATUS, open311Status } from '../../domain/open311.ts';

/** One service request of `GET requests.json`, with every field the spec names. */
export interface ServiceRequest {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  /** Always null: a complaint's description is private (migrations/0001). */
  description: null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: null;
  /** The town and village names (public on the status page), never the private address. */
  address: string;
  address_id: null;
  zipcode: null;
  lat: null;
  long: null;
  media_url: null;
}

/** Filters of `GET requests.json`, already validated. */
export interface RequestFilter {
  /** Compact tracking codes. */
  ids: string[] | null;
  serviceCodes: string[] | null;
  /** ISO 8601 UTC bounds of requested_datetime: from (inclusive), to (exclusive). */
  from: string;
  to: string;
  status: 'open' | 'closed' | null;
  limit: number;
}

interface CodeRow {
  tracking_code: string;
  lead: string | null;
}

/**
 * The tracking codes matching `f`, newest first, with the case's lead unit
 * (the lead of the case a merged complaint follows).
 */
export async function matchingRequests(db: D1Database, f: RequestFilter): Promise<CodeRow[]> {
  const r = await db
    .prepare(
      `SELECT c.tracking_code, COALESCE(tk.lead, k.lead) AS lead
       FROM complaints c
       JOIN cases k ON k.complaint_id = c.id
       LEFT JOIN cases tk ON tk.complaint_id = k.merged_into
       LEFT JOIN complaints t ON t.id = k.merged_into
       WHERE (?1 IS NULL OR c.tracking_code IN (SELECT value FROM json_each(?1)))
         AND (?2 IS NULL OR c.category IN (SELECT value FROM json_each(?2)))
         AND c.received_at >= ?3 AND c.received_at < ?4
         AND (?5 IS NULL OR (COALESCE(t.status, c.status) = ?6) = (?5 = 'closed'))
       ORDER BY c.received_at DESC, c.id
       LIMIT ?7`,
    )
    .bind(
      f.ids ? JSON.stringify(f.ids) : null,
      f.serviceCodes ? JSON.stringify(f.serviceCodes) : null,
      f.from,
      f.to,
      f.status,
      CLOSED_STATUS,
      f.limit,
    )
    .all<CodeRow>();
  return r.results;
}

/** The spec's view of one public complaint. */
export function toServiceRequest(p: PublicComplaint, lead: string | null): ServiceRequest {
  const town = rosterIndex.town(p.townId)?.name ?? p.townId;
  const village = p.villageId ? rosterIndex.village(p.villageId)?.name : undefined;
  const last = p.timeline.at(-1);
  return {
    service_request_id: p.trackingCode,
    status: open311Status(p.status),
    // The latest public step's note (what the citizen's status page shows last), else the status in words.
    status_notes: last?.note ? `${statusLabel(last.status)}：${last.note}` : statusLabel(p.status),
    service_name: CATEGORIES[p.category] ?? p.category,
    service_code: p.category,
    description: null,
    agency_responsible: lead ? (unitName(rosterIndex, lead) ?? null) : null,
    service_notice: null,
    requested_datetime: p.receivedAt,
    updated_datetime: last?.at ?? p.receivedAt,
    expected_datetime: null,
    address: village ? `${town} ${village}` : town,
    address_id: null,
    zipcode: null,
    lat: null,
    long: null,
    media_url: null,
  };
}

/** The service requests for `rows`, in their order (a row deleted meanwhile is left out). */
export async function serviceRequests(db: D1Database, rows: CodeRow[]): Promise<ServiceRequest[]> {
  const found = await Promise.all(rows.map((r) => findPublicComplaint(db, r.tracking_code)));
  return found.flatMap((p, i) => (p ? [toServiceRequest(p, rows[i]!.lead)] : []));
}
