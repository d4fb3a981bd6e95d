// WAIT and the blocking mechanism (park, timeout, CLIENT UNBLOCK), against real Redis:
// without replicas WAIT answers 0 at once for numreplicas <= 0, otherwise blocks until
// its timeout; a blocked client's pipelined commands wait behind it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasRedis, NO_REDIS_MESSAGE, RawClient, sleep, waitFor, withServers, withTsredis } from '../helpers.js';

/** Poll INFO clients over `c` until one client is blocked (a loaded server may take a while). */
async function waitUntilBlocked(c: RawClient): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await c.call('INFO', 'clients')).includes('\r\nblocked_clients:1\r\n')) {
    if (Date.now() > deadline) throw new Error('timeout waiting for the WAIT to block');
    await sleep(10);
  }
}

async function scenario(port: number): Promise<string[]> {
  const out: string[] = [];
  const a = await RawClient.connect(port);
  const b = await RawClient.connect(port);
  for (const args of [['WAIT', '0', '0'], ['WAIT', '-1', '0'], ['WAIT', 'x', '0'], ['WAIT', '1', 'x'], ['WAIT', '1', '-1'], ['WAIT', '0', '99999999999999999999'], ['WAIT', '1']]) {
    out.push(await a.call(...args));
  }
  // Blocks ~150 ms, then :0; the pipelined PING is answered after it.
  a.write('*3\r\n$4\r\nWAIT\r\n$1\r\n1\r\n$3\r\n150\r\n*1\r\n$4\r\nPING\r\n');
  out.push(await a.readReply(), await a.readReply());
  // Blocked forever until CLIENT UNBLOCK (TIMEOUT then ERROR forms).
  const id = (await a.call('CLIENT', 'ID')).slice(1, -2);
  for (const how of ['TIMEOUT', 'ERROR']) {
    a.write('*3\r\n$4\r\nWAIT\r\n$1\r\n1\r\n$1\r\n0\r\n');
    await waitUntilBlocked(b);
    out.push(await b.call('CLIENT', 'UNBLOCK', id, how));
    out.push(await a.readReply());
  }
  out.push(await b.call('CLIENT', 'UNBLOCK', id));
  a.close();
  b.close();
  return out;
}

test('WAIT without replicas and CLIENT UNBLOCK match Redis', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  await withServers({}, [], async (ts, redis) => {
    assert.deepEqual(await scenario(ts.port), await scenario(redis.port));
  });
});

test('a client closed while blocked leaves nothing behind', async () => {
  await withTsredis({}, async (ts) => {
    const a = await RawClient.connect(ts.port);
    a.write('*3\r\n$4\r\nWAIT\r\n$1\r\n1\r\n$1\r\n0\r\n');
    await waitFor(() => ts.server.blockedClients.size > 0, 5000, 'the WAIT to block').catch(() => {});
    assert.equal(ts.server.blockedClients.size, 1);
    a.close();
    await waitFor(() => ts.server.blockedClients.size === 0, 5000, 'the blocked client to be freed').catch(() => {});
    assert.equal(ts.server.blockedClients.size, 0);
  });
});
