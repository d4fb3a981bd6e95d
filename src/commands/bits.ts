// Bit commands on string values: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD and
// BITFIELD_RO, following Redis 7.0's bitops.c (argument checks in the same order, the same
// error texts, int64 wrap-around in BITFIELD's overflow arithmetic).
//
// Bits are numbered from the most significant bit of byte 0. Writers turn the value into
// a RawString (types/string.ts) and mutate its buffer in place, so repeated SETBIT or
// BITFIELD on a large bitmap costs O(1) each.

import type { CommandDef } from './spec.js';
import type { Client } from '../server/client.js';
import { ReplyError, ERR_NOT_INTEGER, ERR_SYNTAX, WRONGTYPE } from '../util/errors.js';
import { parseInt64, string2ll } from '../util/numbers.js';
import { eqi } from '../util/strings.js';
import { keyWritten } from './util.js';
import { RawString, isStringValue, stringBytes, toRawString } from '../types/string.js';

const ERR_BIT_OFFSET = 'ERR bit offset is not an integer or out of range';

/**
 * A bit offset argument (Redis's getBitOffsetFromArgument). With `hash`, "#N" means N
 * times the field width. Offsets whose byte index reaches proto-max-bulk-len are refused.
 */
function bitOffset(c: Client, arg: string, hash: boolean, bits: number): number {
  const useHash = hash && bits > 0 && arg.charCodeAt(0) === 35; /* '#' */
  const v = string2ll(useHash ? arg.slice(1) : arg);
  if (v === null) throw new ReplyError(ERR_BIT_OFFSET);
  let off: number;
  if (useHash) {
    // int64 multiplication, wrapping as the C code does.
    const p = BigInt.asIntN(64, BigInt(v) * BigInt(bits));
    if (p < 0n || p / 8n >= BigInt(c.server.protoMaxBulkLen)) throw new ReplyError(ERR_BIT_OFFSET);
    off = Number(p);
  } else {
    if (v < 0) throw new ReplyError(ERR_BIT_OFFSET);
    off = Number(v);
    if (Math.floor(off / 8) >= c.server.protoMaxBulkLen) throw new ReplyError(ERR_BIT_OFFSET);
  }
  return off;
}

/**
 * The string at argv[1] made writable and at least (maxbit >> 3) + 1 bytes long (zero
 * padded); created when missing. Returns the value and whether it was created or grown.
 */
function stringForBitWrite(c: Client, key: string, maxbit: number): [RawString, boolean] {
  const db = c.db;
  const v = db.getForWrite(key);
  const need = Math.floor(maxbit / 8) + 1;
  if (v === undefined) {
    const raw = RawString.zeros(need);
    db.set(key, raw);
    return [raw, true];
  }
  if (!isStringValue(v)) throw new ReplyError(WRONGTYPE);
  let raw: RawString;
  if (typeof v === 'string') {
    raw = toRawString(v, Math.max(0, need - v.length));
    db.replace(key, raw);
  } else {
    raw = toRawString(v);
  }
  const oldLen = raw.len;
  raw.growZero(need);
  return [raw, raw.len !== oldLen];
}

/** Read a string value's bytes; undefined when missing; WRONGTYPE otherwise. */
function readBytes(c: Client, key: string): Buffer | undefined {
  const v = c.db.get(key);
  if (v === undefined) return undefined;
  if (!isStringValue(v)) throw new ReplyError(WRONGTYPE);
  return stringBytes(v);
}

function setbitCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const offset = bitOffset(c, argv[2]!, false, 0);
  const on = string2ll(argv[3]!);
  if (on === null || (on !== 0 && on !== 1)) throw new ReplyError('ERR bit is not an integer or out of range');
  const [raw, grown] = stringForBitWrite(c, key, offset);
  const byte = offset >>> 3;
  const mask = 1 << (7 - (offset & 7));
  const b = raw.buf[byte]!;
  const old = (b & mask) !== 0 ? 1 : 0;
  if (grown || old !== on) {
    raw.buf[byte] = on ? b | mask : b & ~mask;
    keyWritten(c, c.db, key, '$', 'setbit');
  }
  c.reply.int(old);
}

