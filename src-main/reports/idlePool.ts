// Both printers keep what they print in (a headless page, a hidden window) for the next
// document: a large register prints in 16 chunks, and starting a page costs more than printing
// 400 rows. Idle ones are few and closed after a while, each being a renderer process.
const IDLE_MS = 30_000;
const MAX_IDLE = 8;

export class IdlePool<T> {
  private readonly idle: T[] = [];
  private timer: NodeJS.Timeout | null = null;

  /** dispose(item) closes an item that is not kept; usable(item) says an idle one still works. */
  constructor(
    private readonly dispose: (item: T) => void,
    private readonly usable: (item: T) => boolean,
  ) {}

  take(): T | undefined {
    for (let item = this.idle.pop(); item !== undefined; item = this.idle.pop()) if (this.usable(item)) return item;
    return undefined;
  }

  give(item: T): void {
    if (this.idle.length >= MAX_IDLE) {
      this.dispose(item);
      return;
    }
    this.idle.push(item);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.clear(), IDLE_MS);
    this.timer.unref();
  }

  /** Closes every idle item (and forgets them: the browser may already have closed them). */
  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const item of this.idle.splice(0)) this.dispose(item);
  }
}
