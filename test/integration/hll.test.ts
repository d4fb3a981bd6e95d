// Differential tests of the HyperLogLog commands against real Redis 7.0: PFADD/PFCOUNT
// replies and the exact bytes of the HLL string (GET) across sparse edits and the
// sparse -> dense promotion, PFMERGE's encoding rules, the cached cardinality, PFDEBUG,
// the WRONGTYPE / INVALIDOBJ paths on hand-made strings, and random element sets
// generated with fast-check.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { type Pair, type Cmd, sharedPair, assertSameInBothProtocols, replyMismatches } from '../helpers.js';

const oracle = sharedPair();

/** Elements e0..e(n-1) with a prefix. */
function elems(prefix: string, from: number, n: number): string[] {
  const out: string[] = [];
  for (let i = from; i < from + n; i++) out.push(`${prefix}${i}`);
  return out;
}

async function same(p: Pair, cmds: Cmd[]): Promise<void> {
  assert.deepEqual(await replyMismatches(p, cmds), []);
}

oracle.test('PFADD / PFCOUNT / GET bytes through sparse growth and promotion to dense', async (p) => {
  await p.both('FLUSHALL');
  const steps: Cmd[] = [['PFADD', 'h'], ['GET', 'h'], ['PFCOUNT', 'h'], ['GET', 'h']];
  let n = 0;
  for (const batch of [1, 1, 2, 5, 10, 30, 100, 300, 600, 1000, 3000, 10000]) {
    steps.push(['PFADD', 'h', ...elems('x', n, batch)]);
    n += batch;
    steps.push(['GET', 'h'], ['PFDEBUG', 'ENCODING', 'h'], ['PFCOUNT', 'h'], ['GET', 'h'], ['STRLEN', 'h']);
    steps.push(['PFADD', 'h', 'x0'], ['OBJECT', 'ENCODING', 'h']);
  }
  steps.push(['PFDEBUG', 'DECODE', 'h']);
  await same(p, steps);
});

oracle.test('sparse edits: opcode splits and VAL merges match PFDEBUG DECODE', async (p) => {
  await p.both('FLUSHALL');
  const steps: Cmd[] = [];
  for (let i = 0; i < 400; i++) {
    steps.push(['PFADD', 's', `e:${i * 7919}`, `f${i}`]);
    if (i % 20 === 0) steps.push(['PFDEBUG', 'DECODE', 's'], ['GET', 's']);
  }
  steps.push(['PFDEBUG', 'DECODE', 's'], ['GET', 's'], ['PFCOUNT', 's']);
  await same(p, steps);
});

oracle.test('hll-sparse-max-bytes drives the promotion', async (p) => {
  await p.both('FLUSHALL');
  const steps: Cmd[] = [['CONFIG', 'SET', 'hll-sparse-max-bytes', '60']];
  for (let i = 0; i < 40; i++) steps.push(['PFADD', 'k', `m${i}`], ['PFDEBUG', 'ENCODING', 'k'], ['STRLEN', 'k']);
  steps.push(['GET', 'k'], ['PFCOUNT', 'k']);
  steps.push(['CONFIG', 'SET', 'hll-sparse-max-bytes', '0'], ['PFADD', 'z', 'a'], ['PFDEBUG', 'ENCODING', 'z'], ['GET', 'z']);
  steps.push(['CONFIG', 'SET', 'hll-sparse-max-bytes', '3000']);
  await same(p, steps);
});

oracle.test('large counts: registers above 32 force dense; estimates agree', async (p) => {
  await p.both('FLUSHALL');
  const steps: Cmd[] = [];
  let n = 0;
  for (let round = 0; round < 10; round++) {
    steps.push(['PFADD', 'big', ...elems('big', n, 5000)]);
    n += 5000;
    steps.push(['PFCOUNT', 'big']);
  }
  steps.push(['GET', 'big'], ['PFDEBUG', 'ENCODING', 'big']);
  await same(p, steps);
});

