// The one way a test waits for something that happens in the background (a job, a scheduler,
// a sync loop): poll until it holds, or fail saying what it waited for. Never a loop that gives
// up after a fixed time and lets the test go on as if the thing had happened.

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

export async function waitFor(what: string, check: () => boolean | Promise<boolean>, opts: WaitOptions = {}): Promise<void> {
  const { timeoutMs = 30_000, intervalMs = 25 } = opts;
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() >= end) throw new Error(`waited ${timeoutMs / 1000} s for ${what}, in vain`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
