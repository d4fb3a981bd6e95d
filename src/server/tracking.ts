// Client-side caching (CLIENT TRACKING), as Redis 7.0's tracking.c.
//
// Default mode: keys read by a tracking client's read-only commands are remembered in a
// table key -> client ids; the first write to a key (keyModifiedHooks: commands, expiry,
// eviction) sends every remembered client an invalidation and forgets the key. BCAST mode:
// clients subscribe to key prefixes; writes under a prefix are collected and sent once per
// event-loop turn, keys sorted, one message per prefix. FLUSHALL / FLUSHDB send a null
// invalidation to every tracking client. Messages are RESP3 `invalidate` pushes, or, when
// redirected to a RESP2 client in Pub/Sub mode, messages on __redis__:invalidate.
//
// Invalidations for the client running the command are held until its reply is written
// (after the whole EXEC), as Redis's tracking_pending_keys. Nothing here runs while no
// client tracks: the dispatcher checks one counter.

import type { Client } from './client.js';
import type { Server } from './server.js';
import type { Db } from '../store/keyspace.js';
import type { CommandSpec } from '../commands/spec.js';
import { keysOfCommand } from '../commands/command.js';
import { ReplyError } from '../util/errors.js';

export const TRACKING_ON = 1;
export const TRACKING_BCAST = 2;
export const TRACKING_OPTIN = 4;
export const TRACKING_OPTOUT = 8;
export const TRACKING_CACHING = 16;
export const TRACKING_NOLOOP = 32;
export const TRACKING_BROKEN_REDIR = 64;

const CHANNEL = '__redis__:invalidate';

interface BcastState {
  clients: Set<Client>;
  /** Keys changed since the last broadcast, and the client that changed each last. */
  keys: Map<string, Client | null>;
}

export class Tracking {
  /** Clients with tracking on. */
  clients = 0;
  /** key -> ids of the clients that may cache it. */
  readonly table = new Map<string, Set<number>>();
  totalItems = 0;
  /** BCAST prefixes. */
  readonly prefixes = new Map<string, BcastState>();
  /** The top-level client running a command, and the call depth. */
  private current: Client | null = null;
  private depth = 0;
  /** Invalidations held for `current` until its reply is out (null = flush). */
  private pending: (string | null)[] = [];
  /**
   * A FLUSHALL / FLUSHDB is running (its per-key signals are replaced by one null message),
   * or a SWAPDB (whose signals Redis does not turn into invalidations).
   */
  private flushing = false;
  private hookInstalled = false;
  private broadcastScheduled = false;
  private limitTimeouts = 0;
  private readonly hook = (_db: Db, key: string): void => this.invalidateKey(key, true);

  constructor(private readonly server: Server) {}

  // ---------------------------------------------------------------- enable / disable

  /** CLIENT TRACKING ON with already validated options (enableTracking). */
  enable(c: Client, redirect: number, options: number, prefixes: string[]): void {
    if ((c.trackingFlags & TRACKING_ON) === 0) this.clients++;
    c.trackingFlags = (c.trackingFlags | TRACKING_ON) & ~(TRACKING_BROKEN_REDIR | TRACKING_BCAST | TRACKING_OPTIN | TRACKING_OPTOUT | TRACKING_NOLOOP);
    c.trackingRedirect = redirect;
    if ((options & TRACKING_BCAST) !== 0) {
      c.trackingFlags |= TRACKING_BCAST;
      if (prefixes.length === 0) this.enablePrefix(c, '');
      for (const p of prefixes) this.enablePrefix(c, p);
    }
    c.trackingFlags |= options & (TRACKING_OPTIN | TRACKING_OPTOUT | TRACKING_NOLOOP);
    this.installHook();
  }

  private enablePrefix(c: Client, prefix: string): void {
    let bs = this.prefixes.get(prefix);
    if (bs === undefined) {
      bs = { clients: new Set(), keys: new Map() };
      this.prefixes.set(prefix, bs);
    }
    if (!bs.clients.has(c)) {
      bs.clients.add(c);
      (c.trackingPrefixes ??= new Set()).add(prefix);
    }
  }

  /** CLIENT TRACKING OFF, RESET, disconnection (disableTracking). */
  disable(c: Client): void {
    if ((c.trackingFlags & TRACKING_ON) === 0) return;
    if ((c.trackingFlags & TRACKING_BCAST) !== 0 && c.trackingPrefixes !== null) {
      for (const p of c.trackingPrefixes) {
        const bs = this.prefixes.get(p);
        if (bs === undefined) continue;
        bs.clients.delete(c);
        if (bs.clients.size === 0) this.prefixes.delete(p);
      }
      c.trackingPrefixes = null;
    }
    c.trackingFlags = 0;
    this.clients--;
    if (this.clients === 0) {
      // Nobody left to notify: forget everything (Redis keeps the table until flushed).
      this.table.clear();
      this.totalItems = 0;
      this.prefixes.clear();
      this.uninstallHook();
    }
  }

