// DEBUG against the oracle: the enable-debug-command gate, subcommand errors, PROTOCOL
// shapes in RESP2 and RESP3, OBJECT format, POPULATE, SET-ACTIVE-EXPIRE; and DIGEST's
// contract (zeros when empty, changes with content, equal for equal content).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawClient, hasRedis, NO_REDIS_MESSAGE, startTsredis, withServers, sharedPair, assertSameReplies } from '../helpers.js';

const oracle = sharedPair({ standalone: { 'enable-debug-command': 'yes' } });

const NOT_ALLOWED =
  '-ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.\r\n';

test('DEBUG is refused unless enable-debug-command allows it', async () => {
  const off = await startTsredis();
  const local = await startTsredis({ 'enable-debug-command': 'local' });
  try {
    const c = await RawClient.connect(off.port);
    assert.equal(await c.call('DEBUG', 'HELP'), NOT_ALLOWED);
    assert.equal(await c.call('DEBUG'), "-ERR wrong number of arguments for 'debug' command\r\n");
    c.close();
    const l = await RawClient.connect(local.port);
    assert.match(await l.call('DEBUG', 'HELP'), /^\*\d+\r\n\+DEBUG <subcommand>/);
    // Redis runs a multi-second glob fuzz test here; tsredis only gives its reply.
    assert.equal(await l.call('DEBUG', 'STRINGMATCH-TEST'), '+Apparently Redis did not crash: test passed\r\n');
    l.close();
  } finally {
    await off.close();
    await local.close();
  }
});

test('DEBUG refusal text matches the oracle', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  await withServers({}, ['--enable-debug-command', 'no'], async (off, redis) => {
    const a = await RawClient.connect(off.port);
    const b = await RawClient.connect(redis.port);
    assert.equal(await a.call('DEBUG', 'SLEEP', '0'), await b.call('DEBUG', 'SLEEP', '0'));
    a.close();
    b.close();
  });
});

oracle.test('DEBUG subcommand replies and errors match the oracle', async (pair) => {
  await pair.both('FLUSHALL');
  await assertSameReplies(pair, [
    ['DEBUG', 'HELP'],
    ['DEBUG', 'foo'],
    ['DEBUG', 'jmap'],
    ['DEBUG', 'object', 'nokey'],
    ['DEBUG', 'object'],
    ['DEBUG', 'sleep'],
    ['DEBUG', 'sleep', '0'],
    ['DEBUG', 'sleep', 'x'],
    ['DEBUG', 'set-active-expire'],
    ['DEBUG', 'set-active-expire', '1'],
    ['DEBUG', 'quicklist-packed-threshold', '100'],
    ['DEBUG', 'quicklist-packed-threshold', '1gb'],
    ['DEBUG', 'quicklist-packed-threshold', 'x'],
    ['DEBUG', 'quicklist-packed-threshold', '5gb'],
    ['DEBUG', 'quicklist-packed-threshold', '0'],
    ['DEBUG', 'quicklist-packed-threshold', 'kb'],
    ['DEBUG', 'quicklist-packed-threshold', '-1'],
    ['DEBUG', 'quicklist-packed-threshold', '1.5'],
    ['DEBUG', 'quicklist-packed-threshold', '+5'],
    ['DEBUG', 'quicklist-packed-threshold', '4095mb'],
    ['DEBUG', 'quicklist-packed-threshold', '4293918721'],
    ['DEBUG', 'pause-cron', '0'],
    ['DEBUG', 'replybuffer', 'peak-reset-time', 'never'],
    ['DEBUG', 'replybuffer', 'peak-reset-time', '100'],
    ['DEBUG', 'replybuffer', 'peak-reset-time', 'x'],
    ['DEBUG', 'replybuffer', 'peak-reset-time', 'reset'],
    ['DEBUG', 'replybuffer', 'resizing', '1'],
    ['DEBUG', 'replybuffer', 'foo'],
    ['DEBUG', 'replybuffer', 'foo', 'bar'],
    ['DEBUG', 'log', 'hello from the test'],
    ['DEBUG', 'change-repl-id'],
    ['DEBUG', 'error', 'custom message'],
    ['DEBUG', 'error', 'ERR custom'],
    ['DEBUG', 'set-skip-checksum-validation', '0'],
    ['DEBUG', 'reload', 'foo'],
    ['DEBUG', 'digest'],
    ['DEBUG', 'digest-value'],
    ['DEBUG', 'digest-value', 'nokey', 'nokey2'],
    ['DEBUG', 'populate', 'x'],
    ['DEBUG', 'populate', '-1'],
    ['DEBUG', 'populate', '1', 'k', 'x'],
    ['DEBUG', 'populate', '3'],
    ['DEBUG', 'populate', '2', 'pre', '12'],
    ['DEBUG', 'populate', '2', 'short', '3'],
    ['GET', 'key:2'],
    ['GET', 'pre:1'],
    ['GET', 'short:1'],
    ['DBSIZE'],
  ]);
});

