import { describe, expect, it } from 'vitest';
import { loadRoster } from '../../domain/roster/fs.ts';
import { runtimeRoster } from '../../domain/roster/runtime.ts';
import type { Roster } from '../../domain/roster/schema.ts';
import { toTownOpenData } from '../../site/lib/open-data.ts';
import { fetchTownOpenData, withTownPersons } from '../../site/lib/town-persons.ts';

describe('persons for on-demand pages from the town open data file (site/lib/town-persons.ts)', () => {
  it('gives back exactly the roster persons the Worker roster leaves out, for every sample village', async () => {
    const roster = await loadRoster('content');
    const slim = runtimeRoster(roster) as Roster;
    for (const full of roster.villages) {
      const village = slim.villages.find((v) => v.id === full.id)!;
      const town = slim.towns.find((t) => t.id === full.town)!;
      expect(village).not.toHaveProperty('leaders');
      // Through JSON, as the Worker reads the prerendered file.
      const data = JSON.parse(JSON.stringify(toTownOpenData(roster, full.town))) as ReturnType<typeof toTownOpenData>;
      const got = withTownPersons(village, town, data);
      const fullTown = roster.towns.find((t) => t.id === full.town)!;
      expect(JSON.parse(JSON.stringify(got.village))).toEqual(
        JSON.parse(JSON.stringify({ ...village, ...pick(full) })),
      );
      expect(got.town.leaders).toEqual(JSON.parse(JSON.stringify(fullTown.leaders)));
      expect(got.town.officeDirector).toEqual(
        fullTown.officeDirector && JSON.parse(JSON.stringify(fullTown.officeDirector)),
      );
    }
  }, 30_000); // loads the sample roster: slow on a busy machine

  it('refuses a file of another town, and names the file when it cannot be read', async () => {
    const roster = await loadRoster('content');
    const [a, b] = roster.towns;
    const village = roster.villages.find((v) => v.town === a!.id)!;
    expect(() => withTownPersons(village, a!, toTownOpenData(roster, b!.id))).toThrow(
      `${village.id} is not in ${a!.id}`,
    );
    const missing = { fetch: async () => new Response('', { status: 404 }) };
    await expect(fetchTownOpenData('nowhere', new URL('http://x/'), missing)).rejects.toThrow(
      '/data/towns/nowhere.json answered 404',
    );
  }, 30_000);
});

const pick = (v: Roster['villages'][number]) => ({
  leaders: v.leaders,
  workers: v.workers,
  supervisors: v.supervisors,
  covers: v.covers,
});
