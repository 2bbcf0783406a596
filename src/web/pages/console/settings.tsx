import { Alert, App, Button, Card, Form, Input, Skeleton, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../app/api';
import { showApiError } from '../../ui/form-errors';

type MapSettings = { tileUrl: string | null };

function tileUrlProblem(v: string): string | null {
  if (!v) return null;
  if (/\s/.test(v)) return '地址中不能有空格';
  // tiles load under the page's CSP: https addresses or paths on this site only
  if (!v.startsWith('https://') && !(v.startsWith('/') && !v.startsWith('//'))) return '请填写以 https:// 开头的地址或本站路径(以 / 开头)';
  if (!(v.includes('{z}') && v.includes('{x}') && v.includes('{y}'))) return '地址须包含 {z}、{x}、{y} 三个占位符';
  return null;
}

export function SettingsPage() {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ tileUrl: string }>();
  const [initial, setInitial] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api
      .get<MapSettings>('/api/settings/map')
      .then((s) => setInitial(s.tileUrl ?? ''))
      .catch((e) => {
        showApiError(e, message);
        setInitial('');
      });
  }, [message]);

  const save = async (v: { tileUrl: string }) => {
    setBusy(true);
    try {
      const tileUrl = v.tileUrl?.trim() || null;
      await api.put('/api/settings/map', { tileUrl });
      message.success(tileUrl ? '地图底图地址已保存' : '已改为不加载底图');
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="系统设置">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        地图底图
      </Typography.Title>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16, maxWidth: 760 }}
        title="默认不加载任何在线底图：网格边界以矢量图层离线绘制，内网环境也可使用。"
        description="如需底图，可填写天地图或本单位地图服务的 https 瓦片地址(XYZ格式)，例如 https://t0.tianditu.gov.cn/DataServer?T=vec_w&x={x}&y={y}&l={z}&tk=您的密钥 。留空表示不加载底图。"
      />
      {initial !== null ? (
        <Form form={form} layout="vertical" onFinish={save} style={{ maxWidth: 760 }} initialValues={{ tileUrl: initial }}>
          <Form.Item
            label="瓦片服务地址"
            name="tileUrl"
            validateTrigger={['onChange', 'onBlur']}
            rules={[
              {
                validator: (_r, v: string | undefined) => {
                  const p = tileUrlProblem((v ?? '').trim());
                  return p ? Promise.reject(new Error(p)) : Promise.resolve();
                },
              },
            ]}
          >
            <Input placeholder="留空表示不加载底图" allowClear />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy}>
              保存
            </Button>
          </Space>
        </Form>
      ) : (
        <Skeleton active />
      )}
    </Card>
  );
}
