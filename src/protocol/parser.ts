// Resumable request parser: RESP multibulk ("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n") and inline
// commands ("PING\r\n", as typed in telnet). It is fed raw socket chunks and hands out one
// argv (latin1 strings: one char per byte, binary-safe) per call to next(). Arguments are
// copied out of the chunk, so nothing stored later pins a read buffer.
//
// Large bulk arguments that span reads are accumulated as a chunk list and joined once,
// so a 100 MB value costs one copy, not a quadratic series of concatenations. Smaller
// partial requests are kept in a growable buffer of the parser's own, and the search for
// a line end resumes where it stopped: a request arriving one byte per read costs linear
// time (a 60 KB header sent that way used to cost seconds of CPU). Nothing is
// allocated on the strength of a length header alone: a "$1000000000" header costs only
// what the client actually sends, and the query-buffer limit caps that.

import { constants as bufferConstants } from 'node:buffer';
import { ProtocolError } from '../util/errors.js';
import { string2ll } from '../util/numbers.js';
import { latin1String } from '../util/strings.js';

const EMPTY = Buffer.alloc(0);
const INLINE_MAX = 64 * 1024; // PROTO_INLINE_MAX_SIZE
const BIG_ARG = 32 * 1024; // PROTO_MBULK_BIG_ARG
const INT_MAX = 2147483647;
/** Largest own buffer kept for reuse (two reads' worth). */
const SPARE_MAX = 32 * 1024;
/** Limits of the whole-command fast path (see RequestParser.wholeCommand). */
const WHOLE_MAX_ARGS = 1024;
const WHOLE_MAX_ARG = 4096;
/** Largest argv allocated at its full size from a multibulk header. */
const ARGV_PRESIZE_MAX = 1024;
/** V8's longest string (just under 512 MiB): the largest argument argv can carry. */
const MAX_STRING = bufferConstants.MAX_STRING_LENGTH;

type Latin1Buffer = Buffer & { latin1Slice(start: number, end: number): string };

export interface ParserLimits {
  /** proto-max-bulk-len */
  maxBulkLen: number;
  /** Whether the client has authenticated (unauthenticated clients get tighter limits). */
  authenticated: boolean;
}

export class RequestParser {
  /** Bytes being parsed: buf[pos, end). Either a borrowed read chunk or our own buffer. */
  private buf: Buffer = EMPTY;
  private pos = 0;
  private end = 0;
  /** Whether buf is our own (may be appended to in place, past `end`). */
  private owned = false;
  /** An own buffer no longer in use, reused by ownBuffer. */
  private spare: Buffer | null = null;
  /**
   * Where the search for the current line's terminator resumes: bytes before it were
   * already scanned, so a header or inline line trickling in byte by byte is scanned once,
   * not once per read.
   */
  private scanFrom = 0;
  /** Arguments still expected for the current multibulk, or 0 when between commands. */
  private argsLeft = 0;
  private argv: string[] = [];
  /** Arguments of the current multibulk read so far. */
  private argc = 0;
  /** Length of the bulk being read, or -1 when the next thing is a '$' header. */
  private bulkLen = -1;
  /** Chunks of a large bulk in progress (null when not accumulating). */
  private pending: Buffer[] | null = null;
  private pendingLen = 0;
  private pendingNeed = 0;
  /** True after the parser produced a multibulk command (vs inline), for MONITOR and stats. */
  lastWasInline = false;
  /**
   * Whether the chunk being parsed is lent (a read buffer the caller reuses for the next
   * read): then nothing may keep a view of it past detach().
   */
  private lent = false;

  constructor(readonly limits: ParserLimits) {}

  /** Bytes received and not yet consumed (the query buffer length). */
  get buffered(): number {
    return this.end - this.pos + this.pendingLen;
  }

  /** Whether the parser holds a partial command. */
  get hasPartial(): boolean {
    return this.buffered > 0 || this.argsLeft > 0;
  }

