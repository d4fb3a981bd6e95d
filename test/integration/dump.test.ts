// DUMP / RESTORE of every type, differential against Redis 7.0: payloads byte-identical
// wherever Redis's are deterministic (listpacks, intsets, skiplists, quicklists built by
// RPUSH); hashtable-ordered payloads compared by restoring them on the other server;
// encodings after RESTORE under different thresholds; old encodings (ziplist, zipmap,
// quicklist v1, string-score zsets, plain lists) built by hand; malformed payloads.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { sharedPair, Pair, RawClient, startTsredis, encodeCommand, type Cmd } from '../helpers.js';
import { crc64, writeU64LE } from '../../src/persistence/rdb/crc64.js';

const oracle = sharedPair();

/** The payload of a bulk reply as latin1. */
function bulkOf(reply: string): string {
  assert.equal(reply[0], '$', `not a bulk: ${JSON.stringify(reply.slice(0, 80))}`);
  const nl = reply.indexOf('\r\n');
  const n = parseInt(reply.slice(1, nl), 10);
  return reply.slice(nl + 2, nl + 2 + n);
}

async function same(p: Pair, cmds: Cmd[], label = ''): Promise<void> {
  for (const c of cmds) {
    const [x, y] = await p.both(...c);
    assert.equal(x, y, `${label} ${JSON.stringify(c.map(String)).slice(0, 300)}`);
  }
}

async function reset(p: Pair): Promise<void> {
  await same(p, [
    ['FLUSHALL'],
    ['CONFIG', 'SET', 'hash-max-listpack-entries', '128'],
    ['CONFIG', 'SET', 'hash-max-listpack-value', '64'],
    ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'],
    ['CONFIG', 'SET', 'zset-max-listpack-value', '64'],
    ['CONFIG', 'SET', 'set-max-intset-entries', '512'],
    ['CONFIG', 'SET', 'list-max-listpack-size', '-2'],
    ['CONFIG', 'SET', 'rdbcompression', 'yes'],
  ]);
}

/** Both servers' DUMP of a key must be the same bytes. */
async function sameDump(p: Pair, key: string): Promise<void> {
  const [x, y] = await p.both('DUMP', key);
  assert.equal(x, y, `DUMP ${key}`);
}

/**
 * Cross-restore: each server's payload restored on both servers gives the same reply
 * to the inspection commands on both.
 */
async function crossRestore(p: Pair, key: string, inspect: (k: string) => Cmd[]): Promise<void> {
  const ts = bulkOf(await p.a.call('DUMP', key));
  const rd = bulkOf(await p.b.call('DUMP', key));
  for (const [name, payload] of [['from-ts', ts], ['from-redis', rd]] as const) {
    const dst = `${key}:${name}`;
    await same(p, [['RESTORE', dst, '0', Buffer.from(payload, 'latin1')], ['OBJECT', 'ENCODING', dst], ...inspect(dst), ['DEBUG', 'DIGEST-VALUE', dst]], `${name} ${key}`);
    await same(p, [['DEL', dst]]);
  }
}

function big(n: number, ch = 'x'): string {
  return ch.repeat(n);
}

oracle.test('hashes: listpack payloads byte-identical, hashtable payloads cross-restore', async (p) => {
  await reset(p);
  const fields: Cmd = ['HSET', 'h1'];
  const vals = ['1', '0', '-1', '127', '128', '-4096', '4095', '-4097', '32767', '-32769', '8388607', '-8388609', '2147483647', '-2147483649', '9223372036854775807', '-9223372036854775808', '9223372036854775808', '007', '-0', '', 'hello', big(63), big(64, 'z'), '3.14', ' 1'];
  vals.forEach((v, i) => fields.push(`f${i}`, v));
  await same(p, [fields, ['HSET', 'h2', 'a', 'b'], ['HSET', 'h3', big(40, 'a'), big(40, 'a')]]);
  for (const k of ['h1', 'h2', 'h3']) await sameDump(p, k);
  await same(p, [['CONFIG', 'SET', 'rdbcompression', 'no']]);
  for (const k of ['h1', 'h3']) await sameDump(p, k);
  await same(p, [['CONFIG', 'SET', 'rdbcompression', 'yes']]);
  // hashtable: too many fields / a long value
  const many: Cmd = ['HSET', 'h4'];
  for (let i = 0; i < 200; i++) many.push(`field:${i}`, String(i * 7));
  await same(p, [many, ['HSET', 'h5', 'f', big(100)], ['HSET', 'h5', 'g', '12']]);
  for (const k of ['h4', 'h5', 'h1']) await crossRestore(p, k, (d) => [['HLEN', d], ['HGET', d, 'f'], ['HGET', d, 'field:7']]);
  // conversion on load: the listpack entry limit applies, the value limit does not.
  const pl = bulkOf(await p.b.call('DUMP', 'h1'));
  await same(p, [['CONFIG', 'SET', 'hash-max-listpack-entries', '4'], ['RESTORE', 'r1', '0', Buffer.from(pl, 'latin1')], ['OBJECT', 'ENCODING', 'r1']]);
  await same(p, [['CONFIG', 'SET', 'hash-max-listpack-entries', '128'], ['CONFIG', 'SET', 'hash-max-listpack-value', '2'], ['RESTORE', 'r2', '0', Buffer.from(pl, 'latin1')], ['OBJECT', 'ENCODING', 'r2']]);
  const ht = bulkOf(await p.b.call('DUMP', 'h5'));
  await same(p, [['CONFIG', 'SET', 'hash-max-listpack-value', '200'], ['RESTORE', 'r3', '0', Buffer.from(ht, 'latin1')], ['OBJECT', 'ENCODING', 'r3'], ['HGETALL', 'r3'], ['DUMP', 'r3']]);
});

