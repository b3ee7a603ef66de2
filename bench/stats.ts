// Small timing helpers shared by the benchmarks: median and p95 over repeated runs, in ms.
import { performance } from 'node:perf_hooks';

export interface Timing {
  median: number;
  p95: number;
  runs: number;
}

export function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { median: at(0.5), p95: at(0.95), runs: sorted.length };
}

export function time(runs: number, fn: (i: number) => void): Timing {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn(i);
    samples.push(performance.now() - t0);
  }
  return summarize(samples);
}

export async function timeAsync(runs: number, fn: (i: number) => Promise<void>): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  return summarize(samples);
}

export function report(label: string, t: Timing, target?: number): void {
  const verdict = target === undefined ? '' : t.p95 <= target ? `  (target < ${target} ms: met)` : `  (target < ${target} ms: MISSED)`;
  console.log(`${label.padEnd(58)} median ${t.median.toFixed(2).padStart(9)} ms   p95 ${t.p95.toFixed(2).padStart(9)} ms   n=${t.runs}${verdict}`);
}

export function reportOnce(label: string, ms: number, target?: number): void {
  const verdict = target === undefined ? '' : ms <= target ? `  (target < ${target} ms: met)` : `  (target < ${target} ms: MISSED)`;
  console.log(`${label.padEnd(58)} ${ms.toFixed(1).padStart(9)} ms${verdict}`);
}
