// Differential tests of the list group against real Redis 7.0: replies compared byte for
// byte in RESP2 and RESP3 (argument errors and their order, LPOP/RPOP counts and null
// shapes, LRANGE/LTRIM/LINDEX index rules, LINSERT/LREM/LSET edge cases, LPOS options,
// LMOVE rotation, LMPOP numkeys), OBJECT ENCODING (always quicklist in 7.0), generic
// commands on lists (TYPE, COPY, RENAME, MOVE, SCAN TYPE, DEBUG DIGEST, DUMP/RESTORE),
// large lists crossing the internal block size, and keyspace events seen by a subscriber.
import assert from 'node:assert/strict';
import { sharedPair, assertSameInBothProtocols, replyMismatches, RawClient, sleep, type Pair, type Cmd } from '../helpers.js';

const oracle = sharedPair();

const LIST_COMMANDS = [
  'lpush', 'rpush', 'lpushx', 'rpushx', 'lpop', 'rpop', 'llen', 'lrange', 'lindex', 'lset', 'linsert', 'lrem',
  'ltrim', 'lpos', 'lmove', 'rpoplpush', 'lmpop', 'blpop', 'brpop', 'blmove', 'brpoplpush', 'blmpop',
];

async function both(p: Pair, cmds: Cmd[]): Promise<void> {
  assert.deepEqual(await replyMismatches(p, cmds), []);
}

oracle.test('COMMAND INFO and GETKEYS of every list command match', async (pair) => {
  await both(pair, LIST_COMMANDS.map((n) => ['COMMAND', 'INFO', n]));
  await both(pair, [
    ['COMMAND', 'GETKEYS', 'LMPOP', '2', 'a', 'b', 'LEFT'],
    ['COMMAND', 'GETKEYS', 'BLMPOP', '0', '2', 'a', 'b', 'LEFT', 'COUNT', '2'],
    ['COMMAND', 'GETKEYS', 'BLPOP', 'a', 'b', '0'],
    ['COMMAND', 'GETKEYS', 'LMOVE', 'a', 'b', 'LEFT', 'RIGHT'],
  ]);
});

oracle.test('push, pop, length and reply shapes', async (pair) => {
  const bin = Buffer.from([0, 255, 13, 10, 0x80]);
  await assertSameInBothProtocols(pair, [
    ['LPUSH', 'l', 'a', 'b', 'c'],
    ['RPUSH', 'l', 'd', bin, ''],
    ['LRANGE', 'l', '0', '-1'],
    ['LPUSHX', 'nokey', 'x'],
    ['RPUSHX', 'nokey', 'x', 'y'],
    ['LPUSHX', 'l', 'x', 'y'],
    ['RPUSHX', 'l', 'z'],
    ['EXISTS', 'nokey'],
    ['LLEN', 'l'],
    ['LLEN', 'nokey'],
    ['LPOP', 'l'],
    ['RPOP', 'l'],
    ['LPOP', 'l', '0'],
    ['LPOP', 'l', '2'],
    ['RPOP', 'l', '3'],
    ['LPOP', 'l', '-1'],
    ['LPOP', 'l', 'x'],
    ['LPOP', 'l', '1', '2'],
    ['RPOP', 'l', '9223372036854775807'],
    ['EXISTS', 'l'],
    ['LPOP', 'nokey'],
    ['RPOP', 'nokey', '0'],
    ['LPOP', 'nokey', '5'],
    ['RPOP', 'nokey', '-5'],
    ['SET', 's', 'v'],
    ['LPUSH', 's', 'a'],
    ['RPUSHX', 's', 'a'],
    ['LPOP', 's'],
    ['LPOP', 's', '0'],
    ['LLEN', 's'],
    ['LPUSH', 'l'],
  ]);
});

