import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dingtalkBody, signDingtalkUrl } from '../../../functions/forwarding/channels/dingtalk.ts';
import { wecomBody } from '../../../functions/forwarding/channels/wecom.ts';
import { ROBOT_MARKDOWN_MAX_BYTES, escapeRobotMarkdown, utf8Bytes } from '../../../functions/forwarding/markdown.ts';
import { buildMessage } from '../../../functions/forwarding/message.ts';
import { sampleComplaint } from '../../support/complaints.ts';

const HOSTILE = [
  '[点这里领奖](http://evil.example/x) ![图](http://evil.example/p.png)',
  '# 假标题',
  '## 紧急通知',
  '<font color="warning">红字</font> <@all> **加粗** *斜体* _下划线_ `代码` ~~删除~~',
  '> 引用',
  '- 列表',
  '1. 有序',
  '===',
  '    缩进代码',
  '&lt;font color="info"&gt;实体&lt;/font&gt; | 表格 | \\* 转义',
  'http://evil.example 自动链接',
].join('\n');

function hostileMessage() {
  return buildMessage(
    sampleComplaint({
      description: HOSTILE,
      address: '[地址](http://evil.example) <font color="info">x</font>',
      contact_name: '**王**[五](http://evil.example)',
    }),
    'https://envgrid.example.cn',
  );
}

/** The markdown a robot would parse, with our own status link taken out. */
function userParts(md: string): string {
  return md.replace(/\[查看办理进度\]\(https:\/\/envgrid\.example\.cn\/complaint\/status\/\?code=[A-Z0-9-]+\)/, '');
}

describe('robot markdown escaping', () => {
  it('turns markdown, <font> tags, mentions and entities in citizen text into plain characters', () => {
    const out = escapeRobotMarkdown(HOSTILE);
    for (const token of [
      '](',
      '![',
      '<font',
      '</font>',
      '<@',
      '**',
      '`',
      '~~',
      '&lt;',
      '://',
      '\n#',
      '\n>',
      '\n-',
      '\n1.',
      '\n===',
      '\n    ',
    ]) {
      expect(out).not.toContain(token);
    }
    // Still readable: the words survive in full-width look-alikes.
    expect(out).toContain('［点这里领奖］（http：//evil.example/x）');
    expect(out).toContain('＃ 假标题');
    expect(out).toContain('＜font color="warning"＞红字＜/font＞');
  });

  for (const [name, render] of [
    ['WeCom', (m: ReturnType<typeof hostileMessage>) => wecomBody(m).markdown.content],
    ['DingTalk', (m: ReturnType<typeof hostileMessage>) => dingtalkBody(m).markdown.text],
  ] as const) {
    it(`${name}: citizen text makes no link, heading, font or emphasis; the status link is the only link`, () => {
      const md = render(hostileMessage());
      expect(md).toMatch(/\[查看办理进度\]\(https:\/\/envgrid\.example\.cn\/complaint\/status\/\?code=[A-Z0-9-]+\)/);
      const rest = userParts(md);
      expect(rest).not.toMatch(/\]\(|<font|<@|&lt;|:\/\//);
      // Only our own heading and bold labels start a markdown block; no other line does.
      const lines = rest.split('\n').filter(Boolean);
      expect(lines[0]).toMatch(/^### 环境投诉 /);
      for (const line of lines.slice(1)) {
        if (/^\*\*[^*]+\*\*：/.test(line)) continue;
        expect(line).not.toMatch(/^([ \t]|[#>\-+=*_`~|<[!]|\d+[.)])/);
      }
      expect(rest).not.toContain('*斜体*');
      expect(rest).not.toContain('**王**');
    });
  }
});

describe('WeCom group robot body (published format)', () => {
  it('is {msgtype:"markdown", markdown:{content}} and nothing else', () => {
    const body = wecomBody(
      buildMessage(sampleComplaint({ tracking_code: 'WXWXWXWX2345' }), 'https://envgrid.example.cn'),
    );
    expect(Object.keys(body)).toEqual(['msgtype', 'markdown']);
    expect(body.msgtype).toBe('markdown');
    expect(Object.keys(body.markdown)).toEqual(['content']);
    expect(body.markdown.content).toContain('### 环境投诉 WXWX-WXWX-2345：扬尘（老庄子镇）');
    expect(body.markdown.content).toContain('**问题描述**：\n┃ 工地没有苫盖');
    expect(body.markdown.content).toContain('**联系电话**：「13812345678」');
  });

  it('keeps content within 4096 bytes of UTF-8 by shortening a long description, and says so', () => {
    const long = '工地扬尘严重。'.repeat(700); // 4900 characters, 14 700 bytes
    const content = wecomBody(buildMessage(sampleComplaint({ description: long }), 'https://x.cn')).markdown.content;
    expect(utf8Bytes(content)).toBeLessThanOrEqual(ROBOT_MARKDOWN_MAX_BYTES);
    expect(utf8Bytes(content)).toBeGreaterThan(ROBOT_MARKDOWN_MAX_BYTES - 40);
    expect(content).toMatch(/……（描述共 4900 字，此处只显示开头部分）/);
    expect(content).toContain('[查看办理进度](https://x.cn/complaint/status/?code=');
    expect(content).toContain('**投诉人**：「李四」');
  });
});

describe('DingTalk custom robot body and signature (published format)', () => {
  it('is {msgtype:"markdown", markdown:{title,text}} with the keyword 投诉 in both', () => {
    const body = dingtalkBody(buildMessage(sampleComplaint({ tracking_code: 'DDDDDDDD2345' }), 'https://x.cn'));
    expect(Object.keys(body)).toEqual(['msgtype', 'markdown']);
    expect(Object.keys(body.markdown)).toEqual(['title', 'text']);
    expect(body.markdown.title).toBe('环境投诉 DDDD-DDDD-2345：扬尘（老庄子镇）');
    expect(body.markdown.text).toContain('投诉');
    // Fields are separated by blank lines so DingTalk shows one per line.
    expect(body.markdown.text).toContain('**问题类型**：扬尘\n\n**地点类型**：工地');
    const long = dingtalkBody(buildMessage(sampleComplaint({ description: '啊'.repeat(5000) }), 'https://x.cn'));
    expect(utf8Bytes(long.markdown.text)).toBeLessThanOrEqual(ROBOT_MARKDOWN_MAX_BYTES);
  });

  it('signs the URL as DingTalk specifies, reproduced here with node:crypto', async () => {
    const secret = 'SECa1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2';
    const ts = 1_795_000_000_123;
    const url = await signDingtalkUrl('https://oapi.dingtalk.com/robot/send?access_token=abc', secret, ts);
    const expected = encodeURIComponent(createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64'));
    expect(url).toBe(`https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=${ts}&sign=${expected}`);
    // The base64 signature's + / = are URL-encoded.
    const sign = new URL(url).searchParams.get('sign')!;
    expect(createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64')).toBe(sign);
  });
});
