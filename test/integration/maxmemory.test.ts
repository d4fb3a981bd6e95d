// maxmemory against the oracle where the outcome is deterministic: with maxmemory 1 both
// servers are always over the limit, so which commands are refused (denyoom ones only),
// the OOM error bytes (RESP2/RESP3), errorstats/rejected_calls, which keys each policy
// may evict (all keys / only keys with a TTL), CLIENT PAUSE stopping eviction, and the
// config and INFO fields. Eviction side effects (DEL/UNLINK propagation, modified-key
// hooks) and LRU quality under real memory pressure are checked on tsredis alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawClient, startTsredis, sharedPair } from '../helpers.js';
import { lruClock } from '../../src/store/keyspace.js';
import v8 from 'node:v8';
import vm from 'node:vm';

// A full GC before measuring, so the test's own garbage (it shares the server's heap)
// does not decide how much gets evicted.
v8.setFlagsFromString('--expose-gc');
const fullGc = vm.runInNewContext('gc') as () => void;

const OOM = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";

const oracle = sharedPair();

/** Run on both and assert identical replies; returns the reply. */
async function same(...args: (string | number)[]): Promise<string> {
  const [a, b] = await oracle.pair!.both(...args);
  assert.equal(a, b, `reply to ${args.join(' ')}`);
  return a;
}

/** One field of an INFO section, from both servers. */
async function infoField(section: string, field: string): Promise<[string | undefined, string | undefined]> {
  const [a, b] = await oracle.pair!.both('INFO', section);
  const get = (r: string): string | undefined => r.split('\r\n').find((l) => l.startsWith(field + ':'));
  return [get(a), get(b)];
}

async function reset(policy: string): Promise<void> {
  await same('CONFIG', 'SET', 'maxmemory', '0');
  await same('SELECT', '0');
  await same('FLUSHALL');
  await same('CONFIG', 'RESETSTAT');
  await same('CONFIG', 'SET', 'maxmemory-policy', policy);
}

oracle.test('noeviction: only denyoom commands are refused, with the exact OOM error', async (pair) => {
  await reset('noeviction');
  await same('SET', 's', 'hello');
  await same('SET', 'i', '10');
  await same('SET', 'b', 'x');
  await same('CONFIG', 'SET', 'maxmemory', '1');
  const cmds: (string | number)[][] = [
    ['SET', 'a', '1'], ['GET', 's'], ['SETNX', 'n', '1'], ['MSET', 'x', '1'], ['MSETNX', 'x', '1'],
    ['APPEND', 's', 'x'], ['INCR', 'i'], ['INCRBY', 'i', 2], ['DECR', 'i'], ['DECRBY', 'i', 1],
    ['INCRBYFLOAT', 'i', '1.5'], ['SETRANGE', 's', 0, 'x'], ['SETBIT', 'b', 1, 1], ['GETSET', 's', 'y'],
    ['SETEX', 'e', 10, 'v'], ['PSETEX', 'e', 10, 'v'], ['COPY', 's', 's2'], ['BITOP', 'AND', 'd', 's'],
    ['BITFIELD', 'b', 'GET', 'u8', 0], ['BITFIELD_RO', 'b', 'GET', 'u8', 0], ['GETEX', 's', 'EX', 100],
    ['EXPIRE', 's', 100], ['PERSIST', 's'], ['RENAME', 'b', 'b2'], ['MOVE', 'b2', 1], ['STRLEN', 's'],
    ['MGET', 's', 'i'], ['GETRANGE', 's', 0, -1], ['TOUCH', 's'], ['TYPE', 's'], ['EXISTS', 's'],
    ['GETDEL', 'i'], ['UNLINK', 'nosuch'], ['DEL', 's'], ['DBSIZE'], ['PING'], ['ECHO', 'x'],
    ['CLIENT', 'NO-EVICT', 'on'], ['SET', 'a', '1'], ['CLIENT', 'NO-EVICT', 'off'],
  ];
  let refused = 0;
  for (const c of cmds) if ((await same(...c)) === OOM) refused++;
  assert.ok(refused >= 15, `only ${refused} commands refused`);
  const [a, b] = await pair.both('INFO', 'errorstats');
  assert.equal(a, b);
  assert.match(a, /errorstat_OOM:count=\d+/);
  const [sa, sb] = await infoField('commandstats', 'cmdstat_set');
  assert.equal(sa?.replace(/usec=[^,]*,usec_per_call=[^,]*,/, ''), sb?.replace(/usec=[^,]*,usec_per_call=[^,]*,/, ''));
  // RESP3 error framing is the same simple error.
  await pair.both('HELLO', '3'); // (the replies differ in the client id)
  assert.equal(await same('SET', 'a', '1'), OOM);
  await pair.both('HELLO', '2');
  await same('CONFIG', 'SET', 'maxmemory', '0');
  assert.equal(await same('SET', 'a', '1'), '+OK\r\n');
});

