// A few counters an office's IT person reads at /health: requests and their outcome, pushes and
// their items, and request latency over the last requests (no metrics server needed).
const WINDOW = 2048;

export class Metrics {
  readonly startedAt = Date.now();
  requests = 0;
  serverErrors = 0;
  unavailable = 0;
  pushes = 0;
  itemsAccepted = 0;
  itemsRejected = 0;
  private readonly latencies = new Float64Array(WINDOW);
  private filled = 0;
  private next = 0;

  request(status: number, ms: number): void {
    this.requests++;
    if (status === 503) this.unavailable++;
    else if (status >= 500) this.serverErrors++;
    this.latencies[this.next] = ms;
    this.next = (this.next + 1) % WINDOW;
    this.filled = Math.min(WINDOW, this.filled + 1);
  }

  push(accepted: number, rejected: number): void {
    this.pushes++;
    this.itemsAccepted += accepted;
    this.itemsRejected += rejected;
  }

  private percentile(p: number): number {
    if (this.filled === 0) return 0;
    const sorted = Array.from(this.latencies.subarray(0, this.filled)).sort((a, b) => a - b);
    return Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number) * 10) / 10;
  }

  snapshot() {
    return {
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      requests: this.requests,
      serverErrors: this.serverErrors,
      unavailable: this.unavailable,
      pushes: this.pushes,
      itemsAccepted: this.itemsAccepted,
      itemsRejected: this.itemsRejected,
      latencyMs: { p50: this.percentile(50), p95: this.percentile(95), p99: this.percentile(99) },
    };
  }
}
