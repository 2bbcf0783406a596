/**
 * 入户走访 form (console): the household picked by name or number (or just the grid), the members met, what was
 * found, where and when, an optional 平安夜访 campaign — and, in the same step, the finding reported as an event
 * or a dispute (POST /api/visits, then POST /api/visits/:id/case). Also used for a 重点人员 follow-up.
 */
import { AimOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, DatePicker, Drawer, Form, Input, InputNumber, Select, Space, Typography, Upload, type UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api, type Page } from '../../app/api';
import { type Photo, resizePhoto } from '../../mobile/image';
import { useLoad } from '../../ui/use-load';
import { showFieldError } from './errors';
import { HouseholdPicker, SingleAreaPicker } from './pickers';
import type { HouseholdDetail } from './types';

type Category = { code: string; name: string };
type CampaignOption = { id: number; name: string; areaCode: string; startDate: string; endDate: string; weekday: number };

type VisitValues = {
  householdId?: number | null;
  areaCode?: string;
  personIds?: number[];
  peopleMet?: number;
  visitedAt?: Dayjs;
  findings?: string;
  lat?: number;
  lng?: number;
  campaignId?: number;
  toCase?: boolean;
  caseKind?: 'event' | 'dispute';
  caseTitle?: string;
  categoryCode?: string;
};

export type VisitSaved = { id: number; nextVisitDue: string | null; caseNumber: string | null };

