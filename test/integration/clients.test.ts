// Client compatibility: the connection commands (QUIT, RESET, HELLO, AUTH, SELECT)
// compared byte for byte with Redis, unix sockets, the embedding API (isolated instances,
// close() stops everything), the ioredis and node-redis clients (RESP3 by default), and
// redis-benchmark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { startTsredis, hasRedis, NO_REDIS_MESSAGE, RawClient, diffExchanges, sleep, waitFor, withServers } from '../helpers.js';
import { startServer } from '../../src/index.js';

/** Client ids differ between the servers: blank them in HELLO replies. */
function normalize(reply: string): string {
  return reply.replace(/\$2\r\nid\r\n:\d+\r\n/g, '$2\r\nid\r\n:ID\r\n');
}

async function diffConnectionCommands(tsOptions: Record<string, string>, redisArgs: string[], cases: string[]): Promise<void> {
  await withServers(tsOptions, redisArgs, async (ts, redis) => {
    assert.deepEqual(await diffExchanges(ts.port, redis.port, cases, { normalize }), []);
  });
}

test('QUIT, RESET, HELLO, AUTH and SELECT match Redis (no password)', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  await diffConnectionCommands({}, [], [
    'QUIT\r\nPING\r\n',
    'QUIT a b\r\n',
    '*1\r\n$4\r\nquit\r\n',
    'RESET\r\n',
    'RESET x\r\n',
    'HELLO\r\n',
    'HELLO 2\r\n',
    'HELLO 3\r\nGET nokey\r\nPING\r\n',
    'HELLO 3\r\nHELLO 2\r\nGET nokey\r\n',
    'HELLO 3\r\nRESET\r\nGET nokey\r\n',
    'HELLO 1\r\n',
    'HELLO 4\r\n',
    'HELLO -1\r\n',
    'HELLO x\r\n',
    'HELLO 3.0\r\n',
    'HELLO 99999999999999999999\r\n',
    'HELLO 3 SETNAME\r\n',
    'HELLO 3 SETNAME a b\r\n',
    'HELLO 3 SETNAME "a b"\r\n',
    'HELLO 3 SETNAME name\r\n',
    'HELLO 2 FOO\r\n',
    'HELLO 3 AUTH\r\n',
    'HELLO 3 AUTH default\r\n',
    'HELLO 3 AUTH default anything\r\n',
    'HELLO 3 auth default x setname y\r\n',
    'HELLO 3 AUTH nobody x\r\n',
    'AUTH x\r\n',
    'AUTH default x\r\n',
    'AUTH default ""\r\n',
    'AUTH foo ""\r\n',
    'AUTH a b c\r\n',
    'SELECT -1\r\n',
    'SELECT 16\r\n',
    'SELECT x\r\n',
    'SELECT 1.5\r\n',
    'SELECT " 1"\r\n',
    'SELECT 01\r\n',
    'SELECT 99999999999999999999\r\n',
    'SELECT 15\r\nSET k v\r\nSELECT 0\r\nGET k\r\nSELECT 15\r\nGET k\r\n',
    'SELECT 3\r\nSET k3 v\r\nRESET\r\nGET k3\r\n',
    'SELECT\r\n',
    'SELECT 1 2\r\n',
  ]);
});

test('AUTH, HELLO AUTH, NOAUTH and RESET with requirepass match Redis', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  await diffConnectionCommands({ requirepass: 'secret' }, ['--requirepass', 'secret'], [
    'PING\r\n',
    'GET k\r\n',
    'SELECT 1\r\n',
    'AUTH\r\n',
    'AUTH wrong\r\nPING\r\n',
    'AUTH secret\r\nPING\r\n',
    'AUTH default secret\r\nPING\r\n',
    'AUTH default wrong\r\n',
    'AUTH other secret\r\n',
    'AUTH secret\r\nRESET\r\nPING\r\n',
    'HELLO\r\n',
    'HELLO 3\r\n',
    'HELLO 3 AUTH default wrong\r\nPING\r\n',
    'HELLO 3 AUTH default secret\r\nPING\r\nGET k\r\n',
    'HELLO 2 AUTH default secret SETNAME conn1\r\nPING\r\n',
    'HELLO 4 AUTH default secret\r\nPING\r\n',
    'HELLO 3 SETNAME x AUTH default secret\r\n',
    'QUIT\r\n',
    'RESET\r\n',
  ]);
});