for (const policy of ['allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl']) {
  oracle.test(`${policy}: the keys that can be evicted are gone, the rest stay, then OOM`, async (pair) => {
    await reset(policy);
    for (const db of ['0', '3']) {
      await same('SELECT', db);
      for (let i = 0; i < 5; i++) await same('SET', `p${i}`, 'v');
      for (let i = 0; i < 5; i++) await same('SET', `t${i}`, 'v', 'EX', 1000 + i);
    }
    await same('SELECT', '0');
    await same('CONFIG', 'SET', 'maxmemory', '1');
    assert.equal(await same('SET', 'new', 'v'), OOM);
    const volatileOnly = policy.startsWith('volatile');
    for (const db of ['0', '3']) {
      await same('SELECT', db);
      assert.equal(await same('DBSIZE'), volatileOnly ? ':5\r\n' : ':0\r\n');
      assert.equal(await same('EXISTS', 'p0', 'p4'), volatileOnly ? ':2\r\n' : ':0\r\n');
    }
    const [ea, eb] = await infoField('stats', 'evicted_keys');
    assert.equal(ea, eb);
    assert.equal(ea, `evicted_keys:${volatileOnly ? 10 : 20}`);
    // Non-denyoom writes still run; reads still run.
    assert.equal(await same('DEL', 'p1'), volatileOnly ? ':1\r\n' : ':0\r\n');
    await same('GET', 'p0');
    await same('CONFIG', 'SET', 'maxmemory', '0');
    await same('SELECT', '0');
  });
}

oracle.test('CLIENT PAUSE stops eviction until unpaused', async (pair) => {
  await reset('allkeys-random');
  await same('MSET', 'a', '1', 'b', '2', 'c', '3');
  await same('CLIENT', 'PAUSE', '10000', 'WRITE');
  await same('CONFIG', 'SET', 'maxmemory', '1');
  await new Promise((r) => setTimeout(r, 20)); // let the background eviction loop run
  assert.equal(await same('DBSIZE'), ':3\r\n');
  assert.equal(await same('GET', 'a'), '$1\r\n1\r\n');
  await same('CLIENT', 'UNPAUSE');
  assert.equal(await same('DBSIZE'), ':0\r\n');
  await same('CONFIG', 'SET', 'maxmemory', '0');
});

oracle.test('maxmemory config values and INFO fields match', async (pair) => {
  await reset('noeviction');
  for (const p of ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction', 'ALLKEYS-LRU', 'bogus', '']) {
    await same('CONFIG', 'SET', 'maxmemory-policy', p);
    await same('CONFIG', 'GET', 'maxmemory-policy');
  }
  for (const [k, v] of [['maxmemory-samples', '10'], ['maxmemory-samples', '0'], ['maxmemory-eviction-tenacity', '50'], ['maxmemory-eviction-tenacity', '101'], ['maxmemory', '100mb'], ['maxmemory', '-1'], ['maxmemory', '3gb']]) {
    await same('CONFIG', 'SET', k!, v!);
    await same('CONFIG', 'GET', k!);
  }
  await same('CONFIG', 'SET', 'maxmemory-policy', 'volatile-ttl');
  for (const f of ['maxmemory', 'maxmemory_human', 'maxmemory_policy', 'mem_not_counted_for_evict']) {
    const [a, b] = await infoField('memory', f);
    assert.ok(a !== undefined, f);
    assert.equal(a, b);
  }
  const [ea, eb] = await infoField('stats', 'evicted_keys');
  assert.equal(ea, eb);
  await same('CONFIG', 'SET', 'maxmemory', '0');
  await same('CONFIG', 'SET', 'maxmemory-samples', '5');
  await same('CONFIG', 'SET', 'maxmemory-eviction-tenacity', '10');
});