  /**
   * Add received bytes. A `lent` chunk is only borrowed until detach(), which the caller
   * must call before it reuses the chunk's memory (one shared read buffer for every
   * connection): the common case (whole commands per read) then copies nothing.
   */
  feed(chunk: Buffer, lent = false, len = chunk.length): void {
    // Only the common path below parses chunk[0, len) in place; others want exact views.
    if (len !== chunk.length && (this.pending !== null || this.end > this.pos)) chunk = chunk.subarray(0, len);
    if (this.pending !== null) {
      this.pendingLen += chunk.length;
      const complete = this.pendingLen >= this.pendingNeed;
      // The completing chunk is copied by the concat below; others are kept, so a lent
      // one is copied now.
      this.pending.push(lent && !complete ? Buffer.from(chunk) : chunk);
      if (complete) {
        this.buf = Buffer.concat(this.pending, this.pendingLen);
        this.pos = 0;
        this.end = this.pendingLen;
        this.owned = false;
        this.lent = false;
        this.scanFrom = 0;
        this.pending = null;
        this.pendingLen = 0;
      }
      return;
    }
    const left = this.end - this.pos;
    if (left <= 0) {
      // The common case: everything before was consumed; parse the chunk in place.
      this.keepSpare();
      this.buf = chunk;
      this.pos = 0;
      this.end = len;
      this.owned = false;
      this.scanFrom = 0;
      this.lent = lent;
      return;
    }
    if (this.owned && this.end + chunk.length <= this.buf.length) {
      chunk.copy(this.buf, this.end);
      this.end += chunk.length;
      return;
    }
    // Move the unconsumed tail into a buffer of our own with room to grow: a request
    // arriving in many small reads is then copied an amortized constant number of times.
    const need = left + chunk.length;
    const nb = this.ownBuffer(need < 2048 ? 4096 : need * 2, need);
    this.buf.copy(nb, 0, this.pos, this.end);
    chunk.copy(nb, left);
    this.scanFrom = this.scanFrom > this.pos ? this.scanFrom - this.pos : 0;
    this.buf = nb;
    this.pos = 0;
    this.end = need;
    this.owned = true;
    this.lent = false;
  }

  /**
   * Stop borrowing a lent chunk: copy its unconsumed bytes (a partial command, or
   * commands left for later by backpressure or a parked client) into memory of our own.
   */
  detach(): void {
    if (!this.lent) return;
    this.lent = false;
    const left = this.end - this.pos;
    if (left <= 0) {
      this.buf = EMPTY;
      this.pos = 0;
      this.end = 0;
      this.scanFrom = 0;
      return;
    }
    const nb = this.ownBuffer(left < 2048 ? 4096 : left * 2, left);
    this.buf.copy(nb, 0, this.pos, this.end);
    this.scanFrom = this.scanFrom > this.pos ? this.scanFrom - this.pos : 0;
    this.buf = nb;
    this.pos = 0;
    this.end = left;
    this.owned = true;
  }

  /**
   * An own buffer of at least `min` bytes (`size` when a new one is made): the spare one
   * when it is large enough. Reads that end inside a command are copied into an own
   * buffer (detach) on every read of a pipelining client, and a new ArrayBuffer each time
   * is external memory that drives V8's full GCs (measured: ~13 per million keys loaded).
   */
  private ownBuffer(size: number, min: number): Buffer {
    const sp = this.spare;
    if (sp !== null && sp.length >= min) {
      this.spare = null;
      return sp;
    }
    return Buffer.allocUnsafe(size);
  }

  /** The current own buffer is about to be dropped: keep it as the spare if small. */
  private keepSpare(): void {
    if (this.owned && this.buf.length <= SPARE_MAX) this.spare = this.buf;
  }

  /** Drop everything buffered (used when the connection is closing). */
  reset(): void {
    this.spare = null;
    this.buf = EMPTY;
    this.pos = 0;
    this.end = 0;
    this.owned = false;
    this.lent = false;
    this.scanFrom = 0;
    this.argsLeft = 0;
    this.argv = [];
    this.bulkLen = -1;
    this.pending = null;
    this.pendingLen = 0;
  }