oracle.test('DEBUG PROTOCOL shapes in RESP2 and RESP3', async (pair) => {
  const types = ['string', 'integer', 'double', 'bignum', 'null', 'array', 'set', 'map', 'attrib', 'push', 'verbatim', 'true', 'false', 'nosuch', 'STRING'];
  await assertSameReplies(pair, types.map((ty) => ['DEBUG', 'PROTOCOL', ty]));
  await pair.both('HELLO', '3');
  for (const ty of types) {
    const cmd = ['DEBUG', 'PROTOCOL', ty];
    const [a, b] = await pair.both(...cmd);
    if (ty === 'push') {
      // A push message followed by the real reply: read the second part too.
      assert.equal(a, b);
      assert.equal(await pair.a.readReply(), await pair.b.readReply());
      continue;
    }
    assert.equal(a, b, `reply to ${cmd.join(' ')} (RESP3)`);
  }
  await pair.both('HELLO', '2');
});

oracle.test('DEBUG OBJECT reports encodings and serialized lengths like the oracle', async (pair) => {
  const values = ['5', '123456789012', 'b', 'x'.repeat(44), '-7', '100000', 'hello world '.repeat(10), 'x'.repeat(45)];
  for (const [i, v] of values.entries()) {
    await pair.both('SET', `obj:${i}`, v);
    const [a, b] = await pair.both('DEBUG', 'OBJECT', `obj:${i}`);
    const re = /^\+Value at:0x[0-9a-f]+ refcount:(\d+) encoding:(\w+) serializedlength:(\d+) lru:\d+ lru_seconds_idle:\d+\r\n$/;
    const ma = re.exec(a);
    const mb = re.exec(b);
    assert.ok(ma, a);
    assert.ok(mb, b);
    assert.deepEqual(ma.slice(1), mb.slice(1), `DEBUG OBJECT of ${JSON.stringify(v)}`);
  }
});

oracle.test('DEBUG SET-ACTIVE-EXPIRE 0 leaves expired keys in place until accessed', async (pair) => {
  await pair.both('FLUSHALL');
  await assertSameReplies(pair, [['DEBUG', 'SET-ACTIVE-EXPIRE', '0'], ['SET', 'gone', 'v', 'PX', '1']]);
  await new Promise((r) => setTimeout(r, 300));
  await assertSameReplies(pair, [['DBSIZE'], ['GET', 'gone'], ['DBSIZE'], ['DEBUG', 'SET-ACTIVE-EXPIRE', '1']]);
});

test('DEBUG DIGEST is a content digest', async () => {
  const c = await RawClient.connect(oracle.ts.port);
  try {
    const digest = async (): Promise<string> => (await c.call('DEBUG', 'DIGEST')).slice(1, -2);
    await c.call('FLUSHALL');
    const zero = '0'.repeat(40);
    assert.equal(await digest(), zero);
    await c.call('SET', 'a', '1');
    await c.call('SET', 'b', '2');
    const d1 = await digest();
    assert.match(d1, /^[0-9a-f]{40}$/);
    assert.notEqual(d1, zero);
    await c.call('SET', 'b', '3');
    const d2 = await digest();
    assert.notEqual(d2, d1);
    await c.call('SET', 'b', '2');
    assert.equal(await digest(), d1, 'same content, same digest');
    // Insertion order does not matter.
    await c.call('FLUSHALL');
    await c.call('SET', 'b', '2');
    await c.call('SET', 'a', '1');
    assert.equal(await digest(), d1);
    // A TTL is part of the content; so is the db a key lives in.
    await c.call('PEXPIREAT', 'a', '99999999999999');
    assert.notEqual(await digest(), d1);
    await c.call('PERSIST', 'a');
    assert.equal(await digest(), d1);
    await c.call('MOVE', 'a', '1');
    assert.notEqual(await digest(), d1);
    const dv = await c.call('DEBUG', 'DIGEST-VALUE', 'b', 'missing');
    assert.match(dv, /^\*2\r\n\+[0-9a-f]{40}\r\n\+0{40}\r\n$/);
    await c.call('FLUSHALL');
    assert.equal(await digest(), zero);
  } finally {
    c.close();
  }
});

oracle.test('DEBUG DIGEST and DIGEST-VALUE equal the oracle\'s for string datasets', async (pair) => {
  await assertSameReplies(pair, [
    ['FLUSHALL'],
    ['DEBUG', 'DIGEST'],
    ['SET', 'a', 'b'],
    ['DEBUG', 'DIGEST'],
    ['SET', 'n', '12345'],
    ['SET', 'neg', '-7'],
    ['SET', 'bin', '\x00\xff\r\n'],
    ['SET', 'long', 'y'.repeat(300)],
    ['SET', 'ttl', 'v'],
    ['PEXPIRE', 'ttl', '100000'],
    ['DEBUG', 'DIGEST'],
    ['DEBUG', 'DIGEST-VALUE', 'a', 'n', 'bin', 'ttl', 'missing'],
    ['SELECT', '4'],
    ['SET', 'a', 'b'],
    ['DEBUG', 'DIGEST'],
    ['APPEND', 'a', 'c'],
    ['DEBUG', 'DIGEST-VALUE', 'a'],
    ['DEBUG', 'DIGEST'],
    ['SELECT', '0'],
    ['PERSIST', 'ttl'],
    ['DEBUG', 'DIGEST'],
  ]);
});