oracle.test('sets: intset payloads byte-identical (all widths), hashtable sets cross-restore', async (p) => {
  await reset(p);
  await same(p, [
    ['SADD', 's1', '1', '2', '3', '-5'],
    ['SADD', 's2', '1', '40000', '-40000'],
    ['SADD', 's3', '1', '9223372036854775807', '-9223372036854775808', '5000000000'],
    ['SADD', 's4', ...Array.from({ length: 300 }, (_, i) => String(i * 3 - 100))],
    ['SADD', 's5', 'a', 'b', 'c', '1'],
    // An intset keeps its widest encoding after the wide members go (and through COPY).
    ['SADD', 's6', '1', '100000', '5000000000'], ['SREM', 's6', '5000000000'], ['SREM', 's6', '100000'], ['COPY', 's6', 's7'],
  ]);
  for (const k of ['s1', 's2', 's3', 's4', 's6', 's7']) await sameDump(p, k);
  // ... and through RESTORE.
  const wide = bulkOf(await p.b.call('DUMP', 's6'));
  await same(p, [['RESTORE', 's8', '0', Buffer.from(wide, 'latin1')], ['DUMP', 's8'], ['SADD', 's8', '2'], ['DUMP', 's8']]);
  for (const k of ['s5', 's1']) await crossRestore(p, k, (d) => [['SCARD', d], ['SISMEMBER', d, 'a'], ['SISMEMBER', d, '1']]);
  const pl = bulkOf(await p.b.call('DUMP', 's4'));
  await same(p, [['CONFIG', 'SET', 'set-max-intset-entries', '10'], ['RESTORE', 'r1', '0', Buffer.from(pl, 'latin1')], ['OBJECT', 'ENCODING', 'r1'], ['SCARD', 'r1']]);
  // A hashtable set of integers restores as an intset when it fits.
  await same(p, [['CONFIG', 'SET', 'set-max-intset-entries', '2'], ['SADD', 'h', '1', '2', '3', '4']]);
  const ht = bulkOf(await p.b.call('DUMP', 'h'));
  await same(p, [['CONFIG', 'SET', 'set-max-intset-entries', '512'], ['RESTORE', 'r2', '0', Buffer.from(ht, 'latin1')], ['OBJECT', 'ENCODING', 'r2'], ['SMEMBERS', 'r2'], ['DUMP', 'r2']]);
});

oracle.test('zsets: listpack and skiplist payloads byte-identical', async (p) => {
  await reset(p);
  await same(p, [
    ['ZADD', 'z1', '1', 'a', '2.5', 'b', '-0', 'c', '1e300', 'd', '3', '123', 'inf', 'e', '-inf', 'f', '0.1', 'g', '4503599627370495', 'h', '4503599627370496', 'i', '-4503599627370495', 'j', '1e-300', 'k', '123456789012345678', 'l', '-4611686018427387904', 'm', '4611686018427387905e0', 'n', '1e19', 'o'],
    ['ZADD', 'z2', ...Array.from({ length: 200 }, (_, i) => [String(i / 3), `m${i}`]).flat()],
    ['ZADD', 'z3', '1', big(70), '2', 'x'],
  ]);
  for (const k of ['z1', 'z2', 'z3']) await sameDump(p, k);
  await same(p, [['CONFIG', 'SET', 'rdbcompression', 'no']]);
  for (const k of ['z1', 'z2']) await sameDump(p, k);
  await same(p, [['CONFIG', 'SET', 'rdbcompression', 'yes']]);
  for (const k of ['z1', 'z2', 'z3']) await crossRestore(p, k, (d) => [['ZRANGE', d, '0', '-1', 'WITHSCORES']]);
  // conversions on load
  const sk = bulkOf(await p.b.call('DUMP', 'z2'));
  const lp = bulkOf(await p.b.call('DUMP', 'z1'));
  await same(p, [
    ['CONFIG', 'SET', 'zset-max-listpack-entries', '1000'],
    ['RESTORE', 'r1', '0', Buffer.from(sk, 'latin1')], ['OBJECT', 'ENCODING', 'r1'], ['DUMP', 'r1'],
    ['CONFIG', 'SET', 'zset-max-listpack-entries', '3'],
    ['RESTORE', 'r2', '0', Buffer.from(lp, 'latin1')], ['OBJECT', 'ENCODING', 'r2'], ['ZRANGE', 'r2', '0', '-1', 'WITHSCORES'], ['DUMP', 'r2'],
  ]);
});

