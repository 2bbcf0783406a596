/**
 * People, special populations and visits: request/response shapes shared by the server and the web,
 * and the per-category details of 重点人员 as zod schemas (validated JSON, DESIGN §6).
 */
import { z } from 'zod';
import { HELPER_ROLES, SPECIAL_CATEGORIES, type SpecialCategory } from '../domain/people/categories';

const dateStr = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为YYYY-MM-DD');
const short = z.string().trim().max(200);

/** 严重精神障碍患者: diagnosis, risk handled by riskLevel, treatment, guardian, 监护协议. */
export const mentalDetails = z.object({
  diagnosis: z.enum(['精神分裂症', '分裂情感性障碍', '偏执性精神病', '双相(情感)障碍', '癫痫所致精神障碍', '精神发育迟滞伴发精神障碍', '其他']),
  treatment: z.enum(['规律服药', '间断服药', '未服药', '住院治疗']).optional(),
  guardianName: short.optional(),
  guardianRelation: short.optional(),
  guardianshipAgreement: z.boolean().default(false),
  agreementDate: dateStr.optional(),
  archived: z.boolean().default(false).describe('已建立《监护档案》'),
  hospitalised: z.boolean().default(false),
});

/** 社区矫正: 矫正类别 and period. */
export const correctionDetails = z.object({
  correctionType: z.enum(['管制', '缓刑', '假释', '暂予监外执行']),
  periodStart: dateStr,
  periodEnd: dateStr,
  crime: short.optional(),
  supervisor: short.optional().describe('司法所负责人'),
});

/** 刑满释放 (安置帮教): original offence, release date, 安置帮教情况. */
export const releasedDetails = z.object({
  originalOffence: short,
  releaseDate: dateStr,
  sentence: short.optional(),
  resettlement: z.enum(['已安置', '未安置', '自主就业', '其他']).optional(),
  helpGroup: z.boolean().default(false).describe('已建立帮教小组'),
});

export const petitionDetails = z.object({
  matter: short,
  firstPetitionDate: dateStr.optional(),
  petitionCount: z.number().int().min(0).max(10_000).optional(),
  ownedBy: short.optional().describe('包案领导'),
});

export const cultDetails = z.object({
  organisation: short.optional(),
  transformed: z.boolean().default(false).describe('已转化'),
});

export const drugDetails = z.object({
  drugType: short.optional(),
  control: z.enum(['社区戒毒', '社区康复', '强制隔离戒毒后', '自愿戒毒', '其他']).optional(),
  lastTestDate: dateStr.optional(),
});

export const threeOneDetails = z.object({
  kinds: z.array(z.enum(['失意', '失业', '失婚', '心理失衡', '偏执'])).min(1),
  situation: short.optional(),
});

export const SPECIAL_DETAILS: Record<SpecialCategory, z.ZodType<Record<string, unknown>>> = {
  mental: mentalDetails,
  correction: correctionDetails,
  released: releasedDetails,
  petition: petitionDetails,
  cult: cultDetails,
  drug: drugDetails,
  three_one: threeOneDetails,
};

export const specialCategory = z.enum(SPECIAL_CATEGORIES as [SpecialCategory, ...SpecialCategory[]]);
export const helperRole = z.enum(HELPER_ROLES as [string, ...string[]]);

export const helperMemberInput = z.object({
  role: helperRole,
  name: z.string().trim().min(1).max(64),
  userId: z.number().int().positive().nullable().optional(),
  phone: z.string().trim().max(20).optional(),
});
export type HelperMemberInput = z.infer<typeof helperMemberInput>;

export const helperMemberView = z.object({
  id: z.number(),
  role: z.string(),
  roleLabel: z.string(),
  name: z.string(),
  userId: z.number().nullable(),
  phoneMasked: z.string().nullable(),
});

export const personView = z.object({
  id: z.number(),
  areaCode: z.string(),
  areaName: z.string().nullable(),
  householdId: z.number().nullable(),
  householdNo: z.string().nullable(),
  name: z.string(),
  gender: z.string().nullable(),
  birthDate: z.string().nullable(),
  idCardMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  relation: z.string().nullable(),
  residency: z.string(),
  tags: z.array(z.string()),
  status: z.string(),
  version: z.number(),
});
export type PersonView = z.infer<typeof personView>;

