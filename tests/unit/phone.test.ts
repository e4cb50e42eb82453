import { describe, expect, it } from 'vitest';
import { isContactPhone, isPublishedPhone, phoneKind, telHref } from '../../domain/phone.ts';

describe('phoneKind', () => {
  it.each([
    ['13812345678', 'mobile'],
    ['19912345678', 'mobile'],
    ['138-1234-5678', 'mobile'],
    ['138 1234 5678', 'mobile'],
    ['+86 138 1234 5678', 'mobile'],
    ['+8613812345678', 'mobile'],
    ['0315-5776118', 'landline'],
    ['0315 5776118', 'landline'],
    ['(0315)5776118', 'landline'],
    ['010-62345678', 'landline'],
    ['0315-5776118-123', 'landline'],
    ['0315-5776118转123', 'landline'],
    ['0315-5776118 ext 12', 'landline'],
    ['12369', 'service'],
    ['12345', 'service'],
    ['95598', 'service'],
    ['400-123-4567', 'service'],
  ] as const)('accepts %s as %s', (raw, kind) => {
    expect(phoneKind(raw)).toBe(kind);
    expect(isPublishedPhone(raw)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['abc', 'letters'],
    ['1234', 'too short for a service number'],
    ['1380000001', 'mobile with 10 digits'],
    ['138123456789', 'mobile with 12 digits'],
    ['12812345678', 'mobile whose second digit is 2'],
    ['5776118', 'landline without area code'],
    ['0315-1776118', 'local number starting with 1'],
    ['0315-57761', 'local number too short'],
    ['13812345678-1', 'extension on a mobile'],
  ])('rejects %j (%s)', (raw) => {
    expect(phoneKind(raw)).toBeNull();
    expect(isPublishedPhone(raw)).toBe(false);
  });

  it('lets a complainant give a mobile or landline but not a service number', () => {
    expect(isContactPhone('13812345678')).toBe(true);
    expect(isContactPhone('0315-5776118')).toBe(true);
    expect(isContactPhone('12369')).toBe(false);
  });
});

describe('telHref', () => {
  it.each([
    ['13812345678', 'tel:13812345678'],
    ['138-1234-5678', 'tel:13812345678'],
    ['+86 138 1234 5678', 'tel:+8613812345678'],
    ['86 138 1234 5678', 'tel:+8613812345678'],
    ['0315-5776118', 'tel:03155776118'],
    ['(0315)5776118', 'tel:03155776118'],
    ['+86 0315-5776118', 'tel:+863155776118'],
    ['0315-5776118-123', 'tel:03155776118,123'],
    ['0315-5776118转123', 'tel:03155776118,123'],
    ['12369', 'tel:12369'],
    ['400-123-4567', 'tel:4001234567'],
  ])('%s → %s', (raw, href) => {
    expect(telHref(raw)).toBe(href);
  });
});
