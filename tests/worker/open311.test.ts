/**
 * Open311 GeoReport v2 conformance through the real Worker and real D1:
 * every endpoint with the spec's field names and types, the citizen intake's
 * own rules, idempotency and rate limit behind POST, API keys as
 * `npm run staff -- apikey` stores them, and no private field in any answer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { env, exports } from 'cloudflare:workers';
import { apiKeyHash, INSERT_API_KEY_SQL, newApiKey, REVOKE_API_KEY_SQL } from '../../functions/open311/keys.ts';
import { CATEGORIES, PLACE_TYPES } from '../../domain/taxonomy.ts';
import { rosterIndex } from '../../domain/roster/current.ts';
import { freshIp, marker, postJson, town, validComplaint, village } from './support/complaints.ts';
import { act, inAWeek, seedCast, staffOf } from './cases-support.ts';

const BASE = 'http://envgrid.test/open311/v2';
const cast = staffOf('open311');

/** Stores a key the way `npm run staff -- apikey add` does; returns the key. */
async function addKey(name: string): Promise<string> {
  const key = newApiKey();
  await env.DB.prepare(INSERT_API_KEY_SQL)
    .bind(crypto.randomUUID(), name, await apiKeyHash(key), new Date().toISOString(), 'cli:test')
    .run();
  return key;
}

let KEY = '';
beforeAll(async () => {
  await seedCast(cast);
  KEY = await addKey(`conformance-${crypto.randomUUID().slice(0, 8)}`);
});

type Json = Record<string, unknown>;

async function get(path: string, ip = freshIp()): Promise<{ status: number; body: unknown; res: Response }> {
  const res = await exports.default.fetch(`${BASE}${path}`, { headers: { 'cf-connecting-ip': ip } });
  const text = await res.text();
  return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text, res };
}

