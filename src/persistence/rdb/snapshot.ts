// A point-in-time RDB snapshot taken without fork, in slices between client work.
//
// At start every db gets copy-on-write hooks (Db.beforeKeyChange / beforeBulkChange).
// The snapshot then walks each db with its SCAN cursor a slice at a time, writing keys it
// has not written yet. Before any key changes (write, TTL change, delete, expiry) the hook
// writes the key's old value first, if the snapshot has not written it and the key
// existed when the snapshot began; a key created after the start is only marked as done.
// Before a db is emptied or swapped, all its remaining keys are written at once. So the
// file holds exactly the dataset of the starting moment:
//  - a key present the whole time is returned by the scan (SCAN's guarantee) and written
//    once (the `done` set absorbs SCAN's duplicates);
//  - a key changed or removed before the scan reached it was written by the hook, with
//    the value it had at the start (nothing else changed it before);
//  - a key created after the start is never written.
// The cost is a `done` set of the keys per db while the save runs, and one pass over the
// data. Each slice is bounded by time, so the loop is never blocked for long.

import type { Value } from '../../types/value.js';
import { RdbStreamWriter, type RdbSaveOptions } from './file.js';

/** What the snapshot needs from a Db (the keyspace's Db implements it). */
export interface SnapshotDb {
  readonly size: number;
  readonly expiresCount: number;
  beforeKeyChange: ((db: never, key: string, value: Value | undefined, expireAt: number) => void) | null;
  beforeBulkChange: ((db: never) => void) | null;
  scan(cursor: number, count: number, out: string[]): number;
  peek(key: string): Value | undefined;
  getExpire(key: string): number;
  forEachKey(fn: (key: string, value: Value, expireAt: number) => void): void;
}

/**
 * The point-in-time walk both snapshot kinds share (see the header): hooks on every db,
 * a `done` set per db, and the SCAN-driven slices. Subclasses say how one key is written.
 */
export abstract class PointInTimeWalk {
  protected readonly done: Set<string>[];
  private readonly skipped = new Set<number>();
  private readonly batch: string[] = [];
  private dbIndex = 0;
  private cursor = 0;
  private firstScan = true;

  constructor(protected readonly dbs: readonly SnapshotDb[]) {
    this.done = dbs.map(() => new Set<string>());
    for (let i = 0; i < dbs.length; i++) {
      const db = dbs[i]!;
      const idx = i;
      db.beforeKeyChange = ((_db: unknown, key: string, value: Value | undefined, expireAt: number) => this.onChange(idx, key, value, expireAt)) as SnapshotDb['beforeKeyChange'];
      db.beforeBulkChange = ((_db: unknown) => this.onBulk(idx)) as SnapshotDb['beforeBulkChange'];
    }
  }

  /** Write one key of db `idx` as it was when the walk started. */
  protected abstract writeKey(idx: number, key: string, value: Value, expireAt: number): void;

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
    // Everything left was written: the scan of this db has nothing more to do, and keys
    // that appear later (a swap brings another db's keys) are not part of the snapshot.
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

  /** Walk for up to `budgetMs`; true when every key has been written. */
  protected stepKeys(budgetMs: number): boolean {
    const deadline = Date.now() + budgetMs;
    const out = this.batch;
    while (this.dbIndex < this.dbs.length) {
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
          // peek may reclaim an expired key: the hook then writes it, as Redis saves
          // expired keys that were still in memory.
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
    return true;
  }

  /** Remove the hooks (also when the walk is abandoned). */
  release(): void {
    for (const db of this.dbs) {
      db.beforeKeyChange = null;
      db.beforeBulkChange = null;
    }
  }
}

export class BackgroundSnapshot extends PointInTimeWalk {
  private readonly writer: RdbStreamWriter;
  private readonly sizes: number[];
  private readonly expires: number[];
  private readonly started: boolean[];
  finished = false;
  keysWritten = 0;
  readonly keysTotal: number;

  constructor(dbs: readonly SnapshotDb[], opts: RdbSaveOptions) {
    super(dbs);
    this.writer = new RdbStreamWriter(opts);
    this.sizes = dbs.map((d) => d.size);
    this.expires = dbs.map((d) => d.expiresCount);
    this.started = dbs.map(() => false);
    this.keysTotal = this.sizes.reduce((a, b) => a + b, 0);
  }

  protected writeKey(idx: number, key: string, value: Value, expireAt: number): void {
    const w = this.writer;
    if (!this.started[idx]) {
      this.started[idx] = true;
      w.selectDb(idx, this.sizes[idx]!, this.expires[idx]!);
    } else {
      w.selectDb(idx, -1, -1);
    }
    w.key(key, value, expireAt);
    this.keysWritten++;
  }

  /**
   * Do up to `budgetMs` of work. Returns true when every key has been written (then call
   * finish()).
   */
  step(budgetMs: number): boolean {
    const done = this.stepKeys(budgetMs);
    this.writer.advanceChecksum();
    return done;
  }

  /** Remove the hooks and return the file bytes. */
  finish(): Buffer {
    this.release();
    this.finished = true;
    return this.writer.finish();
  }
}