oracle.test('lists: quicklist payloads byte-identical (RPUSH-built, multi-node, fill settings)', async (p) => {
  await reset(p);
  if (!p.ts.server.table.lookup('rpush')) return;
  await same(p, [
    ['RPUSH', 'l1', 'a', '1', '-1', '100000', big(100), '9223372036854775807', ''],
    ['RPUSH', 'l2', ...Array.from({ length: 3000 }, (_, i) => `element-${i}`)],
    ['RPUSH', 'l3', ...Array.from({ length: 50 }, (_, i) => big(i * 37 % 500, String.fromCharCode(97 + (i % 26))))],
  ]);
  for (const k of ['l1', 'l2', 'l3']) await sameDump(p, k);
  for (const fill of ['5', '1', '0', '-1', '-3', '-5']) {
    await same(p, [['CONFIG', 'SET', 'list-max-listpack-size', fill], ['DEL', 'l4'], ['RPUSH', 'l4', ...Array.from({ length: 40 }, (_, i) => big(i * 97 % 1500, 'q'))]]);
    await sameDump(p, 'l4');
  }
  for (const k of ['l1', 'l2']) await crossRestore(p, k, (d) => [['LLEN', d], ['LRANGE', d, '0', '5'], ['LINDEX', d, '-1']]);
});

oracle.test('RESTORE options and errors', async (p) => {
  await reset(p);
  await same(p, [['HSET', 'h', 'a', '1'], ['SADD', 's', 'x'], ['ZADD', 'z', '1', 'a']]);
  const hp = Buffer.from(bulkOf(await p.b.call('DUMP', 'h')), 'latin1');
  await same(p, [
    ['RESTORE', 'h', '0', hp],
    ['RESTORE', 'h', '0', hp, 'REPLACE'],
    ['RESTORE', 'h2', '-1', hp],
    ['RESTORE', 'h2', 'x', hp],
    ['RESTORE', 'h2', '0', hp, 'IDLETIME', '-1'],
    ['RESTORE', 'h2', '0', hp, 'FREQ', '300'],
    ['RESTORE', 'h2', '0', hp, 'FOO'],
    ['RESTORE', 'h2', '0', 'garbage'],
    ['RESTORE', 'h2', '100000', hp], ['TYPE', 'h2'],
    ['RESTORE', 'h3', '1', hp, 'ABSTTL'], ['EXISTS', 'h3'],
    ['RESTORE', 'h4', '0', hp, 'IDLETIME', '1000'], ['OBJECT', 'IDLETIME', 'h4'],
  ]);
  // Corrupt bodies with a valid CRC: "Bad data format".
  const bad: number[][] = [
    [4, 0], // empty hash
    [2, 0], // empty set
    [3, 1, 1, 0x61, 253], // zset NaN score
    [2, 2, 1, 0x61, 1, 0x61], // duplicate set member
    [4, 2, 1, 0x61, 1, 0x31, 1, 0x61, 1, 0x32], // duplicate hash field
    [16, 3, 1, 2, 3], // broken listpack
    [11, 8, 2, 0, 0, 0, 1, 0, 0, 0], // intset cut short
    [99], // unknown type
    [15, 0], // stream
    [0, 0xc3, 5, 10, 0, 0], // bad LZF
  ];
  // tsredis always sanitizes deeply (a corrupt value must never reach the keyspace).
  await same(p, [['CONFIG', 'SET', 'sanitize-dump-payload', 'yes']]);
  for (const body of bad) {
    const payload = withFooter(Buffer.from(body));
    await same(p, [['RESTORE', 'bad', '0', payload], ['EXISTS', 'bad']], `body ${JSON.stringify(body)}`);
  }
  await same(p, [['CONFIG', 'SET', 'sanitize-dump-payload', 'no']]);
});

