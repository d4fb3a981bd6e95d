// Differential tests of the stream group against real Redis 7.0: replies compared byte for
// byte in RESP2 and RESP3 (IDs are given explicitly so entries are deterministic; replies
// carrying delivery times or idle times are compared with their integers masked), the
// radix-tree-of-listpacks node model (XINFO radix-tree-keys/nodes and XLEN after
// approximate trimming at several stream-node-max-entries/-bytes settings), ID parsing
// edge cases up to 2^64-1, consumer groups (PEL, XCLAIM, XAUTOCLAIM, lag, entries-read),
// blocking XREAD/XREADGROUP (served, timed out, failed by DEL/SET/FLUSHALL/XGROUP DESTROY),
// generic commands on streams, keyspace events, and (tsredis only) what is propagated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Pair, type Cmd, sharedPair, RawClient, sameKeyspaceEvents, sleep } from '../helpers.js';

const oracle = sharedPair();

/** Replies carrying times (XPENDING ranges, XINFO CONSUMERS, XINFO STREAM FULL) are compared with integers masked. */
function timed(cmd: Cmd): boolean {
  const name = String(cmd[0]).toLowerCase();
  if (name === 'xpending') return cmd.length > 3;
  if (name !== 'xinfo') return false;
  const sub = String(cmd[1]).toLowerCase();
  if (sub === 'consumers') return true;
  return sub === 'stream' && cmd.length > 3;
}

function mask(raw: string): string {
  return raw.replace(/\r\n:\d+\r\n/g, '\r\n:#\r\n').replace(/^:\d+\r\n/, ':#\r\n');
}

async function mismatches(p: Pair, cmds: Cmd[]): Promise<string[]> {
  const out: string[] = [];
  for (const cmd of cmds) {
    let [x, y] = await p.both(...cmd);
    if (timed(cmd)) {
      x = mask(x);
      y = mask(y);
    }
    if (x !== y) out.push(`${JSON.stringify(cmd.map(String))}: tsredis ${JSON.stringify(x)} redis ${JSON.stringify(y)}`);
  }
  return out;
}

async function same(p: Pair, cmds: Cmd[]): Promise<void> {
  await p.both('FLUSHALL');
  assert.deepEqual(await mismatches(p, cmds), []);
}

async function sameBothProtocols(p: Pair, cmds: Cmd[]): Promise<void> {
  await p.both('FLUSHALL');
  const m2 = await mismatches(p, cmds);
  await p.both('FLUSHALL');
  await p.both('HELLO', '3');
  const m3 = await mismatches(p, cmds);
  await p.both('HELLO', '2');
  assert.deepEqual([...m2, ...m3.map((m) => 'RESP3 ' + m)], []);
}

const W = (s: string): Cmd => s.split(' ');

const STREAM_COMMANDS = [
  'xadd', 'xlen', 'xrange', 'xrevrange', 'xdel', 'xtrim', 'xread', 'xreadgroup', 'xack', 'xpending',
  'xclaim', 'xautoclaim', 'xsetid', 'xgroup', 'xinfo',
];

oracle.test('COMMAND INFO and GETKEYS of the stream commands match', async (p) => {
  // Containers list their subcommands in Redis's dict order, which a random hash seed
  // makes differ between runs: they are compared one subcommand at a time.
  await same(p, [
    ...STREAM_COMMANDS.filter((n) => n !== 'xgroup' && n !== 'xinfo').map((n) => ['COMMAND', 'INFO', n]),
    ['COMMAND', 'INFO', 'xgroup|create', 'xgroup|setid', 'xgroup|destroy', 'xgroup|createconsumer', 'xgroup|delconsumer', 'xgroup|help'],
    ['COMMAND', 'INFO', 'xinfo|stream', 'xinfo|groups', 'xinfo|consumers', 'xinfo|help'],
    W('COMMAND GETKEYS XREAD COUNT 2 STREAMS a b 0 0'),
    W('COMMAND GETKEYS XREADGROUP GROUP g c STREAMS a b > >'),
    W('COMMAND GETKEYS XADD s * f v'),
    W('COMMAND GETKEYS XGROUP CREATE s g $'),
  ]);
});

