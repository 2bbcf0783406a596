import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { ROLE_LABEL, ROLES, type Role } from '../../../domain/roles';
import { api, type Page } from '../../app/api';
import { useMe } from '../../app/auth';
import type { Department, UserRow } from '../../app/types';
import { AreaPicker } from '../../ui/area-picker';
import { useAreaNames } from '../../ui/area-names';
import { showApiError } from '../../ui/form-errors';
import { PasswordChecklist, passwordRules } from '../../ui/password';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }));

function roleLabel(r: string): string {
  return ROLE_LABEL[r as Role] ?? r;
}

function StatusTag({ u }: { u: UserRow }) {
  if (u.status === 'disabled') return <Tag>已停用</Tag>;
  if (u.locked) return <Tag color="red">已锁定</Tag>;
  if (u.mustChangePassword) return <Tag color="orange">待改密</Tag>;
  return <Tag color="green">正常</Tag>;
}

type FormValues = {
  username: string;
  displayName: string;
  password?: string;
  roles: string[];
  scopes: string[];
  departmentId?: number | null;
};

function UserDrawer({
  open,
  editing,
  onClose,
  onSaved,
}: {
  open: boolean;
  editing: UserRow | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<FormValues>();
  const roles = Form.useWatch('roles', form) ?? [];
  const scopes = Form.useWatch('scopes', form) ?? [];
  const password = Form.useWatch('password', form);
  const [departments, setDepartments] = useState<Department[]>([]);
  const [busy, setBusy] = useState(false);
  const needsDept = roles.includes('dept_staff');
  const firstScope = scopes.find((s) => s !== '');

  useEffect(() => {
    if (!open || !needsDept) return;
    api
      .get<Page<Department>>('/api/departments', { area: firstScope })
      .then((r) => setDepartments(r.items))
      .catch(() => setDepartments([]));
  }, [open, needsDept, firstScope]);

  const submit = async (v: FormValues) => {
    setBusy(true);
    try {
      const departmentId = v.roles.includes('dept_staff') ? (v.departmentId ?? null) : null;
      if (editing) {
        await api.patch(`/api/users/${editing.id}`, {
          version: editing.version,
          displayName: v.displayName,
          roles: v.roles,
          scopes: v.scopes,
          departmentId,
        });
        message.success('用户信息已保存');
      } else {
        await api.post('/api/users', {
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          password: v.password,
          roles: v.roles,
          scopes: v.scopes,
          departmentId,
        });
        message.success('用户已创建，首次登录须修改密码');
      }
      onSaved();
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      title={editing ? `编辑用户：${editing.displayName}` : '新建用户'}
      open={open}
      onClose={onClose}
      size={520}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()}>
            保存
          </Button>
        </Space>
      }
    >
      <Form<FormValues>
        key={editing?.id ?? 'new'}
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          editing
            ? {
                username: editing.username,
                displayName: editing.displayName,
                roles: editing.roles,
                scopes: editing.scopes,
                departmentId: editing.departmentId,
              }
            : { roles: [], scopes: [] }
        }
      >
        <Form.Item
          label="用户名"
          name="username"
          validateTrigger={['onChange', 'onBlur']}
          rules={[
            { required: true, message: '请输入用户名' },
            { pattern: /^[A-Za-z0-9_.-]{3,64}$/, message: '用户名为3-64位字母、数字、下划线、点或横线' },
          ]}
        >
          <Input disabled={!!editing} placeholder="登录用的账号，如 zhangsan" />
        </Form.Item>
        <Form.Item
          label="姓名"
          name="displayName"
          rules={[
            { required: true, whitespace: true, message: '请输入姓名' },
            { max: 64, message: '姓名不能超过64个字' },
          ]}
        >
          <Input placeholder="显示的姓名或岗位，如 网格员 张三" />
        </Form.Item>
        {!editing && (
          <>
            <Form.Item label="初始密码" name="password" rules={passwordRules} validateTrigger={['onChange', 'onBlur']}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <PasswordChecklist value={password} />
          </>
        )}
        <Form.Item label="角色" name="roles" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个角色' }]}>
          <Select mode="multiple" options={ROLE_OPTIONS} placeholder="选择角色" />
        </Form.Item>
        <Form.Item
          label="管辖区域"
          name="scopes"
          extra="可选多个；上级区域已包含其下级"
          rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个管辖区域' }]}
        >
          <AreaPicker allowAll={me.scopes.some((s) => s.code === '')} />
        </Form.Item>
        {needsDept && (
          <Form.Item label="所属部门" name="departmentId" rules={[{ required: true, message: '职能部门人员须选择所属部门' }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={firstScope ? '选择部门' : '请先选择管辖区域'}
              options={departments.map((d) => ({ value: d.id, label: d.name }))}
            />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}

function ResetPasswordModal({ user, onClose }: { user: UserRow | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const password = Form.useWatch('password', form);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { password: string }) => {
    if (!user) return;
    setBusy(true);
    try {
      await api.post(`/api/users/${user.id}/reset-password`, { password: v.password });
      message.success(`已重置 ${user.displayName} 的密码并解锁，下次登录须修改密码`);
      onClose();
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={user ? `重置密码：${user.displayName}` : '重置密码'}
      open={!!user}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okText="重置"
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item label="新的临时密码" name="password" rules={passwordRules} validateTrigger={['onChange', 'onBlur']}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <PasswordChecklist value={password} />
      </Form>
    </Modal>
  );
}

export function UsersPage() {
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [data, setData] = useState<Page<UserRow>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [drawer, setDrawer] = useState<{ open: boolean; editing: UserRow | null }>({ open: false, editing: null });
  const [resetting, setResetting] = useState<UserRow | null>(null);
  const scopeNames = useAreaNames(data.items.flatMap((u) => u.scopes));

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await api.get<Page<UserRow>>('/api/users', { page, pageSize, q, role }));
    } catch (e) {
      showApiError(e, message);
    } finally {
      setLoading(false);
    }
  }, [page, pageSize, q, role, message]);

  useEffect(() => {
    load();
  }, [load]);

  const setStatus = async (u: UserRow, status: 'active' | 'disabled') => {
    try {
      await api.patch(`/api/users/${u.id}`, { version: u.version, status });
      message.success(status === 'disabled' ? `已停用 ${u.displayName}` : `已启用 ${u.displayName}`);
      load();
    } catch (e) {
      showApiError(e, message);
    }
  };

  const columns: TableColumnsType<UserRow> = [
    { title: '用户名', dataIndex: 'username', width: 140 },
    { title: '姓名', dataIndex: 'displayName', width: 170 },
    {
      title: '角色',
      dataIndex: 'roles',
      render: (roles: string[]) =>
        roles.map((r) => (
          <Tag key={r} color={r === 'admin' ? 'red' : 'blue'}>
            {roleLabel(r)}
          </Tag>
        )),
    },
    {
      title: '管辖区域',
      dataIndex: 'scopes',
      render: (scopes: string[]) => (
        <Space size={4} wrap>
          {scopes.map((s) => (
            <span key={s} title={s}>
              {scopeNames[s] ?? s}
            </span>
          ))}
        </Space>
      ),
    },
    { title: '所属部门', dataIndex: 'departmentName', render: (v: string | null) => v ?? '—' },
    { title: '状态', key: 'status', width: 90, render: (_: unknown, u) => <StatusTag u={u} /> },
    {
      title: '最近登录',
      dataIndex: 'lastLoginAt',
      width: 150,
      render: (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '从未登录'),
    },
    {
      title: '操作',
      key: 'actions',
      width: 280,
      render: (_: unknown, u) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setDrawer({ open: true, editing: u })}>
            编辑
          </Button>
          <Button type="link" size="small" onClick={() => setResetting(u)}>
            重置密码
          </Button>
          <Popconfirm
            title={`解除 ${u.displayName} 的动态验证码？`}
            description="用于手机和恢复码都丢失时：该用户的登录全部失效，须重新绑定"
            onConfirm={() =>
              api.post(`/api/users/${u.id}/second-factor/reset`).then(
                () => message.success('已解除动态验证码'),
                (e) => showApiError(e, message),
              )
            }
          >
            <Button type="link" size="small">
              解除验证码
            </Button>
          </Popconfirm>
          {u.status === 'disabled' ? (
            <Button type="link" size="small" onClick={() => setStatus(u, 'active')}>
              启用
            </Button>
          ) : (
            <Popconfirm title={`停用 ${u.displayName}？`} description="停用后该账号无法登录" onConfirm={() => setStatus(u, 'disabled')}>
              <Button type="link" size="small" danger>
                停用
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title="用户与权限"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, editing: null })}>
          新建用户
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder="用户名或姓名"
          style={{ width: 240 }}
          onSearch={(v) => {
            setPage(1);
            setQ(v.trim());
          }}
        />
        <Select
          allowClear
          placeholder="全部角色"
          style={{ width: 200 }}
          options={ROLE_OPTIONS}
          value={role}
          onChange={(v) => {
            setPage(1);
            setRole(v);
          }}
        />
        <Button icon={<ReloadOutlined />} onClick={load}>
          刷新
        </Button>
      </Space>
      <Table<UserRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data.items}
        loading={loading}
        data-testid="users-table"
        pagination={{
          current: page,
          pageSize,
          total: data.total,
          showSizeChanger: true,
          showTotal: (t) => `共 ${t} 个用户`,
          onChange: (p, s) => {
            setPage(p);
            setPageSize(s);
          },
        }}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        新建或重置密码的账号首次登录须修改密码；连续输错5次密码将锁定30分钟，重置密码可解锁。
      </Typography.Text>
      <UserDrawer
        open={drawer.open}
        editing={drawer.editing}
        onClose={() => setDrawer({ open: false, editing: null })}
        onSaved={() => {
          setDrawer({ open: false, editing: null });
          load();
        }}
      />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </Card>
  );
}
