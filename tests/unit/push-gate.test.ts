// The server's gate for push transactions: never more at once than its size, in arrival order,
// and a failing push frees its slot; the default leaves pool connections for pulls.
import { describe, expect, it } from 'vitest';
import { Gate, writersFor } from '../../src-server/gate.js';

describe('push gate', () => {
  it('runs at most `size` at once, in arrival order, and a failure frees its slot', async () => {
    const gate = new Gate(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const releases: (() => void)[] = [];
    const work = (i: number) =>
      gate.run(async () => {
        started.push(i);
        running++;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
        if (i === 1) throw new Error('refused');
        return i;
      });
    const all = [0, 1, 2, 3, 4].map((i) => work(i).catch((e: Error) => e.message));
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    expect(gate.queued).toBe(3);
    while (releases.length > 0) {
      (releases.shift() as () => void)();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(all)).toEqual([0, 'refused', 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    expect(gate.queued).toBe(0);
  });

  it('leaves a quarter of the pool (at least 2) for pulls and caps writers at two per core', () => {
    expect(writersFor(20, 2)).toBe(4);
    expect(writersFor(20, 16)).toBe(15);
    expect(writersFor(10, 8)).toBe(7);
    expect(writersFor(1, 2)).toBe(1); // PGlite: one connection
    expect(writersFor(3, 2)).toBe(1);
  });
});
