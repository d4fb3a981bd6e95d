// Key expiry: lazy reclamation on access, the active cycle reclaiming keys nobody reads,
// millisecond precision, TTL rounding, expired keys hidden from every read path, and
// differential checks of the TTL replies against the oracle in RESP2 and RESP3.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Pair, hasRedis, NO_REDIS_MESSAGE, sharedTsredis, sleep } from '../helpers.js';
import { setFrozenTime } from '../../src/util/clock.js';

const local = sharedTsredis();
after(() => setFrozenTime(null));

async function reset(): Promise<void> {
  for (const db of local.srv.server.dbs) db.clear();
  local.srv.server.activeExpireEnabled = true;
}

test('TTL and PTTL: -2 for missing keys, -1 without expiry, rounding of seconds', async () => {
  await reset();
  assert.equal(await local.client.call('TTL', 'nope'), ':-2\r\n');
  assert.equal(await local.client.call('PTTL', 'nope'), ':-2\r\n');
  assert.equal(await local.client.call('EXPIRETIME', 'nope'), ':-2\r\n');
  await local.client.call('SET', 'k', 'v');
  assert.equal(await local.client.call('TTL', 'k'), ':-1\r\n');
  assert.equal(await local.client.call('PEXPIRETIME', 'k'), ':-1\r\n');
  const t0 = 1_900_000_000_000;
  setFrozenTime(t0);
  try {
    assert.equal(await local.client.call('PEXPIRE', 'k', '1500'), ':1\r\n');
    assert.equal(await local.client.call('PTTL', 'k'), ':1500\r\n');
    assert.equal(await local.client.call('TTL', 'k'), ':2\r\n'); // (1500 + 500) / 1000
    assert.equal(await local.client.call('PEXPIRETIME', 'k'), `:${t0 + 1500}\r\n`);
    assert.equal(await local.client.call('EXPIRETIME', 'k'), `:${Math.floor((t0 + 1500 + 500) / 1000)}\r\n`);
    setFrozenTime(t0 + 1);
    assert.equal(await local.client.call('PTTL', 'k'), ':1499\r\n');
    assert.equal(await local.client.call('TTL', 'k'), ':1\r\n');
    setFrozenTime(t0 + 1000);
    assert.equal(await local.client.call('TTL', 'k'), ':1\r\n'); // 500 ms left rounds up
    setFrozenTime(t0 + 1001);
    assert.equal(await local.client.call('TTL', 'k'), ':0\r\n'); // 499 ms left rounds down
    setFrozenTime(t0 + 1499);
    assert.equal(await local.client.call('PTTL', 'k'), ':1\r\n');
    // Millisecond precision: gone exactly when its time is reached.
    setFrozenTime(t0 + 1500);
    assert.equal(await local.client.call('PTTL', 'k'), ':-2\r\n');
    assert.equal(await local.client.call('GET', 'k'), '$-1\r\n');
  } finally {
    setFrozenTime(null);
  }
});

test('lazy expiry: an expired key is reported missing by every read and reclaimed on access', async () => {
  await reset();
  local.srv.server.activeExpireEnabled = false;
  const db = local.srv.server.dbs[0]!;
  const expiredBefore = local.srv.server.stats.expiredKeys;
  for (let i = 0; i < 10; i++) {
    await local.client.call('SET', `k${i}`, 'v');
    await local.client.call('PEXPIRE', `k${i}`, '20');
  }
  await local.client.call('SET', 'live', 'v');
  await sleep(60);
  assert.equal(db.size, 11, 'nothing reclaimed while active expiry is off and no one reads');
  assert.equal(await local.client.call('KEYS', 'k*'), '*0\r\n');
  assert.equal(await local.client.call('EXISTS', 'k0', 'k1'), ':0\r\n');
  assert.equal(await local.client.call('TTL', 'k2'), ':-2\r\n');
  assert.equal(await local.client.call('TYPE', 'k3'), '+none\r\n');
  assert.equal(await local.client.call('OBJECT', 'ENCODING', 'k4'), '$-1\r\n');
  assert.equal(await local.client.call('RENAME', 'k5', 'x'), '-ERR no such key\r\n');
  assert.equal(await local.client.call('EXPIRE', 'k6', '100'), ':0\r\n');
  assert.equal(await local.client.call('PERSIST', 'k7'), ':0\r\n');
  assert.equal(await local.client.call('DUMP', 'k8'), '$-1\r\n');
  assert.equal(await local.client.call('GET', 'k9'), '$-1\r\n');
  // Keys 0-9 were each accessed once above: all reclaimed lazily.
  assert.equal(db.size, 1);
  assert.equal(local.srv.server.stats.expiredKeys - expiredBefore, 10);
  assert.equal(await local.client.call('RANDOMKEY'), '$4\r\nlive\r\n');
  // SCAN filters and reclaims expired keys too.
  await local.client.call('SET', 's', 'v');
  await local.client.call('PEXPIRE', 's', '5');
  await sleep(20);
  const reply = await local.client.call('SCAN', '0', 'COUNT', '1000');
  assert.ok(!reply.includes('\r\ns\r\n'), reply);
  assert.equal(db.size, 1);
});

test('RANDOMKEY returns null when every key has expired', async () => {
  await reset();
  local.srv.server.activeExpireEnabled = false;
  for (let i = 0; i < 5; i++) await local.client.call('SET', `r${i}`, 'v');
  for (let i = 0; i < 5; i++) await local.client.call('PEXPIRE', `r${i}`, '5');
  await sleep(20);
  assert.equal(await local.client.call('RANDOMKEY'), '$-1\r\n');
});

