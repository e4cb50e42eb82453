/**
 * The problem categories (the plan's 七看 plus noise and other) and the place
 * types (the plan's 八查 plus other) that complaints, patrols and the
 * departments' routing table share. Keys are stable API values; labels are the
 * Chinese words citizens see.
 */

export const CATEGORIES = {
  dust: '扬尘',
  flue_gas: '烟气',
  cooking_fumes: '餐饮油烟',
  coal_burning: '散煤禁烧',
  straw_burning: '秸秆禁烧',
  sewage: '污水倾倒',
  garbage: '垃圾倾倒',
  noise: '噪声',
  other: '其他',
} as const;

export const PLACE_TYPES = {
  construction_site: '工地',
  enterprise: '企业',
  shop: '门市门店',
  restaurant: '餐饮单位',
  stall: '摊点',
  street: '街道',
  residential: '小区（村庄）',
  river: '河道',
  other: '其他地点',
} as const;

export type Category = keyof typeof CATEGORIES;
export type PlaceType = keyof typeof PLACE_TYPES;

export const CATEGORY_KEYS = Object.keys(CATEGORIES) as [Category, ...Category[]];
export const PLACE_TYPE_KEYS = Object.keys(PLACE_TYPES) as [PlaceType, ...PlaceType[]];

/** Plain-words hints shown beside each category on the complaint form. */
export const CATEGORY_HINTS: Record<Category, string> = {
  dust: '工地、道路、料堆、渣土车等产生的灰尘',
  flue_gas: '烟囱、锅炉、窑炉冒出的黑烟或异味气体',
  cooking_fumes: '饭店、烧烤等排出的油烟',
  coal_burning: '在禁燃区烧散煤',
  straw_burning: '焚烧秸秆、树叶或垃圾',
  sewage: '向河道、沟渠或地面倾倒、排放污水',
  garbage: '乱倒、乱堆生活或建筑垃圾',
  noise: '施工、生产或生活中的扰民噪声',
  other: '以上都不是的环境问题',
};
