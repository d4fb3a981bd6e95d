// Cluster mode as a single node (src/cluster, src/commands/cluster.ts), differential
// against redis-server --cluster-enabled yes: CLUSTER subcommands and their errors, slot
// ownership (CLUSTERDOWN, CROSSSLOT, MOVED, ASK, ASKING, TRYAGAIN), SELECT, HELLO/INFO
// mode fields, nodes.conf written and loaded. Node ids and ports are normalized.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import { RawClient, freePort, hasRedis, runProcess, sleep, spawnRedisServer, startTsredis, NO_REDIS_MESSAGE } from '../helpers.js';
import { keyHashSlot } from '../../src/cluster/slots.js';

interface Node {
  port: number;
  cport?: number;
  client: RawClient;
  id: string;
  close(): Promise<void>;
}

async function tsNode(dir: string, port: number, extra: Record<string, string> = {}): Promise<Node> {
  // An explicit bus port: port + 10000 can be out of range for an ephemeral port.
  const clusterPort = String(await freePort());
  const ts = await startTsredis({ port, clusterPort, clusterEnabled: 'yes', clusterConfigFile: join(dir, 'nodes.conf'), loglevel: 'warning', logfile: '/dev/null', ...extra });
  const client = await RawClient.connect(ts.port);
  const id = (await client.call('CLUSTER', 'MYID')).split('\r\n')[1]!;
  return {
    port: ts.port,
    cport: Number(clusterPort),
    client,
    id,
    close: async () => {
      client.close();
      await ts.close();
    },
  };
}

async function redisNode(dir: string, port: number): Promise<Node> {
  const r = await spawnRedisServer(['--port', String(port), '--cluster-port', String(await freePort()), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'), '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], port, dir);
  const client = await RawClient.connect(port);
  const id = (await client.call('CLUSTER', 'MYID')).split('\r\n')[1]!;
  return {
    port,
    client,
    id,
    close: async () => {
      client.close();
      await r.close();
    },
  };
}

/** Send a script of commands to both nodes ("MYID" stands for each node's own id); returns the differences. */
async function diff(a: Node, b: Node, script: string[][]): Promise<string[]> {
  const out: string[] = [];
  const norm = (n: Node, s: string): string => s.split(n.id).join('<id>').replace(/@\d+/g, '@<cport>').split(String(n.port)).join('<port>');
  for (const cmd of script) {
    if (cmd[0] === '#sleep') {
      await sleep(Number(cmd[1]));
      continue;
    }
    const ra = norm(a, await a.client.call(...cmd.map((w) => (w === 'MYID' ? a.id : w))));
    const rb = norm(b, await b.client.call(...cmd.map((w) => (w === 'MYID' ? b.id : w))));
    if (ra !== rb) out.push(`${cmd.join(' ')}\n  tsredis: ${JSON.stringify(ra)}\n  redis:   ${JSON.stringify(rb)}`);
  }
  return out;
}

const w = (s: string): string[] => s.split(' ');

test('cluster: keyslot hashing with hash tags', () => {
  assert.equal(keyHashSlot('123456789'), 12739);
  assert.equal(keyHashSlot('{user1000}.following'), keyHashSlot('{user1000}.followers'));
  assert.equal(keyHashSlot('foo{}{bar}'), keyHashSlot('foo{}{bar}'));
  assert.equal(keyHashSlot('{}a'), 10875);
  assert.equal(keyHashSlot('a{b}c'), 3300);
});

