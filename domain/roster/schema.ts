/**
 * Zod schemas for the roster files in `content/`. Every message is Chinese and
 * says what to write instead, because district staff read them in build and
 * `roster:check` output. The site, the Worker and the CLI tools all import
 * these; there is no second copy of any rule.
 */
import { z } from 'zod';
import { CATEGORY_KEYS, PLACE_TYPE_KEYS, CATEGORIES, PLACE_TYPES } from '../taxonomy.ts';
import { dateSchema, emailSchema, idSchema, phoneSchema, text } from './fields.ts';
import type { CalendarYear, Change, Enterprise } from './records-schema.ts';

export { dateSchema, emailSchema, idSchema, phoneSchema, text };

/** A responsible person as published: name, title/organisation, role, phone. */
export const personSchema = z.strictObject({
  name: text('姓名', 20),
  title: text('职务或单位', 60).optional(),
  role: text('网格角色', 30).optional(),
  phone: phoneSchema.optional(),
  /** Marks made-up sample people so pages can say so. */
  sample: z.boolean({ error: 'sample 只能写 true 或 false' }).optional(),
});

export const supervisorSchema = personSchema.extend({
  fullTime: z.boolean({
    error: '请用 fullTime 注明是否专职：专职写 true，兼职写 false',
  }),
});

export const liaisonSchema = z.strictObject({
  name: text('联络人姓名', 20),
  unit: text('联络人单位', 60).optional(),
  phone: phoneSchema,
  email: emailSchema,
  sample: z.boolean({ error: 'sample 只能写 true 或 false' }).optional(),
});

export const channelSchema = z.strictObject({
  kind: z.enum(['hotline', 'phone', 'wechat', 'web', 'email', 'visit', 'mail'], {
    error:
      '渠道类型 kind 只能是 hotline（热线）、phone（电话）、wechat（公众号）、web（网上表单）、email、visit（来访）或 mail（信件）',
  }),
  label: text('渠道名称', 40),
  value: text('渠道内容', 200),
  note: text('说明', 200).optional(),
});

const categorySchema = z.enum(CATEGORY_KEYS, {
  error: `问题类别只能是：${Object.entries(CATEGORIES)
    .map(([k, v]) => `${k}（${v}）`)
    .join('、')}`,
});
const placeTypeSchema = z.enum(PLACE_TYPE_KEYS, {
  error: `地点类型只能是：${Object.entries(PLACE_TYPES)
    .map(([k, v]) => `${k}（${v}）`)
    .join('、')}`,
});

export const districtSchema = z.strictObject({
  id: idSchema,
  name: text('区名称', 40),
  fullName: text('全称', 80).optional(),
  intro: text('简介', 600),
  office: z.strictObject({
    name: text('网格办名称', 60),
    seat: text('办公室设在', 60),
    director: personSchema,
    address: text('地址', 120),
    phone: phoneSchema,
    email: emailSchema.optional(),
    hours: text('办公时间', 60).optional(),
  }),
  leaders: z
    .array(
      personSchema.extend({
        id: idSchema,
        towns: z.array(idSchema).min(1, { error: '每位一级网格长至少负责一个镇（办事处），请在 towns 中列出其 id' }),
      }),
      { error: 'leaders 应是一级网格长名单（列表）' },
    )
    .min(1, { error: '请至少列出一位一级网格长' }),
  group: z.strictObject({
    leader: z.array(personSchema).min(1, { error: '请填写领导小组组长' }),
    deputies: z.array(personSchema).default([]),
    members: z.array(personSchema).default([]),
  }),
  channels: z.array(channelSchema).min(1, { error: '请至少填写一种投诉举报渠道（如 12369 热线）' }),
  liaisons: z.array(liaisonSchema).default([]),
  source: text('依据文件', 120).optional(),
  updated: dateSchema,
});

