/**
 * Forwarding end to end on the built Worker (wrangler dev, local D1 in a
 * persist folder): complaints stored while the Worker was not running are
 * delivered by the cron after it starts, a restart does not send anything
 * twice, a refused complaint shows up in `npm run deliveries` and goes
 * through after `--retry`. Complaints are stored with SQL (as intake's batch
 * would) because intake lives on another branch.
 */
import { execFile } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPlatformProxy } from 'wrangler';
import { ROOT, migrateLocal, startServer, triggerScheduled, type RunningServer } from '../../scripts/lib/server.ts';
import type { ComplaintRow } from '../../functions/forwarding/message.ts';
import type { OpenDelivery } from '../../functions/forwarding/ops.ts';
import { formatTrackingCode } from '../../domain/tracking-code.ts';
import { sampleComplaint, storeComplaint } from '../support/complaints.ts';
import { startReceiver, type OfficeReceiver, type RecordedRequest } from '../support/receiver.ts';

const SECRET = 'e2e-webhook-secret';
const REFUSE = '请拒收这条';

let persistTo: string;
let office: OfficeReceiver;
let server: RunningServer | undefined;

/** Stores complaints straight into the local D1 while no Worker runs (as if it died right after intake). */
async function storeWhileStopped(rows: ComplaintRow[]): Promise<void> {
  const proxy = await getPlatformProxy<{ DB: D1Database }>({
    configPath: resolve(ROOT, 'wrangler.toml'),
    persist: { path: join(persistTo, 'v3') },
    remoteBindings: false,
  });
  try {
    for (const c of rows) await storeComplaint(proxy.env.DB, c, ['webhook']);
  } finally {
    await proxy.dispose();
  }
}

function start(): Promise<RunningServer> {
  return startServer({
    persistTo,
    vars: {
      FORWARD_WEBHOOK_URL: `${office.url}/envgrid`,
      FORWARD_WEBHOOK_SECRET: SECRET,
      FORWARD_TIMEOUT_MS: '3000',
      PUBLIC_BASE_URL: 'https://envgrid.example.cn',
    },
  });
}

function mine(c: ComplaintRow): RecordedRequest[] {
  return office.requests.filter((r) => r.body.includes(`"trackingCode":"${c.tracking_code}"`));
}