export const personInput = z.object({
  areaCode: z.string().regex(/^\d{15}(\d{3})?$/, '请选择网格'),
  householdId: z.number().int().positive().nullable().optional(),
  name: z.string().trim().min(1).max(64),
  gender: z.enum(['男', '女']).optional(),
  idCard: z.string().trim().max(18).optional(),
  phone: z.string().trim().max(20).optional(),
  relation: z.string().max(16).optional(),
  residency: z.string().max(16).optional(),
  tags: z.array(z.string().max(16)).max(20).optional(),
});

export const moveView = z.object({
  id: z.number(),
  kind: z.string(),
  fromArea: z.string().nullable(),
  toArea: z.string().nullable(),
  reason: z.string().nullable(),
  at: z.string(),
});

export const householdView = z.object({
  id: z.number(),
  areaCode: z.string(),
  areaName: z.string().nullable(),
  householdNo: z.string(),
  address: z.string().nullable(),
  headName: z.string().nullable(),
  houseId: z.number().nullable(),
  tags: z.array(z.string()),
  members: z.number(),
  version: z.number(),
});

export const specialPersonView = z.object({
  id: z.number(),
  personId: z.number(),
  personName: z.string(),
  idCardMasked: z.string().nullable(),
  areaCode: z.string(),
  areaName: z.string().nullable(),
  category: z.string(),
  categoryLabel: z.string(),
  riskLevel: z.number(),
  status: z.string(),
  lastVisitAt: z.string().nullable(),
  nextVisitDue: z.string().nullable(),
  dueStatus: z.enum(['overdue', 'due_soon', 'scheduled']).nullable(),
  version: z.number(),
});
export type SpecialPersonView = z.infer<typeof specialPersonView>;

export const visitPolicyView = z.object({
  category: specialCategory,
  minLevel: z.number().int().min(0).max(5),
  maxLevel: z.number().int().min(0).max(5),
  intervalDays: z.number().int().min(1).max(366),
  notifyPolice: z.boolean(),
  referral: z.boolean(),
  note: z.string().max(200).nullable().optional(),
});

export const visitView = z.object({
  id: z.number(),
  areaCode: z.string(),
  areaName: z.string().nullable(),
  householdId: z.number().nullable(),
  householdNo: z.string().nullable(),
  specialPersonId: z.number().nullable(),
  campaignId: z.number().nullable(),
  visitedAt: z.string(),
  visitorId: z.number(),
  visitorName: z.string(),
  peopleMet: z.number(),
  findings: z.string().nullable(),
  photos: z.array(z.string()),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  caseId: z.number().nullable(),
});

/** Why a 身份证号 is refused (domain/id-card.ts validateIdCard), worded the same on the server and in the forms. */
export const ID_CARD_PROBLEM_TEXT = {
  format: '身份证号应为18位数字(最后一位可为X)',
  birthDate: '身份证号中的出生日期不存在',
  checkDigit: '身份证号校验位不正确',
} as const;

/** Mobile or landline numbers accepted for residents and helpers. */
export const PHONE_RE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

/** A staff member offered by the pickers (五帮一 team, 平安夜访 participants): no contact data. */
export const staffView = z.object({
  id: z.number(),
  displayName: z.string(),
  roles: z.array(z.string()),
  roleLabels: z.array(z.string()),
  areaCode: z.string().nullable(),
  areaName: z.string().nullable(),
  departmentName: z.string().nullable(),
});
export type StaffView = z.infer<typeof staffView>;

export const importErrorView = z.object({ row: z.number(), column: z.string(), reason: z.string() });
export type ImportError = z.infer<typeof importErrorView>;

/** Columns of the household workbook, in order (the template's header row). */
export const IMPORT_COLUMNS = ['网格编码', '户号', '姓名', '性别', '身份证号', '手机号', '与户主关系', '户籍类型', '标签', '住址'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
