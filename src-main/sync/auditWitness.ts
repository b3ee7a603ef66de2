// Sends the hash of every audit event to the central server with the normal sync, so a
// register file rewritten later (an event edited and every later hash recomputed) no longer
// matches what the server keeps (src-server/auditWitness.ts). Its own small module: the sync
// engine calls sendAuditHashes() once per cycle and nothing else here touches sync's state.
import { AUDIT_WITNESS_LIMITS, type AuditHash, type AuditHashesResponse, type AuditWitnessPage } from '../../src-shared/auditWitnessSchemas.js';
import type { Store } from '../db/store.js';
import { readConfig } from './syncState.js';

const SENT_KEY = 'audit_witness_sent';
const TIMEOUT_MS = 20_000;

class WitnessUnavailable extends Error {}

async function call<T>(store: Store, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const config = readConfig(store);
  if (!config) throw new WitnessUnavailable('not configured');
  const base = config.serverUrl.endsWith('/') ? config.serverUrl : `${config.serverUrl}/`;
  let res: Response;
  try {
    res = await fetch(new URL(path.replace(/^\//, ''), base), {
      method,
      headers: { authorization: `Bearer ${config.credential}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new WitnessUnavailable('offline');
  }
  if (!res.ok) throw new WitnessUnavailable(`HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** Sends the hashes of the events the server has not had yet. Returns how many were sent. */
export async function sendAuditHashes(store: Store): Promise<number> {
  if (!readConfig(store)) return 0;
  let sent = 0;
  for (;;) {
    const after = Number(store.getMeta(SENT_KEY) ?? '0');
    const items = store.raw<AuditHash>('SELECT seq, hash FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?', [after, AUDIT_WITNESS_LIMITS.batch]);
    if (items.length === 0) return sent;
    await call<AuditHashesResponse>(store, 'POST', '/v1/audit/hashes', { items });
    store.setMeta(SENT_KEY, String((items[items.length - 1] as AuditHash).seq));
    sent += items.length;
  }
}

/**
 * Every hash the server holds for this register, in seq order; null when no server is
 * configured or it cannot be reached (the check then says so and relies on the backups).
 */
export async function fetchAuditWitness(store: Store): Promise<AuditHash[] | null> {
  if (!readConfig(store)) return null;
  const out: AuditHash[] = [];
  try {
    for (let after = 0; ; ) {
      const page = await call<AuditWitnessPage>(store, 'GET', `/v1/audit/hashes?after=${after}`);
      out.push(...page.items);
      const last = page.items[page.items.length - 1];
      if (!page.more || !last) return out;
      after = last.seq;
    }
  } catch (e) {
    if (e instanceof WitnessUnavailable) return null;
    throw e;
  }
}