  /**
   * The next complete command, or null when more bytes are needed. Throws ProtocolError
   * on malformed input. An empty inline line or a "*0" multibulk yields nothing and parsing
   * continues.
   */
  next(): string[] | null {
    for (;;) {
      if (this.pending !== null) return null;
      const buf = this.buf;
      const end = this.end;
      if (this.argsLeft === 0) {
        if (this.pos >= end) {
          if (this.buf !== EMPTY) {
            this.keepSpare();
            this.buf = EMPTY;
            this.pos = 0;
            this.end = 0;
            this.owned = false;
            this.scanFrom = 0;
          }
          return null;
        }
        if (buf[this.pos] === 42 /* '*' */) {
          const whole = this.wholeCommand(buf, this.pos, end);
          if (whole !== null) return whole;
          const cr = findCR(buf, this.scanFrom > this.pos ? this.scanFrom : this.pos, end);
          if (cr === -1 || cr + 1 >= end) {
            this.scanFrom = cr === -1 ? end : cr;
            if (end - this.pos > INLINE_MAX) throw new ProtocolError('too big mbulk count string');
            return null;
          }
          const n = parseDecimal(buf, this.pos + 1, cr);
          if (n === null || n > INT_MAX) {
            // Redis finds the CR with strchr, which stops at a NUL byte: such a header
            // never completes (until the 64 KB limit), it is not a length error.
            if (hasNul(buf, this.pos, cr)) {
              if (end - this.pos > INLINE_MAX) throw new ProtocolError('too big mbulk count string');
              this.scanFrom = end;
              return null;
            }
            throw new ProtocolError('invalid multibulk length');
          }
          if (!this.limits.authenticated && n > 10) throw new ProtocolError('unauthenticated multibulk length');
          this.pos = cr + 2;
          if (n <= 0) continue;
          this.argsLeft = n;
          // Sized up front (growing by push cost a reallocation per command), but never
          // more than a small bound on the strength of a header alone.
          this.argv = new Array<string>(n <= ARGV_PRESIZE_MAX ? n : ARGV_PRESIZE_MAX);
          this.argc = 0;
          this.bulkLen = -1;
          this.lastWasInline = false;
        } else {
          const cmd = this.parseInline();
          if (cmd === undefined) return null;
          if (cmd.length === 0) continue;
          this.lastWasInline = true;
          return cmd;
        }
      }
      // Reading bulk arguments of a multibulk.
      while (this.argsLeft > 0) {
        if (this.bulkLen === -1) {
          if (this.pos >= end) return null;
          // Fast path for the common "$<digits>\r\n" header: one pass, no validation
          // fallbacks. Anything unusual takes the general path below.
          const fast = fastBulkLen(buf, this.pos, end);
          if (fast >= 0 && fast <= this.limits.maxBulkLen && (fast <= 16384 || this.limits.authenticated)) {
            this.bulkLen = fast;
            this.pos = fastEndPos;
          }
        }
        if (this.bulkLen === -1) {
          const cr = findCR(buf, this.scanFrom > this.pos ? this.scanFrom : this.pos, end);
          if (cr === -1 || cr + 1 >= end) {
            this.scanFrom = cr === -1 ? end : cr;
            if (end - this.pos > INLINE_MAX) throw new ProtocolError('too big bulk count string');
            return null;
          }
          const n = buf[this.pos] === 36 /* '$' */ ? parseDecimal(buf, this.pos + 1, cr) : null;
          if (n === null || n < 0 || n > this.limits.maxBulkLen) {
            if (hasNul(buf, this.pos, cr)) {
              // As above: strchr would not have found this CR yet.
              if (end - this.pos > INLINE_MAX) throw new ProtocolError('too big bulk count string');
              this.scanFrom = end;
              return null;
            }
            if (buf[this.pos] !== 36) throw new ProtocolError(`expected '$', got '${String.fromCharCode(buf[this.pos]!)}'`);
            throw new ProtocolError('invalid bulk length');
          }
          if (!this.limits.authenticated && n > 16384) throw new ProtocolError('unauthenticated bulk length');
          this.pos = cr + 2;
          this.bulkLen = n;
        }
        const need = this.bulkLen + 2;
        if (end - this.pos < need) {
          if (need >= BIG_ARG) {
            // Accumulate the rest of this big argument without re-concatenating.
            // A view of our own or a given chunk is safe (buf is dropped below and
            // never written again); a lent chunk is copied.
            const head = buf.subarray(this.pos, end);
            this.pending = [this.lent ? Buffer.from(head) : head];
            this.lent = false;
            this.pendingLen = end - this.pos;
            this.pendingNeed = need;
            this.buf = EMPTY;
            this.pos = 0;
            this.end = 0;
            this.owned = false;
            this.scanFrom = 0;
          }
          return null;
        }
        const len = this.bulkLen;
        // An argument longer than V8's longest string cannot be handed out; refused once it
        // has arrived (the query-buffer limit usually closes such a client first).
        if (len > MAX_STRING) throw new ProtocolError('invalid bulk length');
        if (this.argc === 0 && len <= 24) this.argv[this.argc++] = internName(buf, this.pos, len);
        // Short arguments (most keys and values) are built in JS (see latin1String).
        else this.argv[this.argc++] = latin1String(buf, this.pos, this.pos + len);
        this.pos += need;
        this.bulkLen = -1;
        this.argsLeft--;
      }
      const argv = this.argv;
      this.argv = [];
      return argv;
    }
  }