const BASICS: Cmd[] = [
  W('XADD s 1-1 a 1'), W('XADD s 1-1 a 1'), W('XADD s 1 a 1'), W('XADD s 1-* b 2'), W('XADD s 2-* b 2 c 3'),
  W('XADD s 0-0 a 1'), W('XADD s 0 a 1'), W('XADD s 5-5 a'), W('XADD s MAXLEN'), W('XADD s MAXLEN 5'),
  W('XADD s MAXLEN -1 * a 1'), W('XADD s MINID 1 MAXLEN 2 * a 1'), W('XADD s LIMIT 5 10-1 a 1'),
  W('XADD s MAXLEN 10 LIMIT 5 10-1 a 1'), W('XADD s NOMKSTREAM 11-1 a 1'), W('XADD nos NOMKSTREAM 11-1 a 1'),
  W('XADD s abc a 1'), W('XADD s 1-abc a 1'), W('XADD s -1 a 1'), W('XADD s 18446744073709551616-0 a 1'),
  W('XADD s 3-0 a 1'), W('XLEN s'),
  W('XRANGE s - +'), W('XREVRANGE s + -'), W('XRANGE s - + COUNT 2'), W('XRANGE s - + COUNT 0'),
  W('XRANGE s - + COUNT -1'), W('XRANGE s - + COUNT'), W('XRANGE s - + FOO 1'), W('XRANGE s (1-1 +'),
  W('XRANGE s ( +'), W('XRANGE s (- +'), W('XRANGE s 2 2'), W('XRANGE s 1 (2-0'), W('XRANGE s - (0-0'),
  W('XRANGE s (18446744073709551615-18446744073709551615 +'), W('XRANGE nokey - +'), W('XREVRANGE s (2-1 -'),
  W('XREVRANGE s + - COUNT 1'), W('XREVRANGE s 1 2'), W('XRANGE s 2 1'),
  W('XDEL s 1-1 2-1 99-1'), W('XDEL s bad'), W('XDEL nokey bad'), W('XLEN s'), W('XLEN nokey'),
  W('SET str x'), W('XADD str * a 1'), W('XLEN str'), W('XRANGE str - +'), W('XINFO STREAM str'),
  W('XINFO STREAM s'), W('XINFO STREAM s FULL'), W('XINFO STREAM s FULL COUNT 1'), W('XINFO STREAM s FULL COUNT 0'),
  W('XINFO STREAM s FULL COUNT -3'), W('XINFO STREAM s FULLX'), W('XINFO STREAM s FULL COUNT'),
  W('XINFO STREAM s FULL COUNT abc'), W('XINFO STREAM nokey'), W('TYPE s'), W('OBJECT ENCODING s'),
  W('XTRIM s MAXLEN 1'), W('XTRIM s'), W('XTRIM s FOO'), W('XTRIM nokey MAXLEN 1'), W('XTRIM s MAXLEN ~ 0 LIMIT 0'),
  W('XTRIM s LIMIT 5'), W('XTRIM s MINID 0 LIMIT 5'), W('XTRIM s MAXLEN = 0'), W('XTRIM s MINID = x'),
  W('XINFO STREAM s'), W('XRANGE s - +'),
  W('XSETID s 1-1'), W('XSETID nokey 1-1'), W('XSETID s 1 ENTRIESADDED -1'), W('XSETID s 1 MAXDELETEDID 5'),
  W('XSETID s 1 FOO'), W('XSETID s bad'), W('XSETID s 7 ENTRIESADDED 10 MAXDELETEDID 6-9'), W('XINFO STREAM s'),
  W('XADD q 1-1 a 1'), W('XADD q 2-1 a 1'), W('XSETID q 3-1 MAXDELETEDID 3-0'), W('XSETID q 2-5'), W('XSETID q 1-5'),
  W('XSETID q 9 ENTRIESADDED 1'), W('XDEL q 2-1 1-1'), W('XSETID q 0-5'), W('XINFO STREAM q'),
  W('XADD h 18446744073709551614-18446744073709551614 a 1'), W('XADD h 18446744073709551614-* a 1'),
  W('XADD h 18446744073709551614-* a 1'), W('XADD h * a 1'), W('XADD h 18446744073709551615-5 a 1'),
  W('XADD h 18446744073709551615-* a 1'), W('XADD h 18446744073709551615-18446744073709551615 a 1'),
  W('XADD h 18446744073709551615-18446744073709551615 a 1'), W('XINFO STREAM h'),
  W('XRANGE h 18446744073709551614 18446744073709551614'), W('XRANGE h 18446744073709551615 +'),
  W('XREVRANGE h 18446744073709551615 -'), W('XRANGE h (18446744073709551614-18446744073709551615 +'),
  W('XADD h2 9007199254740993-1 a 1'), W('XADD h2 9007199254740993-* a 1'), W('XRANGE h2 - +'),
  ['XADD', 'bin', '1-1', 'f\0\r\n\xff', 'v\0\r\n'], ['XRANGE', 'bin', '-', '+'],
];

oracle.test('XADD, XRANGE, XDEL, XTRIM, XSETID, XINFO STREAM: replies and errors (RESP2 and RESP3)', async (p) => {
  await sameBothProtocols(p, BASICS);
});

oracle.test('ID arguments: strtoull corner cases, incomplete IDs, "-" and "+" where strict', async (p) => {
  const cmds: Cmd[] = [W('XADD p 5 a 1')];
  for (const a of ['+5', '05', ' 5', '5 ', '-0', '5-+3', '5--1', '5--01', '5- 7', '1.5', '0x5', '5-0x1', '', '-', '+', '5-*', '5\x00x', 'x'.repeat(130)]) {
    cmds.push(['XRANGE', 'p', a, '+'], ['XADD', 'p2', a, 'a', '1'], ['XDEL', 'p', a], ['XREAD', 'STREAMS', 'p', a]);
  }
  cmds.push(W('XRANGE p2 - +'), W('XADD p2 5-* a 1'));
  await same(p, cmds);
});

