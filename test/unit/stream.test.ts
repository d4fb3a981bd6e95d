// Unit tests of the stream type: 128-bit ID keys (parse, format, order, increment across
// the uint64 limits), the listpack size model behind node boundaries, range walks in both
// directions across nodes with deleted entries, trimming, the ordered PEL index and clone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Stream, IdIndex, ID_MIN, ID_MAX, makeId, formatId, parseId, parsedSeqGiven, idIncr, idDecr, parseU64, lpStrSize,
  TRIM_MAXLEN, TRIM_MINID, ConsumerGroup, Consumer, Nack,
} from '../../src/types/stream.js';

const U64 = 18446744073709551615n;

test('IDs: keys order numerically and format back, up to 2^64-1', () => {
  const cases: [number | bigint, number | bigint][] = [
    [0, 0], [0, 1], [1, 0], [255, 256], [2 ** 32 - 1, 2 ** 32], [2 ** 53 - 1, 7], [2n ** 53n + 1n, 0], [U64 - 1n, U64], [U64, U64],
  ];
  const keys = cases.map(([ms, seq]) => makeId(ms, seq));
  for (let i = 0; i < cases.length; i++) {
    assert.equal(keys[i]!.length, 16);
    assert.equal(formatId(keys[i]!), `${cases[i]![0]}-${cases[i]![1]}`);
    if (i > 0) assert.ok(keys[i - 1]! < keys[i]!, `${formatId(keys[i - 1]!)} < ${formatId(keys[i]!)}`);
  }
  assert.equal(keys[0], ID_MIN);
  assert.equal(keys[keys.length - 1], ID_MAX);
});

test('IDs: increment and decrement carry between seq and ms, and stop at the ends', () => {
  assert.equal(formatId(idIncr(makeId(5, U64))!), '6-0');
  assert.equal(formatId(idIncr(makeId(5, 7))!), '5-8');
  assert.equal(idIncr(ID_MAX), null);
  assert.equal(formatId(idDecr(makeId(6, 0))!), `5-${U64}`);
  assert.equal(idDecr(ID_MIN), null);
});

test('IDs: parsing follows string2ull (strtoull fallback) and the strict / ms-* forms', () => {
  const p = (s: string, opts: [boolean, boolean, boolean] = [false, false, false]): string | null => {
    const k = parseId(s, ...opts);
    return k === null ? null : formatId(k);
  };
  assert.equal(p('5'), '5-0');
  assert.equal(p('5', [true, false, false]), `5-${U64}`);
  assert.equal(p('-'), '0-0');
  assert.equal(p('+'), `${U64}-${U64}`);
  assert.equal(p('-', [false, true, false]), null);
  assert.equal(p('05'), '5-0');
  assert.equal(p(' 5'), '5-0');
  assert.equal(p('+5'), '5-0');
  assert.equal(p('5 '), null);
  assert.equal(p('5--1'), null);
  assert.equal(p('5--01'), `5-${U64}`);
  assert.equal(p('18446744073709551616'), null);
  assert.equal(p('5\0junk'), '5-0');
  assert.equal(p('x'.repeat(128)), null);
  assert.equal(p('5-*'), null);
  assert.equal(p('5-*', [false, true, true]), '5-0');
  assert.equal(parsedSeqGiven, false);
  assert.equal(parseU64('0'), 0);
  assert.equal(parseU64('-0'), 0n);
});

test('listpack sizes: integers are encoded as integers, strings by length class', () => {
  assert.equal(lpStrSize('1'), 2);
  assert.equal(lpStrSize('127'), 2);
  assert.equal(lpStrSize('128'), 3);
  assert.equal(lpStrSize('-4096'), 3);
  assert.equal(lpStrSize('32767'), 4);
  assert.equal(lpStrSize('8388607'), 5);
  assert.equal(lpStrSize('2147483647'), 6);
  assert.equal(lpStrSize('2147483648'), 10);
  assert.equal(lpStrSize('007'), 5);
  assert.equal(lpStrSize(''), 2);
  assert.equal(lpStrSize('x'.repeat(63)), 65);
  assert.equal(lpStrSize('x'.repeat(64)), 67);
  assert.equal(lpStrSize('x'.repeat(200)), 204);
});

function filled(n: number, maxEntries: number): Stream {
  const s = new Stream();
  for (let i = 1; i <= n; i++) s.append(makeId(i, 0), ['f', String(i)], 4096, maxEntries);
  return s;
}

