/**
 * 实有人口 forms: a person (new or edited, 身份证号 checked as typed with the server's own rule, the server's
 * message shown on the field it names), a household, a building or yard and its houses, and 迁出/区内变动/迁入.
 */
import { Alert, App, Button, Drawer, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { PERSON_TAGS, RELATIONS, RESIDENCY_KINDS } from '../../../../domain/people/categories';
import { validateIdCard } from '../../../../domain/id-card';
import { api, type Page } from '../../../app/api';
import { HouseholdPicker, SingleAreaPicker } from '../../../features/people/pickers';
import { idCardRule, phoneRule } from '../../../features/people/rules';
import type { Building, PersonDetail } from '../../../features/people/types';
import { showFieldError } from '../../../features/people/errors';

const TAG_OPTIONS = PERSON_TAGS.map((t) => ({ value: t, label: t }));
const GRID_RULE = { pattern: /^\d{15}(\d{3})?$/, message: '请选择网格或微网格(15位或18位编码)' };

type PersonValues = {
  areaCode?: string;
  householdId?: number | null;
  name: string;
  gender?: '男' | '女';
  idCard?: string;
  phone?: string;
  relation?: string;
  residency?: string;
  tags?: string[];
};

/**
 * New person (optionally into a given household) or edit of an existing one. On edit the numbers are not
 * shown: the masked value stands as the placeholder and a number typed replaces the stored one.
 */
export function PersonFormDrawer({
  open,
  person,
  preset,
  onClose,
  onSaved,
}: {
  open: boolean;
  person?: PersonDetail | null;
  preset?: { areaCode?: string; householdId?: number; relation?: string };
  onClose: () => void;
  onSaved: (id: number) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<PersonValues>();
  const [busy, setBusy] = useState(false);
  const editing = !!person;
  const area = Form.useWatch('areaCode', form);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (person) {
      form.setFieldsValue({
        areaCode: person.areaCode,
        householdId: person.householdId,
        name: person.name,
        gender: (person.gender as '男' | '女' | null) ?? undefined,
        relation: person.relation ?? undefined,
        residency: person.residency,
        tags: person.tags,
      });
    } else {
      form.setFieldsValue({ residency: '户籍', tags: [], ...preset });
    }
  }, [open, person, preset, form]);

  const submit = async (v: PersonValues) => {
    setBusy(true);
    const idCard = v.idCard?.trim().toUpperCase() || undefined;
    const phone = v.phone?.trim() || undefined;
    try {
      if (person) {
        await api.patch(`/api/people/${person.id}`, {
          version: person.version,
          name: v.name.trim(),
          gender: v.gender,
          householdId: v.householdId ?? null,
          relation: v.relation,
          residency: v.residency,
          tags: v.tags ?? [],
          idCard,
          phone,
        });
        message.success('人员信息已保存');
        onSaved(person.id);
      } else {
        const r = await api.post<{ id: number }>('/api/people', {
          areaCode: v.areaCode,
          householdId: v.householdId ?? null,
          name: v.name.trim(),
          gender: v.gender,
          idCard,
          phone,
          relation: v.relation,
          residency: v.residency,
          tags: v.tags ?? [],
        });
        message.success(`已登记 ${v.name.trim()}`);
        onSaved(r.id);
      }
    } catch (e) {
      showFieldError(e, message, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      title={editing ? `修改人员信息：${person?.name}` : '登记人员'}
      open={open}
      onClose={onClose}
      size={560}
      destroyOnHidden
      extra={
        <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="person-save">
          保存
        </Button>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit} data-testid="person-form">
        <Form.Item
          label="所属网格"
          name="areaCode"
          rules={[{ required: true, message: '请选择所属网格' }, GRID_RULE]}
          extra={editing ? '换网格请用“迁出/区内变动”' : undefined}
        >
          {editing ? <Input disabled /> : <SingleAreaPicker />}
        </Form.Item>
        <Form.Item label="所属户" name="householdId" extra="可不选；同户成员选同一户">
          <HouseholdPicker area={area} />
        </Form.Item>
        <Form.Item
          label="姓名"
          name="name"
          validateTrigger={['onChange', 'onBlur']}
          rules={[
            { required: true, whitespace: true, message: '请填写姓名' },
            { max: 64, message: '姓名不能超过64字' },
          ]}
        >
          <Input data-testid="person-name" />
        </Form.Item>
        <Form.Item
          label="身份证号"
          name="idCard"
          validateTrigger={['onChange', 'onBlur']}
          rules={[idCardRule]}
          extra={editing ? '不改请留空；填写则替换原号码' : '填写后自动识别出生日期和性别'}
        >
          <Input
            maxLength={18}
            placeholder={editing ? (person?.idCardMasked ?? '未登记') : '18位身份证号'}
            data-testid="person-idcard"
            onChange={(e) => {
              const id = e.target.value.trim().toUpperCase();
              if (id.length === 18 && !validateIdCard(id, new Date())) form.setFieldValue('gender', Number(id[16]) % 2 === 1 ? '男' : '女');
            }}
          />
        </Form.Item>
        <Space style={{ width: '100%' }} align="start">
          <Form.Item label="性别" name="gender" style={{ width: 120 }}>
            <Select allowClear options={['男', '女'].map((g) => ({ value: g, label: g }))} />
          </Form.Item>
          <Form.Item label="与户主关系" name="relation" style={{ width: 160 }}>
            <Select allowClear options={RELATIONS.map((r) => ({ value: r, label: r }))} data-testid="person-relation" />
          </Form.Item>
          <Form.Item label="户籍类型" name="residency" style={{ width: 140 }}>
            <Select options={RESIDENCY_KINDS.map((r) => ({ value: r, label: r }))} />
          </Form.Item>
        </Space>
        <Form.Item
          label="手机号"
          name="phone"
          validateTrigger={['onChange', 'onBlur']}
          rules={[phoneRule]}
          extra={editing ? '不改请留空' : undefined}
        >
          <Input maxLength={20} placeholder={editing ? (person?.phoneMasked ?? '未登记') : '手机号或固定电话'} />
        </Form.Item>
        <Form.Item label="标签" name="tags" extra="按实际情况勾选，用于分类统计和走访">
          <Select mode="multiple" options={TAG_OPTIONS} placeholder="选择标签" data-testid="person-tags" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

type HouseholdValues = { areaCode: string; householdNo: string; address?: string; houseId?: number; tags?: string[] };

/** A new household; its members are then added with the person form (relation to the head). */
export function HouseholdFormModal({
  open,
  onClose,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  onSaved: (h: { id: number; areaCode: string; householdNo: string }) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<HouseholdValues>();
  const [busy, setBusy] = useState(false);
  const area = Form.useWatch('areaCode', form);
  const [buildings, setBuildings] = useState<Building[]>([]);
  useEffect(() => {
    setBuildings([]);
    if (!area || !/^\d{15}(\d{3})?$/.test(area)) return;
    api
      .get<Page<Building>>('/api/buildings', { area: area.slice(0, 15), pageSize: 100 })
      .then((r) => setBuildings(r.items))
      .catch(() => setBuildings([]));
  }, [area]);
  const submit = async (v: HouseholdValues) => {
    setBusy(true);
    try {
      const r = await api.post<{ id: number }>('/api/households', {
        areaCode: v.areaCode,
        householdNo: v.householdNo.trim(),
        address: v.address?.trim() || undefined,
        houseId: v.houseId ?? null,
        tags: v.tags ?? [],
      });
      message.success(`已新建户 ${v.householdNo.trim()}`);
      onSaved({ id: r.id, areaCode: v.areaCode, householdNo: v.householdNo.trim() });
    } catch (e) {
      showFieldError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  const houseOptions = buildings.flatMap((b) =>
    b.houses.map((h) => ({ value: h.id, label: `${b.name} ${h.unit ? `${h.unit}单元 ` : ''}${h.room}(${h.usage})` })),
  );
  return (
    <Modal
      title="新建户"
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={busy}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" onFinish={submit} preserve={false} data-testid="household-form">
        <Form.Item label="所属网格" name="areaCode" rules={[{ required: true, message: '请选择所属网格' }, GRID_RULE]}>
          <SingleAreaPicker />
        </Form.Item>
        <Form.Item
          label="户号"
          name="householdNo"
          validateTrigger={['onChange', 'onBlur']}
          rules={[
            { required: true, whitespace: true, message: '请填写户号' },
            { max: 32, message: '户号不能超过32字' },
          ]}
          extra="同一网格内唯一"
        >
          <Input data-testid="household-no" />
        </Form.Item>
        <Form.Item label="住址" name="address" rules={[{ max: 200, message: '住址不能超过200字' }]}>
          <Input placeholder="如：姚庄社区3组12号" />
        </Form.Item>
        <Form.Item label="房屋" name="houseId" extra={area && !houseOptions.length ? '该网格尚未登记楼栋房屋，可在“楼栋房屋”中添加' : undefined}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={houseOptions} placeholder="选择所住房屋(可不选)" />
        </Form.Item>
        <Form.Item label="户标签" name="tags">
          <Select mode="multiple" options={TAG_OPTIONS} placeholder="如：低保、困难家庭" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A building (楼栋), yard (院落) or bungalow row (平房) in a grid. */
export function BuildingFormModal({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ areaCode: string; name: string; kind: string; address?: string }>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal title="新建楼栋/院落" open={open} onCancel={onClose} onOk={() => form.submit()} okText="保存" confirmLoading={busy} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ kind: '楼栋' }}
        onFinish={async (v) => {
          setBusy(true);
          try {
            await api.post('/api/buildings', { areaCode: v.areaCode, name: v.name.trim(), kind: v.kind, address: v.address?.trim() || undefined });
            message.success(`已新建${v.kind} ${v.name.trim()}`);
            onSaved();
          } catch (e) {
            showFieldError(e, message, form);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item label="所属网格" name="areaCode" rules={[{ required: true, message: '请选择所属网格' }, GRID_RULE]}>
          <SingleAreaPicker />
        </Form.Item>
        <Form.Item label="名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写名称' }, { max: 64, message: '不超过64字' }]}>
          <Input placeholder="如：幸福小区3号楼" />
        </Form.Item>
        <Form.Item label="类型" name="kind">
          <Select options={['楼栋', '院落', '平房'].map((k) => ({ value: k, label: k }))} />
        </Form.Item>
        <Form.Item label="地址" name="address" rules={[{ max: 200, message: '不超过200字' }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A house (unit and room) in a building, with its use (自住/出租/空置/经营). */
export function HouseFormModal({ building, onClose, onSaved }: { building: Building | null; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ unit?: string; room: string; usage: string }>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      title={building ? `添加房屋：${building.name}` : '添加房屋'}
      open={building !== null}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ usage: '自住' }}
        onFinish={async (v) => {
          if (!building) return;
          setBusy(true);
          try {
            await api.post(`/api/buildings/${building.id}/houses`, { unit: v.unit?.trim() || undefined, room: v.room.trim(), usage: v.usage });
            message.success('房屋已添加');
            form.resetFields();
            onSaved();
          } catch (e) {
            showFieldError(e, message, form);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Space align="start">
          <Form.Item label="单元" name="unit" rules={[{ max: 16, message: '不超过16字' }]}>
            <Input style={{ width: 120 }} placeholder="如：2" />
          </Form.Item>
          <Form.Item label="房号" name="room" rules={[{ required: true, whitespace: true, message: '请填写房号' }, { max: 16, message: '不超过16字' }]}>
            <Input style={{ width: 120 }} placeholder="如：301" />
          </Form.Item>
          <Form.Item label="用途" name="usage">
            <Select style={{ width: 120 }} options={['自住', '出租', '空置', '经营'].map((u) => ({ value: u, label: u }))} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

type MoveValues = { kind: 'out' | 'transfer' | 'in'; toArea?: string; householdId?: number | null; reason?: string };

/** 迁出 (leaves the area), 区内变动 (to another grid), 迁入 (back in): each leaves a line in the history. */
export function MoveModal({ person, onClose, onSaved }: { person: PersonDetail | null; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<MoveValues>();
  const [busy, setBusy] = useState(false);
  const kind = Form.useWatch('kind', form);
  const toArea = Form.useWatch('toArea', form);
  const active = person?.status === 'active';
  const kinds = active
    ? [
        { value: 'out', label: '迁出(离开本辖区)' },
        { value: 'transfer', label: '区内变动(换网格)' },
      ]
    : [{ value: 'in', label: '迁入(回到本辖区)' }];
  return (
    <Modal
      title={person ? `人员变动：${person.name}` : '人员变动'}
      open={person !== null}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="确认"
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ kind: active ? 'out' : 'in' }}
        onFinish={async (v) => {
          if (!person) return;
          setBusy(true);
          try {
            await api.post(`/api/people/${person.id}/move`, {
              version: person.version,
              kind: v.kind,
              toArea: v.kind === 'out' ? undefined : v.toArea,
              householdId: v.kind === 'out' ? undefined : (v.householdId ?? null),
              reason: v.reason?.trim() || undefined,
            });
            message.success('变动已登记');
            onSaved();
          } catch (e) {
            showFieldError(e, message, form);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item label="变动类型" name="kind" rules={[{ required: true }]}>
          <Select options={kinds} data-testid="move-kind" />
        </Form.Item>
        {kind && kind !== 'out' && (
          <>
            <Form.Item label="迁入网格" name="toArea" rules={[{ required: true, message: '请选择迁入的网格' }, GRID_RULE]}>
              <SingleAreaPicker />
            </Form.Item>
            <Form.Item label="迁入户" name="householdId">
              <HouseholdPicker area={toArea} />
            </Form.Item>
          </>
        )}
        {kind === 'out' && (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title="迁出后不再计入本辖区实有人口，可随时登记迁入。" />
        )}
        <Form.Item label="变动原因" name="reason" rules={[{ max: 200, message: '不超过200字' }]}>
          <Input placeholder="如：外出务工、婚嫁、购房" />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary">变动记入人员的迁入迁出记录和审计日志。</Typography.Text>
    </Modal>
  );
}

