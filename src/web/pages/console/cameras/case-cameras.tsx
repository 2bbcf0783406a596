/**
 * 视频: the cameras a case cites with the moment of the footage (a link opens the video platform at that time),
 * and, for whoever works the case, a form to cite one of the cameras around the case's place.
 */
import { App, Button, DatePicker, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { CameraView, CaseCameraView } from '../../../../contracts/cameras';
import { api, CSRF_HEADER, errorMessage } from '../../../app/api';
import { hasRole, useAuth } from '../../../app/auth';
import { useLoad } from '../../../ui/use-load';

export function CaseCameras({ caseId, areaCode, at }: { caseId: number; areaCode: string; at?: string | null }) {
  const { message } = App.useApp();
  const { me } = useAuth();
  const canCite = hasRole(me, 'center_staff', 'grid_worker', 'village_cadre', 'mediator', 'leader', 'dept_staff');
  const refs = useLoad(() => api.get<{ items: CaseCameraView[] }>(`/api/cases/${caseId}/cameras`), [caseId]);
  // cameras of the case's village (or town): the footage around the place
  const near = areaCode.slice(0, Math.min(areaCode.length, 12));
  const [q, setQ] = useState('');
  const cams = useLoad(
    () => (canCite ? api.get<{ items: CameraView[] }>('/api/cameras', { area: q ? undefined : near, q: q || undefined, pageSize: 100 }) : Promise.resolve({ items: [] as CameraView[] })),
    [near, q, canCite],
  );
  const [cameraId, setCameraId] = useState<number | undefined>();
  const [time, setTime] = useState<Dayjs | null>(at ? dayjs(at) : dayjs());
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const cite = async () => {
    if (!cameraId || !time) return;
    setBusy(true);
    try {
      await api.post(`/api/cases/${caseId}/cameras`, { cameraId, at: time.format(), note: note.trim() || undefined });
      message.success('已引用视频点位');
      setCameraId(undefined);
      setNote('');
      refs.reload();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (r: CaseCameraView) => {
    const res = await fetch(`/api/cases/${caseId}/cameras/${r.id}`, { method: 'DELETE', credentials: 'same-origin', headers: { ...CSRF_HEADER, accept: 'application/json' } });
    if (!res.ok) message.error('取消引用失败');
    refs.reload();
  };

  return (
    <div data-testid="case-cameras">
      {canCite && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            showSearch
            allowClear
            placeholder="选择视频点位(可按名称、编码搜索)"
            style={{ width: 320 }}
            value={cameraId}
            onChange={setCameraId}
            filterOption={false}
            onSearch={setQ}
            loading={cams.loading}
            options={(cams.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name}(${c.categoryLabel}·${c.statusLabel})` }))}
            data-testid="camera-select"
          />
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" value={time} onChange={setTime} allowClear={false} />
          <Input placeholder="说明(可选)" style={{ width: 200 }} value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} />
          <Button type="primary" onClick={cite} loading={busy} disabled={!cameraId || !time}>
            引用
          </Button>
        </Space>
      )}
      <Table<CaseCameraView>
        rowKey="id"
        size="small"
        pagination={false}
        loading={refs.loading}
        dataSource={refs.data?.items ?? []}
        locale={{ emptyText: '暂未引用视频' }}
        columns={[
          { title: '视频点位', dataIndex: 'name', render: (n: string, r) => <span>{n} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.code}</Typography.Text></span> },
          { title: '类别', dataIndex: 'categoryLabel', width: 70, render: (l: string) => <Tag>{l}</Tag> },
          { title: '录像时间', dataIndex: 'at', width: 150, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          { title: '说明', dataIndex: 'note', render: (v: string | null) => v ?? '—' },
          { title: '引用人', dataIndex: 'createdBy', width: 100, render: (v: string | null) => v ?? '—' },
          {
            title: '操作',
            width: 150,
            render: (_: unknown, r) => (
              <Space size="small">
                {r.videoUrl ? (
                  <a href={r.videoUrl} target="_blank" rel="noopener noreferrer">
                    查看录像
                  </a>
                ) : (
                  <Typography.Text type="secondary">未设置视频平台</Typography.Text>
                )}
                {canCite && (
                  <Popconfirm title="取消引用该视频？" onConfirm={() => remove(r)}>
                    <a>取消</a>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}