  /**
   * Fast path: the multibulk at pos when it is entirely in buf[pos, end) and plain
   * (digit-only headers, at most WHOLE_MAX_ARGS arguments of at most WHOLE_MAX_ARG
   * bytes, within the limits), parsed with local variables in one pass. Anything else
   * (incomplete, unusual, erroneous) returns null having changed nothing, and the general
   * resumable path takes the command from its start, so both paths agree by construction.
   */
  private wholeCommand(buf: Buffer, pos: number, end: number): string[] | null {
    const n = digitsToCR(buf, pos + 1, end, WHOLE_MAX_ARGS);
    if (n < 0) return null;
    let p = digitsEnd;
    if (p + 1 >= end || buf[p + 1] !== 10) return null;
    if (n > 10 && !this.limits.authenticated) return null;
    p += 2;
    const argv = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      if (p + 3 >= end || buf[p] !== 36) return null;
      p++;
      let len = 0;
      if (buf[p] === 48) {
        p++;
      } else {
        len = digitsToCR(buf, p, end, WHOLE_MAX_ARG);
        if (len < 0) return null;
        p = digitsEnd;
      }
      if (p + 1 >= end || buf[p] !== 13 || buf[p + 1] !== 10) return null;
      p += 2;
      // As the general path: the two bytes after the data are skipped, not checked.
      if (p + len + 2 > end || len > this.limits.maxBulkLen) return null;
      argv[i] = i === 0 && len <= 24 ? internName(buf, p, len) : latin1String(buf, p, p + len);
      p += len + 2;
    }
    this.pos = p;
    this.lastWasInline = false;
    return argv;
  }

  /** Parse one inline line; undefined when the line is incomplete. */
  private parseInline(): string[] | undefined {
    const buf = this.buf;
    const end = this.end;
    const nl = buf.indexOf(10, this.scanFrom > this.pos ? this.scanFrom : this.pos);
    if (nl === -1 || nl >= end) {
      this.scanFrom = end;
      if (end - this.pos > INLINE_MAX) throw new ProtocolError('too big inline request');
      return undefined;
    }
    let lineEnd = nl;
    if (lineEnd > this.pos && buf[lineEnd - 1] === 13) lineEnd--;
    const line = (buf as Latin1Buffer).latin1Slice(this.pos, lineEnd);
    if (line.indexOf('\0') !== -1) {
      // Redis looks for the newline with strchr, which stops at a NUL byte: a line with a
      // NUL never completes, and the buffer eventually hits the inline size limit.
      if (end - this.pos > INLINE_MAX) throw new ProtocolError('too big inline request');
      this.scanFrom = end;
      return undefined;
    }
    this.pos = nl + 1;
    const args = splitArgs(line);
    if (args === null) throw new ProtocolError('unbalanced quotes in request');
    return args;
  }
}

/** Set by digitsToCR: the position of the CR. */
let digitsEnd = 0;

/**
 * The decimal number at buf[p...] ending at a CR (first digit 1-9, value at most max),
 * with digitsEnd set to the CR's position; -1 for anything else or when no CR is in
 * buf[p, end).
 */
function digitsToCR(buf: Buffer, p: number, end: number, max: number): number {
  let c = buf[p];
  if (c === undefined || c < 49 || c > 57) return -1;
  let v = 0;
  for (;;) {
    if (p >= end) return -1;
    c = buf[p]!;
    if (c === 13) break;
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
    if (v > max) return -1;
    p++;
  }
  digitsEnd = p;
  return v;
}

/** Set by fastBulkLen: the position after the header's CRLF. */
let fastEndPos = 0;

/**
 * Length from a "$<1 to 9 digits>\r" header at pos, or -1 when the header is anything
 * else (incomplete, signed, leading zero, too long, not '$'); sets fastEndPos.
 */
function fastBulkLen(buf: Buffer, pos: number, end: number): number {
  if (buf[pos] !== 36 /* '$' */) return -1;
  let q = pos + 1;
  const limit = Math.min(end - 1, q + 9);
  let c = buf[q];
  if (c === 48 /* '0' */) {
    if (q + 1 < end - 1 + 1 && buf[q + 1] === 13 && q + 2 < end) {
      fastEndPos = q + 3;
      return 0;
    }
    return -1;
  }
  let v = 0;
  while (q < limit) {
    c = buf[q]!;
    if (c === 13) break;
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
    q++;
  }
  if (q === pos + 1 || q >= end - 1 || buf[q] !== 13) return -1;
  fastEndPos = q + 2;
  return v;
}

