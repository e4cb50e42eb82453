/** Page addresses, in one place so links, the search index and open data agree. */

export const townPath = (id: string) => `/towns/${id}/`;
export const villagePath = (id: string) => `/villages/${id}/`;
export const departmentPath = (id: string) => `/departments/${id}/`;

/** The complaint form, prefilled with the place when known (the form reads these query parameters). */
export function complaintPath(place: { town?: string; village?: string } = {}): string {
  const q = new URLSearchParams();
  if (place.town) q.set('town', place.town);
  if (place.village) q.set('village', place.village);
  const s = q.toString();
  return s ? `/complaint/?${s}` : '/complaint/';
}