oracle.test('PFMERGE: sparse and dense sources, missing keys, destination rules', async (p) => {
  await p.both('FLUSHALL');
  const steps: Cmd[] = [
    ['PFADD', 'a', ...elems('a', 0, 50)],
    ['PFADD', 'b', ...elems('b', 0, 80)],
    ['PFADD', 'd', ...elems('d', 0, 3000)],
    ['PFMERGE', 'ab', 'a', 'b'],
    ['GET', 'ab'],
    ['PFCOUNT', 'ab'],
    ['PFMERGE', 'abm', 'a', 'missing', 'b'],
    ['GET', 'abm'],
    ['PFMERGE', 'ad', 'a', 'd'],
    ['PFDEBUG', 'ENCODING', 'ad'],
    ['GET', 'ad'],
    ['PFCOUNT', 'ad'],
    ['PFMERGE', 'a', 'b'],
    ['GET', 'a'],
    ['PFMERGE', 'empty'],
    ['GET', 'empty'],
    ['PFMERGE', 'empty2', 'nokey'],
    ['GET', 'empty2'],
    ['PFMERGE', 'b', 'd'],
    ['PFDEBUG', 'ENCODING', 'b'],
    ['GET', 'b'],
    ['PFCOUNT', 'a', 'b', 'd', 'missing'],
    ['PFCOUNT', 'a', 'nokey'],
    ['PFCOUNT', 'nokey1', 'nokey2'],
    ['PFCOUNT', 'nokey'],
  ];
  await same(p, steps);
});

oracle.test('cached cardinality: PFCOUNT writes it, PFADD invalidates it', async (p) => {
  await p.both('FLUSHALL');
  await same(p, [
    ['PFADD', 'c', 'x', 'y', 'z'],
    ['GET', 'c'],
    ['PFCOUNT', 'c'],
    ['GET', 'c'],
    ['PFADD', 'c', 'x'],
    ['GET', 'c'],
    ['PFADD', 'c', 'w'],
    ['GET', 'c'],
    ['PFCOUNT', 'c'],
    ['GET', 'c'],
    ['PFADD', 'c'],
    ['GET', 'c'],
  ]);
});

/** A sparse HLL header (cache stale) followed by the given opcode bytes. */
function sparseHll(ops: number[], enc = 1, cacheByte7 = 0x80): Buffer {
  return Buffer.from([0x48, 0x59, 0x4c, 0x4c, enc, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, cacheByte7, ...ops]);
}

oracle.test('invalid and corrupted HLL values: WRONGTYPE and INVALIDOBJ', async (p) => {
  await p.both('FLUSHALL');
  const steps: Cmd[] = [
    ['SET', 'str', 'hello'],
    ['PFADD', 'str', 'a'],
    ['PFCOUNT', 'str'],
    ['PFCOUNT', 'str', 'other'],
    ['PFMERGE', 'dst', 'str'],
    ['PFMERGE', 'str', 'nokey'],
    ['PFDEBUG', 'ENCODING', 'str'],
    ['SADD', 'set', 'a'],
    ['PFADD', 'set', 'a'],
    ['PFCOUNT', 'set'],
    ['PFCOUNT', 'nokey', 'set'],
    ['PFMERGE', 'set', 'nokey'],
    ['PFMERGE', 'nokey', 'set'],
    ['PFDEBUG', 'GETREG', 'set'],
    ['SET', 'short', 'HYLL'],
    ['PFCOUNT', 'short'],
    ['SET', 'int', '1234567890123456789'],
    ['PFCOUNT', 'int'],
    ['SET', 'badenc', sparseHll([0x7f, 0xff], 2)],
    ['PFADD', 'badenc', 'a'],
    ['SET', 'shortdense', sparseHll([0, 0, 0], 0)],
    ['PFCOUNT', 'shortdense'],
    // Opcodes covering too few / too many registers.
    ['SET', 'few', sparseHll([0x7f, 0xfe])],
    ['PFCOUNT', 'few'],
    ['PFCOUNT', 'few', 'nokey'],
    ['PFMERGE', 'x', 'few'],
    ['PFDEBUG', 'GETREG', 'few'],
    ['PFDEBUG', 'TODENSE', 'few'],
    ['PFDEBUG', 'DECODE', 'few'],
    ['SET', 'many', sparseHll([0x7f, 0xff, 0x80])],
    ['PFCOUNT', 'many'],
    ['PFADD', 'many', 'a', 'b'],
    ['SET', 'empty', sparseHll([])],
    ['PFADD', 'empty', 'a'],
    ['PFCOUNT', 'empty'],
    ['SET', 'valcache', sparseHll([0x7f, 0xff], 1, 0x00)],
    ['PFCOUNT', 'valcache'],
    ['SET', 'bigcache', Buffer.from([0x48, 0x59, 0x4c, 0x4c, 1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 0x7f, 0x7f, 0xff])],
    ['PFCOUNT', 'bigcache'],
    ['OBJECT', 'ENCODING', 'bigcache'],
    // A valid HLL written with SET is embstr until a PF command unshares it.
    ['SET', 'emb', sparseHll([0x7f, 0xff])],
    ['OBJECT', 'ENCODING', 'emb'],
    ['PFCOUNT', 'emb'],
    ['OBJECT', 'ENCODING', 'emb'],
    ['GET', 'emb'],
    ['PFADD', 'emb', 'q'],
    ['GET', 'emb'],
  ];
  await same(p, steps);
});

