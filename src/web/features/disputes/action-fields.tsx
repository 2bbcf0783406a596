/**
 * Chinese labels and controls for the payload fields of the dispute, petition and 12345 actions, so the case
 * page's action forms (generated from the declared zod payloads) ask for a 调解工作队 by picking people, a date
 * with a calendar, the signed 调解协议书 by name, and the 告知 confirmation as a checkbox. Imported for its effect
 * by the pages of the three kinds.
 */
import { Checkbox, DatePicker, Select } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api } from '../../app/api';
import { registerPayloadFields } from '../cases/payload-fields';
import type { Dispute } from './dispute-types';
import { staffOptions, useDisputeStaff } from './staff';

type InputProps<T> = { value?: T; onChange?: (v: T | undefined) => void; id?: string; caseId: number };

/** People of the town (picked) and anyone else typed in (a 五老, a lawyer): names as strings. */
export function PeopleTags({ value, onChange, id, caseId, placeholder }: InputProps<string[]> & { placeholder?: string }) {
  const staff = useDisputeStaff(caseId);
  return (
    <Select
      id={id}
      mode="tags"
      value={value}
      onChange={(v: string[]) => onChange?.(v.length ? v : undefined)}
      options={staffOptions(staff)}
      showSearch={{ optionFilterProp: 'label' }}
      tokenSeparators={['、', '，', ',']}
      placeholder={placeholder ?? '选择本镇工作人员，或直接输入姓名后回车'}
    />
  );
}

/** A calendar that hands the form a YYYY-MM-DD string. */
export function DateInput({ value, onChange, id }: InputProps<string>) {
  return (
    <DatePicker
      id={id}
      value={value ? dayjs(value) : null}
      onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : undefined)}
      style={{ width: 180 }}
      placeholder="选择日期"
    />
  );
}

/** The signed 调解协议书 of the dispute; drafts are listed but cannot be picked. */
function SignedAgreementSelect({ value, onChange, id, caseId }: InputProps<number>) {
  const [options, setOptions] = useState<{ value: number; label: string; disabled: boolean }[]>([]);
  useEffect(() => {
    api
      .get<Dispute>(`/api/disputes/${caseId}`)
      .then((d) =>
        setOptions(
          d.agreements.map((a) => ({
            value: a.id,
            label: a.status === 'signed' ? `调解协议书 ${d.number}-${a.id}(${a.signedOn}签字生效)` : `调解协议书 ${d.number}-${a.id}(草稿，须先签字生效)`,
            disabled: a.status !== 'signed',
          })),
        ),
      )
      .catch(() => setOptions([]));
  }, [caseId]);
  return <Select id={id} value={value} onChange={(v) => onChange?.(v)} options={options} placeholder="选择已签字生效的调解协议书" notFoundContent="尚未制作调解协议书" />;
}

function ToldPetitioner({ value, onChange, id }: InputProps<true>) {
  return (
    <Checkbox id={id} checked={value === true} onChange={(e) => onChange?.(e.target.checked ? true : undefined)}>
      已将延期理由告知信访人
    </Checkbox>
  );
}

registerPayloadFields(
  {
    team: { label: '调解工作队成员', widget: 'custom', input: PeopleTags },
    institution: { label: '鉴定机构', placeholder: '如：第三方司法鉴定中心' },
    agreementId: { label: '调解协议书', widget: 'custom', input: SignedAgreementSelect },
    court: { label: '人民法院', placeholder: '如：丰镇市人民法院' },
    filedOn: { label: '立案/移送日期', widget: 'custom', input: DateInput },
    advice: { label: '告知当事人的途径', widget: 'textarea', placeholder: '如：可向人民法院起诉，或申请劳动仲裁' },
    performance: { label: '协议履行情况', options: { full: '已全部履行', partial: '部分履行', none: '未履行' } },
    kind: { label: '类型', widget: 'radio', options: { reward: '奖励', penalty: '问责(惩)' } },
    target: { label: '对象(人员或单位)', placeholder: '如：木匠沟村网格员 郭某' },
    toOrg: { label: '转送机关', placeholder: '有权处理的机关或单位' },
    content: { label: '书面告知内容', widget: 'textarea' },
    toldPetitioner: { label: '告知信访人', widget: 'custom', input: ToldPetitioner },
    request: { label: '信访请求', widget: 'textarea' },
    facts: { label: '查明的事实和理由', widget: 'textarea' },
    decision: { label: '处理意见', widget: 'radio', options: { support: '支持', explain: '解释说明', reject: '不予支持' } },
    basis: { label: '法律、法规、政策依据', widget: 'textarea' },
  },
  {
    mediate: { note: { label: '调解说明' } },
    appraisal_pause: { reason: { label: '鉴定事项(调解暂停、时限中止)' } },
    succeed: { note: { label: '说明' } },
    terminate: { reason: { label: '终止理由(如：当事人明确拒绝继续调解)' } },
    flag_violence: { note: { label: '风险情况(将立即通报派出所)', placeholder: '如：有人扬言堵门、持械' } },
    accountability: { reason: { label: '事由' } },
    forward: { reason: { label: '转送理由' } },
    extend: { days: { label: '延长天数(日，最多30日)' }, reason: { label: '延期理由' } },
    review: { reason: { label: '复查/复核申请理由' } },
    resume: { note: { label: '恢复说明(如鉴定结果)' } },
  },
);
