/**
 * Makes an N× roster from the sample district for the build-scale benchmark:
 * copies content/ to bench/.work/roster-<N>/ and adds N−1 synthetic copies of
 * every town with its villages and people. Copy k of town `t` is `t-k`, its
 * villages `v-k`, its 二级分网格长 `s-k`, each covering the copies of the same
 * villages the original covers (so 2–3 villages each, as the sample does);
 * each copy gets its own 一级网格长, new unique names and valid unique phone
 * numbers. Everything the sample satisfies (schemas, references, minimum
 * numbers of supervisors) therefore holds for every copy; the result is
 * checked with the real loader before it is used.
 *
 * Alone: `node bench/generate-roster.ts 10 [--out dir]`.
 */
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadRoster, readPublishedState } from '../domain/roster/fs.ts';
import { todayInChina } from '../domain/workdays.ts';
import { writeLiveSnapshot } from '../scripts/lib/publish.ts';

/** The sample's last deploy day, kept for the copies (today if the sample has none). */
async function publishedDate(dir: string): Promise<string> {
  return (await readPublishedState(dir))?.date ?? todayInChina();
}

export const ROOT = resolve(import.meta.dirname, '..');
export const WORK = join(ROOT, 'bench/.work');
const CONTENT = join(ROOT, 'content');

type Yaml = Record<string, unknown>;
type Person = Yaml & { name?: string; phone?: string };

// Name parts for synthetic places: enough combinations for ~70,000 unique village names.
const SURNAMES = [
  ...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文',
];
const MIDDLES = [...'家各官大小东西南北前后新'];
const SUFFIXES = [...'庄村屯营坨店寨堡铺沟'];
const QUALIFIERS = ['', '东', '西', '南', '北', '前'];

/** A unique synthetic village name for index `n` (0 ≤ n < ~72,000). */
export function villageName(n: number, community: boolean): string {
  const s = SURNAMES[n % SURNAMES.length]!;
  const m = MIDDLES[Math.floor(n / SURNAMES.length) % MIDDLES.length]!;
  const rest = Math.floor(n / (SURNAMES.length * MIDDLES.length));
  const x = SUFFIXES[rest % SUFFIXES.length]!;
  const q = QUALIFIERS[Math.floor(rest / SUFFIXES.length) % QUALIFIERS.length]!;
  return community ? `${q}${s}${m}${x}社区` : `${q}${s}${m}${x}`;
}

/** A unique synthetic town name for index `n` (0 ≤ n < ~10,000). */
export function townName(n: number, subdistrict: boolean): string {
  const a = SURNAMES[n % SURNAMES.length]!;
  const b = SURNAMES[Math.floor(n / SURNAMES.length) % SURNAMES.length]!;
  return `${a}${b}${subdistrict ? '办事处' : '镇'}`;
}

/** Sequential valid mobile numbers (139 + 8 digits), distinct from the sample's 138 numbers. */
function phoneCounter(): () => string {
  let n = 0;
  return () => `139${String(n++).padStart(8, '0')}`;
}