test('unix socket: serves RESP and inline requests, socket file removed on close', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tsredis-sock-'));
  const sockPath = path.join(dir, 'tsredis.sock');
  const ts = await startTsredis({ unixsocket: sockPath });
  try {
    assert.ok(existsSync(sockPath));
    const c = await RawClient.connectPath(sockPath);
    assert.equal(await c.call('PING'), '+PONG\r\n');
    assert.equal(await c.call('SET', 'u', 'v\0x'), '+OK\r\n');
    c.write('GET u\r\n');
    assert.equal(await c.readReply(), '$3\r\nv\0x\r\n');
    const tcp = await RawClient.connect(ts.port);
    assert.equal(await tcp.call('GET', 'u'), '$3\r\nv\0x\r\n');
    c.write('*1\r\n$-3\r\n');
    assert.equal(await c.readReply(), '-ERR Protocol error: invalid bulk length\r\n');
    await c.waitClose();
    tcp.close();
  } finally {
    await ts.close();
  }
  assert.equal(existsSync(sockPath), false);
  rmSync(dir, { recursive: true, force: true });
});

test('embedding API: instances in one process are isolated, close() stops everything', async () => {
  const before = new Set(process.getActiveResourcesInfo());
  const a = await startServer({ port: 0, databases: 4 });
  const b = await startServer({ port: 0, requirepass: 'pw' });
  assert.notEqual(a.port, b.port);
  const ca = await RawClient.connect(a.port);
  const cb = await RawClient.connect(b.port);
  assert.equal(await ca.call('SET', 'shared', 'a'), '+OK\r\n');
  assert.equal(await cb.call('GET', 'shared'), '-NOAUTH Authentication required.\r\n');
  assert.equal(await cb.call('AUTH', 'pw'), '+OK\r\n');
  assert.equal(await cb.call('GET', 'shared'), '$-1\r\n');
  assert.equal(await ca.call('SELECT', '5'), '-ERR DB index is out of range\r\n');
  assert.equal(await cb.call('SELECT', '5'), '+OK\r\n');
  assert.equal(a.server.dbs.length, 4);
  assert.equal(b.server.dbs.length, 16);
  // close() ends the connections of that instance only, and its listener.
  await a.close();
  await ca.waitClose();
  assert.equal(await cb.call('PING'), '+PONG\r\n');
  await assert.rejects(RawClient.connect(a.port));
  await a.close(); // idempotent
  await b.close();
  await cb.waitClose();
  // No timers, sockets or servers left behind by either instance (handles are released
  // asynchronously: a loaded machine gets a few seconds).
  const leakedTcp = (): string[] => process.getActiveResourcesInfo().filter((r) => !before.has(r) && (r === 'TCPServerWrap' || r === 'TCPSocketWrap'));
  await waitFor(() => leakedTcp().length === 0, 5000, 'TCP handles to be released').catch(() => {});
  assert.deepEqual(leakedTcp(), []);
});

test('ioredis (RESP3 by default): ping, binary values, pipelines, reconnect', async () => {
  const ts = await startTsredis();
  const client = new Redis({ port: ts.port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => 20, maxRetriesPerRequest: 5 });
  client.on('error', () => {});
  try {
    await client.connect();
    assert.equal(await client.ping(), 'PONG');
    const bin = Buffer.from([0, 1, 2, 13, 10, 255, 128, 36, 42]);
    assert.equal(await client.set(Buffer.from([0xff, 0]), bin), 'OK');
    assert.deepEqual(await client.getBuffer(Buffer.from([0xff, 0])), bin);
    assert.equal(await client.get('missing'), null);
    assert.equal(await client.set('utf8', 'héllo ✓'), 'OK');
    assert.equal(await client.get('utf8'), 'héllo ✓');
    // A 1000-command pipeline.
    const p = client.pipeline();
    for (let i = 0; i < 500; i++) p.set(`p${i}`, String(i)).get(`p${i}`);
    const res = await p.exec();
    assert.equal(res!.length, 1000);
    for (let i = 0; i < 500; i++) {
      assert.deepEqual(res![2 * i], [null, 'OK']);
      assert.deepEqual(res![2 * i + 1], [null, String(i)]);
    }
    // An error inside a pipeline is reported for that command only.
    const pe = await client.pipeline().set('x', '1').call('nosuchcommand').get('x').exec();
    assert.equal(pe![0]![1], 'OK');
    assert.match(String(pe![1]![0]), /unknown command/);
    assert.equal(pe![2]![1], '1');
    // The server drops the connection: ioredis reconnects and carries on.
    for (const c of [...ts.server.clients.values()]) ts.server.freeClient(c);
    await sleep(100);
    assert.equal(await client.get('utf8'), 'héllo ✓');
    // RESP2 explicitly.
    const r2 = new Redis({ port: ts.port, host: '127.0.0.1', protocol: 2, lazyConnect: true });
    r2.on('error', () => {});
    await r2.connect();
    assert.equal(await r2.get('p7'), '7');
    r2.disconnect();
  } finally {
    client.disconnect();
    await ts.close();
  }
});

