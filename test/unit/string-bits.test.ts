// Bit commands and in-place string mutation against a simple byte-array model, on an
// in-process tsredis (no oracle needed): random SETBIT / GETBIT / BITCOUNT / BITPOS /
// BITFIELD u8 / APPEND / SETRANGE / GETRANGE sequences must agree with the model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sharedTsredis } from '../helpers.js';

const local = sharedTsredis();

type Op =
  | { k: 'setbit'; off: number; v: number }
  | { k: 'getbit'; off: number }
  | { k: 'bitcount' }
  | { k: 'bitpos'; v: number }
  | { k: 'bfset'; off: number; v: number }
  | { k: 'bfget'; off: number }
  | { k: 'append'; s: string }
  | { k: 'setrange'; off: number; s: string }
  | { k: 'getrange'; a: number; b: number };

const bytesStr = fc.uint8Array({ maxLength: 6 }).map((a) => Buffer.from(a).toString('latin1'));
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('setbit' as const), off: fc.nat(200), v: fc.nat(1) }),
  fc.record({ k: fc.constant('getbit' as const), off: fc.nat(220) }),
  fc.record({ k: fc.constant('bitcount' as const) }),
  fc.record({ k: fc.constant('bitpos' as const), v: fc.nat(1) }),
  fc.record({ k: fc.constant('bfset' as const), off: fc.nat(200), v: fc.nat(255) }),
  fc.record({ k: fc.constant('bfget' as const), off: fc.nat(220) }),
  fc.record({ k: fc.constant('append' as const), s: bytesStr }),
  fc.record({ k: fc.constant('setrange' as const), off: fc.nat(40), s: bytesStr }),
  fc.record({ k: fc.constant('getrange' as const), a: fc.integer({ min: -40, max: 40 }), b: fc.integer({ min: -40, max: 40 }) }),
);

class Model {
  b: number[] = [];
  exists = false;
  grow(n: number): void {
    while (this.b.length < n) this.b.push(0);
    this.exists = true;
  }
  bit(off: number): number {
    const byte = off >> 3;
    return byte < this.b.length ? (this.b[byte]! >> (7 - (off & 7))) & 1 : 0;
  }
  setBit(off: number, v: number): void {
    this.grow((off >> 3) + 1);
    const m = 1 << (7 - (off & 7));
    this.b[off >> 3] = v ? this.b[off >> 3]! | m : this.b[off >> 3]! & ~m;
  }
  str(): string {
    return Buffer.from(this.b).toString('latin1');
  }
}

const bulk = (s: string): string => `$${s.length}\r\n${s}\r\n`;

test('bit and in-place string commands agree with a byte-array model', async () => {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
      const key = `m${n++}`;
      const m = new Model();
      for (const o of ops) {
        let got: string;
        let want: string;
        switch (o.k) {
          case 'setbit': {
            got = await local.client.call('SETBIT', key, o.off, o.v);
            want = `:${m.bit(o.off)}\r\n`;
            m.setBit(o.off, o.v);
            break;
          }
          case 'getbit':
            got = await local.client.call('GETBIT', key, o.off);
            want = `:${m.bit(o.off)}\r\n`;
            break;
          case 'bitcount': {
            got = await local.client.call('BITCOUNT', key);
            let cnt = 0;
            for (let i = 0; i < m.b.length * 8; i++) cnt += m.bit(i);
            want = `:${cnt}\r\n`;
            break;
          }
          case 'bitpos': {
            got = await local.client.call('BITPOS', key, o.v);
            let pos = -1;
            for (let i = 0; i < m.b.length * 8; i++) if (m.bit(i) === o.v) { pos = i; break; }
            // Clear bit not found: past the end, 0 for a missing key, -1 for an empty string.
            if (pos === -1 && o.v === 0) pos = !m.exists ? 0 : m.b.length === 0 ? -1 : m.b.length * 8;
            want = `:${pos}\r\n`;
            break;
          }
          case 'bfset': {
            got = await local.client.call('BITFIELD', key, 'SET', 'u8', o.off, o.v);
            let old = 0;
            for (let i = 0; i < 8; i++) old = old * 2 + m.bit(o.off + i);
            want = `*1\r\n:${old}\r\n`;
            m.grow(((o.off + 7) >> 3) + 1);
            for (let i = 0; i < 8; i++) m.setBit(o.off + i, (o.v >> (7 - i)) & 1);
            break;
          }
          case 'bfget': {
            got = await local.client.call('BITFIELD_RO', key, 'GET', 'u8', o.off);
            let v = 0;
            for (let i = 0; i < 8; i++) v = v * 2 + m.bit(o.off + i);
            want = `*1\r\n:${v}\r\n`;
            break;
          }
          case 'append': {
            got = await local.client.call('APPEND', key, Buffer.from(o.s, 'latin1'));
            for (let i = 0; i < o.s.length; i++) m.b.push(o.s.charCodeAt(i));
            m.exists = true;
            want = `:${m.b.length}\r\n`;
            break;
          }
          case 'setrange': {
            got = await local.client.call('SETRANGE', key, o.off, Buffer.from(o.s, 'latin1'));
            if (o.s.length > 0) {
              m.grow(o.off + o.s.length);
              for (let i = 0; i < o.s.length; i++) m.b[o.off + i] = o.s.charCodeAt(i);
            }
            want = `:${m.b.length}\r\n`;
            break;
          }
          case 'getrange': {
            got = await local.client.call('GETRANGE', key, o.a, o.b);
            const len = m.b.length;
            let s = o.a < 0 ? len + o.a : o.a;
            let e = o.b < 0 ? len + o.b : o.b;
            if (s < 0) s = 0;
            if (e < 0) e = 0;
            if (e >= len) e = len - 1;
            want = o.a < 0 && o.b < 0 && o.a > o.b ? bulk('') : s > e || len === 0 ? bulk('') : bulk(m.str().slice(s, e + 1));
            break;
          }
        }
        assert.equal(got, want, `${JSON.stringify(o)} on ${Buffer.from(m.b).toString('hex')}`);
      }
      assert.equal(await local.client.call('GET', key), m.exists ? bulk(m.str()) : '$-1\r\n');
    }),
    { numRuns: 200 },
  );
});

test('repeated APPEND and SETBIT on a large value stay fast (amortised in place)', async () => {
  const chunk = 'x'.repeat(1000);
  // 4000 appends of 1 KB: quadratic copying would move ~8 GB.
  let batch = '';
  for (let i = 0; i < 4000; i++) batch += `*3\r\n$6\r\nAPPEND\r\n$3\r\nbig\r\n$1000\r\n${chunk}\r\n`;
  local.client.write(batch);
  for (let i = 0; i < 3999; i++) await local.client.readReply();
  assert.equal(await local.client.readReply(), ':4000000\r\n');
  let bits = '';
  for (let i = 0; i < 4000; i++) bits += `*4\r\n$6\r\nSETBIT\r\n$3\r\nbig\r\n$${String(i * 997).length}\r\n${i * 997}\r\n$1\r\n0\r\n`;
  local.client.write(bits);
  for (let i = 0; i < 4000; i++) await local.client.readReply();
  assert.equal(await local.client.call('STRLEN', 'big'), ':4000000\r\n');
  assert.equal(await local.client.call('GETRANGE', 'big', '0', '1'), bulk('xx'));
});
