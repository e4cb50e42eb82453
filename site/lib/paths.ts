/** Page addresses, in one place so links, the search index, open data and printed QR codes agree. */
import type { RosterIndex } from '../../domain/roster/query.ts';

/** The fixed pages outside the complaint and staff areas. */
export const PAGES = {
  home: '/',
  find: '/#find',
  district: '/district/',
  departments: '/departments/',
  contact: '/contact/',
  gridStatus: '/grid-status/',
  changes: '/changes/',
  enterprises: '/enterprises/',
  openData: '/data/roster.json',
  towns: '/towns/',
  districtLeaders: '/district/leaders/',
} as const;

export const townPath = (id: string) => `/towns/${id}/`;
export const villagePath = (id: string) => `/villages/${id}/`;
export const departmentPath = (id: string) => `/departments/${id}/`;
export const enterprisePath = (id: string) => `/enterprises/${id}/`;

/** The complaint form, prefilled with the place when known (the form reads these query parameters). */
export function complaintPath(place: { town?: string; village?: string } = {}): string {
  const q = new URLSearchParams();
  if (place.town) q.set('town', place.town);
  if (place.village) q.set('village', place.village);
  const s = q.toString();
  return s ? `/complaint/?${s}` : '/complaint/';
}

/** An absolute URL on the site (Astro's `site`), for paper and QR codes. */
export function absoluteUrl(path: string, site: URL | undefined): string {
  if (!site) throw new Error('astro.config.mjs 中没有设置 site，无法生成二维码和纸质公示上的网址');
  return new URL(path, site).href;
}

/** The page and display name of a change's scope (`villages/beiguan` → 北关村). */
export function scopeLink(index: RosterIndex, ref: string): { href: string; label: string } {
  if (ref === 'district') return { href: PAGES.district, label: `${index.roster.district.name}（区级）` };
  const [kind, id = ''] = ref.split('/');
  const name =
    kind === 'towns'
      ? index.town(id)?.name
      : kind === 'villages'
        ? index.village(id)?.name
        : kind === 'departments'
          ? index.department(id)?.name
          : index.roster.enterprises.find((e) => e.id === id)?.name;
  const href =
    kind === 'towns'
      ? townPath(id)
      : kind === 'villages'
        ? villagePath(id)
        : kind === 'departments'
          ? departmentPath(id)
          : enterprisePath(id);
  return { href, label: name ?? id };
}