  private installHook(): void {
    if (this.hookInstalled) return;
    this.hookInstalled = true;
    this.server.keyModifiedHooks.push(this.hook);
  }

  private uninstallHook(): void {
    if (!this.hookInstalled) return;
    this.hookInstalled = false;
    const hooks = this.server.keyModifiedHooks;
    const i = hooks.indexOf(this.hook);
    if (i !== -1) hooks.splice(i, 1);
  }

  /** PREFIX collisions (checkPrefixCollisionsOrReply): throws the error reply. */
  static checkPrefixes(c: Client, prefixes: string[]): void {
    const overlap = (a: string, b: string): boolean => {
      const n = Math.min(a.length, b.length);
      return a.slice(0, n) === b.slice(0, n);
    };
    for (let i = 0; i < prefixes.length; i++) {
      const p = prefixes[i]!;
      if (c.trackingPrefixes !== null) {
        for (const q of [...c.trackingPrefixes].sort()) {
          if (overlap(q, p)) throw new ReplyError(`ERR Prefix '${p}' overlaps with an existing prefix '${q}'. Prefixes for a single client must not overlap.`);
        }
      }
      for (let j = i + 1; j < prefixes.length; j++) {
        if (overlap(p, prefixes[j]!)) throw new ReplyError(`ERR Prefix '${p}' overlaps with another provided prefix '${prefixes[j]}'. Prefixes for a single client must not overlap.`);
      }
    }
  }

  // ---------------------------------------------------------------- around each command

  /** Called by Server.call before a handler runs (only while some client tracks). */
  beforeCall(c: Client, spec: CommandSpec): void {
    if (this.depth++ === 0) {
      // tracking-table-max-keys is enforced before each command, as Redis's processCommand.
      if (this.table.size !== 0) this.limitTable();
      this.current = c;
    }
    if (spec.parent === undefined && (spec.name === 'flushall' || spec.name === 'flushdb' || spec.name === 'swapdb')) this.flushing = true;
  }

  /** Called by Server.call after the reply is written (only while some client tracks). */
  afterCall(c: Client, spec: CommandSpec, argv: string[]): void {
    this.depth--;
    if (this.flushing && spec.parent === undefined && spec.name === 'swapdb') this.flushing = false;
    if (this.flushing && spec.parent === undefined && (spec.name === 'flushall' || spec.name === 'flushdb')) {
      this.flushing = false;
      const sync = argv.length === 1 || (argv.length === 2 && /^(a?sync)$/i.test(argv[1]!));
      if (sync) this.invalidateOnFlush();
    }
    // Keys read by a read-only command (a script's commands count for its caller).
    if (spec.isReadonly) {
      const reader = c.socket === null && this.current !== null ? this.current : c;
      if ((reader.trackingFlags & (TRACKING_ON | TRACKING_BCAST)) === TRACKING_ON && !isReadonlyScript(spec)) this.rememberKeys(reader, spec, argv);
    }
    if (this.depth === 0) {
      // CLIENT CACHING applies to the next command (or transaction) only.
      if ((c.trackingFlags & TRACKING_CACHING) !== 0 && !c.inMulti && !(spec.parent !== undefined && spec.parent.name === 'client')) {
        c.trackingFlags &= ~TRACKING_CACHING;
      }
      const cur = this.current;
      this.current = null;
      if (this.pending.length > 0 && cur !== null) {
        const list = this.pending;
        this.pending = [];
        for (const k of list) {
          if (k === null) this.send(cur, null);
          else this.sendKey(cur, k);
        }
      }
    }
  }

  private rememberKeys(c: Client, spec: CommandSpec, argv: string[]): void {
    const f = c.trackingFlags;
    const caching = (f & TRACKING_CACHING) !== 0;
    if (((f & TRACKING_OPTIN) !== 0 && !caching) || ((f & TRACKING_OPTOUT) !== 0 && caching)) return;
    if (spec.isPubsub) return;
    const keys = keysOfCommand(spec, argv);
    for (const k of keys) {
      const key = argv[k.pos]!;
      let ids = this.table.get(key);
      if (ids === undefined) {
        ids = new Set();
        this.table.set(key, ids);
      }
      if (!ids.has(c.id)) {
        ids.add(c.id);
        this.totalItems++;
      }
    }
  }