oracle.test('consumer groups: XGROUP, XREADGROUP, XACK, XPENDING, XINFO GROUPS/CONSUMERS (RESP2 and RESP3)', async (p) => {
  const cmds: Cmd[] = [
    W('XGROUP CREATE s g $'), W('XGROUP CREATE s g $ MKSTREAM'), W('XGROUP CREATE s g $ MKSTREAM'),
    W('XGROUP CREATE s g2 0 MKSTREAM ENTRIESREAD'), W('XGROUP CREATE s g2 0 ENTRIESREAD -2'), W('XGROUP CREATE s g2 0 ENTRIESREAD abc'),
    W('XGROUP CREATE s g2 0 FOO'), W('XGROUP CREATE s g2 bad'), W('XGROUP CREATE s g2 0 ENTRIESREAD 3'),
    W('XGROUP CREATE s g3 0 MKSTREAM MKSTREAM MKSTREAM MKSTREAM'), W('XGROUP CREATE nokey g 0'), W('XGROUP CREATE'),
    W('XADD s 1-1 a 1'), W('XADD s 2-1 a 2 b 3'), W('XADD s 3-1 a 3'), W('XADD s 4-1 a 4'), W('XINFO GROUPS s'),
    W('XGROUP SETID s g 0'), W('XGROUP SETID s nog 0'), W('XGROUP SETID nokey g 0'), W('XGROUP SETID s g 0 ENTRIESREAD'),
    W('XGROUP SETID s g 0 ENTRIESREAD x'), W('XGROUP SETID s g 0 FOO 1'), W('XGROUP SETID s g 0 ENTRIESREAD -5'),
    W('XGROUP SETID s g bad'), W('XGROUP SETID s g -'), W('XGROUP SETID s g +'), W('XGROUP SETID s g 1 ENTRIESREAD 1 x'),
    W('XINFO GROUPS s'), W('XGROUP SETID s g 0'),
    W('XREADGROUP GROUP g c1 COUNT 2 STREAMS s >'), W('XREADGROUP GROUP g c1 STREAMS s >'), W('XREADGROUP GROUP g c2 STREAMS s >'),
    W('XREADGROUP GROUP g c1 STREAMS s 0'), W('XREADGROUP GROUP g c1 COUNT 1 STREAMS s 0'), W('XREADGROUP GROUP g c1 STREAMS s 2-1'),
    W('XREADGROUP GROUP g c3 STREAMS s 0'), W('XREADGROUP GROUP g c1 STREAMS s $'), W('XREADGROUP GROUP g c1 STREAMS s'),
    W('XREADGROUP GROUP g c1 STREAMS s nos > >'), W('XREADGROUP GROUP nog c1 STREAMS s >'), W('XREADGROUP GROUP g c1 STREAMS nos >'),
    W('XREADGROUP STREAMS s >'), W('XREADGROUP GROUP g c1 FOO STREAMS s >'), W('XREADGROUP GROUP g c1 COUNT x STREAMS s >'),
    W('XREADGROUP GROUP g c1 BLOCK x STREAMS s >'), W('XREADGROUP GROUP g c1 BLOCK -1 STREAMS s >'), W('XREADGROUP GROUP g c1 STREAMS s bad'),
    W('XREADGROUP GROUP g c1 STREAMS str >'),
    W('XREAD GROUP g c STREAMS s 0'), W('XREAD NOACK STREAMS s 0'), W('XREAD STREAMS s >'), W('XREAD STREAMS s 0'),
    W('XREAD COUNT 1 STREAMS s 0'), W('XREAD STREAMS s $'), W('XREAD STREAMS s nokey 0 0'), W('XREAD STREAMS s 4-1'),
    W('XREAD STREAMS s'), W('XREAD COUNT 1 STREAMS s s 0 1'), W('XREAD COUNT -5 STREAMS s 0'), W('XREAD BLOCK -1 STREAMS s 0'),
    W('XINFO GROUPS s'), W('XINFO CONSUMERS s g'), W('XINFO CONSUMERS s nog'), W('XINFO STREAM s FULL'),
    W('XPENDING s g'), W('XPENDING s nog'), W('XPENDING nokey g'), W('XPENDING s g - + 10'), W('XPENDING s g - + 10 c1'),
    W('XPENDING s g - + 10 nobody'), W('XPENDING s g (1-1 + 1'), W('XPENDING s g - + x'), W('XPENDING s g - + -1'),
    W('XPENDING s g IDLE 0 - + 10'), W('XPENDING s g IDLE 100000 - + 10'), W('XPENDING s g IDLE x - + 10'), W('XPENDING s g IDLE 0 - +'),
    W('XPENDING s g - +'), W('XPENDING s g - + 10 c1 extra'), W('XPENDING s g a b 10'), W('XPENDING s g - (0-0 10'),
    W('XACK s g 1-1 9-9'), W('XACK s g bad'), W('XACK s nog bad'), W('XACK nokey g 1'), W('XPENDING s g'),
    W('XGROUP CREATECONSUMER s g c9'), W('XGROUP CREATECONSUMER s g c9'), W('XGROUP CREATECONSUMER s nog c9'),
    W('XGROUP DELCONSUMER s g c1'), W('XGROUP DELCONSUMER s g c1'), W('XPENDING s g'), W('XINFO GROUPS s'),
    W('XGROUP DESTROY s g3'), W('XGROUP DESTROY s g3'), W('XGROUP DESTROY s g'), W('XGROUP DESTROY nokey g'),
    W('XINFO GROUPS s'), W('XINFO STREAM s'), W('XGROUP FOO s g'), W('XGROUP HELP'), W('XINFO HELP'), W('XINFO FOO s'),
    W('XGROUP HELP x'), W('XINFO HELP x'),
  ];
  await sameBothProtocols(p, cmds);
});

