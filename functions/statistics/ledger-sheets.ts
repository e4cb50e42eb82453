/**
 * The ledger workbook's layout, one source for both writers: `npm run ledger:export` (exceljs,
 * scripts/lib/ledger-workbook.ts) and the console's download (ledger-xlsx.ts, in the Worker).
 * One sheet per ledger of the plan, Chinese headers, one row per record, codes, dates, clocks
 * met (是) or missed (否; empty while not yet due) and the 销号 state. Rows come from
 * ledgers.ts, the same SQL as the statistics; the project's spreadsheet reader
 * (domain/roster/workbook/read.ts) reads the layout back in the round-trip tests.
 */
import { allUnits } from '../../domain/cases/units.ts';
import type { RosterIndex } from '../../domain/roster/query.ts';
import type { Column, ColumnKind, SheetDef } from '../../domain/sheet-layout.ts';
import { LEDGER_LABELS, type Ledgers } from './ledgers.ts';

/** The names the sheets show for town ids and handling units (`town:<id>`, `department:<id>`). */
export interface LedgerNames {
  towns: Record<string, string>;
  units: Record<string, string>;
}

/** The names of the roster's towns and handling units. */
export function ledgerNames(index: RosterIndex): LedgerNames {
  return {
    towns: Object.fromEntries(index.roster.towns.map((t) => [t.id, t.name])),
    units: Object.fromEntries(allUnits(index).map((u) => [u.unit, u.name])),
  };
}

const DUE_HINT = '是：按时；否：超时；空白：尚未到期';

const col = (key: string, header: string, kind: ColumnKind, hint = '', options?: Record<string, string>): Column =>
  options ? { key, header, kind, hint, width: 14, options } : { key, header, kind, hint, width: 14 };

/** The sheets, given the names of the towns and of every handling unit (`town:<id>`, `department:<id>`). */
export function ledgerSheets(names: LedgerNames) {
  const { sources, states, categories, places } = LEDGER_LABELS;
  const code = col('code', '案件编号', 'text');
  const lead = col('lead', '牵头承办单位', 'enum', '', names.units);
  return {
    patrols: {
      name: '巡查清单',
      about: '巡查记录：日期、镇（办事处）、村（居）、巡查人',
      columns: [
        col('date', '巡查日期', 'date'),
        col('townId', '镇（办事处）', 'enum', '', names.towns),
        col('villageId', '村（居）编号', 'text'),
        col('person', '巡查人', 'text'),
      ],
    },
    problems: {
      name: '问题清单',
      about: '本季度收到的每一个问题（投诉、巡查、热线、上级交办、媒体），及其状态和销号',
      columns: [
        code,
        col('receivedOn', '收到日期', 'date'),
        col('source', '来源', 'enum', '', { ...sources }),
        col('category', '问题类型', 'enum', '', { ...categories }),
        col('placeType', '场所类型', 'enum', '', { ...places }),
        col('townId', '镇（办事处）', 'enum', '', names.towns),
        col('villageId', '村（居）编号', 'text'),
        col('state', '状态', 'enum', '', { ...states }),
        col('mergedInto', '并入案件', 'text'),
        col('closed', '已销号', 'bool'),
        col('closedOn', '办结日期', 'date'),
      ],
    },
    assignments: {
      name: '交办清单',
      about: '交办：当日交办的期限（17:30 后或节假日收到的顺延到下一个工作日）、首次交办日期、承办单位和整改期限',
      columns: [
        code,
        col('receivedOn', '收到日期', 'date'),
        col('assignDue', '交办期限', 'date'),
        col('assignedOn', '交办日期', 'date'),
        col('assignMet', '按时交办', 'bool', DUE_HINT),
        lead,
        col('coHandlers', '协办单位', 'enumList', '', names.units),
        col('rectifyBy', '整改期限', 'date'),
      ],
    },
    handling: {
      name: '查处清单',
      about: '承办单位的签收和首次反馈',
      columns: [
        code,
        lead,
        col('acceptDue', '签收期限', 'date'),
        col('acceptedOn', '签收日期', 'date'),
        col('acceptMet', '按时签收', 'bool', DUE_HINT),
        col('feedbackOn', '首次反馈日期', 'date'),
        col('feedbackMet', '按期反馈', 'bool', DUE_HINT),
      ],
    },
    rectification: {
      name: '整改清单',
      about: '整改期限、复核结果和销号',
      columns: [
        code,
        lead,
        col('rectifyBy', '整改期限', 'date'),
        col('feedbackMet', '按期反馈', 'bool', DUE_HINT),
        col('recheckPassed', '复核通过次数', 'int'),
        col('recheckFailed', '复核未通过次数', 'int'),
        col('closed', '已销号', 'bool'),
        col('closedOn', '销号日期', 'date'),
        col('workingDaysToClose', '办结用时（工作日）', 'int'),
      ],
    },
    accountability: {
      name: '问责清单',
      about: '区网格办在工作台录入的问责记录（对象、事项、依据、决定）',
      columns: [
        col('unit', '单位', 'enum', '', names.units),
        code,
        col('subject', '问责对象', 'text'),
        col('matter', '事项', 'long'),
        col('basis', '依据', 'long'),
        col('decision', '处理决定', 'long'),
        col('decidedOn', '决定日期', 'date'),
        col('enteredBy', '录入人', 'text'),
      ],
    },
  } satisfies Record<string, SheetDef>;
}

export type LedgerSheetKey = keyof ReturnType<typeof ledgerSheets>;

/** The rows of each sheet, as the sheets' keys name their fields. */
export function ledgerRows(l: Ledgers): Record<LedgerSheetKey, Record<string, unknown>[]> {
  const cases = l.cases.map((c) => ({ ...c, closed: c.state === 'closed' }));
  return {
    patrols: l.patrols.records.map((r) => ({ ...r })),
    problems: cases,
    assignments: cases.filter((c) => c.assignedOn !== null || c.assignMet !== null),
    handling: cases.filter((c) => c.lead !== null),
    rectification: cases.filter((c) => c.rectifyBy !== null),
    accountability: l.accountability.map((a) => ({ ...a })),
  };
}

/** The 说明 sheet's rows: the quarter, the scope, the patrol records' note, and what each sheet holds. */
export function ledgerAbout(l: Ledgers, scope: string): [string, string][] {
  return [
    ['季度', `${l.period.label}（${l.period.from} 至 ${l.period.to}，按收到日期，北京时间）`],
    ['范围', scope],
    ['巡查记录', l.patrols.note],
    ['是／否／空白', DUE_HINT],
    ...Object.values(ledgerSheets({ towns: {}, units: {} })).map((s): [string, string] => [s.name, s.about]),
  ];
}
