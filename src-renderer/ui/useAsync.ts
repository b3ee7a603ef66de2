import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from './Field.js';

/** Loads on mount and whenever deps change; `reload` fetches again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: T | null; error: string | null; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (v) => {
        if (live) {
          setData(v);
          setError(null);
        }
      },
      (e: unknown) => {
        if (live) setError(errorMessage(e));
      },
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]); // deps are the caller's
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, reload };
}
