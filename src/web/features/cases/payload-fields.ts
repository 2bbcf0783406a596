/**
 * Action forms generated from the payload the case kind declares (`transition.payload`, a zod schema):
 * the schema becomes JSON Schema, each property a form field with its Chinese label, its widget and
 * rules that validate as the user types. Other kinds add field names with `registerPayloadFields`.
 */
import type { ComponentType } from 'react';
import { z } from 'zod';
import { CASE_KINDS } from '../../../domain/cases/kinds';
import { GRADE_LABEL, RATING_LABEL, TIER_LABEL } from '../../../domain/cases/types';

export type FieldWidget =
  | 'text'
  | 'textarea'
  | 'number'
  | 'select'
  | 'radio'
  | 'department'
  | 'departments'
  | 'category'
  | 'area'
  | 'case'
  | 'dispatch'
  | 'custom'
  | 'hidden';

/** A kind's own control for a field (tags, a date, one of the case's records): Form.Item's value/onChange/id plus the case id. */
export type CustomFieldInput = ComponentType<{ value?: never; onChange?: (v: unknown) => void; id?: string; caseId: number }>;

export type FieldMeta = {
  label: string;
  widget?: FieldWidget;
  /** labels of enum values */
  options?: Record<string, string>;
  placeholder?: string;
  /** with widget 'custom' */
  input?: CustomFieldInput;
};

export type PayloadField = {
  name: string;
  label: string;
  widget: FieldWidget;
  required: boolean;
  options: { value: string; label: string }[];
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  placeholder?: string;
  input?: CustomFieldInput;
};

const FIELDS: Record<string, FieldMeta> = {
  reason: { label: '原因', widget: 'textarea', placeholder: '请写明原因' },
  note: { label: '说明', widget: 'textarea', placeholder: '选填' },
  result: { label: '处置情况', widget: 'textarea', placeholder: '写明如何处置、结果如何' },
  grade: { label: '哨级', widget: 'radio', options: GRADE_LABEL },
  categoryCode: { label: '事件分类', widget: 'category', placeholder: '不改可不选' },
  lead: { label: '主办部门', widget: 'department' },
  co: { label: '协办部门', widget: 'departments' },
  notify: { label: '知会部门', widget: 'departments' },
  days: { label: '延期天数(工作日)', widget: 'number' },
  toTier: { label: '越级上报至', widget: 'radio', options: TIER_LABEL },
  toArea: { label: '转办至区域', widget: 'area' },
  intoCaseId: { label: '合并到事件', widget: 'case' },
  rating: { label: '评价', widget: 'radio', options: RATING_LABEL },
  comment: { label: '意见', widget: 'textarea', placeholder: '选填' },
  dispatchId: { label: '部门', widget: 'dispatch', placeholder: '不选则为主办部门' },
  overdueStep: { label: '超期环节', widget: 'hidden' },
};

/** Labels that read better for one action (e.g. 不予受理 asks for 不予受理理由). */
const ACTION_FIELDS: Record<string, Record<string, Partial<FieldMeta>>> = {
  reject: { reason: { label: '不予受理理由' } },
  return: { reason: { label: '退回理由', placeholder: '如：不属于本部门职责，建议派给…' } },
  escalate: { reason: { label: '上报理由' } },
  escalate_skip: { reason: { label: '越级上报理由(紧急情况)' } },
  transfer: { reason: { label: '转办理由' } },
  rework: { reason: { label: '返工原因(核查发现的问题)' } },
  reopen: { reason: { label: '重新办理理由' } },
  uphold: { reason: { label: '维持结案理由(将告知上报人)' } },
  reject_return: { reason: { label: '不同意退回的理由' } },
  deny_extension: { reason: { label: '不同意延期的理由' } },
  deny_pause: { reason: { label: '不同意挂起的理由' } },
  request_pause: { reason: { label: '挂起理由(如等待鉴定结果)' } },
  request_extension: { reason: { label: '延期理由' } },
  resolve_locally: { result: { label: '化解情况' } },
  co_handle: { result: { label: '协办情况' } },
  close: { note: { label: '核查意见' } },
  supervise: { note: { label: '督办意见', placeholder: '写明督办要求' } },
  urge: { note: { label: '催办内容' } },
  follow_up: { note: { label: '回访情况' }, rating: { label: '群众评价' } },
  own: { note: { label: '包案说明' } },
};

export function registerPayloadFields(fields: Record<string, FieldMeta>, byAction?: Record<string, Record<string, Partial<FieldMeta>>>): void {
  Object.assign(FIELDS, fields);
  if (byAction) for (const [a, f] of Object.entries(byAction)) ACTION_FIELDS[a] = { ...ACTION_FIELDS[a], ...f };
}

type JsonProp = {
  type?: string;
  enum?: string[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  items?: JsonProp;
};
type JsonObject = { properties?: Record<string, JsonProp>; required?: string[] };

/** The declared payload schema of an action of a kind (the first transition declaring it). */
export function payloadSchema(kind: string, action: string): z.ZodType | undefined {
  return CASE_KINDS[kind]?.transitions.find((t) => t.action === action)?.payload;
}

function widgetFor(prop: JsonProp, meta: FieldMeta | undefined): FieldWidget {
  if (meta?.widget) return meta.widget;
  if (prop.enum) return 'select';
  if (prop.type === 'integer' || prop.type === 'number') return 'number';
  if (prop.type === 'string' && (prop.maxLength ?? 0) > 200) return 'textarea';
  return 'text';
}

export function payloadFields(kind: string, action: string): PayloadField[] {
  const schema = payloadSchema(kind, action);
  if (!schema) return [];
  let json: JsonObject;
  try {
    json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonObject;
  } catch {
    return [];
  }
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, prop]) => {
    const meta: FieldMeta | undefined = FIELDS[name] ? { ...FIELDS[name], ...ACTION_FIELDS[action]?.[name] } : undefined;
    const labels = meta?.options ?? {};
    const min = prop.minimum ?? (prop.exclusiveMinimum !== undefined ? prop.exclusiveMinimum + 1 : undefined);
    return {
      name,
      label: meta?.label ?? name,
      widget: widgetFor(prop, meta),
      required: required.has(name),
      options: (prop.enum ?? []).map((v) => ({ value: v, label: labels[v] ?? v })),
      min,
      max: prop.maximum !== undefined && prop.maximum < 1e9 ? prop.maximum : undefined,
      minLength: prop.minLength,
      maxLength: prop.maxLength,
      pattern: prop.pattern,
      placeholder: meta?.placeholder,
      input: meta?.widget === 'custom' ? meta.input : undefined,
    };
  });
}

/** Checks the collected values against the declared schema before sending (the server checks again). */
export function checkPayload(kind: string, action: string, values: Record<string, unknown>): { field: string; message: string } | null {
  const schema = payloadSchema(kind, action);
  if (!schema) return null;
  const r = schema.safeParse(values);
  if (r.success) return null;
  const issue = r.error.issues[0];
  return { field: String(issue?.path[0] ?? ''), message: '填写内容不符合要求，请检查' };
}
