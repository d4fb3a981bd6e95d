// Blocking on keys: the machinery behind BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP (lists)
// and BZPOPMIN, BZPOPMAX, BZMPOP (sorted sets), as Redis 7.0's blocked.c does it.
//
// API (the server owns one instance: `c.server.blocking`):
//
//   parseBlockTimeout(arg) -> deadline
//       The timeout argument of a blocking command (seconds, a float): Redis's errors
//       ("ERR timeout is not a float or out of range", "ERR timeout is negative") thrown as
//       ReplyError; returns an absolute deadline in ms, 0 = wait forever.
//
//   blocking.blockOnKeys(c, keys, deadlineMs, onTimeout, serve)
//       Call it from a handler that found nothing to serve at once (it has written no
//       reply). Parks c on `keys` of c.db until one of them can serve it, the deadline
//       passes (onTimeout(c) writes the timeout reply: a null array, a null bulk...), CLIENT
//       UNBLOCK (TIMEOUT: onTimeout; ERROR: -UNBLOCKED) or disconnection. With
//       c.denyBlocking (inside EXEC or a script) it does not park: onTimeout(c) answers at
//       once, as Redis's CLIENT_DENY_BLOCKING. A key named twice waits once.
//       `serve(c, key)` is called when `key` was signalled ready (see below) and c is the
//       oldest waiter on it still unserved. It looks the key up itself (db.getForWrite),
//       and either returns false (the key holds a type c does not wait for: c keeps
//       waiting, in its place) or does the whole command for that key and returns true:
//       the data change, keyWritten()
//       (events, signal, dirty), the reply into c.reply, and propagation through
//       blocking.propagate(c, argv) with the argv Redis propagates for a served client
//       (LPOP key / RPOP key / LMOVE ... / ZPOPMIN key ...). A reply that is an error
//       (BLMOVE onto a key of another type) still counts as served: Redis unblocks it too.
//       The serve function may be a closure made per blocked command: blocking is rare.
//       With serveMissing, serve is also called for a signalled key that no longer exists
//       (XREADGROUP answers an error when its stream is deleted, as Redis 7.0).
//
//   blocking.signal(db, key)
//       Called by Server.signalModifiedKey on every write (one size test when nobody is
//       blocked): a key someone waits on joins the ready queue. Pushes, RENAME, MOVE, COPY,
//       RESTORE, ZADD... all end in keyWritten, so every way a value appears is covered.
//   blocking.scanDb(db)
//       Whole-db changes that signal no keys (SWAPDB) call it: every waited-on key that
//       now exists in db becomes ready.
//   blocking.handleReady()
//       Run by the dispatcher after each command (not inside EXEC or a script, whose
//       commands do not go through processCommand): ready keys are served in the order
//       they were signalled, each key's waiters in the order they blocked (FIFO, as Redis
//       7.0), until the key cannot serve anyone; keys made ready while serving (BLMOVE's
//       destination) are served in the same pass. Served clients then resume their
//       pipelined input, after the whole pass.
//
// Stats: a blocked client is counted in INFO blocked_clients and shows flags=b in CLIENT
// LIST through Server.blockClient (c.parked); the timeout timer is Server.blockClient's.

import { ReplyMode, type Client } from './client.js';
import type { Server } from './server.js';
import type { Db } from '../store/keyspace.js';
import { ReplyError } from '../util/errors.js';
import { string2d } from '../util/numbers.js';
import { now } from '../util/clock.js';

/** Serves a blocked client from a key that became ready; true when it did (see above). */
export type ServeFn = (c: Client, key: string) => boolean;

interface Waiter {
  db: Db;
  keys: string[];
  serve: ServeFn;
  /** Also called for a key that no longer exists (XREADGROUP fails when its stream goes). */
  serveMissing: boolean;
}

const ERR_TIMEOUT_FLOAT = 'ERR timeout is not a float or out of range';
const ERR_TIMEOUT_NEGATIVE = 'ERR timeout is negative';
/** 2^63: Redis casts the millisecond count to a long long; beyond it the cast is negative. */
const LLONG_LIMIT = 9223372036854775808;

/**
 * A blocking command's timeout in seconds (Redis 7.0 getTimeoutFromObjectOrReply with
 * UNIT_SECONDS): a strtold float, whole string, no NaN; milliseconds are rounded up
 * (0.0001 waits 1 ms, -0.0001 rounds to 0 and waits forever), values whose millisecond
 * count does not fit a long long (inf, 1e20) come out negative as in Redis. Returns the
 * absolute deadline in ms, 0 = forever.
 */
export function parseBlockTimeout(arg: string): number {
  const secs = string2d(arg);
  if (secs === null) throw new ReplyError(ERR_TIMEOUT_FLOAT);
  let ms = Math.ceil(secs * 1000);
  if (!Number.isFinite(ms) || ms >= LLONG_LIMIT || ms <= -LLONG_LIMIT) ms = -1;
  if (ms < 0) throw new ReplyError(ERR_TIMEOUT_NEGATIVE);
  if (ms === 0) return 0;
  return now() + ms;
}

export class KeyBlocking {
  /** Blocked clients and what they wait for. */
  private readonly waiters = new Map<Client, Waiter>();
  /** Per db index: key → its waiters in the order they blocked (Sets keep insertion order). */
  private readonly byKey: Map<string, Set<Client>>[] = [];
  /** Keys with at least one waiter, over all dbs: signal()'s fast exit. */
  watchedKeys = 0;
  /** Keys signalled since the last handleReady, in order; readySet dedupes per db. */
  private readyDbs: Db[] = [];
  private readyKeys: string[] = [];
  private readonly readySet: Set<string>[] = [];
  private handling = false;

