/** Roles and what each may do (DESIGN §1, §3). Permissions are coarse verbs checked by the access module. */
export type Role =
  | 'admin'
  | 'center_staff'
  | 'grid_worker'
  | 'village_cadre'
  | 'dept_staff'
  | 'mediator'
  | 'leader'
  | 'party_member'
  | 'resident';

export const ROLES: readonly Role[] = [
  'admin',
  'center_staff',
  'grid_worker',
  'village_cadre',
  'dept_staff',
  'mediator',
  'leader',
  'party_member',
  'resident',
];

export const ROLE_LABEL: Record<Role, string> = {
  admin: '系统管理员',
  center_staff: '综治中心工作人员',
  grid_worker: '网格员',
  village_cadre: '村(社区)干部',
  dept_staff: '职能部门',
  mediator: '调解员',
  leader: '包抓领导',
  party_member: '党员/志愿者',
  resident: '群众',
};

export type Permission =
  | 'area:read'
  | 'area:manage'
  | 'user:manage'
  | 'audit:read'
  | 'case:read'
  | 'case:report'
  | 'case:intake'
  | 'case:dispatch'
  | 'case:handle'
  | 'case:supervise'
  | 'policy:manage'
  | 'sensitive'
  /** machine clients only (API keys with the webhooks:manage scope): no person's role holds it */
  | 'webhook:manage';

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ['area:read', 'area:manage', 'user:manage', 'audit:read', 'policy:manage'],
  center_staff: ['area:read', 'area:manage', 'case:read', 'case:report', 'case:intake', 'case:dispatch', 'case:supervise', 'sensitive'],
  grid_worker: ['area:read', 'case:read', 'case:report', 'case:handle'],
  village_cadre: ['area:read', 'case:read', 'case:report', 'case:handle'],
  dept_staff: ['area:read', 'case:read', 'case:handle'],
  mediator: ['area:read', 'case:read', 'case:report', 'case:handle'],
  leader: ['area:read', 'case:read', 'case:supervise', 'sensitive'],
  party_member: ['area:read', 'case:report'],
  resident: ['case:report'],
};

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((r) => ROLE_PERMISSIONS[r] ?? []));
}
