/** 月度平安建设报告: figures with formulas, 三无, the children's ranking and notable cases; printable and as Excel. */
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Descriptions, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, withQuery } from '../../../app/api';
import { AreaPicker } from '../../../ui/area-picker';
import { useLoad } from '../../../ui/use-load';
import { type Figure, type RankingRow, type Summary, partsText, valueText } from '../../dashboard/types';

type Report = Summary & {
  ranking: RankingRow[];
  notable: { id: number; number: string; title: string; status: string; grade: string; areaCode: string; owned: boolean; supervised: boolean }[];
};

export function ReportPage() {
  const [area, setArea] = useState<string[]>([]);
  const [month, setMonth] = useState<Dayjs>(dayjs().subtract(1, 'month'));
  const areaCode = area.at(-1);
  const m = month.format('YYYY-MM');
  const { data, loading, error } = useLoad(() => api.get<Report>('/api/metrics/report', { area: areaCode, month: m }), [areaCode, m]);
  return (
    <Card
      title="月度平安建设报告"
      extra={
        <Space className="no-print">
          <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
            打印
          </Button>
          <Button icon={<DownloadOutlined />} href={withQuery('/api/metrics/report.xlsx', { area: areaCode, month: m })}>
            导出Excel
          </Button>
        </Space>
      }
      loading={loading && !data}
    >
      <Space wrap style={{ marginBottom: 16 }} className="no-print">
        <AreaPicker value={area} onChange={setArea} placeholder="本人管辖区域" />
        <DatePicker picker="month" value={month} onChange={(d) => d && setMonth(d)} allowClear={false} />
      </Space>
      {error && <Alert type="error" message={error} />}
      {data && (
        <div data-testid="monthly-report">
          <Typography.Title level={3} style={{ textAlign: 'center' }}>
            {data.area.name}
            {month.format('YYYY年M月')}平安建设工作报告
          </Typography.Title>
          <Typography.Title level={5}>一、主要指标</Typography.Title>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={data.indicators}
            columns={[
              { title: '指标', dataIndex: 'name' },
              { title: '数值', key: 'v', render: (_: unknown, f: Figure) => <b>{valueText(f)}</b> },
              { title: '分子/分母', key: 'p', render: (_: unknown, f: Figure) => partsText(f) },
              { title: '计算公式', dataIndex: 'formula' },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            二、“三无”创建
          </Typography.Title>
          <Descriptions size="small" column={3} bordered>
            <Descriptions.Item label="无信访">{data.threeNone.noPetition ? <Tag color="green">达标</Tag> : <Tag color="red">信访 {data.threeNone.petitions} 件</Tag>}</Descriptions.Item>
            <Descriptions.Item label="无案件">{data.threeNone.noCase ? <Tag color="green">达标</Tag> : <Tag color="red">治安案件 {data.threeNone.cases} 件</Tag>}</Descriptions.Item>
            <Descriptions.Item label="无事故">{data.threeNone.noAccident ? <Tag color="green">达标</Tag> : <Tag color="red">安全隐患 {data.threeNone.accidents} 件</Tag>}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            三、下级单位排名
          </Typography.Title>
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={data.ranking}
            columns={[
              { title: '排名', dataIndex: 'rank', width: 60 },
              { title: '单位', dataIndex: 'name' },
              { title: '综合得分', dataIndex: 'score' },
              ...(data.ranking[0]?.figures ?? []).map((f0, i) => ({ title: f0.name, key: f0.id, render: (_: unknown, r: RankingRow) => `${valueText(r.figures[i])} (${partsText(r.figures[i])})` })),
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            四、重点案件(包案、督办、疑难哨)
          </Typography.Title>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={data.notable}
            columns={[
              { title: '编号', dataIndex: 'number' },
              { title: '事项', dataIndex: 'title' },
              { title: '状态', dataIndex: 'status' },
              { title: '包案', dataIndex: 'owned', render: (v: boolean) => (v ? '是' : '') },
              { title: '督办', dataIndex: 'supervised', render: (v: boolean) => (v ? '是' : '') },
            ]}
          />
        </div>
      )}
    </Card>
  );
}
