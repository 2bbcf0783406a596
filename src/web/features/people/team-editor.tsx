/**
 * The 五帮一 helper team of a 重点人员 as form rows: 监护人 is typed (family members have no account);
 * 村干部, 民警, 网格员 are picked by name from the staff of the person's area (GET /api/staff, filtered by role);
 * a 精防医生 or other helper may be picked or typed. A new team starts with the five posts.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Space, Typography } from 'antd';
import type { HelperMemberInput } from '../../../contracts/people';
import { HELPER_ROLE_LABEL, HELPER_ROLES, type HelperRole } from '../../../domain/people/categories';
import { type StaffChoice, StaffPicker } from './pickers';
import { phoneRule } from './rules';

/** Which staff a post is picked from (GET /api/staff?role=…); null: any staff, or a typed name. */
const POST_ROLE: Record<HelperRole, string | null> = {
  guardian: null,
  village_cadre: 'village_cadre',
  doctor: null,
  police: 'dept_staff',
  grid_worker: 'grid_worker',
  other: null,
};

export type TeamRow = { role: HelperRole; member?: StaffChoice | null; guardianName?: string; phone?: string; phoneMasked?: string | null };

/** The five posts of 五帮一, empty. */
export const FIVE_POSTS: TeamRow[] = (['guardian', 'village_cadre', 'doctor', 'police', 'grid_worker'] as HelperRole[]).map((role) => ({ role }));

export function teamRowsOf(team: { role: string; name: string; userId: number | null; phoneMasked: string | null }[]): TeamRow[] {
  return team.map((m) => {
    const role = m.role as HelperRole;
    return role === 'guardian'
      ? { role, guardianName: m.name, phoneMasked: m.phoneMasked }
      : { role, member: { userId: m.userId, name: m.name }, phoneMasked: m.phoneMasked };
  });
}

/** The team on file, followed by the 五帮一 posts still vacant, so that filling one is one pick. */
export function teamRowsWithVacancies(team: { role: string; name: string; userId: number | null; phoneMasked: string | null }[]): TeamRow[] {
  const rows = teamRowsOf(team);
  return [...rows, ...FIVE_POSTS.filter((p) => !rows.some((r) => r.role === p.role))];
}

/** Rows → the API's members; rows left empty are dropped (a post may stay vacant). */
export function teamMembersOf(rows: TeamRow[] | undefined): HelperMemberInput[] {
  const out: HelperMemberInput[] = [];
  for (const r of rows ?? []) {
    const name = (r.role === 'guardian' ? r.guardianName : r.member?.name)?.trim();
    if (!name) continue;
    out.push({
      role: r.role,
      name,
      userId: r.role === 'guardian' ? null : (r.member?.userId ?? null),
      phone: r.phone?.trim() || undefined,
    });
  }
  return out;
}

const ROLE_OPTIONS = HELPER_ROLES.map((r) => ({ value: r, label: HELPER_ROLE_LABEL[r] }));

/** Form.List of the team under `name` (default 'team'); `area` narrows the pickers to the person's area. */
export function TeamEditor({ area, name = 'team' }: { area?: string; name?: string }) {
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <div data-testid="team-editor">
          {fields.map((field) => (
            <Space key={field.key} align="start" style={{ display: 'flex', marginBottom: 4 }} data-testid={`team-row-${field.name}`}>
              <Form.Item name={[field.name, 'role']} rules={[{ required: true, message: '请选择岗位' }]} style={{ width: 120 }}>
                <Select options={ROLE_OPTIONS} />
              </Form.Item>
              <Form.Item noStyle shouldUpdate>
                {({ getFieldValue }) => {
                  const role = getFieldValue([name, field.name, 'role']) as HelperRole;
                  return role === 'guardian' ? (
                    <Form.Item name={[field.name, 'guardianName']} style={{ width: 260 }} rules={[{ max: 64, message: '姓名不超过64字' }]}>
                      <Input placeholder="监护人姓名(家属)" data-testid={`team-guardian-${field.name}`} />
                    </Form.Item>
                  ) : (
                    <Form.Item name={[field.name, 'member']} style={{ width: 260 }} data-testid={`team-member-${field.name}`}>
                      <StaffPicker
                        area={area}
                        role={POST_ROLE[role] ?? undefined}
                        placeholder={`输入${HELPER_ROLE_LABEL[role] ?? ''}姓名查找`}
                      />
                    </Form.Item>
                  );
                }}
              </Form.Item>
              <Form.Item noStyle shouldUpdate>
                {({ getFieldValue }) => (
                  <Form.Item name={[field.name, 'phone']} style={{ width: 170 }} rules={[phoneRule]}>
                    <Input placeholder={(getFieldValue([name, field.name, 'phoneMasked']) as string | null) ?? '联系电话(选填)'} />
                  </Form.Item>
                )}
              </Form.Item>
              <Button type="text" icon={<DeleteOutlined />} aria-label="移除" onClick={() => remove(field.name)} />
            </Space>
          ))}
          <Space>
            <Button icon={<PlusOutlined />} onClick={() => add({ role: 'other' })}>
              添加帮扶人
            </Button>
            <Typography.Text type="secondary">空着的岗位不保存；已存电话只显示脱敏号码，不改可留空。</Typography.Text>
          </Space>
        </div>
      )}
    </Form.List>
  );
}
