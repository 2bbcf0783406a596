import { Alert, App, Button, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { showApiError } from '../../ui/form-errors';
import { PageLoading } from '../../ui/page-loading';
import { PasswordChecklist, passwordRules } from '../../ui/password';
import { AuthFrame } from './auth-frame';

type Values = { currentPassword: string; newPassword: string; confirm: string };

export function ChangePasswordPage() {
  const { me, refresh, logout, mustChangePassword } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const newPassword = Form.useWatch('newPassword', form);
  const [busy, setBusy] = useState(false);

  if (me === undefined) return <PageLoading />;
  if (me === null) return <Navigate to="/login" replace />;

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      await api.post('/api/auth/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      await refresh();
      message.success('密码已修改');
      navigate('/', { replace: true });
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title="修改密码">
      {mustChangePassword && (
        <Alert type="warning" showIcon title="首次登录请先修改初始密码" style={{ marginBottom: 16 }} />
      )}
      <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item label="新密码" name="newPassword" rules={passwordRules} validateTrigger={['onChange', 'onBlur']}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <PasswordChecklist value={newPassword} />
        <Form.Item
          label="确认新密码"
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_r, value) =>
                !value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          {mustChangePassword ? (
            <Button onClick={() => logout().then(() => navigate('/login', { replace: true }))}>退出登录</Button>
          ) : (
            <Button onClick={() => navigate(-1)}>返回</Button>
          )}
          <Button type="primary" htmlType="submit" loading={busy}>
            确认修改
          </Button>
        </Space>
      </Form>
    </AuthFrame>
  );
}