/** A form the spec's way: URL-encoded fields, `attribute[code]` for attributes. */
function requestFields(mark: string, over: Record<string, string | undefined> = {}): Record<string, string> {
  const f: Record<string, string | undefined> = {
    api_key: KEY,
    service_code: 'dust',
    'attribute[place_type]': 'construction_site',
    'attribute[town]': town.id,
    'attribute[village]': village.id,
    address_string: `示例路 8 号工地东门 ${mark}`,
    description: `工地渣土没有苫盖，刮风时尘土飞扬。${mark}`,
    last_name: '示例',
    first_name: '王先生',
    phone: '13812345678',
    email: 'someone@example.org',
    lat: '39.63',
    long: '118.18',
    ...over,
  };
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

async function postRequest(fields: Record<string, string>, opts: { ip?: string; format?: 'json' | 'xml' } = {}) {
  const res = await exports.default.fetch(`${BASE}/requests.${opts.format ?? 'json'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': opts.ip ?? freshIp() },
    body: new URLSearchParams(fields).toString(),
  });
  const text = await res.text();
  return { status: res.status, res, text, body: opts.format === 'xml' ? text : (JSON.parse(text) as unknown) };
}

/** The spec's error shape: a non-empty array of `{code: number, description: string}`, code = HTTP status. */
function expectErrors(body: unknown, status: number): { code: number; description: string }[] {
  expect(Array.isArray(body)).toBe(true);
  const errors = body as { code: number; description: string }[];
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) {
    expect(Object.keys(e).sort()).toEqual(['code', 'description']);
    expect(e.code).toBe(status);
    expect(typeof e.description).toBe('string');
    expect(e.description).toMatch(/[\u4e00-\u9fff]/);
  }
  return errors;
}

const REQUEST_FIELDS = {
  service_request_id: 'string',
  status: 'string',
  status_notes: 'string|null',
  service_name: 'string',
  service_code: 'string',
  description: 'null',
  agency_responsible: 'string|null',
  service_notice: 'string|null',
  requested_datetime: 'string',
  updated_datetime: 'string',
  expected_datetime: 'null',
  address: 'string',
  address_id: 'null',
  zipcode: 'null',
  lat: 'null',
  long: 'null',
  media_url: 'null',
} as const;

const typeOf = (v: unknown) => (v === null ? 'null' : typeof v);

/** Every field of a service request, with the spec's types and W3C datetimes. */
function expectServiceRequest(r: Json) {
  expect(Object.keys(r).sort()).toEqual(Object.keys(REQUEST_FIELDS).sort());
  for (const [k, t] of Object.entries(REQUEST_FIELDS)) expect(t.split('|')).toContain(typeOf(r[k]));
  expect(['open', 'closed']).toContain(r.status);
  for (const k of ['requested_datetime', 'updated_datetime'])
    expect(r[k]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
}

describe('discovery and services', () => {
  it('discovery.json names the spec, this endpoint and its formats', async () => {
    const { status, body } = await get('/discovery.json');
    expect(status).toBe(200);
    const d = body as Json & { endpoints: Json[] };
    expect(typeof d.changeset).toBe('string');
    expect(typeof d.contact).toBe('string');
    expect(typeof d.key_service).toBe('string');
    expect(d.endpoints).toHaveLength(1);
    expect(d.endpoints[0]).toEqual({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: expect.stringMatching(/\/open311\/v2$/),
      changeset: d.changeset,
      type: 'production',
      formats: ['application/json', 'text/xml'],
    });
  });

  it('services.json lists one service per problem category with the spec fields', async () => {
    const { status, body } = await get('/services.json');
    expect(status).toBe(200);
    const list = body as Json[];
    expect(list.map((s) => s.service_code)).toEqual(Object.keys(CATEGORIES));
    for (const s of list) {
      expect(Object.keys(s).sort()).toEqual(
        ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'].sort(),
      );
      expect(s.service_name).toBe(CATEGORIES[s.service_code as keyof typeof CATEGORIES]);
      expect(typeof s.description).toBe('string');
      expect(s.metadata).toBe(true);
      expect(['realtime', 'batch', 'blackbox']).toContain(s.type);
      expect(typeof s.keywords).toBe('string');
      expect(typeof s.group).toBe('string');
    }
  });

  it('services/{code}.json defines the attributes: place type, town, village', async () => {
    const { status, body } = await get('/services/cooking_fumes.json');
    expect(status).toBe(200);
    const def = body as { service_code: string; attributes: Json[] };
    expect(Object.keys(def).sort()).toEqual(['attributes', 'service_code']);
    expect(def.service_code).toBe('cooking_fumes');
    expect(def.attributes.map((a) => a.code)).toEqual(['place_type', 'town', 'village']);
    for (const a of def.attributes) {
      expect(Object.keys(a).sort()).toEqual(
        ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description', 'values'].sort(),
      );
      expect(a.variable).toBe(true);
      expect(a.datatype).toBe('singlevaluelist');
      expect(typeof a.required).toBe('boolean');
      expect(Number.isInteger(a.order)).toBe(true);
      for (const v of a.values as Json[]) {
        expect(Object.keys(v).sort()).toEqual(['key', 'name']);
        expect(typeof v.key).toBe('string');
        expect(typeof v.name).toBe('string');
      }
    }
    const [place, townAttr, villageAttr] = def.attributes as { values: { key: string; name: string }[] }[];
    expect(place!.values.map((v) => v.key)).toEqual(Object.keys(PLACE_TYPES));
    expect(townAttr!.values.map((v) => v.key)).toEqual(rosterIndex.roster.towns.map((t) => t.id));
    expect(villageAttr!.values).toHaveLength(rosterIndex.roster.villages.length);
    // Sample villages say so.
    const sampleVillage = rosterIndex.roster.villages.find((v) => v.sample);
    if (sampleVillage) expect(villageAttr!.values.find((v) => v.key === sampleVillage.id)!.name).toMatch(/（示例）$/);
  });

  it('answers an unknown service or endpoint with the spec error array', async () => {
    expectErrors((await get('/services/smog.json')).body, 404);
    expect((await get('/services/smog.json')).status).toBe(404);
    const other = await get('/nothing.json');
    expect(other.status).toBe(404);
    expectErrors(other.body, 404);
  });

  it('speaks XML with the spec element names', async () => {
    const services = await get('/services.xml');
    expect(services.status).toBe(200);
    expect(services.res.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(services.body).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?>\n<services><service><service_code>dust<\/service_code><service_name>扬尘<\/service_name>/,
    );
    const def = await get('/services/dust.xml');
    expect(def.body).toMatch(
      /<service_definition><service_code>dust<\/service_code><attributes><attribute><variable>true<\/variable><code>place_type<\/code>/,
    );
    expect(def.body).toMatch(/<values><value><key>construction_site<\/key><name>工地<\/name><\/value>/);
    const err = await get('/services/smog.xml');
    expect(err.status).toBe(404);
    expect(err.body).toMatch(/<errors><error><code>404<\/code><description>[^<]+<\/description><\/error><\/errors>$/);
  });
});

describe('POST requests.json', () => {
  it('stores a complaint through the intake pipeline and answers the spec receipt', async () => {
    const mark = marker();
    const post = await postRequest(requestFields(mark));
    expect(post.status).toBe(201);
    const receipt = post.body as Json[];
    expect(receipt).toHaveLength(1);
    expect(Object.keys(receipt[0]!).sort()).toEqual(['account_id', 'service_notice', 'service_request_id']);
    const id = receipt[0]!.service_request_id as string;
    expect(id).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(receipt[0]!.service_notice).toContain(id);
    expect(receipt[0]!.account_id).toBeNull();
    expect(post.res.headers.get('location')).toMatch(new RegExp(`/open311/v2/requests/${id}\\.json$`));

    const row = await env.DB.prepare(
      `SELECT c.category, c.place_type, c.town_id, c.village_id, c.anonymous, c.contact_name, c.contact_phone,
              c.channel, c.address, k.state FROM complaints c JOIN cases k ON k.complaint_id = c.id
       WHERE c.tracking_code = ?1`,
    )
      .bind(id.replaceAll('-', ''))
      .first();
    expect(row).toEqual({
      category: 'dust',
      place_type: 'construction_site',
      town_id: town.id,
      village_id: village.id,
      anonymous: 0,
      contact_name: '示例王先生',
      contact_phone: '13812345678',
      channel: 'api',
      address: `示例路 8 号工地东门 ${mark}`,
      state: 'new',
    });
  });

  it('without a name and phone files an anonymous complaint; the town follows from the village', async () => {
    const mark = marker();
    const post = await postRequest(
      requestFields(mark, {
        last_name: undefined,
        first_name: undefined,
        phone: undefined,
        'attribute[town]': undefined,
      }),
    );
    expect(post.status).toBe(201);
    const id = ((post.body as Json[])[0]!.service_request_id as string).replaceAll('-', '');
    const row = await env.DB.prepare('SELECT anonymous, contact_name, town_id FROM complaints WHERE tracking_code = ?1')
      .bind(id)
      .first();
    expect(row).toEqual({ anonymous: 1, contact_name: null, town_id: town.id });
  });

  it('refuses a missing, unknown or revoked api_key with 403 and stores nothing', async () => {
    const revokedName = `revoked-${crypto.randomUUID().slice(0, 8)}`;
    const revoked = await addKey(revokedName);
    await env.DB.prepare(REVOKE_API_KEY_SQL).bind(revokedName, new Date().toISOString()).run();
    for (const key of [undefined, '', 'eg311_' + '0'.repeat(64), revoked, KEY.slice(0, -1)]) {
      const mark = marker();
      const post = await postRequest(requestFields(mark, { api_key: key }));
      expect(post.status).toBe(403);
      expect(expectErrors(post.body, 403)[0]!.description).toMatch(/^api_key：/);
      const n = await env.DB.prepare('SELECT COUNT(*) AS n FROM complaints WHERE description LIKE ?1')
        .bind(`%${mark}%`)
        .first<{ n: number }>();
      expect(n!.n).toBe(0);
    }
  });

  it('reports each invalid field by its Open311 name, with the intake rules', async () => {
    const post = await postRequest(
      requestFields(marker(), {
        service_code: 'smog',
        'attribute[place_type]': 'moon',
        description: '太短',
        phone: '12345',
      }),
    );
    expect(post.status).toBe(400);
    const names = expectErrors(post.body, 400).map((e) => e.description.split('：')[0]);
    expect(names).toEqual(['service_code', 'attribute[place_type]', 'description', 'phone']);
    const foreign = await postRequest(requestFields(marker(), { 'attribute[town]': rosterIndex.roster.towns[1]!.id }));
    expect(foreign.status).toBe(400);
    expect(expectErrors(foreign.body, 400)[0]!.description).toMatch(/^attribute\[village\]：/);
    const json = await exports.default.fetch(`${BASE}/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
    expectErrors(await json.json(), 415);
  });

  it('keeps the citizen API idempotency: a retry gets the same id, another payload under the key is 422', async () => {
    const mark = marker();
    const key = crypto.randomUUID();
    const fields = requestFields(mark, { idempotency_key: key });
    const first = await postRequest(fields);
    expect(first.status).toBe(201);
    const again = await postRequest(fields);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const other = await postRequest({ ...fields, description: `另一件事，和第一次不同的描述。${mark}` });
    expect(other.status).toBe(422);
    expectErrors(other.body, 422);
    const n = await env.DB.prepare('SELECT COUNT(*) AS n FROM complaints WHERE description LIKE ?1')
      .bind(`%${mark}%`)
      .first<{ n: number }>();
    expect(n!.n).toBe(1);
  });

  it('shares the citizen API rate limit: the sixth complaint from one client in the window is 429', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) expect((await postJson(validComplaint(marker()), { ip })).status).toBe(201);
    for (let i = 0; i < 2; i++) expect((await postRequest(requestFields(marker()), { ip })).status).toBe(201);
    const limited = await postRequest(requestFields(marker()), { ip });
    expect(limited.status).toBe(429);
    expect(limited.res.headers.get('retry-after')).toBe('600');
    expectErrors(limited.body, 429);
  });

  it('answers in XML when posted to requests.xml', async () => {
    const post = await postRequest(requestFields(marker()), { format: 'xml' });
    expect(post.status).toBe(201);
    expect(post.body).toMatch(
      /<service_requests><request><service_request_id>[0-9A-Z-]{14}<\/service_request_id><service_notice>[^<]+<\/service_notice><account_id\/><\/request><\/service_requests>$/,
    );
  });
});

