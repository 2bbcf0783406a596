/** 重点人群 categories (seed 001 六类重点人员, plus 三失一偏 of seed 004) and the helper-team posts (五帮一). */
export type SpecialCategory = 'released' | 'correction' | 'mental' | 'petition' | 'cult' | 'drug' | 'three_one';

export const SPECIAL_CATEGORIES: readonly SpecialCategory[] = [
  'released',
  'correction',
  'mental',
  'petition',
  'cult',
  'drug',
  'three_one',
];

export const SPECIAL_CATEGORY_LABEL: Record<SpecialCategory, string> = {
  released: '刑满释放(安置帮教)',
  correction: '社区矫正',
  mental: '严重精神障碍患者',
  petition: '信访重点人员',
  cult: '涉邪教人员',
  drug: '吸毒人员',
  three_one: '三失一偏',
};

export type HelperRole = 'guardian' | 'village_cadre' | 'doctor' | 'police' | 'grid_worker' | 'other';

export const HELPER_ROLES: readonly HelperRole[] = ['guardian', 'village_cadre', 'doctor', 'police', 'grid_worker', 'other'];

export const HELPER_ROLE_LABEL: Record<HelperRole, string> = {
  guardian: '监护人',
  village_cadre: '村干部',
  doctor: '精防医生',
  police: '民警',
  grid_worker: '网格员',
  other: '其他帮扶人',
};

/** 严重精神障碍 risk levels (国家基本公共卫生服务规范), DESIGN §6. */
export const MENTAL_RISK_LABEL: readonly string[] = [
  '0级：无符合以下1-5级中的任何行为',
  '1级：口头威胁，喊叫，但没有打砸行为',
  '2级：打砸行为，局限在家里，针对财物，能被劝说制止',
  '3级：明显打砸行为，不分场合，针对财物，不能接受劝说而停止',
  '4级：持续的打砸行为，不分场合，针对财物或人，不能接受劝说而停止(包括自伤、自杀)',
  '5级：持械针对人的任何暴力行为，或者纵火、爆炸等行为',
];

/** 实有人口 tags (DESIGN §6); free tags are refused so that counts stay meaningful. */
export const PERSON_TAGS: readonly string[] = [
  '党员',
  '党员中心户',
  '退役军人',
  '低保',
  '特困供养',
  '残疾',
  '独居老人',
  '空巢老人',
  '留守儿童',
  '困难家庭',
  '流动人口',
  '重病患者',
  '治安户长',
  '楼栋长',
];

export const RESIDENCY_KINDS: readonly string[] = ['户籍', '流动', '寄住', '境外'];
export const RELATIONS: readonly string[] = ['户主', '配偶', '子女', '父母', '祖父母', '孙子女', '兄弟姐妹', '其他'];
