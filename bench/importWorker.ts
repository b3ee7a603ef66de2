// One import phase in its own process, so its peak memory is its own: prints JSON.
import { performance } from 'node:perf_hooks';
import { openCore } from '../src-main/core.js';
import { previewAmssImport, runAmssImport } from '../src-main/importing/amssImport.js';

const [phase, dataDir, dump, filesRoot] = process.argv.slice(2) as [string, string, string, string];
const core = openCore({ dataDir });
const src = { dump, filesRoot, school: null };
const t0 = performance.now();
let detail: unknown;
if (phase === 'preview') {
  const p = await previewAmssImport(core.store, src);
  detail = { rows: p.totals.rows, problems: p.totals.problems, filesFound: p.files.found };
} else {
  const { result } = await runAmssImport({ store: core.store, dataDir, deviceId: core.deviceId, actor: 'bench', now: new Date() }, src);
  detail = { imported: result.imported, failedBooks: result.failedBooks, files: result.books.reduce((n, b) => n + b.files, 0) };
}
const ms = performance.now() - t0;
core.close();
const cpu = process.cpuUsage();
// CPU seconds as well as wall time: on a shared machine the wall time mostly measures the neighbours.
console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, detail }));
