/** The worker app's screens. Reads fall back to the last copy kept on the phone; writes go through the outbox. */
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, type Category, formatDate, formatTime, get, loadCategories, type Me, type Page, qs } from '../api';
import { currentPosition, type Photo, type Position, resizePhoto } from '../image';
import { Button, Card, DeadlineTag, Empty, ErrorText, Field, Header, StatusTag } from '../ui';
import { enqueue, flush, type OutboxItem, removeItem, retryItem } from './outbox';

type CaseItem = {
  id: number;
  number: string;
  status: string;
  statusLabel: string;
  version: number;
  title: string;
  urgent: boolean;
  createdAt: string;
  dueAt: string | null;
  deadlineState: 'normal' | 'due_soon' | 'overdue' | null;
};
type CaseDetailView = CaseItem & {
  description: string;
  address: string | null;
  categoryName: string | null;
  tierLabel: string;
  nextActions: { action: string; label: string }[];
  attachments: { id: number }[];
};
type DuePerson = {
  id: number;
  personName: string;
  areaName: string | null;
  categoryLabel: string;
  nextVisitDue: string | null;
  dueStatus: 'overdue' | 'due_soon' | 'scheduled' | null;
  daysOverdue: number;
};

const OPEN_STATUSES = 'reported,escalated,transferred,accepted,assigned,in_progress,returned,suspended,handled';

/** GET that keeps the last answer on the phone, for opening the app without a connection. */
async function cachedGet<T>(me: Me, path: string): Promise<{ data: T; stale: boolean }> {
  const key = `fq-m-cache:${me.id}:${path}`;
  try {
    const data = await get<T>(path);
    try {
      localStorage.setItem(key, JSON.stringify(data));
    } catch {
      // storage full: keep working online
    }
    return { data, stale: false };
  } catch (e) {
    const hit = localStorage.getItem(key);
    if (e instanceof ApiError && e.network && hit) return { data: JSON.parse(hit) as T, stale: true };
    throw e;
  }
}

function useCached<T>(me: Me, path: string | null): { data: T | null; stale: boolean; error: string | null } {
  const [state, setState] = useState<{ data: T | null; stale: boolean; error: string | null }>({ data: null, stale: false, error: null });
  useEffect(() => {
    if (!path) return;
    let live = true;
    cachedGet<T>(me, path)
      .then((r) => live && setState({ data: r.data, stale: r.stale, error: null }))
      .catch((e) => live && setState({ data: null, stale: false, error: e instanceof ApiError ? e.message : '加载失败' }));
    return () => {
      live = false;
    };
  }, [me, path]);
  return state;
}

function Stale({ stale }: { stale: boolean }) {
  return stale ? <p className="m-hint">没有网络，显示的是上次打开时的内容</p> : null;
}

/** The worker's grids (or the community/village when that is the scope). */
function myAreas(me: Me) {
  return me.scopes.length ? me.scopes : [];
}

