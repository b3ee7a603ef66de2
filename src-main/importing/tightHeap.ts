// While a dump is read or imported, V8 is asked to grow its heap by 15% over what survived the
// last full collection instead of its own factor (up to 4x when collecting is cheap). The
// import's live heap is flat (one register book, ~85 MB for 35,000 rows: measured with a full
// collection every 5,000 rows), but every young-generation collection in a book's long
// synchronous transaction promotes ~0.5 MB that dies soon after; with V8's factor that
// garbage grew the heap to ~250 MB before it was collected, and the process to 340-400 MB.
// With 30% the process peaked at 250-258 MB (compiled) or 283-301 MB (under tsx, whose loader
// thread costs ~45 MB), 15% took it to 277 MB under tsx; the extra full collections cost about a
// second of CPU in a 22-28 s import, within the shared machine's noise. The flag is
// read by V8 at each full collection (heap-controller), so it can be set for the import's
// duration and given back afterwards (0: V8 decides again) in a process that does other things
// (the browser host, the import CLI).
import { setFlagsFromString } from 'node:v8';

const GROWING_PERCENT = 15;
let holders = 0;

/**
 * Node turns V8's flag freezing off so that flags may change at run time; whether Electron's
 * main process does could not be tried here (no Electron binary), and a frozen flag is a crash,
 * not an error. So the app's own process leaves V8's factor alone: more garbage for a while,
 * on PCs with gigabytes to spare.
 */
const mayTune = process.versions.electron === undefined;

/** Runs `work` with the heap's growth held to 15%; nested and concurrent holders share it. */
export async function withTightHeap<T>(work: () => Promise<T>): Promise<T> {
  if (holders++ === 0 && mayTune) setFlagsFromString(`--heap-growing-percent=${GROWING_PERCENT}`);
  try {
    return await work();
  } finally {
    if (--holders === 0 && mayTune) setFlagsFromString('--heap-growing-percent=0');
  }
}
