import { ClockCircleOutlined } from '@ant-design/icons';
import { Card, Col, Descriptions, Empty, Row, Statistic, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { LEVEL_LABEL, type AreaLevel } from '../../../domain/area-code';
import { api, type Page } from '../../app/api';
import { visibleNav } from '../../app/nav';
import { useMe } from '../../app/auth';
import type { AreaSummary } from '../../app/types';

function greeting(hour: number): string {
  if (hour < 6) return '夜深了';
  if (hour < 12) return '上午好';
  if (hour < 14) return '中午好';
  if (hour < 18) return '下午好';
  return '晚上好';
}

function levelLabel(level: string): string {
  return LEVEL_LABEL[level as AreaLevel] ?? (level === 'all' ? '全域' : level);
}

/** Area figures for users who manage areas: their scope roots at a glance. */
function ScopeFigures() {
  const [roots, setRoots] = useState<AreaSummary[] | null>(null);
  useEffect(() => {
    api
      .get<Page<AreaSummary>>('/api/areas/roots')
      .then((r) => setRoots(r.items))
      .catch(() => setRoots([]));
  }, []);
  if (!roots || roots.length === 0) return null;
  return (
    <Card title="辖区概况" size="small" style={{ marginTop: 16 }}>
      <Row gutter={[16, 16]}>
        {roots.slice(0, 6).map((a) => (
          <Col key={a.code} xs={24} md={12} xl={8}>
            <Card size="small" variant="borderless" style={{ background: '#fafafa' }}>
              <Typography.Text strong>{a.name}</Typography.Text>
              <Row gutter={8} style={{ marginTop: 8 }}>
                <Col span={6}>
                  <Statistic title="下级区域" value={a.childCount ?? 0} styles={{ content: { fontSize: 20 } }} />
                </Col>
                <Col span={9}>
                  <Statistic title="户数" value={a.households ?? 0} styles={{ content: { fontSize: 20 } }} />
                </Col>
                <Col span={9}>
                  <Statistic title="人口" value={a.population ?? 0} styles={{ content: { fontSize: 20 } }} />
                </Col>
              </Row>
            </Card>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

export function HomePage() {
  const me = useMe();
  const navigate = useNavigate();
  const modules = visibleNav(me).filter((n) => n.path !== '/');
  const areasVisible = modules.some((m) => m.path === '/areas');
  const now = dayjs();

  return (
    <>
      <Card>
        <Row align="middle" gutter={24}>
          <Col flex="auto">
            <Typography.Title level={4} style={{ marginTop: 0 }}>
              {greeting(now.hour())}，{me.displayName}
            </Typography.Title>
            <Typography.Text type="secondary">
              <ClockCircleOutlined /> {now.format('YYYY年M月D日 dddd')}
            </Typography.Text>
          </Col>
          <Col>
            <Descriptions size="small" column={1} style={{ minWidth: 320 }}>
              <Descriptions.Item label="角色">
                {me.roleLabels.map((r) => (
                  <Tag key={r} color="red">
                    {r}
                  </Tag>
                ))}
              </Descriptions.Item>
              <Descriptions.Item label="管辖区域">
                <span data-testid="home-scope">
                  {me.scopes.map((s) => `${s.name}(${levelLabel(s.level)}${s.code ? ` ${s.code}` : ''})`).join('、')}
                </span>
              </Descriptions.Item>
              {me.department && <Descriptions.Item label="所属部门">{me.department.name}</Descriptions.Item>}
            </Descriptions>
          </Col>
        </Row>
      </Card>

      <Card title="我的功能" size="small" style={{ marginTop: 16 }}>
        {modules.length > 0 ? (
          <Row gutter={[16, 16]}>
            {modules.map((m) => (
              <Col key={m.path} xs={24} sm={12} lg={8} xl={6}>
                <Card hoverable className="fq-module-card" onClick={() => navigate(m.path)}>
                  <Card.Meta avatar={m.icon} title={m.label} description={m.description} />
                </Card>
              </Col>
            ))}
          </Row>
        ) : (
          <Empty
            description={
              <>
                <div>事件受理、走访、矛盾调解等业务功能正在建设中。</div>
                <div>
                  您当前的角色为 {me.roleLabels.join('、')}，管辖区域为 {me.scopes.map((s) => s.name).join('、')}。
                </div>
              </>
            }
          />
        )}
      </Card>

      {areasVisible && <ScopeFigures />}
    </>
  );
}
