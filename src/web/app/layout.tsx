import {
  BellOutlined,
  EnvironmentOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  SafetyCertificateOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { App, Avatar, Badge, Breadcrumb, Button, Dropdown, Empty, Layout, List, Menu, type MenuProps, Popover, Space, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { api, type Page } from './api';
import { scopeNames, useAuth, useMe } from './auth';
import { NAV_GROUPS, navFor, visibleNav } from './nav';

const { Sider, Header, Content } = Layout;

export type Crumb = { title: string; path?: string };

/** Pages add their own crumbs below the menu entry (e.g. the selected area's path). */
const CrumbContext = createContext<(crumbs: Crumb[]) => void>(() => {});

export function usePageCrumbs(crumbs: Crumb[]): void {
  const set = useContext(CrumbContext);
  const key = JSON.stringify(crumbs);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the serialised key is the dependency
  useEffect(() => {
    set(crumbs);
    return () => set([]);
  }, [key, set]);
}

function BrandMark({ collapsed }: { collapsed: boolean }) {
  return (
    <Link to="/" className="fq-brand" aria-label="枫桥 · 基层社会治理平台">
      <span className="fq-brand-mark">枫</span>
      {!collapsed && (
        <span>
          <div className="fq-brand-name">枫桥</div>
          <div className="fq-brand-sub">基层社会治理平台</div>
        </span>
      )}
    </Link>
  );
}

type Notice = { id: number; kind: string; title: string; body: string | null; link: string | null; createdAt: string; readAt: string | null };

function Notices() {
  const navigate = useNavigate();
  const [unread, setUnread] = useState(0);
  const [items, setItems] = useState<Notice[] | null>(null);

  const load = useCallback(async () => {
    const res = await api.get<Page<Notice> & { unread: number }>('/api/notifications', { pageSize: 8 });
    setItems(res.items);
    setUnread(res.unread);
  }, []);

  useEffect(() => {
    load().catch(() => {});
    const timer = window.setInterval(() => load().catch(() => {}), 60_000);
    return () => window.clearInterval(timer);
  }, [load]);

  const open = async (n: Notice) => {
    if (!n.readAt) await api.post(`/api/notifications/${n.id}/read`).catch(() => {});
    await load().catch(() => {});
    if (n.link?.startsWith('/')) navigate(n.link);
  };

  const content = (
    <div style={{ width: 320 }}>
      {items && items.length > 0 ? (
        <List
          size="small"
          dataSource={items}
          renderItem={(n) => (
            <List.Item style={{ cursor: 'pointer' }} onClick={() => open(n)}>
              <List.Item.Meta
                title={
                  <Space>
                    {!n.readAt && <Badge status="processing" />}
                    <span>{n.title}</span>
                  </Space>
                }
                description={
                  <>
                    {n.body && <div>{n.body}</div>}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无消息" />
      )}
    </div>
  );
  return (
    <Popover content={content} title="消息通知" trigger="click" placement="bottomRight" onOpenChange={(o) => o && load().catch(() => {})}>
      <Badge count={unread} size="small" offset={[-4, 4]}>
        <Button type="text" icon={<BellOutlined />} aria-label="消息通知" />
      </Badge>
    </Popover>
  );
}

export function ConsoleLayout({ children }: { children: ReactNode }) {
  const me = useMe();
  const { logout } = useAuth();
  const { message } = App.useApp();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  const [pageCrumbs, setPageCrumbs] = useState<Crumb[]>([]);

  const nav = useMemo(() => visibleNav(me), [me]);
  const current = navFor(location.pathname);

  const menuItems = useMemo<MenuProps['items']>(() => {
    type Entry = { key: string; icon: ReactNode; label: ReactNode; children?: Entry[] };
    const out: Entry[] = [];
    for (const n of nav) {
      const entry: Entry = { key: n.path, icon: n.icon, label: <Link to={n.path}>{n.label}</Link> };
      const g = n.group ? NAV_GROUPS.find((x) => x.key === n.group) : undefined;
      if (!g) {
        out.push(entry);
        continue;
      }
      let sub = out.find((x) => x.key === `group:${g.key}`);
      if (!sub) {
        sub = { key: `group:${g.key}`, icon: g.icon, label: g.label, children: [] };
        out.push(sub);
      }
      sub.children?.push(entry);
    }
    return out;
  }, [nav]);

  const group = current?.group ? NAV_GROUPS.find((g) => g.key === current.group) : undefined;
  const crumbs = [
    { title: <Link to="/">工作台</Link> },
    ...(current && current.path !== '/'
      ? [
          ...(group ? [{ title: group.label }] : []),
          { title: pageCrumbs.length ? <Link to={current.path}>{current.label}</Link> : current.label },
        ]
      : []),
    ...pageCrumbs.map((c, i) => ({
      title: c.path && i < pageCrumbs.length - 1 ? <Link to={c.path}>{c.title}</Link> : c.title,
    })),
  ];

  const doLogout = async () => {
    await logout();
    message.success('已退出登录');
    navigate('/login', { replace: true });
  };

  const userMenu: MenuProps = {
    items: [
      { key: 'password', icon: <KeyOutlined />, label: '修改密码' },
      { key: 'security', icon: <SafetyCertificateOutlined />, label: '账号安全' },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: '退出登录' },
    ],
    onClick: ({ key }) => {
      if (key === 'password') navigate('/password');
      if (key === 'security') navigate('/security');
      if (key === 'logout') doLogout();
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider width={224} collapsible collapsed={collapsed} onCollapse={setCollapsed} trigger={null} breakpoint="lg">
        <BrandMark collapsed={collapsed} />
        <Menu
          theme="dark"
          mode="inline"
          items={menuItems}
          selectedKeys={current ? [current.path] : []}
          defaultOpenKeys={NAV_GROUPS.map((g) => `group:${g.key}`)}
          style={{ borderInlineEnd: 0, marginTop: 8 }}
        />
      </Sider>
      <Layout>
        <Header style={{ display: 'flex', alignItems: 'center', gap: 16, borderBottom: '1px solid #e8e8e8' }}>
          <Button
            type="text"
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={() => setCollapsed(!collapsed)}
            aria-label={collapsed ? '展开菜单' : '收起菜单'}
          />
          <div style={{ flex: 1 }} />
          <Space size={16} data-testid="header-user">
            <Tooltip title="管辖区域">
              <Space size={4} data-testid="header-scope">
                <EnvironmentOutlined style={{ color: '#a8071a' }} />
                <span>{scopeNames(me)}</span>
              </Space>
            </Tooltip>
            <span data-testid="header-roles">
              {me.roleLabels.map((r) => (
                <Tag key={r} color="red" variant="outlined" style={{ marginInlineEnd: 4 }}>
                  {r}
                </Tag>
              ))}
              {me.department && <Tag>{me.department.name}</Tag>}
            </span>
            <Notices />
            <Dropdown menu={userMenu} placement="bottomRight">
              <Space size={6} style={{ cursor: 'pointer' }}>
                <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1d4f91' }} />
                <span>{me.displayName}</span>
              </Space>
            </Dropdown>
            <Button type="text" icon={<LogoutOutlined />} onClick={doLogout}>
              退出
            </Button>
          </Space>
        </Header>
        <Content style={{ padding: '12px 20px 24px' }}>
          <Breadcrumb items={crumbs} style={{ marginBottom: 12 }} />
          <CrumbContext.Provider value={setPageCrumbs}>{children}</CrumbContext.Provider>
        </Content>
      </Layout>
    </Layout>
  );
}
