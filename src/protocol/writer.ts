// ReplyWriter: appends RESP2/RESP3 replies to a per-client output buffer. The server
// flushes it with one socket write per batch of commands. Methods that have different
// RESP2 and RESP3 shapes (maps, sets, nulls, doubles, booleans, verbatim strings, push)
// pick the shape from `resp`, so command code writes one logical reply.

import { formatDouble17g, writeDecimal } from '../util/numbers.js';

type Latin1Buffer = Buffer & { latin1Write(s: string, offset: number, length?: number): number };

const INITIAL = 1024;
const SHRINK_ABOVE = 64 * 1024;

export class ReplyWriter {
  buf: Buffer = Buffer.allocUnsafe(INITIAL);
  len = 0;
  /** Protocol version of the client: 2 or 3. */
  resp: 2 | 3 = 2;

  private grow(extra: number): void {
    let cap = this.buf.length * 2;
    const need = this.len + extra;
    while (cap < need) cap *= 2;
    const nb = Buffer.allocUnsafe(cap);
    this.buf.copy(nb, 0, 0, this.len);
    this.buf = nb;
  }

  /** A copy of the pending bytes (null if none), leaving the writer empty. */
  take(): Buffer | null {
    const v = this.pending();
    if (v === null) return null;
    const out = Buffer.from(v);
    this.release(false);
    return out;
  }

  /**
   * The pending bytes as a view of the writer's buffer, for a socket write that may copy
   * them out synchronously (no copy here); follow with release().
   */
  pending(): Buffer | null {
    return this.len === 0 ? null : this.buf.subarray(0, this.len);
  }

  /** The pending() bytes were handed over; `kept`: the receiver still holds that memory. */
  release(kept: boolean): void {
    this.len = 0;
    if (kept || this.buf.length > SHRINK_ABOVE) this.buf = Buffer.allocUnsafe(INITIAL);
  }

  /** Truncate back to a previous length (CLIENT REPLY OFF/SKIP drops what a command wrote). */
  truncate(len: number): void {
    if (len < this.len) this.len = len;
  }

  /**
   * Append ASCII/latin1 text verbatim. Short strings are copied by a JS loop: a native
   * latin1Write call costs more than copying a few bytes.
   */
  raw(s: string): void {
    const n = s.length;
    if (this.len + n > this.buf.length) this.grow(n);
    if (n < 32) {
      const b = this.buf;
      let p = this.len;
      for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
      this.len = p;
    } else {
      this.len += (this.buf as Latin1Buffer).latin1Write(s, this.len, n);
    }
  }

  /** Append CRLF-terminated decimal digits of a non-negative safe integer after `prefix`. */
  private header(prefix: number, n: number): void {
    if (n < 0) {
      // Only "*-1"-style headers are negative; keep them correct, off the fast path.
      this.raw(String.fromCharCode(prefix) + String(n) + '\r\n');
      return;
    }
    if (this.len + 24 > this.buf.length) this.grow(24);
    const b = this.buf;
    let p = this.len;
    b[p++] = prefix;
    p = writeDecimal(b, p, n);
    b[p++] = 13;
    b[p++] = 10;
    this.len = p;
  }

  rawBytes(b: Buffer): void {
    const n = b.length;
    if (this.len + n > this.buf.length) this.grow(n);
    b.copy(this.buf, this.len);
    this.len += n;
  }

  ok(): void {
    if (this.len + 5 > this.buf.length) this.grow(5);
    const b = this.buf;
    const p = this.len;
    b[p] = 43; // '+'
    b[p + 1] = 79; // 'O'
    b[p + 2] = 75; // 'K'
    b[p + 3] = 13;
    b[p + 4] = 10;
    this.len = p + 5;
  }

  /** +<s>\r\n (the caller guarantees no CR/LF in s). */
  simple(s: string): void {
    this.raw('+' + s + '\r\n');
  }

  /** -<message>\r\n, with CR/LF replaced by spaces as Redis does. */
  error(message: string): void {
    let m = message;
    if (m.indexOf('\r') !== -1 || m.indexOf('\n') !== -1) m = m.replace(/[\r\n]/g, ' ');
    this.raw('-' + m + '\r\n');
  }

  int(n: number | bigint): void {
    if (typeof n === 'number' && Number.isSafeInteger(n)) {
      // Digits written in place: no string, no native copy (a Buffer.copy of a
      // pre-encoded ":n\r\n" costs more than writing its few bytes).
      if (this.len + 24 > this.buf.length) this.grow(24);
      const b = this.buf;
      let p = this.len;
      b[p++] = 58; // ':'
      if (n < 0) {
        b[p++] = 45; // '-'
        n = -n;
      }
      p = writeDecimal(b, p, n);
      b[p++] = 13;
      b[p++] = 10;
      this.len = p;
      return;
    }
    this.raw(':' + String(n) + '\r\n');
  }

