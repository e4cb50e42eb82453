/**
 * Phone number rules for published roster phones and complainants' contact
 * numbers. One place, used by the roster schema, the complaint API and the
 * forms' client-side checks.
 */

/** Mainland mobile: 11 digits starting 13–19, optional +86 and spaces/dashes. */
const MOBILE = /^(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}$/;
/** Landline with area code (0 + 2–3 digits), 7–8 digit number, optional extension. */
const LANDLINE = /^(?:\+?86[ -]?)?(?:\(0\d{2,3}\)|0\d{2,3})[ -]?[2-9]\d{6,7}(?:(?:-|转|[ ]?ext\.?[ ]?)\d{1,6})?$/;
/** Service numbers: 12345/12369-style government hotlines and 95xxx/400/800 numbers. */
const SERVICE = /^(?:1\d{4}|95\d{3,4}|96\d{3,4}|[48]00[ -]?\d{3}[ -]?\d{4})$/;

export type PhoneKind = 'mobile' | 'landline' | 'service';

/** Classifies a phone number, or returns null when it fits none of the accepted forms. */
export function phoneKind(raw: string): PhoneKind | null {
  const s = raw.trim();
  if (MOBILE.test(s)) return 'mobile';
  if (LANDLINE.test(s)) return 'landline';
  if (SERVICE.test(s)) return 'service';
  return null;
}

/** True for a mainland mobile or a landline with area code (what a complainant may give). */
export function isContactPhone(raw: string): boolean {
  const k = phoneKind(raw);
  return k === 'mobile' || k === 'landline';
}

/** True for any number the roster may publish: mobile, landline or service number. */
export function isPublishedPhone(raw: string): boolean {
  return phoneKind(raw) !== null;
}

/**
 * Digits (and a leading +) only. A country code, with or without its `+`,
 * becomes `+86`, and the trunk `0` of an area code after it is dropped, so
 * `86 0315-5776118` dials +863155776118 rather than a wrong local number.
 */
function dialDigits(s: string): string {
  const digits = s.replace(/[^\d+]/g, '');
  const intl = /^\+?86(\d+)$/.exec(digits);
  return intl ? `+86${intl[1]!.replace(/^0/, '')}` : digits;
}

/** The `tel:` URI for a number: digits only, `,` before an extension so phones dial it. */
export function telHref(raw: string): string {
  const s = raw.trim();
  const ext = /(?:-|转|ext\.?)\s*(\d{1,6})$/.exec(s);
  const main = s.replace(/\((0\d{2,3})\)/, '$1');
  if (ext && phoneKind(s) === 'landline') {
    return `tel:${dialDigits(main.slice(0, main.length - ext[0].length))},${ext[1]}`;
  }
  return `tel:${dialDigits(main)}`;
}

export const PHONE_HINT_CONTACT = '请填写手机号码（如 13812345678）或带区号的固定电话（如 0315-5776118）';
export const PHONE_HINT_PUBLISHED =
  '写成手机号码（如 13812345678）、带区号的固定电话（如 0315-5776118，分机写成 0315-5776118-123）或服务号码（如 12369）';
