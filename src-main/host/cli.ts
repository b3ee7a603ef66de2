// npm run web -- --data-dir DIR --port N
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createDispatch } from '../api/dispatch.js';
import { createHandlers } from '../api/handlers.js';
import { openCore } from '../core.js';
import { defaultDataDir } from '../dataDir.js';
import { rendererDistDir } from '../paths.js';
import { startHost } from './server.js';
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

const core = openCore({ dataDir });
// Sync runs in the background whenever a server is configured (src-main/sync/).
startSync(core);
const host = await startHost({
  dispatch: createDispatch(createHandlers(core)),
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
  await stopSync(core);
  core.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
