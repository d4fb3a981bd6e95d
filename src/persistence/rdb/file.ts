// RDB files (Redis 7.0, RDB version 10):
//
//   "REDIS0010"
//   AUX (0xFA) name value ...            redis-ver, redis-bits, ctime, used-mem, aof-base
//   per non-empty db:
//     SELECTDB (0xFE) <len: db index>
//     RESIZEDB (0xFB) <len: keys> <len: keys with a TTL>
//     per key: [EXPIRETIME_MS (0xFC) <u64 LE ms>] <type> <key string> <object>
//   EOF (0xFF) <CRC-64 LE of everything before it, or 0 with rdbchecksum no>
//
// The loader also accepts what other writers put in files 7.0 loads: EXPIRETIME (0xFD,
// seconds), IDLE (0xF8) and FREQ (0xF9) before a key, any AUX field, every object type
// objects.ts reads, RDB versions 1..10, and a zero checksum (not computed). FUNCTION
// libraries (0xF5, their source code) are saved after the AUX fields and handed back to
// the caller on load. Module data cannot be loaded by tsredis and fails the load, as
// would a corrupt file: the caller keeps its data untouched in that case (everything is
// decoded before the databases are touched).

import { crc64, readU64LE, writeU64LE } from './crc64.js';
import { RdbReader, RdbWriter, writeRdbString, RDB_VERSION } from './dump.js';
import { RdbFormatError, RdbUnsupportedType, RdbEmptyKeyError } from './errors.js';
import { isObjectType, loadObject, rdbTypeOf, saveObjectBody, type RdbLimits } from './objects.js';
import type { Value } from '../../types/value.js';

const OP_FUNCTION2 = 245;
const OP_FUNCTION = 246;
const OP_MODULE_AUX = 247;
const OP_IDLE = 248;
const OP_FREQ = 249;
const OP_AUX = 250;
const OP_RESIZEDB = 251;
const OP_EXPIRETIME_MS = 252;
const OP_EXPIRETIME = 253;
const OP_SELECTDB = 254;
const OP_EOF = 255;

/** What a db must offer to be saved (Db implements it). */
export interface SavableDb {
  readonly size: number;
  readonly expiresCount: number;
  forEachKey(fn: (key: string, value: Value, expireAt: number) => void): void;
}

export interface RdbSaveOptions {
  compress: boolean;
  checksum: boolean;
  listFill: number;
  /** AUX fields in order. */
  aux: [string, string][];
  /** FUNCTION library sources, saved before the dbs. */
  functions?: string[];
  /**
   * Under an LRU or LFU maxmemory-policy Redis stores each key's idle seconds (IDLE) or
   * LFU counter (FREQ) before it: `get` returns that number for a key of a db.
   */
  keyAccess?: { kind: 'lru' | 'lfu'; get(db: number, key: string): number };
}

/** One key as loaded from a file. */
export interface LoadedKey {
  key: string;
  value: Value;
  /** Absolute expire time in ms, 0 for none. */
  expireAt: number;
  /** IDLE seconds or -1; FREQ counter or -1. */
  idle: number;
  freq: number;
}

export interface LoadedRdb {
  version: number;
  aux: Map<string, string>;
  /** db index → keys. */
  dbs: Map<number, LoadedKey[]>;
  /** FUNCTION library sources found in the file. */
  functions: string[];
  keysLoaded: number;
  keysExpired: number;
  emptyKeysSkipped: number;
}

function writeHeader(w: RdbWriter, opts: RdbSaveOptions): void {
  w.latin1(`REDIS${String(RDB_VERSION).padStart(4, '0')}`);
  for (const [k, v] of opts.aux) {
    w.byte(OP_AUX);
    writeRdbString(w, k, false);
    writeRdbString(w, v, false);
  }
  for (const code of opts.functions ?? []) {
    w.byte(OP_FUNCTION2);
    writeRdbString(w, code, opts.compress);
  }
}

const expireBuf = new Uint8Array(8);
const expireView = new DataView(expireBuf.buffer);