oracle.test('XCLAIM, XAUTOCLAIM, lag and entries-read (RESP2 and RESP3)', async (p) => {
  const cmds: Cmd[] = [
    W('XADD s 1-1 a 1'), W('XADD s 2-1 a 2'), W('XADD s 3-1 a 3'), W('XADD s 4-1 a 4'), W('XADD s 5-1 a 5'),
    W('XGROUP CREATE s g 0'), W('XREADGROUP GROUP g c1 STREAMS s >'),
    W('XCLAIM s g c2 0 1-1 2-1'), W('XCLAIM s g c2 0 1-1 JUSTID'), W('XCLAIM s g c2 0 1-1 RETRYCOUNT 7 JUSTID'),
    W('XPENDING s g - + 1'), W('XCLAIM s g c2 0 3-1 IDLE 100000000'), W('XCLAIM s g c2 0 3-1 TIME 5'),
    W('XCLAIM s g c2 0 3-1 IDLE x'), W('XCLAIM s g c2 0 3-1 TIME x'), W('XCLAIM s g c2 0 3-1 RETRYCOUNT x'),
    W('XCLAIM s g c2 0 3-1 LASTID x'), W('XCLAIM s g c2 0 3-1 FOO'), W('XCLAIM s g c2 x 3-1'), W('XCLAIM s g c2 -5 3-1 JUSTID'),
    W('XCLAIM s g c2 1000000 4-1'), W('XCLAIM s nog c2 0 4-1'), W('XCLAIM nokey g c2 0 4-1'), W('XCLAIM s g c2 0 9-9 FORCE'),
    W('XCLAIM s g c2 0 5-1 FORCE JUSTID'), W('XDEL s 4-1'), W('XCLAIM s g c3 0 4-1'), W('XPENDING s g'),
    W('XCLAIM s g c3 0 100-1 LASTID 50-1'), W('XINFO GROUPS s'),
    W('XAUTOCLAIM s g c4 0 0'), W('XAUTOCLAIM s g c4 0 0 COUNT 1'), W('XAUTOCLAIM s g c4 0 0 COUNT 0'),
    W('XAUTOCLAIM s g c4 0 0 COUNT x'), W('XAUTOCLAIM s g c4 0 0 COUNT 922337203685477581'), W('XAUTOCLAIM s g c4 0 0 JUSTID'),
    W('XAUTOCLAIM s g c4 0 (1-1 JUSTID COUNT 2'), W('XAUTOCLAIM s g c4 0 0 FOO'), W('XAUTOCLAIM s g c4 x 0'),
    W('XAUTOCLAIM s g c4 0 bad'), W('XAUTOCLAIM s nog c4 0 0'), W('XAUTOCLAIM nokey g c4 0 0'), W('XAUTOCLAIM s g c4 100000 0'),
    W('XADD s 6-1 a 6'), W('XADD s 7-1 a 7'), W('XREADGROUP GROUP g c5 STREAMS s >'), W('XDEL s 6-1 7-1'),
    W('XAUTOCLAIM s g c6 0 0 JUSTID'), W('XAUTOCLAIM s g c6 0 0'), W('XPENDING s g'), W('XINFO GROUPS s'),
    W('XREADGROUP GROUP g c1 STREAMS s 0'), W('XREADGROUP GROUP g c4 STREAMS s 0'), W('XREADGROUP GROUP g c4 NOACK STREAMS s 0'),
    W('XADD s 8-1 a 8'), W('XREADGROUP GROUP g c7 NOACK STREAMS s >'), W('XPENDING s g'), W('XINFO GROUPS s'),
    W('XGROUP CREATE s g2 0'), W('XGROUP CREATE s g3 3-1'), W('XGROUP CREATE s g4 $'), W('XGROUP CREATE s g5 0 ENTRIESREAD 2'),
    W('XINFO GROUPS s'), W('XREADGROUP GROUP g2 c COUNT 1 STREAMS s >'), W('XINFO GROUPS s'), W('XDEL s 1-1'), W('XINFO GROUPS s'),
    W('XREADGROUP GROUP g2 c COUNT 1 STREAMS s >'), W('XINFO GROUPS s'), W('XREADGROUP GROUP g3 c STREAMS s >'), W('XINFO GROUPS s'),
    W('XTRIM s MAXLEN 1'), W('XINFO GROUPS s'), W('XINFO STREAM s'), W('XINFO STREAM s FULL'),
    W('XSETID s 9-1 ENTRIESADDED 100 MAXDELETEDID 9-0'), W('XINFO GROUPS s'), W('XINFO STREAM s'), W('XSETID s 9-1 ENTRIESADDED 0'),
    W('XSETID s 8-0'), W('XSETID s 9-0'),
    W('XADD e 1-1 a 1'), W('XDEL e 1-1'), W('XGROUP CREATE e g 0'), W('XINFO GROUPS e'), W('XSETID e 0-1'), W('XSETID e 1-1 MAXDELETEDID 1-2'),
    W('XADD e2 5-5 x y'), W('XGROUP CREATE e2 g 5-5'), W('XGROUP CREATE e2 g1 5-4'), W('XGROUP CREATE e2 g2 6-5'), W('XINFO GROUPS e2'),
    W('XGROUP CREATE e3 g 0 MKSTREAM'), W('XINFO GROUPS e3'), W('XINFO STREAM e3'), W('XINFO STREAM e3 FULL'),
  ];
  await sameBothProtocols(p, cmds);
});

oracle.test('stream commands from scripts and inside MULTI (BLOCK refused in scripts, answered at once in EXEC)', async (p) => {
  await sameBothProtocols(p, [
    ['EVAL', "return redis.call('XREAD','BLOCK','0','STREAMS','s','$')", '0'],
    ['EVAL', "return redis.call('xreadgroup','GROUP','g','c','BLOCK','0','STREAMS','s','>')", '0'],
    ['EVAL', "return redis.call('XADD','s','1-1','a','b')", '0'],
    ['EVAL', "return redis.call('XRANGE','s','-','+')", '0'],
    ['EVAL', "return redis.call('XREAD','STREAMS','s','0')", '0'],
    ['EVAL', "redis.setresp(3); return redis.call('XREAD','STREAMS','s','0')", '0'],
    ['EVAL', "return redis.call('XINFO','STREAM','s')", '0'],
    W('MULTI'), W('XADD s 2-1 a b'), W('XREAD BLOCK 0 STREAMS s $'), W('XREAD BLOCK 0 STREAMS s 0'), W('XGROUP CREATE s g 0'),
    W('XREADGROUP GROUP g c BLOCK 0 STREAMS s >'), W('XREADGROUP GROUP g c BLOCK 0 STREAMS s >'), W('EXEC'),
  ]);
});

