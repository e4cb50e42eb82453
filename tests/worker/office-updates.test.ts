/**
 * POST /api/office/updates through the real Worker and real D1: an update
 * signed like the forwarding webhook applies one case desk action; a bad,
 * missing or stale signature is 401 and changes nothing; a replay answers the
 * first result with 200 and applies nothing twice; the same key with another
 * body is 422; the case desk's own rules (who may act, from which state, field
 * checks) refuse exactly as they do for staff.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { env, exports } from 'cloudflare:workers';
import { signBody } from '../../domain/signature.ts';
import { town } from './support/complaints.ts';
import { act, fileComplaint, inAWeek, publicView, seedCast, snapshot, staffOf } from './cases-support.ts';

const cast = staffOf('office-updates');
beforeAll(() => seedCast(cast));

const SECRET = env.OFFICE_UPDATE_SECRET!;

interface Sent {
  status: number;
  json: Record<string, unknown> & { errors?: { field: string; message: string }[] };
  headers: Headers;
}

/** Posts `body` (text as given) with the signature headers of `sign` (default: good ones, now). */
async function post(body: string, headers: Record<string, string>): Promise<Sent> {
  const res = await exports.default.fetch('http://envgrid.test/api/office/updates', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: res.status, json: (await res.json()) as Sent['json'], headers: res.headers };
}

async function signed(update: Record<string, unknown>, opts: { secret?: string; at?: Date } = {}) {
  const body = JSON.stringify(update);
  return post(body, await signBody(opts.secret ?? SECRET, body, opts.at ?? new Date()));
}

/** A case assigned to the first town, ready for the town's actions. */
async function assignedCase(): Promise<string> {
  const code = await fileComplaint();
  const r = await act(cast.office, code, { action: 'assign', lead: `town:${town.id}`, rectifyBy: inAWeek() });
  expect(r.status).toBe(200);
  return code;
}

const ledgerLength = async (code: string) =>
  (await env.DB.prepare(
    'SELECT COUNT(*) AS n FROM case_actions a JOIN complaints c ON c.id = a.complaint_id WHERE c.tracking_code = ?1',
  )
    .bind(code)
    .first<{ n: number }>())!.n;

describe('a good signature', () => {
  it('applies the action as the named directory member, once, and a replay gets the first answer', async () => {
    const code = await assignedCase();
    const key = crypto.randomUUID();
    const update = { idempotencyKey: key, case: code, actor: cast.town.email, action: 'accept' };
    const first = await signed(update);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      idempotencyKey: key,
      action: 'accept',
      fromState: 'assigned',
      state: 'accepted',
      seq: 2,
    });
    expect(first.headers.get('x-envgrid-replay')).toBeNull();
    const ledger = await env.DB.prepare(
      `SELECT a.action, a.actor_email, a.actor_role FROM case_actions a JOIN complaints c ON c.id = a.complaint_id
       WHERE c.tracking_code = ?1 ORDER BY a.seq`,
    )
      .bind(code)
      .all();
    expect(ledger.results.at(-1)).toEqual({ action: 'accept', actor_email: cast.town.email, actor_role: 'town' });
    expect((await publicView(code)).status).toBe('accepted');
    const before = await snapshot(code);

    // The same update again, signed afresh a minute later (a retry after a lost answer).
    const again = await signed(update, { at: new Date(Date.now() + 60_000) });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get('x-envgrid-replay')).toBe('true');
    // And the very same signed request replayed byte for byte.
    const body = JSON.stringify(update);
    const headers = await signBody(SECRET, body, new Date());
    expect((await post(body, headers)).json).toEqual(first.json);
    expect((await post(body, headers)).status).toBe(200);
    expect(await snapshot(code)).toBe(before);
    expect(await ledgerLength(code)).toBe(2);
  });

  it('answers 422 for a used key with another body and applies nothing', async () => {
    const code = await assignedCase();
    const key = crypto.randomUUID();
    expect((await signed({ idempotencyKey: key, case: code, actor: cast.town.email, action: 'accept' })).status).toBe(
      200,
    );
    const before = await snapshot(code);
    const other = await signed({
      idempotencyKey: key,
      case: code,
      actor: cast.town.email,
      action: 'progress',
      internalNote: '已到现场',
    });
    expect(other.status).toBe(422);
    expect(other.json.error).toMatch(/idempotencyKey/);
    expect(await snapshot(code)).toBe(before);
  });

  it('applies concurrent copies of one update once', async () => {
    const code = await assignedCase();
    const update = { idempotencyKey: crypto.randomUUID(), case: code, actor: cast.town.email, action: 'accept' };
    const answers = await Promise.all([signed(update), signed(update), signed(update)]);
    for (const a of answers) expect(a.status).toBe(200);
    expect(new Set(answers.map((a) => JSON.stringify(a.json))).size).toBe(1);
    expect(await ledgerLength(code)).toBe(2);
  });
});

