import { describe, expect, it } from 'vitest';
import {
  checkComplaint,
  FIELD_LABELS,
  FIELD_ORDER,
  parseComplaint,
  parseObservedAt,
  type PlaceLookup,
  type RawComplaint,
} from '../../domain/complaint.ts';

const VILLAGE_TOWN: Record<string, string> = { dazhuang: 'laozhuangzi', beiguan: 'qingbei' };
const places: PlaceLookup = {
  hasTown: (id) => id === 'laozhuangzi' || id === 'qingbei',
  townOfVillage: (id) => VILLAGE_TOWN[id],
};
const now = new Date('2026-11-26T08:00:00Z');
const good: RawComplaint = {
  category: 'dust',
  placeType: 'street',
  townId: 'laozhuangzi',
  villageId: 'dazhuang',
  description: '路口的工地扬尘很大，每天下午都这样。',
  anonymous: 'false',
  contactName: '王先生',
  contactPhone: '138 1234 5678',
};

describe('complaint rules', () => {
  it('accept a good form submission', () => {
    expect(checkComplaint(good, { places, now, honeypot: true })).toEqual([]);
  });

  it('name a field in every message and say what to do, in Chinese', () => {
    const bad: RawComplaint = {
      category: 'x',
      placeType: 'y',
      townId: 'z',
      villageId: 'nowhere',
      address: '长'.repeat(201),
      description: '短',
      observedAt: '2026-13-01 10:00',
      anonymous: 'maybe',
      homepage: 'x',
      idempotencyKey: 'k',
    };
    const errors = checkComplaint(bad, { places, now, honeypot: true });
    expect(errors.map((e) => e.field)).toEqual([
      'category',
      'placeType',
      'townId',
      'villageId',
      'address',
      'description',
      'observedAt',
      'anonymous',
      'homepage',
      'idempotencyKey',
    ]);
    for (const e of errors) {
      expect(e.message).toMatch(/[\u4e00-\u9fff]/);
      expect(e.message).toMatch(/请|应|不能|只能/);
    }
    for (const e of errors.filter((x) => x.field !== 'homepage' && x.field !== 'anonymous'))
      expect(e.message).toContain(FIELD_LABELS[e.field as keyof typeof FIELD_LABELS]);
  });

  it('reject a village of another town', () => {
    expect(checkComplaint({ ...good, villageId: 'beiguan' }, { places, now })).toEqual([
      { field: 'villageId', message: expect.stringContaining('不属于所选的镇（办事处）') },
    ]);
  });

  it('ask for contact details only when the complainant does not stay anonymous', () => {
    const missing = { ...good, contactName: '', contactPhone: '' };
    expect(checkComplaint(missing, { places, now }).map((e) => e.field)).toEqual(['contactName', 'contactPhone']);
    expect(checkComplaint({ ...missing, anonymous: 'true' }, { places, now })).toEqual([]);
    expect(checkComplaint({ ...missing, anonymous: true }, { places, now })).toEqual([]);
  });

  it('leave the honeypot to the server', () => {
    expect(checkComplaint({ ...good, homepage: 'spam' }, { places, now })).toEqual([]);
    expect(checkComplaint({ ...good, homepage: 'spam' }, { places, now, honeypot: true })[0]!.field).toBe('homepage');
  });

  it('count characters as people do', () => {
    expect(checkComplaint({ ...good, description: '😀'.repeat(10) }, { places, now })).toEqual([]);
    expect(checkComplaint({ ...good, description: '😀'.repeat(9) }, { places, now })[0]!.message).toContain(
      '现在 9 个字',
    );
  });

  it('read observation times in China time unless an offset is given', () => {
    expect(parseObservedAt('2026-11-20T14:30')).toBe(Date.parse('2026-11-20T06:30:00Z'));
    expect(parseObservedAt('2026-11-20 14:30:15')).toBe(Date.parse('2026-11-20T06:30:15Z'));
    expect(parseObservedAt('2026-11-20T14:30:00Z')).toBe(Date.parse('2026-11-20T14:30:00Z'));
    expect(parseObservedAt('2026-11-20T14:30:00.123-05:00')).toBe(Date.parse('2026-11-20T19:30:00.123Z'));
    for (const s of ['2026-02-29T10:00', '2026-11-20T24:00', '2026-11-20', '20/11/2026 14:30', 'now'])
      expect(parseObservedAt(s), s).toBeNull();
    expect(checkComplaint({ ...good, observedAt: '2026-11-26T16:04' }, { places, now })).toEqual([]);
    expect(checkComplaint({ ...good, observedAt: '2026-11-26T16:06' }, { places, now })[0]!.field).toBe('observedAt');
  });
});

describe('complaint schema', () => {
  it('normalises a valid submission', () => {
    const r = parseComplaint(
      {
        ...good,
        address: '  ',
        observedAt: '2026-11-20T14:30',
        idempotencyKey: 'A1B2C3D4-0000-4000-8000-00000000000F',
      },
      places,
      () => now,
    );
    expect(r).toEqual({
      ok: true,
      value: {
        category: 'dust',
        placeType: 'street',
        townId: 'laozhuangzi',
        villageId: 'dazhuang',
        address: null,
        description: good.description,
        observedAt: '2026-11-20T06:30:00.000Z',
        anonymous: false,
        contactName: '王先生',
        contactPhone: '138 1234 5678',
        idempotencyKey: 'a1b2c3d4-0000-4000-8000-00000000000f',
      },
    });
  });

  it('checks JSON types with messages that name the field', () => {
    const r = parseComplaint({ ...good, description: 42, contactName: ['x'] }, places, () => now);
    expect(r).toEqual({
      ok: false,
      errors: [
        { field: 'description', message: expect.stringContaining('「问题描述」应填写文字') },
        { field: 'contactName', message: expect.stringContaining('「您的称呼」应填写文字') },
      ],
    });
  });

  it('lists fields in the order the form shows them', () => {
    expect(FIELD_ORDER.indexOf('category')).toBe(0);
    expect(FIELD_ORDER.indexOf('contactPhone')).toBeGreaterThan(FIELD_ORDER.indexOf('contactName'));
  });
});