oracle.test('keyspace hits/misses and the dirty counter of the stream commands (XREAD looks each key up twice, as Redis)', async (p) => {
  const cmds: Cmd[] = [
    W('XADD s 1-1 a 1'), W('XGROUP CREATE s g 0'), W('XREAD STREAMS s 0'), W('XREAD STREAMS s nokey 0 0'), W('XREAD STREAMS s 5'),
    W('XREADGROUP GROUP g c STREAMS s >'), W('XREADGROUP GROUP g c STREAMS s 0'), W('XRANGE s - +'), W('XLEN s'), W('XLEN nokey'),
    W('XPENDING s g'), W('XACK s g 1-1'), W('XCLAIM s g c 0 1-1'), W('XAUTOCLAIM s g c 0 0'), W('XINFO STREAM s'), W('XINFO GROUPS s'),
    W('XINFO CONSUMERS s g'), W('XDEL s 9-9'), W('XTRIM s MAXLEN 5'), W('XSETID s 5-5'), W('XGROUP SETID s g 0'),
    W('XADD s MAXLEN 1 6-6 a 1'), W('XREAD BLOCK 10 STREAMS s $'),
    W('XADD t 1-1 a 1 b 2'), W('XDEL t 1-1 2-2'), W('XGROUP CREATE t g $'), W('XGROUP CREATE u g $ MKSTREAM'),
    W('XGROUP CREATECONSUMER t g c'), W('XGROUP DELCONSUMER t g c'), W('XGROUP DESTROY t g'),
    W('XREADGROUP GROUP g n NOACK STREAMS s >'), W('XADD s 7-7 a 1'), W('XREADGROUP GROUP g n NOACK STREAMS s >'),
    W('XADD s 8-7 a 1'), W('XADD s 9-7 a 1'), W('XREADGROUP GROUP g n2 STREAMS s >'), W('XACK s g 8-7 9-7 1-1'),
    W('XCLAIM s g z 0 8-7 LASTID 99-1'), W('XTRIM s MAXLEN 0'),
  ];
  // Hits, misses and the dirty counter (rdb_changes_since_last_save) after each command.
  const stats = async (c: RawClient): Promise<string> => {
    const r = await c.call('INFO', 'stats');
    const d = await c.call('INFO', 'persistence');
    return `${/keyspace_hits:(\d+)/.exec(r)![1]}/${/keyspace_misses:(\d+)/.exec(r)![1]}/${/rdb_changes_since_last_save:(\d+)/.exec(d)![1]}`;
  };
  await p.both('FLUSHALL');
  await p.both('CONFIG', 'RESETSTAT');
  const got: string[] = [];
  const want: string[] = [];
  const delta = (x: string, y: string): string => {
    const a = x.split('/').map(Number);
    const b = y.split('/').map(Number);
    return a.map((v, i) => String(b[i]! - v)).join('/');
  };
  let sa = await stats(p.a);
  let sb = await stats(p.b);
  for (const cmd of cmds) {
    await p.both(...cmd);
    const na = await stats(p.a);
    const nb = await stats(p.b);
    got.push(`${cmd.join(' ')} ${delta(sa, na)}`);
    want.push(`${cmd.join(' ')} ${delta(sb, nb)}`);
    sa = na;
    sb = nb;
  }
  assert.deepEqual(got, want);
});

oracle.test('XREAD/XREADGROUP over several streams: each judged after the previous were served (RESP2 and RESP3)', async (p) => {
  await sameBothProtocols(p, [
    W('XADD s 1-1 a 1'), W('XADD s 2-1 a 1'), W('XADD t 1-1 a 1'), W('XGROUP CREATE s g 0'), W('XGROUP CREATE t g 0'),
    W('XREADGROUP GROUP g c STREAMS s s > >'), W('XADD s 3-1 a 1'), W('XADD s 4-1 a 1'),
    W('XREADGROUP GROUP g c COUNT 1 STREAMS s s t > > >'), W('XREADGROUP GROUP g c STREAMS s t s 0 > 0'),
    W('XREAD STREAMS s s t 0 1 0'), W('XREAD STREAMS s nokey s 0 0 5'), W('XREAD STREAMS nokey s 0 9'), W('XPENDING s g'),
  ]);
});

/** Deterministic pseudo-random numbers (an LCG) so failures reproduce. */
function lcg(seed: number): (n: number) => number {
  let s = seed;
  return (n: number): number => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
}

