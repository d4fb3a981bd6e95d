// Server commands against the oracle: DBSIZE, FLUSHDB/FLUSHALL, SWAPDB, TIME, LASTSAVE,
// ROLE, LOLWUT, SHUTDOWN argument checks and shutdown itself, MONITOR, SLOWLOG, LATENCY
// and MEMORY.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawClient, startTsredis, waitFor, sharedPair, assertSameReplies } from '../helpers.js';

const oracle = sharedPair();

oracle.test('keyspace-wide commands match the oracle', async (pair) => {
  await assertSameReplies(pair, [
    ['FLUSHALL'],
    ['DBSIZE'],
    ['DBSIZE', 'x'],
    ['SET', 'a', '1'],
    ['SET', 'b', '2'],
    ['DBSIZE'],
    ['SWAPDB', '0', 'x'],
    ['SWAPDB', 'x', '0'],
    ['SWAPDB', '0', '99'],
    ['SWAPDB', '-1', '0'],
    ['SWAPDB', '99999999999', '0'],
    ['SWAPDB', '0', '99999999999'],
    ['SWAPDB', '1.5', '99'],
    ['SWAPDB', '99', '-99'],
    ['SWAPDB', '0'],
    ['SWAPDB', '0', '0'],
    ['SWAPDB', '0', '5'],
    ['DBSIZE'],
    ['SELECT', '5'],
    ['DBSIZE'],
    ['GET', 'a'],
    ['SELECT', '0'],
    ['SET', 'c', '3'],
    ['FLUSHDB', 'foo'],
    ['FLUSHDB', 'sync', 'async'],
    ['FLUSHDB', 'SYNC'],
    ['DBSIZE'],
    ['SELECT', '5'],
    ['DBSIZE'],
    ['FLUSHALL', 'foo'],
    ['FLUSHALL', 'SYNC', 'x'],
    ['FLUSHALL', 'ASYNC'],
    ['DBSIZE'],
    ['SELECT', '0'],
    ['ROLE'],
    ['LASTSAVE', 'x'],
    ['TIME', 'x'],
    ['LOLWUT', 'version', 'x'],
    ['LOLWUT', 'version', '1'],
    ['LOLWUT'],
    ['LOLWUT', 'foo', 'version', 'x'],
    ['LOLWUT', 'version'],
    ['LOLWUT', 'version', '5', 'x'],
    ['LOLWUT', 'version', '7', 'x'],
    ['SHUTDOWN', 'foo'],
    ['SHUTDOWN', 'abort'],
    ['SHUTDOWN', 'nosave', 'save'],
    ['SHUTDOWN', 'abort', 'now'],
    ['MONITOR', 'x'],
  ]);
  await pair.both('HELLO', '3');
  await assertSameReplies(pair, [['ROLE'], ['LOLWUT'], ['DBSIZE']]);
  await pair.both('HELLO', '2');
});

oracle.test('TIME and LASTSAVE shapes', async (pair) => {
  const [a, b] = await pair.both('TIME');
  const re = /^\*2\r\n\$10\r\n(\d{10})\r\n\$\d\r\n(\d{1,6})\r\n$/;
  const ma = re.exec(a);
  assert.ok(ma, a);
  assert.ok(re.test(b), b);
  assert.ok(Math.abs(Number(ma[1]) - Date.now() / 1000) < 5);
  const [la, lb] = await pair.both('LASTSAVE');
  assert.match(la, /^:\d{10}\r\n$/);
  assert.match(lb, /^:\d{10}\r\n$/);
});

