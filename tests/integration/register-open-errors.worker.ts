// Opens a register in a child process and prints how the open failed, as JSON. The permission
// test runs it without root's power to bypass file permissions (CI runs as root).
import { startApp } from '../../src-main/app.js';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: register-open-errors.worker.ts DATA_DIR');
const app = startApp({ dataDir, log: () => undefined });
const answer = await app.dispatch('auth.status', {});
process.stdout.write(JSON.stringify({ mode: app.mode(), kind: app.failure()?.kind ?? null, answer }));
await app.stop();
