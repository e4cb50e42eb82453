import { describe, expect, it } from 'vitest';
import { inlineParams } from '../../../scripts/lib/d1.ts';
import { WORKER_VARS, workerVarsFromEnv } from '../../../scripts/lib/vars.ts';
import { REQUEUE_SQL, isDeliveryId } from '../../../functions/forwarding/ops.ts';

describe('operator tooling', () => {
  it('accepts only UUID delivery ids', () => {
    expect(isDeliveryId('7d1c322f-2dc5-47f3-9f7c-e760a1acf19f')).toBe(true);
    for (const bad of ["x' OR 1=1 --", '7d1c322f-2dc5-47f3-9f7c-e760a1acf19f; DROP TABLE deliveries', '', '7D1C322F']) {
      expect(isDeliveryId(bad)).toBe(false);
    }
  });

  it('inlines only safe literals for remote D1, and refuses anything else', () => {
    expect(inlineParams(REQUEUE_SQL, ['2026-11-26T06:05:09.000Z', '7d1c322f-2dc5-47f3-9f7c-e760a1acf19f'])).toContain(
      "WHERE id = '7d1c322f-2dc5-47f3-9f7c-e760a1acf19f' AND status = 'dead'",
    );
    expect(() => inlineParams(REQUEUE_SQL, ['2026-11-26T06:05:09.000Z', "x' OR '1'='1"])).toThrow(/unsafe SQL value/);
    expect(() => inlineParams(REQUEUE_SQL, ['2026-11-26T06:05:09.000Z'])).toThrow(/missing SQL parameter \?2/);
  });

  it('passes the forwarding settings from the shell to the local Worker, and only those that are set', () => {
    expect(WORKER_VARS).toEqual(
      expect.arrayContaining([
        'FORWARD_WEBHOOK_URL',
        'FORWARD_WEBHOOK_SECRET',
        'FORWARD_WECOM_URL',
        'FORWARD_DINGTALK_URL',
        'FORWARD_DINGTALK_SECRET',
        'FORWARD_EMAIL_FROM',
        'FORWARD_EMAIL_TO',
        'FORWARD_TIMEOUT_MS',
        'PUBLIC_BASE_URL',
      ]),
    );
    const shell = { FORWARD_WEBHOOK_URL: 'http://127.0.0.1:9/x', FORWARD_WEBHOOK_SECRET: '', HOME: '/root' };
    expect(workerVarsFromEnv(shell as unknown as NodeJS.ProcessEnv)).toEqual({
      FORWARD_WEBHOOK_URL: 'http://127.0.0.1:9/x',
    });
  });
});
