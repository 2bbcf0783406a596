/** Pieces both phone apps use: the sign-in form and the connection banner. */
import { type FormEvent, useState } from 'react';
import { ApiError, type Me, post } from './api';
import { Button, Card, ErrorText, Field } from './ui';

export function LoginForm({ intro, onDone }: { intro: string; onDone: (me: Me) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // the second step of an account with an authenticator app (code or recovery code)
  const [code, setCode] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r =
        code === null
          ? await post<Me | { secondFactor: 'totp' | 'enrol' }>('/api/auth/login', { username: username.trim(), password })
          : await post<Me>('/api/auth/totp', { code: code.trim() });
      if ('secondFactor' in r) {
        if (r.secondFactor === 'totp') setCode('');
        else setError('您的账号须先在电脑上登录并绑定动态验证码');
      } else if (r.mustChangePassword) setError('首次登录请先在电脑上修改初始密码');
      else onDone(r);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'LOGIN_STEP_EXPIRED') setCode(null);
      setError(err instanceof ApiError ? err.message : '登录失败');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="m-body">
      <Card title="登录">
        <p className="m-hint" style={{ marginTop: 0, marginBottom: 14 }}>
          {intro}
        </p>
        <form onSubmit={submit}>
          <Field label="用户名">
            <input placeholder="用户名" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
          </Field>
          {code === null ? (
            <Field label="密码">
              <input placeholder="密码" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
            </Field>
          ) : (
            <Field label="动态验证码">
              <input placeholder="身份验证器上的6位验证码或恢复码" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} required />
            </Field>
          )}
          <ErrorText error={error} />
          <Button primary type="submit" disabled={busy}>
            {busy ? '正在登录…' : '登录'}
          </Button>
        </form>
      </Card>
    </div>
  );
}

/** 离线 / 待同步 N 条 / 有冲突: always visible, just above the tab bar. */
export function Banner({ online, pending, problems, onOpen }: { online: boolean; pending: number; problems: number; onOpen: () => void }) {
  return (
    <div className="m-banners" data-testid="sync-banner">
      {!online && <div className="m-banner m-banner-offline">离线：没有网络，新上报和办理会先存在手机里</div>}
      {pending > 0 && (
        <div className="m-banner m-banner-pending">
          <span>待同步 {pending} 条</span>
          <button type="button" onClick={onOpen}>
            查看
          </button>
        </div>
      )}
      {problems > 0 && (
        <div className="m-banner m-banner-conflict">
          <span>冲突 {problems} 条，需要您处理</span>
          <button type="button" onClick={onOpen}>
            去处理
          </button>
        </div>
      )}
    </div>
  );
}
