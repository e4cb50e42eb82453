/** A case as one staff member may see it: contact details only where allowed, the clocks and their actions. */
import { allowedActions, mayViewOverview } from '../../../domain/cases/machine.ts';
import { rosterWorkCalendar } from '../../../domain/roster/current.ts';
import { runningClocks, isOverdue } from '../../../domain/cases/clocks.ts';
import { CASE_ACTIONS, FINAL_STATES, unitOf, type Actor } from '../../../domain/cases/model.ts';
import type { Routing } from '../../../domain/routing.ts';
import { caseSummary, clockInputOf, viewOf, type LoadedCase } from './record.ts';
import { assignCutoff, duplicateWindow } from './config.ts';
import { suggestDuplicates } from './duplicates.ts';
import { photoLinkSecret, signPhotoLinks } from '../../photos/link.ts';
import { photosOfCase } from '../../photos/store.ts';

/** How long a photo link on a case page or in the case API lasts: a working day's session, not a forwarded message's weekend. */
const CASE_PHOTO_LINK_TTL_SECONDS = 12 * 3600;

/** A photo of a case for staff: a signed link, and whose it is (`seq`: the action's number; null: the complaint's). */
export interface CasePhoto {
  id: string;
  type: string;
  path: string;
  expiresAt: string;
  seq: number | null;
}

/**
 * The case's photos as signed links, for a caller already allowed to see the
 * case (the link is the capability: it is made only here, after `canSee`, and
 * in forwarded messages). `count` is every photo; `links` is empty, and logged,
 * when PHOTO_LINK_SECRET is unset, so the page can say why.
 */
export async function casePhotos(
  env: Env,
  complaintId: string,
  now: Date,
): Promise<{ count: number; links: CasePhoto[] }> {
  const photos = await photosOfCase(env.DB, complaintId);
  const secret = photoLinkSecret(env);
  if (!photos.length || !secret) {
    if (photos.length) console.error('photos: PHOTO_LINK_SECRET is not set; case photos cannot be linked');
    return { count: photos.length, links: [] };
  }
  const links = await signPhotoLinks(secret, photos, now, CASE_PHOTO_LINK_TTL_SECONDS);
  return {
    count: photos.length,
    links: links.map((l, i) => ({ ...l, expiresAt: l.expiresAt.toISOString(), seq: photos[i]!.seq })),
  };
}

/**
 * Whether the actor may see the complainant's name and phone: the office
 * always; a handler (lead or co-handler) only when the office chose to share
 * them at assignment (the complainant's confidentiality, as 12369 keeps it).
 */
export function seesContact(actor: Actor, c: LoadedCase['row']): boolean {
  if (actor.role === 'office') return true;
  const unit = unitOf(actor);
  const view = viewOf(c);
  const handler = unit !== null && (view.lead === unit || view.coHandlers.includes(unit));
  return handler && c.share_contact === 1;
}

/** The full case for the API and the case page; call only after `canSee` allowed it. */
export function presentCase(loaded: LoadedCase, actor: Actor, now: Date, cutoff: string) {
  const r = loaded.row;
  const clocks = runningClocks(clockInputOf(r), now, rosterWorkCalendar, cutoff);
  const contact = seesContact(actor, r);
  return {
    ...caseSummary(r),
    complaint: {
      address: r.address,
      description: r.description,
      observedAt: r.observed_at,
      anonymous: r.anonymous === 1,
      channel: r.channel,
      routing: JSON.parse(r.routing) as Routing,
    },
    /** Null when anonymous or not shared with the caller; `shared` says which. */
    contact: contact && r.anonymous !== 1 ? { name: r.contact_name, phone: r.contact_phone } : null,
    contactShared: r.share_contact === 1,
    version: r.version,
    returnedAt: r.returned_at,
    lastReportAt: r.last_report_at,
    mergedAt: r.merged_at,
    mergedFrom: loaded.mergedFrom,
    clocks,
    overdue: isOverdue(clocks),
    allowedActions: allowedActions(actor, viewOf(r)).map((a) => ({ action: a, label: CASE_ACTIONS[a] })),
    actions: loaded.actions,
    publicTimeline: loaded.timeline,
  };
}
export type CaseDetail = ReturnType<typeof presentCase>;

/**
 * The case with its likely duplicates (并单 suggestions) for the office and
 * viewers, who see every case; an ended case, or anyone else, gets none.
 */
export async function presentWithDuplicates(env: Env, loaded: LoadedCase, actor: Actor, now: Date) {
  const detail = presentCase(loaded, actor, now, assignCutoff(env));
  const open = !FINAL_STATES.includes(loaded.row.state);
  const duplicates =
    open && mayViewOverview(actor) ? await suggestDuplicates(env.DB, loaded.row, duplicateWindow(env)) : [];
  return { ...detail, duplicates, photos: await casePhotos(env, loaded.row.id, now) };
}
export type CaseWithDuplicates = Awaited<ReturnType<typeof presentWithDuplicates>>;