test('active expiry reclaims keys that are never accessed', async () => {
  await reset();
  const db = local.srv.server.dbs[0]!;
  const n = 5000;
  let batch = '';
  for (let i = 0; i < n; i++) {
    const k = `a${i}`;
    batch += `*3\r\n$3\r\nSET\r\n$${k.length}\r\n${k}\r\n$1\r\nv\r\n*3\r\n$7\r\nPEXPIRE\r\n$${k.length}\r\n${k}\r\n$2\r\n50\r\n`;
  }
  local.client.write(batch);
  for (let i = 0; i < 2 * n; i++) await local.client.readReply();
  await local.client.call('SET', 'keep', 'v');
  const deadline = Date.now() + 10000;
  while (db.size > 1 && Date.now() < deadline) {
    // The server keeps answering while the cycle runs.
    assert.equal(await local.client.call('PING'), '+PONG\r\n');
    await sleep(50);
  }
  assert.equal(db.size, 1, 'active expiry reclaimed every expired key');
  assert.equal(db.expiresCount, 0);
  assert.equal(await local.client.call('GET', 'keep'), '$1\r\nv\r\n');
});

test('EXPIRE in the past deletes at once; SET clears the TTL; PERSIST keeps the value', async () => {
  await reset();
  await local.client.call('SET', 'k', 'v');
  assert.equal(await local.client.call('EXPIRE', 'k', '0'), ':1\r\n');
  assert.equal(local.srv.server.dbs[0]!.size, 0);
  await local.client.call('SET', 'k', 'v');
  await local.client.call('EXPIRE', 'k', '100');
  await local.client.call('SET', 'k', 'v2');
  assert.equal(await local.client.call('TTL', 'k'), ':-1\r\n');
  await local.client.call('EXPIRE', 'k', '100');
  assert.equal(await local.client.call('PERSIST', 'k'), ':1\r\n');
  assert.equal(await local.client.call('TTL', 'k'), ':-1\r\n');
  assert.equal(await local.client.call('GET', 'k'), '$2\r\nv2\r\n');
  assert.equal(local.srv.server.dbs[0]!.expiresCount, 0);
});

// ---------------------------------------------------------------- differential

test('expiry replies match Redis in RESP2 and RESP3 (with lazy expiry in between)', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const pair = await Pair.start();
  try {
    for (const proto of ['2', '3']) {
      await pair.both('HELLO', proto);
      await pair.both('FLUSHALL');
      const cmds: string[][] = [
        ['SET', 'a', '1'], ['SET', 'b', '2'], ['SET', 'c', '3'],
        // 'a' must outlive the commands up to PERSIST on a loaded machine (both servers
        // have to agree whether it still exists), then expire during the sleep below.
        ['PEXPIRE', 'a', '400'], ['EXPIRE', 'b', '1000'], ['PEXPIREAT', 'c', '1'],
        ['EXISTS', 'a', 'b', 'c'], ['TTL', 'b'], ['TTL', 'c'], ['PTTL', 'missing'], ['EXPIRETIME', 'b'],
        ['EXPIRE', 'missing', '10'], ['EXPIRE', 'missing', '10', 'NX'], ['PERSIST', 'a'], ['PEXPIRE', 'a', '400'],
      ];
      for (const cmd of cmds) {
        const [x, y] = await pair.both(...cmd);
        assert.equal(x, y, `RESP${proto} ${cmd.join(' ')}`);
      }
      await sleep(500);
      for (const cmd of [['GET', 'a'], ['TTL', 'a'], ['EXISTS', 'a'], ['PERSIST', 'a'], ['EXPIRE', 'a', '5'], ['KEYS', '*'], ['TYPE', 'a'], ['DBSIZE']]) {
        const [x, y] = await pair.both(...cmd);
        assert.equal(x, y, `RESP${proto} after expiry: ${cmd.join(' ')}`);
      }
    }
  } finally {
    await pair.close();
  }
});

test('DEBUG SET-ACTIVE-EXPIRE 0: expired keys stay counted until accessed, as in Redis', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const pair = await Pair.start();
  try {
    const [x0, y0] = await pair.both('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
    assert.equal(y0, '+OK\r\n');
    if (x0 !== '+OK\r\n') return t.skip('tsredis has no DEBUG SET-ACTIVE-EXPIRE');
    await pair.both('FLUSHALL');
    for (let i = 0; i < 20; i++) {
      await pair.both('SET', `e${i}`, 'v');
      await pair.both('PEXPIRE', `e${i}`, '10');
    }
    await pair.both('SET', 'keep', 'v');
    await sleep(300);
    for (const cmd of [['DBSIZE'], ['KEYS', '*'], ['EXISTS', 'e0', 'e1', 'e2'], ['DBSIZE'], ['GET', 'e3'], ['TTL', 'e4'], ['DBSIZE'], ['RANDOMKEY']]) {
      const [x, y] = await pair.both(...cmd);
      if (cmd[0] === 'RANDOMKEY') assert.equal(x, '$4\r\nkeep\r\n');
      else assert.equal(x, y, cmd.join(' '));
    }
    const [x1, y1] = await pair.both('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
    assert.equal(x1, y1);
    // With the cycle back on, both reclaim the rest without any access.
    const deadline = Date.now() + 5000;
    let x = '';
    let y = '';
    while (Date.now() < deadline) {
      [x, y] = await pair.both('DBSIZE');
      if (x === ':1\r\n' && y === ':1\r\n') break;
      await sleep(100);
    }
    assert.equal(x, ':1\r\n');
    assert.equal(y, ':1\r\n');
  } finally {
    await pair.close();
  }
});
