/** The kinds of assessment entry as the console names them. */
export const ENTRY_KINDS = {
  bonus: '重大问题加分（每件 +2，需领导小组批准）',
  penalty: '一次性扣分',
  fail: '直接不及格（四(三)）',
} as const;
