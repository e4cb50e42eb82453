/**
 * What the intake benchmark sends to `POST /api/complaints`: valid complaints
 * for the sample roster (varied category, place, village and text), each with
 * its own idempotency key, so every request stores a new complaint. The per-
 * client rate limit is lifted for the run through its Worker var, since every
 * autocannon connection comes from 127.0.0.1.
 */
import { loadRoster } from '../../domain/roster/fs.ts';
import { CATEGORY_KEYS, PLACE_TYPE_KEYS } from '../../domain/taxonomy.ts';

/** One autocannon target: a path, headers, and a fresh body per request. */
export interface Target {
  path: string;
  headers: Record<string, string>;
  /** A fresh body per request (unique idempotency keys, varied content). */
  body: (i: number) => string;
  /** Headers that differ per request (the client address). */
  headersFor?: (i: number) => Record<string, string>;
}

export interface ComplaintLoad {
  target: Target;
  vars: Record<string, string>;
  notes: string[];
  count: (base: string) => Promise<number | null>;
}

/** The load for the roster in `contentDir` (the build being served). */
export async function complaintLoad(contentDir: string): Promise<ComplaintLoad> {
  const roster = await loadRoster(contentDir);
  const places = roster.villages.map((v) => ({ townId: v.town, villageId: v.id }));
  return {
    target: {
      path: '/api/complaints',
      headers: { 'content-type': 'application/json' },
      // Each request from its own client address (10.x.y.z), as citizens file a few each: the per-client
      // counter stays as small as in production instead of one counter holding every bench request.
      headersFor: (i) => ({ 'cf-connecting-ip': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }),
      body: (i) =>
        JSON.stringify({
          category: CATEGORY_KEYS[i % CATEGORY_KEYS.length],
          placeType: PLACE_TYPE_KEYS[i % PLACE_TYPE_KEYS.length],
          ...places[i % places.length],
          address: `建设路与友谊路交叉口东南角 ${i} 号`,
          description: `工地夜间施工没有覆盖防尘网，风一吹满街都是灰，附近居民反映强烈。第 ${i} 次压测提交。`,
          observedAt: '2026-01-15T09:30:00+08:00',
          anonymous: i % 2 === 0,
          contactName: '压测王先生',
          contactPhone: '13812345678',
          idempotencyKey: crypto.randomUUID(),
        }),
    },
    vars: { RATE_LIMIT_MAX: '1000000000', RATE_LIMIT_GLOBAL_PER_MINUTE: '1000000000' },
    notes: [
      'Complaints: valid JSON submissions cycling through categories, places and villages, each with a new idempotency key and its own client address (CF-Connecting-IP); RATE_LIMIT_MAX and RATE_LIMIT_GLOBAL_PER_MINUTE lifted for the run (the bench is a flood by design: the global ceiling of 600 a minute would shed it with 503s), so every counter is still checked and recorded.',
    ],
    count: async (base) => {
      const res = await fetch(`${base}/api/_bench/complaints`);
      return res.ok ? ((await res.json()) as { rows: number }).rows : null;
    },
  };
}
