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
  const verdict = target === undefined ? '' : ms <= target ? `  (target <= ${target} ms: met)` : `  (target <= ${target} ms: MISSED)`;
  console.log(`${label.padEnd(58)} ${ms.toFixed(1).padStart(9)} ms${verdict}`);
}

/**
 * Runs the steps in turn, round after round, so that a figure and its anchor see the same load
 * (the machine is shared: measured in separate blocks, a busy minute would land on one of them).
 */
export async function interleaved<K extends string>(rounds: number, steps: Record<K, (i: number) => unknown>): Promise<Record<K, Timing>> {
  const samples = Object.fromEntries(Object.keys(steps).map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < rounds; i++) {
    for (const key of Object.keys(steps) as K[]) {
      const t0 = performance.now();
      await steps[key](i);
      samples[key].push(performance.now() - t0);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, s]) => [k, summarize(s as number[])])) as Record<K, Timing>;
}

/** 2.10x, or 1/120 for a figure below its anchor. */
export function ratioText(r: number): string {
  return r >= 1 ? `${r.toFixed(2)}x` : `1/${Math.round(1 / r)}`;
}

/**
 * A figure beside its anchor from the same run: the ratios first (median to median, p95 to
 * p95), then the absolute figures. `limit`: the highest ratio allowed, checked on both.
 */
export function compare(label: string, t: Timing, anchor: Timing, anchorName: string, limit?: number): void {
  const rm = t.median / anchor.median;
  const rp = t.p95 / anchor.p95;
  const verdict = limit === undefined ? '' : rm <= limit && rp <= limit ? `  target <= ${ratioText(limit)}: met` : `  target <= ${ratioText(limit)}: MISSED`;
  console.log(
    `${label.padEnd(50)} ${ratioText(rm).padStart(7)} / ${ratioText(rp).padStart(7)} ${anchorName} (median / p95)   ` +
      `${t.median.toFixed(2)} / ${t.p95.toFixed(2)} ms, n=${t.runs}${verdict}`,
  );
}

export function anchorLine(label: string, t: Timing): void {
  console.log(`${`anchor: ${label}`.padEnd(50)} ${t.median.toFixed(2)} / ${t.p95.toFixed(2)} ms (median / p95), n=${t.runs}`);
}