  constructor(private readonly server: Server) {}

  /** Clients currently blocked on keys. */
  get size(): number {
    return this.waiters.size;
  }

  /** Is c waiting on keys (rather than WAIT or CONFIG SET)? */
  isWaiting(c: Client): boolean {
    return this.waiters.has(c);
  }

  blockOnKeys(c: Client, keys: readonly string[], deadlineMs: number, onTimeout: (c: Client) => void, serve: ServeFn, serveMissing = false): void {
    if (c.denyBlocking) {
      onTimeout(c);
      return;
    }
    const db = c.db;
    let map = this.byKey[db.id];
    if (map === undefined) {
      map = new Map();
      this.byKey[db.id] = map;
    }
    const own: string[] = [];
    for (const key of keys) {
      let set = map.get(key);
      if (set === undefined) {
        set = new Set();
        map.set(key, set);
        this.watchedKeys++;
      } else if (set.has(c)) {
        continue;
      }
      set.add(c);
      own.push(key);
    }
    this.waiters.set(c, { db, keys: own, serve, serveMissing });
    this.server.blockClient(c, deadlineMs, onTimeout);
  }

  /** Drop c's registrations (Server.clearBlock calls this on every way a block ends). */
  forget(c: Client): void {
    const w = this.waiters.get(c);
    if (w === undefined) return;
    this.waiters.delete(c);
    const map = this.byKey[w.db.id]!;
    for (const key of w.keys) {
      const set = map.get(key);
      if (set === undefined) continue;
      set.delete(c);
      if (set.size === 0) {
        map.delete(key);
        this.watchedKeys--;
      }
    }
  }

  /** A key was written: queue it if someone waits on it. */
  signal(db: Db, key: string): void {
    if (this.watchedKeys === 0) return;
    const map = this.byKey[db.id];
    if (map === undefined || !map.has(key)) return;
    let seen = this.readySet[db.id];
    if (seen === undefined) {
      seen = new Set();
      this.readySet[db.id] = seen;
    }
    if (seen.has(key)) return;
    seen.add(key);
    this.readyDbs.push(db);
    this.readyKeys.push(key);
  }

  /** SWAPDB and the like: every waited-on key of db that holds a value is ready. */
  scanDb(db: Db): void {
    const map = this.byKey[db.id];
    if (map === undefined) return;
    for (const key of map.keys()) if (db.peek(key) !== undefined) this.signal(db, key);
  }

  /** Anything queued for handleReady? */
  get hasReady(): boolean {
    return this.readyKeys.length !== 0;
  }

  /** Propagate (AOF, replicas) what serving a blocked client did. */
  propagate(c: Client, argv: string[]): void {
    const server = this.server;
    if (server.propagateHooks.length > 0) server.propagate(c.dbIndex, argv);
  }

  /** Serve the clients blocked on ready keys (see the header). */
  handleReady(): void {
    if (this.handling || this.readyKeys.length === 0) return;
    this.handling = true;
    const server = this.server;
    const served: Client[] = [];
    const previous = server.currentClient;
    try {
      while (this.readyKeys.length !== 0) {
        const dbs = this.readyDbs;
        const keys = this.readyKeys;
        this.readyDbs = [];
        this.readyKeys = [];
        for (let i = 0; i < keys.length; i++) {
          const db = dbs[i]!;
          const key = keys[i]!;
          // It may be signalled again by what serving it does.
          this.readySet[db.id]!.delete(key);
          const set = this.byKey[db.id]?.get(key);
          if (set === undefined) continue;
          // Oldest waiter first; one waiting for another type keeps its place (checked
          // against Redis 7.0.15: no rotation).
          for (const c of set) {
            const w = this.waiters.get(c);
            if (w === undefined) continue;
            if (!w.serveMissing && db.peek(key) === undefined) continue;
            this.serveOne(c, w, key, served);
          }
        }
      }
    } finally {
      server.currentClient = previous;
      this.handling = false;
    }
    for (const c of served) server.unpark(c);
  }

  /** Try to serve c from key; a served client is released and added to `served`. */
  private serveOne(c: Client, w: Waiter, key: string, served: Client[]): boolean {
    const server = this.server;
    server.currentClient = c;
    const before = c.reply.len;
    const errorsBefore = server.stats.totalErrorReplies;
    let ok = false;
    try {
      ok = w.serve(c, key);
    } catch (e) {
      // A bug in a serve function: answer this waiter, keep serving the others.
      if (!(e instanceof ReplyError)) server.log.warning(`Unexpected error serving a blocked client: ${(e as Error)?.stack ?? String(e)}`);
      c.error(e instanceof ReplyError ? e.message : `ERR internal error: ${(e as Error)?.message ?? String(e)}`);
      ok = true;
    }
    if (!ok) return false;
    // An error answer (BLMOVE onto another type) is a failed call of the command.
    if (server.stats.totalErrorReplies !== errorsBefore) {
      const spec = server.table.lookup(c.lastCommand);
      if (spec !== undefined) spec.stats.failedCalls++;
    }
    if (c.replyMode === ReplyMode.Off) c.reply.truncate(before);
    server.releaseBlocked(c);
    served.push(c);
    return true;
  }
}
