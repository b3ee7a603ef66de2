// While a dump is read or imported, V8 is asked to grow its heap by 30% over what survived the
// last full collection instead of its own factor (up to 4x when collecting is cheap). The
// import's live heap is flat (one register book, ~85 MB for 35,000 rows: measured with a full
// collection every 5,000 rows), but every young-generation collection in a book's long
// synchronous transaction promotes ~0.5 MB that dies soon after; with V8's factor that
// garbage grew the heap to ~250 MB before it was collected, and the process to 340-400 MB.
// With 30% the same import peaks at ~150 MB of heap for about the same CPU time. The flag is
// read by V8 at each full collection (heap-controller), so it can be set for the import's
// duration and given back afterwards (0: V8 decides again) in a process that does other things,
// as the desktop's main process does.
import { setFlagsFromString } from 'node:v8';

const GROWING_PERCENT = 30;
let holders = 0;

/** Runs `work` with the heap's growth held to 30%; nested and concurrent holders share it. */
export async function withTightHeap<T>(work: () => Promise<T>): Promise<T> {
  if (holders++ === 0) setFlagsFromString(`--heap-growing-percent=${GROWING_PERCENT}`);
  try {
    return await work();
  } finally {
    if (--holders === 0) setFlagsFromString('--heap-growing-percent=0');
  }
}