async function readYamlDir(dir: string): Promise<Map<string, Yaml>> {
  const out = new Map<string, Yaml>();
  for (const f of (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort()) {
    out.set(f.replace(/\.yaml$/, ''), parse(await readFile(join(dir, f), 'utf8')) as Yaml);
  }
  return out;
}

/** Writes many files with bounded parallelism (tens of thousands at 1000×). */
async function writeAll(files: [string, string][]): Promise<void> {
  let i = 0;
  const worker = async () => {
    while (i < files.length) {
      const [p, text] = files[i++]!;
      await writeFile(p, text);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
}

export interface GeneratedRoster {
  dir: string;
  scale: number;
  towns: number;
  villages: number;
  people: number;
  files: number;
  ms: number;
}

/** Generates the N× roster into `out` (default bench/.work/roster-<N>) and validates it with the real loader. */
export async function generateRoster(scale: number, out = join(WORK, `roster-${scale}`)): Promise<GeneratedRoster> {
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`scale must be a positive integer, got ${scale}`);
  const t0 = performance.now();
  await rm(out, { recursive: true, force: true });
  await mkdir(WORK, { recursive: true });
  await cp(CONTENT, out, { recursive: true });

  const towns = await readYamlDir(join(CONTENT, 'towns'));
  const villages = await readYamlDir(join(CONTENT, 'villages'));
  const district = parse(await readFile(join(CONTENT, 'district.yaml'), 'utf8')) as Yaml & {
    leaders: (Person & { id: string; towns: string[] })[];
  };
  const plans = new Map<string, string>();
  for (const id of towns.keys()) plans.set(id, await readFile(join(CONTENT, 'towns', `${id}.md`), 'utf8'));

  const nextPhone = phoneCounter();
  const withPhone = (p: Person): Person => (p.phone === undefined ? { ...p } : { ...p, phone: nextPhone() });
  const people = (list: unknown) => (Array.isArray(list) ? (list as Person[]).map(withPhone) : list);
  const files: [string, string][] = [];
  const newLeaders: typeof district.leaders = [];
  let townIndex = 0;
  let villageIndex = 0;

  for (let k = 2; k <= scale; k++) {
    for (const [tid, town] of towns) {
      const newTid = `${tid}-${k}`;
      const tName = townName(townIndex++, town.kind === 'subdistrict');
      const renames = new Map<string, string>([[String(town.name), tName]]);
      for (const [vid, v] of villages) {
        if (v.town !== tid) continue;
        const vName = villageName(villageIndex++, v.kind === 'community');
        renames.set(String(v.name), vName);
        const copy: Yaml = {
          ...v,
          id: `${vid}-${k}`,
          town: newTid,
          name: vName,
          leaders: people(v.leaders),
          workers: people(v.workers),
          supervisors: people(v.supervisors),
          sample: true,
        };
        files.push([join(out, 'villages', `${vid}-${k}.yaml`), stringify(copy)]);
      }
      const subLeaders = ((town.subLeaders as (Person & { id: string; villages: string[] })[]) ?? []).map((s) => ({
        ...withPhone(s),
        id: `${s.id}-${k}`,
        villages: s.villages.map((v) => `${v}-${k}`),
      }));
      const copy: Yaml = {
        ...town,
        id: newTid,
        name: tName,
        leaders: people(town.leaders),
        subLeaders,
        supervisors: people(town.supervisors),
      };
      files.push([join(out, 'towns', `${newTid}.yaml`), stringify(copy)]);
      let plan = plans.get(tid) ?? '';
      for (const [from, to] of renames) plan = plan.split(from).join(to);
      files.push([join(out, 'towns', `${newTid}.md`), plan]);
    }
    for (const l of district.leaders) {
      newLeaders.push({ ...withPhone(l), id: `${l.id}-${k}`, towns: l.towns.map((t) => `${t}-${k}`), sample: true });
    }
  }
  if (newLeaders.length > 0) {
    files.push([join(out, 'district.yaml'), stringify({ ...district, leaders: [...district.leaders, ...newLeaders] })]);
  }
  await writeAll(files);
  // As after a deploy (the steady state): what the site shows is this roster, so the build's
  // publication check compares every file and finds nothing unrecorded instead of 60,000 new files.
  if (scale > 1) await writeLiveSnapshot(out, await publishedDate(out));

  const roster = await loadRoster(out); // throws RosterError if any rule broke
  const count = (l: unknown) => (Array.isArray(l) ? l.length : 0);
  let nPeople = roster.district.leaders.length;
  for (const t of roster.towns) nPeople += count(t.leaders) + count(t.subLeaders) + count(t.supervisors);
  for (const v of roster.villages) nPeople += count(v.leaders) + count(v.workers) + count(v.supervisors);
  const summary: GeneratedRoster = {
    dir: out,
    scale,
    towns: roster.towns.length,
    villages: roster.villages.length,
    people: nPeople,
    files: files.length,
    ms: performance.now() - t0,
  };
  await writeFile(`${out}.json`, JSON.stringify(summary, null, 2));
  return summary;
}

if (import.meta.main) {
  const scale = Number(process.argv[2] ?? 10);
  const i = process.argv.indexOf('--out');
  const r = await generateRoster(scale, i > 0 ? resolve(process.argv[i + 1]!) : undefined);
  console.log(
    `roster ${r.scale}×: ${r.towns} towns, ${r.villages} villages, ${r.people} people in ${r.dir} (${(r.ms / 1000).toFixed(1)} s)`,
  );
}