describe('bad, missing and stale signatures', () => {
  const cases: [string, (body: string) => Promise<Record<string, string>>, RegExp][] = [
    ['another secret', (b) => signBody('not-the-secret', b, new Date()), /签名不正确/],
    [
      'a body changed after signing',
      async (b) => signBody(SECRET, b.replace('"accept"', '"return"'), new Date()),
      /签名不正确/,
    ],
    ['no signature headers', async () => ({}), /缺少签名/],
    ['a timestamp six minutes old', (b) => signBody(SECRET, b, new Date(Date.now() - 6 * 60_000)), /有效范围/],
    ['a timestamp six minutes ahead', (b) => signBody(SECRET, b, new Date(Date.now() + 6 * 60_000)), /有效范围/],
    [
      'a signature of the right length but not hex of the HMAC',
      async (b) => ({ ...(await signBody(SECRET, b, new Date())), 'x-envgrid-signature': 'z'.repeat(64) }),
      /签名不正确/,
    ],
    [
      'a timestamp that is not a number',
      async (b) => ({ ...(await signBody(SECRET, b, new Date())), 'x-envgrid-timestamp': 'yesterday' }),
      /签名不正确/,
    ],
  ];
  it.each(cases)('%s: 401, nothing applied, the key still free', async (_, sign, message) => {
    const code = await assignedCase();
    const update = { idempotencyKey: crypto.randomUUID(), case: code, actor: cast.town.email, action: 'accept' };
    const body = JSON.stringify(update);
    const before = await snapshot(code);
    const res = await post(body, await sign(body));
    expect(res.status).toBe(401);
    expect(res.json.error).toMatch(message);
    expect(await snapshot(code)).toBe(before);
    // A refused update never took its key: signed properly, it applies.
    expect((await signed(update)).status).toBe(200);
  });
});

describe('the case desk rules, through the office system', () => {
  it('refuses what the case desk refuses, writes nothing, and leaves the key free', async () => {
    const code = await assignedCase();
    const before = await snapshot(code);
    const key = crypto.randomUUID();

    // The office may not accept for the town (403), the town may not verify (403 too: office's action).
    const byOffice = await signed({ idempotencyKey: key, case: code, actor: cast.office.email, action: 'accept' });
    expect(byOffice.status).toBe(403);
    // Another town cannot even see the case.
    expect(
      (await signed({ idempotencyKey: key, case: code, actor: cast.otherTown.email, action: 'accept' })).status,
    ).toBe(403);
    // Progress before acceptance: 409 with the allowed actions.
    const early = await signed({
      idempotencyKey: key,
      case: code,
      actor: cast.town.email,
      action: 'progress',
      internalNote: '已到现场',
    });
    expect(early.status).toBe(409);
    expect(early.json.allowed).toEqual(['accept', 'return']);
    // Someone outside the directory.
    const stranger = await signed({ idempotencyKey: key, case: code, actor: 'nobody@example.org', action: 'accept' });
    expect(stranger.status).toBe(403);
    expect(stranger.json.error).toMatch(/不在工作人员名录/);
    // An unknown case.
    expect(
      (await signed({ idempotencyKey: key, case: 'K7RM-2XPB-9HQA', actor: cast.town.email, action: 'accept' })).status,
    ).toBe(404);
    expect(await snapshot(code)).toBe(before);

    // Field checks are the case desk's: return without its reason.
    expect((await signed({ idempotencyKey: key, case: code, actor: cast.town.email, action: 'accept' })).status).toBe(
      200,
    );
    const noReason = await signed({
      idempotencyKey: crypto.randomUUID(),
      case: code,
      actor: cast.town.email,
      action: 'feedback',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.json.errors).toEqual([{ field: 'internalNote', message: '请填写处理结果' }]);
  });

  it('names each bad envelope field in Chinese', async () => {
    const res = await signed({ idempotencyKey: 'abc', case: '???', action: 'accept' });
    expect(res.status).toBe(400);
    expect(res.json.errors!.map((e) => e.field)).toEqual(['idempotencyKey', 'case', 'actor']);
    for (const e of res.json.errors!) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    const notJson = 'not json';
    const r2 = await post(notJson, await signBody(SECRET, notJson, new Date()));
    expect(r2.status).toBe(400);
    const r3 = await exports.default.fetch('http://envgrid.test/api/office/updates', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(r3.status).toBe(415);
  });
});
