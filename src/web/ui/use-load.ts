import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../app/api';

export type Loaded<T> = { data: T | undefined; loading: boolean; error: string | null; reload: () => void };

/** Loads data when the dependencies change; a stale answer never overwrites a newer one. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to reload
  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    loadRef
      .current()
      .then((d) => {
        if (mine === seq.current) setData(d);
      })
      .catch((e) => {
        if (mine === seq.current) {
          setData(undefined);
          setError(errorMessage(e));
        }
      })
      .finally(() => {
        if (mine === seq.current) setLoading(false);
      });
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, loading, error, reload };
}
