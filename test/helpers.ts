// Shared test utilities: start tsredis in-process on port 0, start the real redis-server
// (the oracle) on a free port when installed, and a raw RESP client that returns the
// exact reply bytes so tests can compare byte for byte.

import net from 'node:net';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { startServer, type RunningServer, type ServerOptions } from '../src/index.js';

export { startServer };

/** Start an in-process tsredis on a free port. */
export async function startTsredis(options: ServerOptions = {}): Promise<RunningServer> {
  return startServer({ port: 0, bind: '127.0.0.1', ...options });
}

let redisChecked: boolean | null = null;

/** Whether Debian's redis-server is installed (the oracle for differential tests). */
export function hasRedis(): boolean {
  if (redisChecked === null) {
    const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
    redisChecked = r.status === 0 && /v=7\./.test(r.stdout);
  }
  return redisChecked;
}

export const NO_REDIS_MESSAGE = 'redis-server 7.x not installed: differential test skipped (apt-get install redis-server)';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface RealRedis {
  port: number;
  host: string;
  process: ChildProcess;
  close(): Promise<void>;
}

/** Start the real redis-server on a free port (no persistence). Extra args as directives. */
export async function startRedis(extra: string[] = []): Promise<RealRedis> {
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--enable-debug-command', 'yes', '--loglevel', 'warning', ...extra], { stdio: 'ignore' });
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      const c = await RawClient.connect(port);
      await c.call('PING');
      c.close();
      break;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  return {
    port,
    host: '127.0.0.1',
    process: proc,
    close: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      }),
  };
}

/** Encode argv as a RESP multibulk (latin1 strings or Buffers). */
export function encodeCommand(args: (string | Buffer | number)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = Buffer.isBuffer(a) ? a : Buffer.from(String(a), 'latin1');
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/**
 * Length of the first complete RESP2/RESP3 reply in buf starting at pos, or -1 if
 * incomplete.
 */
export function replyLength(buf: Buffer, pos = 0): number {
  if (pos >= buf.length) return -1;
  const nl = buf.indexOf('\r\n', pos);
  if (nl === -1) return -1;
  const type = String.fromCharCode(buf[pos]!);
  const line = buf.toString('latin1', pos + 1, nl);
  const after = nl + 2;
  switch (type) {
    case '+': case '-': case ':': case ',': case '#': case '_': case '(':
      return after - pos;
    case '$': case '=': case '!': {
      const n = parseInt(line, 10);
      if (n < 0) return after - pos;
      if (buf.length < after + n + 2) return -1;
      return after + n + 2 - pos;
    }
    case '*': case '~': case '>': case '%': case '|': {
      let n = parseInt(line, 10);
      if (n < 0) return after - pos;
      if (type === '%' || type === '|') n *= 2;
      let p = after;
      for (let i = 0; i < n; i++) {
        const l = replyLength(buf, p);
        if (l === -1) return -1;
        p += l;
      }
      if (type === '|') {
        // An attribute is followed by the actual reply.
        const l = replyLength(buf, p);
        if (l === -1) return -1;
        p += l;
      }
      return p - pos;
    }
    default:
      throw new Error(`bad reply type byte ${JSON.stringify(type)} in ${JSON.stringify(buf.toString('latin1', pos, pos + 40))}`);
  }
}

/** A minimal client that returns raw reply bytes (as latin1 strings). */
export class RawClient {
  private buf: Buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f();
    });
    socket.on('close', () => {
      this.closed = true;
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f();
    });
    socket.on('error', () => {});
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.createConnection({ port, host }, () => {
        s.off('error', reject);
        resolve(new RawClient(s));
      });
      s.once('error', reject);
    });
  }

  static connectPath(path: string): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.createConnection({ path }, () => {
        s.off('error', reject);
        resolve(new RawClient(s));
      });
      s.once('error', reject);
    });
  }

  /** Send raw bytes without waiting. */
  write(data: string | Buffer): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Wait for one complete reply and return its raw text. Rejects on close or timeout. */
  async readReply(timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const n = replyLength(this.buf);
      if (n !== -1) {
        const out = this.buf.toString('latin1', 0, n);
        this.buf = this.buf.subarray(n);
        return out;
      }
      if (this.closed) throw new Error(`connection closed (pending: ${JSON.stringify(this.buf.toString('latin1'))})`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timeout waiting for reply (pending: ${JSON.stringify(this.buf.toString('latin1').slice(0, 200))})`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Send a command and return the raw reply. */
  async call(...args: (string | Buffer | number)[]): Promise<string> {
    this.write(encodeCommand(args));
    return this.readReply();
  }

  /** Everything received so far that was not consumed as a reply. */
  pending(): string {
    return this.buf.toString('latin1');
  }

  /** Wait until the server closes the connection. */
  async waitClose(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('timeout waiting for close');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

/**
 * Differential harness: the same commands against tsredis and real Redis, raw replies
 * compared. Create with Pair.start(); skip the test when hasRedis() is false.
 */
export class Pair {
  private constructor(
    readonly ts: RunningServer,
    readonly redis: RealRedis,
    readonly a: RawClient,
    readonly b: RawClient,
  ) {}

  static async start(tsOptions: ServerOptions = {}, redisArgs: string[] = []): Promise<Pair> {
    const ts = await startTsredis({ 'enable-debug-command': 'yes', ...tsOptions });
    const redis = await startRedis(redisArgs);
    const a = await RawClient.connect(ts.port);
    const b = await RawClient.connect(redis.port);
    return new Pair(ts, redis, a, b);
  }

  /** Run a command on both; returns [tsredis reply, redis reply]. */
  async both(...args: (string | Buffer | number)[]): Promise<[string, string]> {
    const [x, y] = await Promise.all([this.a.call(...args), this.b.call(...args)]);
    return [x, y];
  }

  async close(): Promise<void> {
    this.a.close();
    this.b.close();
    await this.ts.close();
    await this.redis.close();
  }
}
