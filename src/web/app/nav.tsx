/**
 * THE menu and route table of the console. A new module adds one entry here: its path, Chinese label,
 * icon, who may see it (permission and/or roles) and its lazily loaded page. The side menu, the
 * breadcrumb, the route guard and the 工作台 cards are all derived from this list.
 */
import {
  AlertOutlined,
  ApiOutlined,
  ApartmentOutlined,
  AimOutlined,
  FileSearchOutlined,
  FlagOutlined,
  InboxOutlined,
  SolutionOutlined,
  IdcardOutlined,
  UserSwitchOutlined,
  HeartOutlined,
  WarningOutlined,
  ScheduleOutlined,
  CommentOutlined,
  CheckSquareOutlined,
  OrderedListOutlined,
  NotificationOutlined,
  BookOutlined,
  CustomerServiceOutlined,
  AuditOutlined,
  BarChartOutlined,
  FundOutlined,
  HomeOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  VideoCameraOutlined,
  BellOutlined,
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

export const NAV_GROUPS: NavGroup[] = [
  { key: 'cases', label: '事件办理', icon: <AlertOutlined /> },
  { key: 'disputes', label: '矛盾化解', icon: <AuditOutlined /> },
  { key: 'people', label: '人口与走访', icon: <IdcardOutlined /> },
  { key: 'participation', label: '群众参与', icon: <CommentOutlined /> },
  { key: 'risk', label: '风险预警', icon: <AlertOutlined /> },
  { key: 'metrics', label: '考核评价', icon: <BarChartOutlined /> },
  { key: 'system', label: '系统管理', icon: <SafetyCertificateOutlined /> },
];

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
    path: '/cases',
    label: '受理派遣',
    icon: <InboxOutlined />,
    description: '一站式受理，待受理、待派遣、办理中、待核查、超期',
    permission: 'case:intake',
    roles: ['center_staff'],
    group: 'cases',
    page: page(() => import('../pages/console/cases/centre-desk'), (m) => m.CentreCasesPage),
  },
  {
    path: '/disputes',
    label: '矛盾纠纷台账',
    icon: <AuditOutlined />,
    description: '五步工作法：排查、分级化解、部门联调、包案调处、督办代办；调解协议',
    permission: 'case:read',
    roles: ['center_staff', 'village_cadre', 'grid_worker', 'mediator', 'leader'],
    group: 'disputes',
    page: page(() => import('../pages/console/disputes/disputes'), (m) => m.DisputesPage),
  },
  {
    path: '/petitions',
    label: '信访事项',
    icon: <FileSearchOutlined />,
    description: '信访登记、法定期限、复查复核、积案与领导包案',
    permission: 'case:read',
    roles: ['center_staff', 'leader', 'dept_staff', 'village_cadre', 'mediator'],
    group: 'disputes',
    page: page(() => import('../pages/console/petitions/petitions'), (m) => m.PetitionsPage),
  },
  {
    path: '/hotline',
    label: '12345工单',
    icon: <CustomerServiceOutlined />,
    description: '12345工单接收、首接负责、退单审定、回访回传',
    permission: 'case:read',
    roles: ['center_staff', 'leader'],
    group: 'disputes',
    page: page(() => import('../pages/console/hotline/hotline'), (m) => m.HotlinePage),
  },
  {
    path: '/dispute-figures',
    label: '化解工作数据',
    icon: <BarChartOutlined />,
    description: '化解率、办结率、就地化解率、信访按期率、12345满意率(含计算公式)',
    permission: 'case:read',
    roles: ['center_staff', 'leader'],
    group: 'disputes',
    page: page(() => import('../pages/console/disputes/figures'), (m) => m.DisputeFiguresPage),
  },
  {
    path: '/dept-cases',
    label: '部门报到',
    icon: <SolutionOutlined />,
    description: '吹哨派来的事件：报到、退回、处置反馈',
    permission: 'case:handle',
    roles: ['dept_staff'],
    group: 'cases',
    page: page(() => import('../pages/console/cases/dept-desk'), (m) => m.DeptCasesPage),
  },
  {
    path: '/leader-cases',
    label: '包案督办',
    icon: <FlagOutlined />,
    description: '包案事件、督办事件、各村超期情况',
    permission: 'case:supervise',
    roles: ['leader'],
    group: 'cases',
    page: page(() => import('../pages/console/cases/leader-desk'), (m) => m.LeaderCasesPage),
  },
  {
    path: '/my-cases',
    label: '我的事件',
    icon: <AimOutlined />,
    description: '本网格、本村(社区)的事件：上报、就地化解、上报上级',
    permission: 'case:handle',
    roles: ['grid_worker', 'village_cadre'],
    group: 'cases',
    page: page(() => import('../pages/console/cases/grid-desk'), (m) => m.GridCasesPage),
  },
  {
    path: '/my-reports',
    label: '我的上报',
    icon: <FileSearchOutlined />,
    description: '我反映的问题：办理进度与评价',
    permission: 'case:report',
    roles: ['grid_worker', 'village_cadre', 'mediator', 'party_member', 'resident'],
    group: 'cases',
    page: page(() => import('../pages/console/cases/my-reports'), (m) => m.MyReportsPage),
  },
  // —— 人口与走访 (DESIGN §6, §7)
  {
    path: '/people',
    label: '实有人口',
    icon: <IdcardOutlined />,
    description: '人、户、房屋，身份证号脱敏查找，Excel导入导出',
    roles: ['center_staff', 'village_cadre', 'grid_worker', 'leader', 'dept_staff'],
    group: 'people',
    page: page(() => import('../pages/console/people/people'), (m) => m.PeoplePage),
  },
  {
    path: '/special',
    label: '重点人群',
    icon: <WarningOutlined />,
    description: '重点人员分级管控、五帮一帮扶、随访红黄灯',
    permission: 'sensitive',
    group: 'people',
    page: page(() => import('../pages/console/people/special'), (m) => m.SpecialPage),
  },
  {
    path: '/visits',
    label: '入户走访',
    icon: <ScheduleOutlined />,
    description: '走访记录与统计、平安夜访',
    roles: ['grid_worker', 'village_cadre', 'center_staff', 'leader', 'party_member', 'mediator'],
    group: 'people',
    page: page(() => import('../pages/console/people/visits'), (m) => m.VisitsPage),
  },
  {
    path: '/visit-policies',
    label: '访视策略',
    icon: <UserSwitchOutlined />,
    description: '重点人员随访间隔规则',
    permission: 'policy:manage',
    group: 'system',
    page: page(() => import('../pages/console/people/special'), (m) => m.PolicyPage),
  },
  // —— 群众参与 (DESIGN §9)
  {
    path: '/consult',
    label: '议事协商',
    icon: <CommentOutlined />,
    description: '村民说事、议事会议、决定与任务',
    group: 'participation',
    roles: ['center_staff', 'village_cadre', 'grid_worker', 'leader', 'party_member'],
    page: page(() => import('../pages/console/participation/consult'), (m) => m.ConsultPage),
  },
  {
    path: '/votes',
    label: '投票表决',
    icon: <CheckSquareOutlined />,
    description: '法定人数、纸票双人复核、参与率',
    group: 'participation',
    roles: ['center_staff', 'village_cadre', 'grid_worker', 'leader', 'party_member'],
    page: page(() => import('../pages/console/participation/votes'), (m) => m.VotesPage),
  },
  {
    path: '/four-step',
    label: '四议两公开',
    icon: <OrderedListOutlined />,
    description: '提议、商议、审议、决议，决议与结果公开',
    group: 'participation',
    roles: ['center_staff', 'village_cadre', 'leader'],
    page: page(() => import('../pages/console/participation/four-step'), (m) => m.FourStepPage),
  },
  {
    path: '/disclosures',
    label: '三公开',
    icon: <NotificationOutlined />,
    description: '党务、村务、财务公开及逾期提醒',
    group: 'participation',
    roles: ['center_staff', 'village_cadre', 'grid_worker', 'leader', 'party_member'],
    page: page(() => import('../pages/console/participation/disclosures'), (m) => m.DisclosuresPage),
  },
  {
    path: '/volunteers',
    label: '双报到',
    icon: <HeartOutlined />,
    description: '单位与党员报到、志愿服务时长、表彰',
    group: 'participation',
    roles: ['center_staff', 'village_cadre', 'grid_worker', 'leader', 'party_member'],
    page: page(() => import('../pages/console/participation/volunteers'), (m) => m.VolunteersPage),
  },
  {
    path: '/service-orders',
    label: '为民服务',
    icon: <CustomerServiceOutlined />,
    description: '居民点单、社区派单、党员接单、好差评',
    group: 'participation',
    roles: ['center_staff', 'village_cadre', 'leader', 'party_member'],
    page: page(() => import('../pages/console/participation/service-orders'), (m) => m.ServiceOrdersPage),
  },
  {
    path: '/knowledge',
    label: '政策法规',
    icon: <BookOutlined />,
    description: '法律法规、政策文件、村规民约检索',
    group: 'participation',
    roles: ['admin', 'center_staff', 'village_cadre', 'grid_worker', 'leader', 'party_member', 'mediator'],
    page: page(() => import('../pages/console/participation/knowledge'), (m) => m.KnowledgePage),
  },
  // —— 风险预警 (DESIGN §8)
  {
    path: '/risk/warnings',
    label: '预警处置',
    icon: <WarningOutlined />,
    description: '我的待办预警：签收、处置、关闭，超时自动升级',
    roles: ['center_staff', 'grid_worker', 'village_cadre', 'leader'],
    group: 'risk',
    page: page(() => import('../pages/console/risk/warnings'), (m) => m.RiskWarningsPage),
  },
  {
    path: '/risk/map',
    label: '风险地图',
    icon: <AimOutlined />,
    description: '网格风险分布、风险信号清单与周趋势',
    roles: ['center_staff', 'grid_worker', 'village_cadre', 'leader'],
    group: 'risk',
    page: page(() => import('../pages/console/risk/map'), (m) => m.RiskMapPage),
  },
  {
    path: '/risk/weekly',
    label: '一周一结',
    icon: <ScheduleOutlined />,
    description: '网格员每周社情民意与风险信号，未报网格',
    roles: ['center_staff', 'grid_worker', 'village_cadre', 'leader'],
    group: 'risk',
    page: page(() => import('../pages/console/risk/weekly'), (m) => m.RiskWeeklyPage),
  },
  {
    path: '/risk/assessments',
    label: '稳评',
    icon: <FileSearchOutlined />,
    description: '重大决策、重大项目社会稳定风险评估',
    roles: ['center_staff', 'leader', 'village_cadre'],
    group: 'risk',
    page: page(() => import('../pages/console/risk/assessments'), (m) => m.RiskAssessmentsPage),
  },
  {
    path: '/risk/rules',
    label: '预警规则',
    icon: <SettingOutlined />,
    description: '预警规则参数与分级签收时限',
    roles: ['admin', 'center_staff', 'leader'],
    group: 'risk',
    page: page(() => import('../pages/console/risk/rules'), (m) => m.RiskRulesPage),
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
    path: '/notifications',
    label: '消息通知',
    icon: <BellOutlined />,
    description: '外部渠道发送记录与重发、通知渠道设置、我的接收设置',
    page: page(() => import('../pages/console/notifications/notifications'), (m) => m.NotificationsPage),
  },
  {
    path: '/cameras',
    label: '视频点位',
    icon: <VideoCameraOutlined />,
    description: '雪亮工程视频点位：按网格分布、地图、视频平台链接',
    permission: 'area:read',
    roles: ['admin', 'center_staff', 'village_cadre', 'grid_worker', 'leader'],
    group: 'risk',
    page: page(() => import('../pages/console/cameras/cameras'), (m) => m.CamerasPage),
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
  {
    path: '/integrations',
    label: '接口与密钥',
    icon: <ApiOutlined />,
    description: '其他系统接入：API密钥(Open311、事件查询、事件订阅推送)',
    permission: 'user:manage',
    group: 'system',
    page: page(() => import('../pages/console/integrations/integrations'), (m) => m.IntegrationsPage),
  },
  {
    path: '/metrics/ranking',
    label: '考核排名',
    icon: <FundOutlined />,
    description: '一月一排名、一季一考核：指标、公式、分子分母与穿透明细',
    roles: ['center_staff', 'leader', 'village_cadre'],
    group: 'metrics',
    page: page(() => import('../pages/console/metrics/ranking'), (m) => m.RankingPage),
  },
  {
    path: '/metrics/report',
    label: '月度报告',
    icon: <BarChartOutlined />,
    description: '月度平安建设报告：可打印、可导出Excel',
    roles: ['center_staff', 'leader', 'village_cadre'],
    group: 'metrics',
    page: page(() => import('../pages/console/metrics/report'), (m) => m.ReportPage),
  },
  {
    path: '/security',
    label: '账号安全',
    icon: <SafetyCertificateOutlined />,
    description: '双因素认证(动态验证码)、恢复码与登录会话',
    page: page(() => import('../pages/console/security/security'), (m) => m.SecurityPage),
  },
];

/**
 * Full-screen pages outside the console layout (still behind the login): the worker's mobile pages
 * (/m/worker), the resident H5 (/m) and the wall dashboard (/dashboard) go here.
 */
export type StandaloneRoute = { path: string; permission?: Permission; roles?: Role[]; page: Page };
export const STANDALONE: StandaloneRoute[] = [
  { path: '/dashboard', roles: ['center_staff', 'leader', 'village_cadre'], page: page(() => import('../pages/dashboard/dashboard'), (m) => m.DashboardPage) },
];

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
