// The network core over real sockets, compared byte for byte with real Redis where the
// behaviour is observable: protocol errors (then the close), inline splitting, requests
// split at arbitrary boundaries, unauthenticated limits, NUL bytes in headers, the query
// buffer and bulk length limits, random bytes, slow and half-open clients, pipelining and
// large values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import fc from 'fast-check';
import { hasRedis, NO_REDIS_MESSAGE, RawClient, encodeCommand, exchange, diffExchanges, splitAt, waitFor, withServers, withTsredis, type Exchange } from '../helpers.js';

const BIG = 'A'.repeat(64 * 1024 + 10);

const PROTOCOL_CASES: (string | string[])[] = [
  '*x\r\n',
  '*\r\n',
  '*+1\r\n',
  '*01\r\n',
  '*-0\r\n',
  '*1 \r\n',
  '*1\nPING\r\n',
  '*2147483648\r\n',
  '*9223372036854775808\r\n',
  '*-9223372036854775809\r\n',
  '*2147483647\r\n',
  '*-1\r\nPING\r\n',
  '*0\r\n*-5\r\nPING\r\n',
  '*1\r\n$-1\r\n',
  '*1\r\n$-0\r\n\r\n',
  '*1\r\n$04\r\nPING\r\n',
  '*1\r\n$\r\n',
  '*1\r\n$4\nPING\r\n',
  '*1\r\n$536870913\r\n',
  '*1\r\n$536870912\r\n',
  '*1\r\n$9223372036854775807\r\n',
  '*1\r\n$-9223372036854775808\r\n',
  '*1\r\nx3\r\nfoo\r\n',
  '*1\r\n:3\r\n',
  '*2\r\n$4\r\nECHO\r\n+x\r\n',
  '*1\r\n$4\r\nPINGxx',
  '*1\rx$4\r\nPING\r\n',
  '*1\r\n$0\r\n\r\n',
  '*1\r\n$4\r\nPING\r\n*1\r\n$-5\r\n',
  'PING "a\r\n',
  'PING "a"b\r\n',
  "PING 'a'b\r\n",
  "ECHO 'a\r\n",
  'ECHO a"b\r\n',
  'ECHO "a\\"\r\n',
  'PING\r\nPING "x\r\nPING\r\n',
  BIG,
  '*' + BIG,
  '*1\r\n$' + BIG,
  ['*1\r\n$' + BIG.slice(0, 40000), BIG.slice(0, 40000)],
  [BIG.slice(0, 40000), BIG.slice(0, 40000)],
  BIG.slice(0, 60000) + '\r\n',
  // NUL bytes: Redis's strchr stops there, so the header or line never completes.
  'ECHO a\0b\r\n',
  '\0\r\n',
  '*1\0\r\n',
  '*1\r\n$4\0\r\nPING\r\n',
  ['*1\0\r\n', BIG],
  ['ECHO \0\r\n', BIG],
  ['*1\r\n$4\0\r\n', BIG],
  // Inline details.
  '\r\n\r\nPING\r\n',
  ' PING\r\n',
  'PING\n',
  'PING\r\r\n',
  'ECHO a\vb\r\n',
  'ECHO "a"\vb\r\n',
  'ECHO  \t x \r\n',
  'ECHO "\\x41\\n\\r\\t\\b\\a\\\\\\"\\q"\r\n',
  'ECHO "\\x4g"\r\n',
  "ECHO 'it\\'s'\r\n",
  'ECHO ""\r\n',
  "ECHO ''\r\n",
  'XYZZY a"b c" \'d e\'\r\n',
  'XYZZY a b c\r\nXYZZY\r\n',
  // Multibulk then inline in one write, and a command split before its CRLF.
  '*2\r\n$4\r\nECHO\r\n$3\r\na\r\n\r\nECHO b\r\n',
];

test('protocol errors and edge cases match Redis byte for byte (then the close)', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  await withServers({}, [], async (ts, redis) => {
    const bad = await diffExchanges(ts.port, redis.port, PROTOCOL_CASES);
    assert.deepEqual(bad, []);
    // The same inputs delivered one byte per write (small ones) behave the same.
    const small = PROTOCOL_CASES.filter((c) => typeof c === 'string' && c.length < 40) as string[];
    const byteByByte = small.map((c) => c.split(''));
    assert.deepEqual(await diffExchanges(ts.port, redis.port, byteByByte, { gapMs: 1, lenient: true }), []);
  });
});

