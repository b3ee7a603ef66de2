import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from './Field.js';

/**
 * Loads on mount and whenever deps change; `reload` fetches again. The last answer stays shown
 * while the next one loads; `loading` says it is not the answer to the current deps yet (known
 * in the same render that changed them, so a screen never shows an old answer as the new one).
 */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: unknown[],
): { data: T | null; error: string | null; loading: boolean; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const key = `${JSON.stringify(deps)}#${tick}`;
  const [loadedKey, setLoadedKey] = useState<string | null>(null);
  // The caller's latest load function, read when the key (its deps, or a reload) changes.
  const latestLoad = useRef(load);
  useEffect(() => {
    latestLoad.current = load;
  });
  useEffect(() => {
    let live = true;
    latestLoad.current().then(
      (v) => {
        if (live) {
          setData(v);
          setError(null);
          setLoadedKey(key);
        }
      },
      (e: unknown) => {
        if (live) {
          setError(errorMessage(e));
          setLoadedKey(key);
        }
      },
    );
    return () => {
      live = false;
    };
  }, [key]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading: loadedKey !== key, reload };
}
