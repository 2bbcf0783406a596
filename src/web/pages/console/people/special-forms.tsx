/**
 * 重点人群 forms: registering a person in a category (the category's own fields, risk level for 精神障碍,
 * the 五帮一 team picked by name), editing the team, and editing the category fields of a record.
 */
import { Alert, App, Button, Drawer, Form, Input, Modal, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import {
  MENTAL_RISK_LABEL,
  SPECIAL_CATEGORIES,
  SPECIAL_CATEGORY_LABEL,
  type SpecialCategory,
} from '../../../../domain/people/categories';
import { api } from '../../../app/api';
import { PersonPicker } from '../../../features/people/pickers';
import { fromDetails, SpecialDetailFields, toDetails } from '../../../features/people/special-fields';
import { FIVE_POSTS, TeamEditor, type TeamRow, teamMembersOf, teamRowsWithVacancies } from '../../../features/people/team-editor';
import type { Person } from '../../../features/people/types';
import { showFieldError } from '../../../features/people/errors';

export const CATEGORY_OPTIONS = SPECIAL_CATEGORIES.map((c) => ({ value: c, label: SPECIAL_CATEGORY_LABEL[c] }));
export const MENTAL_LEVEL_OPTIONS = MENTAL_RISK_LABEL.map((label, level) => ({ value: level, label }));

type RegisterValues = {
  personId: number;
  category: SpecialCategory;
  riskLevel?: number;
  details?: Record<string, unknown>;
  team?: TeamRow[];
  note?: string;
};

/** 登记重点人员: the person from 实有人口, the category, its fields, the team; answers with the first due date. */
export function RegisterSpecialDrawer({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: (id: number) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<RegisterValues>();
  const [busy, setBusy] = useState(false);
  const [person, setPerson] = useState<Person | null>(null);
  const category = Form.useWatch('category', form);
  useEffect(() => {
    if (open) {
      form.resetFields();
      setPerson(null);
    }
  }, [open, form]);
  const submit = async (v: RegisterValues) => {
    setBusy(true);
    try {
      const r = await api.post<{ id: number; nextVisitDue: string }>('/api/special-persons', {
        personId: v.personId,
        category: v.category,
        riskLevel: v.category === 'mental' ? (v.riskLevel ?? 0) : 0,
        details: toDetails(v.category, v.details),
        team: teamMembersOf(v.team),
        note: v.note?.trim() || undefined,
      });
      message.success(`已登记为${SPECIAL_CATEGORY_LABEL[v.category]}，首次随访请于 ${dayjs(r.nextVisitDue).format('YYYY-MM-DD')} 前完成`);
      onSaved(r.id);
    } catch (e) {
      showFieldError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer
      title="登记重点人员"
      open={open}
      onClose={onClose}
      size={760}
      destroyOnHidden
      extra={
        <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="special-save">
          保存
        </Button>
      }
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title="重点人员信息属敏感个人信息，仅登记工作必需的内容；登记、修改均记入审计日志。"
      />
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ riskLevel: 0, team: FIVE_POSTS }}
        data-testid="special-form"
        onValuesChange={(changed: Partial<RegisterValues>) => {
          // another category has other fields: the previous category's answers do not carry over
          if (changed.category) form.setFieldValue('details', {});
        }}
      >
        <Form.Item label="人员" name="personId" rules={[{ required: true, message: '请从实有人口中选择人员' }]} extra="先在“实有人口”登记，再在此选择">
          <PersonPicker onPicked={setPerson} />
        </Form.Item>
        <Form.Item label="类别" name="category" rules={[{ required: true, message: '请选择类别' }]}>
          <Select options={CATEGORY_OPTIONS} placeholder="选择重点人员类别" data-testid="special-category" />
        </Form.Item>
        {category === 'mental' && (
          <Form.Item label="风险等级" name="riskLevel" rules={[{ required: true, message: '请选择风险等级' }]} extra="按国家基本公共卫生服务规范评估">
            <Select options={MENTAL_LEVEL_OPTIONS} data-testid="special-risk" />
          </Form.Item>
        )}
        {category && (
          <>
            <Typography.Title level={5}>{SPECIAL_CATEGORY_LABEL[category]}信息</Typography.Title>
            <SpecialDetailFields category={category} />
          </>
        )}
        <Typography.Title level={5}>帮扶小组(五帮一)</Typography.Title>
        <TeamEditor area={person?.areaCode} />
        <Form.Item label="备注" name="note" style={{ marginTop: 16 }} rules={[{ max: 500, message: '不超过500字' }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

type TeamMember = { role: string; name: string; userId: number | null; phoneMasked: string | null };

/** 编辑帮扶小组: replaces the team (PUT), the record's version guarding against a concurrent edit. */
export function TeamModal({
  open,
  record,
  onClose,
  onSaved,
}: {
  open: boolean;
  record: { id: number; version: number; areaCode: string; personName: string; team: TeamMember[] };
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ team: TeamRow[] }>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (open) form.setFieldsValue({ team: teamRowsWithVacancies(record.team) });
  }, [open, record, form]);
  return (
    <Modal
      title={`帮扶小组(五帮一)：${record.personName}`}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      okButtonProps={{ 'data-testid': 'team-save' } as Record<string, string>}
      confirmLoading={busy}
      width={760}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          setBusy(true);
          try {
            await api.put(`/api/special-persons/${record.id}/team`, { version: record.version, members: teamMembersOf(v.team) });
            message.success('帮扶小组已保存');
            onSaved();
          } catch (e) {
            showFieldError(e, message, form);
          } finally {
            setBusy(false);
          }
        }}
      >
        <TeamEditor area={record.areaCode} />
      </Form>
    </Modal>
  );
}

/** 修改分类信息: the category's fields, filled with what is on file. */
export function DetailsModal({
  open,
  record,
  onClose,
  onSaved,
}: {
  open: boolean;
  record: { id: number; version: number; category: string; personName: string; details: Record<string, unknown> };
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ details: Record<string, unknown> }>();
  const [busy, setBusy] = useState(false);
  const category = record.category as SpecialCategory;
  useEffect(() => {
    if (open) form.setFieldsValue({ details: fromDetails(category, record.details) });
  }, [open, record, category, form]);
  return (
    <Modal
      title={`${SPECIAL_CATEGORY_LABEL[category] ?? ''}信息：${record.personName}`}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={busy}
      width={600}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          setBusy(true);
          try {
            await api.patch(`/api/special-persons/${record.id}`, { version: record.version, details: toDetails(category, v.details) });
            message.success('已保存');
            onSaved();
          } catch (e) {
            showFieldError(e, message, form);
          } finally {
            setBusy(false);
          }
        }}
      >
        <SpecialDetailFields category={category} />
      </Form>
    </Modal>
  );
}