test('unauthenticated limits and NOAUTH with requirepass match Redis', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  await withServers({ requirepass: 'secret' }, ['--requirepass', 'secret'], async (ts, redis) => {
    const cases = [
      '*11\r\n',
      '*10\r\n',
      '*1\r\n$16385\r\n',
      '*1\r\n$16384\r\n',
      '*2\r\n$4\r\nAUTH\r\n$6\r\nsecret\r\n*11\r\n',
      '*2\r\n$4\r\nAUTH\r\n$6\r\nsecret\r\n*1\r\n$16385\r\n',
      '*2\r\n$4\r\nAUTH\r\n$5\r\nwrong\r\n*11\r\n',
      'PING\r\n',
      '*1\r\n$4\r\nPING\r\n',
      'AUTH x\r\nPING\r\n',
      'AUTH a b\r\n',
      'AUTH a b c\r\n',
      'AUTH default secret\r\nPING\r\n',
      'AUTH secret\r\nRESET\r\nPING\r\n',
      'QUIT\r\n',
      'SELECT 1\r\n',
      'HELLO 3\r\n',
      'HELLO\r\n',
      'HELLO 3 AUTH default wrong\r\n',
      'HELLO 4 AUTH default secret\r\n',
      'XYZZY\r\n',
    ];
    assert.deepEqual(await diffExchanges(ts.port, redis.port, cases), []);
  });
});

/** Arbitrary inline lines made of the characters that matter to sdssplitargs. */
const lineArb = fc
  .array(fc.constantFrom('a', 'b', ' ', ' ', '\t', '\v', '"', '"', "'", '\\', 'x', '4', 'f', 'n', '\r', '\x01', 'é'), { maxLength: 24 })
  .map((cs) => cs.join(''));

test('inline splitting matches Redis on random lines (fast-check)', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  await withServers({}, [], async (ts, redis) => {
    const lines = fc.sample(lineArb, { numRuns: 300, seed: 42 });
    // XYZZY is unknown: its error lists the arguments as they were split.
    const cases = lines.map((l) => `XYZZY ${l}\r\n`);
    for (let i = 0; i < cases.length; i += 100) {
      assert.deepEqual(await diffExchanges(ts.port, redis.port, cases.slice(i, i + 100)), []);
    }
  });
});

test('multibulk requests split at random boundaries get the same replies as Redis', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  await withServers({}, [], async (ts, redis) => {
    const argArb = fc.uint8Array({ maxLength: 12 }).map((a) => Buffer.from(a).toString('latin1'));
    const cmdArb = fc.oneof(
      fc.tuple(fc.constant('ECHO'), argArb),
      fc.tuple(fc.constant('PING'), argArb),
      fc.array(argArb, { maxLength: 4 }).map((args) => ['XYZZY', ...args]),
    );
    const runs = fc.sample(fc.tuple(fc.array(cmdArb, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 5 })), { numRuns: 60, seed: 7 });
    const cases = runs.map(([cmds, cuts]) => {
      const wire = Buffer.concat(cmds.map((c) => encodeCommand(c))).toString('latin1');
      return splitAt(wire, cuts).filter((c) => c.length > 0);
    });
    assert.deepEqual(await diffExchanges(ts.port, redis.port, cases, { gapMs: 3 }), []);
  });
});

/** Send `header`, then 64 KB chunks until the server closes; returns bytes sent. */
function floodUntilClosed(port: number, header: string, maxBytes: number): Promise<{ sent: number; closed: boolean; out: string }> {
  return new Promise((resolve) => {
    const s = net.createConnection({ port, host: '127.0.0.1' });
    let sent = 0;
    let out = '';
    let done = false;
    const chunk = Buffer.alloc(64 * 1024, 120);
    const finish = (closed: boolean): void => {
      if (done) return;
      done = true;
      clearInterval(timer);
      s.destroy();
      resolve({ sent, closed, out });
    };
    s.on('data', (d: Buffer) => (out += d.toString('latin1')));
    s.on('error', () => {});
    s.on('close', () => finish(true));
    s.write(header);
    const timer = setInterval(() => {
      if (sent >= maxBytes) return finish(false);
      s.write(chunk);
      sent += chunk.length;
    }, 2);
  });
}

