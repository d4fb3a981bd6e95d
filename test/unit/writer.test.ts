// ReplyWriter (src/protocol/writer.ts): exact RESP2 and RESP3 bytes for every reply
// shape, integer edge cases, buffer growth and hand-over. The same shapes are compared
// with real Redis over sockets in test/integration/clients.test.ts (HELLO 3 replies).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ReplyWriter } from '../../src/protocol/writer.js';

function bytes(resp: 2 | 3, fn: (w: ReplyWriter) => void): string {
  const w = new ReplyWriter();
  w.resp = resp;
  fn(w);
  const out = w.take();
  return out === null ? '' : out.toString('latin1');
}

test('shapes that are the same in RESP2 and RESP3', () => {
  for (const resp of [2, 3] as const) {
    assert.equal(bytes(resp, (w) => w.ok()), '+OK\r\n');
    assert.equal(bytes(resp, (w) => w.simple('PONG')), '+PONG\r\n');
    assert.equal(bytes(resp, (w) => w.error('ERR boom')), '-ERR boom\r\n');
    assert.equal(bytes(resp, (w) => w.error('ERR a\r\nb\nc')), '-ERR a  b c\r\n');
    assert.equal(bytes(resp, (w) => w.bulk('')), '$0\r\n\r\n');
    assert.equal(bytes(resp, (w) => w.bulk('hello')), '$5\r\nhello\r\n');
    assert.equal(bytes(resp, (w) => w.bulk('\0\r\n\xff')), '$4\r\n\0\r\n\xff\r\n');
    assert.equal(bytes(resp, (w) => w.bulk(Buffer.from([0, 255, 13, 10]))), '$4\r\n\0\xff\r\n\r\n');
    assert.equal(bytes(resp, (w) => w.arrayLen(0)), '*0\r\n');
    assert.equal(bytes(resp, (w) => w.arrayLen(12345)), '*12345\r\n');
    assert.equal(bytes(resp, (w) => w.arrayLen(-1)), '*-1\r\n');
    assert.equal(bytes(resp, (w) => w.bulkArray(['a', Buffer.from('bc')])), '*2\r\n$1\r\na\r\n$2\r\nbc\r\n');
  }
});

test('integers: shared small ones, large, negative and int64 BigInts', () => {
  const cases: [number | bigint, string][] = [
    [0, ':0\r\n'],
    [7, ':7\r\n'],
    [9999, ':9999\r\n'],
    [10000, ':10000\r\n'],
    [-1, ':-1\r\n'],
    [-10000, ':-10000\r\n'],
    [2 ** 53 - 1, ':9007199254740991\r\n'],
    [-(2 ** 53 - 1), ':-9007199254740991\r\n'],
    [9223372036854775807n, ':9223372036854775807\r\n'],
    [-9223372036854775808n, ':-9223372036854775808\r\n'],
    [5n, ':5\r\n'],
  ];
  for (const [n, expected] of cases) assert.equal(bytes(2, (w) => w.int(n)), expected, String(n));
  fc.assert(
    fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 }), fc.maxSafeInteger(), (a, b) => {
      assert.equal(bytes(3, (w) => w.int(a)), `:${a}\r\n`);
      assert.equal(bytes(3, (w) => w.int(b)), `:${b}\r\n`);
      assert.equal(bytes(3, (w) => w.arrayLen(Math.abs(a))), `*${Math.abs(a)}\r\n`);
    }),
  );
});