test('ioredis authenticates against requirepass', async () => {
  const ts = await startTsredis({ requirepass: 'sekret' });
  const ok = new Redis({ port: ts.port, host: '127.0.0.1', password: 'sekret', lazyConnect: true });
  const bad = new Redis({ port: ts.port, host: '127.0.0.1', password: 'wrong', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  const badErrors: string[] = [];
  ok.on('error', () => {});
  bad.on('error', (e: Error) => badErrors.push(e.message));
  try {
    await ok.connect();
    assert.equal(await ok.set('k', 'v'), 'OK');
    await assert.rejects(async () => {
      await bad.connect();
      await bad.get('k');
    });
    assert.ok(badErrors.some((m) => m.startsWith('WRONGPASS invalid username-password pair')), JSON.stringify(badErrors));
  } finally {
    ok.disconnect();
    bad.disconnect();
    await ts.close();
  }
});

test('node-redis (RESP3): ping, binary values, batched commands, reconnect', async () => {
  const ts = await startTsredis();
  const client = createClient({ socket: { port: ts.port, host: '127.0.0.1', reconnectStrategy: () => 20 }, RESP: 3 });
  client.on('error', () => {});
  try {
    await client.connect();
    assert.equal(await client.ping(), 'PONG');
    const bin = Buffer.from([0, 255, 13, 10, 0, 7]);
    assert.equal(await client.set('bin', bin), 'OK');
    const back = await client.withTypeMapping({ [36 /* blob string */]: Buffer }).get('bin');
    assert.ok(Buffer.isBuffer(back) && back.equals(bin));
    assert.equal(await client.get('missing'), null);
    // Commands issued in the same tick are written as one pipeline.
    const replies = await Promise.all(Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? client.set(`n${i}`, String(i)) : client.get(`n${i - 1}`))));
    for (let i = 0; i < 1000; i++) assert.equal(replies[i], i % 2 === 0 ? 'OK' : String(i - 1));
    const batch = await client.multi().set('m', '1').get('m').ping().execAsPipeline();
    assert.deepEqual(batch, ['OK', '1', 'PONG']);
    // Reconnect after the server drops the connection.
    for (const c of [...ts.server.clients.values()]) ts.server.freeClient(c);
    const deadline = Date.now() + 5000;
    for (;;) {
      try {
        assert.equal(await client.get('m'), '1');
        break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await sleep(50);
      }
    }
  } finally {
    client.destroy();
    await ts.close();
  }
});

function hasBenchmark(): boolean {
  return spawnSync('redis-benchmark', ['--version'], { encoding: 'utf8' }).status === 0;
}

test('redis-benchmark -t ping,set,get,incr,mset runs without errors', async (t) => {
  if (!hasBenchmark()) return t.skip('redis-benchmark not installed');
  const ts = await startTsredis();
  try {
    const wanted = ['ping', 'set', 'get', 'incr', 'mset'];
    // Commands another part of the project has not implemented yet are left out (and said so).
    const known = wanted.filter((n) => n === 'ping' || ts.server.table.lookup(n) !== undefined);
    const missing = wanted.filter((n) => !known.includes(n));
    if (missing.length > 0) t.diagnostic(`not implemented yet, not benchmarked: ${missing.join(', ')}`);
    const proc = spawn('redis-benchmark', ['-h', '127.0.0.1', '-p', String(ts.port), '-t', known.join(','), '-n', '20000', '-c', '20', '-q'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => proc.on('exit', resolve));
    assert.equal(code, 0, out);
    const lines = out.split(/[\r\n]+/).filter((l) => /requests per second/.test(l));
    assert.ok(lines.length >= known.length, out);
    assert.doesNotMatch(out.replace(/WARNING: Could not fetch server CONFIG/g, ''), /error|ERR /i);
  } finally {
    await ts.close();
  }
});
