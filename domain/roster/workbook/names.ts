/**
 * Staff write names, the roster wants ids: a pinyin id for a new row left without one, and a
 * name accepted wherever an id of a town, village, department or enterprise is asked for.
 */
import { pinyin } from 'pinyin-pro';

/** A free id from a Chinese name, e.g. 北关村 → beiguancun (beiguancun-2 when taken). */
export function idFromName(name: string, taken: (id: string) => boolean): string | undefined {
  const base = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '')
    .replace(/^[^a-z]+/, '');
  if (base.length < 2) return undefined;
  let id = base.slice(0, 60);
  for (let n = 2; taken(id); n++) id = `${base.slice(0, 56)}-${n}`;
  return id;
}

/** The id an id-or-name cell means in `map`: the id itself, or the one record with that name. */
export function resolveId(map: Map<string, { rec: Record<string, unknown> }>, value: string): string | undefined {
  if (map.has(value)) return value;
  const named = [...map.values()].filter((e) => e.rec.name === value);
  return named.length === 1 ? String(named[0]!.rec.id) : undefined;
}