test('evicted keys are propagated as DEL (UNLINK with lazyfree-lazy-eviction) and signalled', async () => {
  const ts = await startTsredis({ maxmemoryPolicy: 'allkeys-random' });
  const c = await RawClient.connect(ts.port);
  try {
    const propagated: string[] = [];
    const modified: string[] = [];
    ts.server.propagateHooks.push((db, argv) => propagated.push(`${db} ${argv.join(' ')}`));
    ts.server.keyModifiedHooks.push((db, key) => modified.push(`${db.id} ${key}`));
    await c.call('SET', 'a', '1');
    await c.call('SELECT', '2');
    await c.call('SET', 'b', '2');
    propagated.length = modified.length = 0;
    assert.equal(await c.call('CONFIG', 'SET', 'maxmemory', '1'), '+OK\r\n');
    assert.equal(await c.call('PING'), '+PONG\r\n');
    assert.deepEqual(propagated.sort(), ['0 DEL a', '2 DEL b']);
    assert.deepEqual(modified.sort(), ['0 a', '2 b']);
    assert.match(await c.call('INFO', 'stats'), /evicted_keys:2\r\n/);
    await c.call('CONFIG', 'SET', 'maxmemory', '0');
    await c.call('CONFIG', 'SET', 'lazyfree-lazy-eviction', 'yes');
    await c.call('SET', 'c', '3');
    propagated.length = 0;
    await c.call('CONFIG', 'SET', 'maxmemory', '1');
    assert.equal(await c.call('SET', 'd', '4'), OOM);
    assert.ok(propagated.includes('2 UNLINK c'), propagated.join(','));
  } finally {
    c.close();
    await ts.close();
  }
});

test('allkeys-lru under real memory pressure evicts idle keys first and ends under the limit', async () => {
  const ts = await startTsredis({ maxmemoryPolicy: 'allkeys-lru' });
  const c = await RawClient.connect(ts.port);
  try {
    const N = 2000;
    const value = 'x'.repeat(16 * 1024);
    // Pipelined writes: 2000 keys of 16 KB (~32 MB of JS heap strings).
    const batch = 200;
    for (let i = 0; i < N; i += batch) {
      const replies: Promise<string>[] = [];
      for (let j = i; j < i + batch; j++) c.write(`*3\r\n$3\r\nSET\r\n$${String(j).length + 1}\r\nk${j}\r\n$${value.length}\r\n${value}\r\n`);
      for (let j = i; j < i + batch; j++) replies.push(c.readReply());
      for (const r of replies) assert.equal(await r, '+OK\r\n');
    }
    // Make the even keys idle for 1000 s.
    const db = ts.server.dbs[0]!;
    const old = (lruClock() - 1000) & 0xffffff;
    for (let i = 0; i < N; i += 2) db.setAccessStamp(`k${i}`, old);
    // Ask for ~12 MB (~750 keys) to be freed.
    // (V8 sweeps lazily after a full GC, so the heap figure settles over a few ms.)
    let used = Infinity;
    for (let i = 0; i < 6; i++) {
      fullGc();
      await new Promise((r) => setTimeout(r, 15));
      ts.server.memory.invalidate();
      used = Math.min(used, ts.server.usedMemory());
    }
    const limit = used - 12 * 1024 * 1024;
    assert.equal(await c.call('CONFIG', 'SET', 'maxmemory', String(limit)), '+OK\r\n');
    assert.equal(await c.call('SET', 'trigger', 'v'), '+OK\r\n');
    // Past the per-command time budget eviction goes on in the background: wait until it
    // stops (the test's own allocations share this heap, so "under the limit" is noisy).
    const stats = ts.server.stats;
    for (let last = -1, i = 0; stats.evictedKeys !== last && i < 200; i++) {
      last = stats.evictedKeys;
      await new Promise((r) => setTimeout(r, 20));
    }
    const evicted = stats.evictedKeys;
    let oldLeft = 0;
    let newLeft = 0;
    for (let i = 0; i < N; i++) {
      if (db.peek(`k${i}`) === undefined) continue;
      if (i % 2 === 0) oldLeft++;
      else newLeft++;
    }
    assert.ok(evicted > 100, `evicted ${evicted}`);
    assert.equal(evicted, 2 * N - oldLeft - newLeft - N);
    assert.ok(oldLeft < newLeft, `idle keys left ${oldLeft}, recent keys left ${newLeft}`);
    assert.ok(newLeft >= N / 2 - 50 || oldLeft === 0, `recent keys evicted while idle ones remained (${oldLeft} idle left)`);
    const info = await c.call('INFO', 'memory');
    const reported = Number(/used_memory:(\d+)/.exec(info)![1]);
    assert.ok(reported <= limit + 1024 * 1024, `used_memory ${reported} > maxmemory ${limit}`);
    assert.match(info, new RegExp(`maxmemory:${limit}\\r\\n`));
  } finally {
    c.close();
    await ts.close();
  }
});