oracle.test('node boundaries: XINFO radix-tree keys/nodes and approximate trimming as Redis', async (p) => {
  const rnd = lcg(7);
  const cmds: Cmd[] = [];
  for (let i = 1; i < 260; i++) cmds.push(['XADD', 'big', `${i}-1`, 'a', String(i)]);
  cmds.push(W('XINFO STREAM big'), W('XADD big 300-1 a 1'), W('XTRIM big MAXLEN ~ 150'), W('XLEN big'), W('XINFO STREAM big'),
    W('XTRIM big MAXLEN ~ 10 LIMIT 50'), W('XTRIM big MAXLEN ~ 10 LIMIT 100'), W('XLEN big'), W('XTRIM big MINID ~ 250'),
    W('XINFO STREAM big'), W('XTRIM big MINID 250'), W('XINFO STREAM big'), W('XRANGE big - + COUNT 3'));
  for (let i = 1; i < 40; i++) cmds.push(['XADD', 'bytes', `${i}-0`, 'f', 'v'.repeat(1 + rnd(400))]);
  cmds.push(W('XINFO STREAM bytes'), W('XTRIM bytes MAXLEN ~ 5'), W('XLEN bytes'), W('XINFO STREAM bytes'));
  const fields = ['a', 'b', '123', '-5', 'x'.repeat(70), 'yy'];
  const vals = ['1', '-1', '99999', '12345678901', '0', '007', '-4097', '8388608', '-2147483649', 'y'.repeat(100), ''];
  for (let i = 1; i < 300; i++) {
    const fv: string[] = [];
    const nf = 1 + rnd(3);
    for (let j = 0; j < nf; j++) fv.push(fields[rnd(fields.length)]!, vals[rnd(vals.length)]!);
    cmds.push(['XADD', 'mix', `${rnd(4) * 1e12 + i}-${rnd(1 << 30) * 1024 + rnd(1024)}`, ...fv]);
  }
  cmds.push(W('XINFO STREAM mix'));
  for (let i = 0; i < 40; i++) cmds.push(['XDEL', 'mix', `${rnd(4) * 1e12 + 1 + rnd(300)}-0`]);
  cmds.push(W('XLEN mix'), W('XINFO STREAM mix'), W('XTRIM mix MAXLEN ~ 100'), W('XLEN mix'), W('XINFO STREAM mix'));
  cmds.push(W('CONFIG SET stream-node-max-entries 5'));
  for (let i = 1; i < 23; i++) cmds.push(['XADD', 'n5', String(i), 'a', String(i)]);
  cmds.push(W('XINFO STREAM n5'), W('XDEL n5 6 7 8 9 10'), W('XINFO STREAM n5'), W('XDEL n5 3'), W('XADD n5 30 a 1'),
    W('XINFO STREAM n5'), W('XTRIM n5 MAXLEN ~ 3'), W('XINFO STREAM n5'), W('XADD n5 MAXLEN ~ 1 40 a 1'), W('XINFO STREAM n5'),
    W('XTRIM n5 MINID 35'), W('XINFO STREAM n5 FULL'));
  // Exact MINID trimming can leave a node whose entries are all deleted (its last, deleted
  // entry is not below the bound): it stays in the tree and still takes appends.
  for (const k of ['e', 'f']) for (let i = 1; i <= (k === 'e' ? 6 : 2); i++) cmds.push(['XADD', k, String(i), 'a', '1']);
  cmds.push(W('XDEL e 5'), W('XTRIM e MINID 5'), W('XINFO STREAM e'), W('XRANGE e - +'), W('XREVRANGE e + -'), W('XADD e 7 a 1'),
    W('XINFO STREAM e'), W('XTRIM e MAXLEN 1'), W('XINFO STREAM e'), W('XDEL f 2'), W('XTRIM f MINID 2'), W('XINFO STREAM f'),
    W('XADD f 3 a 1'), W('XINFO STREAM f FULL'), W('XDEL f 3'), W('XINFO STREAM f'), W('XADD f 4 a 1'), W('XINFO STREAM f'));
  cmds.push(W('CONFIG SET stream-node-max-entries 0'), W('CONFIG SET stream-node-max-bytes 100'));
  for (let i = 1; i < 23; i++) cmds.push(['XADD', 'nb', String(i), 'a', String(i), 'bb', String(i * 1000)]);
  cmds.push(W('XINFO STREAM nb'), W('CONFIG SET stream-node-max-bytes 0'));
  for (let i = 1; i < 23; i++) cmds.push(['XADD', 'nz', String(i), 'a', String(i), 'bb', String(i * 1000)]);
  cmds.push(W('XINFO STREAM nz'), W('CONFIG SET stream-node-max-bytes 4096'), W('CONFIG SET stream-node-max-entries 100'));
  await same(p, cmds);
});

oracle.test('generic commands on streams: TYPE, OBJECT ENCODING, COPY, RENAME, MOVE, SCAN TYPE, DEBUG DIGEST-VALUE', async (p) => {
  await same(p, [
    W('XADD s 1-1 a 1 b 2'), W('XADD s 2-1 a 3 b 4'), W('XGROUP CREATE s g 0'), W('XREADGROUP GROUP g c STREAMS s >'),
    W('COPY s s2'), W('XINFO STREAM s2'), W('XINFO GROUPS s2'), W('XPENDING s2 g - + 10 c'), W('XACK s2 g 1-1'), W('XPENDING s g'),
    W('TYPE s2'), W('OBJECT ENCODING s2'), W('DEBUG DIGEST-VALUE s'), W('DEBUG DIGEST-VALUE s2'), W('RENAME s2 s3'),
    W('XRANGE s3 - +'), W('MOVE s3 1'), W('SELECT 1'), W('XRANGE s3 - +'), W('SELECT 0'), W('SCAN 0 TYPE stream'),
    W('EXPIRE s 100'), W('TTL s'), W('DEL s'), W('XADD t 1-1 a 1'), W('XADD t 2-1 a 1'), W('XDEL t 1-1'), W('DEBUG DIGEST-VALUE t'),
    W('XADD u 2-1 a 1'), W('DEBUG DIGEST-VALUE u'), W('XGROUP CREATE u gg 0'), W('DEBUG DIGEST-VALUE u'),
    W('XADD big 18446744073709551615-18446744073709551615 a 1'), W('DEBUG DIGEST-VALUE big'), W('UNLINK t'), W('EXISTS t'),
  ]);
});

oracle.test('keyspace events of the stream commands', async (p) => {
  const cmds: Cmd[] = [
    W('XADD s 1-1 a 1'), W('XADD s MAXLEN 1 2-1 a 1'), W('XADD s MAXLEN 5 3-1 a 1'), W('XDEL s 9-9'), W('XDEL s 3-1'),
    W('XTRIM s MAXLEN 0'), W('XTRIM s MAXLEN 0'), W('XSETID s 10-1'), W('XGROUP CREATE s g 0'), W('XGROUP CREATE t g 0 MKSTREAM'),
    W('XGROUP CREATECONSUMER s g c'), W('XGROUP SETID s g 0'), W('XADD s 11-1 a 1'), W('XREADGROUP GROUP g c2 STREAMS s >'),
    W('XCLAIM s g c3 0 11-1'), W('XAUTOCLAIM s g c4 0 0'), W('XACK s g 11-1'), W('XGROUP DELCONSUMER s g c'),
    W('XGROUP DESTROY s g'), W('DEL s'), W('XADD u NOMKSTREAM 1-1 a 1'),
  ];
  await sameKeyspaceEvents(p, cmds, ['t', 'g']);
});

