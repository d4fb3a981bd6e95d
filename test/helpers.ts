// Shared test utilities: start tsredis in-process on port 0, start the real redis-server
// (the oracle) on a free port when installed, and a raw RESP client that returns the
// exact reply bytes so tests can compare byte for byte. Also: file-wide fixtures
// (sharedPair, sharedTsredis), raw-socket exchanges compared on both servers
// (diffExchanges), reply comparisons (assertSameReplies, assertSameInBothProtocols),
// process helpers (spawnRedisServer, runProcess) and polling (waitFor) instead of fixed
// sleeps. Kept in one file on purpose: `node --test dist/test/` runs every .js file under
// test/ as a test file, so each extra helper module would add an entry to the suite.

import net from 'node:net';
import { test, before, after, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { startServer, type RunningServer, type ServerOptions } from '../src/index.js';
import { setFrozenTime } from '../src/util/clock.js';
import { ObjType } from '../src/types/value.js';

export { startServer };

/** Start an in-process tsredis on a free port. */
export async function startTsredis(options: ServerOptions = {}): Promise<RunningServer> {
  // No save points (as the oracle's --save ''): a test server must not write dump.rdb into the cwd.
  return startServer({ port: 0, bind: '127.0.0.1', save: '', ...options });
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

import { freePort } from '../src/util/net.js';
export { freePort };

export interface RealRedis {
  port: number;
  host: string;
  process: ChildProcess;
  close(): Promise<void>;
}

/** Resolve after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Poll `cond` every 20 ms until it holds; throw after `timeoutMs` (give a loaded machine seconds). */
export async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timeout waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * Spawn redis-server with `args` (directives or a config file) and wait until it answers
 * on `port`. Fails early, with redis-server's stderr, if the process exits.
 */
export async function spawnRedisServer(args: string[], port: number, cwd?: string): Promise<RealRedis> {
  const proc = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'], cwd });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString('latin1')));
  const close = (): Promise<void> =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      const c = await RawClient.connect(port);
      // Any reply will do (a NOAUTH error included): the server is up.
      await c.call('PING');
      c.close();
      break;
    } catch (e) {
      if (Date.now() > deadline || proc.exitCode !== null) {
        await close();
        throw new Error(`redis-server ${args.join(' ')}: ${stderr || (e as Error).message}`);
      }
      await sleep(20);
    }
  }
  return { port, host: '127.0.0.1', process: proc, close };
}

/** Start the real redis-server on a free port (no persistence). Extra args as directives. */
export async function startRedis(extra: string[] = []): Promise<RealRedis> {
  const port = await freePort();
  return spawnRedisServer(['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--enable-debug-command', 'yes', '--loglevel', 'warning', ...extra], port);
}

/** Run `fn` with an in-process tsredis that is closed afterwards, whatever happens. */
export async function withTsredis<T>(options: ServerOptions, fn: (ts: RunningServer) => Promise<T>): Promise<T> {
  const ts = await startTsredis(options);
  try {
    return await fn(ts);
  } finally {
    await ts.close();
  }
}

/** Run `fn` with a tsredis and a redis-server (the oracle), both closed afterwards. */
export async function withServers<T>(tsOptions: ServerOptions, redisArgs: string[], fn: (ts: RunningServer, redis: RealRedis) => Promise<T>): Promise<T> {
  const ts = await startTsredis(tsOptions);
  try {
    const redis = await startRedis(redisArgs);
    try {
      return await fn(ts, redis);
    } finally {
      await redis.close();
    }
  } finally {
    await ts.close();
  }
}

export interface ProcessRun {
  out: string;
  err: string;
  code: number | null;
}

/**
 * Run a program with `input` on stdin (or none); resolves with its stdout and stderr
 * (latin1) and exit code. Killed after `timeoutMs`.
 */
