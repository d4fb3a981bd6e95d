// WAIT and the blocking mechanism (park, timeout, CLIENT UNBLOCK), against real Redis:
// without replicas WAIT answers 0 at once for numreplicas <= 0, otherwise blocks until
// its timeout; a blocked client's pipelined commands wait behind it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasRedis, NO_REDIS_MESSAGE, RawClient, startRedis, startTsredis } from '../helpers.js';

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
    await new Promise((r) => setTimeout(r, 50));
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
  const ts = await startTsredis();
  const redis = await startRedis();
  try {
    assert.deepEqual(await scenario(ts.port), await scenario(redis.port));
  } finally {
    await ts.close();
    await redis.close();
  }
});

test('a client closed while blocked leaves nothing behind', async () => {
  const ts = await startTsredis();
  try {
    const a = await RawClient.connect(ts.port);
    a.write('*3\r\n$4\r\nWAIT\r\n$1\r\n1\r\n$1\r\n0\r\n');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(ts.server.blockedClients.size, 1);
    a.close();
    for (let i = 0; i < 50 && ts.server.blockedClients.size > 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(ts.server.blockedClients.size, 0);
  } finally {
    await ts.close();
  }
});