function getbitCommand(c: Client, argv: string[]): void {
  const offset = bitOffset(c, argv[2]!, false, 0);
  const v = c.db.get(argv[1]!);
  if (v === undefined) {
    c.reply.int(0);
    return;
  }
  if (!isStringValue(v)) throw new ReplyError(WRONGTYPE);
  const byte = Math.floor(offset / 8);
  let b = 0;
  if (typeof v === 'string') {
    if (byte < v.length) b = v.charCodeAt(byte);
  } else {
    const raw = v as RawString;
    if (byte < raw.len) b = raw.buf[byte]!;
  }
  c.reply.int((b >> (7 - (offset & 7))) & 1);
}

const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1]!;

/** 32-bit words of p covering byte range [from, to) that are 4-aligned in memory. */
function alignedWords(p: Buffer, from: number, to: number): [Int32Array, number, number] | null {
  const base = p.byteOffset;
  const first = from + ((4 - ((base + from) & 3)) & 3); // first aligned byte index
  const nwords = Math.floor((to - first) / 4);
  if (nwords < 8) return null;
  return [new Int32Array(p.buffer, base + first, nwords), first, first + nwords * 4];
}

/** Set bits in bytes [from, to) of p; word-at-a-time (SWAR) over the aligned middle. */
function popcount(p: Buffer, from: number, to: number): number {
  let n = 0;
  const words = alignedWords(p, from, to);
  if (words === null) {
    for (let i = from; i < to; i++) n += POPCOUNT[p[i]!]!;
    return n;
  }
  const [w, start, end] = words;
  for (let i = from; i < start; i++) n += POPCOUNT[p[i]!]!;
  for (let k = 0; k < w.length; k++) {
    let v = w[k]!;
    if (v === 0) continue;
    v = v - ((v >>> 1) & 0x55555555);
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    n += Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }
  for (let i = end; i < to; i++) n += POPCOUNT[p[i]!]!;
  return n;
}

/** a > b for int64 values held as number or bigint. */
function greater(a: number | bigint, b: number | bigint): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a > b;
  return BigInt(a) > BigInt(b);
}

/** BITCOUNT/BITPOS range rules: negative indexes count from the end, then clamp to [0, total-1]. */
function clampRange(s0: number | bigint, e0: number | bigint, total: number): [number, number] {
  let start = Number(s0);
  let end = Number(e0);
  if (start < 0) start = total + start;
  if (end < 0) end = total + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= total) end = total - 1;
  return [start, end];
}

function bitcountCommand(c: Client, argv: string[]): void {
  const p = readBytes(c, argv[1]!);
  if (p === undefined) {
    c.reply.int(0);
    return;
  }
  const argc = argv.length;
  const strlen = p.length;
  let start: number;
  let end: number;
  let isBit = false;
  if (argc === 4 || argc === 5) {
    const s0 = parseInt64(argv[2]!);
    const e0 = parseInt64(argv[3]!);
    // Redis answers an empty negative range before it looks at the unit argument.
    if (greater(0, s0) && greater(0, e0) && greater(s0, e0)) {
      c.reply.int(0);
      return;
    }
    if (argc === 5) {
      if (eqi(argv[4]!, 'bit')) isBit = true;
      else if (!eqi(argv[4]!, 'byte')) throw new ReplyError(ERR_SYNTAX);
    }
    [start, end] = clampRange(s0, e0, isBit ? strlen * 8 : strlen);
  } else if (argc === 2) {
    start = 0;
    end = strlen - 1;
  } else {
    throw new ReplyError(ERR_SYNTAX);
  }
  if (start > end) {
    c.reply.int(0);
    return;
  }
  if (!isBit) {
    c.reply.int(popcount(p, start, end + 1));
    return;
  }
  // Bit range: count whole bytes, then drop the bits outside the range at both edges.
  const sb = Math.floor(start / 8);
  const eb = Math.floor(end / 8);
  let n = popcount(p, sb, eb + 1);
  const firstMask = ~((1 << (8 - (start & 7))) - 1) & 0xff;
  const lastMask = (1 << (7 - (end & 7))) - 1;
  n -= POPCOUNT[p[sb]! & firstMask]!;
  n -= POPCOUNT[p[eb]! & lastMask]!;
  c.reply.int(n);
}

