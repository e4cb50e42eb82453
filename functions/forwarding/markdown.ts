/**
 * Markdown for the group robots (WeCom and DingTalk both render a markdown
 * subset with headings, bold, links, quotes and `<font>`), from the shared
 * message fields, with citizen text made inert and the size capped.
 */
import { FIELD_LABELS } from '../../domain/complaint-rules.ts';
import {
  messageFields,
  messageTitle,
  photoLinksNote,
  PHOTOS_LABEL,
  STATUS_LABEL,
  type ForwardMessage,
} from './message.ts';

/** WeCom's published limit for markdown content; DingTalk publishes none, so it gets the same cap. */
export const ROBOT_MARKDOWN_MAX_BYTES = 4096;

const encoder = new TextEncoder();

/** Size in UTF-8 bytes (the robots' limits are in bytes; a Chinese character takes 3). */
export function utf8Bytes(s: string): number {
  return encoder.encode(s).length;
}

// ASCII characters that start markup anywhere in a line, shown as their
// full-width forms: they read the same to a person and mean nothing to the parser.
const INLINE = /[\\`*_[\]()<>#~|&]/g;
const FULL_WIDTH = (c: string) => String.fromCharCode(c.charCodeAt(0) + 0xfee0);

/**
 * Makes citizen text inert in robot markdown: no links, images, headings,
 * emphasis, quotes, lists, `<font>`/`<@user>` tags or entities can come out
 * of it. Markup characters become their full-width look-alikes, line-leading
 * list and rule markers likewise, `://` is broken so clients do not
 * auto-link, and control characters are dropped.
 */
export function escapeRobotMarkdown(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(INLINE, FULL_WIDTH)
    .replace(/:\/\//g, '：//')
    .split('\n')
    .map((line) =>
      line
        // list items, setext underlines and rules: - + = at the start of a line
        .replace(/^(\s*)([-+=])/, (_, sp: string, c: string) => sp + FULL_WIDTH(c))
        // ordered lists: "1. " / "1) " (the parenthesis is already full-width)
        .replace(/^(\s*\d+)\./, '$1．')
        // indented code blocks: leading spaces/tabs become an ideographic space
        .replace(/^[ \t]+/, '　'),
    )
    .join('\n');
}

/** A URL safe inside `[text](…)`: normalised, with parentheses percent-encoded; undefined if not a URL. */
function linkTarget(url: string): string | undefined {
  try {
    return new URL(url).href.replace(/\(/g, '%28').replace(/\)/g, '%29');
  } catch {
    return undefined;
  }
}

export interface RobotMarkdownOptions {
  /** How the client breaks lines: WeCom honours `\n`; DingTalk needs a blank line. */
  lineBreak: string;
  maxBytes?: number;
}

/**
 * Renders the message as robot markdown no larger than `maxBytes` (UTF-8).
 * Only the description is long enough to matter; when the whole would not
 * fit, it is shortened with a note saying so.
 */
export function robotMarkdown(m: ForwardMessage, opts: RobotMarkdownOptions): string {
  const max = opts.maxBytes ?? ROBOT_MARKDOWN_MAX_BYTES;
  // Every field is escaped once; only the description is cut to fit. Escaping maps each character to
  // one character (or drops it), so a cut of the escaped text never splits a piece of markup.
  const fields = messageFields(m).map((f) => ({ ...f, value: escapeRobotMarkdown(f.value) }));
  const lines = (description: string) => {
    const out = [`### ${escapeRobotMarkdown(messageTitle(m))}`];
    for (const f of fields) {
      if (f.label === STATUS_LABEL) {
        // Our own link (base URL from config, code URL-encoded): the one link in the message.
        const href = linkTarget(m.statusUrl);
        out.push(href ? `[查看办理进度](${href})` : `**${f.label}**：${f.value}`);
        continue;
      }
      if (f.label === PHOTOS_LABEL) {
        // Our own signed links (base URL from config): each a link, the file never attached.
        const links = m.photos.map((p, i) => {
          const href = linkTarget(p.url);
          return href ? `[照片 ${i + 1}](${href})` : `照片 ${i + 1}`;
        });
        out.push(`**${f.label}**：${m.photoCount} 张 ${links.join(' ')}${escapeRobotMarkdown(photoLinksNote(m))}`);
        continue;
      }
      const value = f.label === FIELD_LABELS.description ? description : f.value;
      out.push(
        f.multiline
          ? `**${f.label}**：${opts.lineBreak}${value.split('\n').join(opts.lineBreak)}`
          : `**${f.label}**：${value}`,
      );
    }
    return out.join(opts.lineBreak);
  };
  const description = fields.find((f) => f.label === FIELD_LABELS.description)?.value ?? '';
  const full = lines(description);
  if (utf8Bytes(full) <= max) return full;
  const chars = Array.from(description);
  const total = Array.from(m.description).length;
  const note = `……（描述共 ${total} 字，此处只显示开头部分）`;
  // Binary search for the longest prefix that fits with the note.
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (utf8Bytes(lines(chars.slice(0, mid).join('') + note)) <= max) lo = mid;
    else hi = mid - 1;
  }
  return lines(chars.slice(0, lo).join('') + note);
}