oracle.test('LRANGE, LINDEX, LSET, LTRIM index rules', async (pair) => {
  const idx = ['0', '1', '-1', '-2', '3', '4', '5', '-5', '-6', '100', '-100', '9223372036854775807', '-9223372036854775808'];
  const cmds: Cmd[] = [['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e']];
  for (const i of idx) {
    cmds.push(['LINDEX', 'l', i]);
    for (const j of ['0', '-1', '2', '-3', '10', '-10']) cmds.push(['LRANGE', 'l', i, j]);
  }
  cmds.push(
    ['LINDEX', 'l', 'x'], ['LINDEX', 'nokey', 'x'], ['LINDEX', 'nokey', '0'], ['LRANGE', 'nokey', '0', '-1'], ['LRANGE', 'l', 'x', '0'], ['LRANGE', 'l', '0', '1.5'],
    ['LSET', 'l', '0', 'A'], ['LSET', 'l', '-1', 'E'], ['LSET', 'l', '5', 'x'], ['LSET', 'l', '-6', 'x'], ['LSET', 'l', 'x', 'y'], ['LSET', 'nokey', 'x', 'y'], ['LSET', 'nokey', '0', 'y'],
    ['LRANGE', 'l', '0', '-1'],
    ['SET', 's', 'v'], ['LSET', 's', '0', 'x'], ['LINDEX', 's', '0'], ['LRANGE', 's', '0', '1'], ['LTRIM', 's', '0', '1'],
  );
  for (const [a, b] of [['1', '-2'], ['0', '-1'], ['-100', '100'], ['1', '0']]) {
    cmds.push(['LTRIM', 'l', a!, b!], ['LRANGE', 'l', '0', '-1'], ['EXISTS', 'l']);
  }
  cmds.push(['LTRIM', 'l', 'x', '0'], ['LTRIM', 'nokey', '0', '1'], ['LTRIM', 'nokey', 'x', '1']);
  cmds.push(['RPUSH', 'm', '1', '2', '3'], ['LTRIM', 'm', '5', '10'], ['EXISTS', 'm']);
  await assertSameInBothProtocols(pair, cmds);
});

oracle.test('LINSERT, LREM, LPOS', async (pair) => {
  await assertSameInBothProtocols(pair, [
    ['RPUSH', 'l', 'a', 'b', 'a', 'c', 'a', 'b'],
    ['LINSERT', 'l', 'BEFORE', 'a', 'x'],
    ['LINSERT', 'l', 'after', 'b', 'y'],
    ['LINSERT', 'l', 'AFTER', 'nope', 'y'],
    ['LINSERT', 'l', 'MIDDLE', 'a', 'y'],
    ['LINSERT', 'nokey', 'MIDDLE', 'a', 'y'],
    ['LINSERT', 'nokey', 'BEFORE', 'a', 'y'],
    ['LRANGE', 'l', '0', '-1'],
    ['LPOS', 'l', 'a'],
    ['LPOS', 'l', 'a', 'RANK', '2'],
    ['LPOS', 'l', 'a', 'RANK', '-1'],
    ['LPOS', 'l', 'a', 'RANK', '-2', 'COUNT', '0'],
    ['LPOS', 'l', 'a', 'COUNT', '0'],
    ['LPOS', 'l', 'a', 'COUNT', '2'],
    ['LPOS', 'l', 'a', 'COUNT', '2', 'RANK', '2'],
    ['LPOS', 'l', 'a', 'MAXLEN', '2'],
    ['LPOS', 'l', 'a', 'MAXLEN', '2', 'COUNT', '0'],
    ['LPOS', 'l', 'a', 'RANK', '-1', 'MAXLEN', '2', 'COUNT', '0'],
    ['LPOS', 'l', 'a', 'RANK', '9'],
    ['LPOS', 'l', 'a', 'RANK', '9', 'COUNT', '1'],
    ['LPOS', 'l', 'zz'],
    ['LPOS', 'l', 'zz', 'COUNT', '1'],
    ['LPOS', 'l', 'a', 'RANK', '0'],
    ['LPOS', 'l', 'a', 'RANK', 'x'],
    ['LPOS', 'l', 'a', 'RANK', '-9223372036854775808'],
    ['LPOS', 'l', 'a', 'RANK', '-9223372036854775808', 'COUNT', '1'],
    ['LPOS', 'l', 'a', 'RANK', '9223372036854775807'],
    ['LPOS', 'l', 'a', 'COUNT', '-1'],
    ['LPOS', 'l', 'a', 'COUNT', 'x'],
    ['LPOS', 'l', 'a', 'MAXLEN', '-1'],
    ['LPOS', 'l', 'a', 'MAXLEN'],
    ['LPOS', 'l', 'a', 'FOO', '1'],
    ['LPOS', 'nokey', 'a'],
    ['LPOS', 'nokey', 'a', 'COUNT', '0'],
    ['LPOS', 'nokey', 'a', 'RANK', '0'],
    ['LREM', 'l', '1', 'a'],
    ['LREM', 'l', '-1', 'a'],
    ['LRANGE', 'l', '0', '-1'],
    ['LREM', 'l', '0', 'b'],
    ['LREM', 'l', '0', 'nope'],
    ['LREM', 'l', 'x', 'a'],
    ['LREM', 'nokey', '0', 'a'],
    ['LREM', 'nokey', 'x', 'a'],
    ['LRANGE', 'l', '0', '-1'],
    ['LREM', 'l', '0', 'a'],
    ['LREM', 'l', '-10', 'x'],
    ['LREM', 'l', '10', 'y'],
    ['LREM', 'l', '10', 'c'],
    ['EXISTS', 'l'],
    ['SET', 's', 'v'],
    ['LINSERT', 's', 'BEFORE', 'a', 'b'],
    ['LREM', 's', '0', 'a'],
    ['LPOS', 's', 'a'],
  ]);
});