/** First bit equal to `bit` in bit positions [from, to] of p, or -1. */
function findBit(p: Buffer, from: number, to: number, bit: number): number {
  let i = from;
  // Bit by bit up to a byte boundary.
  while (i <= to && (i & 7) !== 0) {
    if (((p[i >>> 3]! >> (7 - (i & 7))) & 1) === bit) return i;
    i++;
  }
  const skip = bit ? 0 : 0xff;
  // Skip whole 32-bit words that cannot contain the bit.
  if (to - i > 64) {
    const words = alignedWords(p, i >>> 3, (to + 1) >>> 3);
    if (words !== null) {
      const [w, start] = words;
      while (i < start * 8 && i + 7 <= to) {
        const b = p[i >>> 3]!;
        if (b !== skip) break;
        i += 8;
      }
      if (i === start * 8) {
        const skipWord = bit ? 0 : -1;
        let k = 0;
        while (k < w.length && w[k] === skipWord) k++;
        i += k * 32;
      }
    }
  }
  while (i + 7 <= to) {
    const b = p[i >>> 3]!;
    if (b !== skip) {
      for (let k = 0; k < 8; k++) if (((b >> (7 - k)) & 1) === bit) return i + k;
    }
    i += 8;
  }
  while (i <= to) {
    if (((p[i >>> 3]! >> (7 - (i & 7))) & 1) === bit) return i;
    i++;
  }
  return -1;
}

function bitposCommand(c: Client, argv: string[]): void {
  const bitArg = string2ll(argv[2]!);
  if (bitArg === null) throw new ReplyError(ERR_NOT_INTEGER);
  if (bitArg !== 0 && bitArg !== 1) throw new ReplyError('ERR The bit argument must be 1 or 0.');
  const bit = bitArg;
  const p = readBytes(c, argv[1]!);
  if (p === undefined) {
    c.reply.int(bit ? -1 : 0);
    return;
  }
  const argc = argv.length;
  const strlen = p.length;
  let start: number;
  let end: number;
  let isBit = false;
  let endGiven = false;
  if (argc >= 4 && argc <= 6) {
    const s0 = parseInt64(argv[3]!);
    if (argc === 6) {
      if (eqi(argv[5]!, 'bit')) isBit = true;
      else if (!eqi(argv[5]!, 'byte')) throw new ReplyError(ERR_SYNTAX);
    }
    let e0: number | bigint;
    if (argc >= 5) {
      e0 = parseInt64(argv[4]!);
      endGiven = true;
    } else {
      e0 = isBit ? strlen * 8 + 7 : strlen - 1;
    }
    [start, end] = clampRange(s0, e0, isBit ? strlen * 8 : strlen);
  } else if (argc === 3) {
    start = 0;
    end = strlen - 1;
  } else {
    throw new ReplyError(ERR_SYNTAX);
  }
  if (start > end) {
    c.reply.int(-1);
    return;
  }
  const from = isBit ? start : start * 8;
  const to = isBit ? end : end * 8 + 7;
  const pos = findBit(p, from, to, bit);
  if (pos !== -1) {
    c.reply.int(pos);
    return;
  }
  // Looking for a clear bit past an implicit end: the string is zero-padded on the right.
  if (bit === 0 && !endGiven) c.reply.int((Math.floor(to / 8) + 1) * 8);
  else c.reply.int(-1);
}

const enum BitOp {
  And = 0,
  Or = 1,
  Xor = 2,
  Not = 3,
}

