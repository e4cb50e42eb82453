/**
 * The console's edits, one definition each: what it points at, the form's fields, and the new
 * content of the files it writes, built from the form's text. Validation is not here: the
 * engine (apply.ts) runs the roster's own zod schemas and the whole `roster:check` over the
 * result, so a rule lives once, in domain/roster/.
 */
import { departmentFileSchema, townSchema, villageSchema } from '../schema.ts';
import { enterpriseSchema } from '../records-schema.ts';
import type { Roster } from '../schema.ts';
import type { EditField, EditKind, FieldError, FormValues } from './model.ts';
import { entityOf, parseEntity, parsePerson, PERSON_LISTS, type EntityRef, type PersonRef } from './targets.ts';

type Schema = typeof villageSchema | typeof townSchema | typeof departmentFileSchema | typeof enterpriseSchema;

/** One file an edit writes: the entity's new data (before validation) and its schema. */
export interface Write {
  ref: EntityRef;
  value: Record<string, unknown>;
  schema: Schema;
}

export interface Resolved {
  ref: EntityRef | PersonRef;
  entity: Record<string, unknown>;
}

export interface EditDef {
  /** The form's title, 「更换人员」. */
  label: string;
  resolve(roster: Roster, target: string): Resolved | null;
  fields(roster: Roster, r: Resolved): EditField[];
  /** The form's starting values (the current data). */
  initial(r: Resolved): FormValues;
  build(roster: Roster, r: Resolved, values: FormValues): Write[] | FieldError[];
  /** The form field a schema issue at `path` inside a written file belongs to. */
  fieldFor(path: string): string | undefined;
}

export const SCHEMAS: Record<EntityRef['dir'], Schema> = {
  towns: townSchema,
  villages: villageSchema,
  departments: departmentFileSchema,
  enterprises: enterpriseSchema,
};

/** A field's text, trimmed ('' when absent); a list's first value. */
export function str(values: FormValues, name: string): string {
  const v = values[name];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
}

/** A list field's values (check boxes), trimmed and non-empty. */
export function list(values: FormValues, name: string): string[] {
  const v = values[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => x.trim()).filter(Boolean);
}

/** Optional text: empty stays out of the file. */
const opt = (s: string): string | undefined => (s === '' ? undefined : s);

const FULL_TIME = [
  { value: 'true', label: '专职' },
  { value: 'false', label: '兼职' },
];

function personFields(withFullTime: boolean): EditField[] {
  return [
    { name: 'name', label: '姓名', kind: 'text' },
    { name: 'title', label: '职务或单位', kind: 'text', optional: true },
    { name: 'role', label: '网格角色', kind: 'text', optional: true, hint: '如 网格监督员' },
    { name: 'phone', label: '电话', kind: 'tel', optional: true, hint: '手机 11 位或带区号的固定电话' },
    ...(withFullTime ? [{ name: 'fullTime', label: '专职或兼职', kind: 'select' as const, options: FULL_TIME }] : []),
  ];
}

/** A person from the form (a new person: no `sample` mark), keeping what the form does not ask (a 分网格长's id and villages). */
function personFrom(values: FormValues, keep: Record<string, unknown>, withFullTime: boolean): Record<string, unknown> {
  const fullTime = str(values, 'fullTime');
  return {
    ...keep,
    name: str(values, 'name'),
    title: opt(str(values, 'title')),
    role: opt(str(values, 'role')),
    phone: opt(str(values, 'phone')),
    ...(withFullTime ? { fullTime: fullTime === 'true' ? true : fullTime === 'false' ? false : undefined } : {}),
  };
}

function personValues(p: Record<string, unknown>): FormValues {
  const out: FormValues = {};
  for (const k of ['name', 'title', 'role', 'phone']) if (typeof p[k] === 'string') out[k] = p[k];
  if (typeof p.fullTime === 'boolean') out.fullTime = String(p.fullTime);
  return out;
}

function resolveEntity(roster: Roster, target: string, dirs: readonly EntityRef['dir'][]): Resolved | null {
  const ref = parseEntity(target);
  if (!ref || !dirs.includes(ref.dir)) return null;
  const entity = entityOf(roster, ref);
  return entity ? { ref, entity } : null;
}

function resolvePerson(roster: Roster, target: string, lists: readonly string[]): Resolved | null {
  const ref = parsePerson(target);
  if (!ref || !lists.includes(ref.list)) return null;
  const entity = entityOf(roster, ref);
  const items = entity?.[ref.list];
  if (!entity || !Array.isArray(items) || ref.index >= items.length) return null;
  // Towns have no leaders/workers list of their own to replace through this form but their leaders.
  return { ref, entity };
}

const personAt = (r: Resolved) =>
  (r.entity[(r.ref as PersonRef).list] as Record<string, unknown>[])[(r.ref as PersonRef).index]!;

