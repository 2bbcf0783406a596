/**
 * The category-specific fields of a 重点人员 (精神障碍 diagnosis and 监护协议, 社区矫正 矫正类别 and period,
 * 刑满释放 原罪名 and 释放日期 …) are not written out per form: each category's zod schema in
 * contracts/people.ts (SPECIAL_DETAILS, the one the server validates with) is read as JSON Schema, and one
 * label table gives the Chinese names. Enums become selects, booleans switches, YYYY-MM-DD strings date
 * pickers, integers number inputs and arrays of enums multi-selects; required follows the schema.
 */
import { DatePicker, Form, Input, InputNumber, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { z } from 'zod';
import { SPECIAL_DETAILS } from '../../../contracts/people';
import type { SpecialCategory } from '../../../domain/people/categories';

/** Chinese labels of every detail field, with the hint shown under it where one helps. */
export const DETAIL_FIELDS: Record<string, { label: string; placeholder?: string; extra?: string }> = {
  diagnosis: { label: '诊断类型' },
  treatment: { label: '治疗情况' },
  guardianName: { label: '监护人姓名' },
  guardianRelation: { label: '监护人关系', placeholder: '如：父亲、配偶' },
  guardianshipAgreement: { label: '已签订监护协议' },
  agreementDate: { label: '监护协议签订日期' },
  archived: { label: '已建立监护档案' },
  hospitalised: { label: '目前住院' },
  correctionType: { label: '矫正类别' },
  periodStart: { label: '矫正期起' },
  periodEnd: { label: '矫正期止' },
  crime: { label: '罪名' },
  supervisor: { label: '司法所负责人' },
  originalOffence: { label: '原罪名' },
  releaseDate: { label: '释放日期' },
  sentence: { label: '原判刑期', placeholder: '如：有期徒刑三年' },
  resettlement: { label: '安置帮教情况' },
  helpGroup: { label: '已建立帮教小组' },
  matter: { label: '信访事项' },
  firstPetitionDate: { label: '首次信访日期' },
  petitionCount: { label: '信访次数' },
  ownedBy: { label: '包案领导' },
  organisation: { label: '涉及组织' },
  transformed: { label: '已转化' },
  drugType: { label: '滥用毒品种类' },
  control: { label: '管控措施' },
  lastTestDate: { label: '最近一次检测日期' },
  kinds: { label: '类型', extra: '可多选：失意、失业、失婚、心理失衡、偏执' },
  situation: { label: '现实表现' },
};

export type DetailWidget = 'select' | 'multiple' | 'switch' | 'date' | 'number' | 'text';

export type DetailField = {
  name: string;
  label: string;
  widget: DetailWidget;
  required: boolean;
  options: { value: string; label: string }[];
  min?: number;
  max?: number;
  maxLength?: number;
  placeholder?: string;
  extra?: string;
};

type JsonProp = {
  type?: string;
  enum?: string[];
  pattern?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  description?: string;
  items?: JsonProp;
};

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

function widgetOf(p: JsonProp): DetailWidget {
  if (p.enum) return 'select';
  if (p.type === 'array' && p.items?.enum) return 'multiple';
  if (p.type === 'boolean') return 'switch';
  if (p.type === 'integer' || p.type === 'number') return 'number';
  if (p.pattern === DATE_PATTERN) return 'date';
  return 'text';
}

const cache = new Map<SpecialCategory, DetailField[]>();

/** The form fields of one category, in the schema's order. */
export function detailFields(category: SpecialCategory): DetailField[] {
  const hit = cache.get(category);
  if (hit) return hit;
  const json = z.toJSONSchema(SPECIAL_DETAILS[category], { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonProp>;
    required?: string[];
  };
  const required = new Set(json.required ?? []);
  const fields = Object.entries(json.properties ?? {}).map(([name, p]): DetailField => {
    const meta = DETAIL_FIELDS[name];
    const values = p.enum ?? p.items?.enum ?? [];
    return {
      name,
      label: meta?.label ?? p.description ?? name,
      widget: widgetOf(p),
      required: required.has(name),
      options: values.map((v) => ({ value: v, label: v })),
      min: p.minimum,
      max: p.maximum,
      maxLength: p.maxLength,
      placeholder: meta?.placeholder,
      extra: meta?.extra,
    };
  });
  cache.set(category, fields);
  return fields;
}

/** Form values (dates as Dayjs) → the JSON the server validates; empty optional fields are left out. */
export function toDetails(category: SpecialCategory, values: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of detailFields(category)) {
    const v = values?.[f.name];
    if (v === undefined || v === null || v === '') continue;
    if (f.widget === 'date') out[f.name] = dayjs.isDayjs(v) ? (v as Dayjs).format('YYYY-MM-DD') : v;
    else if (f.widget === 'text') out[f.name] = String(v).trim();
    else out[f.name] = v;
  }
  return out;
}

/** Stored details → form values. */
export function fromDetails(category: SpecialCategory, details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of detailFields(category)) {
    const v = details[f.name];
    if (v === undefined || v === null) continue;
    out[f.name] = f.widget === 'date' && typeof v === 'string' ? dayjs(v) : v;
  }
  return out;
}

