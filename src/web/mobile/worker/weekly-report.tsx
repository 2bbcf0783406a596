/**
 * 一周一结 on the worker's phone (DESIGN §8): this ISO week's report for the worker's grid — 社情民意 and zero or
 * more risk signals (category, 蓝/黄/橙/红, description, optional position). Filing and editing go through the
 * outbox like every other write, so it works offline; until the week closes the worker can edit it.
 */
import { useCallback, useEffect, useState } from 'react';
import {
  isoWeekOf,
  RISK_GRADE_LABEL,
  RISK_GRADES,
  type RiskGrade,
  SIGNAL_CATEGORIES,
  SIGNAL_CATEGORY_LABEL,
  type SignalCategory,
  weekClosesAt,
  weekStart,
} from '../../../domain/risk/policy';
import { ApiError, formatTime, get, type Me, type Page } from '../api';
import { currentPosition } from '../image';
import { Button, Card, Empty, ErrorText, Field, Header } from '../ui';
import { enqueue, listOutbox, type OutboxItem, subscribe } from './outbox';

type SignalView = {
  id: number;
  category: string;
  categoryLabel: string;
  grade: string;
  gradeLabel: string;
  description: string;
  location: string | null;
  lng: number | null;
  lat: number | null;
};
type ReportDetail = {
  id: number;
  areaCode: string;
  areaName: string | null;
  week: string;
  summary: string;
  version: number;
  submittedAt: string;
  updatedAt: string;
  editable: boolean;
  signals: SignalView[];
};
type Draft = { id?: number; category: SignalCategory; grade: RiskGrade; description: string; location: string; lng?: number; lat?: number };

const GRADE_COLOR: Record<RiskGrade, { bg: string; fg: string }> = {
  blue: { bg: '#1677ff', fg: '#fff' },
  yellow: { bg: '#fadb14', fg: '#262626' },
  orange: { bg: '#fa8c16', fg: '#fff' },
  red: { bg: '#f5222d', fg: '#fff' },
};
const GRADE_SHORT: Record<RiskGrade, string> = { blue: '蓝', yellow: '黄', orange: '橙', red: '红' };
const isGrade = (g: string): g is RiskGrade => (RISK_GRADES as readonly string[]).includes(g);

export function GradeChip({ grade, label }: { grade: string; label?: string }) {
  const c = isGrade(grade) ? GRADE_COLOR[grade] : { bg: '#d9d9d9', fg: '#262626' };
  return (
    <span className="m-tag" style={{ background: c.bg, color: c.fg, borderColor: c.bg }}>
      {label ?? (isGrade(grade) ? RISK_GRADE_LABEL[grade] : grade)}
    </span>
  );
}

function weekLabel(week: string): string {
  const s = weekStart(week);
  if (!s) return week;
  const e = new Date(s.getTime() + 6 * 86_400_000);
  const d = (x: Date) => `${x.getMonth() + 1}月${x.getDate()}日`;
  return `${d(s)}—${d(e)}`;
}

/** The close is the end of the following Monday: said as 「11月30日(周一)24时」 rather than 「12月1日 00:00」. */
function closingLabel(closesAt: Date): string {
  const last = new Date(closesAt.getTime() - 1);
  return `${last.getMonth() + 1}月${last.getDate()}日(周${'日一二三四五六'[last.getDay()]})24时`;
}

const emptySignal = (): Draft => ({ category: 'dispute_sign', grade: 'blue', description: '', location: '' });

/** The report of this week as last seen: read online, else the copy kept on the phone. */
async function loadReport(me: Me, grid: string, week: string): Promise<{ report: ReportDetail | null; stale: boolean }> {
  const key = `fq-m-weekly:${me.id}:${grid}:${week}`;
  try {
    const list = await get<Page<{ id: number; areaCode: string }>>(`/api/risk/weekly-reports?area=${grid}&week=${week}`);
    const found = list.items.find((r) => r.areaCode === grid);
    const report = found ? await get<ReportDetail>(`/api/risk/weekly-reports/${found.id}`) : null;
    localStorage.setItem(key, JSON.stringify(report));
    return { report, stale: false };
  } catch (e) {
    const hit = localStorage.getItem(key);
    if (e instanceof ApiError && e.network) return { report: hit ? (JSON.parse(hit) as ReportDetail | null) : null, stale: true };
    throw e;
  }
}

