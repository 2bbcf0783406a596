/** Entry of the phone pages: /m/worker is the grid worker's PWA, everything else under /m the resident H5. */
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import './mobile.css';

const isWorker = window.location.pathname === '/m/worker' || window.location.pathname.startsWith('/m/worker/');

// each app is its own chunk: a resident never downloads the worker's offline machinery
const WorkerApp = lazy(() => import('./worker/worker-app').then((m) => ({ default: m.WorkerApp })));
const ResidentApp = lazy(() => import('./resident/resident-app').then((m) => ({ default: m.ResidentApp })));

if (isWorker) {
  document.title = '枫桥 · 网格员';
  const link = document.createElement('link');
  link.rel = 'manifest';
  link.href = '/m/manifest.webmanifest';
  document.head.appendChild(link);
  if ('serviceWorker' in navigator) {
    window.addEventListener('load', () => {
      navigator.serviceWorker
        .register('/m/sw.js', { scope: '/m/worker' })
        .then(() => navigator.serviceWorker.ready)
        .then(() => cacheShell())
        .catch(() => {});
    });
  }
}

/** Puts the page and every script and stylesheet it loaded into the service worker's cache. */
async function cacheShell(): Promise<void> {
  if (!('caches' in window)) return;
  const urls = new Set<string>(['/m/worker', '/m/manifest.webmanifest', '/m/icon.svg']);
  for (const e of performance.getEntriesByType('resource')) {
    const u = new URL(e.name);
    if (u.origin === window.location.origin && u.pathname.startsWith('/assets/')) urls.add(u.pathname);
  }
  for (const el of document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>('script[src], link[rel=stylesheet], link[rel=modulepreload]')) {
    const href = el instanceof HTMLScriptElement ? el.src : el.href;
    const u = new URL(href, window.location.href);
    if (u.origin === window.location.origin) urls.add(u.pathname);
  }
  const cache = await caches.open('fq-m-shell-v1');
  await Promise.all([...urls].map((u) => cache.add(u).catch(() => {})));
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Suspense fallback={<p className="m-empty">正在打开…</p>}>{isWorker ? <WorkerApp /> : <ResidentApp />}</Suspense>
  </StrictMode>,
);
