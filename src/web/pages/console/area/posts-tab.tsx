import { UserAddOutlined } from '@ant-design/icons';
import { App, AutoComplete, Button, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, type TableColumnsType, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, type Page } from '../../../app/api';
import type { AreaDetail, AreaPost } from '../../../app/types';
import { showApiError } from '../../../ui/form-errors';
import { useLoad } from '../../../ui/use-load';
import { postsFor, TEAM_POST, TEAM_SPECIALTIES } from '../../../../contracts/areas';

const PHONE = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

type Values = { post: string; personName: string; specialty?: string; phone?: string };

function AssignModal({ area, open, onClose, onSaved }: { area: AreaDetail; open: boolean; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const post = Form.useWatch('post', form);
  const submit = async (v: Values) => {
    setBusy(true);
    try {
      await api.post(`/api/areas/${area.code}/posts`, {
        post: v.post,
        personName: v.personName.trim(),
        ...(v.specialty?.trim() ? { specialty: v.specialty.trim() } : {}),
        ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
      });
      message.success(`已任命 ${v.personName.trim()} 为${v.post}`);
      onSaved();
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={`任命责任人：${area.name}`} open={open} onCancel={onClose} onOk={() => form.submit()} okText="任命" confirmLoading={busy} destroyOnHidden>
      <Form<Values> form={form} layout="vertical" onFinish={submit}>
        <Form.Item label="岗位" name="post" rules={[{ required: true, message: '请选择岗位' }]}>
          <Select options={postsFor(area.level).map((p) => ({ value: p, label: p }))} placeholder="选择岗位" />
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
        <Form.Item
          label="专业/分工"
          name="specialty"
          extra="1+N+X 团队成员必填，如 民警、调解员、法律顾问、社会力量"
          rules={[
            { required: post === TEAM_POST, whitespace: true, message: '1+N+X成员须填写专业/分工' },
            { max: 32, message: '不能超过32个字' },
          ]}
        >
          <AutoComplete options={TEAM_SPECIALTIES.map((s) => ({ value: s }))} placeholder="选择或填写" />
        </Form.Item>
        <Form.Item
          label="联系电话"
          name="phone"
          validateTrigger={['onChange', 'onBlur']}
          rules={[{ pattern: PHONE, message: '请输入11位手机号或带区号的固定电话' }]}
          extra="加密保存，列表中只显示部分号码"
        >
          <Input maxLength={16} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type Props = { area: AreaDetail; canManage: boolean };

/** 责任人: who holds each post now, and with 历任 switched on who held it before. */
export function PostsTab({ area, canManage }: Props) {
  const { message } = App.useApp();
  const [history, setHistory] = useState(false);
  const [assigning, setAssigning] = useState(false);
  const { data, loading, reload } = useLoad(
    () => api.get<Page<AreaPost>>(`/api/areas/${area.code}/posts`, { history: history ? 1 : undefined }),
    [area.code, history],
  );

  const end = async (p: AreaPost) => {
    try {
      await api.post(`/api/areas/${area.code}/posts/${p.id}/end`);
      message.success(`已免去 ${p.personName} 的${p.post}职务`);
      reload();
    } catch (e) {
      showApiError(e, message);
    }
  };

  const columns: TableColumnsType<AreaPost> = [
    { title: '岗位', dataIndex: 'post', width: 130 },
    { title: '姓名', dataIndex: 'personName', width: 110 },
    { title: '专业/分工', dataIndex: 'specialty', render: (v: string | null) => v ?? '—' },
    { title: '联系电话', dataIndex: 'phoneMasked', width: 130, render: (v: string | null) => v ?? '—' },
    { title: '任职时间', dataIndex: 'startedAt', width: 120, render: (v: string) => dayjs(v).format('YYYY-MM-DD') },
    {
      title: '状态',
      dataIndex: 'endedAt',
      width: 150,
      render: (v: string | null) => (v ? <Tag>{dayjs(v).format('YYYY-MM-DD')} 离任</Tag> : <Tag color="green">在任</Tag>),
    },
    ...(canManage
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 80,
            render: (_: unknown, p: AreaPost) =>
              p.endedAt ? null : (
                <Popconfirm title={`免去 ${p.personName} 的${p.post}职务？`} description="离任记录会保留在历任中" onConfirm={() => end(p)}>
                  <Button type="link" size="small" danger>
                    免去
                  </Button>
                </Popconfirm>
              ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space>
          <Switch checked={history} onChange={setHistory} size="small" />
          <span>显示历任</span>
        </Space>
        {canManage && (
          <Button type="primary" icon={<UserAddOutlined />} onClick={() => setAssigning(true)}>
            任命责任人
          </Button>
        )}
      </Space>
      <Table<AreaPost>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: '尚未任命责任人' }}
      />
      <AssignModal
        area={area}
        open={assigning}
        onClose={() => setAssigning(false)}
        onSaved={() => {
          setAssigning(false);
          reload();
        }}
      />
    </>
  );
}