export function runProcess(cmd: string, args: string[], opts: { input?: string | Buffer | null; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on('data', (d: Buffer) => out.push(d));
    p.stderr.on('data', (d: Buffer) => err.push(d));
    p.on('error', reject);
    const timer = setTimeout(() => p.kill('SIGKILL'), opts.timeoutMs ?? 10000);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ out: Buffer.concat(out).toString('latin1'), err: Buffer.concat(err).toString('latin1'), code });
    });
    p.stdin.on('error', () => {});
    if (opts.input !== undefined && opts.input !== null) p.stdin.end(opts.input);
    else p.stdin.end();
  });
}

export interface Exchange {
  out: string;
  closed: boolean;
}

/**
 * Connect, send `chunks` (with `gapMs` between them), then collect replies until the
 * server closes the connection or stays quiet for `quietMs`. With `untilClose` the quiet
 * period is not used: it waits (up to 5 s) for the close; likewise until `expectBytes`
 * arrived. So a loaded machine cannot cut the exchange short.
 */
export function exchange(port: number, chunks: (string | Buffer)[], gapMs = 0, quietMs = 500, untilClose = false, expectBytes = 0): Promise<Exchange> {
  return new Promise((resolve) => {
    const s = net.createConnection({ port, host: '127.0.0.1' });
    const got: Buffer[] = [];
    let received = 0;
    let closed = false;
    let timer: NodeJS.Timeout | null = null;
    const finish = (): void => {
      if (timer !== null) clearTimeout(timer);
      s.destroy();
      resolve({ out: Buffer.concat(got).toString('latin1'), closed });
    };
    const arm = (): void => {
      if (timer !== null) clearTimeout(timer);
      // Until the expected number of bytes arrived, a loaded machine gets 5 s.
      timer = setTimeout(finish, untilClose || received < expectBytes ? 5000 : quietMs);
    };
    s.on('data', (d: Buffer) => {
      got.push(d);
      received += d.length;
      arm();
    });
    s.on('error', () => {});
    s.on('close', () => {
      closed = true;
      finish();
    });
    s.on('connect', async () => {
      for (const ch of chunks) {
        s.write(typeof ch === 'string' ? Buffer.from(ch, 'latin1') : ch);
        if (gapMs > 0) await sleep(gapMs);
      }
      arm();
    });
  });
}

export interface DiffExchangeOptions {
  /** Pause between the chunks of one case. */
  gapMs?: number;
  /**
   * When Redis closes a connection that still has unread input, the kernel answers with
   * a RST that can discard the error reply before the client reads it; tsredis keeps
   * reading and always delivers it. Then tsredis's output only has to start with Redis's.
   */
  lenient?: boolean;
  /** Applied to both outputs before comparing (e.g. to blank client ids). */
  normalize?: (out: string) => string;
}

/**
 * Send every case (raw bytes, or chunks written one after another) on a fresh connection
 * to both servers, all cases concurrently; return the mismatches in output or close.
 */
export async function diffExchanges(tsPort: number, redisPort: number, cases: (string | (string | Buffer)[])[], opts: DiffExchangeOptions = {}): Promise<string[]> {
  const { gapMs = 0, lenient = false, normalize = (o: string): string => o } = opts;
  const bad: string[] = [];
  await Promise.all(
    cases.map(async (c) => {
      const chunks = Array.isArray(c) ? c : [c];
      // Redis first: when it closes the connection, wait for tsredis to close too.
      const b = await exchange(redisPort, chunks, gapMs);
      // Wait for as many bytes as Redis sent (unless normalizing: then lengths may differ).
      const expectBytes = opts.normalize === undefined ? Buffer.byteLength(b.out, 'latin1') : 0;
      const a = await exchange(tsPort, chunks, gapMs, undefined, b.closed, expectBytes);
      const [x, y] = [normalize(a.out), normalize(b.out)];
      const same = x === y || (lenient && a.closed && b.closed && x.startsWith(y));
      if (!same || a.closed !== b.closed) {
        const what = chunks.map((ch) => (typeof ch === 'string' ? ch : ch.toString('latin1'))).join('');
        bad.push(`${JSON.stringify(what.slice(0, 60))}\n  tsredis: ${JSON.stringify(a.out.slice(0, 200))} closed=${a.closed}\n  redis:   ${JSON.stringify(b.out.slice(0, 200))} closed=${b.closed}`);
      }
    }),
  );
  return bad;
}