test('a huge bulk header with slow data is cut off by client-query-buffer-limit (as Redis)', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const opts = ['--client-query-buffer-limit', '1mb', '--proto-max-bulk-len', '2gb'];
  await withServers({ clientQueryBufferLimit: '1mb', protoMaxBulkLen: '2gb' }, opts, async (ts, redis) => {
    const header = '*2\r\n$3\r\nSET\r\n$1000000000\r\n';
    const [a, b] = await Promise.all([floodUntilClosed(ts.port, header, 16 * 1024 * 1024), floodUntilClosed(redis.port, header, 16 * 1024 * 1024)]);
    assert.equal(a.closed, true, 'tsredis kept the connection');
    assert.equal(b.closed, true, 'redis kept the connection');
    assert.equal(a.out, b.out);
    // Closed near the 1 MB limit: memory never followed the 1 GB header.
    assert.ok(a.sent <= 4 * 1024 * 1024, `sent ${a.sent} bytes before the close`);
    const st = ts.server.stats;
    assert.equal(st.queryBufferLimitDisconnections, 1);
    // The server still serves others.
    const c = await RawClient.connect(ts.port);
    assert.equal(await c.call('PING'), '+PONG\r\n');
    c.close();
  });
});

test('proto-max-bulk-len: longer bulks are refused, at the limit they are accepted', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  await withServers({ protoMaxBulkLen: '1mb' }, ['--proto-max-bulk-len', '1mb'], async (ts, redis) => {
    const cases = [`*2\r\n$4\r\nECHO\r\n$${1024 * 1024 + 1}\r\n`, `*2\r\n$4\r\nECHO\r\n$${1024 * 1024}\r\n`, '*1\r\n$1000000000\r\n'];
    assert.deepEqual(await diffExchanges(ts.port, redis.port, cases), []);
    // CONFIG SET of the limit reaches connected clients at once (tsredis side only: the
    // parser limits object is shared by reference).
    ts.server.config.set('proto-max-bulk-len', String(2 * 1024 * 1024));
    const r = await exchange(ts.port, [`*2\r\n$4\r\nECHO\r\n$${1024 * 1024 + 1}\r\n`]);
    assert.equal(r.closed, false);
  });
});

test('random bytes never crash the server and other clients are unaffected', async () => {
  await withTsredis({}, async (ts) => {
    const watcher = await RawClient.connect(ts.port);
    assert.equal(await watcher.call('SET', 'k', 'v'), '+OK\r\n');
    const garbage = fc.sample(
      fc.array(
        fc.oneof(
          fc.uint8Array({ minLength: 1, maxLength: 300 }).map((a) => Buffer.from(a)),
          fc.constantFrom('*', '$', '*3\r\n', '$5\r\n', '\r\n', '"', "'", '\0', '*-1\r\n', '$-1\r\n', 'PING\r\n', 'QUIT\r\n', 'HELLO 3\r\n', 'SUBSCRIBE x\r\n').map((s) => Buffer.from(s, 'latin1')),
        ),
        { minLength: 1, maxLength: 20 },
      ),
      { numRuns: 200, seed: 1234 },
    );
    for (let i = 0; i < garbage.length; i += 50) {
      await Promise.all(garbage.slice(i, i + 50).map((chunks) => exchange(ts.port, chunks, 0, 30)));
      assert.equal(await watcher.call('GET', 'k'), '$1\r\nv\r\n');
    }
    // Only the watcher is left (the closes may take a moment to reach a loaded server).
    await waitFor(() => ts.server.clients.size === 1, 5000, 'the garbage connections to be freed');
    assert.equal(ts.server.clients.size, 1);
    watcher.close();
  });
});

test('slow clients: a command trickling in one byte at a time, interleaved with a fast client', async () => {
  await withTsredis({}, async (ts) => {
    const slow = await RawClient.connect(ts.port);
    const fast = await RawClient.connect(ts.port);
    const wire = encodeCommand(['SET', 'slow', 'x'.repeat(50)]);
    for (let i = 0; i < wire.length; i++) {
      slow.write(wire.subarray(i, i + 1));
      if (i % 10 === 0) assert.equal(await fast.call('PING'), '+PONG\r\n');
    }
    assert.equal(await slow.readReply(), '+OK\r\n');
    assert.equal(await fast.call('GET', 'slow'), `$50\r\n${'x'.repeat(50)}\r\n`);
    slow.close();
    fast.close();
  });
});

