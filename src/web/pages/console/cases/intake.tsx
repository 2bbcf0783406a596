import { PaperClipOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, Radio, Row, Select, Space, Switch, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../../app/api';
import { useMe } from '../../../app/auth';
import { usePageCrumbs } from '../../../app/layout';
import { ATTACHMENT_ACCEPT, ATTACHMENT_MAX_BYTES, uploadAttachment } from '../../../features/cases/attachments';
import { LocationPicker, type MapPoint } from '../../../features/cases/case-map';
import type { CreatedCase } from '../../../features/cases/case-types';
import { useCaseCategories } from '../../../features/cases/case-table';
import { showApiError } from '../../../ui/form-errors';

type Values = {
  title: string;
  description?: string;
  categoryCode: string;
  grade: 'routine' | 'key' | 'hard';
  source?: string;
  urgent: boolean;
  point?: MapPoint | null;
  address?: string;
  reporterName?: string;
  reporterPhone?: string;
};

const CENTRE_SOURCES = [
  { value: 'visit', label: '群众来访' },
  { value: 'hotline', label: '来电' },
  { value: 'patrol', label: '巡查发现' },
  { value: 'video', label: '视频研判' },
  { value: 'intake', label: '其他' },
];

/**
 * 一站式受理 (centre) and 上报事件 (grid worker, cadre): one form for any walk-in, phone call or field report —
 * what happened, where (a point on the map of the user's grids, or a typed address), who reported it, photos.
 */
export function IntakePage({ mode, backTo }: { mode: 'centre' | 'field'; backTo: string }) {
  const me = useMe();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const categories = useCaseCategories();
  const [files, setFiles] = useState<{ key: number; file: File }[]>([]);
  const fileSeq = useRef(0);
  const [busy, setBusy] = useState(false);
  const area = useRef<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const root = me.scopes.find((s) => s.code !== '')?.code ?? '';
  const centre = mode === 'centre';
  usePageCrumbs([{ title: centre ? '一站式受理' : '上报事件' }]);

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const body = {
        kind: 'event',
        title: v.title.trim(),
        description: v.description?.trim() ?? '',
        categoryCode: v.categoryCode,
        grade: v.grade,
        source: centre ? v.source : undefined,
        urgent: v.urgent,
        ...(v.point ? { lng: v.point.lng, lat: v.point.lat } : area.current && area.current !== root ? { areaCode: area.current } : {}),
        address: v.address?.trim() || undefined,
        reporterName: v.reporterName?.trim() || undefined,
        reporterPhone: v.reporterPhone?.trim() || undefined,
      };
      const created = await api.post<CreatedCase>('/api/cases', body);
      const failed: string[] = [];
      for (const { file: f } of files) {
        try {
          await uploadAttachment(created.id, f, v.point);
        } catch {
          failed.push(f.name);
        }
      }
      message.success(`已登记，事件编号 ${created.number}`);
      if (failed.length) message.warning(`以下附件上传失败，可在事件页重新上传：${failed.join('、')}`);
      if (created.duplicates.length) {
        modal.warning({
          title: '发现疑似重复事件',
          content: `${created.duplicates.map((d) => `${d.number} ${d.title}`).join('；')}。受理时可用“合并”按一件办理。`,
        });
      }
      navigate(`${backTo}/${created.id}`, { replace: true });
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };

  const addFiles = (list: FileList | null) => {
    const picked = Array.from(list ?? []);
    const tooBig = picked.filter((f) => f.size > ATTACHMENT_MAX_BYTES);
    if (tooBig.length) message.error(`附件不能超过5MB：${tooBig.map((f) => f.name).join('、')}`);
    setFiles((cur) => [...cur, ...picked.filter((f) => f.size <= ATTACHMENT_MAX_BYTES).map((file) => ({ key: ++fileSeq.current, file }))].slice(0, 9));
    if (fileInput.current) fileInput.current.value = '';
  };

  return (
    <Card title={centre ? '一站式受理 · 登记群众诉求' : '上报事件'} data-testid="intake-form">
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ grade: 'routine', urgent: false, source: 'visit' }}
        scrollToFirstError
      >
        <Row gutter={24}>
          <Col xs={24} xl={12}>
            <Form.Item
              label="标题"
              name="title"
              validateTrigger={['onChange', 'onBlur']}
              rules={[
                { required: true, whitespace: true, message: '请用一句话写明什么事' },
                { max: 100, message: '标题不能超过100个字' },
              ]}
            >
              <Input placeholder="如：幸福路口井盖缺失" maxLength={100} showCount />
            </Form.Item>
            <Form.Item label="事件描述" name="description" rules={[{ max: 5000, message: '描述不能超过5000个字' }]}>
              <Input.TextArea rows={4} placeholder="时间、地点、经过、涉及人员、诉求" />
            </Form.Item>
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item label="事件分类" name="categoryCode" rules={[{ required: true, message: '请选择事件分类' }]}>
                  <Select placeholder="选择分类" options={categories.map((c) => ({ value: c.code, label: c.name }))} data-testid="intake-category" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item label="紧急" name="urgent" valuePropName="checked">
                  <Switch checkedChildren="紧急" unCheckedChildren="一般" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item label="哨级" name="grade" extra="受理时可调整；重点哨4小时内受理、报到">
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={[
                  { value: 'routine', label: '常规哨' },
                  { value: 'key', label: '重点哨' },
                  { value: 'hard', label: '疑难哨' },
                ]}
              />
            </Form.Item>
            {centre && (
              <Form.Item label="来源" name="source">
                <Radio.Group options={CENTRE_SOURCES} />
              </Form.Item>
            )}
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item label={centre ? '反映人姓名' : '反映人(选填)'} name="reporterName" rules={[{ max: 50, message: '姓名不能超过50个字' }]}>
                  <Input placeholder={centre ? '来访或来电群众姓名' : '不填则为本人'} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item
                  label="联系电话"
                  name="reporterPhone"
                  validateTrigger={['onChange', 'onBlur']}
                  rules={[{ pattern: /^1\d{10}$/, message: '请输入11位手机号' }]}
                  extra="凭事件编号和手机号可查询办理进度"
                >
                  <Input placeholder="11位手机号" maxLength={11} />
                </Form.Item>
              </Col>
            </Row>
          </Col>
          <Col xs={24} xl={12}>
            <Form.Item label="事发位置" name="point">
              <LocationPicker rootCode={root} onAreaChange={(code) => (area.current = code)} />
            </Form.Item>
            <Form.Item label="详细地址" name="address" rules={[{ max: 200, message: '地址不能超过200个字' }]}>
              <Input placeholder="如：新兴镇幸福路与文化街交叉口东50米" />
            </Form.Item>
            <Form.Item label="照片或材料" extra="JPG、PNG照片或PDF，每个不超过5MB；保存时记录时间、位置和SHA-256">
              <input ref={fileInput} type="file" accept={ATTACHMENT_ACCEPT} multiple style={{ display: 'none' }} onChange={(e) => addFiles(e.target.files)} data-testid="intake-files" />
              <Space direction="vertical" style={{ width: '100%' }}>
                <Button icon={<PaperClipOutlined />} onClick={() => fileInput.current?.click()}>
                  选择照片或文件
                </Button>
                {files.map(({ key, file: f }) => (
                  <Typography.Text key={key} data-testid="intake-file">
                    {f.name}({Math.max(1, Math.round(f.size / 1024))} KB){' '}
                    <Button type="link" size="small" onClick={() => setFiles((cur) => cur.filter((x) => x.key !== key))}>
                      移除
                    </Button>
                  </Typography.Text>
                ))}
              </Space>
            </Form.Item>
          </Col>
        </Row>
        {!root && <Alert type="warning" showIcon title="您没有管辖区域，无法标注位置" style={{ marginBottom: 12 }} />}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="intake-submit">
            {centre ? '登记' : '上报'}
          </Button>
          <Button onClick={() => navigate(backTo)}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
