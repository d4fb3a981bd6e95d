// The "hyperloglog" command group: PFADD, PFCOUNT, PFMERGE, PFDEBUG, PFSELFTEST.
//
// A HyperLogLog is a plain string value holding Redis's exact HLL bytes (types/hll.ts),
// edited in place as a RawString. Argument checks, error texts, what counts as a change
// (dirty, keyspace events) and the dense/sparse choices follow Redis 7.0's hyperloglog.c;
// test/integration/hll.test.ts compares replies and GET bytes with redis-server.

import type { CommandDef } from './spec.js';
import type { Client } from '../server/client.js';
import { ReplyError, WRONGTYPE } from '../util/errors.js';
import { eqi } from '../util/strings.js';
import { keyWritten } from './util.js';
import type { Value } from '../types/value.js';
import { RawString, isStringValue } from '../types/string.js';
import {
  HLL_REGISTERS,
  HLL_DENSE,
  createHll,
  isHllBytes,
  isHllString,
  hllAdd,
  hllSet,
  hllCount,
  hllCountRaw,
  hllMerge,
  cacheValid,
  readCache,
  writeCache,
  invalidateCache,
  sparseToDense,
  denseRegister,
  sparseDecode,
  hllSelfTest,
} from '../types/hll.js';

const ERR_NOT_HLL = 'WRONGTYPE Key is not a valid HyperLogLog string value.';
const ERR_INVALID_HLL = 'INVALIDOBJ Corrupted HLL object detected';

function sparseMax(c: Client): number {
  return c.server.config.num('hll-sparse-max-bytes');
}

/** isHLLObjectOrReply: WRONGTYPE for non-strings, the HLL message for bad strings. */
function checkHll(v: Value): void {
  if (!isStringValue(v)) throw new ReplyError(WRONGTYPE);
  const ok = typeof v === 'string' ? isHllString(v) : isHllBytes((v as RawString).buf, (v as RawString).len);
  if (!ok) throw new ReplyError(ERR_NOT_HLL);
}

/**
 * dbUnshareStringValue: the key's value as a private mutable RawString ("raw"), replacing
 * a plain string value in the keyspace (an embstr HLL turns raw as in Redis).
 */
function unshare(c: Client, key: string, v: Value): RawString {
  if (typeof v === 'string') {
    const raw = RawString.fromString(v);
    c.db.replace(key, raw);
    return raw;
  }
  const raw = v as RawString;
  raw.embstr = false;
  return raw;
}

/** Bytes and length of a validated HLL value without copying a RawString. */
let bytesOut: Uint8Array = new Uint8Array(0);
let lenOut = 0;
function hllBytes(v: Value): void {
  if (typeof v === 'string') {
    bytesOut = Buffer.from(v, 'latin1');
    lenOut = v.length;
  } else {
    bytesOut = (v as RawString).buf;
    lenOut = (v as RawString).len;
  }
}

function pfaddCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const db = c.db;
  const v = db.getForWrite(key);
  let o: RawString;
  let updated = 0;
  if (v === undefined) {
    o = createHll();
    db.set(key, o);
    updated++;
  } else {
    checkHll(v);
    o = unshare(c, key, v);
  }
  const max = sparseMax(c);
  for (let j = 2; j < argv.length; j++) {
    const r = hllAdd(o, argv[j]!, max);
    if (r === 1) updated++;
    else if (r === -1) throw new ReplyError(ERR_INVALID_HLL);
  }
  if (updated) {
    invalidateCache(o.buf);
    keyWritten(c, db, key, '$', 'pfadd', updated);
  }
  c.reply.int(updated ? 1 : 0);
}

/** Registers of a multi-key PFCOUNT / PFMERGE union (reused: commands are synchronous). */
const maxRegs = new Uint8Array(HLL_REGISTERS);

function pfcountCommand(c: Client, argv: string[]): void {
  const db = c.db;
  if (argv.length > 2) {
    maxRegs.fill(0);
    for (let j = 1; j < argv.length; j++) {
      const v = db.get(argv[j]!);
      if (v === undefined) continue;
      checkHll(v);
      hllBytes(v);
      if (!hllMerge(maxRegs, bytesOut, lenOut)) throw new ReplyError(ERR_INVALID_HLL);
    }
    c.reply.int(hllCountRaw(maxRegs));
    return;
  }
  const key = argv[1]!;
  const v = db.get(key);
  if (v === undefined) {
    c.reply.int(0);
    return;
  }
  checkHll(v);
  const o = unshare(c, key, v);
  const b = o.buf;
  if (cacheValid(b)) {
    c.reply.int(readCache(b));
    return;
  }
  const card = hllCount(b, o.len);
  if (card < 0) throw new ReplyError(ERR_INVALID_HLL);
  writeCache(b, card);
  // A read-only command that rewrites the cached cardinality: propagated as a change.
  c.server.signalModifiedKey(db, key);
  c.server.dirty++;
  c.reply.int(card);
}