export function GridHome({ me, onVisit, onOpenCase, onLogout }: { me: Me; onVisit: (id: number) => void; onOpenCase: (id: number) => void; onLogout: () => void }) {
  const area = myAreas(me)[0];
  const a = area ? area.code : undefined;
  const households = useCached<Page<unknown>>(me, area ? `/api/households${qs({ area: a, pageSize: 1 })}` : null);
  const people = useCached<Page<unknown>>(me, area ? `/api/people${qs({ area: a, pageSize: 1 })}` : null);
  const due = useCached<Page<DuePerson> & { overdue: number }>(me, '/api/visits/due?scope=mine&pageSize=50');
  const open = useCached<Page<CaseItem>>(me, `/api/cases${qs({ area: a, status: OPEN_STATUSES, pageSize: 20 })}`);
  return (
    <>
      <Header
        title={area ? area.name : '我的网格'}
        right={
          <button type="button" className="m-link" onClick={onLogout}>
            退出
          </button>
        }
      />
      <div className="m-body">
        <p className="m-hint" style={{ margin: '0 0 10px' }}>
          {me.displayName} · {me.roleLabels.join('、')}
        </p>
        <div className="m-stats" data-testid="grid-stats" style={{ marginBottom: 12 }}>
          <div className="m-stat">
            <b>{households.data?.total ?? '–'}</b>
            <span>户</span>
          </div>
          <div className="m-stat">
            <b>{people.data?.total ?? '–'}</b>
            <span>人</span>
          </div>
          <div className="m-stat">
            <b>{open.data?.total ?? '–'}</b>
            <span>未办结事件</span>
          </div>
        </div>
        <Card title={`待走访重点人员${due.data ? `(${due.data.total})` : ''}`} testId="due-visits">
          <Stale stale={due.stale} />
          <ErrorText error={due.error} />
          {due.data && due.data.items.length === 0 && <Empty>近期没有到期的随访</Empty>}
          <ul className="m-list">
            {due.data?.items.map((p) => (
              <li key={p.id}>
                <button type="button" className="m-row" onClick={() => onVisit(p.id)}>
                  <div className="m-row-title">
                    {p.dueStatus === 'overdue' && p.daysOverdue > 0 ? (
                      <span className="m-tag m-tag-red">逾期{p.daysOverdue}天</span>
                    ) : p.dueStatus === 'overdue' ? (
                      <span className="m-tag m-tag-red">今天到期</span>
                    ) : (
                      <span className="m-tag m-tag-orange">临期</span>
                    )}
                    {p.personName}
                  </div>
                  <div className="m-row-sub">
                    {p.categoryLabel} · {p.areaName ?? ''} · 应于{formatDate(p.nextVisitDue)}前随访 · 点此记录走访
                  </div>
                </button>
              </li>
            ))}
          </ul>
        </Card>
        <Card title="网格内未办结事件" testId="open-events">
          <Stale stale={open.stale} />
          <ErrorText error={open.error} />
          {open.data && open.data.items.length === 0 && <Empty>没有未办结的事件</Empty>}
          <CaseList items={open.data?.items ?? []} onOpen={onOpenCase} />
        </Card>
      </div>
    </>
  );
}

function CaseList({ items, onOpen }: { items: CaseItem[]; onOpen: (id: number) => void }) {
  return (
    <ul className="m-list">
      {items.map((c) => (
        <li key={c.id}>
          <button type="button" className="m-row" onClick={() => onOpen(c.id)}>
            <div className="m-row-title">
              {c.urgent && <span className="m-tag m-tag-red">紧急</span>}
              {c.title}
            </div>
            <div className="m-row-sub">
              <StatusTag status={c.status} label={c.statusLabel} />
              <DeadlineTag state={c.deadlineState} dueAt={c.dueAt} />
            </div>
            <div className="m-row-sub">
              {c.number} · {formatTime(c.createdAt)}
            </div>
          </button>
        </li>
      ))}
    </ul>
  );
}

export function MyTasks({ me, onOpen }: { me: Me; onOpen: (id: number) => void }) {
  const todo = useCached<Page<CaseItem>>(me, '/api/cases?desk=intake&pageSize=50');
  const mine = useCached<Page<CaseItem>>(me, '/api/cases?desk=mine&pageSize=30');
  return (
    <>
      <Header title="我的任务" />
      <div className="m-body">
        <Card title={`待我处理${todo.data ? `(${todo.data.total})` : ''}`} testId="tasks-todo">
          <p className="m-hint" style={{ marginTop: 0 }}>
            网格内等待就地化解或上报的事件，按办理时限排列
          </p>
          <Stale stale={todo.stale} />
          <ErrorText error={todo.error} />
          {todo.data && todo.data.items.length === 0 && <Empty>暂时没有待处理的事件</Empty>}
          <CaseList items={[...(todo.data?.items ?? [])].sort((x, y) => (x.dueAt ?? '9').localeCompare(y.dueAt ?? '9'))} onOpen={onOpen} />
        </Card>
        <Card title="我上报的" testId="tasks-mine">
          <Stale stale={mine.stale} />
          {mine.data && mine.data.items.length === 0 && <Empty>还没有上报过事件</Empty>}
          <CaseList items={mine.data?.items ?? []} onOpen={onOpen} />
        </Card>
      </div>
    </>
  );
}

const PHONE_ACTIONS: Record<string, { field: 'result' | 'reason'; prompt: string }> = {
  resolve_locally: { field: 'result', prompt: '化解情况(做了什么，结果如何)' },
  escalate: { field: 'reason', prompt: '上报原因(为什么网格解决不了)' },
};