/**
 * Blocking scenarios: client A blocks, B writes; the replies each client sees must match
 * Redis's (order across clients is not compared: replies to different sockets race).
 */
async function blockingRun(port: number, steps: Cmd[]): Promise<string[]> {
  const a = await RawClient.connect(port);
  const b = await RawClient.connect(port);
  const c = await RawClient.connect(port);
  const out: string[] = [];
  const pending: Promise<unknown>[] = [];
  try {
    await b.call('FLUSHALL');
    for (const s of steps) {
      const who = String(s[0]);
      if (who === 'A' || who === 'C') {
        const cl = who === 'A' ? a : c;
        if (String(s[1]).toUpperCase() === 'HELLO') {
          await cl.call(...s.slice(1)); // its reply carries the client id
          continue;
        }
        pending.push(cl.call(...s.slice(1)).then((r) => out.push(`${who} ${r}`)));
        await sleep(40);
      } else if (who === 'sleep') {
        await sleep(Number(s[1]));
      } else {
        out.push(`B ${await b.call(...s)}`);
      }
    }
    await Promise.race([Promise.all(pending), sleep(1500)]);
  } finally {
    a.close();
    b.close();
    c.close();
  }
  return out.sort();
}

const BLOCKING: Record<string, Cmd[]> = {
  'XREAD $ served by XADD': [W('XADD s 1-1 a 1'), W('A XREAD BLOCK 0 STREAMS s $'), W('XADD s 2-1 b 2'), W('XADD s 3-1 c 3')],
  'XREAD times out': [W('A XREAD BLOCK 100 STREAMS s $'), ['sleep', 250]],
  'XREAD RESP3 map': [W('A HELLO 3'), W('A XREAD BLOCK 0 STREAMS s x $ $'), W('XADD x 2-1 b 2')],
  'XREAD two keys, one served': [W('A XREAD COUNT 1 BLOCK 0 STREAMS s x 0 0'), W('XADD x 2-1 b 2 c 3'), W('XADD s 2-1 b 2')],
  'XREADGROUP > served in order': [W('XGROUP CREATE s g $ MKSTREAM'), W('A XREADGROUP GROUP g c1 BLOCK 0 STREAMS s >'),
    W('C XREADGROUP GROUP g c2 BLOCK 0 STREAMS s >'), W('XADD s 5-1 f v'), W('XADD s 6-1 f v'), W('XPENDING s g'), W('XINFO GROUPS s')],
  'XREADGROUP unblocked by DEL': [W('XGROUP CREATE s g $ MKSTREAM'), W('A XREADGROUP GROUP g c1 BLOCK 0 STREAMS s >'), W('DEL s')],
  'XREADGROUP unblocked by SET': [W('XGROUP CREATE s g $ MKSTREAM'), W('A XREADGROUP GROUP g c1 BLOCK 0 STREAMS s >'), W('SET s x')],
  'XREADGROUP unblocked by XGROUP DESTROY': [W('XGROUP CREATE s g $ MKSTREAM'), W('A XREADGROUP GROUP g c1 BLOCK 0 STREAMS s >'), W('XGROUP DESTROY s g')],
  'XREADGROUP unblocked by FLUSHALL': [W('XGROUP CREATE s g $ MKSTREAM'), W('A XREADGROUP GROUP g c1 BLOCK 0 STREAMS s >'), W('FLUSHALL')],
  'XREAD stays blocked when the key goes': [W('XADD s 1-1 a 1'), W('A XREAD BLOCK 300 STREAMS s $'), W('DEL s'), W('XADD s 1-0 a 1'), ['sleep', 400]],
  'XREAD BLOCK inside MULTI': [W('MULTI'), W('XREAD BLOCK 0 STREAMS s $'), W('EXEC')],
  'XREADGROUP NOACK while blocked': [W('XGROUP CREATE s g $ MKSTREAM'), W('A XREADGROUP GROUP g c1 NOACK BLOCK 0 STREAMS s >'),
    W('XADD s 5-1 f v'), W('XPENDING s g'), W('XINFO GROUPS s')],
  'XREADGROUP after SETID while blocked': [W('XADD s 1-1 a 1'), W('XGROUP CREATE s g $'), W('A XREADGROUP GROUP g c1 BLOCK 0 STREAMS s >'),
    W('XGROUP SETID s g 0'), W('XADD s 2-1 a 1')],
  'XADD with MAXLEN 0 serves nothing': [W('A XREAD BLOCK 200 STREAMS s $'), W('XADD s MAXLEN 0 5-1 f v'), W('XLEN s'), ['sleep', 300]],
  'XREADGROUP history never blocks': [W('XGROUP CREATE s g $ MKSTREAM'), W('A XREADGROUP GROUP g c1 BLOCK 0 STREAMS s 0')],
  'XREAD served by SWAPDB': [W('SELECT 1'), W('XADD s 1-1 a 1'), W('SELECT 0'), W('A XREAD BLOCK 0 STREAMS s $'), W('SWAPDB 0 1')],
  'XREADGROUP failed by SWAPDB (no such group)': [W('SELECT 1'), W('XADD s 1-1 a 1'), W('SELECT 0'), W('XGROUP CREATE s g $ MKSTREAM'),
    W('A XREADGROUP GROUP g c BLOCK 0 STREAMS s >'), W('SWAPDB 0 1')],
  'XREAD served by RENAME': [W('XADD t 1-1 a 1'), W('A XREAD BLOCK 0 STREAMS s 0'), W('RENAME t s')],
  'XREADGROUP failed by RENAME over its stream': [W('XADD t 1-1 a 1'), W('XGROUP CREATE s g $ MKSTREAM'),
    W('A XREADGROUP GROUP g c BLOCK 0 STREAMS s >'), W('RENAME t s')],
  'XREAD served once after MULTI': [W('A XREAD BLOCK 0 STREAMS s $'), W('MULTI'), W('XADD s 1-1 a 1'), W('XADD s 2-1 a 1'), W('EXEC')],
  'XREADGROUP failed when its stream expires': [W('XADD s 1-1 a 1'), W('XGROUP CREATE s g $'), W('A XREADGROUP GROUP g c BLOCK 0 STREAMS s >'),
    W('PEXPIRE s 50'), ['sleep', 300], W('EXISTS s')],
};

