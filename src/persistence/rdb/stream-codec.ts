// Streams in RDB (RDB_TYPE_STREAM_LISTPACKS_2, and the older STREAM_LISTPACKS on load):
//
//   <len: nodes> (<node key: 16-byte master ID> <listpack>)*
//   <len: length> <last id: ms, seq> <first id: ms, seq> <max deleted id: ms, seq>
//   <len: entries added> <len: groups>
//   per group (name order): <name> <last id: ms, seq> <entries read, -1 as 2^64-1>
//     <len: PEL size> (<16-byte ID> <delivery time: 8 bytes LE ms> <len: count>)*
//     <len: consumers> per consumer (name order): <name> <seen time: 8 bytes LE ms>
//       <len: PEL size> <16-byte ID>*
//
// A node listpack is Redis's: a master entry (live count, deleted count, master field
// count, the master fields, 0) then per entry: flags, ms and seq differences from the
// master ID, [field count,] fields and values (values only with SAMEFIELDS), and the
// entry's element count. tsredis keeps no field/value data for deleted entries, so they
// are written with empty values (Redis keeps the bytes); everything else matches.

import {
  Stream, StreamNode, ConsumerGroup, Consumer, Nack, FLAG_DELETED, FLAG_SAMEFIELDS, ID_MIN,
  idMs, idSeq, makeId, ENTRIES_READ_INVALID,
} from '../../types/stream.js';
import { RdbFormatError } from './errors.js';
import { RdbWriter, RdbReader, writeRdbString } from './dump.js';
import { ListpackBuilder, decodeListpack } from './listpack.js';

const U64 = 1n << 64n;

function diff(a: bigint, b: bigint): bigint {
  return BigInt.asIntN(64, a - b);
}

function addBig(lp: ListpackBuilder, v: bigint): void {
  if (v >= -9007199254740991n && v <= 9007199254740991n) lp.addInt(Number(v));
  else lp.addInt(v);
}

function writeMs(w: RdbWriter, ms: number): void {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigInt64(0, BigInt(Math.trunc(ms)), true);
  w.bytes(b);
}

function writeId(w: RdbWriter, id: string): void {
  w.lengthBig(idMs(id));
  w.lengthBig(idSeq(id));
}

function rawId(w: RdbWriter, id: string): void {
  w.latin1(id);
}

function nodeListpack(node: StreamNode): Uint8Array {
  const lp = new ListpackBuilder(64 + node.rest);
  const mf = node.masterFields;
  lp.addInt(node.live);
  lp.addInt(node.deleted);
  lp.addInt(mf.length);
  for (let i = 0; i < mf.length; i++) lp.add(mf[i]!);
  lp.addInt(0);
  const mms = idMs(node.master);
  const mseq = idSeq(node.master);
  for (let i = 0; i < node.ids.length; i++) {
    const id = node.ids[i]!;
    const flags = node.flags[i]!;
    lp.addInt(flags);
    addBig(lp, diff(idMs(id), mms));
    addBig(lp, diff(idSeq(id), mseq));
    const fv = node.data[i]!;
    const deleted = (flags & FLAG_DELETED) !== 0;
    if (flags & FLAG_SAMEFIELDS) {
      for (let j = 0; j < mf.length; j++) lp.add(deleted ? '' : fv[2 * j + 1]!);
      lp.addInt(mf.length + 3);
    } else {
      const nf = deleted ? 0 : fv.length >> 1;
      lp.addInt(nf);
      for (let j = 0; j < 2 * nf; j++) lp.add(fv[j]!);
      lp.addInt(2 * nf + 4);
    }
  }
  return lp.finish();
}