test('cluster: a fresh node and its CLUSTER commands match redis', { skip: hasRedis() ? false : NO_REDIS_MESSAGE }, async () => {
  const d1 = mkdtempSync(join(tmpdir(), 'tsredis-cl-'));
  const d2 = mkdtempSync(join(tmpdir(), 'tsredis-cl-'));
  const a = await tsNode(d1, await freePort());
  const b = await redisNode(d2, await freePort());
  try {
    const script = [
      'CLUSTER INFO', 'SET a b', 'GET a', 'SELECT 1', 'SELECT 0', 'SELECT x', 'CLUSTER NODES', 'CLUSTER SLOTS', 'CLUSTER SHARDS',
      'CLUSTER ADDSLOTS 0 1 2 100', 'CLUSTER ADDSLOTSRANGE 200 300 5000 16383', 'CLUSTER ADDSLOTS 0', 'CLUSTER ADDSLOTS 16384', 'CLUSTER ADDSLOTS x',
      'CLUSTER ADDSLOTSRANGE 5 1', 'CLUSTER ADDSLOTSRANGE 5 1 2', 'CLUSTER ADDSLOTS 7 7', 'SET a b', 'CLUSTER ADDSLOTSRANGE 301 4999',
      'CLUSTER ADDSLOTS 3 4 5 6 7 8 9 10', 'CLUSTER INFO', 'CLUSTER NODES', 'CLUSTER SLOTS', 'CLUSTER SHARDS', 'MSET a 1 b 2', 'GET x',
      'CLUSTER DELSLOTS 200', 'CLUSTER DELSLOTS 200', 'CLUSTER DELSLOTSRANGE 201 202 204 203', 'CLUSTER LINKS', 'CLUSTER COUNTKEYSINSLOT 16384',
      'CLUSTER GETKEYSINSLOT 1 -1', 'CLUSTER SETSLOT 1 node abc', 'CLUSTER SETSLOT 1 importing abc', 'CLUSTER SETSLOT 1 migrating abc',
      'CLUSTER SETSLOT 1 stable', 'CLUSTER SETSLOT 1 bogus', 'CLUSTER SETSLOT 300 migrating MYID', 'CLUSTER FORGET abc', 'CLUSTER FORGET MYID',
      'CLUSTER COUNT-FAILURE-REPORTS abc', 'CLUSTER COUNT-FAILURE-REPORTS MYID', 'CLUSTER MEET 1.2.3.4 x', 'CLUSTER MEET 1.2.3.4 70000',
      'CLUSTER RESET bogus', 'CLUSTER SET-CONFIG-EPOCH -1', 'CLUSTER REPLICAS abc', 'CLUSTER REPLICAS MYID', 'CLUSTER FAILOVER', 'CLUSTER KEYSLOT {}a',
      'CLUSTER BOGUS', 'READONLY', 'READWRITE', 'ASKING', 'CLUSTER BUMPEPOCH', 'CLUSTER BUMPEPOCH', 'CLUSTER SET-CONFIG-EPOCH 5',
      'CLUSTER ADDSLOTSRANGE 200 202 204 204', 'CLUSTER ADDSLOTS 203', 'CLUSTER INFO',
      '#sleep 2200', // a master turns ok only after 2 s (CLUSTER_WRITABLE_DELAY)
      'CLUSTER INFO', 'SET a 1', 'SET foo 1', 'GET a', 'MOVE a 1', 'SWAPDB 0 1', 'COPY a b DB 1', 'COPY a {a}b DB 0', 'COPY a {a}b DB 0 REPLACE', 'CLUSTER HELP', 'MSET a 1 b 2', 'MSET {a}x 1 {a}y 2', 'MGET {a}x {a}y a', 'EVAL return 1 2 a b', 'EVAL return 1 0',
      'MULTI', 'SET {x}1 a', 'SET y b', 'EXEC', 'EXEC', 'MULTI', 'SET {x}1 a', 'GET {x}2', 'EXEC',
      'CLUSTER COUNTKEYSINSLOT 15495', 'CLUSTER GETKEYSINSLOT 15495 10', 'CLUSTER FLUSHSLOTS', 'CLUSTER RESET',
      'CLUSTER SETSLOT 15495 migrating MYID', 'GET nonexist{a}', 'CLUSTER NODES', 'CLUSTER SETSLOT 15495 stable', 'CLUSTER SETSLOT 15495 node MYID',
      'HELLO 3', 'CLUSTER INFO', 'CLUSTER NODES', 'CLUSTER SHARDS', 'CLUSTER SLOTS', 'HELLO 2', 'CLUSTER SAVECONFIG',
      'FLUSHALL', 'CLUSTER DELSLOTS 100', 'CLUSTER INFO', 'GET a', 'CLUSTER FLUSHSLOTS', 'CLUSTER INFO', 'CLUSTER SLOTS',
      'CLUSTER RESET HARD', 'CLUSTER INFO',
    ].map((s) => (s.startsWith('#sleep') ? ['#sleep', s.split(' ')[1]!] : s.startsWith('EVAL') ? ['EVAL', 'return 1', ...s.split(' ').slice(3)] : w(s)));
    // HELLO replies carry the client id: compare them apart.
    const diffs = (await diff(a, b, script)).filter((d) => !d.startsWith('HELLO'));
    assert.deepEqual(diffs, []);
    const info = await a.client.call('INFO', 'cluster');
    assert.match(info, /cluster_enabled:1/);
  } finally {
    await a.close();
    await b.close();
    rmSync(d1, { recursive: true, force: true });
    rmSync(d2, { recursive: true, force: true });
  }
});

