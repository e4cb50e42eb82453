/**
 * The project's import rules, checked over every source file:
 * - `domain/` is shared by the site, the Worker and the tools, so it imports
 *   nothing of theirs;
 * - the site reaches the Worker's code only through `functions/services/`
 *   (small facades for what pages need);
 * - the Worker never imports the site, the tools or the benchmarks;
 * - no module imports itself through a chain (no cycle), and no two folders
 *   inside `functions/` lean on each other.
 */
import { describe, expect, it } from 'vitest';
import { importGraph, findCycles, type ImportGraph } from '../support/imports.ts';

const graph: ImportGraph = importGraph(['domain', 'functions', 'site', 'scripts', 'bench', 'tests', 'build']);

/** `[from, to]` for every import whose target lies under `to` while its source lies under `from`. */
function edgesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (const [file, deps] of graph) {
    if (!file.startsWith(from)) continue;
    for (const dep of deps) if (dep.startsWith(to)) out.push(`${file} → ${dep}`);
  }
  return out;
}

describe('layering', () => {
  it('finds the project’s modules and their imports', () => {
    // Guards the checker itself: were the parser to find nothing, every rule below would pass.
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('functions/worker.ts')).toContain('functions/handler.ts');
    expect([...graph.keys()].some((f) => f.endsWith('.astro'))).toBe(true);
  });

  it('domain/ imports only domain/', () => {
    for (const other of ['site/', 'functions/', 'scripts/', 'bench/', 'tests/', 'build/']) {
      expect(edgesBetween('domain/', other)).toEqual([]);
    }
  });

  it('functions/ never imports the site, the tools, the benchmarks or the tests', () => {
    for (const other of ['site/', 'scripts/', 'bench/', 'tests/', 'build/']) {
      expect(edgesBetween('functions/', other)).toEqual([]);
    }
  });

  it('site/ reaches functions/ only through functions/services/', () => {
    const leaks = edgesBetween('site/', 'functions/').filter(
      (e) => !e.split(' → ')[1]!.startsWith('functions/services/'),
    );
    expect(leaks).toEqual([]);
    for (const other of ['scripts/', 'bench/', 'tests/']) expect(edgesBetween('site/', other)).toEqual([]);
  });

  it('has no import cycle between modules', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it('has no cycle between the folders of functions/', () => {
    const folders: ImportGraph = new Map();
    const folderOf = (f: string) => f.split('/').slice(0, 2).join('/');
    for (const [file, deps] of graph) {
      // Files at the top of functions/ (entry, app, shared types) are the trunk, not a folder.
      if (!file.startsWith('functions/') || file.split('/').length < 3) continue;
      const from = folderOf(file);
      const set = folders.get(from) ?? [];
      for (const dep of deps) {
        if (dep.startsWith('functions/') && dep.split('/').length >= 3 && folderOf(dep) !== from)
          set.push(folderOf(dep));
      }
      folders.set(from, set);
    }
    expect(findCycles(folders)).toEqual([]);
  });

  it('the checker sees a cycle when there is one', () => {
    const g: ImportGraph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(findCycles(g)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
