import { describe, expect, it } from 'vitest';
import { buildMessage, messageFields, messageTitle } from '../../../functions/forwarding/message.ts';
import { formatChinaTime } from '../../../domain/time.ts';
import { sampleComplaint } from '../../support/complaints.ts';

describe('the forwarded message model', () => {
  it('shows the received time in Beijing time', () => {
    expect(formatChinaTime('2026-11-26T06:05:09.000Z')).toBe('2026年11月26日 14:05');
    // Crosses midnight and a month end in UTC+8.
    expect(formatChinaTime('2026-11-30T16:30:00Z')).toBe('2026年12月1日 00:30');
    expect(formatChinaTime('not a date')).toBe('not a date');
    expect(buildMessage(sampleComplaint(), 'http://x').receivedAtText).toBe('2026年11月26日 14:05（北京时间）');
  });

  it('carries everything the office needs, with Chinese labels', () => {
    const m = buildMessage(sampleComplaint({ tracking_code: 'ABCDEFGHJKMN' }), 'https://envgrid.example.cn');
    expect(m.category).toEqual({ key: 'dust', label: '扬尘' });
    expect(m.placeType).toEqual({ key: 'construction_site', label: '工地' });
    expect(m.town.name).toBe('老庄子镇');
    expect(m.village?.name).toBe('大庄村');
    expect(m.contact).toEqual({ name: '李四', phone: '13812345678' });
    expect(m.statusUrl).toBe('https://envgrid.example.cn/complaint/status/?code=ABCD-EFGH-JKMN');
    expect(messageTitle(m)).toBe('环境投诉 ABCD-EFGH-JKMN：扬尘（老庄子镇）');
    const fields = Object.fromEntries(messageFields(m).map((f) => [f.label, f.value]));
    expect(fields).toMatchObject({
      投诉编号: 'ABCD-EFGH-JKMN',
      收到时间: '2026年11月26日 14:05（北京时间）',
      问题类型: '扬尘',
      地点类型: '工地',
      '镇（办事处）': '老庄子镇',
      '村（居）': '大庄村',
      具体位置: '「大庄村东口工地」',
      建议网格: '老庄子镇 › 大庄村；二级分网格长 张三（副镇长（示例））；包联区领导 赵全成（管委会副主任）',
      建议承办部门: '城市建设管理局、生态环境分局',
      投诉人: '「李四」',
      联系电话: '「13812345678」',
      办理进度: 'https://envgrid.example.cn/complaint/status/?code=ABCD-EFGH-JKMN',
    });
  });

  it('leaves out name and phone of an anonymous complainant', () => {
    const m = buildMessage(
      sampleComplaint({ anonymous: 1, contact_name: '王五', contact_phone: '13900000000' }),
      'http://x',
    );
    expect(m.contact).toBeNull();
    const text = JSON.stringify([m, messageFields(m)]);
    expect(text).not.toContain('王五');
    expect(text).not.toContain('13900000000');
    expect(messageFields(m).find((f) => f.label === '投诉人')?.value).toBe('匿名（未留姓名和电话）');
  });

  it('still forwards when the routing snapshot cannot be read', () => {
    const m = buildMessage(sampleComplaint({ routing: 'not json', village_id: null }), 'http://x');
    expect(m.routing).toBeNull();
    expect(m.town.id).toBe('laozhuangzi');
    expect(messageFields(m).find((f) => f.label === '建议承办部门')?.value).toBe('未匹配，请区网格办研判');
  });
});
