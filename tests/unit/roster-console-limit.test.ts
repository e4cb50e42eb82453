import { describe, expect, it } from 'vitest';
import { loadRoster } from '../../domain/roster/fs.ts';
import { CONSOLE_EDIT_MAX_VILLAGES, consoleClosedReason } from '../../domain/roster/runtime.ts';

describe('the roster console’s size limit (domain/roster/runtime.ts)', () => {
  it('is open for the sample district and up to the limit', async () => {
    const roster = await loadRoster('./content');
    expect(consoleClosedReason(roster)).toBeNull();
    expect(
      consoleClosedReason({ villages: Array.from({ length: CONSOLE_EDIT_MAX_VILLAGES }, () => roster.villages[0]!) }),
    ).toBeNull();
  });

  it('is closed past it, telling staff in Chinese how to edit instead', async () => {
    const roster = await loadRoster('./content');
    const reason = consoleClosedReason({
      villages: Array.from({ length: CONSOLE_EDIT_MAX_VILLAGES + 1 }, () => roster.villages[0]!),
    });
    expect(reason).toContain(`${CONSOLE_EDIT_MAX_VILLAGES + 1} 个村（居）`);
    expect(reason).toContain('npm run roster:import');
  });
});
