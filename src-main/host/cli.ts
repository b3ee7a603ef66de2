// npm run web -- --data-dir DIR --port N
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultServices, startApp } from '../app.js';
import { resolveDataDir } from '../dataDir.js';
import { rendererDistDir } from '../paths.js';
import { startHost } from './httpHost.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '0' },
    token: { type: 'string' },
  },
});

const chosen = resolveDataDir(values['data-dir']);
const dataDir = resolve(chosen.dir);
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`พอร์ตไม่ถูกต้อง: ${values.port}`);
  process.exit(2);
}

// The same start-up as the desktop app (src-main/app.ts): a damaged register starts the
// recovery API; a register that cannot be opened for another reason says why and stops.
const app = startApp({ dataDir, dataDirSource: chosen.source, services: defaultServices() });
if (app.mode() === 'unavailable') {
  console.error(app.failure()?.thaiMessage);
  await app.stop();
  process.exit(3);
}
if (app.mode() === 'recovery') console.error(`ฐานข้อมูลทะเบียนเสียหาย (${app.damage() ?? ''}): เปิดหน้ากู้คืนข้อมูล`);
const host = await startHost({
  dispatch: app.dispatch,
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
  await app.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