test('cluster: MOVED, ASK, ASKING, TRYAGAIN with another node known from nodes.conf', { skip: hasRedis() ? false : NO_REDIS_MESSAGE }, async () => {
  const other = 'b'.repeat(40);
  const conf = (myId: string, port: number): string =>
    `${myId} 127.0.0.1:${port}@${port + 10000} myself,master - 0 0 1 connected 0-8000\n` +
    `${other} 127.0.0.1:7999@17999 master - 0 0 2 connected 8001-16383\n` +
    'vars currentEpoch 2 lastVoteEpoch 0\n';
  const d1 = mkdtempSync(join(tmpdir(), 'tsredis-cl-'));
  const d2 = mkdtempSync(join(tmpdir(), 'tsredis-cl-'));
  const p1 = await freePort();
  const p2 = await freePort();
  writeFileSync(join(d1, 'nodes.conf'), conf('a'.repeat(40), p1));
  writeFileSync(join(d2, 'nodes.conf'), conf('a'.repeat(40), p2));
  const a = await tsNode(d1, p1);
  const b = await redisNode(d2, p2);
  try {
    assert.equal(a.id, 'a'.repeat(40));
    const k1 = 'key:1'; // slot 4444? computed below, asserted < 8001
    const s1 = keyHashSlot(k1);
    const kOther = 'foo'; // 12182
    assert.ok(s1 <= 8000 && keyHashSlot(kOther) > 8000);
    const script = [
      '#sleep 2200',
      'CLUSTER INFO', `SET ${k1} v`, `GET ${kOther}`, `SET ${kOther} v`, `MSET ${k1} 1 ${kOther} 2`, 'CLUSTER NODES', 'CLUSTER SLOTS',
      `CLUSTER SETSLOT ${s1} migrating ${other}`, `GET ${k1}`, `GET {${k1}}missing`, `MGET ${k1} {${k1}}missing`, 'CLUSTER NODES',
      `CLUSTER SETSLOT ${s1} stable`, `CLUSTER SETSLOT ${keyHashSlot(kOther)} importing ${other}`, `GET ${kOther}`, 'ASKING', `GET ${kOther}`,
      `GET ${kOther}`, 'ASKING', 'PING', `GET ${kOther}`, 'ASKING', 'MULTI', `GET ${kOther}`, 'PING', `SET ${kOther} z`, 'EXEC', `GET ${kOther}`,
      'ASKING', `SET ${kOther} x`, `CLUSTER SETSLOT ${keyHashSlot(kOther)} node MYID`, 'CLUSTER INFO', `GET ${kOther}`,
      `CLUSTER SETSLOT ${s1} node ${other}`, `DEL ${k1}`, `CLUSTER SETSLOT ${s1} node ${other}`, `GET ${k1}`, 'READONLY', `GET ${k1}`,
      `CLUSTER COUNT-FAILURE-REPORTS ${other}`, `CLUSTER REPLICAS ${other}`, `CLUSTER FORGET ${other}`, 'CLUSTER INFO', 'CLUSTER NODES',
    ].map((s) => (s.startsWith('#sleep') ? ['#sleep', s.split(' ')[1]!] : w(s)));
    // Redis also gossips with the unreachable node (link state, ping times): lines of
    // the other node differ and are left out of the comparison.
    const all = await diff(a, b, script);
    if (process.env.CLUSTER_TEST_VERBOSE) console.log(all.join('\n'));
    const diffs = all.filter((d) => !(d.startsWith('CLUSTER NODES') || d.startsWith('CLUSTER INFO')));
    assert.deepEqual(diffs, []);
    // nodes.conf keeps what changed (slot moved, node forgotten, epochs).
    const saved = readFileSync(join(d1, 'nodes.conf'), 'latin1');
    assert.doesNotMatch(saved, /bbbbbbbb/);
    assert.match(saved, /^a{40} 127\.0\.0\.1:\d+@\d+ myself,master - 0 0 3 connected /m);
  } finally {
    await a.close();
    await b.close();
    rmSync(d1, { recursive: true, force: true });
    rmSync(d2, { recursive: true, force: true });
  }
});

