/**
 * Appending a change record to `changes.yaml` as it is now. Every proposal ends with its own
 * record on this one shared file, so the publisher always appends to the current text rather
 * than replacing it with the text the proposal started from (functions/roster/publish).
 * Pure: takes and returns text.
 */
import { parse as parseYaml } from 'yaml';
import { nextChangeId } from './publication.ts';
import { changeSchema, changesFileSchema, type Change } from './records-schema.ts';
import { leadingComment, toYaml } from './serialize.ts';

/** The file the change log lives in, relative to the content folder. */
export const CHANGES_FILE = 'changes.yaml';

export type AppendResult = { ok: true; text: string; record: Change } | { ok: false; message: string };

/**
 * `current` (undefined: no change log yet) with `record` appended, in canonical form with the
 * file's leading comment kept. A record whose id is already taken (another proposal published
 * first) gets the year's next free id. A record already in the file (same id, effective date,
 * summary and scope) is not appended twice.
 */
export function appendChangeRecord(current: string | undefined, record: unknown): AppendResult {
  const parsedRecord = changeSchema.safeParse(record);
  if (!parsedRecord.success) {
    return { ok: false, message: `变更记录不完整：${parsedRecord.error.issues.map((i) => i.message).join('；')}` };
  }
  let changes: Change[] = [];
  if (current !== undefined && current.trim() !== '') {
    let data: unknown;
    try {
      data = parseYaml(current);
    } catch {
      return { ok: false, message: `版本库中的 ${CHANGES_FILE} 不是有效的 YAML，请先修正该文件` };
    }
    const parsed = changesFileSchema.safeParse(data ?? []);
    if (!parsed.success)
      return { ok: false, message: `版本库中的 ${CHANGES_FILE} 有错误，请先运行 npm run roster:check 修正` };
    changes = parsed.data;
  }
  let rec = parsedRecord.data;
  const same = changes.find(
    (c) =>
      c.id === rec.id &&
      c.effective === rec.effective &&
      c.summary === rec.summary &&
      JSON.stringify(c.scope) === JSON.stringify(rec.scope),
  );
  if (same) return { ok: true, text: current!, record: same };
  if (changes.some((c) => c.id === rec.id)) rec = { ...rec, id: nextChangeId(changes, rec.effective.slice(0, 4)) };
  const comment = current === undefined ? undefined : leadingComment(current) || undefined;
  return { ok: true, text: toYaml([...changes, rec], changesFileSchema, comment), record: rec };
}

/**
 * `changes.yaml` with the publication dates the runtime recorded (change id → YYYY-MM-DD)
 * filled in where a record has none, so the clock and `roster:check` count to the real day.
 * Returns the text unchanged when nothing applies or the file does not parse (the check
 * reports that). `filled` lists the indexes of the records given a date.
 */
export function withRecordedDates(
  text: string,
  dates: ReadonlyMap<string, string>,
): { text: string; filled: number[] } {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch {
    return { text, filled: [] };
  }
  const parsed = changesFileSchema.safeParse(data ?? []);
  if (!parsed.success) return { text, filled: [] };
  const filled: number[] = [];
  const changes = parsed.data.map((c, i) => {
    const date = dates.get(c.id);
    if (c.published || !date) return c;
    filled.push(i);
    return { ...c, published: date };
  });
  if (filled.length === 0) return { text, filled };
  return { text: toYaml(changes, changesFileSchema, leadingComment(text) || undefined), filled };
}
