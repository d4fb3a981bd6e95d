// ACLs against redis-server 7.0: SETUSER rule parsing and normalization (GETUSER, LIST),
// errors, permission checks (commands, first args, key read/write patterns, channels,
// selectors), MULTI queue-time and EXEC-time checks, ACL LOG, DRYRUN, AUTH/HELLO with
// users, requirepass as the default user's password, DELUSER and channel revocation
// disconnecting clients, ACL LOAD/SAVE with an aclfile.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Pair, RawClient, hasRedis, NO_REDIS_MESSAGE, sharedPair, startTsredis, waitFor, type Cmd } from '../helpers.js';
import { Server } from '../../src/server/server.js';

// FLUSHALL first: a redis-server started in a directory holding a dump.rdb loads it.
const oracle = sharedPair({ onPairStarted: async (p) => void (await p.both('FLUSHALL')) });

/** ACL LOG replies without the fields that differ by nature (age, client-info). */
function normLog(r: string): string {
  return r
    .replace(/client-info\r\n\$\d+\r\n[^\r]*\r\n/g, 'client-info\r\n<ci>\r\n')
    .replace(/age-seconds\r\n(\$\d+\r\n[^\r]*|,[^\r]*)\r\n/g, 'age-seconds\r\n<age>\r\n');
}

/** HELLO replies without the connection id. */
const noId = (s: string): string => s.replace(/\r\nid\r\n:\d+\r\n/, '\r\nid\r\n:N\r\n');

async function same(p: Pair, cmds: Cmd[], norm: (s: string) => string = noId): Promise<void> {
  for (const cmd of cmds) {
    const [a, b] = await p.both(...cmd);
    assert.equal(norm(a), norm(b), `reply to ${cmd.map(String).join(' ')}`);
  }
}

/** A second connection on each server. */
async function connectBoth(p: Pair): Promise<[RawClient, RawClient]> {
  return [await RawClient.connect(p.ts.port), await RawClient.connect(p.redis.port)];
}

async function sameOn(x: RawClient, y: RawClient, cmds: Cmd[], norm: (s: string) => string = (s) => s): Promise<void> {
  for (const cmd of cmds) {
    const a = await x.call(...cmd);
    const b = await y.call(...cmd);
    assert.equal(norm(a), norm(b), `reply to ${cmd.map(String).join(' ')}`);
  }
}

