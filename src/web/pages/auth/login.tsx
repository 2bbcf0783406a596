import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import type { TotpEnrolment } from '../../../contracts/auth';
import { ApiError, api, errorMessage } from '../../app/api';
import { type Me, useAuth } from '../../app/auth';
import { canSee, navFor } from '../../app/nav';
import { RecoveryCodes, TotpSetup } from '../console/security/totp-setup';
import { AuthFrame } from './auth-frame';

type Values = { username: string; password: string };

/** Where to go after login: only paths inside this app (never a URL handed in by a link) that this user may open. */
function safeTarget(from: string | null, me: Me): string {
  if (!from?.startsWith('/') || from.startsWith('//')) return '/';
  const item = navFor(from.split('?')[0]);
  return item && canSee(me, item) ? from : '/';
}

/** password → (code from the authenticator app | first binding of one, then the recovery codes) → the console */
type Step =
  | { kind: 'password' }
  | { kind: 'totp'; username: string }
  | { kind: 'enrol'; username: string; enrolment: TotpEnrolment | null }
  | { kind: 'codes'; me: Me; codes: string[] };

export function LoginPage() {
  const { me, login, verifySecondFactor, adopt, mustChangePassword, sessionNotice } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState<Step>({ kind: 'password' });

  if (me) return <Navigate to={mustChangePassword ? '/password' : safeTarget(params.get('from'), me)} replace />;

  const enter = (m: Me) => navigate(m.mustChangePassword ? '/password' : safeTarget(params.get('from'), m), { replace: true });

  /** a login step that timed out goes back to the password */
  const fail = (e: unknown) => {
    setError(errorMessage(e));
    if (e instanceof ApiError && e.code === 'LOGIN_STEP_EXPIRED') setStep({ kind: 'password' });
  };

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const r = await login(v.username.trim(), v.password);
      if (!('secondFactor' in r)) enter(r);
      else if (r.secondFactor === 'totp') setStep({ kind: 'totp', username: v.username.trim() });
      else {
        setStep({ kind: 'enrol', username: v.username.trim(), enrolment: null });
        const enrolment = await api.post<TotpEnrolment>('/api/auth/totp/enrolment');
        setStep({ kind: 'enrol', username: v.username.trim(), enrolment });
      }
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const submitCode = async (v: { code: string }) => {
    setBusy(true);
    setError(null);
    try {
      enter(await verifySecondFactor(v.code.trim()));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const confirmEnrolment = async (code: string) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ me: Me; recoveryCodes: string[] }>('/api/auth/totp/enrolment/confirm', { code });
      setStep({ kind: 'codes', me: r.me, codes: r.recoveryCodes });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const errorBox = error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />;
  const back = (
    <Button type="link" style={{ padding: 0, marginTop: 12 }} onClick={() => setStep({ kind: 'password' })}>
      返回重新登录
    </Button>
  );

  if (step.kind === 'totp') {
    return (
      <AuthFrame title="动态验证码">
        {errorBox}
        <Typography.Paragraph>
          账号 <b>{step.username}</b> 已开启双因素认证，请输入身份验证器上显示的6位验证码。
        </Typography.Paragraph>
        <Form layout="vertical" onFinish={submitCode} requiredMark={false} size="large">
          <Form.Item name="code" rules={[{ required: true, whitespace: true, message: '请输入验证码或恢复码' }]}>
            <Input prefix={<SafetyOutlined />} placeholder="6位验证码" inputMode="numeric" autoComplete="one-time-code" autoFocus data-testid="totp-code" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            验证并登录
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16, marginBottom: 0 }}>
          手机不在身边？可在上面输入一个恢复码(如 K7QX-3MZP-2H)，每个恢复码只能使用一次。
        </Typography.Paragraph>
        {back}
      </AuthFrame>
    );
  }

  if (step.kind === 'enrol') {
    return (
      <AuthFrame title="绑定动态验证码">
        {errorBox}
        <Alert type="info" showIcon title="按照安全规定，您的账号须开启双因素认证后才能登录" style={{ marginBottom: 16 }} />
        {step.enrolment ? <TotpSetup enrolment={step.enrolment} busy={busy} onConfirm={confirmEnrolment} /> : <Typography.Text>正在生成密钥…</Typography.Text>}
        {back}
      </AuthFrame>
    );
  }

  if (step.kind === 'codes') {
    return (
      <AuthFrame title="绑定成功">
        <RecoveryCodes
          codes={step.codes}
          account={step.me.username}
          onDone={() => {
            adopt(step.me);
            enter(step.me);
          }}
        />
      </AuthFrame>
    );
  }

  return (
    <AuthFrame title="账号登录">
      {errorBox}
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
