/** Binding an authenticator app (shared by the forced step at login and the 账号安全 page). */
import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { TotpEnrolment } from '../../../../contracts/auth';

/** The QR code is drawn here in the browser from the otpauth:// text; the secret never leaves the page otherwise. */
function QrCode({ text }: { text: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    import('qrcode')
      .then((m) => m.toDataURL(text, { margin: 1, width: 184, errorCorrectionLevel: 'M' }))
      .then((url) => live && setSrc(url))
      .catch(() => live && setSrc(null));
    return () => {
      live = false;
    };
  }, [text]);
  return (
    <div style={{ width: 184, height: 184, display: 'flex', alignItems: 'center', justifyContent: 'center', border: '1px solid #f0f0f0' }}>
      {src ? <img src={src} width={184} height={184} alt="动态验证码绑定二维码" data-testid="totp-qr" /> : <Spin />}
    </div>
  );
}

/** "ABCD EFGH …" is easier to type by hand. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

export function TotpSetup({
  enrolment,
  busy,
  onConfirm,
  onCancel,
}: {
  enrolment: TotpEnrolment;
  busy: boolean;
  onConfirm: (code: string) => void;
  onCancel?: () => void;
}) {
  return (
    <div data-testid="totp-setup">
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        1. 在手机上打开身份验证器(如 Microsoft Authenticator、Google Authenticator、FreeOTP，或支持“动态口令”的小程序)，扫描下方二维码：
      </Typography.Paragraph>
      <Space align="start" size={16} wrap style={{ marginBottom: 12 }}>
        <QrCode text={enrolment.uri} />
        <div style={{ width: 240, maxWidth: '100%' }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            无法扫码时，手动输入密钥(基于时间，6位，30秒)：
          </Typography.Text>
          <Typography.Paragraph copyable={{ text: enrolment.secret, icon: <CopyOutlined /> }} code style={{ marginTop: 4 }} data-testid="totp-secret">
            {grouped(enrolment.secret)}
          </Typography.Paragraph>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            账号：{enrolment.issuer}:{enrolment.account}
          </Typography.Text>
        </div>
      </Space>
      <Typography.Paragraph style={{ marginBottom: 8 }}>2. 输入验证器上显示的6位验证码完成绑定：</Typography.Paragraph>
      <Form layout="inline" onFinish={(v: { code: string }) => onConfirm(v.code.trim())} requiredMark={false}>
        <Form.Item name="code" rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: '请输入6位数字验证码' }]}>
          <Input placeholder="6位验证码" inputMode="numeric" autoComplete="one-time-code" maxLength={6} style={{ width: 140 }} data-testid="totp-enrol-code" />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy}>
              确认绑定
            </Button>
            {onCancel && <Button onClick={onCancel}>取消</Button>}
          </Space>
        </Form.Item>
      </Form>
    </div>
  );
}

/** The ten recovery codes, shown once: copy or save them before going on. */
export function RecoveryCodes({ codes, account, onDone }: { codes: string[]; account: string; onDone?: () => void }) {
  const text = `枫桥 ${account} 恢复码(每个只能使用一次)\n${codes.join('\n')}\n`;
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `枫桥恢复码-${account}.txt`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div data-testid="recovery-codes">
      <Alert
        type="warning"
        showIcon
        title="请立即保存以下恢复码"
        description="手机丢失或无法使用验证器时，可用一个恢复码代替验证码登录。每个恢复码只能使用一次，关闭后不再显示。"
        style={{ marginBottom: 12 }}
      />
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(2, max-content)', gap: '4px 24px', fontFamily: 'monospace', fontSize: 15, marginBottom: 12 }}>
        {codes.map((c) => (
          <span key={c}>{c}</span>
        ))}
      </div>
      <Space wrap>
        <Typography.Text copyable={{ text, tooltips: ['复制全部', '已复制'] }}>复制全部</Typography.Text>
        <Button icon={<DownloadOutlined />} onClick={download}>
          下载为文本文件
        </Button>
        {onDone && (
          <Button type="primary" onClick={onDone} data-testid="recovery-done">
            我已保存，继续
          </Button>
        )}
      </Space>
    </div>
  );
}