export function CaseDetail({ me, id, onBack, onDone }: { me: Me; id: number; onBack: () => void; onDone: () => void }) {
  const detail = useCached<CaseDetailView>(me, `/api/cases/${id}`);
  const [action, setAction] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const c = detail.data;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!c || !action) return;
    const spec = PHONE_ACTIONS[action];
    if (!text.trim()) {
      setError(`请填写${spec.prompt}`);
      return;
    }
    const label = c.nextActions.find((a) => a.action === action)?.label ?? action;
    await enqueue(me.id, {
      kind: 'action',
      label: `${label}：${c.title}`,
      path: `/api/cases/${c.id}/actions/${action}`,
      body: { version: c.version, [spec.field]: text.trim() },
      caseId: c.id,
    });
    onDone();
  };
  const actions = c?.nextActions.filter((a) => a.action in PHONE_ACTIONS) ?? [];
  return (
    <>
      <Header title="事件详情" onBack={onBack} />
      <div className="m-body">
        <ErrorText error={detail.error} />
        <Stale stale={detail.stale} />
        {c && (
          <Card title={c.title}>
            <p style={{ margin: '0 0 8px' }}>
              <StatusTag status={c.status} label={c.statusLabel} />
              <DeadlineTag state={c.deadlineState} dueAt={c.dueAt} />
            </p>
            <dl className="m-kv">
              <dt>编号</dt>
              <dd>{c.number}</dd>
              <dt>类别</dt>
              <dd>{c.categoryName ?? ''}</dd>
              <dt>层级</dt>
              <dd>{c.tierLabel}</dd>
              <dt>地点</dt>
              <dd>{c.address ?? '—'}</dd>
              <dt>上报</dt>
              <dd>{formatTime(c.createdAt)}</dd>
              <dt>情况</dt>
              <dd>{c.description || '—'}</dd>
            </dl>
          </Card>
        )}
        {c && actions.length > 0 && (
          <Card title="办理">
            <div className="m-btns" style={{ marginBottom: 10 }}>
              {actions.map((a) => (
                <Button key={a.action} primary={action === a.action} onClick={() => setAction(a.action)}>
                  {a.label}
                </Button>
              ))}
            </div>
            {action && (
              <form onSubmit={submit}>
                <Field label={PHONE_ACTIONS[action].prompt}>
                  <textarea value={text} onChange={(e) => setText(e.target.value)} />
                </Field>
                <ErrorText error={error} />
                <Button primary type="submit">
                  提交{navigator.onLine ? '' : '(先存在手机里)'}
                </Button>
              </form>
            )}
          </Card>
        )}
        {c && actions.length === 0 && <p className="m-hint">这件事现在不需要您在手机上办理。</p>}
      </div>
    </>
  );
}

