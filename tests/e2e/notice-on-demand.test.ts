/**
 * Printable village notices are rendered by the Worker on demand (issue 16), from the town's
 * open data file, and kept in the edge cache; their print behaviour is printables.test.ts's.
 */
import { describe, expect, inject, it } from 'vitest';
import { loadRoster } from '../../domain/roster/fs.ts';

const base = () => inject('baseURL');

describe('printable notices on demand', () => {
  it('renders every sample village’s notice with its persons, public caching allowed', async () => {
    const roster = await loadRoster('content');
    for (const v of roster.villages) {
      const res = await fetch(`${base()}/villages/${v.id}/notice/`);
      expect(res.status, v.id).toBe(200);
      expect(res.headers.get('cache-control')).toContain('public');
      const html = await res.text();
      // The persons the Worker's roster leaves out come from /data/towns/<id>.json.
      for (const p of [...v.leaders, ...v.workers, ...v.supervisors])
        expect(html, `${v.id}: ${p.name}`).toContain(p.name);
      expect(html).toContain(`${v.name}三级网格`);
    }
  }, 120_000);

  it('serves a repeat request from the edge cache, byte for byte', async () => {
    const url = `${base()}/villages/beiguan/notice/`;
    const first = await (await fetch(url)).text();
    // The copy is stored after the first answer (waitUntil): ask until the cache has it.
    let hit: Response | undefined;
    for (let i = 0; i < 50 && !hit; i++) {
      const res = await fetch(url);
      if (res.headers.get('cf-cache-status') === 'HIT') hit = res;
      else await res.arrayBuffer();
    }
    expect(hit, 'no cache hit in 50 requests').toBeDefined();
    expect(await hit!.text()).toBe(first);
    expect(hit!.headers.get('content-security-policy')).toBeTruthy();
  }, 60_000);

  it('answers 404 for a village that is not in the roster', async () => {
    const res = await fetch(`${base()}/villages/no-such-village/notice/`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('</html>');
  }, 30_000);
});