/** Write a stream's RDB body (after the type byte). */
export function saveStream(w: RdbWriter, s: Stream, compress: boolean): void {
  const nodes = s.nodes;
  w.length(nodes.length);
  for (const node of nodes) {
    writeRdbString(w, node.master, compress);
    writeRdbString(w, nodeListpack(node), compress);
  }
  w.length(s.length);
  writeId(w, s.lastId);
  writeId(w, s.firstId());
  writeId(w, s.maxDeletedId);
  w.lengthBig(BigInt(s.entriesAdded));
  const groups = s.groups === null ? [] : s.sortedGroups();
  w.length(groups.length);
  for (const g of groups) {
    writeRdbString(w, g.name, compress);
    writeId(w, g.lastId);
    w.lengthBig(BigInt(g.entriesRead));
    const pel = g.pel;
    w.length(pel.size);
    for (const k of pel.keys) {
      const nack = pel.get(k);
      if (nack === undefined) continue;
      rawId(w, k);
      writeMs(w, nack.deliveryTime);
      w.length(nack.deliveryCount);
    }
    const consumers = g.sortedConsumers();
    w.length(consumers.length);
    for (const c of consumers) {
      writeRdbString(w, c.name, compress);
      writeMs(w, c.seenTime);
      w.length(c.pel.size);
      for (const k of c.pel.keys) if (c.pel.has(k)) rawId(w, k);
    }
  }
}

function readId(r: RdbReader): string {
  const ms = r.lengthBig();
  const seq = r.lengthBig();
  return makeId(ms, seq);
}

function readMs(r: RdbReader): number {
  const b = r.take(8);
  return Number(new DataView(b.buffer, b.byteOffset, 8).getBigInt64(0, true));
}

function readRawId(r: RdbReader): string {
  const b = r.take(16);
  let s = '';
  for (let i = 0; i < 16; i++) s += String.fromCharCode(b[i]!);
  return s;
}

function int(s: string | undefined): bigint {
  if (s === undefined || !/^-?\d+$/.test(s)) throw new RdbFormatError('stream listpack: integer expected');
  return BigInt(s);
}

function smallInt(s: string | undefined, max: number): number {
  const v = int(s);
  if (v < 0n || v > BigInt(max)) throw new RdbFormatError('stream listpack: count out of range');
  return Number(v);
}

/** Rebuild one node from its listpack, validating its structure. */
function loadNode(master: string, items: string[]): StreamNode {
  let p = 0;
  const live = smallInt(items[p++], items.length);
  const deleted = smallInt(items[p++], items.length);
  const nmf = smallInt(items[p++], items.length);
  if (p + nmf + 1 > items.length) throw new RdbFormatError('stream listpack: short master entry');
  const mfv: string[] = [];
  for (let i = 0; i < nmf; i++) mfv.push(items[p++]!, '');
  if (items[p++] !== '0') throw new RdbFormatError('stream listpack: bad master terminator');
  const node = new StreamNode(master, mfv);
  const mms = idMs(master);
  const mseq = idSeq(master);
  let seenLive = 0;
  let seenDeleted = 0;
  while (p < items.length) {
    const start = p;
    const flags = smallInt(items[p++], 3);
    const ms = BigInt.asUintN(64, mms + int(items[p++]));
    const seq = BigInt.asUintN(64, mseq + int(items[p++]));
    const fv: string[] = [];
    if (flags & FLAG_SAMEFIELDS) {
      if (p + nmf > items.length) throw new RdbFormatError('stream listpack: short entry');
      for (let i = 0; i < nmf; i++) fv.push(mfv[2 * i]!, items[p++]!);
    } else {
      const nf = smallInt(items[p++], items.length);
      if (p + 2 * nf > items.length) throw new RdbFormatError('stream listpack: short entry');
      for (let i = 0; i < 2 * nf; i++) fv.push(items[p++]!);
    }
    const count = smallInt(items[p++], items.length);
    if (count !== p - start - 1) throw new RdbFormatError('stream listpack: bad entry count');
    const id = makeId(ms, seq);
    const n = node.ids.length;
    if (n === 0 ? id < master : id <= node.ids[n - 1]!) throw new RdbFormatError('stream listpack: IDs out of order');
    node.append(id, fv);
    if (flags & FLAG_DELETED) {
      node.markDeleted(n);
      seenDeleted++;
    } else {
      seenLive++;
    }
  }
  if (seenLive !== live || seenDeleted !== deleted) throw new RdbFormatError('stream listpack: counts mismatch');
  if (node.ids.length === 0) throw new RdbFormatError('stream listpack: empty node');
  return node;
}