function bitopCommand(c: Client, argv: string[]): void {
  const opName = argv[1]!;
  let op: BitOp;
  if (eqi(opName, 'and')) op = BitOp.And;
  else if (eqi(opName, 'or')) op = BitOp.Or;
  else if (eqi(opName, 'xor')) op = BitOp.Xor;
  else if (eqi(opName, 'not')) op = BitOp.Not;
  else throw new ReplyError(ERR_SYNTAX);
  if (op === BitOp.Not && argv.length !== 4) throw new ReplyError('ERR BITOP NOT must be called with a single source key.');
  const target = argv[2]!;
  const srcs: (Buffer | null)[] = [];
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const p = readBytes(c, argv[j]!);
    if (p === undefined) {
      srcs.push(null);
      continue;
    }
    // Views are safe: the result goes to a fresh buffer even if target is a source.
    srcs.push(p);
    if (p.length > maxlen) maxlen = p.length;
  }
  const db = c.db;
  if (maxlen > 0) {
    const res = Buffer.alloc(maxlen);
    if (op === BitOp.Not) {
      const s = srcs[0]!;
      for (let i = 0; i < maxlen; i++) res[i] = ~s[i]! & 0xff;
    } else {
      const first = srcs[0];
      if (first) first.copy(res, 0, 0, first.length);
      for (let k = 1; k < srcs.length; k++) {
        const s = srcs[k];
        const n = s ? s.length : 0;
        // Word at a time where the source is 4-aligned in memory (res always is).
        let i = 0;
        if (s && (s.byteOffset & 3) === 0 && n >= 32) {
          const nw = n >>> 2;
          const rw = new Int32Array(res.buffer, res.byteOffset, nw);
          const sw = new Int32Array(s.buffer, s.byteOffset, nw);
          if (op === BitOp.And) for (let k = 0; k < nw; k++) rw[k] = rw[k]! & sw[k]!;
          else if (op === BitOp.Or) for (let k = 0; k < nw; k++) rw[k] = rw[k]! | sw[k]!;
          else for (let k = 0; k < nw; k++) rw[k] = rw[k]! ^ sw[k]!;
          i = nw * 4;
        }
        if (op === BitOp.And) {
          for (; i < n; i++) res[i] = res[i]! & s![i]!;
          res.fill(0, n);
        } else if (op === BitOp.Or) {
          for (; i < n; i++) res[i] = res[i]! | s![i]!;
        } else {
          for (; i < n; i++) res[i] = res[i]! ^ s![i]!;
        }
      }
    }
    db.set(target, new RawString(res, maxlen));
    keyWritten(c, db, target, '$', 'set');
  } else if (db.delete(target)) {
    keyWritten(c, db, target, 'g', 'del');
  }
  c.reply.int(maxlen);
}

// ---------------------------------------------------------------------------------------
// BITFIELD
// ---------------------------------------------------------------------------------------

const enum Overflow {
  Wrap = 0,
  Sat = 1,
  Fail = 2,
}

const enum FieldOp {
  Get = 0,
  Set = 1,
  Incrby = 2,
}

interface FieldCmd {
  op: FieldOp;
  offset: number;
  value: bigint;
  overflow: Overflow;
  bits: number;
  signed: boolean;
}

const ERR_BITFIELD_TYPE = 'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.';
const U64 = (1n << 64n) - 1n;
const I64_MAX = (1n << 63n) - 1n;

function parseFieldType(arg: string): [boolean, number] {
  const c0 = arg.charCodeAt(0);
  let signed: boolean;
  // Lowercase only: Redis 7.0 rejects "I8" and "U8".
  if (c0 === 105) signed = true; /* i */
  else if (c0 === 117) signed = false; /* u */
  else throw new ReplyError(ERR_BITFIELD_TYPE);
  let rest = arg.slice(1);
  const nul = rest.indexOf('\0');
  if (nul !== -1) rest = rest.slice(0, nul); // the C code reads a NUL-terminated string
  const n = string2ll(rest);
  if (n === null || n < 1 || (signed && n > 64) || (!signed && n > 63)) throw new ReplyError(ERR_BITFIELD_TYPE);
  return [signed, Number(n)];
}

/** Unsigned value of `bits` bits at bit `offset` of p (bytes past the end read as 0). */
function getUnsigned(p: Buffer, plen: number, offset: number, bits: number): bigint {
  if (bits <= 48) {
    let v = 0;
    for (let i = 0; i < bits; i++) {
      const o = offset + i;
      const byte = Math.floor(o / 8);
      const b = byte < plen ? (p[byte]! >> (7 - (o & 7))) & 1 : 0;
      v = v * 2 + b;
    }
    return BigInt(v);
  }
  let v = 0n;
  for (let i = 0; i < bits; i++) {
    const o = offset + i;
    const byte = Math.floor(o / 8);
    const b = byte < plen ? (p[byte]! >> (7 - (o & 7))) & 1 : 0;
    v = (v << 1n) | BigInt(b);
  }
  return v;
}

function getSigned(p: Buffer, plen: number, offset: number, bits: number): bigint {
  return BigInt.asIntN(bits, getUnsigned(p, plen, offset, bits));
}

/** Store the low `bits` bits of v (any int64/uint64 pattern) at bit `offset`. */
function setBits(p: Buffer, offset: number, bits: number, v: bigint): void {
  let u = BigInt.asUintN(bits, v);
  for (let i = bits - 1; i >= 0; i--) {
    const o = offset + i;
    const byte = Math.floor(o / 8);
    const mask = 1 << (7 - (o & 7));
    if (u & 1n) p[byte] = p[byte]! | mask;
    else p[byte] = p[byte]! & ~mask;
    u >>= 1n;
  }
}

