import { describe, expect, it } from 'vitest';
import { actionNames } from '../../../domain/cases/engine';
import { eventKind } from '../../../domain/cases/event-kind';
import { checkPayload, payloadFields } from './payload-fields';

describe('action forms from the declared payload', () => {
  it('dispatch asks for one lead department (required) and optional co and notify departments', () => {
    const f = payloadFields('event', 'dispatch');
    expect(f.map((x) => [x.name, x.label, x.widget, x.required])).toEqual([
      ['lead', '主办部门', 'department', true],
      ['co', '协办部门', 'departments', false],
      ['notify', '知会部门', 'departments', false],
      ['note', '说明', 'textarea', false],
    ]);
  });

  it('enums become choices with Chinese labels', () => {
    expect(payloadFields('event', 'accept').find((x) => x.name === 'grade')?.options.map((o) => o.label)).toEqual(['常规哨', '重点哨', '疑难哨']);
    expect(payloadFields('event', 'rate').find((x) => x.name === 'rating')?.options.map((o) => o.label)).toEqual(['满意', '基本满意', '不满意']);
  });

  it('gives every field of every event action a Chinese label and keeps the declared limits', () => {
    for (const action of actionNames(eventKind)) {
      for (const f of payloadFields('event', action)) expect(f.label, `${action}.${f.name}`).toMatch(/[\u4e00-\u9fa5]/);
    }
    const reason = payloadFields('event', 'return').find((x) => x.name === 'reason');
    expect(reason).toMatchObject({ label: '退回理由', required: true, minLength: 1, maxLength: 2000 });
    expect(payloadFields('event', 'request_extension').find((x) => x.name === 'days')).toMatchObject({ widget: 'number', min: 1, max: 60 });
  });

  it('checks values against the same schema the server uses', () => {
    expect(checkPayload('event', 'dispatch', { lead: 3, co: [4] })).toBeNull();
    expect(checkPayload('event', 'dispatch', { co: [4] })?.field).toBe('lead');
    expect(payloadFields('event', 'no_such_action')).toEqual([]);
  });
});
