// tsredis-cli against redis-cli 7.0 (the oracle): the same command lines and the same piped
// input run through both clients against the same server, and stdout, stderr and the exit
// code must be identical (stderr with the program name normalised). Both output styles are
// covered: raw (stdout is a pipe) and the terminal format (FAKETTY=1, the switch redis-cli's
// own test suite uses). The servers under test are a real redis-server and tsredis.
// Formatter and reply-reader unit checks run even without Redis installed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { hasRedis, NO_REDIS_MESSAGE, startRedis, startTsredis, RawClient, freePort, runProcess, type ProcessRun } from '../helpers.js';
import { ReplyReader, type Reply } from '../../src/cli/cli-reply.js';
import { formatTTY, formatRaw, formatCSV } from '../../src/cli/cli-format.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli/cli-main.js');
const HIST = path.join(os.tmpdir(), `tsredis-cli-test-history-${process.pid}`);

type Run = ProcessRun;

async function runProgram(cmd: string, args: string[], input: string | Buffer | null, env: Record<string, string>): Promise<Run> {
  const r = await runProcess(cmd, args, { input, env: { ...process.env, TSREDISCLI_HISTFILE: HIST, REDISCLI_HISTFILE: HIST, ...env } });
  // The program names differ; everything else must not.
  return { ...r, err: r.err.replace(/tsredis-cli|redis-cli/g, 'CLI') };
}

const tsCli = (args: string[], input: string | Buffer | null = null, env: Record<string, string> = {}): Promise<Run> =>
  runProgram(process.execPath, [CLI, ...args], input, env);
const redisCli = (args: string[], input: string | Buffer | null = null, env: Record<string, string> = {}): Promise<Run> =>
  runProgram('redis-cli', args, input, env);

function hasRedisCli(): boolean {
  return spawnSync('redis-cli', ['--version'], { encoding: 'utf8' }).status === 0;
}

/**
 * Run both clients and compare. With a reset function the runs are sequential and the
 * server state is reset before each; without one (read-only cases) they run concurrently.
 */
async function same(port: number, reset: (() => Promise<void>) | null, args: string[], opts: { input?: string | Buffer; tty?: boolean } = {}): Promise<Run> {
  const env: Record<string, string> = opts.tty === true ? { FAKETTY: '1' } : {};
  const full = ['-p', String(port), ...args];
  let want: Run;
  let got: Run;
  if (reset !== null) {
    await reset();
    want = await redisCli(full, opts.input ?? null, env);
    await reset();
    got = await tsCli(full, opts.input ?? null, env);
  } else {
    [want, got] = await Promise.all([redisCli(full, opts.input ?? null, env), tsCli(full, opts.input ?? null, env)]);
  }
  const label = `${opts.tty === true ? 'tty' : 'raw'} ${JSON.stringify(args)}${opts.input !== undefined ? ` <<< ${JSON.stringify(String(opts.input).slice(0, 60))}` : ''}`;
  assert.equal(got.out, want.out, `stdout differs: ${label}`);
  assert.equal(got.err, want.err, `stderr differs: ${label}`);
  assert.equal(got.code, want.code, `exit code differs: ${label}`);
  return got;
}