oracle.test('flushes and SWAPDB count changes (rdb_changes_since_last_save) as the oracle does', async (pair) => {
  const changes = async (): Promise<[number, number]> => {
    const [a, b] = await pair!.both('INFO', 'persistence');
    const get = (s: string): number => Number(/rdb_changes_since_last_save:(\d+)/.exec(s)![1]);
    return [get(a), get(b)];
  };
  await pair.both('FLUSHALL');
  const [a0, b0] = await changes();
  for (const cmd of [['SET', 'x', '1'], ['SET', 'y', '1'], ['FLUSHDB'], ['FLUSHDB'], ['SET', 'x', '1'], ['SWAPDB', '0', '1'], ['SELECT', '1'], ['SET', 'z', '1'], ['FLUSHALL'], ['FLUSHALL', 'ASYNC'], ['SELECT', '0']]) {
    await pair.both(...cmd);
    const [a, b] = await changes();
    assert.equal(a - a0, b - b0, `changes after ${cmd.join(' ')}`);
  }
});

oracle.test('MONITOR streams other clients\' commands like the oracle', async (pair) => {
  const monA = await RawClient.connect(pair.ts.port);
  const monB = await RawClient.connect(pair.redis.port);
  try {
    assert.equal(await monA.call('MONITOR'), '+OK\r\n');
    assert.equal(await monB.call('MONITOR'), '+OK\r\n');
    await pair.both('SET', 'mon key', 'v\n"x"');
    const la = await monA.readReply();
    const lb = await monB.readReply();
    const re = /^\+\d+\.\d{6} \[0 127\.0\.0\.1:\d+\] (.*)\r\n$/;
    assert.equal(re.exec(la)?.[1], re.exec(lb)?.[1]);
    assert.equal(re.exec(la)?.[1], '"SET" "mon key" "v\\n\\"x\\""');
    // MONITOR from a monitor is ignored (no reply), as Redis does.
    monA.write('*1\r\n$7\r\nMONITOR\r\n');
    monB.write('*1\r\n$7\r\nMONITOR\r\n');
    await pair.both('PING');
    assert.match(await monA.readReply(), /"PING"/);
    assert.match(await monB.readReply(), /"PING"/);
  } finally {
    monA.close();
    monB.close();
  }
});

test('SHUTDOWN closes the server', async () => {
  const srv = await startTsredis();
  let shutdown = false;
  srv.server.onShutdown = () => {
    shutdown = true;
  };
  const c = await RawClient.connect(srv.port);
  try {
    c.write('*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n');
    await c.waitClose();
    await waitFor(() => shutdown, 5000, 'onShutdown').catch(() => {});
    assert.ok(shutdown, 'onShutdown called');
    assert.ok(srv.server.isClosing);
  } finally {
    c.close();
    await srv.close();
  }
});

oracle.test('SLOWLOG records slow commands like the oracle', async (pair) => {
  await assertSameReplies(pair, [
    ['SLOWLOG'],
    ['SLOWLOG', 'foo'],
    ['SLOWLOG', 'HELP'],
    ['SLOWLOG', 'RESET'],
    ['SLOWLOG', 'LEN'],
    ['SLOWLOG', 'GET'],
    ['SLOWLOG', 'GET', 'x'],
    ['SLOWLOG', 'GET', '-2'],
    ['SLOWLOG', 'GET', '1', '2'],
    ['CLIENT', 'SETNAME', 'slowpoke'],
  ]);
  // Default slowlog-log-slower-than is 10 ms on both servers.
  await pair.both('DEBUG', 'SLEEP', '0.03');
  const long = 'x'.repeat(200);
  const args = ['DEBUG', 'SLEEP', '0.02', ...Array.from({ length: 40 }, () => long)];
  await pair.both(...args);
  await assertSameReplies(pair, [['SLOWLOG', 'LEN']]);
  for (const cmd of [['SLOWLOG', 'GET'], ['SLOWLOG', 'GET', '1'], ['SLOWLOG', 'GET', '-1']]) {
    const [a, b] = await pair.both(...cmd);
    // id, timestamp, duration and the client address differ; the rest must not.
    const norm = (s: string): string =>
      s
        .replace(/\*6\r\n:\d+\r\n:\d+\r\n:\d+\r\n/g, '*6\r\nENTRY\r\n')
        .replace(/\$\d+\r\n127\.0\.0\.1:\d+\r\n/g, 'ADDR\r\n');
    assert.equal(norm(a), norm(b), cmd.join(' '));
  }
  await assertSameReplies(pair, [['SLOWLOG', 'RESET'], ['SLOWLOG', 'LEN'], ['CLIENT', 'SETNAME', '']]);
});

