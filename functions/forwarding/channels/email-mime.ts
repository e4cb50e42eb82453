/**
 * The forwarded complaint as a MIME message (RFC 5322 + 2045/2047): text/plain
 * in UTF-8, the body base64-encoded and non-ASCII headers as encoded words, so
 * citizen text can neither break the headers nor be mangled by a mail hop.
 * Pure: no Workers APIs, so it is testable in Node.
 */
import { messageFields, messageTitle, type ForwardMessage } from '../message.ts';

const encoder = new TextEncoder();
const CRLF = '\r\n';

function base64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/**
 * RFC 2047 `=?UTF-8?B?…?=` words, each short enough for a 76-character
 * header line and never splitting a character, folded onto continuation lines.
 */
export function encodeHeaderWords(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text) && !text.includes('=?')) return text;
  const words: string[] = [];
  let chunk: number[] = [];
  for (const ch of text) {
    const b = encoder.encode(ch);
    // 39 bytes → 52 base64 characters + 12 for the wrapper = 64, so even the
    // first word after "Subject: " keeps the line within 76 characters.
    if (chunk.length + b.length > 39) {
      words.push(`=?UTF-8?B?${base64(Uint8Array.from(chunk))}?=`);
      chunk = [];
    }
    chunk.push(...b);
  }
  if (chunk.length) words.push(`=?UTF-8?B?${base64(Uint8Array.from(chunk))}?=`);
  return words.join(`${CRLF} `);
}

const ADDRESS = /^[^\s<>()@",;:\\[\]]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

/** Whether a configured address is a plain `user@domain` (nothing that could inject a header). */
export function isPlainAddress(s: string): boolean {
  return ADDRESS.test(s);
}

/** RFC 5322 date in UTC, e.g. `Thu, 26 Nov 2026 06:05:09 +0000`. */
export function rfc5322Date(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`
  );
}

/** The plain-text body the office reads. */
export function emailText(m: ForwardMessage): string {
  const lines = ['区网格办：', '', '收到一条群众环境投诉，请按时研判交办。', ''];
  for (const f of messageFields(m)) {
    if (f.multiline) lines.push(`${f.label}：`, f.value, '');
    else lines.push(`${f.label}：${f.value}`);
  }
  lines.push('', '——', '本邮件由 EnvGrid 网格化环境监督系统自动发送，请勿直接回复。');
  return lines.join('\n');
}

export interface MimeOptions {
  from: string;
  to: string;
  idempotencyKey: string;
  date: Date;
}

/** A plain-text message: who it is from (display name), its subject and body. */
export interface MimeContent {
  senderName: string;
  subject: string;
  text: string;
}

/**
 * A complete text/plain message. The Message-ID derives from the idempotency
 * key, so a repeat is recognisable. Used for complaints and digests.
 */
export function buildMimeText(c: MimeContent, o: MimeOptions): string {
  const domain = o.from.split('@')[1] ?? 'envgrid.invalid';
  const text = c.text.replace(/\r\n?|\n/g, CRLF);
  const body = base64(encoder.encode(text)).replace(/.{1,76}/g, (line) => line + CRLF);
  const headers = [
    `From: ${encodeHeaderWords(c.senderName)}${CRLF} <${o.from}>`,
    `To: <${o.to}>`,
    `Subject: ${encodeHeaderWords(c.subject)}`,
    `Date: ${rfc5322Date(o.date)}`,
    `Message-ID: <${o.idempotencyKey}@${domain}>`,
    `X-EnvGrid-Idempotency-Key: ${o.idempotencyKey}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
  ];
  return headers.join(CRLF) + CRLF + CRLF + body;
}

/** The sender's display name on forwarded complaints. */
export const EMAIL_SENDER_NAME = 'EnvGrid 环境投诉转交';

/** The forwarded complaint as a complete message. */
export function buildMime(m: ForwardMessage, o: MimeOptions): string {
  return buildMimeText({ senderName: EMAIL_SENDER_NAME, subject: messageTitle(m), text: emailText(m) }, o);
}