describe('GET requests', () => {
  it('shows one request by id without a key, with status notes and the agency, and nothing private', async () => {
    const mark = marker();
    const post = await postRequest(requestFields(mark));
    const id = (post.body as Json[])[0]!.service_request_id as string;
    const fresh = await get(`/requests/${id}.json`);
    expect(fresh.status).toBe(200);
    const [r] = fresh.body as Json[];
    expectServiceRequest(r!);
    expect(r).toMatchObject({
      service_request_id: id,
      status: 'open',
      service_code: 'dust',
      service_name: '扬尘',
      agency_responsible: null,
      address: `${town.name} ${village.name}`,
    });
    expect(r!.status_notes).toMatch(/^已收到：/);

    const code = id.replaceAll('-', '');
    const assigned = await act(cast.office, code, {
      action: 'assign',
      lead: `town:${town.id}`,
      rectifyBy: inAWeek(),
      internalNote: `内部备注不能公开 ${mark}`,
      publicNote: '已交属地镇办查处',
    });
    expect(assigned.status).toBe(200);
    const later = await get(`/requests/${id}.json`);
    const [a] = later.body as Json[];
    expectServiceRequest(a!);
    expect(a).toMatchObject({ status: 'open', agency_responsible: town.name });
    expect(a!.status_notes).toBe(`已交办：承办单位：${town.name}\n已交属地镇办查处`);
    expect(Date.parse(a!.updated_datetime as string)).toBeGreaterThanOrEqual(
      Date.parse(a!.requested_datetime as string),
    );
    // Nothing private: not the description, the address, the name, the phone, the internal note.
    const text = JSON.stringify(later.body);
    for (const secret of [mark, '示例王先生', '13812345678', '苫盖', '内部备注']) expect(text).not.toContain(secret);
  });

  it('follows a case to closed, and filters by status, service and dates with an api_key', async () => {
    const a = (await postRequest(requestFields(marker(), { service_code: 'noise', 'attribute[place_type]': 'street' })))
      .body as Json[];
    const b = (await postRequest(requestFields(marker(), { service_code: 'noise', 'attribute[place_type]': 'street' })))
      .body as Json[];
    const idA = a[0]!.service_request_id as string;
    const idB = b[0]!.service_request_id as string;
    const rejected = await act(cast.office, idB.replaceAll('-', ''), {
      action: 'reject',
      reason: '不属于环境问题',
      redirectTo: '12345 热线',
    });
    expect(rejected.status).toBe(200);

    const both = `service_request_id=${idA},${idB}`;
    const closed = await get(`/requests.json?api_key=${KEY}&${both}&status=closed`);
    expect(closed.status).toBe(200);
    expect((closed.body as Json[]).map((r) => r.service_request_id)).toEqual([idB]);
    expect((closed.body as Json[])[0]).toMatchObject({ status: 'closed', status_notes: '已办结' });
    const open = await get(`/requests.json?api_key=${KEY}&${both}&status=open`);
    expect((open.body as Json[]).map((r) => r.service_request_id)).toEqual([idA]);

    const listed = await get(`/requests.json?api_key=${KEY}&service_code=noise`);
    expect(listed.status).toBe(200);
    const ids = (listed.body as Json[]).map((r) => r.service_request_id);
    expect(ids).toEqual(expect.arrayContaining([idA, idB]));
    for (const r of listed.body as Json[]) {
      expectServiceRequest(r);
      expect(r.service_code).toBe('noise');
    }
    // Newest first.
    expect(ids.indexOf(idB)).toBeLessThan(ids.indexOf(idA));
    // A date range that ended before these were filed finds neither.
    const past = await get(
      `/requests.json?api_key=${KEY}&service_code=noise&start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00%2B08:00`,
    );
    expect(past.status).toBe(200);
    expect(past.body).toEqual([]);
  });

  it('lists by filters only with an api_key, and checks every parameter', async () => {
    const noKey = await get('/requests.json?status=open');
    expect(noKey.status).toBe(403);
    expectErrors(noKey.body, 403);
    expect((await get('/requests.json?api_key=wrong')).status).toBe(403);
    const bad = await get(
      `/requests.json?api_key=${KEY}&service_request_id=??&service_code=smog&start_date=yesterday&status=pending`,
    );
    expect(bad.status).toBe(400);
    expect(expectErrors(bad.body, 400).map((e) => e.description.split('：')[0])).toEqual([
      'service_request_id',
      'service_code',
      'start_date',
      'status',
    ]);
    const missing = await get('/requests/K7RM-2XPB-9HQA.json');
    expect(missing.status).toBe(404);
    expectErrors(missing.body, 404);
  });
});