oracle.test('LMOVE, RPOPLPUSH, LMPOP, non-blocking forms of the blocking commands', async (pair) => {
  const cmds: Cmd[] = [['RPUSH', 'a', '1', '2', '3'], ['SET', 's', 'v']];
  for (const from of ['LEFT', 'right']) {
    for (const to of ['left', 'RIGHT']) {
      cmds.push(['LMOVE', 'a', 'b', from, to], ['LMOVE', 'a', 'a', from, to], ['LRANGE', 'a', '0', '-1'], ['LRANGE', 'b', '0', '-1']);
    }
  }
  cmds.push(
    ['LMOVE', 'a', 'b', 'UP', 'LEFT'], ['LMOVE', 'a', 'b', 'LEFT', 'UP'], ['LMOVE', 'nokey', 'b', 'UP', 'LEFT'],
    ['LMOVE', 'nokey', 's', 'LEFT', 'LEFT'], ['LMOVE', 'a', 's', 'LEFT', 'LEFT'], ['LMOVE', 's', 'a', 'LEFT', 'LEFT'],
    ['RPOPLPUSH', 'a', 'c'], ['RPOPLPUSH', 'c', 'c'], ['RPOPLPUSH', 'nokey', 'c'], ['RPOPLPUSH', 'a', 's'],
    ['RPUSH', 'one', 'x'], ['RPOPLPUSH', 'one', 'one'], ['LRANGE', 'one', '0', '-1'], ['LMOVE', 'one', 'two', 'LEFT', 'LEFT'], ['EXISTS', 'one'],
    ['LMPOP', '2', 'nokey', 'b', 'LEFT'], ['LMPOP', '2', 'nokey', 'b', 'RIGHT', 'COUNT', '10'], ['LMPOP', '1', 'nokey', 'LEFT'],
    ['LMPOP', '0', 'b', 'LEFT'], ['LMPOP', '-1', 'b', 'LEFT'], ['LMPOP', 'x', 'b', 'LEFT'], ['LMPOP', '2', 'b', 'LEFT'],
    ['LMPOP', '1', 'b', 'UP'], ['LMPOP', '1', 'b', 'LEFT', 'COUNT', '0'], ['LMPOP', '1', 'b', 'LEFT', 'COUNT', '-1'],
    ['LMPOP', '1', 'b', 'LEFT', 'COUNT', '1', 'COUNT', '1'], ['LMPOP', '1', 'b', 'LEFT', 'COUNT'], ['LMPOP', '1', 'b', 'LEFT', 'FOO'],
    ['LMPOP', '9223372036854775807', 'b', 'LEFT'], ['LMPOP', '2', 's', 'b', 'LEFT'], ['LMPOP', '2', 'b', 's', 'LEFT'],
    ['RPUSH', 'm', 'a', 'b', 'c', 'd'], ['LMPOP', '1', 'm', 'RIGHT', 'COUNT', '2'], ['LMPOP', '2', 'nokey', 'm', 'left', 'count', '5'], ['EXISTS', 'm'],
    ['RPUSH', 'q', 'a', 'b', 'c'], ['BLPOP', 'nokey', 'q', '0'], ['BRPOP', 'q', '0'], ['BLMOVE', 'q', 'r', 'LEFT', 'RIGHT', '0'], ['BRPOPLPUSH', 'r', 'r', '0'],
    ['RPUSH', 'q', 'a', 'b', 'c'], ['BLMPOP', '0', '1', 'q', 'RIGHT', 'COUNT', '2'], ['BLPOP', 's', '0'], ['BLPOP', 'nokey', 's', '0'], ['BLMOVE', 's', 'r', 'LEFT', 'LEFT', '0'],
    ['BLMOVE', 'q', 's', 'LEFT', 'LEFT', '0'], ['BLMPOP', '0', '1', 's', 'LEFT'],
  );
  await assertSameInBothProtocols(pair, cmds);
});

