/**
 * The roster workbook's layout: one sheet per kind of record, Chinese headers, and how each
 * column maps to a field of the content files. `roster:export` and `roster:import` both read
 * this table, so the template and the importer cannot drift apart.
 */
import { CATEGORIES, PLACE_TYPES } from '../../taxonomy.ts';
import { DISCHARGE_KINDS } from '../records-schema.ts';
import { CHANNEL_KINDS, TOWN_KINDS, VILLAGE_KINDS } from '../labels.ts';

import type { Column, ColumnKind, SheetDef } from '../../sheet-layout.ts';

export type { Column, ColumnKind, SheetDef };

const ID_HINT = 'id：小写字母、数字和连字符，以字母开头，如 laozhuangzi；也是内容文件的文件名';
const DATE_HINT = '日期写成 YYYY-MM-DD，如 2026-11-20';
const BOOL_HINT = '填“是”或“否”';
const SAMPLE_HINT = '示例（虚构）数据填“是”，真实数据留空';
const LIST_HINT = '多项用顿号“、”分隔';

const c = (
  key: string,
  header: string,
  kind: ColumnKind,
  hint: string,
  width = 14,
  options?: Record<string, string>,
) => (options ? { key, header, kind, hint, width, options } : { key, header, kind, hint, width });

/** Level of the record a person or liaison belongs to. */
export const LEVELS = { district: '区', town: '镇（办事处）', village: '村（居）', department: '部门' } as const;
export type Level = keyof typeof LEVELS;

export interface Slot {
  /** Value of the 所在名单 column. */
  label: string;
  /** Field path in the owner's record. */
  path: string;
  /** One person, not a list. */
  single?: boolean;
  /** Has its own id and a list of ids it is responsible for (the 负责范围 column). */
  scopeField?: 'towns' | 'villages';
  /** Has the 专职 column. */
  fullTime?: boolean;
}

/** Where each list of people lives, per level, in the order the export writes them. */
export const PEOPLE_SLOTS: Record<Level, Slot[]> = {
  district: [
    { label: '网格办主任', path: 'office.director', single: true },
    { label: '一级网格长', path: 'leaders', scopeField: 'towns' },
    { label: '领导小组组长', path: 'group.leader' },
    { label: '领导小组副组长', path: 'group.deputies' },
    { label: '领导小组成员', path: 'group.members' },
  ],
  town: [
    { label: '网格长', path: 'leaders' },
    { label: '办公室主任', path: 'officeDirector', single: true },
    { label: '二级分网格长', path: 'subLeaders', scopeField: 'villages' },
    { label: '网格监督员', path: 'supervisors', fullTime: true },
    { label: '环保所负责人', path: 'envOffice.head', single: true },
  ],
  village: [
    { label: '网格长', path: 'leaders' },
    { label: '网格员', path: 'workers' },
    { label: '网格监督员', path: 'supervisors', fullTime: true },
  ],
  department: [{ label: '负责人', path: 'head', single: true }],
};

/** Where the liaison(s) live, per level. */
export const LIAISON_SLOTS: Partial<Record<Level, Slot>> = {
  district: { label: '联络人', path: 'liaisons' },
  town: { label: '联络人', path: 'liaison', single: true },
  department: { label: '联络人', path: 'liaison', single: true },
};

const levelOptions = LEVELS as Record<string, string>;

