/**
 * Zod schemas for the roster's records beside the grid itself: the change log
 * (`content/changes.yaml`, for the plan's 30-working-day publication clock) and the
 * enterprises that discharge pollutants (`content/enterprises/<id>.yaml`, for their gate
 * placards). Messages are Chinese and say what to write.
 */
import { z } from 'zod';
import { datesFromTo } from '../workdays.ts';
import { dateSchema, idSchema, text } from './fields.ts';

const sampleFlag = z.boolean({ error: 'sample 只能写 true 或 false' }).optional();

/**
 * What a change touched, written like the content file it changed without `.yaml`:
 * `district`, `towns/<id>`, `villages/<id>`, `departments/<id>` or `enterprises/<id>`.
 */
export const scopeSchema = z
  .string({ error: '请填写变更涉及的范围，如 villages/beiguan' })
  .trim()
  .regex(/^(district|(towns|villages|departments|enterprises)\/[a-z][a-z0-9-]{1,62})$/, {
    error:
      '变更范围请写成 district（区级）、towns/镇id、villages/村id、departments/部门id 或 enterprises/企业id，如 villages/beiguan',
  });

export const changeSchema = z.strictObject({
  id: idSchema,
  /** The day the change took effect (the new person took office, the grid was redrawn…). */
  effective: dateSchema,
  /** The day the change was published on this site; absent until it is. */
  published: dateSchema.optional(),
  scope: z.array(scopeSchema).min(1, { error: '请在 scope 中至少写一个变更涉及的范围，如 villages/beiguan' }),
  summary: text('变更内容', 200),
  sample: sampleFlag,
});

/** `content/changes.yaml` is a list of changes. */
export const changesFileSchema = z.array(changeSchema, {
  error: 'changes.yaml 应是变更记录的列表，每条以“- id:”开头',
});

export const dischargePointSchema = z.strictObject({
  code: text('排放口编号', 20),
  name: text('排放口名称', 40),
  kind: z.enum(['air', 'water', 'noise', 'solid'], {
    error: '排放口类型 kind 只能是 air（废气）、water（废水）、noise（噪声）或 solid（固体废物）',
  }),
  pollutants: z.array(text('污染物', 30)).min(1, { error: '请列出该排放口排放的污染物' }),
  treatment: text('治理设施', 60).optional(),
});

export const pollutantSchema = z.strictObject({
  name: text('污染物名称', 30),
  standard: text('执行标准', 80),
  limit: text('排放限值', 40).optional(),
});

/** Labels of the discharge-point kinds, for pages and the spreadsheet. */
export const DISCHARGE_KINDS = { air: '废气', water: '废水', noise: '噪声', solid: '固体废物' } as const;

export const enterpriseSchema = z.strictObject({
  id: idSchema,
  name: text('企业名称', 50),
  village: idSchema,
  address: text('地址', 80).optional(),
  industry: text('行业', 30).optional(),
  /** The production process in a few plain sentences; short enough for an A3 placard. */
  process: text('生产流程', 300),
  // Limits below keep the gate placard to one A3 sheet.
  dischargePoints: z
    .array(dischargePointSchema)
    .min(1, { error: '请至少列出一个排放口（dischargePoints）' })
    .max(8, { error: '排放口最多列 8 个（公示牌只有一页），其余请合并说明' }),
  pollutants: z
    .array(pollutantSchema)
    .min(1, { error: '请至少列出一种排放的污染物（pollutants）' })
    .max(8, { error: '污染物最多列 8 种（公示牌只有一页），其余请合并说明' }),
  /** 排污许可证编号 (or 排污登记编号): the 18-character credit code, three digits and a letter. */
  permit: z
    .string({ error: '请填写排污许可证编号' })
    .trim()
    .regex(/^[0-9A-Z]{18}\d{3}[A-Z]$/, {
      error: '排污许可证编号应是 22 位：18 位统一社会信用代码 + 3 位数字 + 1 个大写字母，如 91130294MA0A1B2C3D001P',
    }),
  sample: sampleFlag,
  updated: dateSchema,
});

export type DischargePoint = z.infer<typeof dischargePointSchema>;
export type Pollutant = z.infer<typeof pollutantSchema>;
export type Enterprise = z.infer<typeof enterpriseSchema>;

const weekdayOf = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

/** One holiday of a year's arrangement: its name and its days off, from–to inclusive. */
export const holidaySchema = z.strictObject({
  name: text('节日名称', 20),
  from: dateSchema,
  /** Last day off; leave it out for a single day. */
  to: dateSchema.optional(),
});

/**
 * `content/calendar/<year>.yaml`: one year's holidays and make-up working days as the State
 * Council's notice gives them. It takes precedence over the chinese-days package for that year
 * (domain/workdays.ts), so staff need not wait for a package release each November.
 */
export const calendarYearSchema = z
  .strictObject({
    year: z
      .number({ error: '请用数字填写年份，如 year: 2027' })
      .int({ error: '年份应是整数，如 2027' })
      .min(2004, { error: '年份应在 2004 年以后' })
      .max(2100, { error: '年份不能晚于 2100 年' }),
    source: z.strictObject(
      {
        title: text('通知标题', 80).optional(),
        number: text('通知文号', 40),
        date: dateSchema,
      },
      { error: '请填写放假安排的来源 source：通知文号 number 和发布日期 date，如 number: 国办发明电〔2026〕X号' },
    ),
    holidays: z.array(holidaySchema, { error: 'holidays 应是节假日列表' }).min(1, {
      error: '请至少列出一个节假日（holidays），每项写 name、from 和 to',
    }),
    workdays: z.array(dateSchema, { error: 'workdays 应是调休上班日期的列表' }).default([]),
    sample: sampleFlag,
  })
  .superRefine((c, ctx) => {
    const inYear = (d: string) => d.startsWith(`${c.year}-`);
    const days = new Map<string, string>();
    c.holidays.forEach((h, i) => {
      const to = h.to ?? h.from;
      for (const [key, d] of [['from', h.from] as const, ['to', to] as const]) {
        if (!inYear(d)) {
          ctx.addIssue({
            code: 'custom',
            path: ['holidays', i, key],
            message: `日期 ${d} 不在 ${c.year} 年内：本文件只写 ${c.year} 年的放假安排，跨年的假日请写在各自年份的文件中`,
          });
        }
      }
      if (to < h.from) {
        ctx.addIssue({
          code: 'custom',
          path: ['holidays', i, 'to'],
          message: `「${h.name}」的结束日期 ${to} 早于开始日期 ${h.from}，请对调或更正`,
        });
        return;
      }
      for (const d of datesFromTo(h.from, to)) days.set(d, h.name);
    });
    c.workdays.forEach((d, i) => {
      if (!inYear(d)) {
        ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `调休上班日 ${d} 不在 ${c.year} 年内，请更正` });
      }
      const weekday = weekdayOf(d);
      if (weekday !== 0 && weekday !== 6) {
        ctx.addIssue({
          code: 'custom',
          path: ['workdays', i],
          message: `调休上班日 ${d} 不是周六或周日：workdays 只写因调休而上班的周末，请核对通知`,
        });
      }
      const holiday = days.get(d);
      if (holiday) {
        ctx.addIssue({
          code: 'custom',
          path: ['workdays', i],
          message: `调休上班日 ${d} 同时写在了「${holiday}」的放假日期里，请核对通知，二者只能留一处`,
        });
      }
    });
  });

export type Change = z.infer<typeof changeSchema>;
export type CalendarYear = z.infer<typeof calendarYearSchema>;
