// Property tests for the request hot path's shortcuts: the keyspace's word-wise key
// hashing/comparison and its read-modify-write slot reuse (getForWrite/has then set),
// latin1String, and the reply writer's in-place integer digits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Db, keyHash } from '../../src/store/keyspace.js';
import { setFrozenTime } from '../../src/util/clock.js';
import { ExpiryModel } from '../helpers.js';
import { latin1String } from '../../src/util/strings.js';
import { ReplyWriter } from '../../src/protocol/writer.js';

/**
 * Keys grouped by shard: the property only bites when a lookup and a write are separated by
 * a removal in the same shard (the last slot moving into the hole), so most keys come from
 * a few shards holding many of them.
 */
function sameShardKeys(): string[] {
  const byShard = new Map<number, string[]>();
  for (let i = 0; i < 20000; i++) {
    const k = i % 3 === 0 ? `key:${i}` : i % 3 === 1 ? `${'p'.repeat(60)}${i}` : `k${i}`;
    const sh = keyHash(k) & 1023;
    const list = byShard.get(sh) ?? [];
    list.push(k);
    byShard.set(sh, list);
  }
  const out: string[] = [];
  for (const list of byShard.values()) {
    if (list.length >= 8) out.push(...list.slice(0, 8));
    if (out.length >= 24) break;
  }
  return out;
}
const POOL = sameShardKeys();

// Keys of one shard, and keys with bytes of every value around the 4-byte word and
// 64-char boundaries (word-wise comparison and the long-key fallback).
const keyArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...POOL) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 70 }).chain((n) => fc.constantFrom('a'.repeat(n), 'a'.repeat(Math.max(0, n - 1)) + 'b', '\xff'.repeat(n), '\0'.repeat(n))) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 80, size: 'max' }).map((a) => Buffer.from(a).toString('latin1')) },
);

type Op =
  | { op: 'rmw'; key: string; val: string; keep: boolean }
  | { op: 'hasSet'; key: string; val: string }
  | { op: 'set'; key: string; val: string; ttl: number }
  | { op: 'del'; key: string }
  | { op: 'tick'; ms: number }
  | { op: 'between'; key: string; other: string; val: string };

const valArb = fc.oneof(fc.string({ maxLength: 20 }), fc.constant('x'.repeat(300)));
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('rmw' as const), key: keyArb, val: valArb, keep: fc.boolean() }),
  fc.record({ op: fc.constant('hasSet' as const), key: keyArb, val: valArb }),
  fc.record({ op: fc.constant('set' as const), key: keyArb, val: valArb, ttl: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 })) }),
  fc.record({ op: fc.constant('del' as const), key: keyArb }),
  fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 20 }) }),
  // A lookup, then other keys deleted/expired (slots move), then the write.
  fc.record({ op: fc.constant('between' as const), key: keyArb, other: keyArb, val: valArb }),
);

test('keyspace lookups and read-modify-write writes behave like a Map with expiry', () => {
  fc.assert(
    fc.property(fc.array(opArb, { minLength: 20, maxLength: 200, size: 'max' }), (ops) => {
      const m = new ExpiryModel();
      const db = new Db(0);
      const model = m.entries;
      const alive = (k: string): boolean => m.alive(k);
      const put = (k: string, v: string, keepTtl: boolean): void => {
        const was = alive(k);
        const exp = keepTtl && was ? model.get(k)!.exp : 0;
        assert.equal(db.set(k, v, keepTtl), !was);
        model.set(k, { val: v, exp });
      };
      try {
        for (const o of ops) {
          switch (o.op) {
            case 'rmw':
              assert.equal(db.getForWrite(o.key), alive(o.key) ? model.get(o.key)!.val : undefined);
              put(o.key, o.val, o.keep);
              break;
            case 'hasSet':
              assert.equal(db.has(o.key), alive(o.key));
              put(o.key, o.val, false);
              break;
            case 'set':
              assert.equal(db.set(o.key, o.val, false, o.ttl ? m.now + o.ttl : 0), m.set(o.key, o.val, o.ttl));
              break;
            case 'del':
              assert.equal(db.delete(o.key), m.delete(o.key));
              break;
            case 'tick':
              m.tick(o.ms);
              break;
            case 'between':
              assert.equal(db.getForWrite(o.key), alive(o.key) ? model.get(o.key)!.val : undefined);
              assert.equal(db.delete(o.other), alive(o.other));
              model.delete(o.other);
              m.tick(5);
              put(o.key, o.val, true);
              break;
          }
          for (const [k, e] of model) {
            if (e.exp !== 0 && e.exp <= m.now) continue;
            assert.equal(db.peek(k), e.val);
            assert.equal(db.getExpire(k), e.exp);
          }
        }
        let live = 0;
        for (const k of model.keys()) if (alive(k)) live++;
        let seen = 0;
        db.forEachKey((k, v, exp) => {
          if (exp !== 0 && exp <= m.now) return;
          seen++;
          assert.equal(v, model.get(k)!.val);
        });
        assert.equal(seen, live);
      } finally {
        m.release();
      }
    }),
    { numRuns: 200 },
  );
});

