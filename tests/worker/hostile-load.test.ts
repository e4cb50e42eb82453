/**
 * Load on the complaint API through the real Worker entry and local D1, with
 * the real rate limit: 1,000 different submissions sent at once, each with
 * its own idempotency key, many of them retried — at the same moment (a
 * double click, a network retry racing the first request), with changed text
 * from another address (a second device), and again after the first answer.
 * Every key must end up as exactly one stored complaint; every answer with
 * that complaint's text carries its code, and every answer with the other
 * text under the same key is 422 with no code (a key never hands out the
 * code of a complaint whose payload the sender did not send).
 */
import { describe, expect, it } from 'vitest';
import { env, exports } from 'cloudflare:workers';
import { town, village, validComplaint } from './support/complaints.ts';

const SUBMISSIONS = 1000;

interface Answer {
  key: string;
  status: number;
  code: string | null;
  description: string;
}

let ipSeq = 0;
/** Distinct client addresses in 198.19.0.0/16 (the benchmarking range). */
const nextIp = () => {
  ipSeq += 1;
  return `198.19.${(ipSeq >> 8) & 255}.${ipSeq & 255}`;
};

async function submit(key: string, description: string, ip: string): Promise<Answer> {
  const res = await exports.default.fetch('http://envgrid.test/api/complaints', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip },
    body: JSON.stringify(
      validComplaint('', { townId: town.id, villageId: village.id, description, idempotencyKey: key }),
    ),
  });
  const body = (await res.json()) as { trackingCode?: string };
  return { key, status: res.status, code: body.trackingCode?.replace(/-/g, '') ?? null, description };
}

const count = async (sql: string) => (await env.DB.prepare(sql).first<{ n: number }>())?.n ?? 0;

describe('load: concurrent submissions with idempotency keys', () => {
  it(`stores ${SUBMISSIONS} concurrent submissions exactly once each, retries answered with the original code`, async () => {
    const before = await count('SELECT count(*) AS n FROM complaints');
    const subs = Array.from({ length: SUBMISSIONS }, (_, i) => ({
      key: crypto.randomUUID(),
      ip: nextIp(),
      description: `第 ${i} 号压力测试投诉：工地夜间施工，粉尘很大。`,
      i,
    }));

    // Wave 1: every submission, plus racing retries of 30 % (same body, same address) and
    // 20 % retried with a changed text from another address, all at once.
    const wave1 = await Promise.all(
      subs.flatMap((s) => [
        submit(s.key, s.description, s.ip),
        ...(s.i % 10 < 3 ? [submit(s.key, s.description, s.ip)] : []),
        ...(s.i % 10 >= 8 ? [submit(s.key.toUpperCase(), `${s.description}（换了一台手机重发）`, nextIp())] : []),
      ]),
    );
    // Wave 2: 20 % retried after their answer came back.
    const wave2 = await Promise.all(subs.filter((s) => s.i % 5 === 1).map((s) => submit(s.key, s.description, s.ip)));

    const all = [...wave1, ...wave2];
    expect(all.length).toBeGreaterThanOrEqual(SUBMISSIONS * 1.5);
    expect(all.filter((a) => a.status !== 201 && a.status !== 200 && a.status !== 422)).toEqual([]);
    const byKey = new Map<string, Answer[]>();
    for (const a of all) {
      const k = a.key.toLowerCase();
      byKey.set(k, [...(byKey.get(k) ?? []), a]);
    }
    expect(byKey.size).toBe(SUBMISSIONS);

    const created = all.filter((a) => a.status === 201);
    expect(created).toHaveLength(SUBMISSIONS); // one 201 per key, every other answer a 200
    for (const answers of byKey.values()) {
      const winner = answers.filter((a) => a.status === 201);
      expect(winner).toHaveLength(1);
      for (const a of answers) {
        if (a.description === winner[0]!.description) expect(a.code).toBe(winner[0]!.code);
        else expect(a).toMatchObject({ status: 422, code: null });
      }
    }
    for (const a of wave2) expect([200, 422]).toContain(a.status);

    // Each 201 is exactly one row (with its key and the winning text) and one 'received' event.
    const { results } = await env.DB.prepare(
      `SELECT c.tracking_code AS code, c.idempotency_key AS key, c.description AS description,
              (SELECT count(*) FROM complaint_events e WHERE e.complaint_id = c.id) AS events
       FROM complaints c WHERE c.description LIKE '%号压力测试投诉%'`,
    ).all<{ code: string; key: string; description: string; events: number }>();
    expect(results).toHaveLength(SUBMISSIONS);
    const rowByCode = new Map(results.map((r) => [r.code, r]));
    expect(rowByCode.size).toBe(SUBMISSIONS);
    for (const a of created) {
      const row = rowByCode.get(a.code!);
      expect(row?.key).toBe(a.key.toLowerCase());
      expect(row?.description).toBe(a.description);
      expect(row?.events).toBe(1);
    }
    expect((await count('SELECT count(*) AS n FROM complaints')) - before).toBe(SUBMISSIONS);
  }, 120_000);
});
