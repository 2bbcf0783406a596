/** The default 事件分类 code table; administrators edit it through /api/case-categories. */
export type CategorySeed = { code: string; name: string; sortOrder: number };

export const DEFAULT_EVENT_CATEGORIES: readonly CategorySeed[] = [
  { code: 'public_security', name: '治安隐患', sortOrder: 10 },
  { code: 'safety_hazard', name: '安全隐患', sortOrder: 20 },
  { code: 'dispute_lead', name: '矛盾纠纷线索', sortOrder: 30 },
  { code: 'sanitation', name: '环境卫生', sortOrder: 40 },
  { code: 'municipal', name: '市政设施', sortOrder: 50 },
  { code: 'livelihood', name: '民生诉求', sortOrder: 60 },
  { code: 'policy_inquiry', name: '政策咨询', sortOrder: 70 },
  { code: 'special_population', name: '特殊人群动态', sortOrder: 80 },
  { code: 'other', name: '其他', sortOrder: 90 },
];