oracle.test('generic commands on lists: TYPE, ENCODING, COPY, RENAME, MOVE, SCAN TYPE, DIGEST, DUMP', async (pair) => {
  const big = Array.from({ length: 300 }, (_, i) => `e${i}`);
  await assertSameInBothProtocols(pair, [
    ['RPUSH', 'l', 'a', 'b', '1', '-7', '9999999999999999999', ''],
    ['TYPE', 'l'],
    ['OBJECT', 'ENCODING', 'l'],
    ['RPUSH', 'big', ...big],
    ['OBJECT', 'ENCODING', 'big'],
    ['DEBUG', 'DIGEST-VALUE', 'l', 'big'],
    ['COPY', 'l', 'l2'],
    ['LPUSH', 'l2', 'new'],
    ['LRANGE', 'l', '0', '-1'],
    ['LRANGE', 'l2', '0', '-1'],
    ['COPY', 'big', 'big2', 'DB', '1'],
    ['RENAME', 'l2', 'l3'],
    ['MOVE', 'l3', '1'],
    ['SELECT', '1'],
    ['LRANGE', 'l3', '0', '-1'],
    ['LLEN', 'big2'],
    ['DEBUG', 'DIGEST-VALUE', 'big2'],
    ['SELECT', '0'],
    ['EXPIRE', 'l', '100'],
    ['TTL', 'l'],
    ['DUMP', 'l'],
    ['DUMP', 'big'],
    ['DEL', 'big', 'l'],
    ['EXISTS', 'big', 'l'],
    ['DEBUG', 'DIGEST'],
  ]);
  // SCAN order follows Redis's hash seed: compared as sets.
  await pair.both('RPUSH', 'l1', 'x');
  await pair.both('RPUSH', 'l2', 'x');
  await pair.both('SET', 'str', 'x');
  const [sa, sb] = await pair.both('SCAN', '0', 'TYPE', 'list', 'COUNT', '100');
  const names = (r: string): string[] => r.split('\r\n').filter((_, i) => i >= 5 && i % 2 === 1).sort();
  assert.deepEqual(names(sa), names(sb));
  assert.deepEqual(names(sa), ['l1', 'l2']);
  const [a, b] = await pair.both('MEMORY', 'USAGE', 'l1');
  assert.equal(a[0], b[0]);
  // RESTORE of a DUMP payload made by Redis.
  await pair.both('FLUSHALL');
  await pair.b.call('RPUSH', 'src', 'x', 'y', '3');
  const payload = await pair.b.call('DUMP', 'src');
  const raw = Buffer.from(payload.slice(payload.indexOf('\r\n') + 2, payload.length - 2), 'latin1');
  await both(pair, [['RESTORE', 'dst', '0', raw], ['LRANGE', 'dst', '0', '-1'], ['OBJECT', 'ENCODING', 'dst']]);
});

oracle.test('encoding stays quicklist at every list-max-listpack-size', async (pair) => {
  for (const size of ['-5', '-1', '1', '2', '128']) {
    await both(pair, [
      ['FLUSHALL'],
      ['CONFIG', 'SET', 'list-max-listpack-size', size],
      ['RPUSH', 'l', 'a'],
      ['OBJECT', 'ENCODING', 'l'],
      ['RPUSH', 'l', 'x'.repeat(9000), 'b', 'c'],
      ['OBJECT', 'ENCODING', 'l'],
      ['LRANGE', 'l', '1', '1'],
    ]);
  }
  await pair.both('CONFIG', 'SET', 'list-max-listpack-size', '-2');
});

