/** The grid worker's phone app (/m/worker): my grid, report, my tasks, visits, and the offline outbox. */
import { type ReactElement, useCallback, useEffect, useState } from 'react';
import { ApiError, get, type Me, post } from '../api';
import { Banner, LoginForm } from '../shared';
import { Header, TabBar, useOnline, useRoute } from '../ui';
import { CaseDetail, GridHome, MyTasks, OutboxPage, ReportForm, VisitForm } from './worker-pages';
import { flush, listOutbox, type OutboxItem, subscribe } from './outbox';
import { WeeklyReportPage } from './weekly-report';

const BASE = '/m/worker';
const ME_KEY = 'fq-m-worker-me';

export function WorkerApp() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [path, go] = useRoute(BASE);
  const online = useOnline();
  const [outbox, setOutbox] = useState<OutboxItem[]>([]);

  useEffect(() => {
    get<Me>('/api/auth/me')
      .then((m) => {
        localStorage.setItem(ME_KEY, JSON.stringify(m));
        setMe(m);
      })
      .catch((e) => {
        // offline start: the worker signed in on this phone before
        const cached = localStorage.getItem(ME_KEY);
        setMe(e instanceof ApiError && e.network && cached ? (JSON.parse(cached) as Me) : null);
      });
  }, []);

  const refreshOutbox = useCallback(() => {
    if (me) void listOutbox(me.id).then(setOutbox);
  }, [me]);

  useEffect(() => {
    if (!me) return;
    refreshOutbox();
    const unsubscribe = subscribe(refreshOutbox);
    const sync = () => void flush(me.id).then((r) => r.stopped === 'login' && setMe(null));
    sync();
    window.addEventListener('online', sync);
    const timer = window.setInterval(() => navigator.onLine && sync(), 15_000);
    return () => {
      unsubscribe();
      window.removeEventListener('online', sync);
      window.clearInterval(timer);
    };
  }, [me, refreshOutbox]);

  if (me === undefined) return <p className="m-empty">正在打开…</p>;
  if (me === null)
    return (
      <div className="m-app">
        <Header title="枫桥 · 网格员" />
        <LoginForm
          intro="网格员登录：随手上报、处理任务、登记走访，没有信号也能先存着。"
          onDone={(m) => {
            localStorage.setItem(ME_KEY, JSON.stringify(m));
            setMe(m);
          }}
        />
      </div>
    );

  const pending = outbox.filter((i) => i.state === 'pending').length;
  const problems = outbox.filter((i) => i.state !== 'pending').length;
  const [section, sub] = path.split('/');

  const logout = async () => {
    if (pending > 0 && !window.confirm(`还有 ${pending} 条没有同步，退出后要等再次登录才会发送。确定退出？`)) return;
    await post('/api/auth/logout').catch(() => {});
    for (const k of Object.keys(localStorage)) if (k.startsWith('fq-m-')) localStorage.removeItem(k);
    setMe(null);
    go('', true);
  };

  let page: ReactElement;
  if (section === 'report') page = <ReportForm me={me} onDone={() => go('outbox')} />;
  else if (section === 'tasks' && sub) page = <CaseDetail me={me} id={Number(sub)} onBack={() => go('tasks')} onDone={() => go('tasks')} />;
  else if (section === 'tasks') page = <MyTasks me={me} onOpen={(id) => go(`tasks/${id}`)} />;
  else if (section === 'visit' && sub) page = <VisitForm me={me} specialPersonId={Number(sub)} onBack={() => go('')} onDone={() => go('')} />;
  else if (section === 'weekly') page = <WeeklyReportPage me={me} />;
  else if (section === 'outbox') page = <OutboxPage me={me} items={outbox} onOpenCase={(id) => go(`tasks/${id}`)} />;
  else page = <GridHome me={me} onVisit={(id) => go(`visit/${id}`)} onOpenCase={(id) => go(`tasks/${id}`)} onLogout={logout} />;

  const active = section === 'visit' ? '' : (section ?? '');
  return (
    <div className={!online || pending + problems > 0 ? 'm-app m-with-banner' : 'm-app'}>
      <Banner online={online} pending={pending} problems={problems} onOpen={() => go('outbox')} />
      {page}
      <TabBar
        active={active}
        onSelect={(k) => go(k)}
        tabs={[
          { key: '', label: '我的网格', icon: '⌂' },
          { key: 'report', label: '上报事件', icon: '＋' },
          { key: 'tasks', label: '我的任务', icon: '☰' },
          { key: 'weekly', label: '一周一结', icon: '✎' },
          { key: 'outbox', label: '同步', icon: '⇅', badge: pending + problems },
        ]}
      />
    </div>
  );
}
