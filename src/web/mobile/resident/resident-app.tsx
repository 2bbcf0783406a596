/** The resident H5 (/m): 随手报, 进度随时看, 满不满意随时评, 政策法规随时知. Plain words, big buttons. */
import { type FormEvent, type ReactElement, useEffect, useState } from 'react';
import { DEFAULT_EVENT_CATEGORIES } from '../../../domain/cases/categories';
import { ApiError, type Category, formatDate, formatTime, get, loadCategories, type Me, newKey, type Page, post, qs } from '../api';
import { currentPosition, type Photo, type Position, resizePhoto } from '../image';
import { LoginForm } from '../shared';
import { Button, Card, Choice, Empty, ErrorText, Field, Header, StatusTag, TabBar, useRoute } from '../ui';

const BASE = '/m';

type MyCase = { id: number; number: string; status: string; statusLabel: string; title: string; createdAt: string; version: number };
type CaseDetailView = MyCase & { nextActions: { action: string; label: string }[]; rating: string | null; ratingComment: string | null };
type Track = { number: string; title: string; status: string; statusLabel: string; createdAt: string; timeline: { at: string; text: string }[] };
type Figures = { areaCode: string; areaName: string; year: number; total: number; open: number; closed: number; rated: number; satisfactionRate: number | null };
type Village = { code: string; name: string; townName: string | null };
type Knowledge = { id: number; title: string; summary: string; kindLabel: string; source: string | null; effectiveDate: string | null };

export function ResidentApp() {
  const [path, go] = useRoute(BASE);
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  useEffect(() => {
    get<Me>('/api/auth/me')
      .then(setMe)
      .catch(() => setMe(null));
  }, []);
  const [section, sub] = path.split('/');
  const logout = async () => {
    await post('/api/auth/logout').catch(() => {});
    setMe(null);
  };
  let page: ReactElement;
  if (section === 'track' && sub) page = <MyCaseDetail id={Number(sub)} onBack={() => go('track')} />;
  else if (section === 'track') page = <Progress me={me ?? null} onOpen={(id) => go(`track/${id}`)} />;
  else if (section === 'policy' && sub) page = <PolicyDetail id={Number(sub)} onBack={() => go('policy')} />;
  else if (section === 'policy') page = <Policies onOpen={(id) => go(`policy/${id}`)} />;
  else if (section === 'login') page = <Login onDone={(m) => { setMe(m); go('', true); }} />;
  else page = <Report me={me ?? null} onLogin={() => go('login')} onLogout={logout} onTrack={() => go('track')} />;
  return (
    <div className="m-app">
      {page}
      <TabBar
        active={section === 'login' ? '' : (section ?? '')}
        onSelect={(k) => go(k)}
        tabs={[
          { key: '', label: '随手报', icon: '✎' },
          { key: 'track', label: '查进度', icon: '◷' },
          { key: 'policy', label: '政策法规', icon: '§' },
        ]}
      />
    </div>
  );
}

function Login({ onDone }: { onDone: (me: Me) => void }) {
  return (
    <>
      <Header title="登录" onBack={() => window.history.back()} />
      <LoginForm intro="登录后，您反映的事都能在“查进度”里看到，办完了还能打分。" onDone={onDone} />
    </>
  );
}

