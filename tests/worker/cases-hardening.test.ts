/**
 * What a fresh adversarial pass found on the staff side, each now refused with a 4xx and
 * nothing stored: impossible dates in the queue filter, deadlines years away, public notes
 * with bidi overrides or forged lines, over-long bodies.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { exports } from 'cloudflare:workers';
import { act, fileComplaint, publicView, seedCast, staffCall, staffOf } from './cases-support.ts';
import { staffHeaders } from '../support/staff-tokens.ts';
import { town } from './support/complaints.ts';

const cast = staffOf('hardening');
beforeAll(() => seedCast(cast));

describe('staff side under hostile input', () => {
  it('refuses impossible dates in the queue filter with 400, naming the field', async () => {
    for (const q of ['from=2026-13-01', 'to=2026-00-10', 'from=9999-99-99', 'from=2026-02-30']) {
      const r = await staffCall(cast.viewer, `/cases?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.json.errors?.[0]?.field).toBe(q.split('=')[0]);
    }
  });

  it('refuses a rectification deadline more than a year away', async () => {
    const code = await fileComplaint();
    const r = await act(cast.office, code, { action: 'assign', lead: `town:${town.id}`, rectifyBy: '9999-12-31' });
    expect(r.status).toBe(400);
    expect(r.json.errors).toEqual([expect.objectContaining({ field: 'rectifyBy' })]);
  });

  it('stores public notes without control or bidi characters', async () => {
    const code = await fileComplaint();
    const r = await act(cast.office, code, {
      action: 'assign',
      lead: `town:${town.id}`,
      rectifyBy: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10),
      publicNote: '\u202e伪造\u0007说明\r\n第二行',
    });
    expect(r.status).toBe(200);
    const notes = (await publicView(code)).timeline.map((e) => e.note ?? '').join('\n');
    expect(notes).toContain('伪造说明\n第二行');
    expect(notes).not.toMatch(/[\u202e\u0007\r]/);
  });

  it('stops reading a staff body past 64 KB (413)', async () => {
    const res = await exports.default.fetch('http://envgrid.test/api/staff/cases', {
      method: 'POST',
      headers: { ...(await staffHeaders(cast.office.email)), 'content-type': 'application/json' },
      body: JSON.stringify({ description: 'x'.repeat(70 * 1024) }),
    });
    expect(res.status).toBe(413);
  });
});
