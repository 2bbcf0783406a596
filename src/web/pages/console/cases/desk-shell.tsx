import { Badge, Tabs } from 'antd';
import type { ReactNode } from 'react';
import { Route, Routes, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { CaseDetail } from '../../../features/cases/case-detail';

/** A desk's own routes: the list at its root, a case at `<desk>/:id`, and any extra pages (e.g. `new`). */
export function DeskRoutes({ list, extra }: { list: ReactNode; extra?: Record<string, ReactNode> }) {
  return (
    <Routes>
      <Route index element={list} />
      {Object.entries(extra ?? {}).map(([path, element]) => (
        <Route key={path} path={path} element={element} />
      ))}
      <Route path=":id" element={<CaseRoute />} />
    </Routes>
  );
}

function CaseRoute() {
  const { id } = useParams();
  const navigate = useNavigate();
  return <CaseDetail key={id} id={Number(id)} onBack={() => navigate(-1)} />;
}

export type DeskTab = { key: string; label: string; count?: number; children: ReactNode };

/** Tabs whose selection lives in the address (?tab=), so that coming back from a case keeps it. */
export function DeskTabs({ tabs, defaultKey }: { tabs: DeskTab[]; defaultKey?: string }) {
  const [params, setParams] = useSearchParams();
  const active = params.get('tab') ?? defaultKey ?? tabs[0]?.key;
  return (
    <Tabs
      activeKey={active}
      destroyOnHidden
      onChange={(k) =>
        setParams((p) => {
          const next = new URLSearchParams(p);
          next.set('tab', k);
          return next;
        })
      }
      items={tabs.map((t) => ({
        key: t.key,
        label: (
          <span data-testid={`desk-tab-${t.key}`}>
            {t.label}
            {t.count !== undefined && (
              <Badge
                count={t.count}
                showZero
                overflowCount={999}
                color={t.key === 'overdue' && t.count > 0 ? '#cf1322' : t.count > 0 ? '#1d4f91' : '#bfbfbf'}
                style={{ marginInlineStart: 6 }}
              />
            )}
          </span>
        ),
        children: t.children,
      }))}
    />
  );
}
