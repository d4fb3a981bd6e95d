// Transactions: the MULTI queue and WATCH (optimistic locking), as Redis's multi.c.
//
// A client in MULTI has its commands queued by the dispatcher (Server.processCommand)
// instead of run; EXEC runs them back to back through Server.call. A queue-time rejection
// (unknown command, arity, OOM...) marks the transaction MULTI_DIRTY_EXEC, so EXEC answers
// EXECABORT. A write to a WATCHed key marks the watcher MULTI_DIRTY_CAS, so EXEC answers a
// null array.
//
// WATCH registry: per db, key → the WatchedKey records of the clients watching it. The
// registry installs its modified-key hook on the server only while some key is watched,
// so writes and FLUSHDB cost nothing extra when nobody watches (FLUSHDB/SWAPDB signal
// every key only when hooks are installed; see commands/server.ts signalWholeDb).

import type { Client } from './client.js';
import type { CommandSpec } from '../commands/spec.js';
import type { Db } from '../store/keyspace.js';

/** A key modified after WATCH: EXEC fails with a null array. */
export const MULTI_DIRTY_CAS = 1 << 0;
/** A command was rejected while queueing: EXEC fails with EXECABORT. */
export const MULTI_DIRTY_EXEC = 1 << 1;
/** Flags of the queued commands (the dispatcher's OOM and CLIENT PAUSE checks of EXEC). */
export const MULTI_HAS_WRITE = 1 << 2;
export const MULTI_HAS_DENYOOM = 1 << 3;
export const MULTI_HAS_MAY_REPLICATE = 1 << 4;

export interface QueuedCommand {
  spec: CommandSpec;
  argv: string[];
}

export class WatchedKey {
  constructor(
    readonly db: Db,
    readonly key: string,
    readonly client: Client,
    /** The key was already logically expired when WATCH ran (Redis's wk->expired). */
    public expired: boolean,
  ) {}
}

/** Commands a client in MULTI runs at once instead of queueing them. */
export function runsInsideMulti(spec: CommandSpec): boolean {
  if (spec.parent !== undefined) return false;
  const n = spec.name;
  return n === 'exec' || n === 'discard' || n === 'multi' || n === 'watch' || n === 'quit' || n === 'reset';
}

/** Queue a command of a client in MULTI (nothing is kept once the transaction is doomed). */
export function queueMultiCommand(c: Client, spec: CommandSpec, argv: string[]): void {
  if ((c.multiFlags & (MULTI_DIRTY_CAS | MULTI_DIRTY_EXEC)) !== 0) return;
  (c.multiQueue ??= []).push({ spec, argv });
  let f = 0;
  if (spec.isWrite) f |= MULTI_HAS_WRITE;
  if (spec.isDenyOom) f |= MULTI_HAS_DENYOOM;
  if (spec.flags.has('may_replicate')) f |= MULTI_HAS_MAY_REPLICATE;
  c.multiFlags |= f;
}

/** Redis's flagTransaction: a rejected command dooms the transaction being queued. */
export function flagTransaction(c: Client): void {
  if (c.inMulti) c.multiFlags |= MULTI_DIRTY_EXEC;
}

/** Leave MULTI, dropping the queue and every WATCH (DISCARD, EXEC's end, RESET). */
export function discardTransaction(c: Client): void {
  c.inMulti = false;
  c.multiQueue = null;
  c.multiFlags = 0;
  c.server.watches.unwatchAll(c);
}

/**
 * The WATCH registry of a server. `hookInstalled` mirrors whether `touch` is in the
 * server's keyModifiedHooks (only while at least one key is watched).
 */
export class WatchRegistry {
  /** Per db index: key → watchers of it. */
  private readonly byDb: (Map<string, WatchedKey[]> | undefined)[] = [];
  private count = 0;
  private readonly hooks: ((db: Db, key: string) => void)[];
  private readonly hook = (db: Db, key: string): void => this.touch(db, key);

  constructor(hooks: ((db: Db, key: string) => void)[]) {
    this.hooks = hooks;
  }

  /** Total WATCH records (all clients, all dbs). */
  get size(): number {
    return this.count;
  }

  /** WATCH key in c's current db (a key already watched there is not added twice). */
  watch(c: Client, key: string): void {
    const db = c.db;
    const list = c.watched;
    if (list !== null) {
      for (const wk of list) if (wk.db === db && wk.key === key) return;
    }
    let map = this.byDb[db.id];
    if (map === undefined) this.byDb[db.id] = map = new Map();
    const wk = new WatchedKey(db, key, c, db.storedState(key) === 2);
    const watchers = map.get(key);
    if (watchers === undefined) map.set(key, [wk]);
    else watchers.push(wk);
    (c.watched ??= []).push(wk);
    if (this.count++ === 0) this.hooks.push(this.hook);
  }

  /** UNWATCH: forget every key c watches. */
  unwatchAll(c: Client): void {
    const list = c.watched;
    if (list === null) return;
    c.watched = null;
    for (const wk of list) {
      const map = this.byDb[wk.db.id];
      const watchers = map?.get(wk.key);
      if (map === undefined || watchers === undefined) continue;
      const i = watchers.indexOf(wk);
      if (i !== -1) watchers.splice(i, 1);
      if (watchers.length === 0) map.delete(wk.key);
      this.count--;
    }
    if (this.count === 0) {
      const i = this.hooks.indexOf(this.hook);
      if (i !== -1) this.hooks.splice(i, 1);
    }
  }

  /**
   * A key was modified (or deleted, expired, flushed): its watchers' transactions fail.
   * A key that was already expired at WATCH time and is now gone from the db changed
   * nothing a client could have seen: only the mark is cleared (as Redis 7.0).
   */
  touch(db: Db, key: string): void {
    const map = this.byDb[db.id];
    if (map === undefined || map.size === 0) return;
    const watchers = map.get(key);
    if (watchers === undefined) return;
    // unwatchAll below edits this list: walk a copy.
    for (const wk of watchers.slice()) {
      if (wk.expired && db.storedState(key) === 0) {
        wk.expired = false;
        continue;
      }
      const c = wk.client;
      c.multiFlags |= MULTI_DIRTY_CAS;
      this.unwatchAll(c);
    }
  }

  /** EXEC's check: a watched key, live at WATCH time, that has expired since. */
  expiredSinceWatch(c: Client): boolean {
    const list = c.watched;
    if (list === null) return false;
    for (const wk of list) {
      if (!wk.expired && wk.db.storedState(wk.key) === 2) return true;
    }
    return false;
  }
}