oracle.test('large lists: ends, middle edits and ranges across internal blocks', async (pair) => {
  await pair.both('FLUSHALL');
  const cmds: Cmd[] = [];
  for (let i = 0; i < 10; i++) {
    cmds.push(['RPUSH', 'L', ...Array.from({ length: 50 }, (_, j) => `r${i * 50 + j}`)]);
    cmds.push(['LPUSH', 'L', ...Array.from({ length: 50 }, (_, j) => `l${i * 50 + j}`)]);
  }
  cmds.push(
    ['LLEN', 'L'], ['LINDEX', 'L', '0'], ['LINDEX', 'L', '499'], ['LINDEX', 'L', '500'], ['LINDEX', 'L', '-1'], ['LRANGE', 'L', '120', '140'], ['LRANGE', 'L', '-140', '-120'],
    ['LINSERT', 'L', 'BEFORE', 'r7', 'INS1'], ['LINSERT', 'L', 'AFTER', 'l300', 'INS2'], ['LSET', 'L', '700', 'SET'],
    ['LREM', 'L', '0', 'r9'], ['LPOS', 'L', 'SET'], ['LPOS', 'L', 'INS1'], ['LPOS', 'L', 'INS2'],
    ['LPOP', 'L', '130'], ['RPOP', 'L', '140'], ['LRANGE', 'L', '0', '5'], ['LRANGE', 'L', '-5', '-1'],
    ['LTRIM', 'L', '100', '-100'], ['LLEN', 'L'], ['LRANGE', 'L', '0', '-1'], ['DEBUG', 'DIGEST-VALUE', 'L'],
    ['LMOVE', 'L', 'L', 'LEFT', 'RIGHT'], ['LMOVE', 'L', 'L', 'RIGHT', 'LEFT'], ['LRANGE', 'L', '0', '3'],
  );
  await both(pair, cmds);
});

/** Collect keyspace notifications (pattern __key*__:*) while cmds run on `port`. */
async function events(port: number, cmds: Cmd[]): Promise<string[]> {
  const sub = await RawClient.connect(port);
  const c = await RawClient.connect(port);
  try {
    await c.call('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
    await sub.call('PSUBSCRIBE', '__keyevent@0__:*');
    for (const cmd of cmds) await c.call(...cmd);
    await c.call('PUBLISH', 'x', 'end');
    await sleep(50);
    const text = sub.pending();
    await c.call('CONFIG', 'SET', 'notify-keyspace-events', '');
    return text.split('\r\n').filter((l) => l.startsWith('__keyevent') || (!l.startsWith('$') && !l.startsWith('*') && l !== 'pmessage' && l !== '__keyevent@0__:*' && l !== ''));
  } finally {
    sub.close();
    c.close();
  }
}

oracle.test('keyspace events of list commands match', async (pair) => {
  await pair.both('FLUSHALL');
  const cmds: Cmd[] = [
    ['RPUSH', 'l', 'a', 'b', 'c', 'd'], ['LPUSH', 'l', 'z'], ['LPUSHX', 'l', 'y'], ['RPUSHX', 'nokey', 'y'], ['LPOP', 'l'], ['RPOP', 'l', '2'],
    ['LSET', 'l', '0', 'Y'], ['LINSERT', 'l', 'AFTER', 'a', 'b2'], ['LINSERT', 'l', 'AFTER', 'nope', 'b2'], ['LREM', 'l', '0', 'b2'], ['LREM', 'l', '0', 'nope'],
    ['LTRIM', 'l', '0', '0'], ['LMOVE', 'l', 'm', 'LEFT', 'RIGHT'], ['RPOPLPUSH', 'm', 'm'], ['LMPOP', '1', 'm', 'LEFT', 'COUNT', '5'],
    ['RPUSH', 'q', '1', '2'], ['BLPOP', 'q', '0'], ['BLMOVE', 'q', 'r', 'LEFT', 'LEFT', '0'], ['LTRIM', 'r', '1', '0'], ['RPUSH', 'x', '1'], ['LREM', 'x', '1', '1'],
  ];
  assert.deepEqual(await events(pair.ts.port, cmds), await events(pair.redis.port, cmds));
});
