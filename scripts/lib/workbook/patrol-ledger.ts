/**
 * The patrol ledger (巡查清单), the first of the plan's ledgers: one town's patrols in a period as
 * a workbook with Chinese headers, one row per finding (a patrol that found nothing is one row
 * saying so). Written with the roster workbook's sheet helper, so both look and behave alike.
 */
import ExcelJS from 'exceljs';
import type { Roster } from '../../../domain/roster/schema.ts';
import type { Period } from '../../../domain/patrols.ts';
import { CATEGORIES, PLACE_TYPES } from '../../../domain/taxonomy.ts';
import { FINDING_OUTCOMES } from '../../../domain/patrol-input.ts';
import { formatTrackingCode } from '../../../domain/tracking-code.ts';
import { formatChinaTime } from '../../../domain/time.ts';
import type { LedgerLine } from '../../../functions/patrols/queries.ts';
import { addSheet } from './export.ts';
import type { Column, SheetDef } from '../../../domain/roster/workbook/sheets.ts';

const col = (key: string, header: string, width = 14, hint = ''): Column => ({
  key,
  header,
  kind: 'text',
  hint,
  width,
});

const LEDGER: SheetDef = {
  name: '巡查清单',
  about: '网格巡查记录，每个发现的问题一行；未发现问题的巡查也记一行。',
  columns: [
    col('date', '巡查日期', 12, '北京时间日期'),
    col('village', '村（居）', 12),
    col('staffName', '巡查人', 16),
    col('checked', '查看部位（八查）', 28),
    col('seq', '问题序号', 8),
    col('category', '问题类型（七看）', 12),
    col('placeType', '地点类型', 12),
    col('address', '具体位置', 20),
    col('description', '问题情况', 36),
    col('outcome', '处理方式', 18),
    col('rectifyNote', '整改情况', 30),
    col('trackingCode', '案件编号', 16, '转为案件的，在区网格办案件台账中的编号'),
    col('note', '备注', 24),
    col('createdAt', '保存时间', 18),
  ],
};

const label = (map: Record<string, string>, key: string | null) => (key ? (map[key] ?? key) : '');

/** The ledger lines of one town and period as a workbook. */
export function patrolLedgerWorkbook(
  roster: Roster,
  townId: string,
  period: Period,
  lines: LedgerLine[],
): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'EnvGrid patrols:ledger';
  const town = roster.towns.find((t) => t.id === townId)?.name ?? townId;
  const rows = lines.map((l) => ({
    date: l.date,
    village: roster.villages.find((v) => v.id === l.villageId)?.name ?? l.villageId,
    staffName: l.staffName,
    checked: (JSON.parse(l.checked) as string[]).map((k) => label(PLACE_TYPES, k)).join('、'),
    seq: l.seq === null ? '' : String(l.seq),
    category: l.seq === null ? '未发现问题' : label(CATEGORIES, l.category),
    placeType: label(PLACE_TYPES, l.placeType),
    address: l.address ?? '',
    description: l.description ?? '',
    outcome: label(FINDING_OUTCOMES, l.outcome),
    rectifyNote: l.rectifyNote ?? '',
    trackingCode: l.trackingCode ? formatTrackingCode(l.trackingCode) : '',
    note: l.note ?? '',
    createdAt: formatChinaTime(l.createdAt),
  }));
  addSheet(wb, { ...LEDGER, name: `巡查清单 ${period.label}`.slice(0, 31) }, rows);
  const ws = wb.worksheets[0]!;
  ws.headerFooter.oddHeader = `${town} 网格巡查清单 ${period.from} 至 ${period.to}`;
  return wb;
}