oracle.test('LATENCY matches the oracle', async (pair) => {
  await assertSameReplies(pair, [
    ['LATENCY'],
    ['LATENCY', 'HELP'],
    ['LATENCY', 'RESET'],
    ['LATENCY', 'LATEST'],
    ['LATENCY', 'HISTORY', 'command'],
    ['LATENCY', 'GRAPH', 'command'],
    ['LATENCY', 'RESET', 'a', 'b'],
    ['LATENCY', 'DOCTOR'],
    ['LATENCY', 'HISTOGRAM', 'nosuchcommand'],
  ]);
  // Enable the latency monitor at 1 ms on both, then cause one spike.
  pair.ts.server.perf.latencyThreshold = 1;
  await pair.b.call('CONFIG', 'SET', 'latency-monitor-threshold', '1');
  await pair.both('DEBUG', 'SLEEP', '0.02');
  const [a, b] = await pair.both('LATENCY', 'LATEST');
  const re = /^\*1\r\n\*4\r\n\$7\r\ncommand\r\n:\d{10}\r\n:(\d+)\r\n:(\d+)\r\n$/;
  const ma = re.exec(a);
  assert.ok(ma, a);
  assert.ok(re.test(b), b);
  assert.ok(Number(ma[1]) >= 20);
  const [ha, hb] = await pair.both('LATENCY', 'HISTORY', 'command');
  assert.match(ha, /^\*1\r\n\*2\r\n:\d{10}\r\n:\d+\r\n$/);
  assert.match(hb, /^\*1\r\n\*2\r\n:\d{10}\r\n:\d+\r\n$/);
  const [da, db] = await pair.both('LATENCY', 'DOCTOR');
  assert.equal(da.replace(/\d+/g, 'N'), db.replace(/\d+/g, 'N'), 'LATENCY DOCTOR text');
  assert.match(da, /Dave, I have observed latency spikes/);
  const [ga, gb] = await pair.both('LATENCY', 'HISTOGRAM', 'debug', 'nosuch');
  const shape = /^\*2\r\n\$5\r\ndebug\r\n\*4\r\n\$5\r\ncalls\r\n:\d+\r\n\$14\r\nhistogram_usec\r\n\*\d+\r\n(:\d+\r\n)+$/;
  assert.match(ga, shape);
  assert.match(gb, shape);
  await assertSameReplies(pair, [['LATENCY', 'RESET', 'command'], ['LATENCY', 'LATEST']]);
  pair.ts.server.perf.latencyThreshold = 0;
  await pair.b.call('CONFIG', 'SET', 'latency-monitor-threshold', '0');
});

oracle.test('MEMORY subcommands match the oracle', async (pair) => {
  await pair.both('FLUSHALL');
  await assertSameReplies(pair, [
    ['MEMORY'],
    ['MEMORY', 'HELP'],
    ['MEMORY', 'foo'],
    ['MEMORY', 'USAGE'],
    ['MEMORY', 'USAGE', 'nokey'],
    ['SET', 'a', 'b'],
    ['MEMORY', 'USAGE', 'a', 'SAMPLES', 'x'],
    ['MEMORY', 'USAGE', 'a', 'foo'],
    ['MEMORY', 'USAGE', 'a', 'SAMPLES'],
    ['MEMORY', 'USAGE', 'a', 'SAMPLES', '-1'],
    ['MEMORY', 'USAGE', 'nokey', 'SAMPLES', 'x'],
    ['MEMORY', 'PURGE'],
    ['MEMORY', 'DOCTOR'],
  ]);
  const [ua, ub] = await pair.both('MEMORY', 'USAGE', 'a');
  assert.match(ua, /^:\d+\r\n$/);
  assert.match(ub, /^:\d+\r\n$/);
  // MEMORY STATS: same keys in the same order.
  const keysOf = (s: string): string[] => [...s.matchAll(/\$\d+\r\n([a-z][a-z0-9.-]*)\r\n/g)].map((m) => m[1]!);
  const [sa, sb] = await pair.both('MEMORY', 'STATS');
  assert.equal(sa.slice(0, 4), sb.slice(0, 4));
  assert.deepEqual(keysOf(sa), keysOf(sb));
  await pair.both('HELLO', '3');
  await assertSameReplies(pair, [['MEMORY', 'DOCTOR'], ['MEMORY', 'USAGE', 'nokey']]);
  const [s3a, s3b] = await pair.both('MEMORY', 'STATS');
  assert.deepEqual(keysOf(s3a), keysOf(s3b));
  assert.equal(s3a.slice(0, 4), s3b.slice(0, 4));
  await pair.both('HELLO', '2');
});