test('nulls, maps, sets, pushes: RESP2 vs RESP3', () => {
  const pairs: [(w: ReplyWriter) => void, string, string][] = [
    [(w) => w.nullBulk(), '$-1\r\n', '_\r\n'],
    [(w) => w.nullArray(), '*-1\r\n', '_\r\n'],
    [(w) => w.mapLen(2), '*4\r\n', '%2\r\n'],
    [(w) => w.setLen(3), '*3\r\n', '~3\r\n'],
    [(w) => w.pushLen(3), '*3\r\n', '>3\r\n'],
    [(w) => w.bool(true), ':1\r\n', '#t\r\n'],
    [(w) => w.bool(false), ':0\r\n', '#f\r\n'],
    [(w) => w.bigNumber('12345678901234567890'), '$20\r\n12345678901234567890\r\n', '(12345678901234567890\r\n'],
    [(w) => w.verbatim('hi'), '$2\r\nhi\r\n', '=6\r\ntxt:hi\r\n'],
    [(w) => w.double(1.5), '$3\r\n1.5\r\n', ',1.5\r\n'],
    [(w) => w.double(0.1), '$19\r\n0.10000000000000001\r\n', ',0.10000000000000001\r\n'],
    [(w) => w.double(Infinity), '$3\r\ninf\r\n', ',inf\r\n'],
    [(w) => w.double(-Infinity), '$4\r\n-inf\r\n', ',-inf\r\n'],
    [(w) => w.double(1e22), '$5\r\n1e+22\r\n', ',1e+22\r\n'],
    [(w) => w.double(1e300), '$23\r\n1.0000000000000001e+300\r\n', ',1.0000000000000001e+300\r\n'],
    [(w) => w.doubleText('3.0'), '$3\r\n3.0\r\n', ',3.0\r\n'],
    [(w) => w.bulkOrNull(null), '$-1\r\n', '_\r\n'],
    [(w) => w.bulkOrNullArray(['a', null]), '*2\r\n$1\r\na\r\n$-1\r\n', '*2\r\n$1\r\na\r\n_\r\n'],
  ];
  for (const [fn, r2, r3] of pairs) {
    assert.equal(bytes(2, fn), r2);
    assert.equal(bytes(3, fn), r3);
  }
});

test('growth, take() hand-over and truncate()', () => {
  const w = new ReplyWriter();
  assert.equal(w.take(), null);
  const big = 'z'.repeat(5 * 1024 * 1024);
  w.ok();
  w.bulk(big);
  w.int(42);
  const out = w.take()!;
  assert.equal(out.length, 5 + `$${big.length}\r\n`.length + big.length + 2 + 5);
  assert.equal(out.toString('latin1', 0, 5), '+OK\r\n');
  assert.equal(out.toString('latin1', out.length - 5), ':42\r\n');
  // The writer is reusable at once and the taken bytes are not overwritten.
  w.simple('NEXT');
  assert.equal(w.take()!.toString(), '+NEXT\r\n');
  assert.equal(out.toString('latin1', 0, 5), '+OK\r\n');
  // Small takes are copies: writing more must not change them.
  w.ok();
  const small = w.take()!;
  w.error('ERR x');
  assert.equal(small.toString(), '+OK\r\n');
  assert.equal(w.take()!.toString(), '-ERR x\r\n');
  // truncate drops what was written after a mark.
  w.ok();
  const mark = w.len;
  w.bulk('dropped');
  w.truncate(mark);
  assert.equal(w.take()!.toString(), '+OK\r\n');
});

test('pending() is a view until release(); release(true) gives the writer new memory', () => {
  const w = new ReplyWriter();
  assert.equal(w.pending(), null);
  w.ok();
  const v1 = w.pending()!;
  assert.equal(v1.toString(), '+OK\r\n');
  // Written synchronously by the socket: the same memory is reused for the next reply.
  w.release(false);
  w.int(7);
  assert.equal(v1.subarray(0, 4).toString(), ':7\r\n');
  // Kept by a queued write: later replies must not touch it.
  const v2 = w.pending()!;
  w.release(true);
  w.error('ERR later');
  assert.equal(v2.toString(), ':7\r\n');
  assert.equal(w.pending()!.toString(), '-ERR later\r\n');
});

test('random sequences of bulks and ints concatenate exactly', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a).toString('latin1')), fc.integer()), { maxLength: 50 }), (items) => {
      let expected = '';
      const w = new ReplyWriter();
      for (const it of items) {
        if (typeof it === 'string') {
          w.bulk(it);
          expected += `$${it.length}\r\n${it}\r\n`;
        } else {
          w.int(it);
          expected += `:${it}\r\n`;
        }
      }
      const out = w.take();
      assert.equal(out === null ? '' : out.toString('latin1'), expected);
    }),
    { numRuns: 200 },
  );
});