test('latin1String matches latin1Slice for every length and byte', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 40, size: 'max' }), fc.nat(8), (a, pad) => {
      const buf = Buffer.alloc(a.length + pad * 2);
      buf.set(a, pad);
      const s = latin1String(buf, pad, pad + a.length);
      assert.equal(s, buf.toString('latin1', pad, pad + a.length));
      assert.equal(s.length, a.length);
    }),
    { numRuns: 500 },
  );
});

test('ReplyWriter.int writes the same digits as String()', () => {
  const w = new ReplyWriter();
  const cases: (number | bigint)[] = [0, -0, 1, 9, 10, 99, 100, 9999, 10000, -1, -10, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 2 ** 32, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 1e15, 1e15 - 1, 9223372036854775807n, -9223372036854775808n];
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 53 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), (e, f, neg) => {
      const n = Math.floor(f * 2 ** e) * (neg ? -1 : 1);
      w.int(n);
      assert.equal(w.take()!.toString('latin1'), `:${String(n)}\r\n`);
    }),
    { numRuns: 2000 },
  );
  for (const n of cases) {
    w.int(n);
    assert.equal(w.take()!.toString('latin1'), `:${String(n)}\r\n`);
  }
});

test('Db.incrInline updates canonical small integers in place and leaves the rest to the caller', () => {
  const textArb = fc.oneof(
    fc.integer({ min: -1e6, max: 1e6 }).map(String),
    fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }).map(String),
    fc.constantFrom('0', '-0', '007', '+5', '', '-', ' 1', '1 ', '1a', '999999999999999', '-999999999999999', '1000000000000000', '9007199254740991', 'x'.repeat(300)),
    fc.string({ maxLength: 6 }),
  );
  const deltaArb = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(1, -1, 9, 2 ** 52, -(2 ** 52), Number.MAX_SAFE_INTEGER));
  fc.assert(
    fc.property(textArb, deltaArb, fc.boolean(), (text, delta, withTtl) => {
      setFrozenTime(1_000_000);
      try {
        const db = new Db(0);
        db.set('k', text, false, withTtl ? 2_000_000 : 0);
        const canonical = /^(0|-?[1-9][0-9]{0,14})$/.test(text);
        const sum = canonical ? Number(text) + delta : NaN;
        const r = db.incrInline('k', delta);
        if (canonical && Number.isSafeInteger(sum)) {
          assert.equal(r, sum);
          assert.equal(db.peek('k'), String(sum));
        } else {
          assert.equal(r, undefined);
          assert.equal(db.peek('k'), text);
        }
        assert.equal(db.getExpire('k'), withTtl ? 2_000_000 : 0);
        assert.equal(db.incrInline('missing', 1), undefined);
      } finally {
        setFrozenTime(null);
      }
    }),
    { numRuns: 3000 },
  );
});

test('latin1String without code generation (node --disallow-code-generation-from-strings)', async () => {
  // The generated fixed-arity builders need `new Function`; hardened processes forbid it
  // and must still get the same strings (through the native path).
  const { spawnSync } = await import('node:child_process');
  const mod = new URL('../../src/util/strings.js', import.meta.url).href;
  const script = `import(${JSON.stringify(mod)}).then(({ latin1String }) => {
    const b = Buffer.from([0, 1, 65, 200, 255, 10, 13, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123]);
    const out = [];
    for (let n = 0; n <= b.length; n++) out.push(latin1String(b, 0, n) === b.toString('latin1', 0, n));
    process.stdout.write(String(out.every(Boolean)));
  });`;
  const r = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, 'true');
});