/**
 * Index of the first CR in buf[from, end), or -1. A JS loop: headers are a few bytes
 * long and a native indexOf call costs more than scanning them.
 */
function findCR(buf: Buffer, from: number, end: number): number {
  for (let i = from; i < end; i++) if (buf[i] === 13) return i;
  return -1;
}

/**
 * Command names repeat on every request: reuse one string per name instead of slicing a
 * new one each time. A 256-entry cache indexed by a cheap byte hash; a collision just
 * replaces the entry.
 */
const NAME_CACHE: (string | undefined)[] = new Array<string | undefined>(256).fill(undefined);

function internName(buf: Buffer, pos: number, len: number): string {
  if (len === 0) return '';
  const h = (len * 31 + buf[pos]! * 7 + buf[pos + len - 1]! * 3 + buf[pos + (len >> 1)]!) & 255;
  const cand = NAME_CACHE[h];
  if (cand !== undefined && cand.length === len) {
    let i = 0;
    while (i < len && cand.charCodeAt(i) === buf[pos + i]) i++;
    if (i === len) return cand;
  }
  const s = (buf as Latin1Buffer).latin1Slice(pos, pos + len);
  NAME_CACHE[h] = s;
  return s;
}

/** Whether buf[from, to) contains a NUL byte (only consulted on error paths). */
function hasNul(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (buf[i] === 0) return true;
  return false;
}

/** Parse a decimal integer in buf[start, end) with Redis's string2ll rules. */
function parseDecimal(buf: Buffer, start: number, end: number): number | null {
  const len = end - start;
  if (len <= 0 || len > 20) return null;
  if (len <= 15) {
    let i = start;
    let neg = false;
    if (buf[i] === 45) {
      neg = true;
      i++;
      if (i === end) return null;
    }
    if (len === 1 && buf[i] === 48) return 0;
    const first = buf[i]!;
    if (first < 49 || first > 57) return null;
    let v = 0;
    for (; i < end; i++) {
      const c = buf[i]!;
      if (c < 48 || c > 57) return null;
      v = v * 10 + (c - 48);
    }
    return neg ? -v : v;
  }
  const v = string2ll(buf.toString('latin1', start, end));
  if (v === null) return null;
  return Number(v);
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Split a line into arguments with Redis's sdssplitargs rules: whitespace separated,
 * "double quotes" with \n \r \t \b \a \\ \" \xHH escapes, 'single quotes' with \' only.
 * A closing quote must be followed by whitespace or the end. A bare word ends only at
 * space, tab, CR or LF, while the gaps between words are any isspace() run. Returns null on unbalanced
 * quotes. Used for inline commands, config files and the CLI.
 */
export function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  // The C original works on NUL-terminated strings: a NUL ends the input.
  const nul = line.indexOf('\0');
  const n = nul === -1 ? line.length : nul;
  let i = 0;
  for (;;) {
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) return out;
    let inq = false;
    let insq = false;
    let done = false;
    let cur = '';
    while (!done) {
      if (inq) {
        if (i >= n) return null;
        const c = line.charCodeAt(i);
        if (c === 92 && i + 3 < n && line.charCodeAt(i + 1) === 120 && hexVal(line.charCodeAt(i + 2)) >= 0 && hexVal(line.charCodeAt(i + 3)) >= 0) {
          cur += String.fromCharCode(hexVal(line.charCodeAt(i + 2)) * 16 + hexVal(line.charCodeAt(i + 3)));
          i += 3;
        } else if (c === 92 && i + 1 < n) {
          i++;
          const e = line[i];
          cur += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (c === 34) {
          if (i + 1 < n && !isSpace(line.charCodeAt(i + 1))) return null;
          done = true;
        } else {
          cur += line[i];
        }
      } else if (insq) {
        if (i >= n) return null;
        const c = line.charCodeAt(i);
        if (c === 92 && i + 1 < n && line.charCodeAt(i + 1) === 39) {
          i++;
          cur += "'";
        } else if (c === 39) {
          if (i + 1 < n && !isSpace(line.charCodeAt(i + 1))) return null;
          done = true;
        } else {
          cur += line[i];
        }
      } else {
        if (i >= n) {
          done = true;
          break;
        }
        const c = line.charCodeAt(i);
        // Only space, \n, \r and \t end a bare word (\v and \f do not, unlike isspace).
        if (c === 32 || c === 10 || c === 13 || c === 9) done = true;
        else if (c === 34) inq = true;
        else if (c === 39) insq = true;
        else cur += line[i];
      }
      if (i < n) i++;
    }
    out.push(cur);
  }
}
