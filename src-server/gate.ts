// A counting gate for the pushes' write transactions. Without it, 100 offices pushing at once
// take every pooled connection and a clerk's small pull (or a credential check) waits in the
// pool's queue behind all of their batches: seconds, not milliseconds. Pushes wait here
// instead, in arrival order, and the pool always has connections left for everything else.

export class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {}

  /** Waits for a slot; the returned release frees it (once, however often it is called). */
  async acquire(): Promise<() => void> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so a newcomer cannot overtake it.
      if (next) next();
      else this.active--;
    };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Pushes waiting for a slot (for /health). */
  get queued(): number {
    return this.waiting.length;
  }
}

/**
 * How many push transactions run at once: two per core (one checks its items in the server
 * process while the other waits for PostgreSQL), and never more than the pool minus a quarter
 * (at least 2), which stays for pulls, credential checks and the rest. More writers than that
 * add no throughput: their checking work queues in the one event loop ahead of every pull.
 */
export function writersFor(poolSize: number, cores: number): number {
  return Math.max(1, Math.min(2 * cores, poolSize - Math.max(2, Math.ceil(poolSize / 4))));
}
