/**
 * The `roster:check` report in Chinese, grouped by town, and its JSON form. Pure: the CLI
 * prints what these return.
 */
import type { CheckResult } from './check.ts';
import { dueLabel, remainingLabel, type Finding } from './rules.ts';

export interface ReportOptions {
  /** Findings count as errors (`--strict`). */
  strict: boolean;
  /** The day the clock was read, YYYY-MM-DD. */
  today: string;
  /** Town id → name, for group headings. */
  townNames: Record<string, string>;
  /** How the content folder is shown, e.g. `content`. */
  root: string;
}

/** Whether the check fails: any error, or any finding under `--strict`. */
export function failed(findings: Finding[], strict: boolean): boolean {
  return findings.some((f) => f.severity === 'error' || strict);
}

function groupOf(f: Finding, names: Record<string, string>): { key: string; title: string } {
  if (f.town) return { key: `1-${f.town}`, title: names[f.town] ?? `镇（办事处）${f.town}` };
  if (f.file === 'district.yaml') return { key: '0', title: '区级（一级网格）' };
  if (f.file.startsWith('departments/') || f.file === 'routing.yaml') return { key: '2', title: '部门与责任清单' };
  if (f.file === 'changes.yaml') return { key: '3', title: '变更记录（区级及部门）' };
  if (f.file.startsWith('enterprises/')) return { key: '4', title: '排污企业' };
  return { key: '5', title: '其他' };
}

function line(f: Finding, strict: boolean, root: string): string {
  const kind = f.severity === 'error' ? '错误' : strict ? '错误（严格模式）' : '不符合方案';
  return `  [${kind}] ${root}/${f.file}${f.field ? ` › ${f.field}` : ''}：${f.message}`;
}

/** The human report: a summary line, findings grouped by town, and the verdict. */
export function formatReport(result: CheckResult, opts: ReportOptions): string {
  const out: string[] = [];
  const r = result.roster;
  out.push(`名册检查：${opts.root}/（检查日期 ${opts.today}）`);
  if (r) {
    out.push(
      `内容：${r.towns.length} 个镇（办事处）、${r.villages.length} 个村（居）、${r.departments.length} 个部门、` +
        `${r.enterprises.length} 家排污企业、${r.changes.length} 条变更记录`,
    );
  }
  if (result.pending) {
    out.push('', `【未公布的变更】${result.pending.length === 0 ? '没有' : `共 ${result.pending.length} 条`}`);
    for (const p of result.pending) {
      out.push(
        `  ${p.id}：${p.summary}；${p.effective} 生效，公布期限 ${dueLabel(p.clock)}，${remainingLabel(p.clock)}`,
      );
    }
  }
  const groups = new Map<string, { title: string; items: Finding[] }>();
  for (const f of result.findings) {
    const g = groupOf(f, opts.townNames);
    const entry = groups.get(g.key) ?? { title: g.title, items: [] };
    entry.items.push(f);
    groups.set(g.key, entry);
  }
  for (const key of [...groups.keys()].sort()) {
    const g = groups.get(key)!;
    out.push('', `【${g.title}】`);
    // Errors first: they must be fixed before anything else makes sense.
    const items = [...g.items].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
    for (const f of items) out.push(line(f, opts.strict, opts.root));
  }
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const findings = result.findings.length - errors;
  out.push('');
  if (!r) {
    out.push(
      `结论：有 ${errors} 处错误。内容有错时无法核对方案要求（人员配备、覆盖、公布期限）；请逐条改正后再运行一次。`,
    );
  } else if (errors === 0 && findings === 0) {
    out.push('结论：全部通过。内容无误，符合方案的各项要求。');
  } else if (errors > 0) {
    out.push(`结论：有 ${errors} 处错误、${findings} 项不符合方案要求。请先改正错误。`);
  } else if (opts.strict) {
    out.push(`结论：严格模式下不通过，有 ${findings} 项不符合方案要求，请逐项处理。`);
  } else {
    out.push(`结论：内容无误，但有 ${findings} 项不符合方案要求，请逐项处理（加 --strict 可把这些当作错误）。`);
  }
  return out.join('\n');
}

/** The findings as JSON: rule, severity, file, message, and field/town when known. */
export function formatJson(result: CheckResult, strict: boolean): string {
  const items = result.findings.map((f) => ({
    rule: f.rule,
    severity: strict ? 'error' : f.severity,
    file: f.file,
    message: f.message,
    ...(f.field ? { field: f.field } : {}),
    ...(f.town ? { town: f.town } : {}),
  }));
  return JSON.stringify(items, null, 2);
}
