import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildMime, encodeHeaderWords, isPlainAddress } from '../../../functions/forwarding/channels/email-mime.ts';
import { robotResult } from '../../../functions/forwarding/channels/robot-answer.ts';
import { signWebhook, webhookBody } from '../../../functions/forwarding/channels/webhook.ts';
import { WECOM_RETRYABLE } from '../../../functions/forwarding/channels/wecom.ts';
import { checkTargetUrl, enabledChannels, readForwardingConfig } from '../../../functions/forwarding/config.ts';
import { classifyStatus } from '../../../functions/forwarding/http.ts';
import { buildMessage } from '../../../functions/forwarding/message.ts';
import { sampleComplaint } from '../../support/complaints.ts';

const message = (over = {}) => buildMessage(sampleComplaint(over), 'https://envgrid.example.cn');

describe('webhook body and signature', () => {
  it('is JSON of the message model, signed as hex HMAC-SHA256 of timestamp + "." + body', async () => {
    const m = message({ description: '含"引号"、\\反斜杠\n和换行</script>' });
    const body = webhookBody(m, 'key-1');
    const parsed = JSON.parse(body) as { event: string; idempotencyKey: string; complaint: typeof m };
    expect(parsed.event).toBe('complaint.received');
    expect(parsed.idempotencyKey).toBe('key-1');
    expect(parsed.complaint).toEqual(m);
    expect(parsed.complaint.description).toBe('含"引号"、\\反斜杠\n和换行</script>');
    const now = new Date('2026-11-26T06:05:09.500Z');
    const h = await signWebhook('s3cret', body, now);
    expect(h['x-envgrid-timestamp']).toBe('1795673109');
    expect(h['x-envgrid-signature']).toBe(createHmac('sha256', 's3cret').update(`1795673109.${body}`).digest('hex'));
  });
});

describe('classifying answers', () => {
  it('delivers 2xx, retries 408/429/5xx, gives up on other 4xx and redirects', () => {
    expect([200, 201, 204].map(classifyStatus)).toEqual(['delivered', 'delivered', 'delivered']);
    expect([408, 429, 500, 502, 503, 504].map(classifyStatus)).toEqual(Array(6).fill('retry'));
    expect([400, 401, 403, 404, 410, 422, 301, 302].map(classifyStatus)).toEqual(Array(8).fill('dead'));
  });

  it('reads robot errcodes: 0 delivered, busy/rate-limited retried, others dead with the reason', () => {
    const ans = (text: string, status = 200) => robotResult({ status, text }, WECOM_RETRYABLE);
    expect(ans('{"errcode":0,"errmsg":"ok"}').outcome).toBe('delivered');
    expect(ans('{"errcode":45009,"errmsg":"api freq out of limit"}').outcome).toBe('retry');
    expect(ans('{"errcode":-1,"errmsg":"system busy"}').outcome).toBe('retry');
    expect(ans('{"errcode":93000,"errmsg":"invalid webhook url"}')).toEqual({
      outcome: 'dead',
      httpStatus: 200,
      error: 'errcode 93000：invalid webhook url',
    });
    expect(ans('<html>bad gateway</html>', 502).outcome).toBe('retry');
    expect(ans('<html>ok?</html>').outcome).toBe('retry');
  });
});

describe('configuration', () => {
  it('switches on exactly the channels whose address is set', () => {
    const env = {
      FORWARD_WEBHOOK_URL: ' https://office.example.cn/hook ',
      FORWARD_WECOM_URL: '',
      FORWARD_DINGTALK_URL: 'https://oapi.dingtalk.com/robot/send?access_token=x',
      FORWARD_EMAIL_TO: '',
      FORWARD_TIMEOUT_MS: 'abc',
      PUBLIC_BASE_URL: 'https://envgrid.example.cn/',
    } as unknown as Env;
    const cfg = readForwardingConfig(env);
    expect(enabledChannels(cfg)).toEqual(['webhook', 'dingtalk']);
    expect(cfg.webhook?.url).toBe('https://office.example.cn/hook');
    expect(cfg.timeoutMs).toBe(10_000);
    expect(cfg.publicBaseUrl).toBe('https://envgrid.example.cn');
    expect(enabledChannels(readForwardingConfig({} as Env))).toEqual([]);
  });

  it('accepts https, and plain http only to this machine', () => {
    expect(checkTargetUrl('U', 'https://office.example.cn/x')).toBeUndefined();
    expect(checkTargetUrl('U', 'http://127.0.0.1:9000/x')).toBeUndefined();
    expect(checkTargetUrl('U', 'http://office.example.cn/x')).toMatch(/^U 必须以 https:\/\/ 开头/);
    expect(checkTargetUrl('U', 'office')).toMatch(/^U 不是有效的网址/);
  });
});

