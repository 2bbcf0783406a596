/**
 * Form rules that check as the user types with the very functions the server uses: the GB 11643 check of
 * domain/id-card.ts (check digit and a real birth date) and the phone pattern, with the server's wording.
 */
import type { Rule } from 'antd/es/form';
import { ID_CARD_PROBLEM_TEXT, PHONE_RE } from '../../../contracts/people';
import { validateIdCard } from '../../../domain/id-card';

/** Empty passes (the field is optional); anything typed must be a valid 身份证号. */
export const idCardRule: Rule = {
  validator: async (_, v: string | undefined) => {
    const s = v?.trim();
    if (!s) return;
    const problem = validateIdCard(s, new Date());
    if (problem) throw new Error(ID_CARD_PROBLEM_TEXT[problem]);
  },
};

export const phoneRule: Rule = {
  validator: async (_, v: string | undefined) => {
    const s = v?.trim();
    if (!s) return;
    if (!PHONE_RE.test(s)) throw new Error('手机号应为11位手机号或带区号的固定电话');
  },
};