/** The entity with `list` replaced (a copy; the built roster is never changed). */
function withList(r: Resolved, list: string, items: unknown[]): Record<string, unknown> {
  return { ...r.entity, [list]: items };
}

/** Schema paths inside a person (`supervisors[1].phone`) land on the form's field of the same name. */
const lastKey = (path: string) => /([A-Za-z]+)$/.exec(path)?.[1];

const replacePerson: EditDef = {
  label: '更换人员',
  resolve: (roster, target) => resolvePerson(roster, target, Object.keys(PERSON_LISTS)),
  fields: (_, r) => personFields((r.ref as PersonRef).list === 'supervisors'),
  initial: (r) => personValues(personAt(r)),
  build(_, r, values) {
    const ref = r.ref as PersonRef;
    const old = personAt(r);
    const keep = ref.list === 'subLeaders' ? { id: old.id, villages: old.villages } : {};
    const items = [...(r.entity[ref.list] as unknown[])];
    items[ref.index] = personFrom(values, keep, ref.list === 'supervisors');
    return [{ ref, value: withList(r, ref.list, items), schema: SCHEMAS[ref.dir] }];
  },
  fieldFor: lastKey,
};

const addSupervisor: EditDef = {
  label: '增加网格监督员',
  resolve: (roster, target) => resolveEntity(roster, target, ['villages', 'towns']),
  fields: () => personFields(true),
  initial: () => ({ role: '网格监督员' }),
  build(_, r, values) {
    const items = [...((r.entity.supervisors as unknown[]) ?? []), personFrom(values, {}, true)];
    return [{ ref: r.ref, value: withList(r, 'supervisors', items), schema: SCHEMAS[r.ref.dir] }];
  },
  fieldFor: lastKey,
};

const removeSupervisor: EditDef = {
  label: '减少网格监督员',
  resolve: (roster, target) => resolvePerson(roster, target, ['supervisors']),
  fields: () => [],
  initial: () => ({}),
  build(_, r) {
    const ref = r.ref as PersonRef;
    const items = (r.entity.supervisors as unknown[]).filter((_, i) => i !== ref.index);
    return [{ ref, value: withList(r, 'supervisors', items), schema: SCHEMAS[ref.dir] }];
  },
  fieldFor: () => undefined,
};

const subLeaderVillages: EditDef = {
  label: '调整二级分网格长负责的村（居）',
  resolve: (roster, target) => {
    const r = resolvePerson(roster, target, ['subLeaders']);
    return r && r.ref.dir === 'towns' ? r : null;
  },
  fields: (roster, r) => [
    {
      name: 'villages',
      label: '负责的村（居）',
      kind: 'checks',
      options: roster.villages.filter((v) => v.town === r.ref.id).map((v) => ({ value: v.id, label: v.name })),
      hint: '每名二级分网格长一般负责 2—3 个村（居）；每个村（居）只由一人负责',
    },
  ],
  initial: (r) => ({ villages: (personAt(r).villages as string[]) ?? [] }),
  build(_, r, values) {
    const ref = r.ref as PersonRef;
    const items = [...(r.entity.subLeaders as Record<string, unknown>[])];
    items[ref.index] = { ...items[ref.index], villages: list(values, 'villages') };
    return [{ ref, value: withList(r, 'subLeaders', items), schema: townSchema }];
  },
  fieldFor: (path) => (/\.villages/.test(path) ? 'villages' : undefined),
};

const addVillage: EditDef = {
  label: '新增村（居）',
  resolve: (roster, target) => resolveEntity(roster, target, ['towns']),
  fields: (_, r) => [
    { name: 'id', label: '村（居）id', kind: 'text', hint: '小写拼音，如 dongcun（网址和文件名用）' },
    { name: 'name', label: '村（居）名称', kind: 'text' },
    {
      name: 'kind',
      label: '类型',
      kind: 'select',
      options: [
        { value: 'village', label: '行政村' },
        { value: 'community', label: '居委会（社区）' },
      ],
    },
    { name: 'leaderName', label: '网格长姓名', kind: 'text' },
    { name: 'leaderTitle', label: '网格长职务', kind: 'text', optional: true, hint: '如 党支部书记、村委会主任' },
    { name: 'leaderPhone', label: '网格长电话', kind: 'tel', optional: true },
    {
      name: 'subLeader',
      label: '由哪位二级分网格长负责',
      kind: 'select',
      optional: true,
      options: ((r.entity.subLeaders as { id: string; name: string }[]) ?? []).map((s) => ({
        value: s.id,
        label: s.name,
      })),
    },
  ],
  initial: () => ({}),
  build(roster, r, values) {
    const id = str(values, 'id');
    const taken = roster.villages.find((v) => v.id === id);
    if (taken) return [{ field: 'id', message: `村（居）id「${id}」已被「${taken.name}」使用，请换一个` }];
    const ref: EntityRef = { dir: 'villages', id, path: `villages/${id}.yaml` };
    const village = {
      id,
      town: r.ref.id,
      name: str(values, 'name'),
      kind: str(values, 'kind'),
      leaders: [
        {
          name: str(values, 'leaderName'),
          title: opt(str(values, 'leaderTitle')),
          role: '网格长',
          phone: opt(str(values, 'leaderPhone')),
        },
      ],
    };
    const writes: Write[] = [{ ref, value: village, schema: villageSchema }];
    const sub = str(values, 'subLeader');
    if (sub) {
      const subLeaders = (r.entity.subLeaders as Record<string, unknown>[]).map((s) =>
        s.id === sub ? { ...s, villages: [...(s.villages as string[]), id] } : s,
      );
      writes.push({ ref: r.ref, value: withList(r, 'subLeaders', subLeaders), schema: townSchema });
    }
    return writes;
  },
  fieldFor: (path) =>
    path === 'id' || path === 'name' || path === 'kind'
      ? path
      : path.startsWith('leaders')
        ? { name: 'leaderName', title: 'leaderTitle', phone: 'leaderPhone' }[lastKey(path) ?? '']
        : undefined,
};