export const townSchema = z.strictObject({
  id: idSchema,
  name: text('镇（办事处）名称', 30),
  kind: z.enum(['town', 'subdistrict'], { error: 'kind 只能是 town（镇）或 subdistrict（办事处）' }),
  leaders: z.array(personSchema).min(1, { error: '请填写双网格长（党委/党工委书记和镇长/主任）' }),
  officeDirector: personSchema.optional(),
  subLeaders: z
    .array(
      personSchema.extend({
        id: idSchema,
        villages: z.array(idSchema).min(1, { error: '请在 villages 中列出该二级分网格长负责的村（居）id' }),
      }),
    )
    .default([]),
  supervisors: z.array(supervisorSchema).default([]),
  envOffice: z
    .strictObject({
      name: text('环保所名称', 40),
      head: personSchema.optional(),
      phone: phoneSchema.optional(),
      address: text('地址', 120).optional(),
    })
    .optional(),
  liaison: liaisonSchema.optional(),
  phone: phoneSchema.optional(),
  address: text('地址', 120).optional(),
  updated: dateSchema,
});

export const villageSchema = z.strictObject({
  id: idSchema,
  town: idSchema,
  name: text('村（居）名称', 30),
  kind: z.enum(['village', 'community'], { error: 'kind 只能是 village（行政村）或 community（居委会）' }),
  leaders: z.array(personSchema).min(1, { error: '请填写网格长（党支部书记、村委会主任）' }),
  workers: z.array(personSchema).default([]),
  supervisors: z.array(supervisorSchema).default([]),
  covers: z.array(text('覆盖范围条目', 60)).default([]),
  sample: z.boolean({ error: 'sample 只能写 true 或 false' }).default(false),
  updated: dateSchema,
});

export const routeSchema = z.strictObject({
  categories: z.array(categorySchema).min(1, { error: '请在 categories 中至少列出一个问题类别' }),
  places: z.array(placeTypeSchema).min(1, { error: '请在 places 中至少列出一个地点类型' }),
});

/** A department's file (`departments/<id>.yaml`): who it is and its duties under the plan. */
export const departmentFileSchema = z.strictObject({
  id: idSchema,
  name: text('部门名称', 40),
  head: personSchema.optional(),
  duties: z.array(text('职责条目', 300)).min(1, { error: '请至少列出一条环境监管职责（duties）' }),
  phone: phoneSchema.optional(),
  liaison: liaisonSchema.optional(),
  updated: dateSchema,
});

const prioritySchema = z.number({ error: 'priority 应是数字，越小越优先' }).int().min(0).max(99).default(50);

/**
 * One department's line of the routing table (`routing.yaml`): the district office's setting,
 * not the plan's, so the office changes it in one file for all departments.
 */
export const routingEntrySchema = z.strictObject({
  department: idSchema,
  /** Lower numbers are suggested first when several departments handle a complaint. */
  priority: prioritySchema,
  routes: z.array(routeSchema).default([]),
});

/** `content/routing.yaml`: the routing table, one entry per department that takes complaints. */
export const routingFileSchema = z.array(routingEntrySchema, {
  error: 'routing.yaml 应是各部门分派设置的列表，每项以“- department: 部门id”开头',
});

/** A department as the roster holds it: its file plus its line of the routing table. */
export const departmentSchema = departmentFileSchema.extend({
  routes: z.array(routeSchema).default([]),
  priority: prioritySchema,
});

export type Person = z.infer<typeof personSchema>;
export type Supervisor = z.infer<typeof supervisorSchema>;
export type Liaison = z.infer<typeof liaisonSchema>;
export type Channel = z.infer<typeof channelSchema>;
export type District = z.infer<typeof districtSchema>;
export type DistrictLeader = District['leaders'][number];
export type Town = z.infer<typeof townSchema> & { plan?: string };
export type SubLeader = Town['subLeaders'][number];
export type Village = z.infer<typeof villageSchema>;
export type Route = z.infer<typeof routeSchema>;
export type Department = z.infer<typeof departmentSchema>;

/** The whole validated roster: plain data, serialisable as JSON. */
export interface Roster {
  district: District;
  towns: Town[];
  villages: Village[];
  departments: Department[];
  /** Enterprises that discharge pollutants (gate placards), by id. */
  enterprises: Enterprise[];
  /** The change log, in file order (`content/changes.yaml`; empty when there is none). */
  changes: Change[];
  /** Official holiday arrangements staff entered (`content/calendar/<year>.yaml`), by year. */
  calendars: CalendarYear[];
}