test('cluster: nodes.conf survives a restart; ioredis Cluster on a single node', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsredis-cl-'));
  const port = await freePort();
  let a = await tsNode(dir, port);
  try {
    const id = a.id;
    assert.equal(await a.client.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383'), '+OK\r\n');
    assert.equal(await a.client.call('CLUSTER', 'SET-CONFIG-EPOCH', '7'), '+OK\r\n');
    await a.close();
    // Without a cluster bus the node learns no address of its own: clients such as
    // ioredis need one in CLUSTER SLOTS (a lone redis-server needs it as well).
    a = await tsNode(dir, port, { clusterAnnounceIp: '127.0.0.1' });
    assert.equal(a.id, id);
    const nodes = `${id} 127.0.0.1:${port}@${a.cport} myself,master - 0 0 7 connected 0-16383\n`;
    assert.equal(await a.client.call('CLUSTER', 'NODES'), `$${nodes.length}\r\n${nodes}\r\n`);
    await sleep(2200);
    const cl = new Cluster([{ host: '127.0.0.1', port }], { lazyConnect: true, redisOptions: { maxRetriesPerRequest: 2 } });
    try {
      await cl.connect();
      await cl.set('{u1}a', '1');
      await cl.set('{u1}b', '2');
      assert.deepEqual(await cl.mget('{u1}a', '{u1}b'), ['1', '2']);
      await assert.rejects(cl.mget('x', 'y'), /CROSSSLOT/);
    } finally {
      cl.disconnect();
    }
  } finally {
    await a.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cluster: three tsredis nodes joined with CLUSTER MEET (tsredis bus), ioredis Cluster routes by MOVED', async () => {
  const dirs = [0, 1, 2].map(() => mkdtempSync(join(tmpdir(), 'tsredis-cl-')));
  const nodes: Node[] = [];
  try {
    for (const d of dirs) nodes.push(await tsNode(d, await freePort()));
    const ranges = [['0', '5460'], ['5461', '10922'], ['10923', '16383']];
    for (let i = 0; i < 3; i++) assert.equal(await nodes[i]!.client.call('CLUSTER', 'ADDSLOTSRANGE', ...ranges[i]!), '+OK\r\n');
    for (let i = 1; i < 3; i++) assert.equal(await nodes[0]!.client.call('CLUSTER', 'MEET', '127.0.0.1', String(nodes[i]!.port), String(nodes[i]!.cport)), '+OK\r\n');
    // Every node learns every other one (node 2 about node 1 by gossip) and all slots.
    for (const n of nodes) {
      for (let t = 0; ; t++) {
        const info = await n.client.call('CLUSTER', 'INFO');
        if (info.includes('cluster_state:ok') && info.includes('cluster_known_nodes:3')) break;
        if (t > 100) assert.fail(`node did not converge: ${info}`);
        await sleep(50);
      }
    }
    assert.match(await nodes[0]!.client.call('INFO', 'clients'), /cluster_connections:4\r\n/);
    const k = 'foo'; // slot 12182: node 2
    assert.equal(await nodes[0]!.client.call('GET', k), `-MOVED 12182 127.0.0.1:${nodes[2]!.port}\r\n`);
    const cl = new Cluster([{ host: '127.0.0.1', port: nodes[0]!.port }], { lazyConnect: true });
    try {
      await cl.connect();
      for (let i = 0; i < 60; i++) await cl.set(`k${i}`, String(i));
      for (let i = 0; i < 60; i++) assert.equal(await cl.get(`k${i}`), String(i));
    } finally {
      cl.disconnect();
    }
    const nr = createCluster({ rootNodes: [{ url: `redis://127.0.0.1:${nodes[1]!.port}` }] });
    nr.on('error', () => {});
    try {
      await nr.connect();
      for (let i = 0; i < 60; i++) assert.equal(await nr.get(`k${i}`), String(i));
      await nr.set('{k1}x', 'y');
      assert.equal(await nr.get('{k1}x'), 'y');
      await nr.del('{k1}x');
    } finally {
      await nr.disconnect();
    }
    let total = 0;
    for (const n of nodes) {
      const size = Number((await n.client.call('DBSIZE')).slice(1, -2));
      assert.ok(size > 0);
      total += size;
    }
    assert.equal(total, 60);
  } finally {
    for (const n of nodes) await n.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});

test('cluster: redis-cli --cluster create / check on three tsredis nodes', async () => {
  const dirs = [0, 1, 2].map(() => mkdtempSync(join(tmpdir(), 'tsredis-cl-')));
  const nodes: Node[] = [];
  try {
    for (const d of dirs) nodes.push(await tsNode(d, await freePort()));
    const addrs = nodes.map((n) => `127.0.0.1:${n.port}`);
    const create = await runProcess('redis-cli', ['--cluster', 'create', ...addrs, '--cluster-yes'], { timeoutMs: 20_000 });
    assert.equal(create.code, 0, create.out + create.err);
    assert.match(create.out, /All 16384 slots covered/);
    const check = await runProcess('redis-cli', ['--cluster', 'check', addrs[1]!], { timeoutMs: 10_000 });
    assert.match(check.out, /All nodes agree about slots configuration/);
    // A fresh master serves only 2 s after start (CLUSTER_WRITABLE_DELAY).
    for (let t = 0; !(await nodes[0]!.client.call('CLUSTER', 'INFO')).includes('cluster_state:ok'); t++) {
      if (t > 100) assert.fail('cluster did not turn ok');
      await sleep(50);
    }
    const set = await runProcess('redis-cli', ['-c', '-p', String(nodes[0]!.port), 'SET', 'foo', 'bar'], { timeoutMs: 10_000 });
    assert.equal(set.out, 'OK\n');
    assert.equal(await nodes[2]!.client.call('GET', 'foo'), '$3\r\nbar\r\n');
  } finally {
    for (const n of nodes) await n.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});
