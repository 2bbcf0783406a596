import { App, Button, Form, Input, InputNumber, Modal, Radio, Select, Space, Spin } from 'antd';
import type { Rule } from 'antd/es/form';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, api, type Page } from '../../app/api';
import type { AreaSummary, Department } from '../../app/types';
import { showApiError } from '../../ui/form-errors';
// the dispute, petition and 12345 kinds' field labels and controls, wherever their cases are opened (desks too)
import '../disputes/action-fields';
import type { CaseCategory, CaseDuplicate, CaseListItem, CaseView } from './case-types';
import { checkPayload, type PayloadField, payloadFields } from './payload-fields';

const PRIMARY = new Set(['accept', 'dispatch', 'acknowledge', 'feedback', 'co_handle', 'close', 'resolve_locally', 'rate', 'reopen', 'resume', 'handle_self']);
const DANGER = new Set(['reject', 'return', 'rework', 'reject_return', 'deny_extension', 'deny_pause']);

type Values = Record<string, unknown>;

function rulesOf(f: PayloadField): Rule[] {
  const rules: Rule[] = [];
  if (f.required) {
    const text = f.widget === 'text' || f.widget === 'textarea';
    // a `whitespace` key of any value makes the validator treat the value as a string: only text fields get it
    rules.push(text ? { required: true, whitespace: true, message: `请填写${f.label}` } : { required: true, message: `请选择${f.label}` });
  }
  if (f.maxLength) rules.push({ max: f.maxLength, message: `${f.label}不能超过${f.maxLength}个字` });
  if (f.widget === 'number' && (f.min !== undefined || f.max !== undefined)) {
    rules.push({ type: 'number', min: f.min, max: f.max, message: `${f.label}应在${f.min ?? ''}到${f.max ?? ''}之间` });
  }
  if (f.pattern && (f.widget === 'text' || f.widget === 'textarea')) rules.push({ pattern: new RegExp(f.pattern), message: `${f.label}格式不正确` });
  return rules;
}

function useDepartments(areaCode: string, enabled: boolean): Department[] {
  const [items, setItems] = useState<Department[]>([]);
  useEffect(() => {
    if (!enabled) return;
    api
      .get<Page<Department>>('/api/departments', { area: areaCode })
      .then((r) => setItems(r.items))
      .catch(() => setItems([]));
  }, [areaCode, enabled]);
  return items;
}

function useCategories(kind: string, enabled: boolean): CaseCategory[] {
  const [items, setItems] = useState<CaseCategory[]>([]);
  useEffect(() => {
    if (!enabled) return;
    api
      .get<Page<CaseCategory>>('/api/case-categories', { kind })
      .then((r) => setItems(r.items))
      .catch(() => setItems([]));
  }, [kind, enabled]);
  return items;
}

/** Single area picked by typing a name or code (转办). */
function AreaSelect({ value, onChange, id }: { value?: string; onChange?: (v: string) => void; id?: string }) {
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const search = async (q: string) => {
    if (!q.trim()) return;
    setBusy(true);
    try {
      const r = await api.get<Page<AreaSummary>>('/api/areas/search', { q: q.trim() });
      setOptions(r.items.map((a) => ({ value: a.code, label: `${[...(a.path ?? []).slice(-1).map((p) => p.name), a.name].join(' / ')}(${a.code})` })));
    } catch {
      setOptions([]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      options={options}
      showSearch={{ filterOption: false, onSearch: search }}
      notFoundContent={busy ? <Spin size="small" /> : '输入区域名称查找'}
      placeholder="输入区域名称或编码"
    />
  );
}

/** The case to merge into: the suspected duplicates first, or find one by number or title. */
function CaseSelect({ caseId, value, onChange, id }: { caseId: number; value?: number; onChange?: (v: number) => void; id?: string }) {
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  useEffect(() => {
    api
      .get<Page<CaseDuplicate>>(`/api/cases/${caseId}/duplicates`)
      .then((r) => setOptions(r.items.map((d) => ({ value: d.id, label: `${d.number} ${d.title}(相似度${Math.round(d.similarity * 100)}%)` }))))
      .catch(() => setOptions([]));
  }, [caseId]);
  const search = async (q: string) => {
    if (!q.trim()) return;
    const r = await api.get<Page<CaseListItem>>('/api/cases', { q: q.trim(), pageSize: 20 }).catch(() => ({ items: [] as CaseListItem[], total: 0 }));
    setOptions(r.items.filter((c) => c.id !== caseId).map((c) => ({ value: c.id, label: `${c.number} ${c.title}` })));
  };
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      options={options}
      showSearch={{ filterOption: false, onSearch: search }}
      placeholder="选择疑似重复的事件，或输入编号、标题查找"
      notFoundContent="暂无疑似重复事件"
    />
  );
}

/** Form.Item hands its child `value`, `onChange` and `id`; they are passed on to the real control. */
type Bound = { value?: never; onChange?: never; id?: string };

function FieldInput({
  f,
  c,
  departments,
  categories,
  taken,
  ...bound
}: { f: PayloadField; c: CaseView; departments: Department[]; categories: CaseCategory[]; taken: Set<number> } & Bound) {
  const deptOptions = departments.map((d) => ({ value: d.id, label: d.name, disabled: taken.has(d.id) }));
  switch (f.widget) {
    case 'textarea':
      return <Input.TextArea {...bound} rows={3} maxLength={f.maxLength} showCount={!!f.maxLength && f.maxLength <= 500} placeholder={f.placeholder} />;
    case 'number':
      return <InputNumber {...bound} min={f.min} max={f.max} precision={0} style={{ width: 160 }} />;
    case 'radio':
      return <Radio.Group {...bound} optionType="button" buttonStyle="solid" options={f.options} />;
    case 'select':
      return <Select {...bound} options={f.options} placeholder={f.placeholder} allowClear={!f.required} />;
    case 'department':
      return <Select {...bound} showSearch={{ optionFilterProp: 'label' }} options={deptOptions} placeholder="选择部门" />;
    case 'departments':
      return <Select {...bound} mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={deptOptions} placeholder="可多选，可不选" />;
    case 'category':
      return <Select {...bound} allowClear options={categories.map((x) => ({ value: x.code, label: x.name }))} placeholder={f.placeholder} />;
    case 'area':
      return <AreaSelect {...bound} />;
    case 'case':
      return <CaseSelect caseId={c.id} {...bound} />;
    case 'custom':
      return f.input ? <f.input {...bound} caseId={c.id} /> : <Input {...bound} />;
    case 'dispatch':
      return (
        <Select
          {...bound}
          allowClear
          placeholder={f.placeholder}
          options={c.dispatches.filter((d) => d.status === 'returned').map((d) => ({ value: d.id, label: `${d.departmentName}(${d.roleLabel})：${d.returnReason ?? ''}` }))}
        />
      );
    default:
      return <Input {...bound} maxLength={f.maxLength} placeholder={f.placeholder} />;
  }
}

function clean(values: Values): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === null || v === '') continue;
    out[k] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}

