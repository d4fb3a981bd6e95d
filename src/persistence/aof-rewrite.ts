// The AOF base as commands (aof-use-rdb-preamble no), as Redis's rewriteAppendOnlyFileRio
// writes it: FUNCTION LOAD of every library, then per db a SELECT and each key as
// SET / RPUSH / SADD / ZADD / HMSET (64 items per command) followed by PEXPIREAT when it
// has a TTL. Without writes in between, the bytes are the same as Redis's.
//
// CommandsSnapshot builds it without blocking: the same copy-on-write scheme as the RDB
// snapshot (persistence/rdb/snapshot.ts explains why it is point-in-time): keys are
// written as the SCAN cursor reaches them, or by the keyspace hook just before they
// change, whichever comes first.

import type { Value } from '../types/value.js';
import { ObjType, typeOf, typeName } from '../types/value.js';
import { asString } from '../types/string.js';
import { formatDouble17g } from '../util/numbers.js';
import type { SnapshotDb } from './rdb/snapshot.js';

/** Items per rewritten command (AOF_REWRITE_ITEMS_PER_CMD). */
const ITEMS_PER_CMD = 64;

function cmd(argv: string[]): string {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

/** The commands recreating one key (streams are not expressible: throws). */
function keyCommands(parts: string[], key: string, value: Value, expireAt: number): void {
  const t = typeOf(value);
  if (t === ObjType.String) {
    parts.push(cmd(['SET', key, asString(value)]));
  } else {
    let head: string[];
    if (t === ObjType.List) head = ['RPUSH', key];
    else if (t === ObjType.Set) head = ['SADD', key];
    else if (t === ObjType.ZSet) head = ['ZADD', key];
    else if (t === ObjType.Hash) head = ['HMSET', key];
    else throw new Error(`cannot rewrite a value of type ${typeName(value)} as commands`);
    let batch = head.slice();
    let n = 0;
    for (const it of value as unknown as Iterable<unknown>) {
      if (Array.isArray(it)) {
        if (t === ObjType.ZSet) batch.push(formatDouble17g(it[1] as number), String(it[0]));
        else batch.push(String(it[0]), String(it[1]));
      } else {
        batch.push(String(it));
      }
      if (++n === ITEMS_PER_CMD) {
        parts.push(cmd(batch));
        batch = head.slice();
        n = 0;
      }
    }
    if (n > 0) parts.push(cmd(batch));
  }
  if (expireAt > 0) parts.push(cmd(['PEXPIREAT', key, String(expireAt)]));
}

interface RewriteDb {
  readonly size: number;
  forEachKey(fn: (key: string, value: Value, expireAt: number) => void): void;
}

/** The whole base synchronously (startup, when the dataset is empty or small). */
export function rewriteCommands(dbs: readonly RewriteDb[], functions: readonly string[] = [], prefix = ''): string {
  const parts: string[] = [prefix];
  for (const code of functions) parts.push(cmd(['FUNCTION', 'LOAD', code]));
  for (let i = 0; i < dbs.length; i++) {
    const db = dbs[i]!;
    if (db.size === 0) continue;
    parts.push(cmd(['SELECT', String(i)]));
    db.forEachKey((key, value, expireAt) => keyCommands(parts, key, value, expireAt));
  }
  return parts.join('');
}

/** A point-in-time commands base built in slices (same interface as BackgroundSnapshot). */
export class CommandsSnapshot {
  private readonly parts: string[] = [];
  private readonly done: Set<string>[];
  private readonly skipped = new Set<number>();
  private readonly batch: string[] = [];
  private selected = -1;
  private dbIndex = 0;
  private cursor = 0;
  private firstScan = true;
  /** A key that could not be written (stream): the rewrite fails at the next step. */
  private error: Error | null = null;

  /** `prefix`: a "#TS:" annotation (aof-timestamp-enabled) or ''. */
  constructor(private readonly dbs: readonly SnapshotDb[], functions: readonly string[], prefix = '') {
    if (prefix !== '') this.parts.push(prefix);
    for (const code of functions) this.parts.push(cmd(['FUNCTION', 'LOAD', code]));
    this.done = dbs.map(() => new Set<string>());
    for (let i = 0; i < dbs.length; i++) {
      const idx = i;
      dbs[i]!.beforeKeyChange = ((_db: unknown, key: string, value: Value | undefined, expireAt: number) => this.onChange(idx, key, value, expireAt)) as SnapshotDb['beforeKeyChange'];
      dbs[i]!.beforeBulkChange = ((_db: unknown) => this.onBulk(idx)) as SnapshotDb['beforeBulkChange'];
    }
  }

  private writeKey(idx: number, key: string, value: Value, expireAt: number): void {
    if (this.error !== null) return;
    if (this.selected !== idx) {
      this.selected = idx;
      this.parts.push(cmd(['SELECT', String(idx)]));
    }
    try {
      keyCommands(this.parts, key, value, expireAt);
    } catch (e) {
      this.error = e as Error;
    }
  }

  private onChange(idx: number, key: string, value: Value | undefined, expireAt: number): void {
    const done = this.done[idx]!;
    if (done.has(key)) return;
    done.add(key);
    if (value !== undefined) this.writeKey(idx, key, value, expireAt);
  }

  private onBulk(idx: number): void {
    const done = this.done[idx]!;
    this.dbs[idx]!.forEachKey((key, value, expireAt) => {
      if (done.has(key)) return;
      done.add(key);
      this.writeKey(idx, key, value, expireAt);
    });
    // Everything this db held at the start is written: later keys are not in the base.
    this.dbs[idx]!.beforeKeyChange = ((_db: unknown, key: string) => {
      done.add(key);
    }) as SnapshotDb['beforeKeyChange'];
    this.dbs[idx]!.beforeBulkChange = null;
    if (this.dbIndex === idx) {
      this.dbIndex++;
      this.cursor = 0;
      this.firstScan = true;
    } else if (this.dbIndex < idx) {
      this.skipped.add(idx);
    }
  }

  /** Up to `budgetMs` of work; true when every key is written (then call finish()). */
  step(budgetMs: number): boolean {
    const deadline = Date.now() + budgetMs;
    const out = this.batch;
    while (this.dbIndex < this.dbs.length) {
      if (this.error !== null) throw this.error;
      if (this.skipped.has(this.dbIndex)) {
        this.dbIndex++;
        continue;
      }
      const idx = this.dbIndex;
      const db = this.dbs[idx]!;
      if (this.firstScan || this.cursor !== 0) {
        this.firstScan = false;
        out.length = 0;
        this.cursor = db.scan(this.cursor, 256, out);
        const done = this.done[idx]!;
        for (let i = 0; i < out.length; i++) {
          const key = out[i]!;
          if (done.has(key)) continue;
          const value = db.peek(key);
          if (value === undefined || done.has(key)) continue;
          done.add(key);
          this.writeKey(idx, key, value, db.getExpire(key));
        }
        if (this.cursor !== 0) {
          if (Date.now() >= deadline) return false;
          continue;
        }
      }
      this.dbIndex++;
      this.cursor = 0;
      this.firstScan = true;
      if (Date.now() >= deadline) return this.dbIndex >= this.dbs.length;
    }
    if (this.error !== null) throw this.error;
    return true;
  }

  /** Remove the hooks and return the file bytes. */
  finish(): Buffer {
    this.release();
    if (this.error !== null) throw this.error;
    return Buffer.from(this.parts.join(''), 'latin1');
  }

  release(): void {
    for (const db of this.dbs) {
      db.beforeKeyChange = null;
      db.beforeBulkChange = null;
    }
  }
}
