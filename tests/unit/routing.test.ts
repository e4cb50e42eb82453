/**
 * The routing table (departments' `routes` and `priority` in content/) as citizens' complaints
 * meet it. Literal department ids, never `toEqual(routeProblem(...))`: reversing or dropping
 * the priority order must fail here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRoster } from '../../domain/roster/fs.ts';
import { indexRoster, type RosterIndex } from '../../domain/roster/query.ts';
import { departmentsFor, routeProblem } from '../../domain/routing.ts';

let index: RosterIndex;
beforeAll(async () => {
  index = indexRoster(await loadRoster('content'));
});

describe('departmentsFor', () => {
  it('suggests the departments of the sample table by priority, lower first', () => {
    // cjj 15 before cggxdd 20; sthj 10 first everywhere it routes; cunweihui 30 after sthj.
    expect(departmentsFor(index, 'dust', 'construction_site')).toEqual(['cjj', 'cggxdd']);
    expect(departmentsFor(index, 'garbage', 'street')).toEqual(['cjj', 'cggxdd']);
    expect(departmentsFor(index, 'sewage', 'river')).toEqual(['sthj', 'cjj']);
    expect(departmentsFor(index, 'cooking_fumes', 'restaurant')).toEqual(['sthj', 'cggxdd']);
    expect(departmentsFor(index, 'coal_burning', 'residential')).toEqual(['sthj', 'cunweihui']);
    expect(departmentsFor(index, 'noise', 'enterprise')).toEqual(['sthj']);
  });

  it('follows a changed priority, and breaks ties by id', () => {
    const swap = (priorities: Record<string, number>) =>
      indexRoster({
        ...index.roster,
        departments: index.roster.departments.map((d) => ({ ...d, priority: priorities[d.id] ?? d.priority })),
      });
    expect(departmentsFor(swap({ cjj: 25 }), 'dust', 'construction_site')).toEqual(['cggxdd', 'cjj']);
    expect(departmentsFor(swap({ cjj: 20 }), 'dust', 'construction_site')).toEqual(['cggxdd', 'cjj']);
  });
});

describe('routeProblem', () => {
  it('names the grid and the departments for a place', () => {
    expect(
      routeProblem(index, {
        category: 'dust',
        placeType: 'construction_site',
        townId: 'laozhuangzi',
        villageId: 'dazhuang',
      }),
    ).toEqual({
      town: { id: 'laozhuangzi', name: '老庄子镇' },
      village: { id: 'dazhuang', name: '大庄村' },
      subLeader: { name: '闫淑珍', title: '副书记' },
      districtLeader: { name: '孙立民', title: '管委会副主任' },
      departments: [
        { id: 'cjj', name: '城市建设管理局' },
        { id: 'cggxdd', name: '城管高新大队' },
      ],
    });
  });

  it('is undefined for an unknown town', () => {
    expect(routeProblem(index, { category: 'dust', placeType: 'street', townId: 'nowhere' })).toBeUndefined();
  });
});
