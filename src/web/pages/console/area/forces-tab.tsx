import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Col, Empty, Form, Input, Modal, Row, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo, useState } from 'react';
import { api, type Page } from '../../../app/api';
import type { AreaDetail, ForceCount, ForceMember } from '../../../app/types';
import { EChart } from '../../../ui/echart';
import { showApiError } from '../../../ui/form-errors';
import { useLoad } from '../../../ui/use-load';
import { FORCE_KINDS } from '../../../../contracts/areas';

type Values = { kind: string; personName: string };

function AddModal({ area, open, onClose, onSaved }: { area: AreaDetail; open: boolean; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: Values) => {
    setBusy(true);
    try {
      await api.post(`/api/areas/${area.code}/forces`, { kind: v.kind, personName: v.personName.trim() });
      message.success(`已登记 ${v.personName.trim()}(${v.kind})`);
      onSaved();
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={`登记群防群治力量：${area.name}`} open={open} onCancel={onClose} onOk={() => form.submit()} okText="登记" confirmLoading={busy} destroyOnHidden>
      <Form<Values> form={form} layout="vertical" onFinish={submit}>
        <Form.Item label="类别" name="kind" rules={[{ required: true, message: '请选择类别' }]}>
          <Select options={FORCE_KINDS.map((k) => ({ value: k, label: k }))} placeholder="选择类别" />
        </Form.Item>
        <Form.Item
          label="姓名"
          name="personName"
          rules={[
            { required: true, whitespace: true, message: '请输入姓名' },
            { max: 32, message: '姓名不能超过32个字' },
          ]}
        >
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type Props = { area: AreaDetail; canManage: boolean };

/** 群防群治力量: counts by kind for the area and everything below it, a bar chart, and the roster. */
export function ForcesTab({ area, canManage }: Props) {
  const [kind, setKind] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const summary = useLoad(() => api.get<Page<ForceCount>>(`/api/areas/${area.code}/forces/summary`), [area.code]);
  const members = useLoad(
    () => api.get<Page<ForceMember>>(`/api/areas/${area.code}/forces`, { kind: kind ?? undefined, page, pageSize: 10 }),
    [area.code, kind, page],
  );
  const counts = summary.data?.items ?? [];

  const option = useMemo<EChartsCoreOption>(
    () => ({
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: counts.map((c) => c.kind), inverse: true, axisTick: { show: false } },
      series: [
        {
          type: 'bar',
          data: counts.map((c) => c.count),
          barMaxWidth: 18,
          itemStyle: { color: '#a8071a', borderRadius: [0, 3, 3, 0] },
          label: { show: true, position: 'right' },
        },
      ],
    }),
    [counts],
  );

  const countColumns: TableColumnsType<ForceCount> = [
    { title: '类别', dataIndex: 'kind' },
    { title: '人数', dataIndex: 'count', width: 80, align: 'right' },
  ];
  const memberColumns: TableColumnsType<ForceMember> = [
    { title: '姓名', dataIndex: 'personName' },
    { title: '类别', dataIndex: 'kind', render: (v: string) => <Tag>{v}</Tag> },
    { title: '所在区域', key: 'area', render: (_: unknown, m) => m.areaName ?? m.areaCode ?? '—' },
    { title: '登记时间', dataIndex: 'createdAt', width: 120, render: (v?: string) => (v ? dayjs(v).format('YYYY-MM-DD') : '—') },
  ];

  return (
    <>
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">含本区域及全部下级区域；点击类别查看名单</Typography.Text>
        {canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            登记成员
          </Button>
        )}
      </Space>
      {counts.length === 0 && !summary.loading ? (
        <Empty description="尚未登记群防群治力量" />
      ) : (
        <Row gutter={16}>
          <Col xs={24} lg={10}>
            <Table<ForceCount>
              rowKey="kind"
              size="small"
              columns={countColumns}
              dataSource={counts}
              loading={summary.loading}
              pagination={false}
              onRow={(r) => ({
                onClick: () => {
                  setKind(kind === r.kind ? null : r.kind);
                  setPage(1);
                },
                style: { cursor: 'pointer', background: r.kind === kind ? '#fff1f0' : undefined },
              })}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    {counts.reduce((s, c) => s + c.count, 0)}
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
          </Col>
          <Col xs={24} lg={14}>
            <EChart option={option} style={{ height: Math.max(160, counts.length * 32 + 24) }} data-testid="forces-chart" />
          </Col>
        </Row>
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        名单{kind ? `：${kind}` : ''}
        {kind && (
          <Button type="link" size="small" onClick={() => setKind(null)}>
            显示全部
          </Button>
        )}
      </Typography.Title>
      <Table<ForceMember>
        rowKey="id"
        size="small"
        columns={memberColumns}
        dataSource={members.data?.items ?? []}
        loading={members.loading}
        pagination={{ current: page, pageSize: 10, total: members.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
      />
      <AddModal
        area={area}
        open={adding}
        onClose={() => setAdding(false)}
        onSaved={() => {
          setAdding(false);
          summary.reload();
          members.reload();
        }}
      />
    </>
  );
}