oracle.test('PFDEBUG subcommands and errors', async (p) => {
  await assertSameInBothProtocols(p, [
    ['PFDEBUG', 'ENCODING', 'nokey'],
    ['PFADD', 'h', 'a', 'b', 'c'],
    ['PFDEBUG', 'DECODE', 'h'],
    ['PFDEBUG', 'decode', 'h'],
    ['PFDEBUG', 'ENCODING', 'h'],
    ['PFDEBUG', 'NOPE', 'h'],
    ['PFDEBUG', 'NOPE', 'nokey'],
    ['PFDEBUG', 'GETREG', 'h'],
    ['PFDEBUG', 'ENCODING', 'h'],
    ['PFDEBUG', 'DECODE', 'h'],
    ['PFDEBUG', 'TODENSE', 'h'],
    ['PFADD', 'h2', 'a'],
    ['PFDEBUG', 'TODENSE', 'h2'],
    ['PFDEBUG', 'TODENSE', 'h2'],
    ['GET', 'h2'],
    ['PFDEBUG', 'ENCODING'],
    ['PFADD'],
    ['PFCOUNT'],
    ['PFMERGE'],
    ['PFSELFTEST', 'x'],
  ]);
});

oracle.test('PFSELFTEST', async (p) => {
  const [x, y] = await p.both('PFSELFTEST');
  assert.equal(x, y);
});

oracle.test('random element sets (fast-check): same bytes and counts', async (p) => {
  const element = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.integer().map(String),
    fc.uint8Array({ maxLength: 20 }).map((a) => Buffer.from(a).toString('latin1')),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(element, { maxLength: 200 }), { minLength: 1, maxLength: 8 }), async (batches) => {
      await p.both('FLUSHALL');
      const cmds: Cmd[] = [];
      batches.forEach((b, i) => {
        cmds.push(['PFADD', `k${i % 3}`, ...b.map((s) => Buffer.from(s, 'latin1'))], ['GET', `k${i % 3}`], ['PFCOUNT', `k${i % 3}`]);
      });
      cmds.push(['PFCOUNT', 'k0', 'k1', 'k2'], ['PFMERGE', 'k0', 'k1', 'k2'], ['GET', 'k0'], ['PFCOUNT', 'k0']);
      const m = await replyMismatches(p, cmds);
      assert.deepEqual(m, []);
    }),
    { numRuns: 40, seed: 42 },
  );
});

oracle.test('keyspace events and generic commands on HLL strings', async (p) => {
  await p.both('FLUSHALL');
  await same(p, [
    ['PFADD', 'h', 'a'],
    ['TYPE', 'h'],
    ['APPEND', 'h', 'x'],
    ['PFCOUNT', 'h'],
    ['PFADD', 'g', 'a', 'b'],
    ['COPY', 'g', 'g2'],
    ['GET', 'g2'],
    ['PFADD', 'g2', 'c'],
    ['GET', 'g'],
    ['GET', 'g2'],
    ['DEBUG', 'DIGEST-VALUE', 'g'],
  ]);
});

oracle.test('hand-made sparse HLLs with random opcodes (fast-check): same errors and bytes', async (p) => {
  const opcode = fc.oneof(
    fc.integer({ min: 0, max: 63 }).map((z) => [z]),
    fc.tuple(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 255 })).map(([a, b]) => [0x40 | a, b]),
    fc.integer({ min: 0, max: 127 }).map((v) => [0x80 | v]),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(opcode, { maxLength: 12 }), fc.boolean(), fc.boolean(), fc.constantFrom(0, 1, 1, 1, 2), async (ops, tail, stale, enc) => {
      const bytes = [0x48, 0x59, 0x4c, 0x4c, enc, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, stale ? 0x80 : 0, ...ops.flat()];
      if (tail) bytes.push(0x7f, 0xff);
      const val = Buffer.from(bytes);
      const cmds: Cmd[] = [
        ['SET', 'c', val], ['PFADD', 'c', 'a', 'b', 'zz'], ['GET', 'c'], ['PFCOUNT', 'c'],
        ['SET', 'c', val], ['PFCOUNT', 'c', 'nokey'], ['PFMERGE', 'd', 'c'], ['GET', 'd'],
        ['PFDEBUG', 'DECODE', 'c'], ['PFDEBUG', 'TODENSE', 'c'], ['GET', 'c'],
        ['SET', 'c', val], ['PFMERGE', 'c', 'nokey'], ['GET', 'c'], ['DEL', 'd'],
      ];
      assert.deepEqual(await replyMismatches(p, cmds), []);
    }),
    { numRuns: 150, seed: 3 },
  );
});