/** Run jobs with at most `limit` at a time; the first failure is rethrown. */
async function inParallel(jobs: (() => Promise<unknown>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) await jobs[next++]!();
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

// Data every differential case starts from.
async function seed(port: number): Promise<void> {
  const c = await RawClient.connect(port);
  try {
    await c.call('FLUSHALL');
    await c.call('SET', 'foo', 'bar');
    await c.call('SET', 'bin', Buffer.from([0x00, 0x01, 0xff, 0x22, 0x5c, 0x0a, 0x41]));
    await c.call('SET', 'n', '10');
    await c.call('SET', 'e', '');
    await c.call('SELECT', '2');
    await c.call('SET', 'indb2', 'yes');
  } finally {
    c.close();
  }
}

const PIPED_SESSION = [
  'set a 1', 'get a', 'get nokey', 'incr a', 'incrby a x', 'get foo', 'get bin', 'get e',
  'mget foo nokey bin', 'exists foo nokey', 'keys nomatch*', 'nosuchcmd arg "two words"',
  '"unbalanced', "get 'foo'", 'set "sp ace" "a\\tb\\x41"', 'get "sp ace"', '   ', '',
  '3 incr n', '0 ping', '-2 ping', '2x ping', 'ping "hello world"', 'echo "\\xe2\\x82\\xac"',
  'select 2', 'get indb2', 'multi', 'incr n', 'ping', 'exec', 'multi', 'discard', 'select 0',
  'object encoding n', 'strlen bin', 'getrange bin 0 2', 'ttl foo', 'type foo', 'dbsize',
  ':set hints', ':set foo', ':foo', 'restart', 'connect', 'quit', 'ping',
].join('\n') + '\n';

const RESP3_SESSION = [
  'debug protocol map', 'debug protocol set', 'debug protocol double', 'debug protocol verbatim',
  'debug protocol true', 'debug protocol false', 'debug protocol null', 'command docs get',
  'lrange nokey 0 -1', 'hgetall nokey', 'smembers nokey', 'get foo', 'get nokey', 'mget foo nokey', 'config get maxmemory-polic*',
  'command info get', 'echo x', 'exists foo', 'debug protocol push', 'get foo',
].join('\n');

// Reply shapes from across the command set (nested arrays, RESP3 maps inside arrays,
// doubles, empty aggregates, Lua conversions), on data seeded by SHAPES_SEED.
const SHAPES_SEED: string[][] = [
  ['FLUSHALL'], ['XADD', 's', '1-1', 'a', '1', 'b', '2'], ['XADD', 's', '2-1', 'c', 'x y'],
  ['ZADD', 'z', '1', 'a', '2.5', 'b', '3e10', 'c', '-inf', 'd'], ['HSET', 'h', 'f1', 'v1', 'f2', 'multi word', 'f3', ''],
  ['RPUSH', 'l', 'a', 'b', 'c'], ['SADD', 'st', '1', '2', '3'],
  ['GEOADD', 'g', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania'], ['SET', 'cnt', '5'],
];
const SHAPES_SESSION = [
  'xrange s - +', 'xinfo stream s', 'xinfo stream s full', 'xread count 2 streams s 0', 'zrange z 0 -1 withscores',
  'zscore z b', 'zmscore z a nokey', 'zpopmin nokey', 'hgetall h', 'geopos g Palermo nokey',
  'geosearch g fromlonlat 15 37 byradius 200 km withcoord withdist asc', 'geodist g Palermo Catania',
  'acl getuser default', 'command getkeysandflags set a b', 'command info set xadd', 'lpos l b', 'sintercard 1 st',
  'smismember st 1 9', 'function list', 'lmpop 1 nokey left', 'zmpop 1 z min count 2', 'blpop nokey 0.01',
  `eval "return {1, 'a', {2, {}}, false, true}" 0`, `eval "return redis.call('hgetall', KEYS[1])" 1 h`,
].join('\n') + '\n';

test('formatter: terminal shapes match redis-cli', () => {
  const r = (type: number, str = '', elements: Reply[] = [], integer = 0n): Reply => ({ type, str, integer, elements });
  const S = (s: string): Reply => r(1, s);
  const I = (n: bigint): Reply => r(3, '', [], n);
  // Nested array (COMMAND INFO-like) with two-digit indexes.
  const inner = r(2, '', [S('x'), r(2, '', [S('y'), S('z')]), r(2)]);
  const big = r(2, '', Array.from({ length: 10 }, (_, i) => (i === 0 ? inner : I(BigInt(i)))));
  assert.equal(
    formatTTY(big),
    ' 1) 1) "x"\n    2) 1) "y"\n       2) "z"\n    3) (empty array)\n 2) (integer) 1\n 3) (integer) 2\n 4) (integer) 3\n' +
      ' 5) (integer) 4\n 6) (integer) 5\n 7) (integer) 6\n 8) (integer) 7\n 9) (integer) 8\n10) (integer) 9\n',
  );
  // Map whose value is multi-line starts that value on the next line.
  const map = r(9, '', [S('get'), r(9, '', [S('summary'), S('Get'), S('args'), r(2, '', [S('a'), S('b')])]), S('k'), r(2)]);
  assert.equal(
    formatTTY(map),
    '1# "get" => \n   1# "summary" => "Get"\n   2# "args" => \n      1) "a"\n      2) "b"\n2# "k" => (empty array)\n',
  );
  assert.equal(formatTTY(r(10, '', [I(1n), S('a')])), '1~ (integer) 1\n2~ "a"\n');
  assert.equal(formatTTY(r(8, '', [], 1n)), '(true)\n');
  assert.equal(formatTTY(r(7, '3.141')), '(double) 3.141\n');
  assert.equal(formatTTY(r(14, 'plain\ntext')), 'plain\ntext\n');
  assert.equal(formatTTY(S('\x00\x01\xff"\\\n\r\t\x07\b~')), '"\\x00\\x01\\xff\\"\\\\\\n\\r\\t\\a\\b~"\n');
  assert.equal(formatTTY(r(6, 'ERR x')), '(error) ERR x\n');
  assert.equal(formatTTY(r(4)), '(nil)\n');
  assert.equal(formatTTY(r(9)), '(empty hash)\n');
  assert.equal(formatTTY(r(10)), '(empty set)\n');
  assert.throws(() => formatTTY(r(13, '123')), /Unknown reply type: 13/);
  assert.equal(formatRaw(map), 'get summary Get\nargs a\nb\nk ');
  assert.equal(formatRaw(r(2, '', [S('a'), r(4), I(5n)]), ','), 'a,,5');
  assert.equal(formatCSV(r(2, '', [S('a"b'), r(4), I(5n), r(8, '', [], 0n)])), '"a\\"b",NULL,5,false');
});

test('reply reader: RESP2/RESP3 fed byte by byte', () => {
  const wire = Buffer.concat([
    Buffer.from('*3\r\n$3\r\nfoo\r\n*-1\r\n%1\r\n+k\r\n~2\r\n:1\r\n,1.5\r\n', 'latin1'),
    Buffer.from('=8\r\ntxt:abcd\r\n#t\r\n_\r\n!5\r\nERR x\r\n(123\r\n>2\r\n$1\r\na\r\n*0\r\n$-1\r\n', 'latin1'),
  ]);
  const reader = new ReplyReader();
  const got: Reply[] = [];
  for (const b of wire) {
    reader.feed(Buffer.from([b]));
    for (let r = reader.next(); r !== undefined; r = reader.next()) got.push(r);
  }
  assert.deepEqual(got.map((r) => r.type), [2, 14, 8, 4, 6, 13, 12, 4]);
  assert.equal(formatTTY(got[0]!), '1) "foo"\n2) (nil)\n3) 1# k => \n      1~ (integer) 1\n      2~ (double) 1.5\n');
  assert.equal(got[1]!.str, 'abcd');
  assert.equal(formatTTY(got[6]!), '1) "a"\n2) (empty array)\n');
  const bad = new ReplyReader();
  bad.feed(Buffer.from('|1\r\n'));
  assert.throws(() => bad.next(), /Protocol error, got "\|" as reply type byte/);
});

test('differential against redis-server: one-shot commands, raw and tty', async (t) => {
  if (!hasRedis() || !hasRedisCli()) return t.skip(NO_REDIS_MESSAGE);
  const redis = await startRedis();
  const reset = (): Promise<void> => seed(redis.port);
  try {
    await reset();
    // Read-only cases run both clients at once.
    // (Plain reply shapes are covered by the piped sessions; these are the option paths.)
    const readOnly: [string[], boolean][] = [
      [['get', 'bin'], true], [['-e', 'nosuchcmd'], true], [['-e', 'get', 'foo'], false],
      [['-3', 'debug', 'protocol', 'bignum'], false], [['-3', 'debug', 'protocol', 'attrib'], false],
      [['-3', 'debug', 'protocol', 'push'], true], [['-n', '2', 'get', 'indb2'], false], [['-n', '99', 'ping'], false],
      [['--csv', 'mget', 'foo', 'nokey', 'bin'], false], [['-d', ',', '-D', ';', 'mget', 'foo', 'nokey', 'n'], false],
      [['--no-raw', 'mget', 'foo', 'bin'], false], [['--raw', 'mget', 'foo', 'bin'], true],
      [['--quoted-input', 'get', '"b\\x00"'], false], [['--bogus'], false], [['-u', 'http://x', 'ping'], false],
      [['help', 'get'], false],
    ];
    const jobs: (() => Promise<unknown>)[] = [];
    for (const [args, tty] of readOnly) {
      jobs.push(() => same(redis.port, null, args));
      if (tty) jobs.push(() => same(redis.port, null, args, { tty: true }));
    }
    await inParallel(jobs, 3);
    await same(redis.port, reset, ['--pipe'], { input: 'SET a 1\r\nINCR a\r\nFOO\r\n*1\r\n$4\r\nPING\r\n' });
    await same(redis.port, reset, ['-r', '3', 'incr', 'n']);
    await same(redis.port, reset, ['-r', '3', 'incr', 'n'], { tty: true });
    // -x / -X take the value from stdin, bytes intact.
    const bytes = Buffer.from([0x68, 0x00, 0xff, 0x0a, 0x22]);
    await same(redis.port, reset, ['-x', 'set', 'fromstdin'], { input: bytes });
    await same(redis.port, reset, ['-X', 'TAG', 'set', 'fromstdin', 'TAG'], { input: bytes });
    await same(redis.port, null, ['-X', 'TAG', 'set', 'fromstdin', 'nottag'], { input: bytes });
    // --latency without a terminal: one "min max avg samples" line after -i seconds.
    const lat = await tsCli(['-p', String(redis.port), '--latency', '-i', '0.2']);
    assert.match(lat.out, /^\d+ \d+ \d+\.\d\d \d+\n$/);
    const latCsv = await tsCli(['-p', String(redis.port), '--latency', '--csv', '-i', '0.2']);
    assert.match(latCsv.out, /^\d+,\d+,\d+\.\d\d,\d+\n$/);
    // --stat: redis-cli's header and one row per interval (stopped after two rows).
    const stat = await new Promise<string>((resolve, reject) => {
      const p = spawn(process.execPath, [CLI, '-p', String(redis.port), '--stat', '-i', '0.05']);
      let text = '';
      p.stdout.on('data', (d: Buffer) => {
        text += d.toString('latin1');
        if (text.split('\n').length > 4) p.kill();
      });
      const timer = setTimeout(() => p.kill('SIGKILL'), 10000);
      p.on('error', reject);
      p.on('close', () => {
        clearTimeout(timer);
        resolve(text);
      });
    });
    const rows = stat.split('\n');
    assert.equal(rows[0], '------- data ------ --------------------- load -------------------- - child -');
    assert.equal(rows[1], 'keys       mem      clients blocked requests            connections          ');
    assert.match(rows[2]!, /^\d+ +\d+\.\d\d[KM] +1 {7}0 {7}\d+ \(\+0\) +\d+ +$/);
    // Binary command-line argument bytes reach the server unchanged.
    await reset();
    await tsCli(['-p', String(redis.port), 'set', 'utf', 'h\u00e9llo \u20ac']);
    const c = await RawClient.connect(redis.port);
    assert.equal(await c.call('GET', 'utf'), '$10\r\nh\xc3\xa9llo \xe2\x82\xac\r\n');
    c.close();
  } finally {
    await redis.close();
  }
});

test('differential against redis-server: piped sessions (no tty stdin)', async (t) => {
  if (!hasRedis() || !hasRedisCli()) return t.skip(NO_REDIS_MESSAGE);
  const redis = await startRedis();
  const reset = (): Promise<void> => seed(redis.port);
  try {
    for (const tty of [false, true]) {
      await same(redis.port, reset, [], { input: PIPED_SESSION, tty });
      await same(redis.port, reset, ['-e'], { input: PIPED_SESSION, tty });
      await same(redis.port, null, ['-3'], { input: RESP3_SESSION, tty });
      const shapes = async (): Promise<void> => {
        const c = await RawClient.connect(redis.port);
        for (const cmd of SHAPES_SEED) await c.call(...cmd);
        c.close();
      };
      await same(redis.port, shapes, [], { input: SHAPES_SESSION, tty });
      await same(redis.port, shapes, ['-3'], { input: SHAPES_SESSION, tty });
      // Client-side caching invalidations arrive as RESP3 pushes (shown only on a tty).
      await same(redis.port, reset, ['-3'], { input: 'client tracking on\nget foo\nset foo x\nget foo\nset foo y\nping\n', tty });
      await same(redis.port, null, ['-3'], { input: 'get foo\nmget foo nokey\nhgetall nokey\nhelp get\nhelp nosuch', tty });
    }
  } finally {
    await redis.close();
  }
});

test('differential against redis-server: auth, URI and connection errors', async (t) => {
  if (!hasRedis() || !hasRedisCli()) return t.skip(NO_REDIS_MESSAGE);
  const redis = await startRedis(['--requirepass', 'secret']);
  const reset = null;
  try {
    const p = String(redis.port);
    for (const args of [
      ['-a', 'bad', 'ping'], ['--no-auth-warning', '-a', 'secret', 'ping'],
      ['--user', 'default', '--pass', 'secret', 'ping'], ['ping'], ['-a', 'secret', '-n', '99', 'ping'],
      ['-u', `redis://default:secret@127.0.0.1:${p}/3`, 'client', 'list', 'id', '999999'],
      ['-u', `redis://:secret@127.0.0.1:${p}`, 'ping'], ['-a', 'secret', '-3', 'ping'],
    ]) {
      await same(redis.port, reset, args);
    }
    await same(redis.port, reset, ['-a', 'secret'], { input: 'ping\nauth wrong\nauth secret\nping\n' });
    const dead = await freePort();
    for (const args of [['-p', String(dead), 'ping'], ['-s', '/nonexistent/sock', 'ping']]) {
      const want = await redisCli(args);
      const got = await tsCli(args);
      assert.deepEqual(got, want);
      assert.equal(got.code, 1);
    }
    // Without a server, help falls back to tsredis's own command table.
    const offline = await tsCli(['-p', String(dead), 'help', 'get']);
    assert.match(offline.out.replace(/\x1b\[[0-9;]*m/g, ''), /^\r\n {2}GET key\r\n {2}summary: .+\r\n {2}since: 1\.0\.0\r\n {2}group: string\r\n\r\n$/);
    // A prompt session reports the refused connection at start and on every command.
    const want = await redisCli(['-p', String(dead)], 'ping\nping\n');
    const got = await tsCli(['-p', String(dead)], 'ping\nping\n');
    assert.deepEqual(got, want);
  } finally {
    await redis.close();
  }
});

test('differential against redis-server over a unix socket', async (t) => {
  if (!hasRedis() || !hasRedisCli()) return t.skip(NO_REDIS_MESSAGE);
  const sock = path.join(os.tmpdir(), `tsredis-cli-test-${process.pid}.sock`);
  const redis = await startRedis(['--unixsocket', sock]);
  try {
    await same(redis.port, null, ['-s', sock, 'ping'], { tty: true });
    await same(redis.port, null, ['-s', sock, '-n', '3'], { input: 'ping\nselect 2\nget nokey\n' });
  } finally {
    await redis.close();
    fs.rmSync(sock, { force: true });
  }
});

test('differential with tsredis as the server', async (t) => {
  if (!hasRedisCli()) return t.skip('redis-cli not installed');
  const ts = await startTsredis();
  const reset = async (): Promise<void> => {
    const c = await RawClient.connect(ts.port);
    await c.call('FLUSHALL');
    await c.call('SET', 'foo', 'bar');
    c.close();
  };
  try {
    await reset();
    for (const args of [['get', 'foo'], ['-e', 'nosuchcmd'], ['-n', '99', 'ping']]) await same(ts.port, null, args, { tty: true });
    for (const tty of [false, true]) {
      await same(ts.port, reset, [], { input: 'set a 1\nincr a\nget a\nget nokey\nnosuchcmd\nselect 1\nget a\nmulti\nping\nexec\n', tty });
    }
  } finally {
    await ts.close();
  }
});

test('server closing the connection: same messages and exit codes', async (t) => {
  if (!hasRedisCli()) return t.skip('redis-cli not installed');
  // Answers the first command with +PONG, then closes on the next one.
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((s) => {
    sockets.add(s);
    let n = 0;
    s.on('data', () => {
      n++;
      if (n === 1) s.write('+PONG\r\n');
      else s.destroy();
    });
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  try {
    for (const input of ['ping\nping\nping\n', null]) {
      const args = input === null ? ['-p', String(port), '-r', '2', 'ping'] : ['-p', String(port)];
      const want = await redisCli(args, input);
      const got = await tsCli(args, input);
      assert.deepEqual(got, want, `input ${String(input)}`);
    }
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => srv.close(() => r()));
  }
});

test('terminal REPL under a pseudo-terminal: prompt, db suffix, history', async (t) => {
  if (spawnSync('script', ['--version']).status !== 0) return t.skip('script(1) not available');
  const ts = hasRedis() ? await startRedis() : await startTsredis();
  try {
    fs.rmSync(HIST, { force: true });
    const lines = ['set foo bar', 'get foo', 'select 1', 'multi', 'ping', 'exec', 'auth nope', 'quit'];
    const cmd = `${process.execPath} ${CLI} -p ${ts.port}`;
    const out = await new Promise<string>((resolve, reject) => {
      const p = spawn('script', ['-qfc', cmd, '/dev/null'], { env: { ...process.env, TSREDISCLI_HISTFILE: HIST }, stdio: ['pipe', 'pipe', 'pipe'] });
      const chunks: Buffer[] = [];
      p.stdout.on('data', (d: Buffer) => chunks.push(d));
      p.on('error', reject);
      const timer = setTimeout(() => p.kill('SIGKILL'), 10000);
      p.on('close', () => {
        clearTimeout(timer);
        resolve(Buffer.concat(chunks).toString('latin1'));
      });
      // Type one line at a time, waiting for each prompt.
      let i = 0;
      let seen = '';
      p.stdout.on('data', (d: Buffer) => {
        seen += d.toString('latin1');
        if (i < lines.length && /> (\x1b\[\d+G)?$/.test(seen)) {
          seen = '';
          p.stdin.write(lines[i++] + '\r');
        }
      });
    });
    const text = out.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');
    assert.match(text, new RegExp(`127\\.0\\.0\\.1:${ts.port}> set foo bar\nOK\n`));
    assert.match(text, /get foo\n"bar"\n/);
    if (hasRedis()) {
      assert.match(text, new RegExp(`127\\.0\\.0\\.1:${ts.port}\\[1\\]\\(TX\\)> ping\nQUEUED\n`));
      assert.match(text, /exec\n1\) PONG\n/);
    }
    // AUTH lines never reach the history file.
    assert.equal(fs.readFileSync(HIST, 'utf8'), 'set foo bar\nget foo\nselect 1\nmulti\nping\nexec\nquit\n');
  } finally {
    fs.rmSync(HIST, { force: true });
    await ts.close();
  }
});