function Report({ me, onLogin, onLogout, onTrack }: { me: Me | null; onLogin: () => void; onLogout: () => void; onTrack: () => void }) {
  const [categories, setCategories] = useState<Category[]>([]);
  const [categoryCode, setCategoryCode] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [address, setAddress] = useState('');
  const [phone, setPhone] = useState('');
  const [photos, setPhotos] = useState<(Photo & { url: string })[]>([]);
  const [position, setPosition] = useState<Position | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ number: string; phone: string } | null>(null);
  // not signed in: report with a phone number instead (POST /api/public/reports)
  const [anonymous, setAnonymous] = useState(false);
  const [name, setName] = useState('');
  const [village, setVillage] = useState<Village | null>(null);
  // one key per report: pressing 提交 again after a network hiccup never files it twice
  const [key, setKey] = useState(newKey);

  useEffect(() => {
    if (me) loadCategories().then((c) => {
      setCategories(c);
      setCategoryCode((v) => v || c[0]?.code || '');
    }).catch(() => setError('暂时打不开，请稍后再试'));
  }, [me]);

  useEffect(() => {
    if (me === null && anonymous) {
      const local = DEFAULT_EVENT_CATEGORIES.map((c) => ({ code: c.code, name: c.name, active: true }));
      setCategories(local);
      setCategoryCode((v) => v || 'other');
    }
  }, [me, anonymous]);
  const myVillage = me?.scopes.find((s) => s.code.length >= 12)?.code.slice(0, 12) ?? null;

  if (me === null && !anonymous)
    return (
      <>
        <div className="m-hero">
          <h1>随手拍 · 随手报</h1>
          <p>路灯坏了、垃圾没人清、邻里起了纠纷……拍一张照片告诉我们，办到哪一步随时能查。</p>
        </div>
        <div className="m-body">
          <Card>
            <Button primary onClick={() => setAnonymous(true)}>
              不登录，留手机号反映
            </Button>
            <Button onClick={onLogin}>登录后反映问题</Button>
            <Button onClick={onTrack}>凭编号和手机号查进度</Button>
            <p className="m-hint">不登录也能反映：留下手机号，凭事件编号和手机号随时查进度。</p>
          </Card>
        </div>
      </>
    );

  if (done)
    return (
      <>
        <Header title="已收到" />
        <div className="m-body">
          <Card title="您反映的问题已提交" testId="report-done">
            <p>
              事件编号：<b data-testid="case-number">{done.number}</b>
            </p>
            <p className="m-hint">记下这个编号。{done.phone ? `凭编号和手机号 ${done.phone} 随时能查办理进度。` : '在“查进度”里随时能看。'}</p>
            <Button primary onClick={onTrack}>
              查看进度
            </Button>
            <Button
              onClick={() => {
                setDone(null);
                setKey(newKey());
              }}
            >
              再报一件
            </Button>
          </Card>
        </div>
      </>
    );

  const addPhotos = async (files: FileList | null) => {
    if (!files) return;
    const out: (Photo & { url: string })[] = [];
    for (const f of Array.from(files).slice(0, 4 - photos.length)) {
      try {
        const p = await resizePhoto(f);
        out.push({ ...p, url: `data:image/jpeg;base64,${p.dataBase64}` });
      } catch {
        setError('有照片打不开');
      }
    }
    setPhotos((ps) => [...ps, ...out]);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!title.trim()) return setError('请说一下是什么事');
    if (phone && !/^1\d{10}$/.test(phone)) return setError('手机号应是11位数字');
    if (!me) return submitAnonymous();
    setBusy(true);
    try {
      const body: Record<string, unknown> = { kind: 'event', title: title.trim(), description: description.trim(), categoryCode, source: 'resident' };
      if (address.trim()) body.address = address.trim();
      if (phone) body.reporterPhone = phone;
      if (position) {
        body.lng = position.lng;
        body.lat = position.lat;
      }
      const r = await post<{ id: number; number: string }>('/api/cases', body, { 'idempotency-key': key });
      for (let i = 0; i < photos.length; i++) {
        const p = photos[i];
        await post(`/api/cases/${r.id}/attachments`, { filename: p.filename, mime: p.mime, dataBase64: p.dataBase64, takenAt: p.takenAt }, { 'idempotency-key': `${key}:photo:${i}` });
      }
      setDone({ number: r.number, phone });
      setTitle('');
      setDescription('');
      setPhotos([]);
    } catch (err) {
      setError(err instanceof ApiError ? (err.network ? '网络不好，没有提交成功，请再点一次提交' : err.message) : '提交失败');
    } finally {
      setBusy(false);
    }
  };

  const submitAnonymous = async () => {
    if (!/^1[3-9]\d{9}$/.test(phone)) return setError('请填写11位手机号，凭它查进度');
    if (description.trim().length + title.trim().length < 5) return setError('请把事情说清楚一些(至少5个字)');
    if (!position && !village) return setError('请用手机定位，或选择所在的村(社区)');
    setBusy(true);
    try {
      const body: Record<string, unknown> = {
        title: title.trim(),
        description: description.trim() || title.trim(),
        category: categoryCode || 'other',
        phone,
      };
      if (name.trim()) body.name = name.trim();
      if (address.trim()) body.address = address.trim();
      if (village) body.areaCode = village.code;
      if (position) {
        body.lng = position.lng;
        body.lat = position.lat;
      }
      const r = await post<{ number: string }>('/api/public/reports', body);
      for (const p of photos) {
        await post(`/api/public/reports/${encodeURIComponent(r.number)}/photos`, { phone, filename: p.filename, mime: p.mime, dataBase64: p.dataBase64, takenAt: p.takenAt });
      }
      setDone({ number: r.number, phone });
      setTitle('');
      setDescription('');
      setPhotos([]);
    } catch (err) {
      setError(err instanceof ApiError ? (err.network ? '网络不好，没有提交成功，请再点一次提交' : err.message) : '提交失败');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Header
        title="随手报"
        right={
          me && (
            <button type="button" className="m-link" onClick={onLogout}>
              退出
            </button>
          )
        }
      />
      <form className="m-body" onSubmit={submit}>
        {(myVillage ?? village?.code) && <VillageFigures code={(myVillage ?? village?.code) as string} />}
        {!me && (
          <p className="m-hint" style={{ marginTop: 0 }}>
            不登录反映：必须留手机号，凭事件编号和手机号查进度。
            <button type="button" className="m-link" onClick={onLogin}>
              改为登录
            </button>
          </p>
        )}
        <Card title="拍张照片(选填)">
          <div className="m-photos">
            {photos.map((p, i) => (
              <img key={p.url.slice(-24) + String(i)} src={p.url} alt={`照片${i + 1}`} />
            ))}
          </div>
          <div className="m-btn m-file">
            拍照 / 选照片
            <input type="file" accept="image/*" capture="environment" multiple aria-label="拍照" onChange={(e) => void addPhotos(e.target.files)} />
          </div>
        </Card>
        <Card title="在哪里">
          <Button
            onClick={() =>
              currentPosition()
                .then(setPosition)
                .catch((e: Error) => setError(e.message))
            }
          >
            {position ? '已定位 ✓' : '用手机定位'}
          </Button>
          {!me && <VillagePicker value={village} onChange={setVillage} />}
          <Field label="地点" hint="定位不了就写清楚地方">
            <input placeholder="如：姚庄社区3号楼东侧" value={address} maxLength={200} onChange={(e) => setAddress(e.target.value)} />
          </Field>
        </Card>
        <Card>
          <Field label="是什么事">
            <input placeholder="如：村口路灯不亮了" value={title} maxLength={100} onChange={(e) => setTitle(e.target.value)} />
          </Field>
          <Field label="属于哪一类">
            <select value={categoryCode} onChange={(e) => setCategoryCode(e.target.value)}>
              {categories.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="说说具体情况(选填)">
            <textarea value={description} maxLength={2000} onChange={(e) => setDescription(e.target.value)} />
          </Field>
        </Card>
        <Card title={me ? '联系电话(选填)' : '联系电话(必填)'}>
          {!me && (
            <Field label="怎么称呼(选填)">
              <input placeholder="如：张先生" value={name} maxLength={20} onChange={(e) => setName(e.target.value)} />
            </Field>
          )}
          <Field label="手机号" hint="留了手机号，不登录也能凭编号查进度；只有办事人员能看到">
            <input type="tel" inputMode="numeric" placeholder="11位手机号" value={phone} maxLength={11} onChange={(e) => setPhone(e.target.value.replace(/\D/g, ''))} />
          </Field>
        </Card>
        <ErrorText error={error} />
        <Button primary type="submit" disabled={busy}>
          {busy ? '正在提交…' : '提交'}
        </Button>
      </form>
    </>
  );
}

/** Pick the village (社区) where it happened by name: GET /api/public/villages. */
function VillagePicker({ value, onChange }: { value: Village | null; onChange: (v: Village | null) => void }) {
  const [q, setQ] = useState('');
  const [items, setItems] = useState<Village[]>([]);
  useEffect(() => {
    if (q.trim().length < 2) return setItems([]);
    const timer = setTimeout(() => {
      get<Page<Village>>(`/api/public/villages${qs({ q: q.trim() })}`)
        .then((r) => setItems(r.items))
        .catch(() => setItems([]));
    }, 250);
    return () => clearTimeout(timer);
  }, [q]);
  if (value)
    return (
      <p data-testid="picked-village">
        所在村(社区)：<b>{value.townName ? `${value.townName} ` : ''}{value.name}</b>{' '}
        <button type="button" className="m-link" onClick={() => onChange(null)}>
          重选
        </button>
      </p>
    );
  return (
    <>
      <Field label="所在村(社区)" hint="输入村或社区名字的两个字以上">
        <input placeholder="村或社区名字" value={q} maxLength={20} onChange={(e) => setQ(e.target.value)} />
      </Field>
      {items.length > 0 && (
        <ul className="m-list" data-testid="village-options">
          {items.map((v) => (
            <li key={v.code}>
              <button type="button" className="m-row" onClick={() => onChange(v)}>
                <div className="m-row-title">{v.name}</div>
                {v.townName && <div className="m-row-sub">{v.townName}</div>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The public figures of a village: counts only (GET /api/public/areas/:code/figures). */
function VillageFigures({ code }: { code: string }) {
  const [f, setF] = useState<Figures | null>(null);
  useEffect(() => {
    get<Figures>(`/api/public/areas/${code}/figures`)
      .then(setF)
      .catch(() => setF(null));
  }, [code]);
  if (!f) return null;
  return (
    <Card title={`${f.areaName} ${f.year}年办事公开`} testId="village-figures">
      <p style={{ margin: 0 }}>
        反映 <b>{f.total}</b> 件 · 办理中 <b>{f.open}</b> 件 · 已办结 <b>{f.closed}</b> 件
      </p>
      <p className="m-hint">满意率：{f.satisfactionRate === null ? '暂无评价' : `${f.satisfactionRate}%（${f.rated}人评价）`}</p>
    </Card>
  );
}

function Progress({ me, onOpen }: { me: Me | null; onOpen: (id: number) => void }) {
  const [mine, setMine] = useState<MyCase[] | null>(null);
  const [number, setNumber] = useState('');
  const [phone, setPhone] = useState('');
  const [track, setTrack] = useState<Track | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (me) get<Page<MyCase>>('/api/cases?desk=mine&pageSize=50').then((r) => setMine(r.items)).catch(() => setMine([]));
  }, [me]);
  useEffect(() => {
    // show the answer: on a phone the form fills the screen
    if (track) document.querySelector('[data-testid=track-result]')?.scrollIntoView({ block: 'start' });
  }, [track]);
  const lookup = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setTrack(null);
    try {
      setTrack(await get<Track>(`/api/cases/track${qs({ number: number.trim(), phone: phone.trim() })}`));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '查询失败');
    }
  };
  return (
    <>
      <Header title="进度随时看" />
      <div className="m-body">
        {me && (
          <Card title="我反映的事" testId="my-reports">
            {mine && mine.length === 0 && <Empty>还没有反映过问题</Empty>}
            <ul className="m-list">
              {mine?.map((c) => (
                <li key={c.id}>
                  <button type="button" className="m-row" onClick={() => onOpen(c.id)}>
                    <div className="m-row-title">{c.title}</div>
                    <div className="m-row-sub">
                      <StatusTag status={c.status} label={c.statusLabel} />
                      {formatTime(c.createdAt)} 反映
                    </div>
                  </button>
                </li>
              ))}
            </ul>
          </Card>
        )}
        <Card title="凭编号和手机号查">
          <form onSubmit={lookup}>
            <Field label="事件编号">
              <input placeholder="如：SJ-620523101-20261123-0001" value={number} onChange={(e) => setNumber(e.target.value.trim())} />
            </Field>
            <Field label="反映时留的手机号">
              <input type="tel" inputMode="numeric" placeholder="11位手机号" value={phone} maxLength={11} onChange={(e) => setPhone(e.target.value.replace(/\D/g, ''))} />
            </Field>
            <ErrorText error={error} />
            <Button primary type="submit">
              查询
            </Button>
          </form>
        </Card>
        {track && (
          <Card title={track.title} testId="track-result">
            <p style={{ marginTop: 0 }}>
              现在：<StatusTag status={track.status} label={track.statusLabel} />
            </p>
            <Timeline items={track.timeline} />
          </Card>
        )}
      </div>
    </>
  );
}

function Timeline({ items }: { items: { at: string; text: string }[] }) {
  return (
    <ol className="m-timeline" data-testid="timeline">
      {items.map((t) => (
        <li key={`${t.at}-${t.text}`}>
          <time>{formatTime(t.at)}</time>
          {t.text}
        </li>
      ))}
    </ol>
  );
}

const RATINGS = [
  { value: 'satisfied', label: '满意' },
  { value: 'basically', label: '基本满意' },
  { value: 'unsatisfied', label: '不满意' },
] as const;
type Rating = (typeof RATINGS)[number]['value'];

function MyCaseDetail({ id, onBack }: { id: number; onBack: () => void }) {
  const [c, setC] = useState<CaseDetailView | null>(null);
  const [timeline, setTimeline] = useState<{ at: string; text: string }[]>([]);
  const [rating, setRating] = useState<Rating | null>(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    void reload;
    get<CaseDetailView>(`/api/cases/${id}`)
      .then(setC)
      .catch((e) => setError(e instanceof ApiError ? e.message : '打不开'));
    get<Page<{ at: string; text: string }>>(`/api/cases/${id}/timeline`)
      .then((r) => setTimeline(r.items))
      .catch(() => {});
  }, [id, reload]);
  const canRate = c?.nextActions.some((a) => a.action === 'rate');
  const rate = async () => {
    if (!c || !rating) return;
    setError(null);
    try {
      await post(`/api/cases/${c.id}/actions/rate`, { version: c.version, rating, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      setSaved(rating === 'unsatisfied' ? '已收到，综治中心会决定是否重新办理' : '谢谢您的评价！');
      setReload((n) => n + 1);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '评价没有提交成功');
    }
  };
  return (
    <>
      <Header title="办理进度" onBack={onBack} />
      <div className="m-body">
        <ErrorText error={error} />
        {c && (
          <Card title={c.title}>
            <p style={{ marginTop: 0 }}>
              现在：<StatusTag status={c.status} label={c.statusLabel} />
            </p>
            <p className="m-hint">
              编号 {c.number} · {formatDate(c.createdAt)}反映
            </p>
            <Timeline items={timeline} />
          </Card>
        )}
        {saved && (
          <Card>
            <p className="m-ok" data-testid="rated">
              {saved}
            </p>
          </Card>
        )}
        {c && canRate && !saved && (
          <Card title="满不满意，您来评" testId="rate">
            <Choice value={rating} options={RATINGS.map((r) => ({ value: r.value, label: r.label }))} onChange={setRating} />
            <Field label="想说的话(选填)">
              <textarea value={comment} maxLength={500} onChange={(e) => setComment(e.target.value)} />
            </Field>
            <Button primary disabled={!rating} onClick={rate}>
              提交评价
            </Button>
          </Card>
        )}
        {c?.rating && !saved && (
          <Card>
            <p className="m-ok">您已评价：{RATINGS.find((r) => r.value === c.rating)?.label ?? c.rating}</p>
          </Card>
        )}
      </div>
    </>
  );
}

function Policies({ onOpen }: { onOpen: (id: number) => void }) {
  const [q, setQ] = useState('');
  const [items, setItems] = useState<Knowledge[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  useEffect(() => {
    setError(null);
    get<Page<Knowledge>>(`/api/public/knowledge${qs({ q: query, pageSize: 30 })}`)
      .then((r) => setItems(r.items))
      .catch((err) => setError(err instanceof ApiError ? err.message : '查询失败'));
  }, [query]);
  return (
    <>
      <Header title="政策法规随时知" />
      <div className="m-body">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setQuery(q.trim());
          }}
        >
          <Field label="想了解什么">
            <input type="search" placeholder="如：宅基地、低保、养犬、土地流转" value={q} onChange={(e) => setQ(e.target.value)} />
          </Field>
          <Button primary type="submit">
            搜索
          </Button>
        </form>
        <ErrorText error={error} />
        <Card testId="policy-list">
          {items && items.length === 0 && <Empty>没有找到，换个说法试试</Empty>}
          <ul className="m-list">
            {items?.map((k) => (
              <li key={k.id}>
                <button type="button" className="m-row" onClick={() => onOpen(k.id)}>
                  <div className="m-row-title">
                    <span className="m-tag m-tag-blue">{k.kindLabel}</span>
                    {k.title}
                  </div>
                  <div className="m-row-sub">{k.summary}</div>
                </button>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}

function PolicyDetail({ id, onBack }: { id: number; onBack: () => void }) {
  const [doc, setDoc] = useState<(Knowledge & { body: string }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    get<Knowledge & { body: string }>(`/api/public/knowledge/${id}`)
      .then(setDoc)
      .catch((e) => setError(e instanceof ApiError ? e.message : '打不开'));
  }, [id]);
  return (
    <>
      <Header title="政策法规" onBack={onBack} />
      <div className="m-body">
        <ErrorText error={error} />
        {doc && (
          <Card title={doc.title}>
            <p className="m-hint">
              {doc.kindLabel}
              {doc.source ? ` · ${doc.source}` : ''}
              {doc.effectiveDate ? ` · ${doc.effectiveDate}施行` : ''}
            </p>
            <div className="m-article">{doc.body}</div>
          </Card>
        )}
      </div>
    </>
  );
}
