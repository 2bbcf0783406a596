import { Modal, Segmented, Table, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../app/api';
import { useLoad } from '../../ui/use-load';
import type { DrillPage, Figure } from './types';

/** The records behind a figure's numerator or denominator (GET /api/metrics/drill), page by page. */
export function DrillModal({ figure, area, from, to, onClose }: { figure: Figure | null; area: string; from: string; to: string; onClose: () => void }) {
  const [part, setPart] = useState<'numerator' | 'denominator'>('numerator');
  const [page, setPage] = useState(1);
  const id = figure?.id;
  const { data, loading, error } = useLoad(
    () => (id ? api.get<DrillPage>('/api/metrics/drill', { indicator: id, area, from, to, part, page, pageSize: 10 }) : Promise.resolve(undefined)),
    [id, area, from, to, part, page],
  );
  return (
    <Modal open={!!figure} onCancel={onClose} footer={null} width={760} title={figure ? `${figure.name} — 穿透明细` : ''} destroyOnHidden>
      {figure && (
        <>
          <Typography.Paragraph type="secondary">{figure.formula}</Typography.Paragraph>
          <Segmented
            value={part}
            onChange={(v) => {
              setPart(v as 'numerator' | 'denominator');
              setPage(1);
            }}
            options={[
              { value: 'numerator', label: `分子：${figure.numeratorLabel} ${figure.numerator}` },
              ...(figure.denominatorLabel ? [{ value: 'denominator', label: `分母：${figure.denominatorLabel} ${figure.denominator}` }] : []),
            ]}
          />
          {error && <Typography.Paragraph type="danger">{error}</Typography.Paragraph>}
          <Table
            style={{ marginTop: 12 }}
            size="small"
            rowKey={(r) => `${r.type}-${r.id}`}
            loading={loading}
            dataSource={data?.items ?? []}
            pagination={{ current: page, pageSize: 10, total: data?.total ?? 0, onChange: setPage, showTotal: (n) => `共 ${n} 条` }}
            columns={[
              { title: '记录', dataIndex: 'label' },
              { title: '区域编码', dataIndex: 'areaCode', width: 170 },
              { title: '时间', dataIndex: 'at', width: 170, render: (v: string | null) => (v ? new Date(v).toLocaleString('zh-CN', { hour12: false }) : '—') },
            ]}
          />
        </>
      )}
    </Modal>
  );
}
