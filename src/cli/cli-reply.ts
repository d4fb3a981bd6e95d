// tsredis-cli reply model and resumable RESP2/RESP3 reply reader.
//
// The reply model mirrors the one redis-cli gets from hiredis (same type codes, since
// redis-cli prints "Unknown reply type: 13" for a big number and we match it). Strings
// are latin1 JS strings (one char per byte) so binary replies print byte for byte.
//
// The reader keeps a stack of aggregates being filled, so a reply spread over many socket
// reads is parsed once, not re-parsed from its start on every read; a large bulk string
// waits as a chunk list and is joined once.

export const REPLY_STRING = 1;
export const REPLY_ARRAY = 2;
export const REPLY_INTEGER = 3;
export const REPLY_NIL = 4;
export const REPLY_STATUS = 5;
export const REPLY_ERROR = 6;
export const REPLY_DOUBLE = 7;
export const REPLY_BOOL = 8;
export const REPLY_MAP = 9;
export const REPLY_SET = 10;
export const REPLY_ATTR = 11;
export const REPLY_PUSH = 12;
export const REPLY_BIGNUM = 13;
export const REPLY_VERB = 14;

export interface Reply {
  type: number;
  /** Text of strings, statuses, errors, doubles, big numbers, verbatim (without "txt:"). */
  str: string;
  /** Integer value (also 1/0 for booleans). */
  integer: bigint;
  /** Children of arrays, sets, pushes; maps hold key, value, key, value... */
  elements: Reply[];
}

export function makeReply(type: number, str = '', integer = 0n, elements: Reply[] = []): Reply {
  return { type, str, integer, elements };
}

/** A malformed reply stream; the message is hiredis's wording. */
export class ReplyProtocolError extends Error {}

/** Escaped form of each byte inside a quoted string (sdscatrepr rules, C locale isprint). */
const ESCAPES: string[] = Array.from({ length: 256 }, (_, c) => {
  switch (c) {
    case 0x5c: return '\\\\';
    case 0x22: return '\\"';
    case 0x0a: return '\\n';
    case 0x0d: return '\\r';
    case 0x09: return '\\t';
    case 0x07: return '\\a';
    case 0x08: return '\\b';
    default:
      return c >= 0x20 && c <= 0x7e ? String.fromCharCode(c) : '\\x' + c.toString(16).padStart(2, '0');
  }
});

/** sdscatrepr: quote a latin1 string the way redis-cli shows bulk strings. */
export function repr(s: string): string {
  if (s.length < 4096) {
    let out = '"';
    for (let i = 0; i < s.length; i++) out += ESCAPES[s.charCodeAt(i) & 0xff]!;
    return out + '"';
  }
  // Large values: write the escapes into one buffer instead of growing a string.
  const out = Buffer.allocUnsafe(s.length * 4 + 2);
  let o = 0;
  out[o++] = 0x22;
  for (let i = 0; i < s.length; i++) {
    const e = ESCAPES[s.charCodeAt(i) & 0xff]!;
    for (let j = 0; j < e.length; j++) out[o++] = e.charCodeAt(j);
  }
  out[o++] = 0x22;
  return out.toString('latin1', 0, o);
}

interface Frame {
  reply: Reply;
  left: number;
}

const EMPTY = Buffer.alloc(0);

export class ReplyReader {
  private buf: Buffer = EMPTY;
  private pos = 0;
  private chunks: Buffer[] | null = null;
  private chunksLen = 0;
  private need = 0;
  private stack: Frame[] = [];

  feed(chunk: Buffer): void {
    if (this.chunks !== null) {
      this.chunks.push(chunk);
      this.chunksLen += chunk.length;
      if (this.chunksLen >= this.need) {
        this.buf = Buffer.concat(this.chunks, this.chunksLen);
        this.pos = 0;
        this.chunks = null;
        this.chunksLen = 0;
      }
      return;
    }
    if (this.pos >= this.buf.length) {
      this.buf = chunk;
    } else {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
    }
    this.pos = 0;
  }

