/** 账号安全: the user's own second factor (bind, remove, new recovery codes) and where they are logged in. */
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { AccountSecurity, TotpEnrolment } from '../../../../contracts/auth';
import { api } from '../../../app/api';
import { useMe } from '../../../app/auth';
import { showApiError } from '../../../ui/form-errors';
import { PageLoading } from '../../../ui/page-loading';
import { useLoad } from '../../../ui/use-load';
import { RecoveryCodes, TotpSetup } from './totp-setup';

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : '—';
}

export function SecurityPage() {
  const me = useMe();
  const { message } = App.useApp();
  const { data, reload } = useLoad(() => api.get<AccountSecurity>('/api/auth/security'), []);
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [ask, setAsk] = useState<'disable' | 'renew' | null>(null);
  const [form] = Form.useForm<{ secret: string }>();

  if (!data) return <PageLoading />;
  const { totp } = data;

  const start = async () => {
    setBusy(true);
    try {
      setEnrolment(await api.post<TotpEnrolment>('/api/auth/security/totp'));
    } catch (e) {
      showApiError(e, message);
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (code: string) => {
    setBusy(true);
    try {
      const r = await api.post<{ recoveryCodes: string[] }>('/api/auth/security/totp/confirm', { code });
      setEnrolment(null);
      setCodes(r.recoveryCodes);
      message.success('已绑定动态验证码，其他设备上的登录已退出');
      reload();
    } catch (e) {
      showApiError(e, message);
    } finally {
      setBusy(false);
    }
  };

  const submitAsk = async (v: { secret: string }) => {
    setBusy(true);
    try {
      if (ask === 'disable') {
        await api.post('/api/auth/security/totp/disable', { password: v.secret });
        message.success('已解除动态验证码');
      } else {
        const r = await api.post<{ recoveryCodes: string[] }>('/api/auth/security/recovery-codes', { code: v.secret.trim() });
        setCodes(r.recoveryCodes);
        message.success('已生成新的恢复码，旧恢复码作废');
      }
      setAsk(null);
      form.resetFields();
      reload();
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="security-page">
      <Card
        title={
          <Space>
            <SafetyCertificateOutlined />
            双因素认证(动态验证码)
          </Space>
        }
      >
        {totp.required && !totp.enrolled && <Alert type="warning" showIcon title="您的角色须使用动态验证码登录" style={{ marginBottom: 16 }} />}
        <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
          <Descriptions.Item label="状态">
            {totp.enrolled ? (
              <Tag color="green" data-testid="totp-status">
                已绑定
              </Tag>
            ) : (
              <Tag data-testid="totp-status">未绑定</Tag>
            )}
            {totp.required && <Tag color="red">本角色必须开启</Tag>}
          </Descriptions.Item>
          {totp.enrolled && <Descriptions.Item label="绑定时间">{when(totp.enrolledAt)}</Descriptions.Item>}
          {totp.enrolled && (
            <Descriptions.Item label="剩余恢复码">
              <span data-testid="recovery-left">{totp.recoveryCodesLeft}</span> 个{totp.recoveryCodesLeft <= 3 && '，建议重新生成'}
            </Descriptions.Item>
          )}
        </Descriptions>
        <Typography.Paragraph type="secondary">
          开启后，每次登录除密码外还须输入手机身份验证器上的6位动态验证码，密码泄露也无法登录您的账号。
        </Typography.Paragraph>
        {codes ? (
          <RecoveryCodes codes={codes} account={me.username} onDone={() => setCodes(null)} />
        ) : enrolment ? (
          <TotpSetup enrolment={enrolment} busy={busy} onConfirm={confirm} onCancel={() => setEnrolment(null)} />
        ) : totp.enrolled ? (
          <Space wrap>
            <Button onClick={() => setAsk('renew')}>重新生成恢复码</Button>
            {!totp.required && (
              <Button danger onClick={() => setAsk('disable')}>
                解除绑定
              </Button>
            )}
          </Space>
        ) : (
          <Button type="primary" onClick={start} loading={busy} data-testid="totp-start">
            绑定身份验证器
          </Button>
        )}
      </Card>

      <Card title="登录会话">
        <Table
          rowKey={(r) => `${r.createdAt}-${r.ip}-${r.current}`}
          size="small"
          pagination={false}
          dataSource={data.sessions}
          columns={[
            { title: '登录时间', dataIndex: 'createdAt', render: when },
            { title: '最近活动', dataIndex: 'lastSeenAt', render: when },
            { title: 'IP地址', dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
            { title: '浏览器', dataIndex: 'userAgent', ellipsis: true, render: (v: string | null) => v ?? '—' },
            { title: '', dataIndex: 'current', width: 90, render: (v: boolean) => (v ? <Tag color="blue">当前</Tag> : null) },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          30分钟无操作自动退出；修改密码或绑定动态验证码后，其他设备上的登录全部失效。
        </Typography.Paragraph>
      </Card>

      <Modal
        open={ask !== null}
        title={ask === 'disable' ? '解除动态验证码' : '重新生成恢复码'}
        okText="确定"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => {
          setAsk(null);
          form.resetFields();
        }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submitAsk} requiredMark={false}>
          {ask === 'disable' ? (
            <Form.Item name="secret" label="请输入登录密码确认" rules={[{ required: true, message: '请输入密码' }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
          ) : (
            <Form.Item name="secret" label="请输入身份验证器上当前的6位验证码" rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: '请输入6位数字验证码' }]}>
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