test('half-open clients: a request followed by FIN still gets its replies (as Redis)', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  await withServers({}, [], async (ts, redis) => {
    const halfClose = (port: number): Promise<Exchange> =>
      new Promise((resolve) => {
        const s = net.createConnection({ port, host: '127.0.0.1', allowHalfOpen: true });
        let out = '';
        s.on('data', (d: Buffer) => (out += d.toString('latin1')));
        s.on('error', () => {});
        s.on('end', () => {
          s.destroy();
          resolve({ out, closed: true });
        });
        s.on('connect', () => s.end(Buffer.concat([encodeCommand(['PING']), encodeCommand(['ECHO', 'bye']), Buffer.from('PING\r\n')])));
      });
    const [a, b] = await Promise.all([halfClose(ts.port), halfClose(redis.port)]);
    assert.deepEqual(a, b);
    assert.equal(a.out, '+PONG\r\n$3\r\nbye\r\n+PONG\r\n');
    // A client that vanishes mid-command leaves nothing behind.
    const c = net.createConnection({ port: ts.port, host: '127.0.0.1' });
    await new Promise((r) => c.on('connect', r));
    c.end('*3\r\n$3\r\nSET\r\n$1\r\nk');
    await new Promise((r) => c.on('close', r));
    await waitFor(() => ts.server.clients.size === 0, 5000, 'the vanished client to be freed');
    assert.equal(ts.server.clients.size, 0);
  });
});

test('10,000 pipelined commands in one write are answered in order', async () => {
  await withTsredis({}, async (ts) => {
    const c = await RawClient.connect(ts.port);
    const parts: Buffer[] = [];
    let expected = '';
    for (let i = 0; i < 10000; i++) {
      if (i % 3 === 0) {
        parts.push(encodeCommand(['SET', `key:${i}`, `val:${i}`]));
        expected += '+OK\r\n';
      } else if (i % 3 === 1) {
        parts.push(encodeCommand(['GET', `key:${i - 1}`]));
        const v = `val:${i - 1}`;
        expected += `$${v.length}\r\n${v}\r\n`;
      } else {
        parts.push(Buffer.from(`ECHO ${i}\r\n`));
        expected += `$${String(i).length}\r\n${i}\r\n`;
      }
    }
    c.write(Buffer.concat(parts));
    let got = '';
    for (let i = 0; i < 10000; i++) got += await c.readReply();
    assert.equal(got, expected);
    c.close();
  });
});

test('a 10 MB binary value round-trips through SET/GET (also split into small writes)', async () => {
  await withTsredis({}, async (ts) => {
    const value = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < value.length; i++) value[i] = (i * 131 + (i >> 8)) & 255;
    const c = await RawClient.connect(ts.port);
    assert.equal(await c.call('SET', 'big', value), '+OK\r\n');
    const reply = await c.call('GET', 'big');
    const header = `$${value.length}\r\n`;
    assert.ok(reply.startsWith(header));
    assert.ok(Buffer.from(reply.slice(header.length, -2), 'latin1').equals(value));
    // Same value in 1000-byte writes.
    const wire = encodeCommand(['SET', 'big2', value]);
    for (let i = 0; i < wire.length; i += 1000) c.write(wire.subarray(i, i + 1000));
    assert.equal(await c.readReply(20000), '+OK\r\n');
    const r2 = await c.call('GET', 'big2');
    assert.equal(r2.length, reply.length);
    assert.ok(r2 === reply);
    c.close();
  });
});

