// npm run web -- --data-dir DIR --port N
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startBackups } from '../backup/backups.js';
import { startAuditWatch } from '../users/auditWitnessCheck.js';
import { openApp } from '../backup/recovery.js';
import { defaultDataDir } from '../dataDir.js';
import { rendererDistDir } from '../paths.js';
import { startHost } from './httpHost.js';
import { startSync, stopSync } from '../sync/index.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '0' },
    token: { type: 'string' },
  },
});

const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`พอร์ตไม่ถูกต้อง: ${values.port}`);
  process.exit(2);
}

// A damaged register starts the recovery API instead of crashing (src-main/backup/recovery.ts).
const runtime = openApp({
  dataDir,
  onCore: (core) => {
    // Sync runs in the background whenever a server is configured (src-main/sync/).
    startSync(core);
    startBackups(core);
    // The audit trail against its witnesses, at start and daily.
    startAuditWatch(core);
  },
});
if (runtime.mode() === 'recovery') console.error(`ฐานข้อมูลทะเบียนเสียหาย (${runtime.damage() ?? ''}): เปิดหน้ากู้คืนข้อมูล`);
const host = await startHost({
  dispatch: runtime.dispatch,
  rendererDir: rendererDistDir(),
  port,
  ...(values.token ? { token: values.token } : {}),
});
console.log(`URL: ${host.url}?token=${host.token}`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await host.close();
  const core = runtime.core();
  if (core) await stopSync(core);
  runtime.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