function writeKey(w: RdbWriter, key: string, value: Value, expireAt: number, opts: RdbSaveOptions, db: number): void {
  const access = opts.keyAccess;
  if (access !== undefined) {
    const n = access.get(db, key);
    if (access.kind === 'lru') {
      w.byte(OP_IDLE);
      w.length(n);
    } else {
      w.byte(OP_FREQ);
      w.byte(n);
    }
  }
  if (expireAt > 0) {
    w.byte(OP_EXPIRETIME_MS);
    expireView.setBigInt64(0, BigInt(expireAt), true);
    w.bytes(expireBuf);
  }
  const t = rdbTypeOf(value);
  w.byte(t);
  writeRdbString(w, key, opts.compress);
  saveObjectBody(w, value, t, opts.compress, opts.listFill);
}

/** EOF and checksum; `crcFrom`/`crc`: a CRC already computed over the first bytes. */
function writeFooter(w: RdbWriter, opts: RdbSaveOptions, crcFrom = 0, crc = 0n): Buffer {
  w.byte(OP_EOF);
  const body = w.result();
  const out = Buffer.allocUnsafe(body.length + 8);
  out.set(body, 0);
  writeU64LE(out, body.length, opts.checksum ? crc64(body, crcFrom, body.length, crc) : 0n);
  return out;
}

/** A whole RDB file of these dbs, synchronously. */
export function encodeRdb(dbs: readonly SavableDb[], opts: RdbSaveOptions): Buffer {
  const w = new RdbWriter();
  writeHeader(w, opts);
  for (let i = 0; i < dbs.length; i++) {
    const db = dbs[i]!;
    if (db.size === 0) continue;
    w.byte(OP_SELECTDB);
    w.length(i);
    w.byte(OP_RESIZEDB);
    w.length(db.size);
    w.length(db.expiresCount);
    db.forEachKey((key, value, expireAt) => writeKey(w, key, value, expireAt, opts, i));
  }
  return writeFooter(w, opts);
}

/**
 * An incremental writer for background saves: the caller feeds it keys in slices (each a
 * point-in-time copy of what it saves) and finishes it into the file bytes.
 */
export class RdbStreamWriter {
  /**
   * The current chunk. Full chunks (past CHUNK bytes) are set aside, so the output never
   * grows by copying everything written so far (a 16 MB copy is a visible pause).
   */
  private w = new RdbWriter();
  private readonly chunks: Uint8Array[] = [];
  private total = 0;
  private db = -1;
  private crc = 0n;
  private crcPos = 0;

  constructor(private readonly opts: RdbSaveOptions) {
    writeHeader(this.w, opts);
  }

  /** Switch to a db; the RESIZEDB hint is written when size >= 0 (first visit). */
  selectDb(index: number, size: number, expires: number): void {
    if (this.db === index) return;
    this.db = index;
    this.w.byte(OP_SELECTDB);
    this.w.length(index);
    if (size < 0) return;
    this.w.byte(OP_RESIZEDB);
    this.w.length(size);
    this.w.length(expires);
  }

  key(key: string, value: Value, expireAt: number): void {
    writeKey(this.w, key, value, expireAt, this.opts, this.db);
    if (this.w.len >= STREAM_CHUNK) this.rotate();
  }

  private rotate(): void {
    this.advanceChecksum();
    this.chunks.push(this.w.result());
    this.total += this.w.len;
    this.w = new RdbWriter();
    this.crcPos = 0;
  }

  get bytes(): number {
    return this.total + this.w.len;
  }

  /** Fold the bytes written so far into the checksum (spreads its cost over slices). */
  advanceChecksum(): void {
    if (!this.opts.checksum) return;
    this.crc = crc64(this.w.buf, this.crcPos, this.w.len, this.crc);
    this.crcPos = this.w.len;
  }

  finish(): Buffer {
    const w = this.w;
    w.byte(OP_EOF);
    if (this.opts.checksum) this.crc = crc64(w.buf, this.crcPos, w.len, this.crc);
    const tail = new Uint8Array(8);
    writeU64LE(tail, 0, this.opts.checksum ? this.crc : 0n);
    return Buffer.concat([...this.chunks, w.result(), tail]);
  }
}

