// A small pipelining RESP client for the compatibility harness: sends argv batches and
// returns each reply's exact bytes (latin1 strings), in order. Unlike test/helpers.ts
// RawClient it resolves many replies per read without a timer per reply, so fuzzing can
// push hundreds of thousands of commands through it.

import net from 'node:net';

/** Encode one argv as a RESP multibulk request (latin1: one char per byte). */
export function encodeArgv(argv: readonly string[]): string {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`;
  return s;
}

/**
 * Length in bytes of the first complete RESP2/RESP3 reply at pos, or -1 when the buffer
 * does not hold all of it yet. Buffer contents are latin1 (one char per byte).
 */
export function replyLength(buf: string, pos = 0): number {
  if (pos >= buf.length) return -1;
  const nl = buf.indexOf('\r\n', pos);
  if (nl === -1) return -1;
  const type = buf[pos]!;
  const after = nl + 2;
  switch (type) {
    case '+': case '-': case ':': case ',': case '#': case '_': case '(':
      return after - pos;
    case '$': case '=': case '!': {
      const n = parseInt(buf.slice(pos + 1, nl), 10);
      if (n < 0) return after - pos;
      if (buf.length < after + n + 2) return -1;
      return after + n + 2 - pos;
    }
    case '*': case '~': case '>': case '%': case '|': {
      let n = parseInt(buf.slice(pos + 1, nl), 10);
      if (n < 0) return after - pos;
      if (type === '%' || type === '|') n *= 2;
      let p = after;
      for (let i = 0; i < n; i++) {
        const l = replyLength(buf, p);
        if (l === -1) return -1;
        p += l;
      }
      if (type === '|') {
        const l = replyLength(buf, p);
        if (l === -1) return -1;
        p += l;
      }
      return p - pos;
    }
    default:
      throw new Error(`bad reply type byte ${JSON.stringify(type)} in ${JSON.stringify(buf.slice(pos, pos + 60))}`);
  }
}

interface Waiter {
  need: number;
  out: string[];
  resolve: (r: string[]) => void;
  reject: (e: Error) => void;
}

/** One connection; send() pipelines a batch of commands and resolves with their replies. */
export class Conn {
  private buf = '';
  private waiters: Waiter[] = [];
  private closedErr: Error | null = null;

  private constructor(private readonly socket: net.Socket, readonly label: string) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('close', () => this.fail(new Error(`${label}: connection closed`)));
    socket.on('error', (e) => this.fail(new Error(`${label}: ${e.message}`)));
  }

  static connect(port: number, label: string, host = '127.0.0.1'): Promise<Conn> {
    return new Promise((resolve, reject) => {
      const s = net.createConnection({ port, host }, () => {
        s.off('error', reject);
        resolve(new Conn(s, label));
      });
      s.once('error', reject);
    });
  }

  get closed(): boolean {
    return this.closedErr !== null;
  }

  private onData(d: Buffer): void {
    this.buf += d.toString('latin1');
    let pos = 0;
    while (this.waiters.length > 0) {
      const n = replyLength(this.buf, pos);
      if (n === -1) break;
      const w = this.waiters[0]!;
      w.out.push(this.buf.slice(pos, pos + n));
      pos += n;
      if (w.out.length === w.need) {
        this.waiters.shift();
        w.resolve(w.out);
      }
    }
    this.buf = pos === 0 ? this.buf : this.buf.slice(pos);
  }

  private fail(e: Error): void {
    if (this.closedErr === null) this.closedErr = e;
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w.reject(this.closedErr);
  }

  /** Send a batch; resolves with one raw reply per command. Rejects on close or timeout. */
  send(cmds: readonly (readonly string[])[], timeoutMs = 10000): Promise<string[]> {
    if (cmds.length === 0) return Promise.resolve([]);
    if (this.closedErr !== null) return Promise.reject(this.closedErr);
    return new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        const err = new Error(`${this.label}: timeout after ${timeoutMs} ms waiting for ${cmds.length} replies (pending ${JSON.stringify(this.buf.slice(0, 120))})`);
        this.fail(err);
        this.socket.destroy();
      }, timeoutMs);
      this.waiters.push({
        need: cmds.length,
        out: [],
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      let req = '';
      for (const c of cmds) req += encodeArgv(c);
      this.socket.write(Buffer.from(req, 'latin1'));
    });
  }

  async call(...argv: string[]): Promise<string> {
    const [r] = await this.send([argv]);
    return r!;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A decoded reply, for the harness's own use (COMMAND INFO/DOCS parsing). */
export type Reply = string | number | bigint | null | boolean | ReplyErr | Reply[] | ReplyMap;
export class ReplyErr {
  constructor(readonly message: string) {}
}
export class ReplyMap {
  constructor(readonly entries: [Reply, Reply][]) {}
  get(k: string): Reply | undefined {
    for (const [a, b] of this.entries) if (a === k) return b;
    return undefined;
  }
}

/** Decode one complete raw reply into JS values (maps and arrays of pairs both allowed). */
export function decodeReply(raw: string): Reply {
  const [v] = decodeAt(raw, 0);
  return v;
}

function decodeAt(s: string, pos: number): [Reply, number] {
  const nl = s.indexOf('\r\n', pos);
  const line = s.slice(pos + 1, nl);
  const after = nl + 2;
  switch (s[pos]) {
    case '+': return [line, after];
    case '-': return [new ReplyErr(line), after];
    case ':': {
      const n = Number(line);
      return [Number.isSafeInteger(n) ? n : BigInt(line), after];
    }
    case ',': return [Number(line), after];
    case '#': return [line === 't', after];
    case '_': return [null, after];
    case '(': return [BigInt(line), after];
    case '$': case '=': case '!': {
      const n = parseInt(line, 10);
      if (n < 0) return [null, after];
      return [s.slice(after, after + n), after + n + 2];
    }
    case '*': case '~': case '>': {
      const n = parseInt(line, 10);
      if (n < 0) return [null, after];
      const out: Reply[] = [];
      let p = after;
      for (let i = 0; i < n; i++) {
        const [v, np] = decodeAt(s, p);
        out.push(v);
        p = np;
      }
      return [out, p];
    }
    case '%': {
      const n = parseInt(line, 10);
      const out: [Reply, Reply][] = [];
      let p = after;
      for (let i = 0; i < n; i++) {
        const [k, p1] = decodeAt(s, p);
        const [v, p2] = decodeAt(s, p1);
        out.push([k, v]);
        p = p2;
      }
      return [new ReplyMap(out), p];
    }
    default:
      throw new Error(`cannot decode reply ${JSON.stringify(s.slice(pos, pos + 40))}`);
  }
}

/** View a RESP2 flat [k, v, k, v] array or a RESP3 map as a ReplyMap. */
export function asMap(r: Reply | undefined): ReplyMap {
  if (r instanceof ReplyMap) return r;
  if (Array.isArray(r)) {
    const out: [Reply, Reply][] = [];
    for (let i = 0; i + 1 < r.length; i += 2) out.push([r[i]!, r[i + 1]!]);
    return new ReplyMap(out);
  }
  return new ReplyMap([]);
}