const i64 = (x: bigint): bigint => BigInt.asIntN(64, x);

/**
 * Redis's checkUnsignedBitfieldOverflow with C int64/uint64 semantics. `value` is the
 * uint64 pattern, `incr` an int64. Returns [overflow, limit].
 */
function checkUnsigned(value: bigint, incr: bigint, bits: number, ow: Overflow): [number, bigint] {
  const max = bits === 64 ? U64 : (1n << BigInt(bits)) - 1n;
  const maxincr = i64(max - value);
  const minincr = i64(-value);
  const wrap = (): bigint => BigInt.asUintN(bits, BigInt.asUintN(64, value + incr));
  if (value > max || (incr > 0n && incr > maxincr)) {
    return [1, ow === Overflow.Wrap ? wrap() : ow === Overflow.Sat ? max : 0n];
  } else if (incr < 0n && incr < minincr) {
    return [-1, ow === Overflow.Wrap ? wrap() : 0n];
  }
  return [0, 0n];
}

/** Redis's checkSignedBitfieldOverflow with C int64 semantics. Returns [overflow, limit]. */
function checkSigned(value: bigint, incr: bigint, bits: number, ow: Overflow): [number, bigint] {
  const max = bits === 64 ? I64_MAX : (1n << BigInt(bits - 1)) - 1n;
  const min = -max - 1n;
  const maxincr = i64(BigInt.asUintN(64, max) - BigInt.asUintN(64, value));
  const minincr = i64(min - value);
  const wrap = (): bigint => BigInt.asIntN(bits, BigInt.asUintN(64, value + incr));
  if (value > max || (bits !== 64 && incr > maxincr) || (value >= 0n && incr > 0n && incr > maxincr)) {
    return [1, ow === Overflow.Wrap ? wrap() : ow === Overflow.Sat ? max : 0n];
  } else if (value < min || (bits !== 64 && incr < minincr) || (value < 0n && incr < 0n && incr < minincr)) {
    return [-1, ow === Overflow.Wrap ? wrap() : ow === Overflow.Sat ? min : 0n];
  }
  return [0, 0n];
}

function bitfieldGeneric(c: Client, argv: string[], readonlyCommand: boolean): void {
  const key = argv[1]!;
  const ops: FieldCmd[] = [];
  let overflow = Overflow.Wrap;
  let readonly = true;
  let highestWrite = 0;
  for (let j = 2; j < argv.length; j++) {
    const rem = argv.length - j - 1;
    const sub = argv[j]!;
    let op: FieldOp;
    if (eqi(sub, 'get') && rem >= 2) op = FieldOp.Get;
    else if (eqi(sub, 'set') && rem >= 3) op = FieldOp.Set;
    else if (eqi(sub, 'incrby') && rem >= 3) op = FieldOp.Incrby;
    else if (eqi(sub, 'overflow') && rem >= 1) {
      const t = argv[++j]!;
      if (eqi(t, 'wrap')) overflow = Overflow.Wrap;
      else if (eqi(t, 'sat')) overflow = Overflow.Sat;
      else if (eqi(t, 'fail')) overflow = Overflow.Fail;
      else throw new ReplyError('ERR Invalid OVERFLOW type specified');
      continue;
    } else {
      throw new ReplyError(ERR_SYNTAX);
    }
    const [signed, bits] = parseFieldType(argv[j + 1]!);
    const offset = bitOffset(c, argv[j + 2]!, true, bits);
    let value = 0n;
    if (op !== FieldOp.Get) {
      readonly = false;
      if (highestWrite < offset + bits - 1) highestWrite = offset + bits - 1;
      value = BigInt(parseInt64(argv[j + 3]!));
    }
    ops.push({ op, offset, value, overflow, bits, signed });
    j += op === FieldOp.Get ? 2 : 3;
  }
  let p: Buffer | undefined;
  let plen = 0;
  if (readonly) {
    p = readBytes(c, key);
    plen = p === undefined ? 0 : p.length;
  } else {
    if (readonlyCommand) throw new ReplyError('ERR BITFIELD_RO only supports the GET subcommand');
    const [raw] = stringForBitWrite(c, key, highestWrite);
    p = raw.buf;
    plen = raw.len;
  }
  const w = c.reply;
  w.arrayLen(ops.length);
  let changes = 0;
  for (const f of ops) {
    if (f.op === FieldOp.Get) {
      const v = p === undefined ? 0n : f.signed ? getSigned(p, plen, f.offset, f.bits) : getUnsigned(p, plen, f.offset, f.bits);
      w.int(v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v);
      continue;
    }
    const buf = p!;
    let ov: number;
    let limit: bigint;
    let newval: bigint;
    let retval: bigint;
    if (f.signed) {
      const old = getSigned(buf, plen, f.offset, f.bits);
      if (f.op === FieldOp.Incrby) {
        [ov, limit] = checkSigned(old, f.value, f.bits, f.overflow);
        newval = ov ? limit : i64(old + f.value);
        retval = newval;
      } else {
        [ov, limit] = checkSigned(f.value, 0n, f.bits, f.overflow);
        newval = ov ? limit : f.value;
        retval = old;
      }
    } else {
      const old = getUnsigned(buf, plen, f.offset, f.bits);
      const value = BigInt.asUintN(64, f.value);
      if (f.op === FieldOp.Incrby) {
        [ov, limit] = checkUnsigned(old, f.value, f.bits, f.overflow);
        newval = ov ? limit : BigInt.asUintN(64, old + f.value);
        retval = newval;
      } else {
        [ov, limit] = checkUnsigned(value, 0n, f.bits, f.overflow);
        newval = ov ? limit : value;
        retval = old;
      }
      retval = i64(retval);
    }
    if (ov && f.overflow === Overflow.Fail) {
      w.nullBulk();
    } else {
      w.int(retval >= -9007199254740991n && retval <= 9007199254740991n ? Number(retval) : retval);
      setBits(buf, f.offset, f.bits, newval);
      changes++; // a FAIL overflow writes nothing and is not a change
    }
  }
  if (changes > 0) keyWritten(c, c.db, key, '$', 'setbit', changes);
}

