// AMSS++ import: a generated dump of 100,000 register rows and 20,000 files (AMSS++'s schema),
// previewed and imported into an empty register, each phase in its own process (peak memory).
// Limits from issue 13: preview < 10 s, import < 60 s, memory < 300 MB.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { writeAmssDump, type GeneratedDump } from './amssDump.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const FILES = Number(process.env.BENCH_IMPORT_FILES ?? 20_000);

function phase(name: 'preview' | 'import', dataDir: string, g: GeneratedDump): { ms: number; cpuMs: number; maxRssMb: number; detail: unknown } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join('bench', 'importWorker.ts'), name, dataDir, g.dump, g.filesRoot], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as { ms: number; cpuMs: number; maxRssMb: number; detail: unknown };
}

export async function run(): Promise<void> {
  const dir = join(process.cwd(), 'bench-data', 'import');
  const marker = join(dir, `generated-${ROWS}-${FILES}.json`);
  let g: GeneratedDump;
  if (existsSync(marker)) g = JSON.parse(readFileSync(marker, 'utf8')) as GeneratedDump;
  else {
    rmSync(dir, { recursive: true, force: true });
    const t0 = Date.now();
    g = await writeAmssDump(dir, ROWS, FILES);
    writeFileSync(marker, JSON.stringify(g));
    console.log(`generated ${ROWS.toLocaleString('en-US')} rows and ${FILES.toLocaleString('en-US')} files in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  console.log(`machine load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`);
  const dataDir = join(dir, 'register');
  rmSync(dataDir, { recursive: true, force: true });
  const preview = phase('preview', dataDir, g);
  console.log(`preview (dry run): ${(preview.ms / 1000).toFixed(1)} s (limit 10 s; CPU ${(preview.cpuMs / 1000).toFixed(1)} s), peak memory ${preview.maxRssMb.toFixed(0)} MB (limit 300 MB) ${JSON.stringify(preview.detail)}`);
  const imported = phase('import', dataDir, g);
  console.log(`import:            ${(imported.ms / 1000).toFixed(1)} s (limit 60 s; CPU ${(imported.cpuMs / 1000).toFixed(1)} s), peak memory ${imported.maxRssMb.toFixed(0)} MB (limit 300 MB) ${JSON.stringify(imported.detail)}`);
}