  /** Bulk string from a latin1 string or raw bytes. */
  bulk(s: string | Buffer): void {
    if (typeof s === 'string') {
      const n = s.length;
      this.header(36 /* '$' */, n);
      if (this.len + n + 2 > this.buf.length) this.grow(n + 2);
      const b = this.buf as Latin1Buffer;
      let p = this.len;
      if (n < 32) {
        for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
      } else {
        p += b.latin1Write(s, p, n);
      }
      b[p++] = 13;
      b[p++] = 10;
      this.len = p;
    } else {
      this.raw('$' + s.length + '\r\n');
      this.rawBytes(s);
      this.raw('\r\n');
    }
  }

  /** Bulk string of buf[start, end) (the keyspace's slab bytes), copied into the output. */
  bulkBytes(buf: Buffer, start: number, end: number): void {
    const n = end - start;
    this.header(36 /* '$' */, n);
    if (this.len + n + 2 > this.buf.length) this.grow(n + 2);
    const b = this.buf;
    let p = this.len;
    if (n < 32) {
      for (let i = start; i < end; i++) b[p++] = buf[i]!;
    } else {
      buf.copy(b, p, start, end);
      p += n;
    }
    b[p++] = 13;
    b[p++] = 10;
    this.len = p;
  }

  /** A bulk of a decimal integer (e.g. INCRBYFLOAT-style replies use bulk of text). */
  bulkOrNull(s: string | Buffer | null | undefined): void {
    if (s === null || s === undefined) this.nullBulk();
    else this.bulk(s);
  }

  /** Null bulk: $-1 in RESP2, _ in RESP3. */
  nullBulk(): void {
    this.raw(this.resp === 3 ? '_\r\n' : '$-1\r\n');
  }

  /** Null array: *-1 in RESP2, _ in RESP3. */
  nullArray(): void {
    this.raw(this.resp === 3 ? '_\r\n' : '*-1\r\n');
  }

  arrayLen(n: number): void {
    this.header(42 /* '*' */, n);
  }

  /** Map header: %n in RESP3, *2n in RESP2. */
  mapLen(n: number): void {
    this.raw(this.resp === 3 ? '%' + n + '\r\n' : '*' + n * 2 + '\r\n');
  }

  /** Set header: ~n in RESP3, *n in RESP2. */
  setLen(n: number): void {
    this.raw(this.resp === 3 ? '~' + n + '\r\n' : '*' + n + '\r\n');
  }

  /** Attribute-free push header: >n in RESP3, *n in RESP2. */
  pushLen(n: number): void {
    this.raw(this.resp === 3 ? '>' + n + '\r\n' : '*' + n + '\r\n');
  }

  /** Double: ,<%.17g> in RESP3, bulk string in RESP2. */
  double(d: number): void {
    const s = formatDouble17g(d);
    if (this.resp === 3) this.raw(',' + s + '\r\n');
    else this.bulk(s);
  }

  /** Double already formatted by the caller (Redis sometimes uses other precisions). */
  doubleText(s: string): void {
    if (this.resp === 3) this.raw(',' + s + '\r\n');
    else this.bulk(s);
  }

  /** Boolean: #t/#f in RESP3, :1/:0 in RESP2. */
  bool(b: boolean): void {
    if (this.resp === 3) this.raw(b ? '#t\r\n' : '#f\r\n');
    else this.raw(b ? ':1\r\n' : ':0\r\n');
  }

  /** Big number: (n in RESP3, bulk string in RESP2. */
  bigNumber(s: string): void {
    if (this.resp === 3) this.raw('(' + s + '\r\n');
    else this.bulk(s);
  }

  /** Verbatim string: =len\r\ntxt:...\r\n in RESP3, bulk in RESP2. */
  verbatim(s: string, format = 'txt'): void {
    if (this.resp === 3) {
      this.raw('=' + (s.length + 4) + '\r\n' + format + ':');
      this.raw(s);
      this.raw('\r\n');
    } else {
      this.bulk(s);
    }
  }

  /** Array of bulk strings. */
  bulkArray(items: readonly (string | Buffer)[]): void {
    this.arrayLen(items.length);
    for (let i = 0; i < items.length; i++) this.bulk(items[i]!);
  }

  /** Array of bulk strings or nulls (MGET-like). */
  bulkOrNullArray(items: readonly (string | Buffer | null | undefined)[]): void {
    this.arrayLen(items.length);
    for (let i = 0; i < items.length; i++) this.bulkOrNull(items[i]);
  }
}
