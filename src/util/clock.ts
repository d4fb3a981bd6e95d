// A cached clock. Commands read `now()` many times per event-loop turn; the server
// refreshes the cache once per read batch and once per timer tick, like Redis's
// mstime cache in its event loop. Tests can freeze time through `setFrozenTime`.

let cachedMs = Date.now();
/** cachedMs in whole seconds, 24 bits: Redis's LRU clock, read on every key access. */
let cachedLru = lruOf(cachedMs);
let frozen = false;

function lruOf(ms: number): number {
  return Math.floor(ms / 1000) & 0xffffff;
}
const epochUsAtStart = BigInt(Date.now()) * 1000n;
const hrAtStart = process.hrtime.bigint();

/** Milliseconds since the epoch, refreshed at the start of each batch of work. */
export function now(): number {
  return cachedMs;
}

/** Refresh the cached time (called by the server before processing input/timers). */
export function updateClock(): number {
  if (!frozen) {
    cachedMs = Date.now();
    cachedLru = lruOf(cachedMs);
  }
  return cachedMs;
}

/** The LRU clock (seconds, 24 bits) at the cached time. */
export function lruNow(): number {
  return cachedLru;
}

/** Freeze the clock at `ms` (or unfreeze with null). Used by tests and DEBUG. */
export function setFrozenTime(ms: number | null): void {
  if (ms === null) {
    frozen = false;
    cachedMs = Date.now();
  } else {
    frozen = true;
    cachedMs = ms;
  }
  cachedLru = lruOf(cachedMs);
}

/** Microseconds since the epoch, monotonic within the process (TIME, slowlog). */
export function ustime(): bigint {
  return epochUsAtStart + (process.hrtime.bigint() - hrAtStart) / 1000n;
}