export function WeeklyReportPage({ me }: { me: Me }) {
  const grids = me.scopes.filter((s) => s.code.length === 15);
  const [grid, setGrid] = useState(grids[0]?.code ?? '');
  const week = isoWeekOf(new Date());
  const closesAt = weekClosesAt(week);
  const [report, setReport] = useState<ReportDetail | null | undefined>(undefined);
  const [stale, setStale] = useState(false);
  const [queued, setQueued] = useState<OutboxItem | null>(null);
  const [editing, setEditing] = useState(false);
  const [summary, setSummary] = useState('');
  const [signals, setSignals] = useState<Draft[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [locating, setLocating] = useState<number | null>(null);

  const reload = useCallback(() => {
    if (!grid) return;
    loadReport(me, grid, week)
      .then((r) => {
        setReport(r.report);
        setStale(r.stale);
      })
      .catch((e: Error) => setError(e.message));
  }, [me, grid, week]);

  const refreshQueued = useCallback(async () => {
    const items = await listOutbox(me.id);
    const mine = items.find((i) => i.kind === 'weekly' && i.body.week === week && i.body.gridCode === grid) ?? null;
    setQueued((before) => {
      // our item left the outbox: it was sent, read the report as the server has it now
      if (before && !mine) reload();
      return mine;
    });
  }, [me, week, grid, reload]);

  useEffect(() => {
    reload();
    void refreshQueued();
    return subscribe(() => void refreshQueued());
  }, [reload, refreshQueued]);

  if (grids.length === 0)
    return (
      <>
        <Header title="一周一结" />
        <div className="m-body">
          <Empty>您的账号没有分管网格，不能填报一周一结。</Empty>
        </div>
      </>
    );

  const open = closesAt ? Date.now() < closesAt.getTime() : false;
  const startEdit = () => {
    setSummary(report?.summary ?? '');
    setSignals(
      (report?.signals ?? []).map((s) => ({
        id: s.id,
        category: (SIGNAL_CATEGORIES as readonly string[]).includes(s.category) ? (s.category as SignalCategory) : 'other',
        grade: isGrade(s.grade) ? s.grade : 'blue',
        description: s.description,
        location: s.location ?? '',
        ...(s.lng != null && s.lat != null ? { lng: s.lng, lat: s.lat } : {}),
      })),
    );
    setError(null);
    setEditing(true);
  };
  const setSignal = (i: number, patch: Partial<Draft>) => setSignals((list) => list.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const locate = async (i: number) => {
    setLocating(i);
    setError(null);
    try {
      const p = await currentPosition();
      setSignal(i, { lng: p.lng, lat: p.lat, location: signals[i].location || `我的位置(${p.lng.toFixed(5)}, ${p.lat.toFixed(5)})` });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLocating(null);
    }
  };

  const submit = async () => {
    setError(null);
    const bad = signals.findIndex((s) => s.description.trim() === '');
    if (bad >= 0) {
      setError(`第${bad + 1}条风险信号还没有写情况说明`);
      return;
    }
    if (summary.trim() === '' && signals.length === 0) {
      setError('请写下本周社情民意，或添加风险信号');
      return;
    }
    const body = {
      summary: summary.trim(),
      signals: signals.map((s) => ({
        ...(s.id ? { id: s.id } : {}),
        category: s.category,
        grade: s.grade,
        description: s.description.trim(),
        ...(s.location.trim() ? { location: s.location.trim() } : {}),
        ...(s.lng !== undefined && s.lat !== undefined ? { lng: s.lng, lat: s.lat } : {}),
      })),
    };
    const gridName = grids.find((g) => g.code === grid)?.name ?? grid;
    if (report) {
      await enqueue(me.id, {
        kind: 'weekly',
        method: 'PATCH',
        label: `修改一周一结：${gridName} ${week}`,
        path: `/api/risk/weekly-reports/${report.id}`,
        body: { ...body, version: report.version, week, gridCode: grid },
      });
    } else {
      await enqueue(me.id, { kind: 'weekly', label: `一周一结：${gridName} ${week}`, path: '/api/risk/weekly-reports', body: { ...body, week, gridCode: grid } });
    }
    setEditing(false);
  };

  const hasRed = signals.some((s) => s.grade === 'red');

  return (
    <>
      <Header title="一周一结" />
      <div className="m-body" data-testid="weekly-report">
        <Card title={`本周 ${week}（${weekLabel(week)}）`}>
          {grids.length > 1 && (
            <Field label="网格">
              <select value={grid} onChange={(e) => setGrid(e.target.value)}>
                {grids.map((g) => (
                  <option key={g.code} value={g.code}>
                    {g.name}
                  </option>
                ))}
              </select>
            </Field>
          )}
          {grids.length === 1 && <p className="m-row-sub">网格：{grids[0].name}</p>}
          {closesAt && (
            <p className="m-hint">
              {open ? `${closingLabel(closesAt)}截止，截止前可以修改` : '本周已截止，不能再填报或修改'}
            </p>
          )}
          {stale && <p className="m-hint">没有网络，显示的是上次打开时的内容</p>}
          {queued && (
            <p className="m-hint" data-testid="weekly-queued">
              {queued.state === 'pending' ? '已存下，待同步：有网后自动报送' : `未能报送：${queued.message ?? ''}（请到“同步”查看）`}
            </p>
          )}
          {!queued && report && (
            <p className="m-ok" data-testid="weekly-sent">
              已报送 {formatTime(report.submittedAt)}
              {report.updatedAt !== report.submittedAt ? ` · 最后修改 ${formatTime(report.updatedAt)}` : ''}
            </p>
          )}
          {!queued && report === null && !editing && <p className="m-hint">本周还没有报送。</p>}
        </Card>

        {!editing && report && (
          <Card title="社情民意">
            <p style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{report.summary || '（未填写）'}</p>
          </Card>
        )}
        {!editing && report && (
          <Card title={`风险信号(${report.signals.length})`}>
            {report.signals.length === 0 && <Empty>本周没有发现风险信号</Empty>}
            <ul className="m-list">
              {report.signals.map((s) => (
                <li key={s.id} className="m-row" style={{ display: 'block' }}>
                  <div className="m-row-title">
                    <GradeChip grade={s.grade} label={s.gradeLabel} /> {s.categoryLabel}
                  </div>
                  <div className="m-row-sub">{s.description}</div>
                  {s.location && <div className="m-row-sub">地点：{s.location}</div>}
                </li>
              ))}
            </ul>
          </Card>
        )}

        {!editing && open && report !== undefined && (
          <Button primary disabled={queued?.state === 'pending'} onClick={startEdit}>
            {report ? '修改本周报告' : '填写本周一周一结'}
          </Button>
        )}

        {editing && (
          <>
            <Card title="社情民意">
              <Field label="本周网格内的社情民意" hint="群众关心的事、反映的意见、邻里动态等">
                <textarea rows={4} value={summary} placeholder="如：本周走访32户，群众主要关心冬季供暖…" onChange={(e) => setSummary(e.target.value)} />
              </Field>
            </Card>
            {signals.map((s, i) => (
              <Card key={s.id ?? `new-${i}`} title={`风险信号 ${i + 1}`} testId={`weekly-signal-${i}`}>
                <Field label="类别">
                  <select value={s.category} onChange={(e) => setSignal(i, { category: e.target.value as SignalCategory })}>
                    {SIGNAL_CATEGORIES.map((c) => (
                      <option key={c} value={c}>
                        {SIGNAL_CATEGORY_LABEL[c]}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label="等级">
                  <div className="m-choice" role="radiogroup" aria-label="风险等级">
                    {RISK_GRADES.map((g) => {
                      const on = s.grade === g;
                      const c = GRADE_COLOR[g];
                      return (
                        <button
                          key={g}
                          type="button"
                          role="radio"
                          aria-checked={on}
                          aria-label={RISK_GRADE_LABEL[g]}
                          onClick={() => setSignal(i, { grade: g })}
                          style={{
                            minWidth: 56,
                            borderColor: c.bg,
                            borderWidth: on ? 3 : 1,
                            background: on ? c.bg : '#fff',
                            color: on ? c.fg : '#262626',
                            fontWeight: on ? 700 : 400,
                          }}
                        >
                          {GRADE_SHORT[g]}
                        </button>
                      );
                    })}
                  </div>
                </Field>
                {s.grade === 'red' && (
                  <p className="m-error" data-testid="weekly-red-hint">
                    红色信号报送后直接推送镇综治中心，须在1小时内签收；情况紧急请同时电话报告。
                  </p>
                )}
                <Field label="情况说明">
                  <textarea rows={3} value={s.description} placeholder="什么人、什么事、可能引发什么" onChange={(e) => setSignal(i, { description: e.target.value })} />
                </Field>
                <Field label="地点(可不填)">
                  <input value={s.location} placeholder="如：东街12号" onChange={(e) => setSignal(i, { location: e.target.value })} />
                </Field>
                {s.lng !== undefined && s.lat !== undefined && <p className="m-hint">已定位：{`${s.lng.toFixed(5)}, ${s.lat.toFixed(5)}`}</p>}
                <div className="m-btns">
                  <Button small disabled={locating === i} onClick={() => void locate(i)}>
                    {locating === i ? '正在定位…' : '用我的位置'}
                  </Button>
                  <Button small onClick={() => setSignals((list) => list.filter((_, j) => j !== i))}>
                    删除这条
                  </Button>
                </div>
              </Card>
            ))}
            <Button onClick={() => setSignals((list) => [...list, emptySignal()])}>＋ 添加风险信号</Button>
            {hasRed && <p className="m-error">含红色信号：报送后直接推送镇综治中心。</p>}
            <ErrorText error={error} />
            <div className="m-btns">
              <Button onClick={() => setEditing(false)}>取消</Button>
              <Button primary onClick={() => void submit()}>
                {report ? '保存修改' : '报送'}
              </Button>
            </div>
          </>
        )}
        {!editing && <ErrorText error={error} />}
      </div>
    </>
  );
}
