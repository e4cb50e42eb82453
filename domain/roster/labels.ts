/**
 * Chinese labels of the roster's enumerated values (the keys are what content files store).
 * Pages and the spreadsheet tools both use these.
 */
import type { Channel, Town, Village } from './schema.ts';

export const TOWN_KIND_LABELS: Record<Town['kind'], string> = { town: '镇', subdistrict: '办事处' };

export const VILLAGE_KIND_LABELS: Record<Village['kind'], string> = { village: '行政村', community: '居委会' };

export const CHANNEL_KIND_LABELS: Record<Channel['kind'], string> = {
  hotline: '热线',
  phone: '电话',
  wechat: '公众号',
  web: '网上表单',
  email: '电子邮箱',
  visit: '来访',
  mail: '信件',
};