test('partial commands of many clients interleaved with other clients reads (shared read buffer)', async () => {
  // Every socket is read into one shared buffer: what a client's parser keeps between
  // reads (half a header, half a value, a 100 KB value in pieces, commands left while
  // the client is paused) must not be overwritten by the next client's read.
  await withTsredis({}, async (ts) => {
    const clients = await Promise.all(Array.from({ length: 8 }, () => RawClient.connect(ts.port)));
    const big = Buffer.alloc(100 * 1024, 'b');
    const wires = clients.map((_, i) => Buffer.concat([encodeCommand(['SET', `k${i}`, i % 2 === 0 ? `value-${i}` : big]), encodeCommand(['GET', `k${i}`])]));
    // Send each wire in 7 pieces, round-robin over clients, with other clients'
    // complete commands (which fill the shared buffer) in between.
    const other = await RawClient.connect(ts.port);
    for (let piece = 0; piece < 7; piece++) {
      for (let i = 0; i < clients.length; i++) {
        const w = wires[i]!;
        const from = Math.floor((w.length * piece) / 7);
        const to = Math.floor((w.length * (piece + 1)) / 7);
        clients[i]!.write(w.subarray(from, to));
        assert.equal(await other.call('SET', 'noise', 'z'.repeat(3000 + piece * 100 + i)), '+OK\r\n');
      }
    }
    for (let i = 0; i < clients.length; i++) {
      assert.equal(await clients[i]!.readReply(), '+OK\r\n');
      const v = i % 2 === 0 ? `value-${i}` : big.toString('latin1');
      assert.equal(await clients[i]!.readReply(), `$${v.length}\r\n${v}\r\n`);
    }
    for (const c of [...clients, other]) c.close();
  });
});

test('a client streaming a long pipeline does not starve others, and gets every reply in order', async () => {
  // Its reading yields after each burst (Server.yieldReading), so another client's PING
  // is answered while the pipeline is still being processed.
  await withTsredis({}, async (ts) => {
    const N = 150000;
    const parts: Buffer[] = [];
    for (let i = 0; i < N; i++) parts.push(encodeCommand(['SET', `k${i % 1000}`, String(i)]));
    const wire = Buffer.concat(parts);
    const bulk = net.createConnection({ port: ts.port, host: '127.0.0.1' });
    await new Promise((r) => bulk.on('connect', r));
    const other = await RawClient.connect(ts.port);
    let received = 0;
    let bad = 0;
    const done = new Promise<void>((resolve) => {
      let carry = '';
      bulk.on('data', (d: Buffer) => {
        const text = carry + d.toString('latin1');
        const lines = text.split('\r\n');
        carry = lines.pop()!;
        for (const l of lines) {
          if (l !== '+OK') bad++;
          received++;
        }
        if (received >= N) resolve();
      });
    });
    bulk.write(wire);
    let pingsDuring = 0;
    while (received < N) {
      assert.equal(await other.call('PING'), '+PONG\r\n');
      if (received < N) pingsDuring++;
    }
    await done;
    assert.equal(bad, 0);
    assert.equal(received, N);
    assert.ok(pingsDuring > 0, 'no PING was answered while the pipeline was processed');
    assert.equal(await other.call('GET', 'k999'), `$6\r\n149999\r\n`);
    bulk.destroy();
    other.close();
  });
});

test('a pipeline of slow commands yields between slices: another client is served in between', async () => {
  // 96 x (DEBUG SLEEP 2 ms, INCR n) = ~190 ms of work sent in one write. The dispatcher
  // checks the batch's elapsed time every 32 commands and yields past 2 ms
  // (Server.yieldClient), so another client's GET runs between two slices and sees a
  // counter strictly between 0 and 96.
  await withTsredis({ 'enable-debug-command': 'yes' }, async (ts) => {
    const slow = await RawClient.connect(ts.port);
    const other = await RawClient.connect(ts.port);
    const N = 96;
    const pair = Buffer.concat([encodeCommand(['DEBUG', 'SLEEP', '0.002']), encodeCommand(['INCR', 'n'])]);
    slow.write(Buffer.concat(Array.from({ length: N }, () => pair)));
    await waitFor(() => slow.pending().length > 0, 5000, 'the first slice of replies');
    const seen = Number(/^\$\d+\r\n(\d+)\r\n$/.exec(await other.call('GET', 'n'))?.[1]);
    assert.ok(seen > 0 && seen < N, `GET saw n=${seen}: it did not run between two slices of the pipeline`);
    for (let i = 1; i <= N; i++) {
      assert.equal(await slow.readReply(), '+OK\r\n');
      assert.equal(await slow.readReply(), `:${i}\r\n`);
    }
    slow.close();
    other.close();
  });
});