oracle.test('streams: payloads byte-identical without deletions/groups; everything cross-restores', async (p) => {
  await reset(p);
  if (!p.ts.server.table.lookup('xadd')) return;
  await same(p, [
    ['XADD', 'x1', '1-1', 'a', '1', 'b', 'two'], ['XADD', 'x1', '1-2', 'a', '3', 'b', '4'], ['XADD', 'x1', '5-0', 'c', '5'],
    ['XADD', 'x1', '18446744073709551615-5', 'a', '-1', 'b', big(100)],
    ['XADD', 'x2', '1-1', 'f', 'v'], ['XADD', 'x2', '2-1', 'f', 'w'], ['XADD', 'x2', '3-1', 'g', 'w'], ['XDEL', 'x2', '2-1'],
    ['XGROUP', 'CREATE', 'x2', 'g1', '0'], ['XGROUP', 'CREATE', 'x2', 'g2', '$'], ['XREADGROUP', 'GROUP', 'g1', 'alice', 'COUNT', '1', 'STREAMS', 'x2', '>'],
    ['XGROUP', 'CREATECONSUMER', 'x2', 'g1', 'bob'],
    ['XGROUP', 'CREATE', 'x3', 'g', '$', 'MKSTREAM'],
    ['CONFIG', 'SET', 'stream-node-max-entries', '3'],
    ...Array.from({ length: 10 }, (_, i): Cmd => ['XADD', 'x4', `${i + 1}-0`, 'k', String(i), ...(i % 3 === 0 ? ['extra', 'e'] : [])]),
    ['CONFIG', 'SET', 'stream-node-max-entries', '100'],
  ]);
  for (const k of ['x1', 'x4']) await sameDump(p, k);
  for (const k of ['x1', 'x2', 'x3', 'x4']) {
    await crossRestore(p, k, (d) => [['XRANGE', d, '-', '+'], ['XLEN', d], ['XINFO', 'GROUPS', d], ['XPENDING', d, 'g1']]);
  }
});

/** body + RDB version 10 + CRC-64. */
function withFooter(body: Buffer, version = 10): Buffer {
  const b = Buffer.concat([body, Buffer.from([version & 0xff, version >> 8])]);
  const out = Buffer.alloc(b.length + 8);
  b.copy(out);
  writeU64LE(out, b.length, crc64(b));
  return out;
}