  /** Wait for at least n unread bytes before parsing again (large bulk payloads). */
  private waitFor(n: number): void {
    const rest = this.buf.subarray(this.pos);
    this.chunks = [rest];
    this.chunksLen = rest.length;
    this.need = n;
    this.buf = EMPTY;
    this.pos = 0;
  }

  /** The next complete top-level reply, or undefined when more bytes are needed. */
  next(): Reply | undefined {
    if (this.chunks !== null) return undefined;
    for (;;) {
      const item = this.item();
      if (item === undefined) return undefined;
      let done: Reply | undefined = item;
      // Attach to the innermost open aggregate, closing aggregates as they fill.
      while (done !== undefined) {
        const top = this.stack[this.stack.length - 1];
        if (top === undefined) return done;
        top.reply.elements.push(done);
        top.left--;
        if (top.left > 0) {
          done = undefined;
        } else {
          this.stack.pop();
          done = top.reply;
        }
      }
    }
  }

  /**
   * Parse one item at pos: a scalar (returned), or an aggregate header (pushed on the
   * stack; returned only when empty). Returns undefined, consuming nothing, when the
   * bytes are incomplete; an opened non-empty aggregate also yields undefined-free flow
   * by looping in the caller.
   */
  private item(): Reply | undefined {
    for (;;) {
      const buf = this.buf;
      const start = this.pos;
      if (start >= buf.length) return undefined;
      const nl = buf.indexOf(10, start);
      if (nl === -1) return undefined;
      const type = buf[start]!;
      const lineEnd = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
      const line = buf.toString('latin1', start + 1, lineEnd);
      const after = nl + 1;
      switch (type) {
        case 0x2b: // +
          this.pos = after;
          return makeReply(REPLY_STATUS, line);
        case 0x2d: // -
          this.pos = after;
          return makeReply(REPLY_ERROR, line);
        case 0x3a: // :
          this.pos = after;
          return makeReply(REPLY_INTEGER, '', parseInteger(line));
        case 0x2c: // ,
          this.pos = after;
          return makeReply(REPLY_DOUBLE, line);
        case 0x28: // (
          this.pos = after;
          return makeReply(REPLY_BIGNUM, line);
        case 0x5f: // _
          this.pos = after;
          return makeReply(REPLY_NIL);
        case 0x23: // #
          if (line !== 't' && line !== 'f') throw new ReplyProtocolError('Bad bool value');
          this.pos = after;
          return makeReply(REPLY_BOOL, '', line === 't' ? 1n : 0n);
        case 0x24: // $
        case 0x21: // !
        case 0x3d: { // =
          const len = Number(parseInteger(line));
          if (len < 0) {
            this.pos = after;
            return makeReply(REPLY_NIL);
          }
          if (buf.length < after + len + 2) {
            if (len > 65536) this.waitFor(after + len + 2 - start);
            return undefined;
          }
          let s = buf.toString('latin1', after, after + len);
          this.pos = after + len + 2;
          if (type === 0x24) return makeReply(REPLY_STRING, s);
          if (type === 0x21) return makeReply(REPLY_ERROR, s);
          if (s.length < 4 || s[3] !== ':') throw new ReplyProtocolError('Verbatim string 4 bytes of content type are missing or incorrectly encoded.');
          s = s.slice(4);
          return makeReply(REPLY_VERB, s);
        }
        case 0x2a: // *
        case 0x25: // %
        case 0x7e: // ~
        case 0x3e: { // >
          const n = Number(parseInteger(line));
          this.pos = after;
          if (n < 0) return makeReply(REPLY_NIL);
          const t = type === 0x2a ? REPLY_ARRAY : type === 0x25 ? REPLY_MAP : type === 0x7e ? REPLY_SET : REPLY_PUSH;
          const r = makeReply(t);
          const count = type === 0x25 ? n * 2 : n;
          if (count === 0) return r;
          this.stack.push({ reply: r, left: count });
          continue;
        }
        default:
          throw new ReplyProtocolError(`Protocol error, got ${repr(String.fromCharCode(type))} as reply type byte`);
      }
    }
  }
}

function parseInteger(line: string): bigint {
  if (!/^[+-]?\d+$/.test(line)) throw new ReplyProtocolError('Bad integer value');
  return BigInt(line);
}