/** Chunk size of RdbStreamWriter. */
const STREAM_CHUNK = 1 << 20;

/**
 * Decode a whole RDB file. Keys whose TTL is already past at `now` are dropped (as a
 * master does), empty collections are skipped. Throws RdbFormatError (bad magic, bad
 * checksum, truncation, corrupt objects) or RdbUnsupportedType (modules, functions,
 * streams).
 */
export function decodeRdb(buf: Uint8Array, limits: RdbLimits, now: number, verifyChecksum = true): LoadedRdb {
  if (buf.length < 9) throw new RdbFormatError('file too short');
  const magic = Buffer.from(buf.subarray(0, 5)).toString('latin1');
  if (magic !== 'REDIS') throw new RdbFormatError('Wrong signature trying to load DB from file');
  const verText = Buffer.from(buf.subarray(5, 9)).toString('latin1');
  if (!/^\d{4}$/.test(verText)) throw new RdbFormatError('bad RDB version');
  const version = parseInt(verText, 10);
  if (version < 1 || version > RDB_VERSION) throw new RdbFormatError(`Can't handle RDB format version ${version}`);
  const r = new RdbReader(buf, buf.length);
  r.pos = 9;
  const out: LoadedRdb = { version, aux: new Map(), dbs: new Map(), functions: [], keysLoaded: 0, keysExpired: 0, emptyKeysSkipped: 0 };
  let db = 0;
  let list = out.dbs.get(0) ?? [];
  out.dbs.set(0, list);
  let expireAt = 0;
  let idle = -1;
  let freq = -1;
  for (;;) {
    const type = r.byte();
    switch (type) {
      case OP_EXPIRETIME_MS: {
        const b = r.take(8);
        const v = readU64LE(b, 0);
        expireAt = Number(BigInt.asIntN(64, v));
        if (expireAt === 0) expireAt = 1; // 0 means "no TTL" here: keep it expired
        continue;
      }
      case OP_EXPIRETIME: {
        const b = r.take(4);
        expireAt = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) * 1000;
        if (expireAt === 0) expireAt = 1;
        continue;
      }
      case OP_IDLE:
        idle = r.length();
        continue;
      case OP_FREQ:
        freq = r.byte();
        continue;
      case OP_SELECTDB:
        db = r.length();
        list = out.dbs.get(db) ?? [];
        out.dbs.set(db, list);
        continue;
      case OP_RESIZEDB:
        r.length();
        r.length();
        continue;
      case OP_AUX: {
        const k = r.string();
        const v = r.string();
        out.aux.set(k, v);
        continue;
      }
      case OP_MODULE_AUX:
        throw new RdbUnsupportedType('module aux data');
      case OP_FUNCTION2:
        out.functions.push(r.string());
        continue;
      case OP_FUNCTION:
        throw new RdbUnsupportedType('function library (pre-release format)');
      case OP_EOF: {
        if (version >= 5) {
          const end = r.pos;
          const b = r.take(8);
          const expected = readU64LE(b, 0);
          if (verifyChecksum && expected !== 0n && crc64(buf, 0, end) !== expected) {
            throw new RdbFormatError('Wrong RDB checksum');
          }
        }
        return out;
      }
      default: {
        if (!isObjectType(type)) throw new RdbFormatError(`Unknown RDB opcode ${type}`);
        const key = r.string();
        let value: Value | null = null;
        try {
          value = loadObject(r, type, limits);
        } catch (e) {
          if (!(e instanceof RdbEmptyKeyError)) throw e;
          out.emptyKeysSkipped++;
        }
        if (value !== null) {
          if (expireAt !== 0 && expireAt < now) {
            out.keysExpired++;
          } else {
            list.push({ key, value, expireAt, idle, freq });
            out.keysLoaded++;
          }
        }
        expireAt = 0;
        idle = -1;
        freq = -1;
      }
    }
  }
}