function rdbLen(n: number): number[] {
  if (n < 64) return [n];
  if (n < 16384) return [0x40 | (n >> 8), n & 0xff];
  return [0x80, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

function rdbStr(s: string): number[] {
  return [...rdbLen(s.length), ...Buffer.from(s, 'latin1')];
}

/** A ziplist holding these elements (strings and small integers). */
function ziplist(items: (string | number)[]): number[] {
  const entries: number[][] = [];
  let prev = 0;
  for (const it of items) {
    const e: number[] = prev < 254 ? [prev] : [254, prev & 0xff, (prev >> 8) & 0xff, (prev >> 16) & 0xff, prev >>> 24];
    if (typeof it === 'number') {
      if (it >= 0 && it <= 12) e.push(0xf1 + it);
      else if (it >= -128 && it <= 127) e.push(0xfe, it & 0xff);
      else e.push(0xc0, it & 0xff, (it >> 8) & 0xff);
    } else {
      const b = [...Buffer.from(it, 'latin1')];
      if (b.length < 64) e.push(b.length, ...b);
      else e.push(0x40 | (b.length >> 8), b.length & 0xff, ...b);
    }
    entries.push(e);
    prev = e.length;
  }
  const body = entries.flat();
  const total = 10 + body.length + 1;
  const tailOff = entries.length === 0 ? 10 : total - 1 - entries[entries.length - 1]!.length;
  const hdr = [total & 0xff, (total >> 8) & 0xff, 0, 0, tailOff & 0xff, (tailOff >> 8) & 0xff, 0, 0, items.length & 0xff, items.length >> 8];
  return [...hdr, ...body, 0xff];
}

function blob(bytes: number[]): number[] {
  return [...rdbLen(bytes.length), ...bytes];
}

oracle.test('RESTORE of older encodings (ziplist, zipmap, quicklist v1, plain lists, string scores)', async (p) => {
  await reset(p);
  const hasList = p.ts.server.table.lookup('rpush') !== undefined;
  const zipmap = [2, 1, 0x61, 1, 0, 0x31, 3, 0x6b, 0x65, 0x79, 5, 2, 0x76, 0x61, 0x6c, 0x75, 0x65, 0, 0, 0xff];
  const cases: [string, number[], Cmd[]][] = [
    ['hash-ziplist', [13, ...blob(ziplist(['a', 1, 'b', 'hello', 'c', -300]))], [['HGETALL', 'k']]],
    ['hash-zipmap', [9, ...blob(zipmap)], [['HGETALL', 'k']]],
    ['zset-ziplist', [12, ...blob(ziplist(['a', 1, 'b', '2.5', 'c', 3]))], [['ZRANGE', 'k', '0', '-1', 'WITHSCORES']]],
    ['zset-v1', [3, 2, ...rdbStr('a'), 3, 0x31, 0x2e, 0x35, ...rdbStr('b'), 254], [['ZRANGE', 'k', '0', '-1', 'WITHSCORES']]],
    ['hash-v1', [4, 2, ...rdbStr('f'), ...rdbStr('v'), ...rdbStr('g'), ...rdbStr('w')], [['HGETALL', 'k']]],
    ['set-v1', [2, 3, ...rdbStr('3'), ...rdbStr('1'), ...rdbStr('2')], [['SMEMBERS', 'k']]],
  ];
  if (hasList) {
    cases.push(
      ['list-v1', [1, 3, ...rdbStr('a'), ...rdbStr('b'), ...rdbStr('c')], [['LRANGE', 'k', '0', '-1']]],
      ['list-ziplist', [10, ...blob(ziplist(['a', 7, 'ccc', 1000]))], [['LRANGE', 'k', '0', '-1']]],
      ['quicklist-v1', [14, 2, ...blob(ziplist(['a', 7])), ...blob(ziplist(['x', 'y', 12]))], [['LRANGE', 'k', '0', '-1']]],
    );
  }
  for (const [name, body, inspect] of cases) {
    const payload = withFooter(Buffer.from(body), 9);
    // Redis keeps the loaded quicklist nodes; tsredis re-splits lists as RPUSH would.
    const dump: Cmd[] = name === 'quicklist-v1' ? [] : [['DUMP', 'k']];
    await same(p, [['DEL', 'k'], ['RESTORE', 'k', '0', payload], ['TYPE', 'k'], ['OBJECT', 'ENCODING', 'k'], ...inspect, ...dump], name);
  }
});

// ---------------------------------------------------------------- RDB files

/** Everything observable about the dataset, per db, for comparison across servers. */
async function snapshot(p: Pair, side: 'a' | 'b'): Promise<string[]> {
  const cl = p[side];
  const out: string[] = [];
  for (let db = 0; db < 3; db++) {
    await cl.call('SELECT', String(db));
    const keys = bulkList(await cl.call('KEYS', '*')).sort();
    for (const k of keys) {
      const ttl = await cl.call('TTL', k);
      out.push(`${db} ${JSON.stringify(k)} ${await cl.call('TYPE', k)} ${await cl.call('OBJECT', 'ENCODING', k)} ${await cl.call('DEBUG', 'DIGEST-VALUE', k)} ttl>0:${ttl !== ':-1\r\n'}`);
    }
  }
  await cl.call('SELECT', '0');
  out.push(await cl.call('DEBUG', 'DIGEST'));
  return out;
}

function bulkList(reply: string): string[] {
  const out: string[] = [];
  let p = reply.indexOf('\r\n') + 2;
  while (p < reply.length) {
    const nl = reply.indexOf('\r\n', p);
    const n = parseInt(reply.slice(p + 1, nl), 10);
    out.push(reply.slice(nl + 2, nl + 2 + n));
    p = nl + 2 + n + 2;
  }
  return out;
}

async function populate(p: Pair): Promise<void> {
  const hasList = p.ts.server.table.lookup('rpush') !== undefined;
  const cmds: Cmd[] = [
    ['FLUSHALL'],
    ['SET', 'str', 'hello'], ['SET', 'int', '12345'], ['SET', 'big', big(1000)], ['SET', 'bin', '\x00\xff\r\n'],
    ['SET', 'ttl', 'v', 'EX', '1000'], ['SET', 'pttl', 'v', 'PX', '5000000'],
    ['HSET', 'h1', 'a', '1', 'b', 'two'], ['HSET', 'h2', 'f', big(100)],
    ['SADD', 's1', '1', '2', '3'], ['SADD', 's2', 'x', 'y'],
    ['ZADD', 'z1', '1', 'a', '2.5', 'b'], ['ZADD', 'z2', ...Array.from({ length: 150 }, (_, i) => [String(i * 1.5), `m${i}`]).flat()],
    ['EXPIRE', 'h1', '10000'],
    ['SELECT', '2'], ['SET', 'in2', 'x'], ['SADD', 's', '9'], ['SELECT', '0'],
    ['PFADD', 'hll', 'a', 'b', 'c'],
  ];
  if (p.ts.server.table.lookup('function') !== undefined) {
    cmds.push(['FUNCTION', 'FLUSH'], ['FUNCTION', 'LOAD', "#!lua name=rdblib\nredis.register_function('rdbfn', function(keys, args) return 'from-lib' end)"]);
  }
  if (p.ts.server.table.lookup('xadd') !== undefined) {
    cmds.push(['XADD', 'st', '1-1', 'f', 'v'], ['XADD', 'st', '2-1', 'f', 'w'], ['XGROUP', 'CREATE', 'st', 'g', '0']);
  }
  if (hasList) cmds.push(['RPUSH', 'l1', 'a', '1', big(200)], ['RPUSH', 'l2', ...Array.from({ length: 2000 }, (_, i) => `e${i}`)]);
  await same(p, cmds);
}

oracle.test('RDB files: Redis saves, tsredis loads (DEBUG RELOAD NOSAVE), and the reverse', async () => {
  const tsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsredis-rdb-ts-'));
  const rdDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsredis-rdb-redis-'));
  // A pair of its own, each server saving in its own temporary dir.
  const p = await Pair.start({ dir: tsDir }, ['--dir', rdDir]);
  try {
    await populate(p);
    assert.deepEqual(await snapshot(p, 'a'), await snapshot(p, 'b'));
    // Redis → tsredis (compared with Redis after its own reload: loaded strings are embstr)
    assert.equal(await p.b.call('DEBUG', 'RELOAD'), '+OK\r\n');
    const before = await snapshot(p, 'b');
    fs.copyFileSync(path.join(rdDir, 'dump.rdb'), path.join(tsDir, 'dump.rdb'));
    await p.a.call('FLUSHALL');
    if (p.ts.server.table.lookup('function') !== undefined) await p.a.call('FUNCTION', 'FLUSH');
    assert.equal(await p.a.call('DEBUG', 'RELOAD', 'NOSAVE'), '+OK\r\n');
    assert.deepEqual(await snapshot(p, 'a'), before);
    if (p.ts.server.table.lookup('function') !== undefined) await same(p, [['FCALL', 'rdbfn', '0']]);
    // tsredis → Redis
    await p.a.call('SET', 'extra', 'from-ts');
    await p.b.call('SET', 'extra', 'from-ts');
    assert.equal(await p.a.call('SAVE'), '+OK\r\n');
    fs.copyFileSync(path.join(tsDir, 'dump.rdb'), path.join(rdDir, 'dump.rdb'));
    await p.b.call('FLUSHALL');
    if (p.ts.server.table.lookup('function') !== undefined) await p.b.call('FUNCTION', 'FLUSH');
    assert.equal(await p.b.call('DEBUG', 'RELOAD', 'NOSAVE'), '+OK\r\n');
    if (p.ts.server.table.lookup('function') !== undefined) await same(p, [['FCALL', 'rdbfn', '0']]);
    const after = await snapshot(p, 'b');
    assert.deepEqual(await snapshot(p, 'a'), after);
    // DEBUG RELOAD round trip in tsredis itself, and without compression/checksum.
    assert.equal(await p.a.call('DEBUG', 'RELOAD'), '+OK\r\n');
    assert.deepEqual(await snapshot(p, 'a'), after);
    await same(p, [['CONFIG', 'SET', 'rdbcompression', 'no'], ['DEBUG', 'RELOAD'], ['CONFIG', 'SET', 'rdbcompression', 'yes']]);
    assert.deepEqual(await snapshot(p, 'a'), after);
    // Errors: bad options, missing file, corrupt file.
    await same(p, [['DEBUG', 'RELOAD', 'FOO'], ['SAVE', 'x'], ['BGSAVE', 'x'], ['BGSAVE', 'SCHEDULE', 'x']]);
    fs.unlinkSync(path.join(tsDir, 'dump.rdb'));
    fs.unlinkSync(path.join(rdDir, 'dump.rdb'));
    await same(p, [['DEBUG', 'RELOAD', 'NOSAVE', 'NOFLUSH'], ['DBSIZE']]);
    fs.writeFileSync(path.join(tsDir, 'dump.rdb'), 'REDIS0010garbage');
    assert.equal(await p.a.call('DEBUG', 'RELOAD', 'NOSAVE', 'NOFLUSH'), '-ERR Error trying to load the RDB dump\r\n');
    // BGSAVE writes the file in the background; INFO persistence follows.
    assert.equal(await p.a.call('BGSAVE'), '+Background saving started\r\n');
    for (let i = 0; i < 100 && /rdb_bgsave_in_progress:1/.test(await p.a.call('INFO', 'persistence')); i++) await new Promise((r) => setTimeout(r, 20));
    const info = await p.a.call('INFO', 'persistence');
    assert.match(info, /rdb_bgsave_in_progress:0/);
    assert.match(info, /rdb_last_bgsave_status:ok/);
    assert.match(info, /rdb_changes_since_last_save:0/);
    await p.a.call('FLUSHALL');
    assert.equal(await p.a.call('DEBUG', 'RELOAD', 'NOSAVE'), '+OK\r\n');
    assert.deepEqual(await snapshot(p, 'a'), after);
  } finally {
    await p.close();
    fs.rmSync(tsDir, { recursive: true, force: true });
    fs.rmSync(rdDir, { recursive: true, force: true });
  }
});

test('BGSAVE is a point-in-time snapshot while clients keep writing', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsredis-bgsave-'));
  const ts = await startTsredis({ dir, 'enable-debug-command': 'yes' });
  const c = await RawClient.connect(ts.port);
  try {
    // ~30000 keys over 3 dbs, strings and collections, some with TTLs.
    for (const db of ['0', '1', '2']) {
      await c.call('SELECT', db);
      for (let b = 0; b < 10; b++) {
        const mset: string[] = ['MSET'];
        for (let i = 0; i < 1000; i++) mset.push(`k${b * 1000 + i}`, `v${i}`);
        await c.call(...mset);
      }
      for (let i = 0; i < 200; i++) {
        await c.call('HSET', `h${i}`, 'a', String(i), 'b', 'x');
        await c.call('RPUSH', `l${i}`, 'a', 'b', String(i));
        await c.call('SADD', `s${i}`, '1', String(i));
        await c.call('ZADD', `z${i}`, String(i), 'm');
        await c.call('PEXPIRE', `k${i}`, '100000000');
      }
    }
    await c.call('SELECT', '0');
    const digest = await c.call('DEBUG', 'DIGEST');
    // BGSAVE and a first batch of writes in one pipeline: they run before the first slice.
    const first: Cmd[] = [['BGSAVE'], ['SET', 'k999', 'early'], ['DEL', 'k998'], ['HSET', 'h199', 'x', 'y'], ['SWAPDB', '0', '1'], ['SWAPDB', '0', '1'],
      ['SELECT', '1'], ['SET', 'k5', 'in-db1'], ['SELECT', '0'], ['INFO', 'persistence']];
    c.write(Buffer.concat(first.map((cmd) => encodeCommand(cmd))));
    const replies: string[] = [];
    for (let i = 0; i < first.length; i++) replies.push(await c.readReply());
    assert.equal(replies[0], '+Background saving started\r\n');
    assert.match(replies[replies.length - 1]!, /rdb_bgsave_in_progress:1/);
    // Writes of every kind while the snapshot runs, in several batches.
    for (let round = 0; round < 20; round++) {
      const cmds: Cmd[] = [
        ['SET', `k${round * 37}`, 'changed'], ['DEL', `k${round * 41 + 1}`], ['SET', `new${round}`, 'x'],
        ['HSET', `h${round}`, 'a', 'changed'], ['RPUSH', `l${round}`, 'more'], ['SREM', `s${round}`, '1'], ['ZINCRBY', `z${round}`, '5', 'm'],
        ['EXPIRE', `k${round * 13 + 5}`, '1000'], ['PERSIST', `k${round}`], ['INCR', `counter${round}`], ['APPEND', `k${round * 7 + 3}`, 'tail'],
        ['RENAME', `k${round * 11 + 9}`, `renamed${round}`],
      ];
      for (const cmd of cmds) await c.call(...cmd);
      if (round === 5) await c.call('SWAPDB', '1', '2');
      if (round === 10) {
        await c.call('SELECT', '2');
        await c.call('FLUSHDB');
        await c.call('SET', 'after-flush', '1');
        await c.call('SELECT', '0');
      }
      await new Promise((r) => setImmediate(r));
    }
    for (let i = 0; i < 500 && /rdb_bgsave_in_progress:1/.test(await c.call('INFO', 'persistence')); i++) await new Promise((r) => setTimeout(r, 10));
    assert.match(await c.call('INFO', 'persistence'), /rdb_bgsave_in_progress:0\r\n[\s\S]*rdb_last_bgsave_status:ok/);
    assert.notEqual(await c.call('DEBUG', 'DIGEST'), digest);
    assert.equal(await c.call('DEBUG', 'RELOAD', 'NOSAVE'), '+OK\r\n');
    assert.equal(await c.call('DEBUG', 'DIGEST'), digest);
  } finally {
    c.close();
    await ts.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('tsredis-server loads dir/dbfilename at startup; SHUTDOWN SAVE, and SHUTDOWN / SIGTERM with save points, write it', async () => {
  const { spawn } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const { freePort, sleep } = await import('../helpers.js');
  const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli/server-main.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsredis-startup-'));
  const procs: import('node:child_process').ChildProcess[] = [];
  const start = async (): Promise<{ port: number; c: RawClient; exited: Promise<void>; kill: (sig: NodeJS.Signals) => void }> => {
    const port = await freePort();
    const proc = spawn(process.execPath, [bin, '--port', String(port), '--dir', dir, '--dbfilename', 'x.rdb', '--loglevel', 'warning'], { stdio: 'ignore' });
    procs.push(proc);
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    for (let i = 0; ; i++) {
      try {
        return { port, c: await RawClient.connect(port), exited, kill: (sig) => proc.kill(sig) };
      } catch (e) {
        if (i > 200) {
          proc.kill('SIGKILL');
          throw e;
        }
        await sleep(25);
      }
    }
  };
  try {
    const a = await start();
    await a.c.call('SET', 'persisted', 'yes');
    await a.c.call('HSET', 'h', 'f', 'v');
    await a.c.call('SET', 'gone', 'x', 'PX', '1');
    a.c.write(encodeCommand(['SHUTDOWN', 'SAVE']));
    await a.exited;
    assert.ok(fs.existsSync(path.join(dir, 'x.rdb')));
    const b = await start();
    assert.equal(await b.c.call('GET', 'persisted'), '$3\r\nyes\r\n');
    assert.equal(await b.c.call('HGET', 'h', 'f'), '$1\r\nv\r\n');
    assert.equal(await b.c.call('EXISTS', 'gone'), ':0\r\n');
    assert.match(await b.c.call('INFO', 'persistence'), /rdb_last_load_keys_loaded:2\r\n/);
    // With the default save points, a plain SHUTDOWN saves too (NOSAVE does not)...
    await b.c.call('SET', 'second', '2');
    b.c.write(encodeCommand(['SHUTDOWN']));
    await b.exited;
    const c = await start();
    assert.equal(await c.c.call('GET', 'second'), '$1\r\n2\r\n');
    await c.c.call('SET', 'third', '3');
    // ... and so does SIGTERM.
    c.kill('SIGTERM');
    await c.exited;
    const d = await start();
    assert.equal(await d.c.call('GET', 'third'), '$1\r\n3\r\n');
    await d.c.call('SET', 'fourth', '4');
    d.c.write(encodeCommand(['SHUTDOWN', 'NOSAVE']));
    await d.exited;
    const e = await start();
    assert.equal(await e.c.call('EXISTS', 'fourth'), ':0\r\n');
    assert.equal(await e.c.call('CONFIG', 'SET', 'save', ''), '+OK\r\n');
    await e.c.call('SET', 'fifth', '5');
    e.c.write(encodeCommand(['SHUTDOWN']));
    await e.exited;
    const f = await start();
    assert.equal(await f.c.call('EXISTS', 'fifth'), ':0\r\n');
    f.c.write(encodeCommand(['SHUTDOWN', 'NOSAVE']));
    await f.exited;
  } finally {
    // A failed assertion leaves a server running: stop them all.
    for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

oracle.test('RDB files keep idle time (LRU policies) and LFU counters, both ways', async () => {
  const dA = fs.mkdtempSync(path.join(os.tmpdir(), 'tsredis-lru-ts-'));
  const dB = fs.mkdtempSync(path.join(os.tmpdir(), 'tsredis-lru-redis-'));
  const p = await Pair.start({ dir: dA, 'maxmemory-policy': 'allkeys-lfu' }, ['--dir', dB, '--maxmemory-policy', 'allkeys-lfu']);
  try {
    await same(p, [['SET', 'f', '1'], ['SET', 'g', '1']]);
    for (let i = 0; i < 40; i++) await same(p, [['GET', 'f']]);
    // (LFU counters grow randomly: compared only once both servers hold Redis's saved value.)
    await same(p, [['SAVE']]);
    fs.copyFileSync(path.join(dB, 'dump.rdb'), path.join(dA, 'dump.rdb'));
    await same(p, [['DEBUG', 'RELOAD', 'NOSAVE'], ['OBJECT', 'FREQ', 'f'], ['OBJECT', 'FREQ', 'g']]);
    await same(p, [['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'], ['SAVE']]);
    fs.copyFileSync(path.join(dA, 'dump.rdb'), path.join(dB, 'dump.rdb'));
    await same(p, [['DEBUG', 'RELOAD', 'NOSAVE'], ['OBJECT', 'IDLETIME', 'f'], ['DBSIZE']]);
  } finally {
    await p.close();
    fs.rmSync(dA, { recursive: true, force: true });
    fs.rmSync(dB, { recursive: true, force: true });
  }
});