export function RecordVisitDrawer({
  open,
  special,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** a 重点人员 follow-up: the visit counts for them and moves their next due date */
  special?: { id: number; personName: string; areaCode: string } | null;
  onClose: () => void;
  onSaved: (r: VisitSaved) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<VisitValues>();
  const [busy, setBusy] = useState(false);
  // 现场照片: resized in the browser (long side ≤ 1280 px, JPEG) and uploaded once the visit is saved
  const [photos, setPhotos] = useState<(Photo & { uid: string; url: string })[]>([]);
  const [household, setHousehold] = useState<HouseholdDetail | null>(null);
  const [locating, setLocating] = useState(false);
  const householdId = Form.useWatch('householdId', form);
  const toCase = Form.useWatch('toCase', form);
  const caseKind = Form.useWatch('caseKind', form) ?? 'event';
  const campaigns = useLoad(
    () => (open ? api.get<Page<CampaignOption>>('/api/visit-campaigns', { pageSize: 50 }) : Promise.resolve(undefined)),
    [open],
  );
  const categories = useLoad(
    () => (toCase ? api.get<Page<Category>>('/api/case-categories', { kind: caseKind }) : Promise.resolve(undefined)),
    [toCase, caseKind],
  );

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ visitedAt: dayjs(), peopleMet: 1, caseKind: 'event' });
      setHousehold(null);
    }
  }, [open, form]);

  useEffect(() => {
    setHousehold(null);
    form.setFieldValue('personIds', []);
    if (!householdId) return;
    api
      .get<HouseholdDetail>(`/api/households/${householdId}`)
      .then(setHousehold)
      .catch(() => setHousehold(null));
  }, [householdId, form]);

  const today = dayjs().format('YYYY-MM-DD');
  const activeCampaigns = (campaigns.data?.items ?? []).filter((c) => c.startDate <= today && today <= c.endDate);

  const locate = () => {
    if (!navigator.geolocation) {
      message.warning('当前浏览器不支持定位，请手动填写经纬度');
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        form.setFieldsValue({ lat: Number(p.coords.latitude.toFixed(6)), lng: Number(p.coords.longitude.toFixed(6)) });
        setLocating(false);
      },
      () => {
        message.warning('无法获取位置，请手动填写经纬度');
        setLocating(false);
      },
      { timeout: 10_000 },
    );
  };

  const submit = async (v: VisitValues) => {
    setBusy(true);
    try {
      const findings = v.findings?.trim() || null;
      const location = v.lat !== undefined && v.lat !== null && v.lng !== undefined && v.lng !== null ? { lat: v.lat, lng: v.lng } : null;
      const r = await api.post<{ id: number; nextVisitDue: string | null }>('/api/visits', {
        specialPersonId: special?.id ?? null,
        householdId: v.householdId ?? null,
        areaCode: v.householdId || special ? null : (v.areaCode ?? null),
        personIds: v.personIds ?? [],
        peopleMet: v.peopleMet ?? 0,
        findings,
        location,
        campaignId: v.campaignId ?? null,
        visitedAt: v.visitedAt ? v.visitedAt.toISOString() : undefined,
      });
      let failedPhotos = 0;
      for (const p of photos) {
        try {
          await api.post(`/api/visits/${r.id}/photos`, { mime: p.mime, dataBase64: p.dataBase64, filename: p.filename });
        } catch {
          failedPhotos++;
        }
      }
      if (failedPhotos) message.warning(`走访已登记，但有${failedPhotos}张照片未上传成功`);
      let caseNumber: string | null = null;
      if (v.toCase && findings) {
        try {
          const c = await api.post<{ caseId: number; number: string }>(`/api/visits/${r.id}/case`, {
            kind: v.caseKind ?? 'event',
            categoryCode: v.categoryCode,
            title: v.caseTitle?.trim(),
            description: findings,
          });
          caseNumber = c.number;
        } catch (e) {
          // the visit is saved; the report can be made again from the list
          message.warning(`走访已登记，但上报未成功：${e instanceof Error ? e.message : ''}，可在走访记录中重新上报`);
        }
      }
      const due = r.nextVisitDue ? `，下次随访 ${dayjs(r.nextVisitDue).format('YYYY-MM-DD')}` : '';
      const pics = photos.length - failedPhotos;
      message.success(`走访已登记${pics ? `(照片${pics}张)` : ''}${due}${caseNumber ? `，已上报 ${caseNumber}` : ''}`);
      onSaved({ id: r.id, nextVisitDue: r.nextVisitDue, caseNumber });
    } catch (e) {
      showFieldError(e, message, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      title={special ? `登记随访：${special.personName}` : '登记入户走访'}
      open={open}
      onClose={onClose}
      size={560}
      destroyOnHidden
      extra={
        <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="visit-save">
          保存
        </Button>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit} data-testid="visit-form">
        <Form.Item label="走访户" name="householdId" extra={special ? '随访对象所在的户(可不选)' : '选户后可勾选见到的家庭成员；不选户则按网格登记'}>
          <HouseholdPicker area={special?.areaCode} />
        </Form.Item>
        {!householdId && !special && (
          <Form.Item label="网格" name="areaCode" rules={[{ required: true, message: '请选择走访的户或网格' }]}>
            <SingleAreaPicker />
          </Form.Item>
        )}
        {household && (
          <Form.Item label="见到的家庭成员" name="personIds">
            <Checkbox.Group
              options={household.people.map((p) => ({ value: p.id, label: `${p.name}${p.relation ? `(${p.relation})` : ''}` }))}
              onChange={(ids) => form.setFieldValue('peopleMet', Math.max(ids.length, 1))}
            />
          </Form.Item>
        )}
        <Space align="start">
          <Form.Item label="见面人数(人次)" name="peopleMet" rules={[{ required: true, message: '请填写见面人数' }]}>
            <InputNumber min={0} max={100} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item
            label="走访时间"
            name="visitedAt"
            rules={[
              { required: true, message: '请选择走访时间' },
              {
                validator: async (_, d: Dayjs | undefined) => {
                  if (d?.isAfter(dayjs().add(5, 'minute'))) throw new Error('走访时间不能晚于现在');
                },
              },
            ]}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: 200 }} />
          </Form.Item>
        </Space>
        <Form.Item label="位置" extra="在现场可点“定位”，也可手动填写经纬度">
          <Space>
            <Form.Item name="lat" noStyle rules={[{ type: 'number', min: -90, max: 90, message: '纬度为-90到90' }]}>
              <InputNumber placeholder="纬度" style={{ width: 130 }} />
            </Form.Item>
            <Form.Item name="lng" noStyle rules={[{ type: 'number', min: -180, max: 180, message: '经度为-180到180' }]}>
              <InputNumber placeholder="经度" style={{ width: 130 }} />
            </Form.Item>
            <Button icon={<AimOutlined />} loading={locating} onClick={locate}>
              定位
            </Button>
          </Space>
        </Form.Item>
        {activeCampaigns.length > 0 && !special && (
          <Form.Item label="平安夜访" name="campaignId" extra="夜访中的走访计入活动进度">
            <Select allowClear placeholder="不属于夜访可不选" options={activeCampaigns.map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
        )}
        <Form.Item
          label={special ? '随访情况' : '发现问题'}
          name="findings"
          dependencies={['toCase']}
          rules={[
            { max: 2000, message: '不能超过2000字' },
            ({ getFieldValue }) => ({
              validator: async (_, v: string | undefined) => {
                if (getFieldValue('toCase') && !v?.trim()) throw new Error('上报前请写明发现的问题');
              },
            }),
          ]}
        >
          <Input.TextArea
            rows={4}
            placeholder={special ? '精神状态、服药、生活情况、有无异常' : '走访中发现的问题、群众诉求'}
            data-testid="visit-findings"
          />
        </Form.Item>
        <Form.Item label="现场照片" extra="JPG或PNG，最多6张，保存走访后上传">
          <Upload
            listType="picture-card"
            accept="image/jpeg,image/png"
            multiple
            data-testid="visit-photos"
            fileList={photos.map((p): UploadFile => ({ uid: p.uid, name: p.filename, status: 'done', url: p.url, thumbUrl: p.url }))}
            beforeUpload={(file) => {
              if (photos.length >= 6) return Upload.LIST_IGNORE;
              resizePhoto(file)
                .then((p) => setPhotos((ps) => (ps.length >= 6 ? ps : [...ps, { ...p, uid: file.uid, url: `data:image/jpeg;base64,${p.dataBase64}` }])))
                .catch(() => message.error(`${file.name} 无法读取`));
              return false;
            }}
            onRemove={(f) => setPhotos((ps) => ps.filter((p) => p.uid !== f.uid))}
          >
            {photos.length < 6 ? '+ 照片' : null}
          </Upload>
        </Form.Item>
        {!special && (
          <Form.Item name="toCase" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox data-testid="visit-to-case">发现的问题同时上报为事件或矛盾纠纷</Checkbox>
          </Form.Item>
        )}
        {toCase && !special && (
          <div style={{ background: '#fafafa', padding: 12, borderRadius: 6 }}>
            <Form.Item label="上报为" name="caseKind">
              <Select
                options={[
                  { value: 'event', label: '事件' },
                  { value: 'dispute', label: '矛盾纠纷' },
                ]}
                onChange={() => form.setFieldValue('categoryCode', undefined)}
              />
            </Form.Item>
            <Form.Item
              label="标题"
              name="caseTitle"
              rules={[
                { required: true, whitespace: true, message: '请填写标题' },
                { max: 100, message: '不超过100字' },
              ]}
            >
              <Input placeholder="一句话说明问题" />
            </Form.Item>
            <Form.Item label="分类" name="categoryCode" rules={[{ required: true, message: '请选择分类' }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={categories.loading}
                options={(categories.data?.items ?? []).map((c) => ({ value: c.code, label: c.name }))}
              />
            </Form.Item>
          </div>
        )}
        {special && (
          <Typography.Paragraph type="secondary">保存后按随访策略重算该人员的下次随访时间。</Typography.Paragraph>
        )}
      </Form>
    </Drawer>
  );
}
