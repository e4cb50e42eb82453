/**
 * Chinese labels for the roster's enumerated fields (kinds of town, village
 * and complaint channel). Pages, open data docs and tools show these; the
 * schema keeps the keys.
 */
import type { Channel, Town, Village } from './schema.ts';

export const TOWN_KINDS: Record<Town['kind'], string> = { town: '镇', subdistrict: '办事处' };

export const VILLAGE_KINDS: Record<Village['kind'], string> = { village: '行政村', community: '居委会' };

export const CHANNEL_KINDS: Record<Channel['kind'], string> = {
  hotline: '热线',
  phone: '电话',
  wechat: '微信公众号',
  web: '网上投诉',
  email: '电子邮箱',
  visit: '来访',
  mail: '来信',
};
