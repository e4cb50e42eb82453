import { describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import {
  clientIp,
  clientPrefix,
  complaintCounters,
  hashClient,
  takeSlot,
} from '../../functions/complaints/rate-limit.ts';
import { intakeConfig } from '../../functions/complaints/config.ts';
import {
  apiWith,
  countStored,
  freshIp,
  jsonInit,
  marker,
  postForm,
  postJson,
  validComplaint,
} from './support/complaints.ts';
import { BROKEN_SECRET, DUMMY_TOKEN, TURNSTILE_TEST_SECRETS } from './support/turnstile-keys.ts';

type Errors = { errors: { field: string; message: string }[] };

describe('rate limit', () => {
  it('accepts 5 complaints per client in 10 minutes by default, then answers 429', async () => {
    const mark = marker();
    const ip = freshIp();
    for (let i = 0; i < 5; i++) expect((await postJson(validComplaint(mark), { ip })).status).toBe(201);
    const limited = await postJson(validComplaint(mark), { ip });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('600');
    expect(((await limited.json()) as { error: string }).error).toMatch(/请过 10 分钟后再提交/);
    expect(await countStored(mark)).toEqual({ complaints: 5, events: 5 });
    // Another client is not affected.
    expect((await postJson(validComplaint(mark))).status).toBe(201);
  });

  it('does not count submissions that failed validation', async () => {
    const ip = freshIp();
    const call = apiWith({ RATE_LIMIT_MAX: '1' });
    for (let i = 0; i < 3; i++)
      expect(
        (await call('/api/complaints', jsonInit(validComplaint(marker(), { description: '太短' }), ip))).status,
      ).toBe(400);
    expect((await call('/api/complaints', jsonInit(validComplaint(marker()), ip))).status).toBe(201);
  });

  it(
    'lets exactly the limit through when 200 submissions from one client arrive at once',
    { timeout: 60_000 },
    async () => {
      const mark = marker();
      const ip = freshIp();
      const call = apiWith({ RATE_LIMIT_MAX: '5' });
      const results = await Promise.all(
        Array.from({ length: 200 }, () => call('/api/complaints', jsonInit(validComplaint(mark), ip))),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(195);
      expect(await countStored(mark)).toEqual({ complaints: 5, events: 5 });
    },
  );

  it('honours RATE_LIMIT_WINDOW_SECONDS (the window is checked at given instants, no sleeping)', async () => {
    const ip = freshIp();
    const call = apiWith({ RATE_LIMIT_MAX: '1', RATE_LIMIT_WINDOW_SECONDS: '1' });
    expect((await call('/api/complaints', jsonInit(validComplaint(marker()), ip))).status).toBe(201);
    const limited = await call('/api/complaints', jsonInit(validComplaint(marker()), ip));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    // The same decision at chosen instants: full within the window, free once it has passed.
    const cfg = intakeConfig({ ...env, RATE_LIMIT_MAX: '1', RATE_LIMIT_WINDOW_SECONDS: '1' });
    const { counters } = await complaintCounters(freshIp(), cfg, 'salt');
    const t0 = 1_900_000_000_000;
    expect((await takeSlot(env.DB, counters, t0)).ok).toBe(true);
    expect((await takeSlot(env.DB, counters, t0 + 999)).ok).toBe(false);
    expect((await takeSlot(env.DB, counters, t0 + 1000)).ok).toBe(true);
  });

  it('stores only a salted hash of the client address, and counts an IPv6 /64 as one client', async () => {
    const mark = marker();
    const ip = '2001:db8:abcd:12::1';
    const call = apiWith({ RATE_LIMIT_MAX: '1', IP_HASH_SALT: 'test-salt' });
    expect((await call('/api/complaints', jsonInit(validComplaint(mark), ip))).status).toBe(201);
    expect((await call('/api/complaints', jsonInit(validComplaint(mark), '2001:db8:abcd:12:ffff::9'))).status).toBe(
      429,
    );
    const row = await env.DB.prepare('SELECT * FROM complaints WHERE description LIKE ?1').bind(`%${mark}%`).first();
    expect(row!.ip_hash).toBe(await hashClient(ip, 'test-salt'));
    expect(row!.ip_hash).not.toBe(await hashClient(ip, 'another-salt'));
    expect(JSON.stringify(row)).not.toMatch(/2001:db8/);
    const hits = await env.DB.prepare('SELECT key FROM rate_limit_hits').all<{ key: string }>();
    expect(hits.results.some((h) => h.key.includes('2001'))).toBe(false);
    expect(clientPrefix('2001:db8:abcd:12::1')).toBe('2001:db8:abcd:12::/64');
    expect(clientPrefix('2001:DB8::1')).toBe('2001:db8:0:0::/64');
    expect(clientPrefix('203.0.113.9')).toBe('203.0.113.9');
  });

  it('counts an IPv4 address written as IPv6 as that IPv4 address', async () => {
    const at = (ip: string) => clientIp(new Request('https://x/', { headers: { 'cf-connecting-ip': ip } }));
    expect(at('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(at('0:0:0:0:0:FFFF:203.0.113.9')).toBe('203.0.113.9');
    expect(at(' 203.0.113.9 ')).toBe('203.0.113.9');
    expect(at('2001:db8::ffff:1')).toBe('2001:db8::ffff:1');
    // Two spellings of one address share one bucket; two mapped addresses do not share one.
    const salt = 'test-salt';
    expect(await hashClient(at('::ffff:203.0.113.9'), salt)).toBe(await hashClient('203.0.113.9', salt));
    expect(await hashClient(at('::ffff:203.0.113.9'), salt)).not.toBe(
      await hashClient(at('::ffff:198.51.100.7'), salt),
    );
  });
});

describe('honeypot', () => {
  it('never stores a submission whose hidden field was filled, and says how to recover', async () => {
    const mark = marker();
    const res = await postJson(validComplaint(mark, { homepage: 'http://spam.example/' }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as Errors).errors).toEqual([
      { field: 'homepage', message: expect.stringMatching(/已把它清空，请再点一次“提交”/) },
    ]);
    expect(await countStored(mark)).toEqual({ complaints: 0, events: 0 });
  });
});

describe('Turnstile (Cloudflare test secret keys)', () => {
  const post = (secret: string, mark: string, extra: Record<string, unknown> = {}, ip = freshIp()) =>
    apiWith({ TURNSTILE_SECRET_KEY: secret })('/api/complaints', jsonInit(validComplaint(mark, extra), ip));

  it('stores the complaint when siteverify passes the token', async () => {
    const mark = marker();
    const res = await post(TURNSTILE_TEST_SECRETS.passes, mark, { 'cf-turnstile-response': `${DUMMY_TOKEN}-${mark}` });
    expect(res.status).toBe(201);
    expect(await countStored(mark)).toEqual({ complaints: 1, events: 1 });
  });

  it('answers 400 without a token, with a rejected token or a spent one, and stores nothing', async () => {
    const cases: [string, Record<string, unknown>][] = [
      [TURNSTILE_TEST_SECRETS.passes, {}],
      [TURNSTILE_TEST_SECRETS.fails, { 'cf-turnstile-response': DUMMY_TOKEN }],
      [TURNSTILE_TEST_SECRETS.spent, { 'cf-turnstile-response': DUMMY_TOKEN }],
    ];
    for (const [secret, extra] of cases) {
      const mark = marker();
      const res = await post(secret, mark, extra);
      expect(res.status, secret).toBe(400);
      expect(((await res.json()) as Errors).errors).toEqual([
        { field: 'cf-turnstile-response', message: expect.stringMatching(/请先完成人机验证/) },
      ]);
      expect(await countStored(mark)).toEqual({ complaints: 0, events: 0 });
    }
  });

  it('rejects a token used a second time for a new complaint', async () => {
    const token = `${DUMMY_TOKEN}-${crypto.randomUUID()}`;
    expect((await post(TURNSTILE_TEST_SECRETS.passes, marker(), { 'cf-turnstile-response': token })).status).toBe(201);
    const mark = marker();
    expect((await post(TURNSTILE_TEST_SECRETS.passes, mark, { 'cf-turnstile-response': token })).status).toBe(400);
    expect(await countStored(mark)).toEqual({ complaints: 0, events: 0 });
  });

  it('answers a retry with the first result without asking siteverify again', async () => {
    const mark = marker();
    const key = crypto.randomUUID();
    const extra = { idempotencyKey: key, 'cf-turnstile-response': `${DUMMY_TOKEN}-${mark}` };
    const first = await post(TURNSTILE_TEST_SECRETS.passes, mark, extra);
    expect(first.status).toBe(201);
    const retry = await post(TURNSTILE_TEST_SECRETS.fails, mark, extra);
    expect(retry.status).toBe(200);
    expect(await countStored(mark)).toEqual({ complaints: 1, events: 1 });
  });

  it('refuses a valid token solved on another host or for another action', async () => {
    for (const token of [`host=evil.example;${crypto.randomUUID()}`, `action=login;${crypto.randomUUID()}`]) {
      const mark = marker();
      const res = await post(TURNSTILE_TEST_SECRETS.passes, mark, { 'cf-turnstile-response': token });
      expect(res.status, token).toBe(400);
      expect(await countStored(mark)).toEqual({ complaints: 0, events: 0 });
    }
  });

  it('answers 503 and stores nothing when siteverify cannot be reached', async () => {
    const mark = marker();
    const res = await post(BROKEN_SECRET, mark, { 'cf-turnstile-response': DUMMY_TOKEN });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: string }).error).toMatch(/人机验证服务暂时连不上/);
    expect(await countStored(mark)).toEqual({ complaints: 0, events: 0 });
  });

  it('is off when TURNSTILE_SECRET_KEY is not set', async () => {
    expect(env.TURNSTILE_SECRET_KEY).toBeUndefined();
    expect((await postForm(validComplaint(marker()))).status).toBe(303);
  });
});

describe('cross-site form posts', () => {
  it('refuses a form another site makes a visitor’s browser send, and stores nothing', async () => {
    const cases: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
    ];
    for (const headers of cases) {
      const mark = marker();
      const res = await postForm(validComplaint(mark), { headers });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(await countStored(mark)).toEqual({ complaints: 0, events: 0 });
    }
  });

  it('refuses a form post from a sibling subdomain (Sec-Fetch-Site: same-site)', async () => {
    const mark = marker();
    const res = await postForm(validComplaint(mark), {
      headers: { 'sec-fetch-site': 'same-site', origin: 'https://other.envgrid.test' },
    });
    expect(res.status).toBe(403);
    expect(await countStored(mark)).toEqual({ complaints: 0, events: 0 });
  });

  it('accepts the site’s own form and clients that send no browser headers', async () => {
    const cases: Record<string, string>[] = [
      { 'sec-fetch-site': 'same-origin', origin: 'http://envgrid.test' },
      { origin: 'http://envgrid.test' },
      {},
    ];
    for (const headers of cases)
      expect((await postForm(validComplaint(marker()), { headers })).status, JSON.stringify(headers)).toBe(303);
  });
});