for (const [name, steps] of Object.entries(BLOCKING)) {
  oracle.test(`blocking: ${name}`, async (p) => {
    const x = await blockingRun(p.ts.port, steps);
    const y = await blockingRun(p.redis.port, steps);
    assert.deepEqual(x, y);
  });
}

oracle.test('blocking: CLIENT UNBLOCK of a blocked XREAD (timeout and error forms)', async (p) => {
  for (const port of [p.ts.port, p.redis.port]) {
    const a = await RawClient.connect(port);
    const b = await RawClient.connect(port);
    try {
      const id = (await a.call('CLIENT', 'ID')).slice(1, -2);
      const r1 = a.call('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
      await sleep(40);
      assert.equal(await b.call('CLIENT', 'UNBLOCK', id), ':1\r\n');
      assert.equal(await r1, '*-1\r\n');
      const r2 = a.call('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
      await sleep(40);
      assert.equal(await b.call('CLIENT', 'UNBLOCK', id, 'ERROR'), ':1\r\n');
      assert.equal(await r2, '-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n');
      // The earlier waits are gone: a later XADD serves nobody and the client works.
      await b.call('XADD', 's', '*', 'f', 'v');
      assert.equal(await a.call('PING'), '+PONG\r\n');
    } finally {
      a.close();
      b.close();
    }
  }
});

test('propagation: generated IDs, approximate trims and group reads propagate deterministic commands', async () => {
  const { startTsredis } = await import('../helpers.js');
  const srv = await startTsredis();
  let seen: string[][] = [];
  srv.server.propagateHooks.push((_db: number, argv: string[]) => {
    seen.push([...argv]);
  });
  const c = await RawClient.connect(srv.port);
  try {
    const id = (await c.call('XADD', 's', '*', 'f', 'v')).split('\r\n')[1]!;
    assert.deepEqual(seen.pop(), ['XADD', 's', id, 'f', 'v']);
    await c.call('XADD', 's', '99999999999999-*', 'f', 'v');
    assert.deepEqual(seen.pop(), ['XADD', 's', '99999999999999-0', 'f', 'v']);
    await c.call('XADD', 's', 'MAXLEN', '~', '1', '99999999999999-5', 'f', 'v');
    assert.deepEqual(seen.pop(), ['XADD', 's', 'MAXLEN', '=', '3', '99999999999999-5', 'f', 'v']);
    await c.call('XTRIM', 's', 'MAXLEN', '1');
    assert.deepEqual(seen.pop(), ['XTRIM', 's', 'MAXLEN', '1']);
    // What Redis 7.0.15 writes to its AOF for group reads (checked against it by hand):
    // a delivering read propagates one XCLAIM per entry (LASTID = the group's last ID after
    // that entry), no consumer creation and no SETID; a NOACK read propagates the consumer
    // creation and XGROUP SETID; a history read propagates nothing.
    await c.call('XGROUP', 'CREATE', 's', 'g', '0');
    await c.call('XADD', 's', '99999999999999-6', 'f', 'v');
    seen.length = 0;
    await c.call('XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'STREAMS', 's', '>');
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0]!.slice(0, 6), ['XCLAIM', 's', 'g', 'c', '0', '99999999999999-5']);
    assert.equal(seen[0]![6], 'TIME');
    assert.deepEqual(seen[0]!.slice(8), ['RETRYCOUNT', '1', 'FORCE', 'JUSTID', 'LASTID', '99999999999999-5']);
    seen.length = 0;
    await c.call('XREADGROUP', 'GROUP', 'g', 'n', 'NOACK', 'STREAMS', 's', '>');
    assert.deepEqual(seen, [['XGROUP', 'CREATECONSUMER', 's', 'g', 'n'], ['XGROUP', 'SETID', 's', 'g', '99999999999999-6', 'ENTRIESREAD', '4']]);
    seen.length = 0;
    await c.call('XREADGROUP', 'GROUP', 'g', 'h', 'STREAMS', 's', '0');
    await c.call('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>');
    assert.equal(seen.length, 0);
    await c.call('XCLAIM', 's', 'g', 'd', '0', '99999999999999-5', 'JUSTID');
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0]!.slice(0, 6), ['XCLAIM', 's', 'g', 'd', '0', '99999999999999-5']);
    seen.length = 0;
    await c.call('XDEL', 's', '99999999999999-5');
    await c.call('XAUTOCLAIM', 's', 'g', 'e', '0', '0');
    assert.deepEqual(seen.map((a) => a.slice(0, 6)), [['XDEL', 's', '99999999999999-5'], ['XCLAIM', 's', 'g', 'd', '0', '99999999999999-5']]);
    seen = [];
    await c.call('XACK', 's', 'g', '99999999999999-6'); // read with NOACK: not pending
    await c.call('XADD', 's', '99999999999999-7', 'f', 'v');
    await c.call('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>');
    seen = [];
    await c.call('XACK', 's', 'g', '99999999999999-7');
    assert.deepEqual(seen, [['XACK', 's', 'g', '99999999999999-7']]);
  } finally {
    c.close();
    await srv.close();
  }
});
