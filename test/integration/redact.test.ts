// Secrets never reach MONITOR or SLOWLOG: AUTH, HELLO AUTH and sensitive CONFIG SET
// values are shown as "(redacted)", exactly as Redis 7.0 shows them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasRedis, NO_REDIS_MESSAGE, RawClient, withServers } from '../helpers.js';

const COMMANDS: string[][] = [
  ['AUTH', 'xyz'],
  ['AUTH', 'default', 'secret'],
  ['HELLO', '2', 'AUTH', 'default', 'secret', 'SETNAME', 'x'],
  ['CONFIG', 'SET', 'masterauth', 'topsecret'],
  ['CONFIG', 'SET', 'requirepass', '', 'hz', '10'],
  ['SET', 'k', 'v'],
];

/** Run COMMANDS on one server; return MONITOR lines (timestamps and ports removed) and SLOWLOG args. */
async function observe(port: number): Promise<{ monitor: string[]; slowlog: string }> {
  const mon = await RawClient.connect(port);
  assert.equal(await mon.call('MONITOR'), '+OK\r\n');
  const c = await RawClient.connect(port);
  await c.call('CONFIG', 'SET', 'slowlog-log-slower-than', '0');
  await c.call('SLOWLOG', 'RESET');
  for (const cmd of COMMANDS) await c.call(...cmd);
  const monitor: string[] = [];
  // Admin commands (CONFIG, SLOWLOG) are never shown; read until the final SET.
  for (;;) {
    const line = (await mon.readReply()).replace(/^\+[0-9.]+ \[0 [^\]]+\] /, '');
    monitor.push(line);
    if (line.startsWith('"SET"')) break;
  }
  const slowlog = (await c.call('SLOWLOG', 'GET', '100')).replace(/:\d+\r\n/g, ':N\r\n').replace(/\$\d+\r\n127\.0\.0\.1:\d+\r\n/g, 'PEER\r\n');
  mon.close();
  c.close();
  return { monitor, slowlog };
}

test('MONITOR and SLOWLOG redact passwords as Redis does', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  await withServers({}, [], async (ts, redis) => {
    const a = await observe(ts.port);
    const b = await observe(redis.port);
    assert.deepEqual(a.monitor, b.monitor);
    assert.equal(a.slowlog, b.slowlog);
    assert.ok(!a.monitor.join('').includes('secret'));
    assert.ok(!a.slowlog.includes('secret'));
  });
});