export type ActionDone = { id: number; status: string; version: number };

/** One action's payload form in a modal; sends `{version, …payload}` and reports a lost race as a conflict. */
export function ActionDialog({
  c,
  action,
  onClose,
  onDone,
  onConflict,
}: {
  c: CaseView;
  action: { action: string; label: string } | null;
  onClose: () => void;
  onDone: (r: ActionDone, action: string) => void;
  onConflict: (message: string) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const fields = useMemo(() => (action ? payloadFields(c.kind, action.action).filter((f) => f.widget !== 'hidden') : []), [c.kind, action]);
  const needsDepts = fields.some((f) => f.widget === 'department' || f.widget === 'departments');
  const departments = useDepartments(c.areaCode, needsDepts);
  const categories = useCategories(c.kind, fields.some((f) => f.widget === 'category'));
  const lead = Form.useWatch('lead', form) as number | undefined;
  const co = (Form.useWatch('co', form) as number[] | undefined) ?? [];
  const notify = (Form.useWatch('notify', form) as number[] | undefined) ?? [];

  const submit = async (values: Values) => {
    if (!action) return;
    const payload = clean(values);
    const bad = checkPayload(c.kind, action.action, payload);
    if (bad) {
      if (bad.field && fields.some((f) => f.name === bad.field)) form.setFields([{ name: bad.field, errors: [bad.message] }]);
      else message.error(bad.message);
      return;
    }
    setBusy(true);
    try {
      const r = await api.post<ActionDone>(`/api/cases/${c.id}/actions/${action.action}`, { version: c.version, ...payload });
      message.success(`${action.label}：已完成`);
      onDone(r, action.action);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        onConflict(e.message);
        onClose();
      } else showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };

  const initial: Values = {};
  if (action?.action === 'accept') initial.grade = c.grade;

  return (
    <Modal
      title={action ? `${action.label} · ${c.number}` : ''}
      open={!!action}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={action ? `确定${action.label.replace(/\(.*\)$/, '')}` : '确定'}
      okButtonProps={{ danger: action ? DANGER.has(action.action) : false, 'data-testid': 'action-submit' } as never}
      confirmLoading={busy}
      destroyOnHidden
      width={action?.action === 'dispatch' ? 600 : 520}
    >
      <Form<Values> key={action?.action} form={form} layout="vertical" onFinish={submit} initialValues={initial} data-testid={`action-form-${action?.action ?? ''}`}>
        {action?.action === 'dispatch' && (
          <p style={{ color: 'rgba(0,0,0,0.55)', marginTop: 0 }}>
            吹哨派遣：主办部门牵头办理并反馈，协办部门配合办理，知会部门知晓情况；各部门须在报到时限内报到。
          </p>
        )}
        {fields.length === 0 && <p>确定对该事件进行“{action?.label}”操作吗？</p>}
        {fields.map((f) => {
          const taken = new Set<number>([...(f.name !== 'lead' && lead ? [lead] : []), ...(f.name !== 'co' ? co : []), ...(f.name !== 'notify' ? notify : [])]);
          return (
            <Form.Item key={f.name} name={f.name} label={f.label} rules={rulesOf(f)} validateTrigger={['onChange', 'onBlur']}>
              <FieldInput f={f} c={c} departments={departments} categories={categories} taken={taken} />
            </Form.Item>
          );
        })}
      </Form>
    </Modal>
  );
}

/** Exactly the server's nextActions as buttons; each opens the form of its declared payload. */
export function ActionButtons({
  c,
  onDone,
  onConflict,
  size,
}: {
  c: CaseView;
  onDone: (r: ActionDone, action: string) => void;
  onConflict: (message: string) => void;
  size?: 'small' | 'middle' | 'large';
}) {
  const [open, setOpen] = useState<{ action: string; label: string } | null>(null);
  if (c.nextActions.length === 0) return null;
  return (
    <>
      <Space wrap data-testid="case-actions">
        {c.nextActions.map((a) => (
          <Button
            key={a.action}
            size={size}
            type={PRIMARY.has(a.action) ? 'primary' : 'default'}
            danger={DANGER.has(a.action)}
            data-testid={`action-${a.action}`}
            onClick={() => setOpen(a)}
          >
            {a.label}
          </Button>
        ))}
      </Space>
      <ActionDialog
        c={c}
        action={open}
        onClose={() => setOpen(null)}
        onDone={(r, action) => {
          setOpen(null);
          onDone(r, action);
        }}
        onConflict={onConflict}
      />
    </>
  );
}