/** Minimal RESP2 reader for COMMAND INFO (arrays, bulks, integers, statuses). */
function parseResp(s: string): unknown {
  let pos = 0;
  const line = (): string => {
    const nl = s.indexOf('\r\n', pos);
    const l = s.slice(pos, nl);
    pos = nl + 2;
    return l;
  };
  const read = (): unknown => {
    const l = line();
    const rest = l.slice(1);
    switch (l[0]) {
      case '*': {
        const n = Number(rest);
        if (n < 0) return null;
        const out: unknown[] = [];
        for (let i = 0; i < n; i++) out.push(read());
        return out;
      }
      case '$': {
        const n = Number(rest);
        if (n < 0) return null;
        const v = s.slice(pos, pos + n);
        pos += n + 2;
        return v;
      }
      case ':':
        return Number(rest);
      default:
        return rest;
    }
  };
  return read();
}

oracle.test('command metadata (arity, flags, keys, ACL categories, tips) matches COMMAND INFO of the oracle', async (pair) => {
  const names = ['info', 'dbsize', 'flushdb', 'flushall', 'swapdb', 'time', 'lastsave', 'shutdown', 'monitor', 'role', 'lolwut', 'slowlog', 'latency', 'memory', 'client', 'debug'];
  const table = pair.ts.server.table;
  type Info = [string, number, string[], number, number, number, string[], string[], unknown[], Info[]];
  const check = (spec: ReturnType<typeof table.lookup>, info: Info): void => {
    assert.ok(spec, info[0]);
    const what = info[0];
    assert.equal(spec.fullName, what);
    assert.equal(spec.arity, info[1], `${what} arity`);
    assert.deepEqual([...spec.flagList].sort(), [...info[2]].sort(), `${what} flags`);
    assert.deepEqual([spec.firstKey, spec.lastKey, spec.step], [info[3], info[4], info[5]], `${what} keys`);
    assert.deepEqual([...spec.aclCategories].sort(), info[6].map((x) => x.slice(1)).sort(), `${what} acl`);
    assert.deepEqual([...spec.tips].sort(), [...info[7]].sort(), `${what} tips`);
    const subs = new Map(info[9].map((s) => [s[0], s]));
    if (spec.subcommands || subs.size > 0) {
      const mine = [...(spec.subcommands?.values() ?? [])].map((s) => s.fullName).filter((n) => n !== 'client|setinfo');
      assert.deepEqual(mine.sort(), [...subs.keys()].sort(), `${what} subcommands`);
      for (const [name, sub] of subs) check(spec.subcommands!.get(name.split('|')[1]!), sub);
    }
  };
  for (const name of names) {
    const info = (parseResp(await pair.b.call('COMMAND', 'INFO', name)) as Info[])[0]!;
    check(table.lookup(name), info);
  }
});

