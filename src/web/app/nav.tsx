/**
 * THE menu and route table of the console. A new module adds one entry here: its path, Chinese label,
 * icon, who may see it (permission and/or roles) and its lazily loaded page. The side menu, the
 * breadcrumb, the route guard and the 工作台 cards are all derived from this list.
 */
import {
  ApartmentOutlined,
  AuditOutlined,
  HomeOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';
import type { Permission, Role } from '../../domain/roles';
import type { Me } from './auth';

type Page = LazyExoticComponent<ComponentType>;

/** Loads a named export as a lazy page: each page is its own chunk. */
function page<M>(load: () => Promise<M>, pick: (m: M) => ComponentType): Page {
  return lazy(() => load().then((m) => ({ default: pick(m) })));
}

export type NavGroup = { key: string; label: string; icon: ReactNode };

export const NAV_GROUPS: NavGroup[] = [{ key: 'system', label: '系统管理', icon: <SafetyCertificateOutlined /> }];

export type NavItem = {
  /** absolute path; the page also owns every path below it (e.g. /areas/…) */
  path: string;
  label: string;
  icon: ReactNode;
  /** one line for the 工作台 card */
  description?: string;
  /** visible when the user has this permission … */
  permission?: Permission;
  /** … and (when given) one of these roles */
  roles?: Role[];
  /** shown inside a sub-menu of NAV_GROUPS */
  group?: string;
  page: Page;
};

export const NAV: NavItem[] = [
  {
    path: '/',
    label: '工作台',
    icon: <HomeOutlined />,
    page: page(() => import('../pages/console/home'), (m) => m.HomePage),
  },
  {
    path: '/areas',
    label: '区划与网格',
    icon: <ApartmentOutlined />,
    description: '区划树、网格边界、责任人与群防群治力量',
    permission: 'area:read',
    // workers and cadres see their area on the mobile pages; the console tree is for the centre and admin
    roles: ['admin', 'center_staff'],
    page: page(() => import('../pages/console/areas'), (m) => m.AreasPage),
  },
  {
    path: '/users',
    label: '用户与权限',
    icon: <TeamOutlined />,
    description: '账号、角色、管辖区域与所属部门',
    permission: 'user:manage',
    group: 'system',
    page: page(() => import('../pages/console/users'), (m) => m.UsersPage),
  },
  {
    path: '/audit',
    label: '审计日志',
    icon: <AuditOutlined />,
    description: '操作留痕与哈希链校验',
    permission: 'audit:read',
    group: 'system',
    page: page(() => import('../pages/console/audit'), (m) => m.AuditPage),
  },
  {
    path: '/settings',
    label: '系统设置',
    icon: <SettingOutlined />,
    description: '地图底图等系统参数',
    roles: ['admin'],
    group: 'system',
    page: page(() => import('../pages/console/settings'), (m) => m.SettingsPage),
  },
];

/**
 * Full-screen pages outside the console layout (still behind the login): the worker's mobile pages
 * (/m/worker), the resident H5 (/m) and the wall dashboard (/dashboard) go here.
 */
export type StandaloneRoute = { path: string; permission?: Permission; roles?: Role[]; page: Page };
export const STANDALONE: StandaloneRoute[] = [];

export function canSee(me: Me | null | undefined, item: { permission?: Permission; roles?: Role[] }): boolean {
  if (!me) return false;
  if (item.permission && !me.permissions.includes(item.permission)) return false;
  if (item.roles && !me.roles.some((r) => (item.roles as string[]).includes(r))) return false;
  return true;
}

export function visibleNav(me: Me | null | undefined): NavItem[] {
  return NAV.filter((n) => canSee(me, n));
}

/** The entry that owns a location: the longest path that is a prefix of it. */
export function navFor(pathname: string): NavItem | undefined {
  let best: NavItem | undefined;
  for (const n of NAV) {
    const owns = n.path === '/' ? pathname === '/' : pathname === n.path || pathname.startsWith(`${n.path}/`);
    if (owns && (!best || n.path.length > best.path.length)) best = n;
  }
  return best;
}
