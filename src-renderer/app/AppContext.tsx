// What every screen needs to know about the office: its profile, the clerk, today, the work
// groups and people. Loaded once and reloaded after settings change.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { AppInfo } from '../../src-shared/contract.js';
import type { Group, Person } from '../../src-shared/domain.js';
import { must } from '../api/client.js';

export interface AppState {
  info: AppInfo;
  groups: Group[];
  people: Person[];
  reload(): Promise<void>;
}

const Ctx = createContext<AppState | null>(null);

export function useApp(): AppState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useApp outside AppProvider');
  return v;
}

async function loadState(): Promise<Omit<AppState, 'reload'>> {
  const [info, groups, people] = await Promise.all([
    must('app.info', {}),
    must('groups.list', { includeInactive: true }),
    must('people.list', { includeInactive: true }),
  ]);
  return { info, groups, people };
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function AppProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<Omit<AppState, 'reload'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => loadState().then(setState, (e: unknown) => setError(messageOf(e))), []);
  useEffect(() => {
    let live = true;
    loadState().then(
      (s) => live && setState(s),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, []);
  if (error && !state) return <p className="fatal" role="alert">{error}</p>;
  if (!state) return <p className="loading">กำลังเปิด…</p>;
  return <Ctx.Provider value={{ ...state, reload }}>{children}</Ctx.Provider>;
}