test('FLUSHDB, FLUSHALL and SWAPDB signal the keys they change to key-modified hooks', async () => {
  const srv = await startTsredis();
  const seen: string[] = [];
  srv.server.keyModifiedHooks.push((db, key) => seen.push(`${db.id}:${key}`));
  const c = await RawClient.connect(srv.port);
  try {
    await c.call('SET', 'a', '1');
    await c.call('SET', 'b', '1');
    await c.call('SELECT', '1');
    await c.call('SET', 'c', '1');
    seen.length = 0;
    await c.call('SWAPDB', '0', '1');
    assert.deepEqual(seen.sort(), ['0:a', '0:b', '0:c', '1:a', '1:b', '1:c']);
    seen.length = 0;
    await c.call('FLUSHDB'); // db 1 now holds a and b
    assert.deepEqual(seen.sort(), ['1:a', '1:b']);
    seen.length = 0;
    await c.call('FLUSHALL');
    assert.deepEqual(seen, ['0:c']);
  } finally {
    c.close();
    await srv.close();
  }
});

oracle.test('SLOWLOG follows slowlog-log-slower-than and slowlog-max-len like the oracle', async (pair) => {
  const norm = (s: string): string =>
    s.replace(/\*6\r\n:\d+\r\n:\d+\r\n:\d+\r\n/g, '*6\r\nENTRY\r\n').replace(/\$\d+\r\n127\.0\.0\.1:\d+\r\n/g, 'ADDR\r\n');
  try {
    await assertSameReplies(pair, [['SLOWLOG', 'RESET'], ['CONFIG', 'SET', 'slowlog-log-slower-than', '0'], ['SET', 'k', 'v'], ['GET', 'k'], ['SLOWLOG', 'LEN']]);
    const [a, b] = await pair.both('SLOWLOG', 'GET', '3');
    assert.equal(norm(a), norm(b));
    await assertSameReplies(pair, [['CONFIG', 'SET', 'slowlog-max-len', '2'], ['SLOWLOG', 'LEN'], ['PING'], ['SLOWLOG', 'LEN']]);
    const [c, d] = await pair.both('SLOWLOG', 'GET', '-1');
    assert.equal(norm(c), norm(d));
    await assertSameReplies(pair, [['CONFIG', 'SET', 'slowlog-log-slower-than', '-1'], ['SLOWLOG', 'RESET'], ['PING'], ['SLOWLOG', 'LEN']]);
  } finally {
    await pair.both('CONFIG', 'SET', 'slowlog-log-slower-than', '10000');
    await pair.both('CONFIG', 'SET', 'slowlog-max-len', '128');
  }
});

test('latency events keep one sample per second, the worst, in a ring of 160', async () => {
  const { setFrozenTime } = await import('../../src/util/clock.js');
  const srv = await startTsredis();
  const perf = srv.server.perf;
  const t0 = 1_700_000_000_000;
  try {
    setFrozenTime(t0);
    perf.latencyAdd('command', 5);
    perf.latencyAdd('command', 9);
    perf.latencyAdd('command', 7);
    const ev = perf.events.get('command')!;
    assert.deepEqual(perf.eventSamples(ev), [{ time: t0 / 1000, latency: 9 }]);
    for (let i = 1; i <= 200; i++) {
      setFrozenTime(t0 + i * 1000);
      perf.latencyAdd('command', i);
    }
    const s = perf.eventSamples(ev);
    assert.equal(s.length, 160);
    assert.deepEqual(s[0], { time: t0 / 1000 + 41, latency: 41 });
    assert.deepEqual(s[159], { time: t0 / 1000 + 200, latency: 200 });
    assert.equal(ev.max, 200);
    const c = await RawClient.connect(srv.port);
    assert.equal(await c.call('LATENCY', 'LATEST'), `*1\r\n*4\r\n$7\r\ncommand\r\n:${t0 / 1000 + 200}\r\n:200\r\n:200\r\n`);
    assert.match(await c.call('LATENCY', 'HISTORY', 'command'), /^\*160\r\n\*2\r\n:1700000041\r\n:41\r\n/);
    c.close();
  } finally {
    setFrozenTime(null);
    await srv.close();
  }
});
