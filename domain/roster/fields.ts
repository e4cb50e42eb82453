/**
 * The field primitives every roster schema is built from (text, id, phone, e-mail, date). Their
 * own module so the grid's schemas (schema.ts) and the records' schemas (records-schema.ts)
 * both import them without importing each other.
 */
import { z } from 'zod';
import { isPublishedPhone, PHONE_HINT_PUBLISHED } from '../phone.ts';

/** A short text field, trimmed, required, with a length limit. */
export const text = (label: string, max = 60) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `缺少必填项「${label}」，请补上` : `「${label}」应填写文字`) })
    .trim()
    .min(1, { error: `请填写「${label}」` })
    .max(max, { error: `「${label}」不能超过 ${max} 个字，请精简` });

export const idSchema = z
  .string({ error: '请填写 id（小写拼音或字母），如 laozhuangzi' })
  .regex(/^[a-z][a-z0-9-]{1,62}$/, {
    error: 'id 只能用小写字母、数字和连字符“-”，以字母开头，至少 2 个字符，如 laozhuangzi 或 lzz-dongcun',
  });

export const phoneSchema = z
  .string({
    // An unquoted number in YAML arrives as a number (and loses a leading 0): say to quote it.
    error: (iss) =>
      typeof iss.input === 'number'
        ? `电话请加上英文引号写成文字，如 phone: '${String(iss.input)}'（不加引号会被当作数字，区号开头的 0 会丢失）；${PHONE_HINT_PUBLISHED}`
        : `电话应填写文字，${PHONE_HINT_PUBLISHED}`,
  })
  .trim()
  .refine(isPublishedPhone, { error: `电话号码格式不对，请${PHONE_HINT_PUBLISHED}` });

export const emailSchema = z
  .string({ error: '请填写电子邮箱，如 wgb@example.gov.cn' })
  .trim()
  .pipe(z.email({ error: '电子邮箱格式不对，请写成 name@example.gov.cn 的形式' }));

/** Calendar date written YYYY-MM-DD (YAML keeps it a string). */
export const dateSchema = z
  .string({ error: '日期请写成 YYYY-MM-DD，如 2026-11-20（可加引号）' })
  .pipe(z.iso.date({ error: '日期请写成 YYYY-MM-DD 并确保是真实日期，如 2026-11-20' }));