function rangeIds(s: Stream, start: string, end: string, count: number, rev: boolean): string[] {
  const ids: string[] = [];
  s.range(start, end, count, rev, ids, []);
  return ids.map(formatId);
}

test('nodes fill up to stream-node-max-entries (deleted entries count) and ranges cross them', () => {
  const s = filled(23, 5);
  assert.equal(s.nodeCount, 5);
  assert.equal(s.raxNodes(), 12); // as Redis reports for these five node keys (see the differential test)
  for (const id of [2, 6, 7, 11, 12]) assert.ok(s.deleteEntry(makeId(id, 0)));
  assert.equal(s.deleteEntry(makeId(7, 0)), false);
  assert.equal(s.length, 18);
  assert.deepEqual(rangeIds(s, ID_MIN, ID_MAX, 0, false).slice(0, 6), ['1-0', '3-0', '4-0', '5-0', '8-0', '9-0']);
  assert.deepEqual(rangeIds(s, makeId(6, 0), makeId(13, 0), 0, true), ['13-0', '10-0', '9-0', '8-0']);
  assert.deepEqual(rangeIds(s, ID_MIN, ID_MAX, 2, true), ['23-0', '22-0']);
  assert.deepEqual(rangeIds(s, makeId(7, 0), makeId(7, 0), 0, false), []);
  assert.equal(formatId(s.firstId()), '1-0');
  assert.equal(formatId(s.lastValidId()), '23-0');
});

test('trimming: approximate removes whole nodes only, exact marks entries, LIMIT caps the work', () => {
  const s = filled(250, 100);
  assert.equal(s.trim(TRIM_MAXLEN, 120, ID_MIN, true, 0), 100);
  assert.equal(s.length, 150);
  assert.equal(s.trim(TRIM_MAXLEN, 10, ID_MIN, true, 50), 0);
  assert.equal(s.trim(TRIM_MAXLEN, 120, ID_MIN, false, 0), 30);
  assert.equal(s.length, 120);
  assert.equal(formatId(s.firstId()), '131-0');
  assert.equal(s.trim(TRIM_MINID, 0, makeId(240, 0), false, 0), 109);
  assert.equal(formatId(s.firstId()), '240-0');
  assert.equal(s.trim(TRIM_MAXLEN, 0, ID_MIN, false, 0), 11);
  assert.equal(s.length, 0);
  assert.equal(s.firstId(), ID_MIN);
});

test('IdIndex keeps order through deletes, tombstone reuse and compaction', () => {
  const idx = new IdIndex<number>();
  for (let i = 200; i >= 1; i--) idx.set(makeId(i, 0), i);
  for (let i = 1; i <= 150; i++) idx.delete(makeId(i, 0));
  idx.set(makeId(5, 0), 5);
  idx.set(makeId(300, 0), 300);
  assert.equal(idx.size, 52);
  const live = idx.keys.filter((k) => idx.has(k)).map(formatId);
  assert.deepEqual(live.slice(0, 3), ['5-0', '151-0', '152-0']);
  assert.equal(live[live.length - 1], '300-0');
  assert.ok(idx.keys.length <= 2 * idx.size + 1 || idx.keys.length <= 64);
  assert.equal(formatId(idx.first()!), '5-0');
  assert.equal(formatId(idx.last()!), '300-0');
});

test('clone copies entries, groups, consumers and PELs independently', () => {
  const s = filled(10, 4);
  s.deleteEntry(makeId(3, 0));
  const g = new ConsumerGroup('g', makeId(5, 0), 5);
  const c = new Consumer('c', 1);
  g.consumers.set('c', c);
  const n = new Nack(c, 7, 2);
  g.pel.set(makeId(4, 0), n);
  c.pel.set(makeId(4, 0), n);
  s.groups = new Map([['g', g]]);
  const t = s.clone();
  assert.deepEqual(rangeIds(t, ID_MIN, ID_MAX, 0, false), rangeIds(s, ID_MIN, ID_MAX, 0, false));
  assert.equal(t.nodeCount, s.nodeCount);
  const tg = t.getGroup('g')!;
  const tn = tg.pel.get(makeId(4, 0))!;
  assert.notEqual(tn, n);
  assert.equal(tn.consumer, tg.consumers.get('c'));
  assert.equal(tg.consumers.get('c')!.pel.get(makeId(4, 0)), tn);
  t.deleteEntry(makeId(5, 0));
  assert.equal(s.length, 9);
  assert.equal(t.length, 8);
  assert.deepEqual([...t][0], ['1.0', 'f', '1']);
});