/** Split `data` at the given offsets (taken modulo length + 1, deduplicated, sorted). */
export function splitAt(data: Buffer, cuts: number[]): Buffer[];
export function splitAt(data: string, cuts: number[]): string[];
export function splitAt(data: Buffer | string, cuts: number[]): (Buffer | string)[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const piece = (a: number, b?: number): Buffer | string => (typeof data === 'string' ? data.slice(a, b) : data.subarray(a, b));
  const out: (Buffer | string)[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(piece(prev, p));
    prev = p;
  }
  out.push(piece(prev));
  return out;
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

/**
 * A file-wide tsredis and one client connected to it: registers before/after hooks that
 * start and close them. Use `.srv` and `.client` inside tests.
 */
export class SharedTsredis {
  private server: RunningServer | null = null;
  private conn: RawClient | null = null;

  constructor(options: ServerOptions = {}) {
    before(async () => {
      this.server = await startTsredis(options);
      this.conn = await RawClient.connect(this.server.port);
    });
    after(async () => {
      this.conn?.close();
      await this.server?.close();
    });
  }

  get srv(): RunningServer {
    if (this.server === null) throw new Error('SharedTsredis: not started yet');
    return this.server;
  }

  get client(): RawClient {
    if (this.conn === null) throw new Error('SharedTsredis: not started yet');
    return this.conn;
  }
}

/** Shorthand: `const local = sharedTsredis();` at the top of a test file. */
export function sharedTsredis(options: ServerOptions = {}): SharedTsredis {
  return new SharedTsredis(options);
}

/**
 * Reference model of a keyspace with expiry for property tests, on a frozen clock that
 * starts at `now`: entries expire when `exp !== 0 && exp <= now`. Call `release()` when done.
 */
export class ExpiryModel {
  readonly entries = new Map<string, { val: string; exp: number }>();

  constructor(public now = 1_000_000) {
    setFrozenTime(now);
  }

  /** Advance the frozen clock by `ms`. */
  tick(ms: number): void {
    this.now += ms;
    setFrozenTime(this.now);
  }

  /** Whether `key` exists and has not expired; an expired entry is dropped (lazy expiry). */
  alive(key: string): boolean {
    const e = this.entries.get(key);
    if (e === undefined) return false;
    if (e.exp !== 0 && e.exp <= this.now) {
      this.entries.delete(key);
      return false;
    }
    return true;
  }

  /** Store `val` (expiring `ttl` ms from now, or never for 0); true if the key was new. */
  set(key: string, val: string, ttl: number): boolean {
    const isNew = !this.alive(key);
    this.entries.set(key, { val, exp: ttl ? this.now + ttl : 0 });
    return isNew;
  }

  /** Delete `key`; true if it existed (and had not expired). */
  delete(key: string): boolean {
    const was = this.alive(key);
    this.entries.delete(key);
    return was;
  }

  /** Unfreeze the clock. */
  release(): void {
    setFrozenTime(null);
  }
}

// ---------------------------------------------------------------- differential tests
// A file-wide server pair set up by before/after hooks, tests that are skipped without
// the oracle, and the "same reply on both servers" comparisons.

export type Cmd = (string | Buffer | number)[];

export interface SharedPairOptions {
  /** Options of the pair's tsredis (on top of enable-debug-command yes). */
  tsOptions?: ServerOptions;
  /** Extra redis-server directives of the pair's oracle. */
  redisArgs?: string[];
  /** Also start a standalone tsredis (with these options), oracle or not. */
  standalone?: ServerOptions;
  /**
   * More setup once the pair is up, in the same hook: Node 20 does not wait for one
   * root-level before() hook to finish before it starts the next.
   */
  onPairStarted?: (pair: Pair) => Promise<void>;
}

/**
 * A file-wide differential fixture. Registers before/after hooks that start a Pair (only
 * when redis-server 7 is installed) and, if asked, a standalone tsredis, and close them.
 */
export class SharedPair {
  private current: Pair | null = null;
  private alone: RunningServer | null = null;

  constructor(private readonly options: SharedPairOptions = {}) {
    before(async () => {
      if (this.options.standalone !== undefined) this.alone = await startTsredis(this.options.standalone);
      if (!hasRedis()) return;
      this.current = await Pair.start(this.options.tsOptions, this.options.redisArgs);
      await this.options.onPairStarted?.(this.current);
    });
    after(async () => {
      await this.alone?.close();
      await this.current?.close();
    });
  }

  /** The pair, or null when redis-server 7 is not installed. */
  get pair(): Pair | null {
    return this.current;
  }

  /** The standalone tsredis (only with the `standalone` option). */
  get ts(): RunningServer {
    if (this.alone === null) throw new Error('SharedPair: no standalone tsredis (pass `standalone`) or not started yet');
    return this.alone;
  }

  /** A test that needs the pair: skipped with NO_REDIS_MESSAGE when the oracle is missing. */
  test(name: string, fn: (pair: Pair, t: TestContext) => Promise<void>): void {
    test(name, async (t) => {
      if (this.current === null) return t.skip(NO_REDIS_MESSAGE);
      await fn(this.current, t);
    });
  }
}

/** Shorthand: `const oracle = sharedPair();` at the top of a test file. */
export function sharedPair(options: SharedPairOptions = {}): SharedPair {
  return new SharedPair(options);
}

/** Run each command on both servers and assert identical replies. */
export async function assertSameReplies(p: Pair, cmds: Cmd[], label = 'reply to'): Promise<void> {
  for (const cmd of cmds) {
    const [a, b] = await p.both(...cmd);
    assert.equal(a, b, `${label} ${cmd.map(String).join(' ')}`);
  }
}

/**
 * Run commands on both servers; return every mismatch as readable text. An LPUSH or HSET
 * that tsredis does not implement yet plants a non-string value directly (the oracle runs
 * the real command), so WRONGTYPE paths can be compared before those groups exist.
 */
export async function replyMismatches(p: Pair, cmds: Cmd[]): Promise<string[]> {
  const out: string[] = [];
  for (const cmd of cmds) {
    const name = String(cmd[0]).toLowerCase();
    if ((name === 'lpush' || name === 'hset') && !p.ts.server.table.lookup(name)) {
      await p.b.call(...cmd);
      const type = name === 'lpush' ? ObjType.List : ObjType.Hash;
      p.ts.server.dbs[0]!.set(String(cmd[1]), { type, encoding: () => 'listpack' });
      continue;
    }
    const [x, y] = await p.both(...cmd);
    if (x !== y) out.push(`${JSON.stringify(cmd.map(String))}: tsredis ${JSON.stringify(x)} redis ${JSON.stringify(y)}`);
  }
  return out;
}

/** Runs the commands on flushed servers in RESP2, then again in RESP3; asserts no mismatch. */
export async function assertSameInBothProtocols(p: Pair, cmds: Cmd[]): Promise<void> {
  await p.both('FLUSHALL');
  const m2 = await replyMismatches(p, cmds);
  await p.both('FLUSHALL');
  await p.both('HELLO', '3');
  const m3 = await replyMismatches(p, cmds);
  await p.both('HELLO', '2');
  assert.deepEqual([...m2, ...m3.map((m) => 'RESP3 ' + m)], []);
}

/** Text of a bulk or verbatim reply (the verbatim format prefix removed). */
export function bulkText(reply: string): string {
  const nl = reply.indexOf('\r\n');
  const t = reply.slice(nl + 2, reply.length - 2);
  return reply[0] === '=' ? t.slice(4) : t;
}

// ------------------------------------------------------------ multi-connection transcripts

/** Split a script command line into arguments ("quoted args" may hold spaces or be empty). */
export function parseArgs(text: string): string[] {
  return (text.match(/"[^"]*"|\S+/g) ?? []).map((x) => (x.startsWith('"') ? x.slice(1, -1) : x));
}

/**
 * Run a script against a server and return its transcript. Lines:
 *   "N> CMD args [#k]"  send on connection N, read k replies (default 1)
 *   "N< k"              read k more replies on connection N
 *   "@sleep ms"         wait
 * Unread bytes left on a connection at the end are part of the transcript.
 */
export async function transcript(port: number, script: string[]): Promise<string[]> {
  const conns = new Map<number, RawClient>();
  const out: string[] = [];
  try {
    for (const line of script) {
      if (line.startsWith('@sleep ')) {
        await sleep(Number(line.slice(7)));
        continue;
      }
      const m = /^(\d+)([<>])\s*([\s\S]*)$/.exec(line);
      if (m === null) throw new Error(`bad script line ${line}`);
      const n = Number(m[1]);
      let c = conns.get(n);
      if (c === undefined) conns.set(n, (c = await RawClient.connect(port)));
      let count: number;
      if (m[2] === '>') {
        let text = m[3]!;
        count = 1;
        const h = /\s+#(\d+)$/.exec(text);
        if (h !== null) {
          count = Number(h[1]);
          text = text.slice(0, h.index);
        }
        c.write(encodeCommand(parseArgs(text)));
      } else {
        count = Number(m[3]);
      }
      for (let i = 0; i < count; i++) {
        try {
          out.push(`${n}: ${await c.readReply(2000)}`);
        } catch {
          out.push(`${n}: <no reply>`);
        }
      }
    }
    await sleep(30);
    for (const [n, c] of conns) if (c.pending() !== '') out.push(`${n} unread: ${c.pending()}`);
  } finally {
    for (const c of conns.values()) c.close();
  }
  // HELLO's client id differs between the servers.
  return out.map((s) => s.replace(/(\$2\r\nid\r\n:)\d+/, '$1N'));
}

/** Register a test: the script's transcripts on both servers of `oracle` must be identical. */
export function sameTranscript(oracle: SharedPair, name: string, script: string[]): void {
  oracle.test(name, async (pair) => {
    await pair.both('FLUSHALL');
    const ts = await transcript(pair.ts.port, script);
    const redis = await transcript(pair.redis.port, script);
    assert.deepEqual(ts, redis);
  });
}

/**
 * Run cmds on both servers once per event class (with "E" + class enabled) and compare
 * the keyevent notifications: tsredis's as its notifyKeyspaceEvent sees them, Redis's as
 * a PSUBSCRIBE client receives them.
 */
export async function sameKeyspaceEvents(p: Pair, cmds: Cmd[], classes: string[]): Promise<void> {
  const tsEvents: string[] = [];
  const server = p.ts.server;
  const orig = server.notifyKeyspaceEvent;
  server.notifyKeyspaceEvent = (type: string, event: string, key: string, dbIndex: number): void => {
    tsEvents.push(`${type} ${dbIndex} ${event} ${key}`);
  };
  const sub = await RawClient.connect(p.redis.port);
  try {
    const got: string[] = [];
    const want: string[] = [];
    for (const cls of classes) {
      await p.both('FLUSHALL');
      tsEvents.length = 0;
      await p.b.call('CONFIG', 'SET', 'notify-keyspace-events', 'E' + cls);
      await sub.call('PSUBSCRIBE', '__keyevent@*__:*');
      for (const cmd of cmds) await p.both(...cmd);
      sub.write('*1\r\n$4\r\nPING\r\n');
      for (;;) {
        const r = await sub.readReply();
        if (r.startsWith('*2\r\n$4\r\npong')) break;
        const parts = r.split('\r\n');
        const m = /^__keyevent@(\d+)__:(.*)$/.exec(parts[6]!)!;
        want.push(`${cls} ${m[1]} ${m[2]} ${parts[8]}`);
      }
      await sub.call('PUNSUBSCRIBE');
      got.push(...tsEvents.filter((e) => e.startsWith(cls + ' ')));
    }
    assert.deepEqual(got, want);
  } finally {
    server.notifyKeyspaceEvent = orig;
    await p.b.call('CONFIG', 'SET', 'notify-keyspace-events', '');
    sub.close();
  }
}
