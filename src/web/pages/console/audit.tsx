import { ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Input, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api, type Page } from '../../app/api';
import type { AuditRow } from '../../app/types';
import { showApiError } from '../../ui/form-errors';

/** Chinese names of the actions modules record; unknown actions show their code. */
const ACTION_LABEL: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.password_change': '修改密码',
  'user.create': '新建用户',
  'user.update': '修改用户',
  'user.reset_password': '重置密码',
  'area.create': '新建网格',
  'area.update': '修改区划/网格',
  'area.retire': '撤销网格',
  'area.post.add': '任命责任人',
  'area.post.end': '免去责任人',
  'area.force.add': '登记群防群治力量',
  'settings.map.update': '修改地图底图',
  'case.report': '上报事件',
  'case.attach': '上传附件',
  'case.attachment.read': '查看附件',
  'person.export': '导出人员',
  'person.import': '导入人员',
  'special_person.create': '登记特殊人群',
  'visit.create': '登记走访',
  'person.create': '登记人员',
  'person.update': '修改人员',
  'person.reveal': '查看敏感信息',
  'household.create': '登记户',
  'house.create': '登记房屋',
  'building.create': '登记楼栋',
};

const TARGET_LABEL: Record<string, string> = { user: '用户', area: '区划', person: '人员', case: '事件', setting: '设置', area_post: '责任人', force: '群防群治力量' };

const RESULT_TAG: Record<string, { color: string; label: string }> = {
  ok: { color: 'green', label: '成功' },
  denied: { color: 'orange', label: '拒绝' },
  failed: { color: 'red', label: '失败' },
};

type Verify = { ok: boolean; checked: number; brokenAt?: number; reason?: string };

export function AuditPage() {
  const { message } = App.useApp();
  const [filters, setFilters] = useState<{ action?: string; actor?: string }>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [data, setData] = useState<Page<AuditRow>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [verify, setVerify] = useState<Verify | null>(null);
  const [verifying, setVerifying] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await api.get<Page<AuditRow>>('/api/audit', { page, pageSize, ...filters }));
    } catch (e) {
      showApiError(e, message);
    } finally {
      setLoading(false);
    }
  }, [page, pageSize, filters, message]);

  useEffect(() => {
    load();
  }, [load]);

  const runVerify = async () => {
    setVerifying(true);
    try {
      setVerify(await api.get<Verify>('/api/audit/verify'));
    } catch (e) {
      showApiError(e, message);
    } finally {
      setVerifying(false);
    }
  };

  const columns: TableColumnsType<AuditRow> = [
    { title: '序号', dataIndex: 'id', width: 80 },
    { title: '时间', dataIndex: 'at', width: 170, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
    { title: '操作人', dataIndex: 'actorName', width: 140, render: (v: string | null) => v ?? '—' },
    { title: '来源IP', dataIndex: 'ip', width: 140, render: (v: string | null) => v ?? '—' },
    {
      title: '操作',
      dataIndex: 'action',
      render: (v: string) => (
        <span title={v}>
          {ACTION_LABEL[v] ?? v}
          {ACTION_LABEL[v] && (
            <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
              {v}
            </Typography.Text>
          )}
        </span>
      ),
    },
    {
      title: '对象',
      key: 'target',
      render: (_: unknown, r) => (r.targetType ? `${TARGET_LABEL[r.targetType] ?? r.targetType} ${r.targetId ?? ''}` : '—'),
    },
    { title: '区划', dataIndex: 'areaCode', width: 150, render: (v: string | null) => v || '—' },
    {
      title: '结果',
      dataIndex: 'result',
      width: 80,
      render: (v: string) => <Tag color={RESULT_TAG[v]?.color}>{RESULT_TAG[v]?.label ?? v}</Tag>,
    },
  ];

  return (
    <Card
      title="审计日志"
      extra={
        <Button type="primary" icon={<SafetyCertificateOutlined />} loading={verifying} onClick={runVerify}>
          校验哈希链
        </Button>
      }
    >
      {verify && (
        <Alert
          data-testid="audit-verify"
          style={{ marginBottom: 16 }}
          showIcon
          closable={{ onClose: () => setVerify(null) }}
          type={verify.ok ? 'success' : 'error'}
          title={
            verify.ok
              ? `哈希链完整：已校验 ${verify.checked} 条记录，未发现删除或篡改`
              : `哈希链断裂：第 ${verify.brokenAt ?? '?'} 条记录校验失败，审计日志可能被删除或篡改`
          }
          description={verify.ok ? undefined : verify.reason}
        />
      )}
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder="操作代码，如 user.create"
          style={{ width: 240 }}
          onSearch={(v) => {
            setPage(1);
            setFilters((f) => ({ ...f, action: v.trim() || undefined }));
          }}
        />
        <Input.Search
          allowClear
          placeholder="操作人用户名"
          style={{ width: 200 }}
          onSearch={(v) => {
            setPage(1);
            setFilters((f) => ({ ...f, actor: v.trim() || undefined }));
          }}
        />
        <Button icon={<ReloadOutlined />} onClick={load}>
          刷新
        </Button>
      </Space>
      <Table<AuditRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data.items}
        loading={loading}
        pagination={{
          current: page,
          pageSize,
          total: data.total,
          showSizeChanger: true,
          showTotal: (t) => `共 ${t} 条记录`,
          onChange: (p, s) => {
            setPage(p);
            setPageSize(s);
          },
        }}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        审计日志只追加、不可修改，每条记录含上一条的哈希；删除或改动任一条都会使校验失败。日志默认保存3年。
      </Typography.Text>
    </Card>
  );
}