/** How a stored value reads in a description list. */
export function detailText(v: unknown): string {
  if (v === true) return '是';
  if (v === false) return '否';
  if (Array.isArray(v)) return v.join('、');
  if (v === null || v === undefined || v === '') return '—';
  return String(v);
}

export function detailLabel(category: SpecialCategory, name: string): string {
  return detailFields(category).find((f) => f.name === name)?.label ?? DETAIL_FIELDS[name]?.label ?? name;
}

function input(f: DetailField) {
  switch (f.widget) {
    case 'select':
      return <Select allowClear={!f.required} options={f.options} placeholder="请选择" />;
    case 'multiple':
      return <Select mode="multiple" options={f.options} placeholder="请选择" />;
    case 'switch':
      return <Switch checkedChildren="是" unCheckedChildren="否" />;
    case 'date':
      return <DatePicker style={{ width: '100%' }} placeholder="选择日期" />;
    case 'number':
      return <InputNumber min={f.min} max={f.max} precision={0} style={{ width: '100%' }} />;
    default:
      return <Input maxLength={f.maxLength} placeholder={f.placeholder} />;
  }
}

/**
 * The category's fields as Form.Items under `details` (name path ['details', field]); validates as the user
 * types, in Chinese. A 社区矫正 period must end after it starts.
 */
export function SpecialDetailFields({ category }: { category: SpecialCategory }) {
  return (
    <>
      {detailFields(category).map((f) => (
        <Form.Item
          key={`${category}-${f.name}`}
          name={['details', f.name]}
          label={f.label}
          extra={f.extra}
          valuePropName={f.widget === 'switch' ? 'checked' : 'value'}
          data-testid={`detail-${f.name}`}
          dependencies={f.name === 'periodEnd' ? [['details', 'periodStart']] : undefined}
          rules={[
            ...(f.required
              ? [{ required: true, whitespace: f.widget === 'text', message: `请填写${f.label}`, type: f.widget === 'multiple' ? ('array' as const) : undefined }]
              : []),
            ...(f.maxLength && f.widget === 'text' ? [{ max: f.maxLength, message: `${f.label}不能超过${f.maxLength}字` }] : []),
            ...(f.name === 'periodEnd'
              ? [
                  ({ getFieldValue }: { getFieldValue: (n: (string | number)[]) => unknown }) => ({
                    validator: async (_: unknown, end: Dayjs | undefined) => {
                      const start = getFieldValue(['details', 'periodStart']) as Dayjs | undefined;
                      if (start && end?.isBefore(start, 'day')) throw new Error('矫正期止不能早于矫正期起');
                    },
                  }),
                ]
              : []),
          ]}
        >
          {input(f)}
        </Form.Item>
      ))}
    </>
  );
}