export const SHEETS = {
  district: {
    name: '区（一级网格）',
    about: '区级（一级网格）的基本信息和网格办，只有一行。',
    columns: [
      c('id', '编号', 'text', ID_HINT, 12),
      c('name', '名称', 'text', '如 唐山高新区'),
      c('fullName', '全称', 'text', '可留空'),
      c('intro', '简介', 'long', '首页上的简介，600 字以内', 50),
      c('source', '依据文件', 'text', '如 唐高生态环保领办〔2020〕93号…', 30),
      c('office.name', '网格办名称', 'text', '', 30),
      c('office.seat', '网格办设在', 'text', ''),
      c('office.address', '网格办地址', 'text', '', 24),
      c('office.phone', '网格办电话', 'text', '如 0315-5776118'),
      c('office.email', '网格办邮箱', 'text', '可留空', 20),
      c('office.hours', '办公时间', 'text', '如 工作日 8:30–17:30'),
      c('updated', '更新日期', 'date', DATE_HINT, 12),
    ],
  },
  towns: {
    name: '镇（办事处）',
    about: '每个镇（办事处）（二级网格）一行；人员在“人员与角色”，联络人在“联络人”。',
    columns: [
      c('id', '编号', 'text', ID_HINT, 12),
      c('name', '名称', 'text', '如 老庄子镇'),
      c('kind', '类型', 'enum', '填“镇”或“办事处”', 10, TOWN_KINDS),
      c('phone', '电话', 'text', '可留空'),
      c('address', '地址', 'text', '可留空', 20),
      c('envOffice.name', '环保所名称', 'text', '没有环保所则本行的环保所各列都留空', 18),
      c('envOffice.phone', '环保所电话', 'text', '可留空'),
      c('envOffice.address', '环保所地址', 'text', '可留空', 20),
      c('updated', '更新日期', 'date', DATE_HINT, 12),
      c('plan', '网格划分方案（Markdown）', 'long', '网格划分方案全文，Markdown 格式；单元格内换行用 Alt+回车', 60),
    ],
  },
  villages: {
    name: '村（居）',
    about: '每个行政村或居委会（三级网格）一行。',
    columns: [
      c('id', '编号', 'text', ID_HINT, 14),
      c('town', '所属镇（办事处）', 'text', '镇（办事处）的编号，如 laozhuangzi', 14),
      c('name', '名称', 'text', '如 东村'),
      c('kind', '类型', 'enum', '填“行政村”或“居委会”', 10, VILLAGE_KINDS),
      c('covers', '覆盖范围', 'list', `道路、小区、单位等；${LIST_HINT}`, 40),
      c('sample', '示例', 'bool', SAMPLE_HINT, 8),
      c('updated', '更新日期', 'date', DATE_HINT, 12),
    ],
  },
  people: {
    name: '人员与角色',
    about: '所有网格人员，每人一行；“所属层级”+“所属编号”+“所在名单”决定此人出现在哪里，同一名单按行的先后排列。',
    columns: [
      c('level', '所属层级', 'enum', '区、镇（办事处）、村（居）或部门', 12, levelOptions),
      c('owner', '所属编号', 'text', '所属镇、村或部门的编号；区级填区的编号', 14),
      c('slot', '所在名单', 'text', '如 网格长、二级分网格长、网格监督员（见说明）', 14),
      c('id', '人员编号', 'text', '仅一级网格长和二级分网格长填写，如 laozhuangzi-fwgz-1', 18),
      c('name', '姓名', 'text', ''),
      c('title', '职务或单位', 'text', '可留空', 24),
      c('role', '网格角色', 'text', '页面上显示的角色，如 网格长；可留空'),
      c('phone', '电话', 'text', '手机、带区号的固定电话或服务号码；可留空'),
      c('fullTime', '专职', 'bool', `仅网格监督员：${BOOL_HINT}`, 8),
      c('scope', '负责范围', 'list', `一级网格长填镇的编号，二级分网格长填村的编号；${LIST_HINT}`, 24),
      c('sample', '示例', 'bool', SAMPLE_HINT, 8),
    ],
  },
  liaisons: {
    name: '联络人',
    about: '区、镇（办事处）和部门的固定联络人。',
    columns: [
      c('level', '所属层级', 'enum', '区、镇（办事处）或部门', 12, levelOptions),
      c('owner', '所属编号', 'text', '', 14),
      c('name', '姓名', 'text', ''),
      c('unit', '单位', 'text', '可留空', 18),
      c('phone', '电话', 'text', ''),
      c('email', '电子邮箱', 'text', '', 26),
      c('sample', '示例', 'bool', SAMPLE_HINT, 8),
    ],
  },
  channels: {
    name: '投诉渠道',
    about: '区级公布的投诉举报渠道，按行的先后显示。',
    columns: [
      c('kind', '类型', 'enum', Object.values(CHANNEL_KINDS).join('、'), 10, CHANNEL_KINDS),
      c('label', '名称', 'text', '', 20),
      c('value', '内容', 'text', '号码、网址或公众号名称', 24),
      c('note', '说明', 'text', '可留空', 30),
    ],
  },
  departments: {
    name: '部门',
    about: '各部门及其环境监管职责（责任清单）。',
    columns: [
      c('id', '编号', 'text', ID_HINT, 12),
      c('name', '名称', 'text', '', 18),
      c('priority', '建议顺序', 'int', '0—99 的整数，越小越先建议；不填为 50', 10),
      c('phone', '电话', 'text', '可留空'),
      c('updated', '更新日期', 'date', DATE_HINT, 12),
      c('duties', '职责（每行一条）', 'long', '每条职责占一行，单元格内换行用 Alt+回车', 60),
    ],
  },
  routes: {
    name: '责任清单路由',
    about: '投诉分派：每行表示某部门负责哪些问题类别在哪些地点类型上的问题。',
    columns: [
      c('department', '部门编号', 'text', '', 12),
      c('categories', '问题类别', 'enumList', `${Object.values(CATEGORIES).join('、')}；${LIST_HINT}`, 36, CATEGORIES),
      c('places', '地点类型', 'enumList', `${Object.values(PLACE_TYPES).join('、')}；${LIST_HINT}`, 48, PLACE_TYPES),
    ],
  },
  enterprises: {
    name: '排污企业',
    about: '在厂区门口公示信息的排污企业，每家一行。',
    columns: [
      c('id', '编号', 'text', ID_HINT, 14),
      c('name', '名称', 'text', '', 24),
      c('village', '所在村（居）', 'text', '村（居）的编号', 12),
      c('address', '地址', 'text', '可留空', 20),
      c('industry', '行业', 'text', '可留空', 16),
      c('process', '生产流程', 'long', '300 字以内', 40),
      c('permit', '排污许可证编号', 'text', '22 位，如 91130294MA0A1B2C3D001P', 26),
      c('sample', '示例', 'bool', SAMPLE_HINT, 8),
      c('updated', '更新日期', 'date', DATE_HINT, 12),
    ],
  },
  discharge: {
    name: '排放口',
    about: '各排污企业的排放口，同一企业按行的先后排列。',
    columns: [
      c('enterprise', '企业编号', 'text', '', 14),
      c('code', '排放口编号', 'text', '如 DA001', 12),
      c('name', '名称', 'text', '', 18),
      c('kind', '类型', 'enum', Object.values(DISCHARGE_KINDS).join('、'), 10, DISCHARGE_KINDS),
      c('pollutants', '污染物', 'list', LIST_HINT, 24),
      c('treatment', '治理设施', 'text', '可留空', 24),
    ],
  },
  pollutants: {
    name: '污染物排放',
    about: '各排污企业排放的污染物及执行标准。',
    columns: [
      c('enterprise', '企业编号', 'text', '', 14),
      c('name', '污染物', 'text', '', 12),
      c('standard', '执行标准', 'text', '', 40),
      c('limit', '排放限值', 'text', '可留空', 20),
    ],
  },
  changes: {
    name: '变更记录',
    about: '网格和责任人的每次变更：生效后 30 个工作日内须公布。',
    columns: [
      c('id', '编号', 'text', '如 c-2026-006', 12),
      c('effective', '生效日期', 'date', DATE_HINT, 12),
      c('published', '公布日期', 'date', `尚未公布留空；${DATE_HINT}`, 12),
      c(
        'scope',
        '涉及范围',
        'list',
        `如 villages/beiguan、towns/qingbei、departments/sthj、district；${LIST_HINT}`,
        36,
      ),
      c('summary', '变更内容', 'text', '200 字以内', 40),
      c('sample', '示例', 'bool', SAMPLE_HINT, 8),
    ],
  },
  comments: {
    name: '文件注释',
    about: '内容文件开头的说明文字（YAML 注释），导入时原样写回；一般不需要修改。',
    columns: [c('file', '文件', 'text', '相对 content 的路径', 28), c('comment', '开头注释', 'long', '', 80)],
  },
} satisfies Record<string, SheetDef>;

export type SheetKey = keyof typeof SHEETS;
