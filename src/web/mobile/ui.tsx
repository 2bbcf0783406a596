/** The phone apps' small UI kit (no antd: the resident page has to stay light). */
import { type ReactNode, useCallback, useEffect, useState } from 'react';

export function Header({ title, onBack, right }: { title: string; onBack?: () => void; right?: ReactNode }) {
  return (
    <header className="m-header">
      {onBack && (
        <button type="button" className="m-back" onClick={onBack}>
          返回
        </button>
      )}
      <h1>{title}</h1>
      {right}
    </header>
  );
}

export function Card({ title, children, testId }: { title?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section className="m-card" data-testid={testId}>
      {title && <h2>{title}</h2>}
      {children}
    </section>
  );
}

export function Field({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <label className="m-field">
      <span>{label}</span>
      {children}
      {hint && <p className="m-hint">{hint}</p>}
    </label>
  );
}

export function Button({
  children,
  primary,
  small,
  disabled,
  onClick,
  type = 'button',
}: {
  children: ReactNode;
  primary?: boolean;
  small?: boolean;
  disabled?: boolean;
  onClick?: () => void;
  type?: 'button' | 'submit';
}) {
  const cls = ['m-btn', primary ? 'm-btn-primary' : '', small ? 'm-btn-small' : ''].filter(Boolean).join(' ');
  return (
    <button type={type} className={cls} disabled={disabled} onClick={onClick}>
      {children}
    </button>
  );
}

export function Choice<T extends string>({ value, options, onChange }: { value: T | null; options: { value: T; label: string }[]; onChange: (v: T) => void }) {
  return (
    <div className="m-choice">
      {options.map((o) => (
        <button key={o.value} type="button" aria-pressed={value === o.value} onClick={() => onChange(o.value)}>
          {o.label}
        </button>
      ))}
    </div>
  );
}

export type Tab = { key: string; label: string; icon: string; badge?: number };

export function TabBar({ tabs, active, onSelect }: { tabs: Tab[]; active: string; onSelect: (key: string) => void }) {
  return (
    <nav className="m-tabbar">
      {tabs.map((t) => (
        <button key={t.key} type="button" aria-current={t.key === active ? 'page' : undefined} onClick={() => onSelect(t.key)}>
          <i aria-hidden="true">{t.icon}</i>
          {t.label}
          {t.badge ? <span className="m-badge">{t.badge}</span> : null}
        </button>
      ))}
    </nav>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="m-empty">{children}</p>;
}

export function ErrorText({ error }: { error: string | null }) {
  return error ? (
    <p className="m-error" role="alert">
      {error}
    </p>
  ) : null;
}

/** History-based routing inside the phone app: `path` below the app's base. */
export function useRoute(base: string): [string, (to: string, replace?: boolean) => void] {
  const read = useCallback(() => {
    const p = window.location.pathname;
    const rest = p.startsWith(base) ? p.slice(base.length) : '';
    return rest.replace(/^\/+/, '').replace(/\/+$/, '');
  }, [base]);
  const [path, setPath] = useState(read);
  useEffect(() => {
    const on = () => setPath(read());
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, [read]);
  const go = useCallback(
    (to: string, replace = false) => {
      const url = to ? `${base}/${to}` : base;
      if (replace) window.history.replaceState(null, '', url);
      else window.history.pushState(null, '', url);
      setPath(to);
      window.scrollTo(0, 0);
    },
    [base],
  );
  return [path, go];
}

export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

export function StatusTag({ status, label }: { status: string; label: string }) {
  const color =
    status === 'closed' || status === 'evaluated' || status === 'handled'
      ? 'm-tag-green'
      : status === 'rejected' || status === 'merged'
        ? ''
        : status === 'reported' || status === 'escalated'
          ? 'm-tag-orange'
          : 'm-tag-blue';
  return <span className={`m-tag ${color}`}>{label}</span>;
}

export function DeadlineTag({ state, dueAt }: { state: string | null; dueAt: string | null }) {
  if (!dueAt) return null;
  const d = new Date(dueAt);
  const text = `${d.getMonth() + 1}月${d.getDate()}日 ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}前`;
  if (state === 'overdue') return <span className="m-tag m-tag-red">已超期 {text}</span>;
  if (state === 'due_soon') return <span className="m-tag m-tag-orange">临期 {text}</span>;
  return <span className="m-tag">{text}</span>;
}
