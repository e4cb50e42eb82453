/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) in EnvGrid's
 * terms: one service per problem category, whose attributes are the place
 * type, the town and the village; the mapping between the spec's request
 * fields and the complaint fields the intake pipeline validates; and the
 * spec's two statuses. Pure data and functions, so the Worker and the tests
 * read the same definitions.
 */
import type { RosterIndex } from './roster/query.ts';
import { CATEGORIES, CATEGORY_HINTS, PLACE_TYPES, type Category } from './taxonomy.ts';
import type { ComplaintField, FieldError, RawComplaint } from './complaint-rules.ts';

/** The spec's address of this version; `discovery.json` links it. */
export const SPECIFICATION_URL = 'http://wiki.open311.org/GeoReport_v2';

/** Where the endpoints live under the site's origin. */
export const OPEN311_BASE_PATH = '/open311/v2';

/** Attribute codes of every service (sent as `attribute[code]`). */
export const ATTRIBUTE_CODES = { placeType: 'place_type', town: 'town', village: 'village' } as const;

/** One entry of `services.json`. */
export interface Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

/** One attribute of a service definition (`services/{code}.json`). */
export interface ServiceAttribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values: { key: string; name: string }[];
}

export interface ServiceDefinition {
  service_code: string;
  attributes: ServiceAttribute[];
}

/** The services: one per problem category, in the taxonomy's order. */
export function services(): Service[] {
  return (Object.keys(CATEGORIES) as Category[]).map((c) => ({
    service_code: c,
    service_name: CATEGORIES[c],
    description: CATEGORY_HINTS[c],
    metadata: true,
    // A complaint becomes a case handled by people, with public steps: 'blackbox' in the spec's words.
    type: 'blackbox',
    keywords: CATEGORIES[c],
    group: '生态环境',
  }));
}

/** True for a known service code. */
export function isServiceCode(code: string): code is Category {
  return Object.hasOwn(CATEGORIES, code);
}

/** The attributes every service has: the place type, the town, the village (from the roster). */
export function serviceDefinition(code: Category, roster: RosterIndex): ServiceDefinition {
  const { towns, villages } = roster.roster;
  const townName = (id: string) => towns.find((t) => t.id === id)?.name ?? id;
  return {
    service_code: code,
    attributes: [
      {
        variable: true,
        code: ATTRIBUTE_CODES.placeType,
        datatype: 'singlevaluelist',
        required: true,
        datatype_description: '从列表中选一个地点类型的 key',
        order: 1,
        description: '问题发生在什么地方',
        values: Object.entries(PLACE_TYPES).map(([key, name]) => ({ key, name })),
      },
      {
        variable: true,
        code: ATTRIBUTE_CODES.town,
        datatype: 'singlevaluelist',
        required: true,
        datatype_description: '从列表中选一个镇（办事处）的 key；填写了村（居）时可省略',
        order: 2,
        description: '问题所在的镇（办事处）',
        values: towns.map((t) => ({ key: t.id, name: t.name })),
      },
      {
        variable: true,
        code: ATTRIBUTE_CODES.village,
        datatype: 'singlevaluelist',
        required: false,
        datatype_description: '从列表中选一个村（居）的 key，须在所选镇（办事处）内；不在村（居）内可不填',
        order: 3,
        description: '问题所在的村（居）',
        values: villages.map((v) => ({
          key: v.id,
          name: `${townName(v.town)} ${v.name}${v.sample ? '（示例）' : ''}`,
        })),
      },
    ],
  };
}

/** The Open311 request fields of a POST, as received (form values). */
export type Open311Form = (name: string) => string | undefined;

/**
 * The complaint submission an Open311 POST stands for, in the citizen API's
 * field names, for the intake pipeline to validate like any other. Name and
 * phone make a complaint with contact details; neither makes it anonymous
 * (then neither is stored). `lat`/`long`, `email`, `media_url`, `device_id`
 * and `account_id` are not kept: EnvGrid locates by town, village and address
 * and contacts complainants by phone only.
 */
export function complaintFromOpen311(get: Open311Form, roster: RosterIndex): RawComplaint {
  const attr = (code: string) => get(`attribute[${code}]`);
  const village = attr(ATTRIBUTE_CODES.village)?.trim();
  const town = attr(ATTRIBUTE_CODES.town)?.trim() || (village ? roster.village(village)?.town : undefined);
  const name = [get('last_name'), get('first_name')]
    .map((s) => s?.trim() ?? '')
    .join('')
    .trim();
  const phone = get('phone')?.trim() ?? '';
  const raw: RawComplaint = {
    category: get('service_code'),
    placeType: attr(ATTRIBUTE_CODES.placeType),
    townId: town,
    villageId: village || undefined,
    address: get('address_string'),
    description: get('description'),
    anonymous: !name && !phone,
    contactName: name || undefined,
    contactPhone: phone || undefined,
    idempotencyKey: get('idempotency_key'),
  };
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as RawComplaint;
}

/** The Open311 field a complaint field's message is about. */
const FIELD_NAMES: Partial<Record<ComplaintField | 'body', string>> = {
  category: 'service_code',
  placeType: `attribute[${ATTRIBUTE_CODES.placeType}]`,
  townId: `attribute[${ATTRIBUTE_CODES.town}]`,
  villageId: `attribute[${ATTRIBUTE_CODES.village}]`,
  address: 'address_string',
  description: 'description',
  contactName: 'last_name',
  contactPhone: 'phone',
  idempotencyKey: 'idempotency_key',
};

/** A field error of the intake pipeline as the spec's `description`, naming the Open311 field. */
export function open311Description(e: FieldError): string {
  const name = FIELD_NAMES[e.field as ComplaintField] ?? e.field;
  return `${name}：${e.message}`;
}

/**
 * The public status that is the spec's `closed`: a case closed (销号) or
 * rejected (不予受理) ends with this public step (domain/cases/machine.ts).
 */
export const CLOSED_STATUS = 'closed';

/** `open` or `closed` for a complaint's public status. */
export function open311Status(status: string): 'open' | 'closed' {
  return status === CLOSED_STATUS ? 'closed' : 'open';
}
