import { ApartmentOutlined, ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Input, List, Spin, Tree, type TreeDataNode, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { LEVEL_LABEL, type AreaLevel } from '../../../../domain/area-code';
import { api, errorMessage, type Page } from '../../../app/api';
import type { AreaPathItem, AreaSummary } from '../../../app/types';
import { rememberAreaName } from '../../../ui/area-names';

function levelText(a: AreaSummary): string {
  return a.levelLabel ?? LEVEL_LABEL[a.level as AreaLevel] ?? a.level;
}

function isLeaf(a: AreaSummary): boolean {
  if (a.level === 'microgrid') return true;
  return a.childCount === 0;
}

type Props = {
  selected: string | null;
  /** the selected area's ancestors (province first), to open the tree down to it */
  selectedPath: AreaPathItem[] | null;
  onSelect: (code: string) => void;
  /** bumps when children changed (a grid created, renamed or retired) */
  version: number;
  onRoots?: (roots: AreaSummary[]) => void;
};

/** The area tree: the user's scope roots, children loaded on demand, and a search box above it. */
export function AreaTree({ selected, selectedPath, onSelect, version, onRoots }: Props) {
  const [roots, setRoots] = useState<AreaSummary[] | null>(null);
  const [rootError, setRootError] = useState<string | null>(null);
  const [children, setChildren] = useState<Record<string, AreaSummary[]>>({});
  const [expanded, setExpanded] = useState<string[]>([]);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<AreaSummary[] | null>(null);
  const [searching, setSearching] = useState(false);
  const childrenRef = useRef(children);
  childrenRef.current = children;
  const onRootsRef = useRef(onRoots);
  onRootsRef.current = onRoots;

  useEffect(() => {
    api
      .get<Page<AreaSummary>>('/api/areas/roots')
      .then((r) => {
        for (const a of r.items) rememberAreaName(a.code, a.name);
        setRoots(r.items);
        onRootsRef.current?.(r.items);
      })
      .catch((e) => setRootError(errorMessage(e)));
  }, []);

  const loadChildren = useCallback(async (code: string, force = false) => {
    if (!force && childrenRef.current[code]) return;
    const r = await api.get<Page<AreaSummary>>(`/api/areas/${code}/children`);
    for (const a of r.items) rememberAreaName(a.code, a.name);
    setChildren((c) => ({ ...c, [code]: r.items }));
  }, []);

  // after a change below an area, reload the children already shown
  useEffect(() => {
    if (version === 0) return;
    for (const code of Object.keys(childrenRef.current)) loadChildren(code, true).catch(() => {});
  }, [version, loadChildren]);

  // open the tree down to the selected area (selected from the map, the search or a link)
  useEffect(() => {
    if (!roots || !selectedPath) return;
    const inTree = (code: string) => roots.some((r) => code.startsWith(r.code));
    const ancestors = selectedPath.map((p) => p.code).filter((c) => c !== selected && inTree(c));
    if (ancestors.length === 0) return;
    let alive = true;
    (async () => {
      for (const code of ancestors) await loadChildren(code).catch(() => {});
      if (alive) setExpanded((e) => [...new Set([...e, ...ancestors])]);
    })();
    return () => {
      alive = false;
    };
  }, [roots, selectedPath, selected, loadChildren]);

  const treeData = useMemo(() => {
    const build = (a: AreaSummary): TreeDataNode => ({
      key: a.code,
      title: (
        <span>
          {a.name}
          {a.status === 'retired' && <Typography.Text type="secondary">(已撤销)</Typography.Text>}
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
            {levelText(a)}
          </Typography.Text>
        </span>
      ),
      isLeaf: isLeaf(a),
      children: children[a.code]?.map(build),
    });
    return (roots ?? []).map(build);
  }, [roots, children]);

  const search = async (q: string) => {
    const text = q.trim();
    setQuery(text);
    if (!text) {
      setResults(null);
      return;
    }
    setSearching(true);
    try {
      const r = await api.get<Page<AreaSummary>>('/api/areas/search', { q: text });
      setResults(r.items);
    } catch (e) {
      setResults([]);
      setRootError(errorMessage(e));
    } finally {
      setSearching(false);
    }
  };

  return (
    <div>
      <Input.Search
        placeholder="搜索区划、村(社区)或网格名称/编码"
        allowClear
        enterButton
        loading={searching}
        onSearch={search}
        style={{ marginBottom: 12 }}
        data-testid="area-search"
      />
      {rootError && <Alert type="error" showIcon title={rootError} style={{ marginBottom: 12 }} />}
      {results ? (
        <div className="fq-tree-wrap">
          <Button
            type="link"
            size="small"
            icon={<ArrowLeftOutlined />}
            onClick={() => {
              setResults(null);
              setQuery('');
            }}
            style={{ paddingInline: 0 }}
          >
            返回区划树
          </Button>
          <List
            size="small"
            dataSource={results}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`未找到“${query}”`} /> }}
            renderItem={(a) => (
              <List.Item
                style={{ cursor: 'pointer', background: a.code === selected ? '#fff1f0' : undefined }}
                onClick={() => {
                  onSelect(a.code);
                  setResults(null);
                  setQuery('');
                }}
              >
                <List.Item.Meta
                  avatar={<ApartmentOutlined />}
                  title={a.name}
                  description={
                    <span style={{ fontSize: 12 }}>
                      {levelText(a)} · {a.code}
                      {a.path?.length ? ` · ${a.path.map((p) => p.name).join(' / ')}` : ''}
                    </span>
                  }
                />
              </List.Item>
            )}
          />
        </div>
      ) : roots === null && !rootError ? (
        <div style={{ padding: 40, textAlign: 'center' }}>
          <Spin />
        </div>
      ) : (
        <div className="fq-tree-wrap" data-testid="area-tree">
          <Tree
            blockNode
            showLine
            treeData={treeData}
            selectedKeys={selected ? [selected] : []}
            expandedKeys={expanded}
            onExpand={(keys) => setExpanded(keys.map(String))}
            loadData={(node) => loadChildren(String(node.key)).catch(() => {})}
            onSelect={(keys) => {
              if (keys[0]) onSelect(String(keys[0]));
            }}
          />
          {roots?.length === 0 && <Empty description="您的账号未分配管辖区域" />}
        </div>
      )}
    </div>
  );
}
