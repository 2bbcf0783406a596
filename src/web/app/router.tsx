import { Button, Result } from 'antd';
import { type ComponentType, type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Navigate, Outlet, type RouteObject, useLocation, useNavigate } from 'react-router-dom';
import { ChangePasswordPage } from '../pages/auth/change-password';
import { LoginPage } from '../pages/auth/login';
import { useAuth } from './auth';
import { PageLoading } from '../ui/page-loading';
import { ConsoleLayout } from './layout';
import { canSee, NAV, type NavItem, STANDALONE, type StandaloneRoute } from './nav';

/** Logged in, with the initial password changed; otherwise to the login or the change-password page. */
function RequireSession({ children }: { children: ReactNode }) {
  const { me, mustChangePassword, loggedOut } = useAuth();
  const location = useLocation();
  if (me === undefined) return <PageLoading />;
  if (me === null) {
    // a deep link or an expired session comes back to the same page after login; a logout does not
    const from = location.pathname + location.search;
    return <Navigate to={from === '/' || loggedOut ? '/login' : `/login?from=${encodeURIComponent(from)}`} replace />;
  }
  if (mustChangePassword) return <Navigate to="/password" replace />;
  return <>{children}</>;
}

export function Forbidden() {
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title="无权访问"
      subTitle="您的角色没有使用此功能的权限，如需开通请联系系统管理员。"
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          返回工作台
        </Button>
      }
    />
  );
}

function NotFound() {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="您访问的页面不存在或已被移除。"
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          返回工作台
        </Button>
      }
    />
  );
}

function Guarded({ item, Page }: { item: NavItem | StandaloneRoute; Page: ComponentType }) {
  const { me } = useAuth();
  if (!canSee(me, item)) return <Forbidden />;
  return (
    <Suspense fallback={<PageLoading />}>
      <Page />
    </Suspense>
  );
}

function childPath(path: string): string {
  return path.replace(/^\//, '');
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/password', element: <ChangePasswordPage /> },
  ...STANDALONE.map((r) => ({
    path: r.path,
    element: (
      <RequireSession>
        <Guarded item={r} Page={r.page} />
      </RequireSession>
    ),
  })),
  {
    path: '/',
    element: (
      <RequireSession>
        <ConsoleLayout>
          <Outlet />
        </ConsoleLayout>
      </RequireSession>
    ),
    children: [
      ...NAV.map(
        (item): RouteObject =>
          item.path === '/'
            ? { index: true, element: <Guarded item={item} Page={item.page} /> }
            : // `areas/*` matches /areas and everything below it
              { path: `${childPath(item.path)}/*`, element: <Guarded item={item} Page={item.page} /> },
      ),
      { path: '*', element: <NotFound /> },
    ],
  },
]);
