import { describe, expect, it } from 'vitest';
import { loadRoster } from '../../domain/roster/fs.ts';
import { RUNTIME_OMITTED, runtimeRoster, runtimeRosterModule } from '../../domain/roster/runtime.ts';
import type { Roster } from '../../domain/roster/schema.ts';

/** Evaluates generated module source the way the bundle would. */
async function evaluate(source: string): Promise<Roster> {
  const mod = (await import(`data:text/javascript,${encodeURIComponent(source)}`)) as { default: Roster };
  return mod.default;
}

describe('the Worker’s slim roster', () => {
  it('keeps what routing and the complaint form need and throws, naming the file, on an omitted field', async () => {
    const full = await loadRoster('./content');
    const slim = await evaluate(runtimeRosterModule(full));
    expect(slim.district).toEqual(full.district);
    expect(slim.departments).toEqual(full.departments);
    expect(slim.villages.map((v) => [v.id, v.town, v.name, v.sample])).toEqual(
      full.villages.map((v) => [v.id, v.town, v.name, v.sample]),
    );
    expect(slim.towns.map((t) => [t.id, t.name, t.subLeaders])).toEqual(
      full.towns.map((t) => [t.id, t.name, t.subLeaders]),
    );
    for (const key of RUNTIME_OMITTED.villages)
      expect(() => slim.villages[0]![key]).toThrow(/domain\/roster\/runtime\.ts/);
    for (const key of RUNTIME_OMITTED.towns) expect(() => slim.towns[0]![key]).toThrow(/only, not in the Worker/);
  });

  it('is much smaller than the whole roster', async () => {
    const full = await loadRoster('./content');
    expect(JSON.stringify(runtimeRoster(full)).length).toBeLessThan(JSON.stringify(full).length * 0.5);
  });
});
