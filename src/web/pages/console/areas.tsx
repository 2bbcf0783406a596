import { Alert, Card, Col, Descriptions, Empty, Row, Skeleton, Statistic, Tabs, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { LEVEL_LABEL, type AreaLevel } from '../../../domain/area-code';
import { api } from '../../app/api';
import { hasPermission, useMe } from '../../app/auth';
import { usePageCrumbs } from '../../app/layout';
import type { AreaDetail, AreaSummary } from '../../app/types';
import { useLoad } from '../../ui/use-load';
import { AreaMap } from './area/area-map';
import { AreaTree } from './area/area-tree';
import { ChildrenTab, childLevelOf } from './area/children-tab';
import { ForcesTab } from './area/forces-tab';
import { PostsTab } from './area/posts-tab';
import { CameraMap } from './cameras/camera-map';

function levelText(a: AreaDetail): string {
  return a.levelLabel || LEVEL_LABEL[a.level as AreaLevel] || a.level;
}

function AreaSummaryCard({ area }: { area: AreaDetail }) {
  const isGrid = area.level === 'grid' || area.level === 'microgrid';
  const childLevel = childLevelOf(area.level);
  return (
    <Card
      data-testid="area-summary"
      title={
        <span>
          {area.name}
          <Tag color="red" style={{ marginInlineStart: 8 }}>
            {levelText(area)}
          </Tag>
          {area.status === 'retired' && <Tag>已撤销</Tag>}
        </span>
      }
      extra={
        <span style={{ color: 'rgba(0,0,0,0.45)', fontWeight: 400 }}>{[...area.path.map((p) => p.name), area.name].join(' / ')}</span>
      }
    >
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label="区划/网格编码">{area.code}</Descriptions.Item>
            <Descriptions.Item label="级别">{levelText(area)}</Descriptions.Item>
            {isGrid && <Descriptions.Item label="网格类型">{area.gridType ?? '—'}</Descriptions.Item>}
            <Descriptions.Item label="上级">{area.path.length > 0 ? area.path[area.path.length - 1].name : '—'}</Descriptions.Item>
            {area.note && <Descriptions.Item label="备注">{area.note}</Descriptions.Item>}
          </Descriptions>
        </Col>
        <Col xs={24} xl={12}>
          <Row gutter={8}>
            <Col span={8}>
              <Statistic title="户数" value={area.households} />
            </Col>
            <Col span={8}>
              <Statistic title="人口" value={area.population} />
            </Col>
            <Col span={8}>
              <Statistic title={childLevel ? `下级${LEVEL_LABEL[childLevel]}` : '下级区域'} value={area.childCount} />
            </Col>
          </Row>
        </Col>
      </Row>
    </Card>
  );
}

/** 区划与网格: the tree on the left, the selected area on the right (summary, map, tabs). */
export function AreasPage() {
  const me = useMe();
  const canManage = hasPermission(me, 'area:manage');
  const [params, setParams] = useSearchParams();
  const selected = params.get('code');
  const [changes, setChanges] = useState(0);

  const select = useCallback(
    (code: string) => {
      setParams((p) => {
        const next = new URLSearchParams(p);
        next.set('code', code);
        return next;
      });
    },
    [setParams],
  );

  // with nothing selected (first visit, or the menu entry clicked again) show the first scope area
  const [firstRoot, setFirstRoot] = useState<string | null>(null);
  const onRoots = useCallback((roots: AreaSummary[]) => setFirstRoot(roots[0]?.code ?? null), []);
  useEffect(() => {
    if (!selected && firstRoot) setParams({ code: firstRoot }, { replace: true });
  }, [selected, firstRoot, setParams]);

  const { data: area, error, loading } = useLoad(
    () => (selected ? api.get<AreaDetail>(`/api/areas/${selected}`) : Promise.resolve(undefined)),
    [selected, changes],
  );

  usePageCrumbs(
    area ? [...area.path, { code: area.code, name: area.name }].map((p) => ({ title: p.name, path: `/areas?code=${p.code}` })) : [],
  );

  const [tab, setTab] = useState('children');
  useEffect(() => {
    if (area && !childLevelOf(area.level) && area.childCount === 0 && tab === 'children') setTab('posts');
  }, [area, tab]);

  return (
    <Row gutter={16} wrap={false} style={{ alignItems: 'flex-start' }}>
      <Col flex="320px">
        <Card title="区划树" size="small" data-testid="area-tree-card">
          <AreaTree
            selected={selected}
            selectedPath={area?.path ?? null}
            onSelect={select}
            version={changes}
            onRoots={onRoots}
          />
        </Card>
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        {error ? (
          <Alert type="error" showIcon title={error} />
        ) : !selected ? (
          <Card>
            <Empty description="请在左侧选择区域" />
          </Card>
        ) : !area ? (
          <Card>
            <Skeleton active loading={loading} />
          </Card>
        ) : (
          <>
            <AreaSummaryCard area={area} />
            <Card
              size="small"
              title={area.childCount > 0 ? '下级区域分布' : '区域边界'}
              style={{ marginTop: 16 }}
              data-testid="area-map-card"
            >
              <AreaMap code={area.code} refreshKey={changes} onSelect={select} />
            </Card>
            <Card size="small" style={{ marginTop: 16 }}>
              <Tabs
                activeKey={tab}
                onChange={setTab}
                items={[
                  {
                    key: 'children',
                    label: childLevelOf(area.level) ? `下级${LEVEL_LABEL[childLevelOf(area.level)!]}` : '下级区域',
                    children: (
                      <ChildrenTab area={area} canManage={canManage} onSelect={select} onChanged={() => setChanges((c) => c + 1)} />
                    ),
                  },
                  { key: 'posts', label: '责任人', children: <PostsTab area={area} canManage={canManage} /> },
                  { key: 'forces', label: '群防群治力量', children: <ForcesTab area={area} canManage={canManage} /> },
                  { key: 'cameras', label: '视频点位', children: <CameraMap areaCode={area.code} height={360} /> },
                ]}
              />
            </Card>
          </>
        )}
      </Col>
    </Row>
  );
}