export function ReportForm({ me, onDone }: { me: Me; onDone: () => void }) {
  const [categories, setCategories] = useState<Category[]>([]);
  const [categoryCode, setCategoryCode] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [address, setAddress] = useState('');
  const areas = myAreas(me);
  const [areaCode, setAreaCode] = useState(areas[0]?.code ?? '');
  const [urgent, setUrgent] = useState(false);
  const [photos, setPhotos] = useState<(Photo & { url: string })[]>([]);
  const [position, setPosition] = useState<Position | null>(null);
  const [locating, setLocating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    loadCategories()
      .then((c) => {
        setCategories(c);
        setCategoryCode((v) => v || c[0]?.code || '');
      })
      .catch(() => setError('没有事件类别，请联网后再打开一次'));
  }, []);

  const locate = async () => {
    setLocating(true);
    setError(null);
    try {
      setPosition(await currentPosition());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLocating(false);
    }
  };

  const addPhotos = async (files: FileList | null) => {
    if (!files) return;
    const out: (Photo & { url: string })[] = [];
    for (const f of Array.from(files).slice(0, 6 - photos.length)) {
      try {
        const p = await resizePhoto(f);
        out.push({ ...p, url: `data:image/jpeg;base64,${p.dataBase64}` });
      } catch {
        setError('有照片无法读取');
      }
    }
    setPhotos((ps) => [...ps, ...out]);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return setError('请填写事件标题');
    if (!categoryCode) return setError('请选择事件类别');
    if (!position && !areaCode) return setError('请定位或选择网格');
    setBusy(true);
    const body: Record<string, unknown> = {
      kind: 'event',
      title: title.trim(),
      description: description.trim(),
      categoryCode,
      source: 'grid',
      urgent,
    };
    if (areaCode) body.areaCode = areaCode;
    if (address.trim()) body.address = address.trim();
    if (position) {
      body.lng = position.lng;
      body.lat = position.lat;
    }
    await enqueue(me.id, {
      kind: 'report',
      label: `上报事件：${title.trim()}`,
      path: '/api/cases',
      body,
      photos: photos.map((p) => ({
        filename: p.filename,
        mime: p.mime,
        dataBase64: p.dataBase64,
        takenAt: p.takenAt,
        ...(position ? { lng: position.lng, lat: position.lat } : {}),
      })),
    });
    setBusy(false);
    onDone();
  };

  return (
    <>
      <Header title="上报事件" />
      <form className="m-body" onSubmit={submit}>
        <Card title="现场照片">
          <div className="m-photos">
            {photos.map((p, i) => (
              <img key={p.url.slice(-24) + String(i)} src={p.url} alt={`照片${i + 1}`} />
            ))}
          </div>
          <div className="m-btn m-file">
            拍照 / 选照片{photos.length ? `(已有${photos.length}张)` : ''}
            <input type="file" accept="image/*" capture="environment" multiple aria-label="拍照" onChange={(e) => void addPhotos(e.target.files)} />
          </div>
        </Card>
        <Card title="位置">
          <Button onClick={locate} disabled={locating}>
            {locating ? '正在定位…' : position ? `已定位(误差约${Math.round(position.accuracy)}米)，重新定位` : '用手机定位'}
          </Button>
          <Field label="所在网格" hint="定位不到时按这里选的网格上报">
            <select value={areaCode} onChange={(e) => setAreaCode(e.target.value)}>
              {areas.map((a) => (
                <option key={a.code} value={a.code}>
                  {a.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="具体地点(选填)">
            <input placeholder="如：东街12号门口" value={address} maxLength={200} onChange={(e) => setAddress(e.target.value)} />
          </Field>
        </Card>
        <Card title="事件情况">
          <Field label="事件类别">
            <select value={categoryCode} onChange={(e) => setCategoryCode(e.target.value)}>
              {categories.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="标题">
            <input placeholder="一句话说清楚，如：东街井盖破损" value={title} maxLength={100} onChange={(e) => setTitle(e.target.value)} />
          </Field>
          <Field label="详细情况">
            <textarea placeholder="发生了什么、涉及哪些人、现在怎样" value={description} maxLength={5000} onChange={(e) => setDescription(e.target.value)} />
          </Field>
          <label className="m-field" style={{ display: 'flex', alignItems: 'center', gap: 10 }}>
            <input type="checkbox" checked={urgent} onChange={(e) => setUrgent(e.target.checked)} style={{ width: 24, height: 24 }} />
            <span style={{ margin: 0 }}>紧急(可能危及安全)</span>
          </label>
        </Card>
        <ErrorText error={error} />
        <Button primary type="submit" disabled={busy}>
          {navigator.onLine ? '上报' : '先存下，有网后自动上报'}
        </Button>
      </form>
    </>
  );
}

export function VisitForm({ me, specialPersonId, onBack, onDone }: { me: Me; specialPersonId: number; onBack: () => void; onDone: () => void }) {
  const due = useCached<Page<DuePerson>>(me, '/api/visits/due?scope=mine&pageSize=50');
  const person = due.data?.items.find((p) => p.id === specialPersonId);
  const [findings, setFindings] = useState('');
  const [peopleMet, setPeopleMet] = useState('1');
  const [photos, setPhotos] = useState<(Photo & { url: string })[]>([]);
  const [error, setError] = useState<string | null>(null);
  const addPhotos = async (files: FileList | null) => {
    if (!files) return;
    const out: (Photo & { url: string })[] = [];
    for (const f of Array.from(files).slice(0, 6 - photos.length)) {
      try {
        const p = await resizePhoto(f);
        out.push({ ...p, url: `data:image/jpeg;base64,${p.dataBase64}` });
      } catch {
        setError('有照片无法读取');
      }
    }
    setPhotos((ps) => [...ps, ...out]);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!findings.trim()) return setError('请填写走访情况');
    await enqueue(me.id, {
      kind: 'visit',
      label: `走访${person ? person.personName : ''}`,
      path: '/api/visits',
      body: { specialPersonId, findings: findings.trim(), peopleMet: Number(peopleMet) || 0, visitedAt: new Date().toISOString() },
      // queued with the visit: sent after it, each with its own key, also when the phone was offline
      photos: photos.map((p) => ({ filename: p.filename, mime: p.mime, dataBase64: p.dataBase64, takenAt: p.takenAt })),
    });
    onDone();
  };
  return (
    <>
      <Header title="记录走访" onBack={onBack} />
      <form className="m-body" onSubmit={submit}>
        <Card title={person ? `${person.personName}(${person.categoryLabel})` : '重点人员随访'}>
          <Field label="见到几人">
            <input type="number" inputMode="numeric" min={0} max={100} value={peopleMet} onChange={(e) => setPeopleMet(e.target.value)} />
          </Field>
          <Field label="走访情况">
            <textarea placeholder="精神状态、生活情况、有无异常" value={findings} maxLength={2000} onChange={(e) => setFindings(e.target.value)} />
          </Field>
          <div className="m-photos">
            {photos.map((p, i) => (
              <img key={p.url.slice(-24) + String(i)} src={p.url} alt={`照片${i + 1}`} />
            ))}
          </div>
          <div className="m-btn m-file">
            拍照{photos.length ? `(已有${photos.length}张)` : ''}
            <input type="file" accept="image/*" capture="environment" multiple aria-label="走访拍照" onChange={(e) => void addPhotos(e.target.files)} />
          </div>
          <ErrorText error={error} />
          <Button primary type="submit">
            保存走访
          </Button>
        </Card>
      </form>
    </>
  );
}

export function OutboxPage({ me, items, onOpenCase }: { me: Me; items: OutboxItem[]; onOpenCase: (id: number) => void }) {
  const [note, setNote] = useState<string | null>(null);
  const pending = items.filter((i) => i.state === 'pending');
  const conflicts = items.filter((i) => i.state === 'conflict');
  const failed = items.filter((i) => i.state === 'failed');
  const syncNow = async () => {
    const r = await flush(me.id);
    setNote(r.stopped === 'offline' ? '还是没有网络，有网后会自动发送' : r.stopped === 'login' ? '登录已过期，请重新登录' : `已同步 ${r.sent} 条`);
  };
  return (
    <>
      <Header title="同步" />
      <div className="m-body">
        <Card title={`待同步(${pending.length})`} testId="outbox-pending">
          {pending.length === 0 && <Empty>全部已同步</Empty>}
          <ul className="m-list">
            {pending.map((i) => (
              <li key={i.key} className="m-row">
                <div className="m-row-title">{i.label}</div>
                <div className="m-row-sub">
                  {formatTime(i.queuedAt)} 存下{i.photos?.length ? ` · ${i.photos.length}张照片` : ''}
                  {i.created ? ` · 已生成 ${i.created.number}，照片上传中` : ''}
                </div>
              </li>
            ))}
          </ul>
          {pending.length > 0 && <Button onClick={syncNow}>立即同步</Button>}
          {note && <p className="m-hint">{note}</p>}
        </Card>
        <Card title={`冲突(${conflicts.length})`} testId="outbox-conflicts">
          <p className="m-hint" style={{ marginTop: 0 }}>
            您离线时这件事已被别人办理过，您的操作没有覆盖它。请看清最新情况再决定。
          </p>
          {conflicts.length === 0 && <Empty>没有冲突</Empty>}
          <ul className="m-list">
            {conflicts.map((i) => (
              <li key={i.key} style={{ padding: '10px 0' }}>
                <div className="m-row-title">您的操作：{i.label}</div>
                {typeof i.body.result === 'string' && <div className="m-row-sub">您填写的：{i.body.result}</div>}
                {typeof i.body.reason === 'string' && <div className="m-row-sub">您填写的：{i.body.reason}</div>}
                <div className="m-row-sub">服务器答复：{i.message}</div>
                {i.server && (
                  <div className="m-row-sub">
                    现在的状态：<StatusTag status={i.server.status} label={i.server.statusLabel} /> {i.server.number}
                  </div>
                )}
                <div style={{ marginTop: 8 }}>
                  {i.caseId && (
                    <Button
                      small
                      primary
                      onClick={async () => {
                        await removeItem(i.key);
                        onOpenCase(i.caseId!);
                      }}
                    >
                      看最新情况重新办理
                    </Button>
                  )}
                  <Button small onClick={() => void removeItem(i.key)}>
                    放弃我的操作
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        </Card>
        {failed.length > 0 && (
          <Card title={`未能提交(${failed.length})`} testId="outbox-failed">
            <ul className="m-list">
              {failed.map((i) => (
                <li key={i.key} style={{ padding: '10px 0' }}>
                  <div className="m-row-title">{i.label}</div>
                  <div className="m-row-sub">原因：{i.message}</div>
                  <div style={{ marginTop: 8 }}>
                    <Button small primary onClick={() => void retryItem(i)}>
                      再试一次
                    </Button>
                    <Button small onClick={() => void removeItem(i.key)}>
                      放弃
                    </Button>
                  </div>
                </li>
              ))}
            </ul>
          </Card>
        )}
      </div>
    </>
  );
}
