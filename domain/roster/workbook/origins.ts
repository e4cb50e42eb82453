/** Where each field of each generated content file came from in the workbook. */
import type { Loc } from './read.ts';

export class Origins {
  private map = new Map<string, Map<string, Loc>>();
  set(file: string, field: string, loc: Loc) {
    const m = this.map.get(file) ?? new Map<string, Loc>();
    m.set(field, loc);
    this.map.set(file, m);
  }
  /** The most specific location known for a field: `a[1].b` falls back to `a[1]`, `a`, then the file. */
  find(file: string, field: string): Loc | undefined {
    const m = this.map.get(file);
    if (!m) return undefined;
    let f = field;
    for (;;) {
      const loc = m.get(f);
      if (loc) return loc;
      if (f === '') return undefined;
      const cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
      f = cut > 0 ? f.slice(0, cut) : '';
    }
  }
}