  /** tracking-table-max-keys: invalidate keys until under the limit (trackingLimitUsedSlots). */
  limitTable(): void {
    const max = this.server.config.num('tracking-table-max-keys');
    if (max === 0 || this.table.size <= max) {
      this.limitTimeouts = 0;
      return;
    }
    let effort = 100 * (this.limitTimeouts + 1);
    for (const key of this.table.keys()) {
      if (effort-- <= 0) break;
      this.invalidateKey(key, false, true);
      if (this.table.size <= max) {
        this.limitTimeouts = 0;
        return;
      }
    }
    this.limitTimeouts++;
  }

  // ---------------------------------------------------------------- invalidation

  /** A key changed (trackingInvalidateKey). `evicting`: a table-limit eviction, no modifier. */
  invalidateKey(key: string, bcast: boolean, evicting = false): void {
    if (this.flushing) return;
    if (bcast && this.prefixes.size > 0) this.rememberForBroadcast(key);
    const ids = this.table.get(key);
    if (ids === undefined) return;
    const current = evicting ? null : this.current;
    for (const id of ids) {
      const target = this.server.clients.get(id);
      if (target === undefined || (target.trackingFlags & TRACKING_ON) === 0 || (target.trackingFlags & TRACKING_BCAST) !== 0) continue;
      if ((target.trackingFlags & TRACKING_NOLOOP) !== 0 && target === this.current) continue;
      if (target === current) this.pending.push(key);
      else this.sendKey(target, key);
    }
    this.totalItems -= ids.size;
    this.table.delete(key);
  }

  private rememberForBroadcast(key: string): void {
    const modifier = this.current;
    for (const [prefix, bs] of this.prefixes) {
      if (prefix.length > key.length || (prefix.length !== 0 && !key.startsWith(prefix))) continue;
      bs.keys.set(key, modifier);
    }
    if (!this.broadcastScheduled) {
      this.broadcastScheduled = true;
      setImmediate(this.broadcast);
    }
  }

  /** Once per loop turn: each prefix's changed keys to its clients (sorted, as a rax). */
  private readonly broadcast = (): void => {
    this.broadcastScheduled = false;
    for (const bs of this.prefixes.values()) {
      if (bs.keys.size === 0) continue;
      const keys = [...bs.keys.keys()].sort();
      for (const c of bs.clients) {
        if (c.closed) continue;
        let list = keys;
        if ((c.trackingFlags & TRACKING_NOLOOP) !== 0) {
          list = keys.filter((k) => bs.keys.get(k) !== c);
          if (list.length === 0) continue;
        }
        this.send(c, list);
      }
      bs.keys = new Map();
    }
    this.server.flushPending();
  };

  /** FLUSHALL / FLUSHDB: a null invalidation to every tracking client; the table is emptied. */
  private invalidateOnFlush(): void {
    for (const c of this.server.clients.values()) {
      if ((c.trackingFlags & TRACKING_ON) === 0) continue;
      if (c === this.current) this.pending.push(null);
      else this.send(c, null);
    }
    this.table.clear();
    this.totalItems = 0;
  }

  private sendKey(c: Client, key: string): void {
    this.send(c, [key]);
  }

  /**
   * sendTrackingMessage: `keys` null is the flush's null (in c's own protocol). Goes to the
   * redirection target when there is one (a vanished target marks the redirection broken
   * and tells a RESP3 client).
   */
  send(c: Client, keys: string[] | null): void {
    let target = c;
    let redirected = false;
    if (c.trackingRedirect !== 0) {
      const r = this.server.clients.get(c.trackingRedirect);
      if (r === undefined || r.closed) {
        c.trackingFlags |= TRACKING_BROKEN_REDIR;
        if (c.resp > 2) {
          c.reply.pushLen(2);
          c.reply.bulk('tracking-redir-broken');
          c.reply.int(c.trackingRedirect);
          this.server.schedule(c);
        }
        return;
      }
      target = r;
      redirected = true;
    }
    const w = target.reply;
    if (target.resp > 2) {
      w.pushLen(2);
      w.bulk('invalidate');
    } else if (redirected && target.subscriptionCount !== 0) {
      w.arrayLen(3);
      w.bulk('message');
      w.bulk(CHANNEL);
    } else {
      return;
    }
    if (keys === null) w.raw(c.resp > 2 ? '_\r\n' : '$-1\r\n');
    else w.bulkArray(keys);
    this.server.schedule(target);
  }
}

function isReadonlyScript(spec: CommandSpec): boolean {
  return spec.parent === undefined && (spec.name === 'eval_ro' || spec.name === 'evalsha_ro' || spec.name === 'fcall_ro');
}
