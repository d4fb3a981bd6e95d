// Replication against real Redis 7.0, both directions: a redis-server replica of tsredis
// syncs (full resync, then the live stream, then a partial resync after a disconnect)
// and ends with the same dataset; tsredis replicating from a redis-server master that is
// written to while it syncs ends with the master's dataset. Plus ROLE / INFO replication
// / WAIT / READONLY / REPLCONF behaviour and argument errors compared with the oracle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasRedis, NO_REDIS_MESSAGE, RawClient, runProcess, startRedis, startTsredis, sleep, type RealRedis } from '../helpers.js';
import { replState } from '../../src/replication/repl.js';
import { encodeRdb } from '../../src/persistence/rdb/file.js';
import type { RunningServer } from '../../src/index.js';

function field(info: string, name: string): string {
  const m = new RegExp(`\\r\\n${name}:([^\\r]*)\\r\\n`).exec('\r\n' + info);
  return m === null ? '' : m[1]!;
}

async function until(what: string, timeoutMs: number, cond: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timeout waiting for ${what}`);
    await sleep(20);
  }
}

/** A mixed workload over several dbs and types (all deterministic). */
function workload(seed: number): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < 60; i++) {
    const k = `k${(i * 7 + seed) % 23}`;
    out.push(['SET', k, `v${i}`]);
    out.push(['INCR', `n${i % 3}`]);
    out.push(['RPUSH', `l${i % 4}`, `e${i}`, String(i)]);
    out.push(['HSET', `h${i % 5}`, `f${i}`, String(i * 3)]);
    out.push(['SADD', `s${i % 3}`, String(i), `m${i}`]);
    out.push(['ZADD', `z${i % 2}`, String(i / 3), `m${i}`]);
    if (i % 5 === 0) out.push(['EXPIRE', k, '1000']);
    if (i % 7 === 0) out.push(['SET', `ex${i}`, 'x', 'EX', '500']);
    if (i % 9 === 0) out.push(['DEL', `k${(i + 3) % 23}`]);
    if (i % 11 === 0) out.push(['LPOP', `l${i % 4}`]);
    if (i % 4 === 0) {
      out.push(['SELECT', String(1 + (i % 3))]);
      out.push(['SET', `db${i}`, 'in another db']);
      out.push(['HINCRBY', 'hh', 'f', '2']);
      out.push(['SELECT', '0']);
    }
  }
  return out;
}

async function runAll(c: RawClient, cmds: string[][]): Promise<void> {
  for (const cmd of cmds) await c.call(...cmd);
}

/** DEBUG DIGEST and per-db sizes of a server. */
async function snapshot(port: number): Promise<string[]> {
  const c = await RawClient.connect(port);
  const out = [await c.call('DEBUG', 'DIGEST')];
  for (let db = 0; db < 5; db++) {
    await c.call('SELECT', String(db));
    out.push(`${db}:${await c.call('DBSIZE')}`);
  }
  c.close();
  return out;
}

const TS_OPTS = { save: '', 'enable-debug-command': 'yes', loglevel: 'warning' } as const;

test('a real redis replica of tsredis: full sync, live stream, WAIT, partial resync', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const ts = await startTsredis(TS_OPTS);
  const dir = mkdtempSync(join(tmpdir(), 'tsredis-repl-'));
  let replica: RealRedis | null = null;
  try {
    const m = await RawClient.connect(ts.port);
    await runAll(m, workload(1));
    // Values in each encoding RDB carries (big list, hashtable hash, skiplist zset, intset).
    for (let i = 0; i < 300; i++) await m.call('RPUSH', 'biglist', `item-${i}`);
    for (let i = 0; i < 200; i++) await m.call('HSET', 'bighash', `field${i}`, 'x'.repeat(i % 90));
    for (let i = 0; i < 200; i++) await m.call('ZADD', 'bigz', String(i * 1.5), `member${i}`);
    for (let i = 0; i < 50; i++) await m.call('SADD', 'ints', String(i * 1000));
    await m.call('XADD', 'st', '1-1', 'a', '1');
    // Function libraries travel in the full-sync RDB, as with Redis.
    await m.call('FUNCTION', 'LOAD', "#!lua name=repllib\nredis.register_function('replfn', function() return 1 end)");
    // A disk-loading replica writes the payload as dump.rdb in its dir: keep it out of the
    // checkout (another test's redis-server would load it).
    replica = await startRedis(['--replicaof', '127.0.0.1', String(ts.port), '--dir', dir]);
    const r = await RawClient.connect(replica.port);
    await until('the replica link', 10000, async () => field(await r.call('INFO', 'replication'), 'master_link_status') === 'up');
    // Live stream, with MULTI/EXEC and db switches.
    await runAll(m, workload(2));
    await m.call('MULTI');
    await m.call('SET', 'tx1', 'a');
    await m.call('INCR', 'tx2');
    await m.call('EXEC');
    assert.equal(await m.call('WAIT', '1', '5000'), ':1\r\n');
    assert.deepEqual(await snapshot(replica.port), await snapshot(ts.port));
    assert.match(await r.call('FUNCTION', 'LIST'), /repllib/);
    const info = await m.call('INFO', 'replication');
    assert.equal(field(info, 'role'), 'master');
    assert.equal(field(info, 'connected_slaves'), '1');
    assert.match(field(info, 'slave0'), new RegExp(`^ip=127\\.0\\.0\\.1,port=${replica.port},state=online,offset=\\d+,lag=\\d+$`));
    assert.equal(field(info, 'repl_backlog_active'), '1');
    const offset = field(info, 'master_repl_offset');
    assert.equal(field(await r.call('INFO', 'replication'), 'master_replid'), field(info, 'master_replid'));
    // ROLE: master, offset, [[ip, port, acked offset]].
    const role = await m.call('ROLE');
    assert.ok(role.startsWith(`*3\r\n$6\r\nmaster\r\n:${offset}\r\n*1\r\n*3\r\n$9\r\n127.0.0.1\r\n$${String(replica.port).length}\r\n${replica.port}\r\n`), JSON.stringify(role));
    // One good replica satisfies min-replicas-to-write 1, not 2.
    await m.call('CONFIG', 'SET', 'min-replicas-to-write', '1');
    assert.equal(await m.call('SET', 'guarded', '1'), '+OK\r\n');
    await m.call('CONFIG', 'SET', 'min-replicas-to-write', '2');
    assert.equal(await m.call('SET', 'guarded', '2'), '-NOREPLICAS Not enough good replicas to write.\r\n');
    await m.call('CONFIG', 'SET', 'min-replicas-to-write', '0');
    // Drop the link: the replica comes back with PSYNC and continues from the backlog.
    const st = replState(ts.server);
    const link = st.replicas[0]!.client;
    assert.match(await m.call('CLIENT', 'LIST', 'TYPE', 'replica'), / flags=S /);
    assert.equal(await m.call('CLIENT', 'KILL', 'TYPE', 'replica'), ':1\r\n');
    await m.call('SET', 'while-down', '1');
    await until('the replica to reconnect', 10000, async () => st.replicas.length === 1 && st.replicas[0]!.state === 'online' && st.replicas[0]!.client !== link);
    assert.equal(st.syncPartialOk, 1);
    await m.call('SET', 'after', '2');
    assert.equal(await m.call('WAIT', '1', '5000'), ':1\r\n');
    assert.deepEqual(await snapshot(replica.port), await snapshot(ts.port));
    // The replica refuses writes, as it does from a redis master.
    assert.equal(await r.call('SET', 'x', '1'), "-READONLY You can't write against a read only replica.\r\n");
    m.close();
    r.close();
  } finally {
    if (replica !== null) await replica.close();
    await ts.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tsredis replica of a real redis master written to during the sync', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const master = await startRedis(['--repl-diskless-sync-delay', '0']);
  let ts: RunningServer | null = null;
  try {
    const m = await RawClient.connect(master.port);
    await runAll(m, workload(3));
    for (let i = 0; i < 300; i++) await m.call('RPUSH', 'biglist', `item-${i}`);
    for (let i = 0; i < 200; i++) await m.call('ZADD', 'bigz', String(i * 1.5), `member${i}`);
    ts = await startTsredis(TS_OPTS);
    const s = await RawClient.connect(ts.port);
    assert.equal(await s.call('REPLICAOF', '127.0.0.1', String(master.port)), '+OK\r\n');
    assert.equal(await s.call('REPLICAOF', '127.0.0.1', String(master.port)), '+OK Already connected to specified master\r\n');
    // Written while the replica connects and syncs.
    await runAll(m, workload(4));
    await until('the link', 10000, async () => field(await s.call('INFO', 'replication'), 'master_link_status') === 'up');
    await runAll(m, workload(5));
    await m.call('MULTI');
    await m.call('SET', 'tx1', 'a');
    await m.call('LPUSH', 'tx2', 'b');
    await m.call('EXEC');
    assert.equal(await m.call('WAIT', '1', '5000'), ':1\r\n');
    const moff = field(await m.call('INFO', 'replication'), 'master_repl_offset');
    await until('the offsets to match', 5000, async () => field(await s.call('INFO', 'replication'), 'slave_repl_offset') === moff);
    assert.deepEqual(await snapshot(ts.port), await snapshot(master.port));
    const info = await s.call('INFO', 'replication');
    assert.equal(field(info, 'role'), 'slave');
    assert.equal(field(info, 'master_port'), String(master.port));
    assert.equal(field(info, 'master_sync_in_progress'), '0');
    assert.equal(field(info, 'master_replid'), field(await m.call('INFO', 'replication'), 'master_replid'));
    assert.equal(await s.call('ROLE'), `*5\r\n$5\r\nslave\r\n$9\r\n127.0.0.1\r\n:${master.port}\r\n$9\r\nconnected\r\n:${moff}\r\n`);
    // The master sees us online, acking its offset.
    await until('the ack', 5000, async () => field(await m.call('INFO', 'replication'), 'slave0').includes(`offset=${moff}`));
    assert.equal(await s.call('SET', 'x', '1'), "-READONLY You can't write against a read only replica.\r\n");
    assert.equal(await s.call('MULTI'), '+OK\r\n');
    assert.equal(await s.call('SET', 'x', '1'), "-READONLY You can't write against a read only replica.\r\n");
    assert.equal(await s.call('EXEC'), "-EXECABORT Transaction discarded because of previous errors.\r\n");
    assert.match(await s.call('WAIT', '0', '0'), /^-ERR WAIT cannot be used with replica instances/);
    // Expiry is the master's business: a key past its TTL reads as missing but stays.
    await m.call('SET', 'short', 'v', 'PX', '50');
    await sleep(200);
    assert.equal(await s.call('GET', 'short'), '$-1\r\n');
    // Promoted: writable again, with a new replication id and the old one as replid2.
    const oldId = field(await s.call('INFO', 'replication'), 'master_replid');
    assert.equal(await s.call('REPLICAOF', 'NO', 'ONE'), '+OK\r\n');
    const after = await s.call('INFO', 'replication');
    assert.equal(field(after, 'role'), 'master');
    assert.equal(field(after, 'master_replid2'), oldId);
    assert.equal(await s.call('SET', 'x', '1'), '+OK\r\n');
    m.close();
    s.close();
  } finally {
    if (ts !== null) await ts.close();
    await master.close();
  }
});

test('tsredis replica of tsredis, through the replicaof directive (disk-format payload)', async () => {
  const master = await startTsredis({ ...TS_OPTS, 'repl-diskless-sync': 'no' });
  const replica = await startTsredis({ ...TS_OPTS, replicaof: `127.0.0.1 ${master.port}` });
  try {
    const m = await RawClient.connect(master.port);
    const s = await RawClient.connect(replica.port);
    await until('the link', 10000, async () => field(await s.call('INFO', 'replication'), 'master_link_status') === 'up');
    await runAll(m, workload(6));
    assert.equal(await m.call('WAIT', '1', '5000'), ':1\r\n');
    assert.deepEqual(await snapshot(replica.port), await snapshot(master.port));
    m.close();
    s.close();
  } finally {
    await replica.close();
    await master.close();
  }
});

test('replication command errors match Redis', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const ts = await startTsredis(TS_OPTS);
  const redis = await startRedis();
  try {
    const a = await RawClient.connect(ts.port);
    const b = await RawClient.connect(redis.port);
    const cases: string[][] = [
      ['REPLICAOF', 'a', 'b'],
      ['REPLICAOF', '127.0.0.1', '99999'],
      ['REPLICAOF', '127.0.0.1', '-1'],
      ['SLAVEOF', 'no', 'one'],
      ['REPLICAOF', 'NO', 'ONE'],
      ['REPLICAOF', 'x'],
      ['REPLCONF'],
      ['REPLCONF', 'a'],
      ['REPLCONF', 'foo', 'bar'],
      ['REPLCONF', 'listening-port', 'x'],
      ['REPLCONF', 'listening-port', '1234'],
      ['REPLCONF', 'capa', 'eof', 'capa', 'psync2', 'capa', 'other'],
      ['PSYNC', 'a'],
      ['SYNC', 'x'],
      ['ROLE', 'x'],
      ['WAIT', '0', '0'],
      ['COMMAND', 'INFO', 'replconf', 'psync', 'sync', 'replicaof', 'slaveof', 'role', 'wait'],
      // min-replicas-to-write without replicas: writes refused, reads and EXEC of reads fine.
      ['CONFIG', 'SET', 'min-replicas-to-write', '1'],
      ['SET', 'x', '1'],
      ['GET', 'x'],
      ['MULTI'],
      ['SET', 'x', '1'],
      ['EXEC'],
      ['MULTI'],
      ['GET', 'x'],
      ['EXEC'],
      ['CONFIG', 'SET', 'min-replicas-max-lag', '0'],
      ['SET', 'x', '1'],
      ['CONFIG', 'SET', 'min-replicas-max-lag', '10'],
      ['CONFIG', 'SET', 'min-replicas-to-write', '0'],
      ['SET', 'x', '2'],
    ];
    for (const cmd of cases) assert.equal(await a.call(...cmd), await b.call(...cmd), cmd.join(' '));
    a.close();
    b.close();
  } finally {
    await redis.close();
    await ts.close();
  }
});

test('redis-cli --rdb gets a snapshot redis-check-rdb accepts (REPLCONF rdb-only)', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const ts = await startTsredis(TS_OPTS);
  const dir = mkdtempSync(join(tmpdir(), 'tsredis-repl-'));
  try {
    const m = await RawClient.connect(ts.port);
    await runAll(m, workload(7));
    const file = join(dir, 'snap.rdb');
    const r = await runProcess('redis-cli', ['-p', String(ts.port), '--rdb', file]);
    assert.equal(r.code, 0, r.err + r.out);
    const check = await runProcess('redis-check-rdb', [file]);
    assert.match(check.out, /RDB looks OK!/);
    // Not a replica afterwards, and the connection was closed.
    assert.equal(field(await m.call('INFO', 'replication'), 'connected_slaves'), '0');
    m.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await ts.close();
  }
});

test('a tsredis replica applies its master commands to keys past their TTL (fake master)', async () => {
  // A scripted master: answers the handshake, sends an empty RDB, then a stream.
  const received: string[] = [];
  let link: net.Socket | null = null;
  let connections = 0;
  let psyncs = '';
  /** What a reconnecting replica gets after +CONTINUE. */
  let resend = '';
  const fake = net.createServer((sock) => {
    link = sock;
    const conn = ++connections;
    let step = 0;
    let text = '';
    sock.on('data', (d: Buffer) => {
      received.push(d.toString('latin1'));
      text += d.toString('latin1');
      const wants = ['PING', 'listening-port', 'capa', 'PSYNC'];
      while (step < wants.length && text.includes(wants[step]!)) {
        if (wants[step] === 'PING') sock.write('+PONG\r\n');
        else if (wants[step] === 'PSYNC') {
          if (conn === 1) {
            const rdb = encodeRdb([], { compress: false, checksum: true, listFill: -2, aux: [] });
            sock.write(`+FULLRESYNC ${'a'.repeat(40)} 100\r\n$${rdb.length}\r\n`);
            sock.write(rdb);
          } else {
            psyncs += text.slice(text.indexOf('PSYNC'));
            sock.write(`+CONTINUE ${'a'.repeat(40)}\r\n${resend}`);
          }
        } else sock.write('+OK\r\n');
        step++;
      }
    });
    sock.on('error', () => {});
  });
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', () => r()));
  const port = (fake.address() as net.AddressInfo).port;
  const replica = await startTsredis(TS_OPTS);
  try {
    const s = await RawClient.connect(replica.port);
    await s.call('REPLICAOF', '127.0.0.1', String(port));
    await until('the link', 10000, async () => field(await s.call('INFO', 'replication'), 'master_link_status') === 'up');
    const past = String(Date.now() - 1000);
    const stream = '*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n' + '*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\na\r\n$4\r\nPXAT\r\n$' + past.length + '\r\n' + past + '\r\n';
    const append = '*3\r\n$6\r\nAPPEND\r\n$1\r\nk\r\n$1\r\nb\r\n';
    link!.write(stream + append);
    const offset = 100 + stream.length + append.length;
    await until('the replica offset', 5000, async () => field(await s.call('INFO', 'replication'), 'slave_repl_offset') === String(offset));
    // Normal clients see the key as missing, but it is not deleted, and the master's
    // APPEND applied to the existing value (as Redis's replicas do).
    assert.equal(await s.call('GET', 'k'), '$-1\r\n');
    assert.equal(await s.call('DBSIZE'), ':1\r\n');
    const db0 = replica.server.dbs[0]!;
    db0.showExpired = true;
    const v = db0.peek('k') as unknown;
    assert.equal(typeof v === 'string' ? v : (v as { buf: Buffer }).buf.toString('latin1'), 'ab');
    db0.showExpired = false;
    // Writes from normal clients are refused; the replica acks its offset.
    assert.equal(await s.call('SET', 'x', '1'), "-READONLY You can't write against a read only replica.\r\n");
    await until('an ACK with the offset', 5000, async () => received.join('').includes(`$${String(offset).length}\r\n${offset}\r\n`));
    assert.match(received.join(''), /REPLCONF\r\n\$14\r\nlistening-port\r\n\$\d+\r\n\d+\r\n/);
    assert.match(received.join(''), /PSYNC\r\n\$1\r\n\?\r\n\$2\r\n-1\r\n|PSYNC\r\n\$40\r\n/);
    // The link is cut in the middle of a transaction, after a SELECT: the replica comes
    // back with PSYNC <replid> <offset of the MULTI>, continues in db 2 and gets the
    // whole transaction again.
    const sel = '*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n*3\r\n$3\r\nSET\r\n$2\r\nd2\r\n$1\r\n1\r\n';
    const multi = '*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$2\r\ntx\r\n$1\r\n1\r\n';
    const exec = '*1\r\n$4\r\nEXEC\r\n';
    link!.write(sel + multi);
    await until('the SELECT and SET', 5000, async () => field(await s.call('INFO', 'replication'), 'slave_repl_offset') === String(offset + sel.length));
    resend = multi + exec + '*3\r\n$3\r\nSET\r\n$5\r\nafter\r\n$1\r\n1\r\n';
    link!.destroy();
    await until('the partial resync', 10000, async () => field(await s.call('INFO', 'replication'), 'slave_repl_offset') === String(offset + sel.length + resend.length));
    assert.match(psyncs, new RegExp(`^PSYNC\r\n\\$40\r\n${'a'.repeat(40)}\r\n\\$\\d+\r\n${offset + sel.length + 1}\r\n`));
    assert.equal(await s.call('SELECT', '2'), '+OK\r\n');
    assert.equal(await s.call('MGET', 'd2', 'tx', 'after'), '*3\r\n$1\r\n1\r\n$1\r\n1\r\n$1\r\n1\r\n');
    assert.equal(await s.call('DBSIZE'), ':3\r\n');
    s.close();
  } finally {
    await replica.close();
    (link as net.Socket | null)?.destroy();
    await new Promise<void>((r) => fake.close(() => r()));
  }
});
