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
import { PointInTimeWalk, type SnapshotDb } from './rdb/snapshot.js';

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
export class CommandsSnapshot extends PointInTimeWalk {
  private readonly parts: string[] = [];
  private selected = -1;
  /** A key that could not be written (stream): the rewrite fails at the next step. */
  private error: Error | null = null;

  /** `prefix`: a "#TS:" annotation (aof-timestamp-enabled) or ''. */
  constructor(dbs: readonly SnapshotDb[], functions: readonly string[], prefix = '') {
    super(dbs);
    if (prefix !== '') this.parts.push(prefix);
    for (const code of functions) this.parts.push(cmd(['FUNCTION', 'LOAD', code]));
  }

  protected writeKey(idx: number, key: string, value: Value, expireAt: number): void {
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

  /** Up to `budgetMs` of work; true when every key is written (then call finish()). */
  step(budgetMs: number): boolean {
    if (this.error !== null) throw this.error;
    const done = this.stepKeys(budgetMs);
    if (this.error !== null) throw this.error;
    return done;
  }

  /** Remove the hooks and return the file bytes. */
  finish(): Buffer {
    this.release();
    if (this.error !== null) throw this.error;
    return Buffer.from(this.parts.join(''), 'latin1');
  }
}