function pfmergeCommand(c: Client, argv: string[]): void {
  const db = c.db;
  maxRegs.fill(0);
  let useDense = false;
  for (let j = 1; j < argv.length; j++) {
    const v = db.get(argv[j]!);
    if (v === undefined) continue;
    checkHll(v);
    hllBytes(v);
    if (bytesOut[4] === HLL_DENSE) useDense = true;
    if (!hllMerge(maxRegs, bytesOut, lenOut)) throw new ReplyError(ERR_INVALID_HLL);
  }
  const key = argv[1]!;
  const v = db.getForWrite(key);
  let o: RawString;
  if (v === undefined) {
    o = createHll();
    db.set(key, o);
  } else {
    o = unshare(c, key, v);
  }
  if (useDense && !sparseToDense(o)) throw new ReplyError(ERR_INVALID_HLL);
  const max = sparseMax(c);
  for (let j = 0; j < HLL_REGISTERS; j++) {
    const r = maxRegs[j]!;
    if (r !== 0) hllSet(o, j, r, max);
  }
  invalidateCache(o.buf);
  keyWritten(c, db, key, '$', 'pfadd');
  c.reply.ok();
}

function pfdebugCommand(c: Client, argv: string[]): void {
  const cmd = argv[1]!;
  const key = argv[2]!;
  const v = c.db.getForWrite(key);
  if (v === undefined) throw new ReplyError('ERR The specified key does not exist');
  checkHll(v);
  const o = unshare(c, key, v);
  if (eqi(cmd, 'getreg')) {
    if (o.buf[4] !== HLL_DENSE) {
      if (!sparseToDense(o)) throw new ReplyError(ERR_INVALID_HLL);
      c.server.dirty++;
    }
    c.reply.arrayLen(HLL_REGISTERS);
    for (let j = 0; j < HLL_REGISTERS; j++) c.reply.int(denseRegister(o, j));
  } else if (eqi(cmd, 'decode')) {
    if (o.buf[4] === HLL_DENSE) throw new ReplyError('ERR HLL encoding is not sparse');
    c.reply.bulk(sparseDecode(o));
  } else if (eqi(cmd, 'encoding')) {
    c.reply.simple(o.buf[4] === HLL_DENSE ? 'dense' : 'sparse');
  } else if (eqi(cmd, 'todense')) {
    let conv = false;
    if (o.buf[4] !== HLL_DENSE) {
      if (!sparseToDense(o)) throw new ReplyError(ERR_INVALID_HLL);
      conv = true;
      c.server.dirty++;
    }
    c.reply.int(conv ? 1 : 0);
  } else {
    throw new ReplyError(`ERR Unknown PFDEBUG subcommand '${cmd}'`);
  }
}

function pfselftestCommand(c: Client, _argv: string[]): void {
  const err = hllSelfTest(sparseMax(c));
  if (err === null) c.reply.ok();
  else c.error(err);
}

const H = { group: 'hyperloglog', acl: 'hyperloglog' } as const;

export const hllCommands: CommandDef[] = [
  { name: 'pfadd', arity: -2, flags: 'write denyoom fast', keys: [1, 1, 1], ...H, since: '2.8.9', summary: 'Adds elements to a HyperLogLog, creating it when missing; 1 if its estimate may have changed.', complexity: 'O(1) to add every element.', handler: pfaddCommand },
  { name: 'pfcount', arity: -2, flags: 'readonly', keys: [1, -1, 1], ...H, since: '2.8.9', summary: 'Estimated number of distinct elements added to one HyperLogLog, or to the union of several.', complexity: 'O(1) with a very small average constant time when called with a single key. O(N) with N being the number of keys, and much bigger constant times, when called with multiple keys.', handler: pfcountCommand },
  { name: 'pfmerge', arity: -2, flags: 'write denyoom', keys: [1, -1, 1], ...H, since: '2.8.9', summary: 'Stores the union of HyperLogLogs in a destination key (which is itself one of the inputs).', complexity: 'O(N) to merge N HyperLogLogs, but with high constant times.', handler: pfmergeCommand },
  { name: 'pfdebug', arity: 3, flags: 'write denyoom admin', keys: [2, 2, 1], ...H, since: '2.8.9', summary: 'Internal inspection of a HyperLogLog: registers, sparse opcodes, encoding, forced conversion.', complexity: 'N/A', handler: pfdebugCommand },
  { name: 'pfselftest', arity: 1, flags: 'admin', ...H, since: '2.8.9', summary: 'Runs the internal HyperLogLog self-test.', complexity: 'N/A', handler: pfselftestCommand },
];