oracle.test('SETUSER rules are normalized as Redis lists them (GETUSER, LIST, RESP2 and RESP3)', async (p) => {
  const cmds: Cmd[] = [
    ['ACL', 'SETUSER', 'n1', 'on', '>p1', '+@all', '-get', '+get', '~a*', '%R~b*', '%W~c*', '%RW~d*', '&ch*', '+config|get', '-@string', '+select|0', '(+get ~x*)'],
    ['ACL', 'GETUSER', 'n1'],
    ['ACL', 'SETUSER', 'n2', '+config|get', '+config', '-config|set'],
    ['ACL', 'GETUSER', 'n2'],
    ['ACL', 'SETUSER', 'n3', '+@read', '-@string', '+@read'],
    ['ACL', 'GETUSER', 'n3'],
    ['ACL', 'SETUSER', 'n4', '-@all', '+@hash', '+@set', '-hset', '+@list'],
    ['ACL', 'GETUSER', 'n4'],
    ['ACL', 'SETUSER', 'n5', '%R', '+get|x'],
    ['ACL', 'GETUSER', 'n5'],
    ['ACL', 'SETUSER', 'n6', '~a', '~a', '%R~a', '%W~b', '~b', 'nopass', 'allchannels'],
    ['ACL', 'GETUSER', 'n6'],
    ['ACL', 'SETUSER', 'n7', 'reset'],
    ['ACL', 'GETUSER', 'n7'],
    ['ACL', 'SETUSER', 'n8', '+@all', '-@read', '+get|x', '~*', '&*', 'on', '#' + 'ab'.repeat(32), '>x', '>x'],
    ['ACL', 'GETUSER', 'n8'],
    ['ACL', 'SETUSER', 'n8', '<x', '!' + 'ab'.repeat(32), 'resetkeys', '~k', 'skip-sanitize-payload', '(~q +set)', '(&c -@all)'],
    ['ACL', 'GETUSER', 'n8'],
    ['ACL', 'SETUSER', 'n8', 'clearselectors', 'nocommands', 'allkeys', 'resetpass', 'off'],
    ['ACL', 'GETUSER', 'n8'],
    ['ACL', 'SETUSER', 'n9', '+client', '+client|kill', '-client|list'],
    ['ACL', 'GETUSER', 'n9'],
    ['ACL', 'GETUSER', 'default'],
    ['ACL', 'GETUSER', 'nobody'],
    ['ACL', 'LIST'],
    ['ACL', 'USERS'],
  ];
  await same(p, cmds);
  await p.both('HELLO', '3');
  await same(p, cmds.filter((c) => c[1] !== 'SETUSER'));
  await p.both('HELLO', '2');
  await same(p, [['ACL', 'DELUSER', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n9', 'nobody']]);
});

oracle.test('SETUSER errors', async (p) => {
  await same(p, [
    ['ACL', 'SETUSER', 'e1', 'allkeys', '~x'],
    ['ACL', 'SETUSER', 'e1', 'allchannels', '&x'],
    ['ACL', 'SETUSER', 'e1', '%X~a'],
    ['ACL', 'SETUSER', 'e1', '%~x'],
    ['ACL', 'SETUSER', 'e1', '%'],
    ['ACL', 'SETUSER', 'e1', '+nosuchcommand'],
    ['ACL', 'SETUSER', 'e1', '-nosuchcommand'],
    ['ACL', 'SETUSER', 'e1', '+@nosuchcategory'],
    ['ACL', 'SETUSER', 'e1', '+config|nosuch'],
    ['ACL', 'SETUSER', 'e1', '+config|get|x'],
    ['ACL', 'SETUSER', 'e1', '+get|'],
    ['ACL', 'SETUSER', 'e1', '(+get', '~x'],
    ['ACL', 'SETUSER', 'e1', '(+nosuch)'],
    ['ACL', 'SETUSER', 'e1', '<nope'],
    ['ACL', 'SETUSER', 'e1', '#abc'],
    ['ACL', 'SETUSER', 'e1', '!' + 'AB'.repeat(32)],
    ['ACL', 'SETUSER', 'e1', 'bogus'],
    ['ACL', 'SETUSER', 'a b'],
    ['ACL', 'SETUSER', 'e1', 'on', 'bogus'],
    ['ACL', 'GETUSER', 'e1'],
    ['ACL', 'DELUSER', 'default'],
    ['ACL', 'DELUSER', 'nobody'],
    ['ACL', 'CAT', 'nosuch'],
    ['ACL', 'CAT'],
    ['ACL', 'GENPASS', '0'],
    ['ACL', 'GENPASS', '4097'],
    ['ACL', 'GENPASS', 'x'],
    ['ACL', 'LOG', 'x'],
    ['ACL', 'LOAD'],
    ['ACL', 'SAVE'],
    ['ACL', 'HELP'],
    ['ACL', 'NOSUCH'],
    ['ACL', 'WHOAMI'],
    ['ACL', 'DRYRUN', 'nobody', 'get', 'x'],
  ]);
});

oracle.test('permissions: commands, first args, key read/write, channels, selectors, ACL LOG', async (p) => {
  const [x, y] = await connectBoth(p);
  try {
    await same(p, [
      ['ACL', 'LOG', 'RESET'],
      ['ACL', 'SETUSER', 'lim', 'on', '>pw', '-@all', '+select|0', '+get', '+set', '+getdel', '+copy', '+mget', '+mset', '+publish', '+subscribe', '+psubscribe', '+multi', '+exec', '+ping', '+acl|whoami',
        '%R~r*', '%W~w*', '~rw*', '&ch1', '&p*', '(+lpush ~l*)', '(+@read ~s*)'],
    ]);
    await sameOn(x, y, [
      ['AUTH', 'lim', 'pw'],
      ['ACL', 'WHOAMI'],
      ['SELECT', '0'],
      ['SELECT', '1'],
      ['GET', 'r1'],
      ['SET', 'r1', 'v'],
      ['SET', 'w1', 'v'],
      ['GET', 'w1'],
      ['GETDEL', 'r1'],
      ['GETDEL', 'rw1'],
      ['COPY', 'r1', 'w1'],
      ['COPY', 'w1', 'r1'],
      ['MGET', 'r1', 'rw1'],
      ['MGET', 'r1', 'w1'],
      ['MSET', 'w1', 'a', 'rw1', 'b'],
      ['MSET', 'w1', 'a', 'r1', 'b'],
      ['LPUSH', 'l1', 'a'],
      ['LPUSH', 'x1', 'a'],
      ['STRLEN', 's1'],
      ['STRLEN', 'x1'],
      ['DEL', 'rw1'],
      ['PUBLISH', 'ch1', 'm'],
      ['PUBLISH', 'ch2', 'm'],
      ['SUBSCRIBE', 'ch2'],
      ['PSUBSCRIBE', 'p1'],
      ['MULTI'],
      ['GET', 'zz'],
      ['SET', 'w2', 'v'],
      ['EXEC'],
      ['AUTH', 'lim', 'wrong'],
      ['AUTH', 'nobody', 'x'],
      ['HELLO', '2', 'AUTH', 'lim', 'bad'],
    ]);
    await same(p, [['ACL', 'LOG'], ['ACL', 'LOG', '2'], ['ACL', 'LOG', '-1']], normLog);
    // EXEC-time check: the rules changed between queueing and EXEC.
    await sameOn(x, y, [['MULTI'], ['GET', 'rw5'], ['SET', 'w5', 'v']]);
    await same(p, [['ACL', 'SETUSER', 'lim', 'resetkeys', '~zz']]);
    await sameOn(x, y, [['EXEC']]);
    await same(p, [['ACL', 'LOG', '2'], ['ACL', 'LOG', 'RESET'], ['ACL', 'LOG']], normLog);
  } finally {
    x.close();
    y.close();
    await p.both('ACL', 'DELUSER', 'lim');
  }
});

oracle.test('SORT BY / GET patterns need access to every key', async (p) => {
  const [x, y] = await connectBoth(p);
  try {
    await same(p, [
      ['ACL', 'SETUSER', 'srt', 'on', 'nopass', '+@all', '~k*'],
      ['ACL', 'SETUSER', 'srt2', 'on', 'nopass', '+@all', '%R~*'],
      ['ACL', 'SETUSER', 'srt3', 'on', 'nopass', '+@all', '%W~*', '(~* -sort)'],
      ['RPUSH', 'k1', '3', '1', '2'],
    ]);
    await sameOn(x, y, [
      ['AUTH', 'srt', 'x'], ['SORT', 'k1', 'BY', 'w_*'], ['SORT', 'k1', 'GET', 'w_*'], ['SORT', 'k1', 'BY', 'nosort'], ['SORT_RO', 'k1', 'GET', '#'],
      ['AUTH', 'srt2', 'x'], ['SORT', 'k1', 'BY', 'w_*', 'GET', '#'],
      ['AUTH', 'srt3', 'x'], ['SORT', 'k1', 'BY', 'w_*'], ['SORT', 'k1', 'GET', '#'],
    ]);
  } finally {
    x.close();
    y.close();
    await p.both('ACL', 'DELUSER', 'srt', 'srt2', 'srt3');
    await p.both('DEL', 'k1');
  }
});

oracle.test('ACL DRYRUN', async (p) => {
  await same(p, [
    ['ACL', 'SETUSER', 'dry', '+@all', '-set', '~a*', '%R~b*', '&ch*', '-config|set', '(+set ~s*)'],
    ['ACL', 'DRYRUN', 'dry', 'get', 'a1'],
    ['ACL', 'DRYRUN', 'dry', 'get', 'zz'],
    ['ACL', 'DRYRUN', 'dry', 'set', 'a1', 'v'],
    ['ACL', 'DRYRUN', 'dry', 'set', 's1', 'v'],
    ['ACL', 'DRYRUN', 'dry', 'getdel', 'b1'],
    ['ACL', 'DRYRUN', 'dry', 'publish', 'ch1', 'm'],
    ['ACL', 'DRYRUN', 'dry', 'publish', 'zz', 'm'],
    ['ACL', 'DRYRUN', 'dry', 'config', 'get', 'x'],
    ['ACL', 'DRYRUN', 'dry', 'config', 'set', 'x', 'y'],
    ['ACL', 'DRYRUN', 'dry', 'config'],
    ['ACL', 'DRYRUN', 'dry', 'config', 'nosuch'],
    ['ACL', 'DRYRUN', 'dry', 'nosuch'],
    ['ACL', 'DRYRUN', 'dry', 'get'],
    ['ACL', 'DELUSER', 'dry'],
  ]);
});

oracle.test('AUTH and HELLO with users; requirepass is the default user password', async (p) => {
  const [x, y] = await connectBoth(p);
  const [x2, y2] = await connectBoth(p);
  try {
    await same(p, [
      ['AUTH', 'x'],
      ['AUTH', 'default', ''],
      ['ACL', 'SETUSER', 'au', 'on', '>secret', '+@all', '~*'],
      ['ACL', 'SETUSER', 'off1', 'off', '>secret', '+@all'],
      ['ACL', 'SETUSER', 'np', 'on', 'nopass', '+@all'],
      ['AUTH', 'au', 'secret'],
      ['ACL', 'WHOAMI'],
      ['AUTH', 'off1', 'secret'],
      ['AUTH', 'np', 'anything'],
      ['ACL', 'WHOAMI'],
      ['HELLO', '3', 'AUTH', 'au', 'nope'],
      ['HELLO', '2', 'AUTH', 'au', 'secret', 'SETNAME', 'me'],
      ['ACL', 'WHOAMI'],
      ['CLIENT', 'GETNAME'],
      ['AUTH', 'a', 'b', 'c'],
      ['RESET'],
      ['ACL', 'WHOAMI'],
    ]);
    await sameOn(x, y, [['CONFIG', 'SET', 'requirepass', 'pw']]);
    await sameOn(x2, y2, [['GET', 'k'], ['ACL', 'WHOAMI'], ['AUTH', 'bad'], ['AUTH', 'pw'], ['ACL', 'WHOAMI'], ['RESET'], ['GET', 'k'], ['AUTH', 'default', 'pw'], ['ACL', 'GETUSER', 'default']]);
    await sameOn(x, y, [['CONFIG', 'SET', 'requirepass', ''], ['ACL', 'GETUSER', 'default']]);
    await sameOn(x2, y2, [['RESET'], ['GET', 'k']]);
  } finally {
    for (const c of [x, y, x2, y2]) c.close();
    await p.both('ACL', 'DELUSER', 'au', 'off1', 'np');
  }
});

oracle.test('DELUSER disconnects its clients; revoked channels disconnect subscribers', async (p) => {
  const [x, y] = await connectBoth(p);
  const [s, t] = await connectBoth(p);
  try {
    await same(p, [['ACL', 'SETUSER', 'gone', 'on', 'nopass', '+@all', '~*', '&c*']]);
    await sameOn(x, y, [['AUTH', 'gone', 'x'], ['ACL', 'WHOAMI']]);
    await sameOn(s, t, [['AUTH', 'gone', 'x'], ['SUBSCRIBE', 'c1'], ['PSUBSCRIBE', 'c*']]);
    // Revoking the pattern disconnects the subscriber only.
    await same(p, [['ACL', 'SETUSER', 'gone', 'resetchannels', '&c1']]);
    await waitFor(() => s.closed, 5000, 'tsredis subscriber disconnected');
    await waitFor(() => t.closed, 5000, 'redis subscriber disconnected');
    assert.equal(x.closed, false);
    await same(p, [['ACL', 'DELUSER', 'gone']]);
    await waitFor(() => x.closed && y.closed, 5000, 'clients of the deleted user disconnected');
  } finally {
    for (const c of [x, y, s, t]) c.close();
  }
});

oracle.test('ACL CAT lists the categories, and per category only commands Redis puts there', async (p) => {
  await same(p, [['ACL', 'CAT']]);
  for (const cat of ['read', 'string', 'dangerous', 'pubsub', 'connection', 'admin']) {
    const [a, b] = await p.both('ACL', 'CAT', cat);
    const ours = a.split('\r\n').filter((_, i) => i > 0 && i % 2 === 0);
    const theirs = new Set(b.split('\r\n').filter((_, i) => i > 0 && i % 2 === 0));
    for (const name of ours) {
      if (name === '' || theirs.has(name)) continue;
      // Commands tsredis has beyond Redis 7.0 (CLIENT SETINFO...) are not compared.
      const [, info] = await p.both('COMMAND', 'INFO', name);
      if (info === '*1\r\n$-1\r\n') continue;
      assert.fail(`${name} is not in @${cat} in Redis`);
    }
  }
});

test('ACL LOAD / SAVE with an aclfile, as Redis', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const dir = mkdtempSync(path.join(tmpdir(), 'tsredis-acl-'));
  const fa = path.join(dir, 'a.acl');
  const fb = path.join(dir, 'b.acl');
  const start = 'user default on nopass ~* &* +@all\nuser carol on >c ~* +@read\n';
  writeFileSync(fa, start);
  writeFileSync(fb, start);
  const p = await Pair.start({ aclfile: fa }, ['--aclfile', fb]);
  try {
    await same(p, [['ACL', 'LIST'], ['ACL', 'SETUSER', 'dave', 'on', '>d', '+get', '~d*'], ['ACL', 'SAVE']]);
    assert.equal(readFileSync(fa, 'latin1'), readFileSync(fb, 'latin1'));
    const bad = 'user default on nopass ~* &* +@all\n  \nuser x on +nope +nope2 bad %Z~ab\nuser y bad\nfoo\nuser dup\nuser dup\n';
    writeFileSync(fa, bad);
    writeFileSync(fb, bad);
    const [a, b] = await p.both('ACL', 'LOAD');
    assert.equal(a.replaceAll(fa, 'F'), b.replaceAll(fb, 'F'));
    await same(p, [['ACL', 'LIST']]);
    const good = 'user default on nopass ~* &* +@all\nuser x\nuser y on >p ~y* +@hash\n';
    writeFileSync(fa, good);
    writeFileSync(fb, good);
    await same(p, [['ACL', 'LOAD'], ['ACL', 'LIST']]);
    rmSync(fa);
    rmSync(fb);
    const [c, d] = await p.both('ACL', 'LOAD');
    assert.equal(c.replaceAll(fa, 'F'), d.replaceAll(fb, 'F'));
  } finally {
    await p.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('user directives of the config file', async () => {
  const server = new Server({ port: 0, bind: '127.0.0.1', loglevel: 'warning' });
  server.configUsers = [['alice', 'on', '>pw', '~a*', '&x', '+@all', '-flushall'], ['default', 'on', 'nopass', '~*', '&*', '+@all', '-debug'], ['bob', 'off', '(+get ~b*)']];
  await server.listen();
  try {
    const c = await RawClient.connect(server.port);
    const list = await c.call('ACL', 'LIST');
    const lines = [
      'user alice on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~a* resetchannels &x +@all -flushall',
      'user bob off resetchannels -@all (~b* resetchannels -@all +get)',
      'user default on nopass sanitize-payload ~* &* +@all -debug',
    ];
    assert.equal(list, `*3\r\n${lines.map((l) => `$${l.length}\r\n${l}\r\n`).join('')}`);
    c.close();
  } finally {
    await server.close();
  }
  const bad = new Server({ port: 0, bind: '127.0.0.1', loglevel: 'warning' });
  bad.configUsers = [['a', 'on', '+foo']];
  await assert.rejects(bad.listen(), /Error loading ACL rule '\+foo' for the user named 'a': Unknown command or category name in ACL/);
  await bad.close();
});

test('the default user stays unrestricted: one flag on the hot path', async () => {
  const srv = await startTsredis();
  try {
    const acl = srv.server.acl;
    assert.equal(acl.defaultUser.unrestricted, true);
    const c = await RawClient.connect(srv.port);
    assert.equal(await c.call('ACL', 'SETUSER', 'default', '-debug'), '+OK\r\n');
    assert.equal(acl.defaultUser.unrestricted, false);
    assert.equal(await c.call('DEBUG', 'SLEEP', '0'), "-NOPERM this user has no permissions to run the 'debug' command\r\n");
    assert.equal(await c.call('ACL', 'SETUSER', 'default', '+@all'), '+OK\r\n');
    assert.equal(acl.defaultUser.unrestricted, true);
    c.close();
  } finally {
    await srv.close();
  }
});

/** A small deterministic generator (tests must be reproducible). */
function lcg(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
}

/**
 * GETUSER "commands" with the single-command rules sorted: Redis emits those in its
 * command dict's order, which is randomized per process; the leading +@all/-@all and the
 * category rules (chosen greedily) must match exactly.
 */
function commandRules(reply: string): string {
  const m = /commands\r\n\$\d+\r\n([^\r]*)\r\n/.exec(reply);
  if (m === null) return reply;
  const t = m[1]!.split(' ');
  const cats = t.filter((x) => x.startsWith('+@') || x.startsWith('-@'));
  const rest = t.filter((x) => !(x.startsWith('+@') || x.startsWith('-@'))).sort();
  return `${cats.join(' ')} | ${rest.join(' ')}`;
}

oracle.test('randomized SETUSER sequences describe the same commands as Redis', async (p) => {
  const rnd = lcg(7);
  const cats = ['keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo', 'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting'];
  const cmds = ['get', 'set', 'del', 'hset', 'lpush', 'zadd', 'sadd', 'client', 'client|kill', 'client|list', 'config|get', 'config', 'debug', 'keys', 'flushall', 'publish', 'subscribe', 'select', 'select|0', 'multi', 'exec', 'eval', 'info', 'ping', 'object|encoding', 'acl|whoami', 'xadd', 'pfadd', 'geoadd', 'setbit'];
  for (let i = 0; i < 120; i++) {
    const rules = [rnd(2) ? '+@all' : '-@all'];
    const n = 1 + rnd(10);
    for (let j = 0; j < n; j++) {
      const sign = rnd(2) ? '+' : '-';
      if (rnd(2)) rules.push(sign + '@' + cats[rnd(cats.length)]);
      else {
        const c = cmds[rnd(cmds.length)]!;
        if (sign === '-' && c.includes('|0')) continue;
        rules.push(sign + c);
      }
    }
    const [x, y] = await p.both('ACL', 'SETUSER', `r${i}`, ...rules);
    assert.equal(x, y, rules.join(' '));
    const [gx, gy] = await p.both('ACL', 'GETUSER', `r${i}`);
    assert.equal(commandRules(gx), commandRules(gy), rules.join(' '));
    await p.both('ACL', 'DELUSER', `r${i}`);
  }
});

oracle.test('randomized key and channel permissions: ACL DRYRUN agrees with Redis', async (p) => {
  const rnd = lcg(3);
  const keys = ['a1', 'b1', 'c1', 'ab', 'x'];
  const pats = ['a*', 'b*', '*1', 'x', 'c?', '*'];
  const chans = ['n1', 'n2', 'm1'];
  const k = (): string => keys[rnd(keys.length)]!;
  const ch = (): string => chans[rnd(chans.length)]!;
  const gens: (() => string[])[] = [
    () => ['get', k()], () => ['set', k(), 'v'], () => ['getdel', k()], () => ['copy', k(), k()], () => ['rename', k(), k()],
    () => ['mget', k(), k()], () => ['mset', k(), '1', k(), '2'], () => ['del', k(), k()], () => ['sintercard', '2', k(), k()],
    () => ['zunionstore', k(), '2', k(), k()], () => ['smove', k(), k(), 'm'], () => ['sort', k(), 'store', k()], () => ['bitop', 'and', k(), k(), k()],
    () => ['publish', ch(), 'm'], () => ['subscribe', ch(), ch()], () => ['psubscribe', ch()], () => ['psubscribe', 'n*'],
    () => ['eval', 'return 1', '1', k()], () => ['object', 'encoding', k()], () => ['exists', k()], () => ['set', k(), 'v', 'get'],
    () => ['hset', k(), 'f', 'v'], () => ['setrange', k(), '0', 'x'], () => ['append', k(), 'x'], () => ['incr', k()], () => ['pfmerge', k(), k()],
  ];
  for (let i = 0; i < 25; i++) {
    const rules = ['on', 'nopass', '+@all'];
    const n = 1 + rnd(3);
    for (let j = 0; j < n; j++) rules.push(['~', '%R~', '%W~', '%RW~'][rnd(4)]! + pats[rnd(pats.length - (j === 0 ? 0 : 1))]!);
    if (rnd(2)) rules.push('&' + ['n*', 'n1', 'm1'][rnd(3)]!);
    if (rnd(3) === 0) rules.push(`(${['~', '%R~', '%W~'][rnd(3)]!}${pats[rnd(pats.length)]!} +@all)`);
    const [x, y] = await p.both('ACL', 'SETUSER', `d${i}`, ...rules);
    assert.equal(x, y, rules.join(' '));
    for (let t = 0; t < 20; t++) {
      const cmd = gens[rnd(gens.length)]!();
      const [rx, ry] = await p.both('ACL', 'DRYRUN', `d${i}`, ...cmd);
      assert.equal(rx, ry, `${rules.join(' ')} | ${cmd.join(' ')}`);
    }
    await p.both('ACL', 'DELUSER', `d${i}`);
  }
});

oracle.test("scripts run with their caller's permissions (redis.call / pcall / acl_check_cmd)", async (p) => {
  await same(p, [['ACL', 'SETUSER', 'lua1', 'on', '>pw', '+eval', '+get', '+ping', '~allowed*', '&chan']]);
  const [x, y] = await connectBoth(p);
  try {
    await sameOn(x, y, [
      ['AUTH', 'lua1', 'pw'],
      ['EVAL', "return redis.call('GET', KEYS[1])", '1', 'allowed1'],
      ['EVAL', "return redis.call('GET', KEYS[1])", '1', 'other'],
      ['EVAL', "return redis.call('SET', KEYS[1], 'v')", '1', 'allowed1'],
      ['EVAL', "return redis.pcall('SET', KEYS[1], 'v')", '1', 'allowed1'],
      ['EVAL', "return redis.pcall('GET', 'other')", '0'],
      ['EVAL', "return redis.call('PUBLISH', 'nochan', 'm')", '0'],
      ['EVAL', "return redis.acl_check_cmd('GET', 'allowed1')", '0'],
      ['EVAL', "return redis.acl_check_cmd('SET', 'allowed1', 'v')", '0'],
      ['EVAL', "return redis.acl_check_cmd('GET', 'other')", '0'],
      ['EVAL', "return redis.call('PING')", '0'],
    ]);
  } finally {
    x.close();
    y.close();
  }
  // Denials from scripts are logged with context "lua".
  await same(p, [['ACL', 'LOG', '2'], ['ACL', 'DELUSER', 'lua1'], ['ACL', 'LOG', 'RESET']], normLog);
});