function bitfieldCommand(c: Client, argv: string[]): void {
  bitfieldGeneric(c, argv, false);
}

function bitfieldRoCommand(c: Client, argv: string[]): void {
  bitfieldGeneric(c, argv, true);
}

export const bitCommands: CommandDef[] = [
  { name: 'setbit', arity: 4, flags: 'write denyoom', keys: [1, 1, 1], acl: 'bitmap', group: 'bitmap', since: '2.2.0', summary: 'Sets or clears one bit of a string value, growing it as needed; returns the old bit.', complexity: 'O(1)', handler: setbitCommand },
  { name: 'getbit', arity: 3, flags: 'readonly fast', keys: [1, 1, 1], acl: 'bitmap', group: 'bitmap', since: '2.2.0', summary: 'Returns one bit of a string value.', complexity: 'O(1)', handler: getbitCommand },
  { name: 'bitcount', arity: -2, flags: 'readonly', keys: [1, 1, 1], acl: 'bitmap', group: 'bitmap', since: '2.6.0', summary: 'Counts the set bits of a string value, optionally within a byte or bit range.', complexity: 'O(N)', handler: bitcountCommand },
  { name: 'bitpos', arity: -3, flags: 'readonly', keys: [1, 1, 1], acl: 'bitmap', group: 'bitmap', since: '2.8.7', summary: 'Finds the first set or clear bit of a string value, optionally within a range.', complexity: 'O(N)', handler: bitposCommand },
  { name: 'bitop', arity: -4, flags: 'write denyoom', keys: [2, -1, 1], acl: 'bitmap', group: 'bitmap', since: '2.6.0', summary: 'Combines string values bitwise (AND, OR, XOR, NOT) into a destination key.', complexity: 'O(N)', handler: bitopCommand },
  { name: 'bitfield', arity: -2, flags: 'write denyoom', keys: [1, 1, 1], acl: 'bitmap', group: 'bitmap', since: '3.2.0', summary: 'Reads, writes and increments integer fields of arbitrary width inside a string value.', complexity: 'O(1) for each subcommand specified', handler: bitfieldCommand },
  { name: 'bitfield_ro', arity: -2, flags: 'readonly fast', keys: [1, 1, 1], acl: 'bitmap', group: 'bitmap', since: '6.0.0', summary: 'Reads integer fields of arbitrary width inside a string value.', complexity: 'O(1) for each subcommand specified', handler: bitfieldRoCommand },
];
