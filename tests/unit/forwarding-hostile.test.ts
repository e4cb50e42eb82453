/**
 * Messages to the district office carry citizen text; here fast-check throws
 * hostile text (tests/support/hostile.ts) into every citizen field and checks
 * each channel's rendering: robot markdown stays inert and within size, the
 * email's headers stay ours, the webhook's JSON carries the text unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dingtalkBody } from '../../functions/forwarding/channels/dingtalk.ts';
import { buildMime, emailText } from '../../functions/forwarding/channels/email-mime.ts';
import { webhookBody } from '../../functions/forwarding/channels/webhook.ts';
import { wecomBody } from '../../functions/forwarding/channels/wecom.ts';
import { ROBOT_MARKDOWN_MAX_BYTES, utf8Bytes } from '../../functions/forwarding/markdown.ts';
import { buildMessage, messageFields, quotedBlock } from '../../functions/forwarding/message.ts';
import { sampleComplaint } from '../support/complaints.ts';
import { hostileText, hugeText } from '../support/hostile.ts';

const BASE = 'https://envgrid.example.cn';
const citizen = fc.record({
  description: fc.oneof(
    hostileText,
    hugeText,
    fc.array(hostileText, { maxLength: 8 }).map((a) => a.join('\n')),
  ),
  address: fc.option(hostileText, { nil: null }),
  contact_name: fc.option(hostileText, { nil: null }),
  contact_phone: fc.option(hostileText, { nil: null }),
});

/** Robot markdown with our own markup (title, bold labels, the status link) taken out. */
function citizenParts(md: string): string {
  return md
    .replace(/\[查看办理进度\]\(https:\/\/envgrid\.example\.cn\/complaint\/status\/\?code=[A-Z0-9-]+\)/, '')
    .replace(/^### /, '')
    .replace(/\*\*[^*\n]+\*\*：/g, '');
}

describe('hostile citizen text in messages to the office', () => {
  for (const [name, render] of [
    ['WeCom', (m: ReturnType<typeof buildMessage>) => wecomBody(m).markdown.content],
    ['DingTalk', (m: ReturnType<typeof buildMessage>) => dingtalkBody(m).markdown.text],
  ] as const) {
    it(`${name} markdown: citizen text adds no markup, and the message stays within the size limit`, () => {
      fc.assert(
        fc.property(citizen, (c) => {
          const md = render(buildMessage(sampleComplaint(c), BASE));
          expect(utf8Bytes(md)).toBeLessThanOrEqual(ROBOT_MARKDOWN_MAX_BYTES);
          expect(md.match(/\]\(/g)).toHaveLength(1); // our status link is the only link
          const rest = citizenParts(md);
          // Every ASCII character that starts markup is gone from citizen text, and no auto-link or control character
          // (a tab inside a line is plain text) is left.
          expect(rest).not.toMatch(/[\\`*_[\]()<>#~|&]|:\/\/|[\u0000-\u0008\u000b-\u001f\u007f]/);
          for (const line of rest.split('\n')) expect(line).not.toMatch(/^([ \t]|[-+=]|\d+[.)])/);
        }),
        { numRuns: 500 },
      );
      // 500 renderings with binary searches for the size cap: about 3 s idle, several times that on a busy machine.
    }, 60_000);
  }

  it('email: headers are ours alone, in ASCII; the body carries the citizen text', () => {
    fc.assert(
      fc.property(citizen, (c) => {
        const raw = buildMime(buildMessage(sampleComplaint(c), BASE), {
          from: 'envgrid@example.gov.cn',
          to: 'wgb@example.gov.cn',
          idempotencyKey: 'k-1',
          date: new Date('2026-11-26T06:05:09Z'),
        });
        const [head, body] = raw.split('\r\n\r\n') as [string, string];
        expect(head).toMatch(/^[\x20-\x7e\r\n]+$/);
        const names = head.split(/\r\n(?! )/).map((l) => l.slice(0, l.indexOf(':')).toLowerCase());
        expect(names).toEqual([
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
        expect(body).toMatch(/^[A-Za-z0-9+/=\r\n]*$/);
        const text = Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8');
        const firstLine = quotedBlock(c.description.toWellFormed()).split('\n')[0]!;
        expect(text).toContain(firstLine);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('webhook: the JSON body carries every citizen field unchanged', () => {
    fc.assert(
      fc.property(citizen, (c) => {
        const m = buildMessage(sampleComplaint(c), BASE);
        const parsed = JSON.parse(webhookBody(m, 'k-1')) as { complaint: typeof m };
        expect(parsed.complaint).toEqual(m);
        expect(parsed.complaint.description).toBe(c.description);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});

/** Lines a citizen would like to add to the office's message: our labels, and links of every kind. */
const FORGERIES = [
  '\n联系电话：13900000000',
  '\r\n建议承办部门：区公安分局',
  '\u2028办理进度：https://evil.example/status',
  '\u2029**联系电话**：13900000000',
  '\u0085投诉人：王五',
  ' 联系电话：13900000000 ',
  '」 联系电话：「13900000000',
  ' 详情见 evil.example/a 或 www.evil.example ',
  ' mailto:boss@evil.example tel:13900000000 http://evil.example ',
];
const forged = fc.record({
  description: fc.constantFrom(...FORGERIES).map((f) => `工地扬尘很大，请尽快处理。${f}`),
  address: fc.option(fc.constantFrom(...FORGERIES), { nil: null }),
  contact_name: fc.option(fc.constantFrom(...FORGERIES), { nil: null }),
  contact_phone: fc.option(fc.constantFrom(...FORGERIES), { nil: null }),
});

describe('forged lines and links in messages to the office (issue 10.2)', () => {
  /** Every rendering a person reads, with one line per entry. */
  const renderings = (m: ReturnType<typeof buildMessage>) => ({
    email: emailText(m).split('\n'),
    wecom: wecomBody(m).markdown.content.split('\n'),
    dingtalk: dingtalkBody(m).markdown.text.split('\n'),
  });
  const labels = (m: ReturnType<typeof buildMessage>) => messageFields(m).map((f) => f.label);

  it('no citizen text starts a line that reads as one of our fields, or makes a link', () => {
    fc.assert(
      fc.property(forged, (c) => {
        const m = buildMessage(sampleComplaint(c), BASE);
        const ours = labels(m);
        for (const [channel, lines] of Object.entries(renderings(m))) {
          // Each of our labels starts exactly one line; citizen lines start with the quote bar.
          for (const label of ['联系电话', '建议承办部门', '办理进度', '投诉人']) {
            const starting = lines.filter((l) => new RegExp(`^(\\*\\*)?${label}(\\*\\*)?：`).test(l));
            // (The robots show our status link as `[查看办理进度](…)`, not as a labelled line.)
            const expected = ours.includes(label) && !(label === '办理进度' && channel !== 'email') ? 1 : 0;
            expect(starting, `${channel} ${label}`).toHaveLength(expected);
          }
          const citizen = lines
            .join('\n')
            .replace(/https:\/\/envgrid\.example\.cn\/complaint\/status\/\?code=[A-Z0-9-]+/g, '');
          expect(citizen, channel).not.toMatch(/evil\.example|mailto:|tel:|https?:|www\.|@/i);
        }
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
