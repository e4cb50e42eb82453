/**
 * Addresses of roster pages, for links and for the absolute URLs printed on paper notices
 * and encoded in their QR codes.
 */
import type { RosterIndex } from '../../domain/roster/query.ts';

/** The complaint form with the place filled in. */
export function complaintPath(townId: string, villageId?: string): string {
  const q = new URLSearchParams({ town: townId });
  if (villageId) q.set('village', villageId);
  return `/complaint/?${q.toString()}`;
}

/** An absolute URL on the site (Astro's `site`), for paper and QR codes. */
export function absoluteUrl(path: string, site: URL | undefined): string {
  if (!site) throw new Error('astro.config.mjs 中没有设置 site，无法生成二维码和纸质公示上的网址');
  return new URL(path, site).href;
}

/** The page and display name of a change's scope (`villages/beiguan` → 北关村). */
export function scopeLink(index: RosterIndex, ref: string): { href: string; label: string } {
  if (ref === 'district') return { href: '/district/', label: `${index.roster.district.name}（区级）` };
  const [kind, id = ''] = ref.split('/');
  const name =
    kind === 'towns'
      ? index.town(id)?.name
      : kind === 'villages'
        ? index.village(id)?.name
        : kind === 'departments'
          ? index.department(id)?.name
          : index.roster.enterprises.find((e) => e.id === id)?.name;
  return { href: `/${kind}/${id}/`, label: name ?? id };
}
