/**
 * Several channels at once: the office webhook, the WeCom and DingTalk group
 * robots (stand-ins that answer like the real platforms) and email through
 * the real local send_email binding.
 */
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { runDueDeliveries } from '../../../functions/forwarding/deliver.ts';
import { deliverNow, enqueueDeliveries } from '../../../functions/forwarding/outbox.ts';
import { SECRET, T0, at, attemptsOf, configured, deliveriesOf, newComplaint, resetDb, timelineOf } from './helpers.ts';
import { newReceiver } from './receiver-client.ts';
import { formatTrackingCode } from '../../../domain/tracking-code.ts';

beforeEach(resetDb);

const ROBOT_OK = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
const DING_SECRET = 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd';

async function allChannels() {
  const office = await newReceiver();
  const wecom = await newReceiver();
  const ding = await newReceiver();
  await wecom.script({ answers: [ROBOT_OK] });
  await ding.script({ answers: [ROBOT_OK] });
  const e = configured({
    FORWARD_WEBHOOK_URL: `${office.url}/hook`,
    FORWARD_WEBHOOK_SECRET: SECRET,
    FORWARD_WECOM_URL: `${wecom.url}/cgi-bin/webhook/send?key=test-key`,
    FORWARD_DINGTALK_URL: `${ding.url}/robot/send?access_token=test-token`,
    FORWARD_DINGTALK_SECRET: DING_SECRET,
    FORWARD_EMAIL_FROM: 'envgrid@example.gov.cn',
    FORWARD_EMAIL_TO: 'wgb@example.gov.cn',
  });
  return { office, wecom, ding, e };
}

async function dingSignOk(url: string): Promise<boolean> {
  const q = new URL(url, 'http://x').searchParams;
  const ts = q.get('timestamp')!;
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(DING_SECRET),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${ts}\n${DING_SECRET}`)));
  return q.get('sign') === btoa(String.fromCharCode(...mac));
}

describe('forwarding on several channels', () => {
  it('queues one delivery per configured channel and none when nothing is configured', async () => {
    const { e } = await allChannels();
    const c = await newComplaint(e);
    const ds = await deliveriesOf(c.id);
    expect(ds.map((d) => d.channel)).toEqual(['dingtalk', 'email', 'webhook', 'wecom']);
    expect(new Set(ds.map((d) => d.idempotency_key)).size).toBe(4);
    expect(ds.every((d) => d.status === 'pending' && d.next_attempt_at === T0.toISOString())).toBe(true);
    // The default wrangler.toml settings switch nothing on.
    expect(enqueueDeliveries(env.DB, env, c.id, T0.toISOString())).toEqual([]);
    const quiet = await newComplaint(env);
    expect(await deliveriesOf(quiet.id)).toEqual([]);
    await deliverNow(env, quiet.id, T0);
    expect(await timelineOf(quiet.id)).toMatchObject({ status: 'received' });
  });

  it('delivers on all four and records 已转交区网格办 exactly once', async () => {
    const { office, wecom, ding, e } = await allChannels();
    const c = await newComplaint(e, { description: '夜间施工**扬尘**，见 [照片](http://evil.example)' });
    await deliverNow(e, c.id, T0);
    const ds = await deliveriesOf(c.id);
    expect(ds.map((d) => [d.channel, d.status])).toEqual([
      ['dingtalk', 'delivered'],
      ['email', 'delivered'],
      ['webhook', 'delivered'],
      ['wecom', 'delivered'],
    ]);
    const tl = await timelineOf(c.id);
    expect(tl.status).toBe('forwarded');
    expect(tl.events.filter((ev) => ev.status === 'forwarded')).toEqual([
      { status: 'forwarded', note: '已转交区网格办' },
    ]);
    expect((await attemptsOf(c.id)).map((a) => a.outcome)).toEqual([
      'delivered',
      'delivered',
      'delivered',
      'delivered',
    ]);

    expect(await office.requests()).toHaveLength(1);
    const [w] = await wecom.requests();
    expect(w!.url).toBe('/cgi-bin/webhook/send?key=test-key');
    const wb = JSON.parse(w!.body) as { msgtype: string; markdown: { content: string } };
    expect(wb.msgtype).toBe('markdown');
    expect(wb.markdown.content).toContain(`环境投诉 ${formatTrackingCode(c.tracking_code)}`);
    expect(wb.markdown.content).toContain('┃ 夜间施工＊＊扬尘＊＊，见 ［照片］（http：//evil．example）');

    const [d] = await ding.requests();
    expect(d!.url).toMatch(/^\/robot\/send\?access_token=test-token&timestamp=\d{13}&sign=[A-Za-z0-9%]+$/);
    expect(await dingSignOk(d!.url)).toBe(true);
    const db = JSON.parse(d!.body) as { msgtype: string; markdown: { title: string; text: string } };
    expect(db.msgtype).toBe('markdown');
    expect(db.markdown.title).toBe(`环境投诉 ${formatTrackingCode(c.tracking_code)}：扬尘（老庄子镇）`);
  });

  it('forwards once even when one channel dies and another is retried', async () => {
    const { office, wecom, e } = await allChannels();
    await office.script({ answers: [{ status: 410, body: 'endpoint retired' }] });
    await wecom.script({
      answers: [{ status: 200, body: '{"errcode":45009,"errmsg":"api freq out of limit"}' }, ROBOT_OK],
    });
    const c = await newComplaint(e);
    await deliverNow(e, c.id, T0);
    let ds = Object.fromEntries((await deliveriesOf(c.id)).map((d) => [d.channel, d]));
    expect(ds.webhook).toMatchObject({ status: 'dead', dead_reason: 'HTTP 410：endpoint retired' });
    expect(ds.wecom).toMatchObject({ status: 'pending', last_error: 'errcode 45009：api freq out of limit' });
    await runDueDeliveries(e, { clock: () => at(1) });
    ds = Object.fromEntries((await deliveriesOf(c.id)).map((d) => [d.channel, d]));
    expect(ds.wecom!.status).toBe('delivered');
    expect((await timelineOf(c.id)).events.filter((ev) => ev.status === 'forwarded')).toHaveLength(1);
  });

  it('marks a robot refusal dead at once (wrong key), keeping the platform’s words', async () => {
    const { wecom, e } = await allChannels();
    await wecom.script({
      answers: [{ status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url, hint: [x]"}' }],
    });
    const c = await newComplaint(e);
    await deliverNow(e, c.id, T0);
    const w = (await deliveriesOf(c.id)).find((d) => d.channel === 'wecom')!;
    expect(w).toMatchObject({ status: 'dead', dead_reason: 'errcode 93000：invalid webhook url, hint: [x]' });
  });

  it('keeps retrying a misconfigured channel with a reason an operator can act on', async () => {
    const e = configured({ FORWARD_EMAIL_TO: 'wgb@example.gov.cn', FORWARD_EMAIL_FROM: 'not-an-address' });
    const c = await newComplaint(e);
    await deliverNow(e, c.id, T0);
    const [d] = await deliveriesOf(c.id);
    expect(d).toMatchObject({ channel: 'email', status: 'pending' });
    expect(d!.last_error).toBe('FORWARD_EMAIL_FROM 不是有效的邮箱地址，请填写如 envgrid@example.gov.cn');
    // Fixed within the day: the next retry goes through.
    const fixed = configured({ FORWARD_EMAIL_TO: 'wgb@example.gov.cn', FORWARD_EMAIL_FROM: 'envgrid@example.gov.cn' });
    await runDueDeliveries(fixed, { clock: () => at(1) });
    expect((await deliveriesOf(c.id))[0]!.status).toBe('delivered');
  });
});
