import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../app/api';
import { type Me, useAuth } from '../../app/auth';
import { canSee, navFor } from '../../app/nav';
import { AuthFrame } from './auth-frame';

type Values = { username: string; password: string };

/** Where to go after login: only paths inside this app (never a URL handed in by a link) that this user may open. */
function safeTarget(from: string | null, me: Me): string {
  if (!from?.startsWith('/') || from.startsWith('//')) return '/';
  const item = navFor(from.split('?')[0]);
  return item && canSee(me, item) ? from : '/';
}

export function LoginPage() {
  const { me, login, mustChangePassword, sessionNotice } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (me) return <Navigate to={mustChangePassword ? '/password' : safeTarget(params.get('from'), me)} replace />;

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const m = await login(v.username.trim(), v.password);
      navigate(m.mustChangePassword ? '/password' : safeTarget(params.get('from'), m), { replace: true });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title="账号登录">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
      {!error && sessionNotice && <Alert type="warning" showIcon title={sessionNotice} style={{ marginBottom: 16 }} />}
      <Form<Values> layout="vertical" onFinish={submit} requiredMark={false} size="large" autoComplete="on">
        <Form.Item name="username" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
          <Input prefix={<UserOutlined />} placeholder="用户名" autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item name="password" rules={[{ required: true, message: '请输入密码' }]}>
          <Input.Password prefix={<LockOutlined />} placeholder="密码" autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          登录
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16, marginBottom: 0 }}>
        演示账号：admin(系统管理员)、county_center、town_center(综治中心)、grid_worker(网格员)等，演示账号密码 Demo@2026
      </Typography.Paragraph>
    </AuthFrame>
  );
}