const LIAISON = { liaisonName: 'name', liaisonUnit: 'unit', liaisonPhone: 'phone', liaisonEmail: 'email' } as const;

const department: EditDef = {
  label: '修改部门职责和联络人',
  resolve: (roster, target) => resolveEntity(roster, target, ['departments']),
  fields: () => [
    { name: 'duties', label: '环境监管职责', kind: 'textarea', hint: '每行一条' },
    { name: 'liaisonName', label: '联络人姓名', kind: 'text', optional: true },
    { name: 'liaisonUnit', label: '联络人单位', kind: 'text', optional: true },
    { name: 'liaisonPhone', label: '联络人电话', kind: 'tel', optional: true },
    { name: 'liaisonEmail', label: '联络人电子邮箱', kind: 'email', optional: true },
  ],
  initial: (r) => {
    const liaison = (r.entity.liaison as Record<string, string> | undefined) ?? {};
    const out: FormValues = { duties: ((r.entity.duties as string[]) ?? []).join('\n') };
    for (const [field, key] of Object.entries(LIAISON)) if (liaison[key]) out[field] = liaison[key];
    return out;
  },
  build(_, r, values) {
    const duties = str(values, 'duties')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const given = Object.keys(LIAISON).some((f) => str(values, f) !== '');
    const liaison = given
      ? Object.fromEntries(Object.entries(LIAISON).map(([f, key]) => [key, opt(str(values, f))]))
      : undefined;
    const { routes: _routes, priority: _priority, ...file } = r.entity;
    return [{ ref: r.ref, value: { ...file, duties, liaison }, schema: departmentFileSchema }];
  },
  fieldFor: (path) => {
    if (path.startsWith('duties')) return 'duties';
    if (!path.startsWith('liaison')) return undefined;
    const key = lastKey(path);
    return Object.entries(LIAISON).find(([, k]) => k === key)?.[0] ?? 'liaisonName';
  },
};

const ENTERPRISE_FIELDS = ['name', 'address', 'industry', 'process', 'permit'] as const;

const enterprise: EditDef = {
  label: '修改排污企业公示牌信息',
  resolve: (roster, target) => resolveEntity(roster, target, ['enterprises']),
  fields: () => [
    { name: 'name', label: '企业名称', kind: 'text' },
    { name: 'address', label: '地址', kind: 'text', optional: true },
    { name: 'industry', label: '行业', kind: 'text', optional: true },
    { name: 'process', label: '生产流程', kind: 'textarea', hint: '几句话说明，公示牌只有一页' },
    { name: 'permit', label: '排污许可证编号', kind: 'text', hint: '22 位，如 91130294MA0A1B2C3D001P' },
  ],
  initial: (r) => Object.fromEntries(ENTERPRISE_FIELDS.map((k) => [k, r.entity[k] as string | undefined])),
  build(_, r, values) {
    const value = { ...r.entity };
    for (const k of ENTERPRISE_FIELDS) value[k] = opt(str(values, k));
    return [{ ref: r.ref, value, schema: enterpriseSchema }];
  },
  fieldFor: (path) => ENTERPRISE_FIELDS.find((k) => k === path),
};

/** Every edit by kind. */
export const EDITS: Record<EditKind, EditDef> = {
  'replace-person': replacePerson,
  'add-supervisor': addSupervisor,
  'remove-supervisor': removeSupervisor,
  'subleader-villages': subLeaderVillages,
  'add-village': addVillage,
  department,
  enterprise,
};
