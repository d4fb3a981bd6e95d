// AOF persistence (Redis 7.0 multi-part AOF): file layout and bytes against redis-server,
// loading in both directions, truncation, rewrites, CONFIG SET appendonly, and a
// durability test that SIGKILLs the server under appendfsync always.

import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RawClient, encodeCommand, freePort, hasRedis, NO_REDIS_MESSAGE, sleep, spawnRedisServer, startTsredis, waitFor, type RealRedis } from '../helpers.js';
import type { RunningServer } from '../../src/index.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli/server-main.js');

function tmpDir(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tsredis-aof-${tag}-`));
}

const aofDir = (dir: string): string => path.join(dir, 'appendonlydir');
const readAof = (dir: string, name: string): string => fs.readFileSync(path.join(aofDir(dir), name), 'latin1');
const listAof = (dir: string): string[] => fs.readdirSync(aofDir(dir)).sort();

/**
 * redis-server with the AOF on. appendfsync always: under everysec Redis may postpone a
 * write while a background fsync runs, and these servers are stopped with SIGKILL.
 */
async function startRedisAof(dir: string, extra: string[] = []): Promise<RealRedis> {
  const port = await freePort();
  const r = await spawnRedisServer(['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', dir, '--daemonize', 'no', '--enable-debug-command', 'yes', '--loglevel', 'warning', '--appendfsync', 'always', ...extra], port);
  // spawnRedisServer returns at the first reply, which may be -LOADING.
  const c = await RawClient.connect(port);
  try {
    for (let i = 0; (await c.call('PING')) !== '+PONG\r\n'; i++) {
      if (i > 250) throw new Error('redis-server still loading');
      await sleep(20);
    }
  } finally {
    c.close();
  }
  return r;
}

async function tsAof(dir: string, extra: Record<string, string> = {}): Promise<RunningServer> {
  return startTsredis({ appendonly: 'yes', dir, save: '', enableDebugCommand: 'yes', ...extra });
}

/** The same write workload for both servers (no relative TTLs: their PXAT would differ). */
const WORKLOAD: string[][] = [
  ['SET', 'a', '1'],
  ['INCR', 'a'],
  ['SELECT', '3'],
  ['RPUSH', 'l', 'x', 'y', 'z'],
  ['HSET', 'h', 'f1', 'v1', 'f2', 'v2'],
  ['SADD', 's', 'm1', 'm2', '3'],
  ['ZADD', 'z', '1.5', 'one', '2', 'two'],
  ['SET', 'bin', 'a\r\nb\x00c\xff'],
  ['SET', 'ttl', 'v', 'PXAT', '4102444800000'],
  ['MULTI'],
  ['SET', 'm1', 'x'],
  ['LPUSH', 'l', 'w'],
  ['EXEC'],
  ['SELECT', '0'],
  ['DEL', 'nosuchkey'],
  ['APPEND', 'a', 'zz'],
  ['EXPIREAT', 'a', '4102444800'],
  ['GET', 'a'],
];

async function runWorkload(port: number): Promise<string[]> {
  const c = await RawClient.connect(port);
  const out: string[] = [];
  try {
    for (const cmd of WORKLOAD) out.push(await c.call(...cmd));
  } finally {
    c.close();
  }
  return out;
}

async function digest(port: number): Promise<string> {
  const c = await RawClient.connect(port);
  try {
    return await c.call('DEBUG', 'DIGEST');
  } finally {
    c.close();
  }
}

test('appendonly yes: layout, manifest and INCR bytes identical to redis-server', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const dTs = tmpDir('ts');
  const dRe = tmpDir('re');
  // appendfsync always: with everysec Redis may postpone a write while a background fsync
  // runs, so its file can lag behind its replies for up to 2 s.
  const ts = await tsAof(dTs, { appendfsync: 'always' });
  const re = await startRedisAof(dRe, ['--appendfsync', 'always']);
  try {
    const a = await runWorkload(ts.port);
    const b = await runWorkload(re.port);
    assert.deepEqual(a, b);
    assert.deepEqual(listAof(dTs), listAof(dRe));
    assert.equal(readAof(dTs, 'appendonly.aof.manifest'), readAof(dRe, 'appendonly.aof.manifest'));
    assert.equal(readAof(dTs, 'appendonly.aof.manifest'), 'file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n');
    assert.equal(readAof(dTs, 'appendonly.aof.1.incr.aof'), readAof(dRe, 'appendonly.aof.1.incr.aof'));
    // INFO persistence: the same aof_* fields.
    const c1 = await RawClient.connect(ts.port);
    const c2 = await RawClient.connect(re.port);
    const keys = (s: string): string[] => s.split('\r\n').filter((l) => l.startsWith('aof_')).map((l) => l.split(':')[0]!);
    const i1 = await c1.call('INFO', 'persistence');
    const i2 = await c2.call('INFO', 'persistence');
    assert.deepEqual(keys(i1), keys(i2));
    assert.match(i1, /aof_enabled:1\r\n/);
    const size = (s: string): string => /aof_current_size:(\d+)/.exec(s)![1]!;
    assert.equal(size(i1), size(i2));
    c1.close();
    c2.close();
  } finally {
    await ts.close();
    await re.close();
    fs.rmSync(dTs, { recursive: true, force: true });
    fs.rmSync(dRe, { recursive: true, force: true });
  }
});

test('tsredis reloads its own AOF (base + INCR), and redis-server loads it too', async (t) => {
  const dir = tmpDir('reload');
  try {
    let ts = await tsAof(dir);
    await runWorkload(ts.port);
    const d1 = await digest(ts.port);
    await ts.close();
    ts = await tsAof(dir);
    assert.equal(await digest(ts.port), d1);
    // A rewrite, then more writes in the new INCR file.
    const c = await RawClient.connect(ts.port);
    assert.equal(await c.call('BGREWRITEAOF'), '+Background append only file rewriting started\r\n');
    await waitFor(() => readAof(dir, 'appendonly.aof.manifest').includes('seq 2 type b'), 5000, 'rewrite');
    assert.equal(readAof(dir, 'appendonly.aof.manifest'), 'file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n');
    await waitFor(() => listAof(dir).length === 3, 5000, 'history removed');
    assert.deepEqual(listAof(dir), ['appendonly.aof.2.base.rdb', 'appendonly.aof.2.incr.aof', 'appendonly.aof.manifest']);
    await c.call('SET', 'after', 'rewrite');
    await c.call('ZADD', 'z2', '3', 'c');
    const d2 = await c.call('DEBUG', 'DIGEST');
    assert.notEqual(d2, d1);
    c.close();
    await ts.close();
    ts = await tsAof(dir);
    assert.equal(await digest(ts.port), d2);
    await ts.close();
    if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
    const re = await startRedisAof(dir);
    try {
      assert.equal(await digest(re.port), d2);
    } finally {
      await re.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

for (const preamble of ['yes', 'no']) {
  test(`tsredis loads an AOF directory written by redis-server (aof-use-rdb-preamble ${preamble})`, async (t) => {
    if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
    const dir = tmpDir('fromredis');
    try {
      const re = await startRedisAof(dir, ['--aof-use-rdb-preamble', preamble]);
      let want: string;
      try {
        await runWorkload(re.port);
        const c = await RawClient.connect(re.port);
        await c.call('BGREWRITEAOF');
        await waitFor(() => readAof(dir, 'appendonly.aof.manifest').includes('seq 2 type b'), 5000, 'redis rewrite');
        for (let i = 0; i < 50; i++) await c.call('RPUSH', 'big', `item-${i}`);
        await c.call('SELECT', '5');
        await c.call('HSET', 'h5', 'f', 'v');
        want = await c.call('DEBUG', 'DIGEST');
        c.close();
      } finally {
        await re.close();
      }
      assert.ok(listAof(dir).includes(`appendonly.aof.2.base.${preamble === 'yes' ? 'rdb' : 'aof'}`));
      const ts = await tsAof(dir, { aofUseRdbPreamble: preamble });
      try {
        assert.equal(await digest(ts.port), want);
        // It keeps appending to redis's INCR file.
        const c = await RawClient.connect(ts.port);
        await c.call('SET', 'more', 'x');
        c.close();
      } finally {
        await ts.close();
      }
      assert.match(readAof(dir, 'appendonly.aof.2.incr.aof'), /\*3\r\n\$3\r\nSET\r\n\$4\r\nmore\r\n\$1\r\nx\r\n$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('aof-use-rdb-preamble no: tsredis writes a commands base that redis-server loads', async (t) => {
  const dir = tmpDir('cmdbase');
  try {
    const ts = await tsAof(dir, { aofUseRdbPreamble: 'no' });
    let want: string;
    try {
      await runWorkload(ts.port);
      const c = await RawClient.connect(ts.port);
      for (let i = 0; i < 100; i++) await c.call('ZADD', 'bigz', String(i / 3), `m${i}`);
      assert.equal(await c.call('BGREWRITEAOF'), '+Background append only file rewriting started\r\n');
      await waitFor(() => readAof(dir, 'appendonly.aof.manifest').includes('seq 2 type b'), 5000, 'rewrite');
      want = await c.call('DEBUG', 'DIGEST');
      c.close();
    } finally {
      await ts.close();
    }
    assert.ok(listAof(dir).includes('appendonly.aof.2.base.aof'));
    assert.match(readAof(dir, 'appendonly.aof.2.base.aof'), /^\*2\r\n\$6\r\nSELECT\r\n/);
    const ts2 = await tsAof(dir, { aofUseRdbPreamble: 'no' });
    try {
      assert.equal(await digest(ts2.port), want);
    } finally {
      await ts2.close();
    }
    if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
    const re = await startRedisAof(dir, ['--aof-use-rdb-preamble', 'no']);
    try {
      assert.equal(await digest(re.port), want);
    } finally {
      await re.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('truncated last INCR file: loaded and cut with aof-load-truncated yes, fatal with no', async () => {
  const dir = tmpDir('trunc');
  try {
    let ts = await tsAof(dir);
    const c = await RawClient.connect(ts.port);
    await c.call('SET', 'k1', 'v1');
    await c.call('MULTI');
    await c.call('SET', 'k2', 'v2');
    await c.call('SET', 'k3', 'v3');
    await c.call('EXEC');
    c.close();
    await ts.close();
    const incr = path.join(aofDir(dir), 'appendonly.aof.1.incr.aof');
    const good = fs.readFileSync(incr, 'latin1');
    // A MULTI whose EXEC never made it: reverted to before the MULTI.
    const cut = good.slice(0, good.lastIndexOf('*1\r\n$4\r\nEXEC'));
    fs.writeFileSync(incr, cut + '*3\r\n$3\r\nSET\r\n$2\r\nk4', 'latin1');
    await assert.rejects(tsAof(dir, { aofLoadTruncated: 'no' }), /Unexpected end of file reading the append only file appendonly\.aof\.1\.incr\.aof/);
    ts = await tsAof(dir);
    const d = await RawClient.connect(ts.port);
    assert.equal(await d.call('MGET', 'k1', 'k2', 'k3', 'k4'), '*4\r\n$2\r\nv1\r\n$-1\r\n$-1\r\n$-1\r\n');
    d.close();
    await ts.close();
    assert.equal(fs.readFileSync(incr, 'latin1'), good.slice(0, good.indexOf('*1\r\n$5\r\nMULTI')));
    // Garbage is a format error.
    fs.appendFileSync(incr, 'xyz\r\n');
    await assert.rejects(tsAof(dir), /Bad file format reading the append only file appendonly\.aof\.1\.incr\.aof/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('CONFIG SET appendonly yes/no at runtime; BGREWRITEAOF with the AOF off (same files as redis-server)', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const dTs = tmpDir('cfgts');
  const dRe = tmpDir('cfgre');
  const ts = await startTsredis({ dir: dTs, save: '', appendfsync: 'always' });
  const rport = await freePort();
  const re = await spawnRedisServer(['--port', String(rport), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--appendfsync', 'always', '--dir', dRe, '--loglevel', 'warning'], rport);
  try {
    const c1 = await RawClient.connect(ts.port);
    const c2 = await RawClient.connect(re.port);
    const both = async (...a: string[]): Promise<string> => {
      const [x, y] = [await c1.call(...a), await c2.call(...a)];
      assert.equal(x, y, a.join(' '));
      return x;
    };
    await both('SET', 'before', '1');
    await both('CONFIG', 'SET', 'appendonly', 'yes');
    const manifestHas = (d: string, s: string) => (): boolean => fs.existsSync(path.join(aofDir(d), 'appendonly.aof.manifest')) && readAof(d, 'appendonly.aof.manifest').includes(s);
    await waitFor(manifestHas(dTs, 'type i'), 5000, 'tsredis aof on');
    await waitFor(manifestHas(dRe, 'type i'), 5000, 'redis aof on');
    assert.equal(readAof(dTs, 'appendonly.aof.manifest'), readAof(dRe, 'appendonly.aof.manifest'));
    await both('SET', 'after', '2');
    await sleep(50);
    assert.equal(readAof(dTs, 'appendonly.aof.1.incr.aof'), readAof(dRe, 'appendonly.aof.1.incr.aof'));
    await both('CONFIG', 'SET', 'appendonly', 'no');
    await both('SET', 'off', '3');
    assert.equal(readAof(dTs, 'appendonly.aof.1.incr.aof'), readAof(dRe, 'appendonly.aof.1.incr.aof'));
    assert.match(await c1.call('INFO', 'persistence'), /aof_enabled:0\r\n/);
    await both('BGREWRITEAOF');
    await waitFor(manifestHas(dTs, 'seq 2 type b'), 5000, 'tsredis rewrite');
    await waitFor(manifestHas(dRe, 'seq 2 type b'), 5000, 'redis rewrite');
    await waitFor(() => listAof(dTs).length === 2 && listAof(dRe).length === 2, 5000, 'history removed');
    assert.equal(readAof(dTs, 'appendonly.aof.manifest'), readAof(dRe, 'appendonly.aof.manifest'));
    assert.deepEqual(listAof(dTs), listAof(dRe));
    c1.close();
    c2.close();
  } finally {
    await ts.close();
    await re.close();
    fs.rmSync(dTs, { recursive: true, force: true });
    fs.rmSync(dRe, { recursive: true, force: true });
  }
});

for (const preamble of ['yes', 'no']) test(`BGREWRITEAOF while writes continue (aof-use-rdb-preamble ${preamble}): point-in-time base + new INCR reload to the same data`, async () => {
  const dir = tmpDir('concurrent');
  try {
    let ts = await tsAof(dir, { aofUseRdbPreamble: preamble });
    const c = await RawClient.connect(ts.port);
    const batch: Buffer[] = [];
    for (let i = 0; i < 10000; i++) batch.push(encodeCommand(['SET', `key:${i}`, `value-${i}`]));
    for (let i = 0; i < 200; i++) batch.push(encodeCommand(['RPUSH', 'list', ...Array.from({ length: 50 }, (_, j) => `e${i}-${j}`)]));
    c.write(Buffer.concat(batch));
    for (let i = 0; i < batch.length; i++) await c.readReply();
    assert.equal(await c.call('BGREWRITEAOF'), '+Background append only file rewriting started\r\n');
    // Writes while the snapshot is being taken.
    for (let i = 0; i < 200; i++) {
      await c.call('SET', `key:${i * 7}`, `new-${i}`);
      await c.call('DEL', `key:${i * 7 + 1}`);
      await c.call('LPOP', 'list');
    }
    await waitFor(() => readAof(dir, 'appendonly.aof.manifest').includes('seq 2 type b'), 10000, 'rewrite');
    const want = await c.call('DEBUG', 'DIGEST');
    c.close();
    await ts.close();
    ts = await tsAof(dir, { aofUseRdbPreamble: preamble });
    assert.equal(await digest(ts.port), want);
    await ts.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** tsredis-server as a child process (killable). */
async function spawnTs(args: string[]): Promise<{ proc: ChildProcess; port: number }> {
  const port = await freePort();
  const proc = spawn(process.execPath, [BIN, '--port', String(port), '--bind', '127.0.0.1', '--loglevel', 'warning', ...args], { stdio: 'ignore' });
  for (let i = 0; ; i++) {
    try {
      const c = await RawClient.connect(port);
      await c.call('PING');
      c.close();
      return { proc, port };
    } catch (e) {
      if (i > 300 || proc.exitCode !== null) {
        proc.kill('SIGKILL');
        throw e;
      }
      await sleep(25);
    }
  }
}

test('durability: appendfsync always keeps every acknowledged write across SIGKILL', async () => {
  const dir = tmpDir('kill');
  const args = ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir, '--save', ''];
  let { proc, port } = await spawnTs(args);
  try {
    // Several connections writing concurrently; the kill lands while writes are in flight.
    const acked = new Map<string, string>();
    let stop = false;
    const writer = async (w: number): Promise<void> => {
      const c = await RawClient.connect(port);
      try {
        for (let i = 0; !stop; i++) {
          const key = `w${w}:${i}`;
          const value = `v${i}-${'x'.repeat(i % 50)}`;
          const r = await c.call('SET', key, value);
          if (r === '+OK\r\n') acked.set(key, value);
          if (i % 10 === 0) {
            const n = await c.call('INCR', `counter${w}`);
            acked.set(`counter${w}`, n.slice(1, -2));
          }
        }
      } catch {
        // the connection died with the server
      } finally {
        c.close();
      }
    };
    const writers = [0, 1, 2, 3].map((w) => writer(w));
    await waitFor(() => acked.size > 400, 10000, 'writes');
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGKILL');
    await exited;
    stop = true;
    await Promise.all(writers);
    ({ proc, port } = await spawnTs(args));
    const c = await RawClient.connect(port);
    let missing = 0;
    for (const [k, v] of acked) {
      const r = await c.call('GET', k);
      if (k.startsWith('counter')) {
        // The INCR acknowledged last may be followed by one unacknowledged; never fewer.
        assert.ok(Number(r.split('\r\n')[1]) >= Number(v), `${k}: ${r} < ${v}`);
      } else if (r !== `$${v.length}\r\n${v}\r\n`) {
        missing++;
      }
    }
    c.close();
    assert.equal(missing, 0, `${missing} acknowledged writes lost`);
  } finally {
    proc.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('aof-use-rdb-preamble no: the rewritten base is byte-identical to redis-server (functions, batches, HMSET, ZADD scores, PEXPIREAT); sizes after load', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const dTs = tmpDir('cbts');
  const dRe = tmpDir('cbre');
  const ts = await tsAof(dTs, { aofUseRdbPreamble: 'no' });
  const re = await startRedisAof(dRe, ['--aof-use-rdb-preamble', 'no']);
  const info = async (port: number): Promise<string> => {
    const c = await RawClient.connect(port);
    try {
      const s = await c.call('INFO', 'persistence');
      return (/aof_current_size:\d+\r\naof_base_size:\d+/.exec(s) ?? ['?'])[0];
    } finally {
      c.close();
    }
  };
  try {
    for (const port of [ts.port, re.port]) {
      const c = await RawClient.connect(port);
      // One key per db: the file order does not depend on hash table order.
      const cmds: string[][] = [
        ['FUNCTION', 'LOAD', "#!lua name=mylib\nredis.register_function('f', function() return 1 end)"],
        ['RPUSH', 'l', ...Array.from({ length: 70 }, (_, i) => String(i))],
        ['SELECT', '1'],
        ['HSET', 'h', 'a', '1', 'b', '2'],
        ['SELECT', '2'],
        ['ZADD', 'z', '1.5', 'a', '0.1', 'b', '3', 'c', 'inf', 'd'],
        ['SELECT', '3'],
        ['SET', 's', 'v', 'PXAT', '4102444800000'],
        ['SELECT', '4'],
        ['SADD', 'st', '1', '2', '3'],
        ['BGREWRITEAOF'],
      ];
      for (const cmd of cmds) await c.call(...cmd);
      c.close();
    }
    for (const d of [dTs, dRe]) await waitFor(() => readAof(d, 'appendonly.aof.manifest').includes('seq 2 type b'), 5000, 'rewrite');
    assert.equal(readAof(dTs, 'appendonly.aof.2.base.aof'), readAof(dRe, 'appendonly.aof.2.base.aof'));
  } finally {
    await ts.close();
    await re.close();
  }
  try {
    // Both load the same directory: the same sizes (base = the base file's size).
    const ts2 = await tsAof(dRe, { aofUseRdbPreamble: 'no' });
    const a = await info(ts2.port);
    await ts2.close();
    const re2 = await startRedisAof(dRe, ['--aof-use-rdb-preamble', 'no']);
    const b = await info(re2.port);
    await re2.close();
    assert.equal(a, b);
  } finally {
    fs.rmSync(dTs, { recursive: true, force: true });
    fs.rmSync(dRe, { recursive: true, force: true });
  }
});

test('nothing expires while loading: commands replay on keys whose TTL has passed since (as redis-server)', async (t) => {
  const dir = tmpDir('noexpire');
  try {
    let ts = await tsAof(dir);
    let c = await RawClient.connect(ts.port);
    await c.call('SET', 'k', '1', 'PX', '200');
    await c.call('INCR', 'k');
    await c.call('PERSIST', 'k');
    await c.call('RPUSH', 'l', 'a', 'b');
    await c.call('PEXPIRE', 'l', '200');
    await c.call('RPUSH', 'l', 'c');
    await c.call('PERSIST', 'l');
    await c.call('SET', 'gone', 'x', 'PX', '200');
    c.close();
    await ts.close();
    await sleep(300);
    ts = await tsAof(dir);
    c = await RawClient.connect(ts.port);
    const got = [await c.call('GET', 'k'), await c.call('LRANGE', 'l', '0', '-1'), await c.call('EXISTS', 'gone'), await c.call('OBJECT', 'IDLETIME', 'k')];
    c.close();
    await ts.close();
    assert.deepEqual(got.slice(0, 3), ['$1\r\n2\r\n', '*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n', ':0\r\n']);
    assert.match(got[3]!, /^:[0-2]\r\n$/);
    if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
    const re = await startRedisAof(dir);
    try {
      const r = await RawClient.connect(re.port);
      assert.deepEqual([await r.call('GET', 'k'), await r.call('LRANGE', 'l', '0', '-1'), await r.call('EXISTS', 'gone')], got.slice(0, 3));
      r.close();
    } finally {
      await re.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('BGREWRITEAOF inside MULTI is scheduled (then runs); auto-aof-rewrite-percentage/min-size start a rewrite', async (t) => {
  const dir = tmpDir('sched');
  const ts = await tsAof(dir, { autoAofRewriteMinSize: '4096', autoAofRewritePercentage: '100' });
  try {
    const c = await RawClient.connect(ts.port);
    await c.call('MULTI');
    await c.call('BGREWRITEAOF');
    const reply = await c.call('EXEC');
    assert.equal(reply, '*1\r\n+Background append only file rewriting scheduled\r\n');
    await waitFor(() => readAof(dir, 'appendonly.aof.manifest').includes('seq 2 type b'), 5000, 'scheduled rewrite');
    // The base is small: writing past min-size doubles the AOF and triggers a rewrite.
    for (let i = 0; i < 60; i++) await c.call('SET', `k${i}`, 'x'.repeat(100));
    await waitFor(() => readAof(dir, 'appendonly.aof.manifest').includes('seq 3 type b'), 5000, 'auto rewrite');
    assert.match(await c.call('INFO', 'persistence'), /aof_rewrites:2\r\n/);
    c.close();
    if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
    const dRe = tmpDir('schedre');
    const re = await startRedisAof(dRe);
    try {
      const r = await RawClient.connect(re.port);
      await r.call('MULTI');
      await r.call('BGREWRITEAOF');
      assert.equal(await r.call('EXEC'), reply);
      r.close();
    } finally {
      await re.close();
      fs.rmSync(dRe, { recursive: true, force: true });
    }
  } finally {
    await ts.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an old single-file appendonly.aof (commands, or RDB preamble + commands) is migrated into the AOF directory as Redis 7.0 does', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  // An RDB made by redis-server, for the preamble variant.
  const dSrc = tmpDir('upgsrc');
  const src = await startRedisAof(dSrc, ['--appendonly', 'no']);
  const s = await RawClient.connect(src.port);
  await s.call('RPUSH', 'l', 'a', '\xff\xff', 'c');
  await s.call('HSET', 'h', 'f', 'v');
  await s.call('SET', 'n', '12345');
  await s.call('SAVE');
  s.close();
  await src.close();
  const rdb = fs.readFileSync(path.join(dSrc, 'dump.rdb'));
  fs.rmSync(dSrc, { recursive: true, force: true });
  const tail = Buffer.from('*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n', 'latin1');
  for (const content of [tail, Buffer.concat([rdb, tail])]) {
    const dTs = tmpDir('upgts');
    const dRe = tmpDir('upgre');
    fs.writeFileSync(path.join(dTs, 'appendonly.aof'), content);
    fs.writeFileSync(path.join(dRe, 'appendonly.aof'), content);
    try {
      const ts = await tsAof(dTs);
      const a = await digest(ts.port);
      const c = await RawClient.connect(ts.port);
      assert.equal(await c.call('GET', 'n'), content === tail ? '$1\r\n1\r\n' : '$5\r\n12346\r\n');
      c.close();
      await ts.close();
      const re = await startRedisAof(dRe);
      const b = await digest(re.port);
      await re.close();
      assert.equal(a, b);
      assert.deepEqual(listAof(dTs), listAof(dRe));
      assert.equal(readAof(dTs, 'appendonly.aof.manifest'), readAof(dRe, 'appendonly.aof.manifest'));
      assert.ok(!fs.existsSync(path.join(dTs, 'appendonly.aof')));
    } finally {
      fs.rmSync(dTs, { recursive: true, force: true });
      fs.rmSync(dRe, { recursive: true, force: true });
    }
  }
});

test('DEBUG LOADAOF reloads the dataset from the AOF (as redis-server)', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const dTs = tmpDir('lats');
  const dRe = tmpDir('lare');
  const ts = await tsAof(dTs);
  const re = await startRedisAof(dRe);
  try {
    const out: string[][] = [];
    for (const port of [ts.port, re.port]) {
      const c = await RawClient.connect(port);
      const r: string[] = [];
      await runWorkload(port);
      const before = await c.call('DEBUG', 'DIGEST');
      r.push(await c.call('DEBUG', 'LOADAOF'));
      r.push(String((await c.call('DEBUG', 'DIGEST')) === before));
      r.push((/rdb_changes_since_last_save:\d+/.exec(await c.call('INFO', 'persistence')) ?? [''])[0]);
      r.push(await c.call('DEBUG', 'LOADAOF', 'x'));
      c.close();
      out.push(r);
    }
    assert.deepEqual(out[0], out[1]);
    assert.equal(out[0]![0], '+OK\r\n');
    assert.equal(out[0]![1], 'true');
  } finally {
    await ts.close();
    await re.close();
    fs.rmSync(dTs, { recursive: true, force: true });
    fs.rmSync(dRe, { recursive: true, force: true });
  }
});

test('a failed rewrite (a stream with aof-use-rdb-preamble no) leaves a valid AOF and reports err', async () => {
  const dir = tmpDir('fail');
  try {
    let ts = await tsAof(dir, { aofUseRdbPreamble: 'no' });
    const c = await RawClient.connect(ts.port);
    await c.call('XADD', 's', '1-1', 'f', 'v');
    await c.call('SET', 'k', 'v');
    assert.equal(await c.call('BGREWRITEAOF'), '+Background append only file rewriting started\r\n');
    await waitFor(() => ts.server.aof.rewriteInProgress === false, 5000, 'rewrite end');
    const info = await c.call('INFO', 'persistence');
    assert.match(info, /aof_last_bgrewrite_status:err\r\n/);
    assert.match(info, /aof_rewrites_consecutive_failures:1\r\n/);
    await c.call('SET', 'k2', 'v2');
    const want = await c.call('DEBUG', 'DIGEST');
    c.close();
    await ts.close();
    assert.equal(readAof(dir, 'appendonly.aof.manifest'), 'file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\nfile appendonly.aof.2.incr.aof seq 2 type i\n');
    ts = await tsAof(dir, { aofUseRdbPreamble: 'no' });
    assert.equal(await digest(ts.port), want);
    await ts.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('aof-timestamp-enabled: #TS annotations in INCR files and commands bases, loaded by both servers', async (t) => {
  const dir = tmpDir('ts');
  try {
    let ts = await tsAof(dir, { aofTimestampEnabled: 'yes', aofUseRdbPreamble: 'no' });
    const c = await RawClient.connect(ts.port);
    await c.call('SET', 'a', '1');
    await c.call('SET', 'b', '2');
    assert.match(readAof(dir, 'appendonly.aof.1.incr.aof'), /^#TS:\d+\r\n\*2\r\n\$6\r\nSELECT\r\n\$1\r\n0\r\n\*3\r\n\$3\r\nSET\r\n\$1\r\na\r\n\$1\r\n1\r\n(#TS:\d+\r\n)?\*3\r\n\$3\r\nSET\r\n/);
    await c.call('BGREWRITEAOF');
    await waitFor(() => readAof(dir, 'appendonly.aof.manifest').includes('seq 2 type b'), 5000, 'rewrite');
    assert.match(readAof(dir, 'appendonly.aof.2.base.aof'), /^#TS:\d+\r\n\*2\r\n\$6\r\nSELECT\r\n/);
    await c.call('SET', 'c', '3');
    const want = await c.call('DEBUG', 'DIGEST');
    c.close();
    await ts.close();
    ts = await tsAof(dir, { aofTimestampEnabled: 'yes', aofUseRdbPreamble: 'no' });
    assert.equal(await digest(ts.port), want);
    await ts.close();
    if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
    const re = await startRedisAof(dir, ['--aof-timestamp-enabled', 'yes', '--aof-use-rdb-preamble', 'no']);
    try {
      assert.equal(await digest(re.port), want);
    } finally {
      await re.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
