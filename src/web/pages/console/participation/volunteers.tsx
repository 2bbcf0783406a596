/** 双报到 and 志愿服务: unit and party-member registrations, service hours, and commendations. */
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tabs, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, type Page } from '../../../app/api';
import { hasRole, useMe } from '../../../app/auth';
import { showApiError } from '../../../ui/form-errors';
import { useLoad } from '../../../ui/use-load';
import { fmt, type Registration } from './shared';

function Registrations() {
  const { message } = App.useApp();
  const me = useMe();
  const manager = hasRole(me, 'village_cadre', 'center_staff');
  const [kind, setKind] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [registering, setRegistering] = useState(false);
  const [logging, setLogging] = useState<Registration | null>(null);
  const [regForm] = Form.useForm();
  const [hoursForm] = Form.useForm();
  const list = useLoad(() => api.get<Page<Registration>>('/api/participation/volunteers', { kind, page, pageSize: 20 }), [kind, page]);
  const register = async (v: { areaCode: string; kind: string; name?: string; unitName?: string; offers: string[] }) => {
    try {
      await api.post('/api/participation/volunteers', v);
      message.success('已报到');
      setRegistering(false);
      list.reload();
    } catch (e) {
      showApiError(e, message, regForm);
    }
  };
  const logHours = async (v: { activity: string; hours: number; servedOn: Dayjs }) => {
    if (!logging) return;
    try {
      await api.post('/api/participation/volunteer-hours', { registrationId: logging.id, activity: v.activity, hours: v.hours, servedOn: v.servedOn.toISOString() });
      message.success('服务时长已登记');
      setLogging(null);
      list.reload();
    } catch (e) {
      showApiError(e, message, hoursForm);
    }
  };
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder="全部"
          style={{ width: 140 }}
          onChange={(v) => {
            setPage(1);
            setKind(v);
          }}
          options={[
            { value: 'unit', label: '报到单位' },
            { value: 'party_member', label: '在职党员' },
          ]}
        />
        {(manager || me.roles.includes('party_member')) && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)}>
            到社区报到
          </Button>
        )}
      </Space>
      <Table<Registration>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={[
          { title: '名称', dataIndex: 'name' },
          { title: '类型', dataIndex: 'kind', width: 100, render: (k: string) => (k === 'unit' ? <Tag color="blue">单位</Tag> : <Tag color="red">党员</Tag>) },
          { title: '所在单位', dataIndex: 'unitName', render: (v: string | null) => v ?? '—' },
          { title: '可提供服务', dataIndex: 'offers', render: (o: string[]) => o.map((x) => <Tag key={x}>{x}</Tag>) },
          { title: '服务时长', dataIndex: 'hours', width: 100, render: (h: number) => `${h} 小时` },
          { title: '报到时间', dataIndex: 'createdAt', width: 110, render: (v: string) => fmt(v) },
          ...(manager
            ? [
                {
                  title: '操作',
                  key: 'op',
                  width: 110,
                  render: (_: unknown, r: Registration) => (
                    <Button size="small" type="link" onClick={() => setLogging(r)}>
                      登记时长
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 个`, onChange: setPage }}
      />
      <Modal title="到社区报到" open={registering} onCancel={() => setRegistering(false)} onOk={() => regForm.submit()} destroyOnHidden>
        <Form
          form={regForm}
          layout="vertical"
          onFinish={register}
          initialValues={{ kind: manager ? 'unit' : 'party_member', areaCode: me.scopes.find((s) => s.code.length === 12)?.code }}
        >
          <Form.Item label="村(社区)编码" name="areaCode" rules={[{ required: true, message: '请填写村(社区)编码' }, { pattern: /^\d{12}$/, message: '村(社区)编码为12位数字' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="类型" name="kind">
            <Select
              options={[
                { value: 'unit', label: '单位报到' },
                { value: 'party_member', label: '党员报到' },
              ]}
            />
          </Form.Item>
          <Form.Item label="名称(单位名称或党员姓名)" name="name">
            <Input />
          </Form.Item>
          <Form.Item label="所在单位" name="unitName">
            <Input />
          </Form.Item>
          <Form.Item label="可提供服务" name="offers" rules={[{ required: true, type: 'array', min: 1, message: '至少填写一项服务' }]}>
            <Select mode="tags" placeholder="输入后回车，如 法律咨询、义诊" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal title={`登记服务时长：${logging?.name ?? ''}`} open={logging !== null} onCancel={() => setLogging(null)} onOk={() => hoursForm.submit()} destroyOnHidden>
        <Form form={hoursForm} layout="vertical" onFinish={logHours}>
          <Form.Item label="服务内容" name="activity" rules={[{ required: true, whitespace: true, message: '请填写服务内容' }]}>
            <Input />
          </Form.Item>
          <Space>
            <Form.Item label="时长(小时)" name="hours" rules={[{ required: true, message: '请填写时长' }]}>
              <InputNumber min={0.5} max={24} step={0.5} />
            </Form.Item>
            <Form.Item label="服务日期" name="servedOn" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </>
  );
}

function Hours() {
  const list = useLoad(() => api.get<Page<{ registrationId: number | null; name: string; hours: number; times: number }>>('/api/participation/volunteer-hours'), []);
  return (
    <Table
      rowKey={(r) => `${r.registrationId}-${r.name}`}
      size="middle"
      loading={list.loading}
      dataSource={list.data?.items ?? []}
      columns={[
        { title: '志愿者/单位', dataIndex: 'name' },
        { title: '服务次数', dataIndex: 'times', width: 100 },
        { title: '累计时长', dataIndex: 'hours', width: 120, render: (h: number) => `${h} 小时` },
      ]}
      pagination={{ pageSize: 20 }}
    />
  );
}

type Commendation = { id: number; areaCode: string; kind: string; name: string; year: number; reason: string };

function Commendations() {
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm();
  const [creating, setCreating] = useState(false);
  const list = useLoad(() => api.get<Page<Commendation>>('/api/participation/commendations', { pageSize: 100 }), []);
  const create = async (v: { areaCode: string; kind: string; name: string; year: number; reason: string }) => {
    try {
      await api.post('/api/participation/commendations', v);
      message.success('已登记表彰');
      setCreating(false);
      list.reload();
    } catch (e) {
      showApiError(e, message, form);
    }
  };
  return (
    <>
      {hasRole(me, 'village_cadre', 'center_staff') && (
        <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 16 }} onClick={() => setCreating(true)}>
          登记表彰
        </Button>
      )}
      <Table<Commendation>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={[
          { title: '称号', dataIndex: 'kind', width: 110, render: (k: string) => <Tag color="gold">{k}</Tag> },
          { title: '姓名/户', dataIndex: 'name', width: 140 },
          { title: '年度', dataIndex: 'year', width: 80 },
          { title: '区域', dataIndex: 'areaCode', width: 160 },
          { title: '事迹', dataIndex: 'reason' },
        ]}
        pagination={false}
      />
      <Modal title="登记表彰" open={creating} onCancel={() => setCreating(false)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={create} initialValues={{ kind: '平安之星', year: new Date().getFullYear(), areaCode: me.scopes.find((s) => s.code.length >= 12)?.code }}>
          <Form.Item label="区域编码" name="areaCode" rules={[{ required: true, message: '请填写区域编码' }, { pattern: /^\d{12,15}$/, message: '村(社区)或网格编码' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="称号" name="kind">
            <Select options={['平安之星', '诚信户', '最美家庭'].map((k) => ({ value: k, label: k }))} />
          </Form.Item>
          <Form.Item label="姓名或户名" name="name" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="年度" name="year" rules={[{ required: true, message: '请填写年度' }]}>
            <InputNumber min={2000} max={2100} />
          </Form.Item>
          <Form.Item label="事迹" name="reason" rules={[{ required: true, whitespace: true, message: '请填写事迹' }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export function VolunteersPage() {
  return (
    <Card title="双报到与志愿服务">
      <Tabs
        items={[
          { key: 'reg', label: '报到单位与党员', children: <Registrations /> },
          { key: 'hours', label: '服务时长', children: <Hours /> },
          { key: 'commend', label: '表彰', children: <Commendations /> },
        ]}
      />
    </Card>
  );
}