/** Read a stream body; `v2` for RDB_TYPE_STREAM_LISTPACKS_2. */
export function loadStream(r: RdbReader, v2: boolean): Stream {
  const s = new Stream();
  const nnodes = r.length();
  let prevLast = '';
  for (let i = 0; i < nnodes; i++) {
    const key = r.blob();
    if (key.length !== 16) throw new RdbFormatError('stream node key is not a 16-byte ID');
    let master = '';
    for (let j = 0; j < 16; j++) master += String.fromCharCode(key[j]!);
    const node = loadNode(master, decodeListpack(r.blob()));
    if (node.ids[0]! <= prevLast) throw new RdbFormatError('stream nodes out of order');
    prevLast = node.ids[node.ids.length - 1]!;
    if (node.live === 0) continue; // Redis never keeps a node without live entries
    s.nodes.push(node);
  }
  let live = 0;
  for (const node of s.nodes) live += node.live;
  const length = r.length();
  if (length !== live) throw new RdbFormatError('stream length mismatch');
  s.length = length;
  s.lastId = readId(r);
  if (prevLast !== '' && s.lastId < prevLast) throw new RdbFormatError('stream last ID below its entries');
  if (v2) {
    readId(r); // first ID: derived from the entries
    s.maxDeletedId = readId(r);
    const added = r.lengthBig();
    if (added > BigInt(Number.MAX_SAFE_INTEGER)) throw new RdbFormatError('entries added too large');
    s.entriesAdded = Number(added);
  } else {
    s.maxDeletedId = ID_MIN;
    s.entriesAdded = length;
  }
  const ngroups = r.length();
  for (let i = 0; i < ngroups; i++) {
    const name = r.string();
    const lastId = readId(r);
    let entriesRead = ENTRIES_READ_INVALID;
    if (v2) {
      const er = r.lengthBig();
      entriesRead = er === U64 - 1n ? ENTRIES_READ_INVALID : er > BigInt(Number.MAX_SAFE_INTEGER) ? ENTRIES_READ_INVALID : Number(er);
    }
    const g = new ConsumerGroup(name, lastId, entriesRead);
    if (s.groups === null) s.groups = new Map();
    if (s.groups.has(name)) throw new RdbFormatError('duplicate consumer group');
    s.groups.set(name, g);
    const npel = r.length();
    for (let j = 0; j < npel; j++) {
      const id = readRawId(r);
      const time = readMs(r);
      const count = r.length();
      if (g.pel.has(id)) throw new RdbFormatError('duplicate PEL entry');
      g.pel.set(id, new Nack(null, time, count));
    }
    const nconsumers = r.length();
    for (let j = 0; j < nconsumers; j++) {
      const cname = r.string();
      const seen = readMs(r);
      const c = new Consumer(cname, seen);
      if (g.consumers.has(cname)) throw new RdbFormatError('duplicate consumer');
      g.consumers.set(cname, c);
      const n = r.length();
      for (let k = 0; k < n; k++) {
        const id = readRawId(r);
        const nack = g.pel.get(id);
        if (nack === undefined || nack.consumer !== null) throw new RdbFormatError('consumer PEL entry not in the group PEL');
        nack.consumer = c;
        c.pel.set(id, nack);
      }
    }
    for (const k of g.pel.keys) {
      const nack = g.pel.get(k);
      if (nack !== undefined && nack.consumer === null) throw new RdbFormatError('PEL entry without a consumer');
    }
  }
  return s;
}
