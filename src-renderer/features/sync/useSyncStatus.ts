// The sync status, polled while the app is open; "ส่งข้อมูลตอนนี้" and the browser's `online`
// event (the network came back) ask the core to sync at once.
import { useCallback, useEffect, useState } from 'react';
import type { SyncStatus } from '../../../src-shared/syncSchemas.js';
import { call } from '../../api/client.js';

const POLL_MS = 5000;

export function useSyncStatus(): { status: SyncStatus | null; syncing: boolean; syncNow: () => Promise<void>; refresh: () => Promise<void> } {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [syncing, setSyncing] = useState(false);

  const refresh = useCallback(async () => {
    const r = await call('sync.status', {});
    if (r.ok) setStatus(r.value);
  }, []);

  const syncNow = useCallback(async () => {
    setSyncing(true);
    try {
      const r = await call('sync.now', {});
      if (r.ok) setStatus(r.value);
    } finally {
      setSyncing(false);
    }
  }, []);

  useEffect(() => {
    let live = true;
    const poll = () => void call('sync.status', {}).then((r) => live && r.ok && setStatus(r.value));
    poll();
    const timer = setInterval(poll, POLL_MS);
    const online = () => void syncNow();
    window.addEventListener('online', online);
    return () => {
      live = false;
      clearInterval(timer);
      window.removeEventListener('online', online);
    };
  }, [syncNow]);

  return { status, syncing, syncNow, refresh };
}