/** Unfolds a header and undoes RFC 2047 B-encoding (space between encoded words is not text). */
function decodeWords(v: string): string {
  return v
    .replace(/\r\n/g, '')
    .replace(/(\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (_, b64: string) => `\u0000${b64}\u0000`)
    .split('\u0000')
    .map((part, i) => (i % 2 ? Buffer.from(part, 'base64') : Buffer.from(part)))
    .reduce((acc, b) => Buffer.concat([acc, b]), Buffer.alloc(0))
    .toString('utf8');
}

function parseMime(raw: string) {
  const [head, body] = raw.split('\r\n\r\n') as [string, string];
  const headers = new Map<string, string>();
  for (const line of head.split(/\r\n(?! )/)) {
    const i = line.indexOf(':');
    headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  return { head, headers, body, text: Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8') };
}

describe('email MIME message', () => {
  const opts = {
    from: 'envgrid@example.gov.cn',
    to: 'wgb@example.gov.cn',
    idempotencyKey: 'k-123',
    date: new Date('2026-11-26T06:05:09Z'),
  };

  it('is text/plain UTF-8, base64 body, encoded Chinese headers, Message-ID from the idempotency key', () => {
    const raw = buildMime(message({ tracking_code: 'EMEMEMEM2345' }), opts);
    const { head, headers, body, text } = parseMime(raw);
    expect(head).toMatch(/^[\x20-\x7e\r\n]+$/); // headers are pure ASCII
    expect(headers.get('content-type')).toBe('text/plain; charset=UTF-8');
    expect(headers.get('content-transfer-encoding')).toBe('base64');
    expect(headers.get('mime-version')).toBe('1.0');
    expect(headers.get('message-id')).toBe('<k-123@example.gov.cn>');
    expect(headers.get('date')).toBe('Thu, 26 Nov 2026 06:05:09 +0000');
    expect(headers.get('to')).toBe('<wgb@example.gov.cn>');
    expect(decodeWords(headers.get('subject')!)).toBe('环境投诉 EMEM-EMEM-2345：扬尘（老庄子镇）');
    expect(decodeWords(headers.get('from')!)).toBe('EnvGrid 环境投诉转交 <envgrid@example.gov.cn>');
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    expect(body.split('\r\n').every((l) => /^[A-Za-z0-9+/=]*$/.test(l))).toBe(true);
    expect(text).toContain('投诉编号：EMEM-EMEM-2345');
    expect(text).toContain('问题描述：\r\n┃ 工地没有苫盖，风一吹尘土很大。');
    expect(text).toContain('办理进度：https://envgrid.example.cn/complaint/status/?code=EMEM-EMEM-2345');
  });

  it('keeps citizen text out of the headers and intact in the body', () => {
    const evil = '正文\r\nBcc: victim@example.com\r\n\r\n--boundary\nSubject: 假';
    const raw = buildMime(message({ description: evil, contact_name: '王五\r\nX-Injected: 1' }), opts);
    const { headers, text } = parseMime(raw);
    expect([...headers.keys()]).toEqual([
      'from',
      'to',
      'subject',
      'date',
      'message-id',
      'x-envgrid-idempotency-key',
      'mime-version',
      'content-type',
      'content-transfer-encoding',
    ]);
    expect(raw).not.toContain('victim@example.com');
    // Every line of it behind the quote bar, the address defanged: it can pass for neither header nor field.
    expect(text).toContain('┃ 正文\r\n┃ Bcc： victim＠example．com\r\n┃ \r\n┃ --boundary\r\n┃ Subject： 假');
  });

  it('splits long encoded headers into words of at most 75 characters, never inside a character', () => {
    const words = encodeHeaderWords('环境投诉'.repeat(20)).split('\r\n ');
    expect(words.length).toBeGreaterThan(1);
    for (const w of words) {
      expect(w.length).toBeLessThanOrEqual(75);
      expect(decodeWords(w)).not.toContain('\uFFFD');
    }
    expect(decodeWords(words.join('\r\n '))).toBe('环境投诉'.repeat(20));
    expect(encodeHeaderWords('plain ascii')).toBe('plain ascii');
  });

  it('accepts only plain addresses from configuration', () => {
    expect(isPlainAddress('wgb@example.gov.cn')).toBe(true);
    for (const bad of ['wgb@example.gov.cn\r\nBcc: x@y.cn', 'Name <a@b.cn>', 'a@b', 'a b@c.cn', '']) {
      expect(isPlainAddress(bad)).toBe(false);
    }
  });
});
