import { CheckCircleFilled, CloseCircleOutlined } from '@ant-design/icons';
import type { FormRule } from 'antd';
import { Space, Typography } from 'antd';

/** 等保2.0 rule, as the server checks it: 8+ characters from at least 3 of upper, lower, digit, symbol. */
export const PASSWORD_CLASSES: { label: string; test: RegExp }[] = [
  { label: '大写字母', test: /[A-Z]/ },
  { label: '小写字母', test: /[a-z]/ },
  { label: '数字', test: /\d/ },
  { label: '符号', test: /[^A-Za-z0-9]/ },
];

export function passwordProblem(pw: string): string | null {
  if (!pw) return '请输入密码';
  if (pw.length < 8) return '密码至少8位';
  if (pw.length > 128) return '密码不能超过128位';
  const classes = PASSWORD_CLASSES.filter((c) => c.test.test(pw)).length;
  if (classes < 3) return '须包含大写字母、小写字母、数字、符号中的至少3类';
  return null;
}

export const passwordRules: FormRule[] = [
  {
    required: true,
    validator: (_rule, value: string | undefined) => {
      const p = passwordProblem(value ?? '');
      return p ? Promise.reject(new Error(p)) : Promise.resolve();
    },
  },
];

/** The checklist under a new-password field, updated on every keystroke. */
export function PasswordChecklist({ value }: { value: string | undefined }) {
  const pw = value ?? '';
  const items = [{ label: '至少8位', ok: pw.length >= 8 }];
  const classes = PASSWORD_CLASSES.filter((c) => c.test.test(pw)).length;
  items.push({ label: `大写/小写/数字/符号至少3类(已含${classes}类)`, ok: classes >= 3 });
  return (
    <Space size={12} wrap style={{ marginTop: -8, marginBottom: 12 }}>
      {items.map((i) => (
        <Typography.Text key={i.label} type={i.ok ? 'success' : 'secondary'} style={{ fontSize: 12 }}>
          {i.ok ? <CheckCircleFilled /> : <CloseCircleOutlined />} {i.label}
        </Typography.Text>
      ))}
    </Space>
  );
}