/** Waits until every complaint has reached the office (or 15 s pass). */
async function waitForOffice(rows: ComplaintRow[]): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < 15_000) {
    if (rows.every((c) => mine(c).some((r) => r.answered === 200))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('complaints did not reach the office within 15 s');
}

function signatureValid(r: RecordedRequest): boolean {
  const expected = createHmac('sha256', SECRET).update(`${r.headers['x-envgrid-timestamp']}.${r.body}`).digest();
  const got = Buffer.from(r.headers['x-envgrid-signature'] ?? '', 'hex');
  return got.length === expected.length && timingSafeEqual(got, expected);
}

const run = promisify(execFile);

/** `npm run deliveries -- --persist-to … --json`, plus any extra arguments. */
async function deliveriesCli(...extra: string[]) {
  const { stdout } = await run(process.execPath, ['scripts/deliveries.ts', '--persist-to', persistTo, ...extra], {
    cwd: ROOT,
  });
  return stdout;
}

async function openDeliveries(): Promise<{ pending: OpenDelivery[]; dead: OpenDelivery[] }> {
  return JSON.parse(await deliveriesCli('--json')) as { pending: OpenDelivery[]; dead: OpenDelivery[] };
}

beforeAll(async () => {
  persistTo = await mkdtemp(join(tmpdir(), 'envgrid-forwarding-'));
  office = await startReceiver();
  office.setScript({ answers: [{ status: 400, body: 'refused by office', ifBodyIncludes: REFUSE }, { status: 200 }] });
  await migrateLocal(persistTo);
});

afterAll(async () => {
  await server?.stop();
  await office.down();
  await rm(persistTo, { recursive: true, force: true });
});

describe('forwarding on the built Worker', () => {
  it('delivers what was stored while the Worker was down, survives a restart, and lists the dead', async () => {
    const first = [sampleComplaint(), sampleComplaint(), sampleComplaint({ anonymous: 1 })];
    const refused = sampleComplaint({ description: `${REFUSE}：测试拒收` });
    await storeWhileStopped([...first, refused]);

    server = await start();
    const t0 = Date.now();
    await triggerScheduled(server.url);
    await waitForOffice(first);
    const firstLatency = Date.now() - t0;
    for (const c of first) {
      expect(mine(c)).toHaveLength(1);
      expect(signatureValid(mine(c)[0]!)).toBe(true);
    }
    expect(mine(refused).map((r) => r.answered)).toEqual([400]);

    // Stop the Worker; one more complaint is stored while it is down; restart on the same data.
    await server.stop();
    const later = sampleComplaint();
    await storeWhileStopped([later]);
    server = await start();
    const t = Date.now();
    await triggerScheduled(server.url);
    await waitForOffice([later]);
    const restartLatency = Date.now() - t;
    // Nothing already delivered goes out again; nothing is lost.
    for (const c of [...first, later]) expect(mine(c)).toHaveLength(1);
    expect(mine(refused)).toHaveLength(1);
    const keys = office.requests.map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(keys.length);

    // The refused one is listed as dead, with the office's words (CLI on the running Worker's data).
    let open = await openDeliveries();
    expect(open.pending).toEqual([]);
    expect(open.dead.map((d) => [d.tracking_code, d.channel, d.dead_reason])).toEqual([
      [refused.tracking_code, 'webhook', 'HTTP 400：refused by office'],
    ]);
    const text = await deliveriesCli();
    expect(text).toContain(`● ${formatTrackingCode(refused.tracking_code)} · 网格办系统接口 · 已尝试 1 次`);
    expect(text).toContain('原因：HTTP 400：refused by office');

    // The office fixes its side; the operator re-queues; the next cron delivers under the same key.
    office.setScript({ answers: [{ status: 200 }] });
    expect(await deliveriesCli('--retry', open.dead[0]!.id)).toContain(`已重新排队：${open.dead[0]!.id}`);
    await triggerScheduled(server.url);
    await waitForOffice([refused]);
    const again = mine(refused);
    expect(again.map((r) => r.answered)).toEqual([400, 200]);
    expect(again[0]!.headers['idempotency-key']).toBe(again[1]!.headers['idempotency-key']);
    open = await openDeliveries();
    expect(open).toMatchObject({ pending: [], dead: [] });
    console.log(
      `cron run to delivery: ${firstLatency} ms for ${first.length + 1} stored complaints; after restart: ${restartLatency} ms`,
    );
  }, 180_000);

  it('delivers a complaint filed through the API within seconds (waitUntil, no cron)', async () => {
    server ??= await start();
    office.setScript({ answers: [{ status: 200 }] });
    const mark = `API${Date.now().toString(36)}`;
    const t0 = Date.now();
    const res = await fetch(`${server.url}/api/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        category: 'straw_burning',
        placeType: 'residential',
        townId: 'laozhuangzi',
        description: `村东头有人焚烧秸秆，烟很大。${mark}`,
        anonymous: true,
      }),
    });
    expect(res.status).toBe(201);
    const answered = Date.now() - t0;
    const { trackingCode } = (await res.json()) as { trackingCode: string };
    let got: RecordedRequest | undefined;
    while (!got && Date.now() - t0 < 10_000) {
      got = office.requests.find((r) => r.body.includes(mark));
      if (!got) await new Promise((r) => setTimeout(r, 20));
    }
    expect(got, 'the office received the complaint within 10 s').toBeDefined();
    const delivered = got!.at - t0;
    expect(signatureValid(got!)).toBe(true);
    const body = JSON.parse(got!.body) as {
      complaint: { trackingCodeText: string; contact: unknown; anonymous: boolean };
    };
    expect(body.complaint).toMatchObject({ trackingCodeText: trackingCode, anonymous: true, contact: null });
    const status = (await (await fetch(`${server.url}/api/complaints/${trackingCode}`)).json()) as { status: string };
    expect(status.status).toBe('forwarded');
    console.log(`API answered in ${answered} ms; the office had the complaint ${delivered} ms after the POST`);
  });
});
