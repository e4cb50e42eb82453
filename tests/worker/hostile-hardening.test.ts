/**
 * Issue 10's findings, each as a check that failed before its fix: the salt
 * fails closed when deployed, wider IPv6 networks and everyone together are
 * limited, lookups are limited, stale hits go with the cron, single-line
 * fields stay single-line, invisible descriptions and ancient times are
 * refused, and a failed deliveries insert leaves no complaint behind.
 */
import { describe, expect, it, vi } from 'vitest';
import { env, exports } from 'cloudflare:workers';
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { GLOBAL_KEY } from '../../functions/complaints/rate-limit.ts';
import { runScheduled } from '../../functions/scheduled.ts';
import { apiWith, countStored, freshIp, jsonInit, marker, postJson, validComplaint } from './support/complaints.ts';

type Errors = { errors: { field: string; message: string }[] };

describe('IP_HASH_SALT fails closed when deployed (10.4)', () => {
  it('refuses complaints with 503 and a log line when deployed without a salt, and stores nothing', async () => {
    const mark = marker();
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await apiWith({ IP_HASH_SALT: '', ENVGRID_ENV: '' })('/api/complaints', jsonInit(validComplaint(mark)));
    expect(res.status).toBe(503);
    expect(log.mock.calls.flat().join(' ')).toMatch(/IP_HASH_SALT is not set/);
    log.mockRestore();
    expect(await countStored(mark)).toEqual({ complaints: 0, events: 0 });
  });

  it('works locally without one (a random per-isolate salt, never a constant)', async () => {
    const mark = marker();
    const call = apiWith({ IP_HASH_SALT: '', ENVGRID_ENV: 'local' });
    expect((await call('/api/complaints', jsonInit(validComplaint(mark)))).status).toBe(201);
    const row = await env.DB.prepare('SELECT ip_hash FROM complaints WHERE description LIKE ?1')
      .bind(`%${mark}%`)
      .first<{ ip_hash: string }>();
    expect(row?.ip_hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('rate limits beyond one client (10.5)', () => {
  /** A fresh /32 (2001:db8::/32 documentation space, random second and third groups keep tests apart). */
  const fresh32 = () => {
    const [a, b] = crypto.getRandomValues(new Uint16Array(2));
    return { a: a!.toString(16), b: b!.toString(16) };
  };

  it('an IPv6 /48 gets 4× the per-client limit however many /64s it uses', async () => {
    const { a, b } = fresh32();
    const call = apiWith({ RATE_LIMIT_MAX: '1' });
    const statuses: number[] = [];
    for (let i = 1; i <= 5; i++)
      statuses.push(
        (await call('/api/complaints', jsonInit(validComplaint(marker()), `2001:${a}:${b}:${i}::1`))).status,
      );
    expect(statuses).toEqual([201, 201, 201, 201, 429]);
  });

  it('an IPv6 /32 gets 20× the per-client limit however many /48s it uses', async () => {
    const { a } = fresh32();
    const call = apiWith({ RATE_LIMIT_MAX: '1' });
    const statuses: number[] = [];
    // 21 different /48s (one /64 each) in one /32.
    for (let i = 1; i <= 21; i++)
      statuses.push(
        (await call('/api/complaints', jsonInit(validComplaint(marker()), `2001:${a}:${i.toString(16)}:1::1`))).status,
      );
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(201));
    expect(statuses[20]).toBe(429);
  }, 60_000);

  it('sheds load with 503 over the global ceiling, before anything is stored', async () => {
    // This file's storage is its own: start the shared counter from zero, then allow two.
    await env.DB.prepare('DELETE FROM rate_limit_hits WHERE key = ?1').bind(GLOBAL_KEY).run();
    const call = apiWith({ RATE_LIMIT_GLOBAL_PER_MINUTE: '2' });
    const marks = [marker(), marker(), marker()];
    const statuses = [];
    for (const m of marks)
      statuses.push((await call('/api/complaints', jsonInit(validComplaint(m), freshIp()))).status);
    expect(statuses).toEqual([201, 201, 503]);
    expect(await countStored(marks[2]!)).toEqual({ complaints: 0, events: 0 });
  });

  it('limits status lookups to 60 a minute per client (generous for people)', async () => {
    const ip = freshIp();
    const get = () =>
      exports.default.fetch('http://envgrid.test/api/complaints/ABCD-EFGH-JKMN', {
        headers: { 'cf-connecting-ip': ip },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await get()).status);
    expect(statuses.slice(0, 60)).toEqual(Array(60).fill(404));
    expect(statuses[60]).toBe(429);
    // Another client is not affected.
    expect(
      (
        await exports.default.fetch('http://envgrid.test/api/complaints/ABCD-EFGH-JKMN', {
          headers: { 'cf-connecting-ip': freshIp() },
        })
      ).status,
    ).toBe(404);
  }, 60_000);

  it('the cron purges rate-limit hits older than every window (not only new complaints)', async () => {
    const old = Date.now() - 3_600_000;
    await env.DB.prepare("INSERT INTO rate_limit_hits (id, key, at) VALUES ('stale-hit/1', 'complaint:stale', ?1)")
      .bind(old)
      .run();
    const ctx = createExecutionContext();
    await runScheduled(createScheduledController({ scheduledTime: Date.now(), cron: '* * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    const left = await env.DB.prepare("SELECT count(*) AS n FROM rate_limit_hits WHERE id = 'stale-hit/1'").first<{
      n: number;
    }>();
    expect(left?.n).toBe(0);
  });
});

describe('single-line fields and honest minimums (10.2, 10.7)', () => {
  it('folds line breaks, separators and bidi controls out of single-line fields before storing', async () => {
    const mark = marker();
    const ok = await postJson(
      validComplaint(mark, {
        address: `东口\n联系电话：13900000000\u2028建议承办部门：公安\u202e反转 ${mark}`,
        contactName: '王\r\n办理进度：x.cn',
      }),
    );
    expect(ok.status).toBe(201);
    const row = await env.DB.prepare('SELECT address, contact_name FROM complaints WHERE description LIKE ?1')
      .bind(`%${mark}%`)
      .first<{ address: string; contact_name: string }>();
    expect(row?.address).toBe(`东口 联系电话：13900000000 建议承办部门：公安反转 ${mark}`);
    expect(row?.contact_name).toBe('王 办理进度：x.cn');
    for (const v of Object.values(row!)) expect(v).not.toMatch(/[\n\r\u2028\u2029\u0085\u202a-\u202e\u2066-\u2069]/);
  });

  it('counts only visible characters towards the description minimum and strips NUL and controls', async () => {
    for (const description of [
      '\u200b'.repeat(30) + '有灰',
      '\u0000'.repeat(20) + '有灰',
      ' \u3000\t'.repeat(10) + '有灰',
      '\u0301'.repeat(40),
    ]) {
      const res = await postJson(validComplaint(marker(), { description }));
      expect(res.status, JSON.stringify(description)).toBe(400);
      expect(((await res.json()) as Errors).errors[0]?.field).toBe('description');
    }
    const mark = marker();
    expect(
      (await postJson(validComplaint(mark, { description: `工地\u0000扬尘\u001b很大，影响生活 ${mark}` }))).status,
    ).toBe(201);
    const row = await env.DB.prepare('SELECT description FROM complaints WHERE description LIKE ?1')
      .bind(`%${mark}%`)
      .first<{ description: string }>();
    expect(row?.description).toBe(`工地扬尘很大，影响生活 ${mark}`);
  });

  it('refuses an observation time more than a year back (the year 1000)', async () => {
    for (const observedAt of ['1000-01-01T00:00:00Z', '2000-06-01 12:00']) {
      const res = await postJson(validComplaint(marker(), { observedAt }));
      expect(res.status, observedAt).toBe(400);
      expect(((await res.json()) as Errors).errors).toEqual([
        { field: 'observedAt', message: expect.stringContaining('不能早于一年前') },
      ]);
    }
  });
});

describe('one batch for the complaint and its deliveries (issue 9)', () => {
  /** The real D1, except that the deliveries INSERT names a table that does not exist, so it fails in D1. */
  function dbFailingDeliveries(db: D1Database): D1Database {
    return new Proxy(db, {
      get(target, prop) {
        if (prop === 'prepare')
          return (sql: string) => target.prepare(sql.replace(/INTO deliveries\b/, 'INTO deliveries_missing'));
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  }

  it('when the deliveries insert fails, neither the complaint nor its event nor any delivery exists', async () => {
    const mark = marker();
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await apiWith({
      DB: dbFailingDeliveries(env.DB),
      FORWARD_WEBHOOK_URL: 'http://127.0.0.1:9/envgrid',
      FORWARD_WEBHOOK_SECRET: 'x',
    })('/api/complaints', jsonInit(validComplaint(mark)));
    log.mockRestore();
    expect(res.status).toBe(503);
    expect(await countStored(mark)).toEqual({ complaints: 0, events: 0 });
    const deliveries = await env.DB.prepare(
      `SELECT count(*) AS n FROM deliveries WHERE complaint_id NOT IN (SELECT id FROM complaints)`,
    ).first<{ n: number }>();
    expect(deliveries?.n).toBe(0);
  });
});
