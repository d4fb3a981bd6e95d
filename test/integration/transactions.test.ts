// MULTI / EXEC / DISCARD / WATCH / UNWATCH, differential against redis-server: scripted
// sessions over several connections run on both servers and their transcripts (every
// reply byte, per connection) must match. Plus propagation (MULTI/EXEC wrapping) and
// CLIENT LIST state checked on tsredis alone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { RawClient, sameTranscript, sharedPair, sleep, startTsredis, transcript } from '../helpers.js';

const oracle = sharedPair();

/** The script's transcripts on both servers must be identical (see transcript in helpers.ts). */
const same = (name: string, script: string[]): void => sameTranscript(oracle, name, script);

same('MULTI queues, EXEC runs in order and replies with an array', [
  '1> MULTI', '1> SET a 1', '1> INCR a', '1> GET a', '1> SETRANGE a -1 x', '1> PING', '1> EXEC', '1> GET a',
]);

same('EXEC in RESP3, an empty transaction, DISCARD', [
  '1> HELLO 3', '1> MULTI', '1> SET a 1', '1> GET a', '1> EXEC',
  '1> MULTI', '1> EXEC', '1> MULTI', '1> SET a 2', '1> DISCARD', '1> GET a',
]);

same('MULTI errors: nesting, EXEC/DISCARD without MULTI, WATCH inside MULTI', [
  '1> EXEC', '1> DISCARD', '1> MULTI', '1> MULTI', '1> SET a 1', '1> WATCH x', '1> EXEC',
]);

same('queue-time errors abort EXEC; runtime errors do not', [
  '1> MULTI', '1> NOSUCHCMD x', '1> SET a', '1> SET a 1', '1> EXEC', '1> GET a',
  '1> SET s abc', '1> MULTI', '1> INCR s', '1> SET b 2', '1> EXEC', '1> GET b',
  '1> MULTI', '1> CONFIG NOSUCH', '1> EXEC',
  '1> MULTI', '1> WATCH', '1> EXEC',
]);

same('a rejected EXEC aborts with its reason, even outside MULTI', [
  '1> EXEC x', '1> MULTI', '1> SET a 1', '1> EXEC x', '1> EXEC', '1> GET a',
]);

same('commands that run at once inside MULTI (UNWATCH is queued)', [
  '1> MULTI', '1> UNWATCH', '1> DISCARD', '1> UNWATCH', '1> MULTI', '1> SELECT 1', '1> SET a 1', '1> EXEC',
  '1> GET a', '1> SELECT 0', '1> GET a',
]);

same('WATCH: a write by another client makes EXEC return a null array', [
  '1> WATCH k', '2> SET k 1', '1> MULTI', '1> GET k', '1> EXEC',
  '1> WATCH k', '1> MULTI', '1> SET k 2', '1> EXEC', '1> GET k',
]);

same('WATCH in RESP3 aborts with a RESP3 null', [
  '1> HELLO 3', '1> WATCH k', '2> INCR k', '1> MULTI', '1> GET k', '1> EXEC',
]);

same('WATCH: own writes before MULTI count, UNWATCH and DISCARD forget', [
  '1> WATCH k', '1> SET k 1', '1> MULTI', '1> GET k', '1> EXEC',
  '1> WATCH k', '1> UNWATCH', '2> SET k 2', '1> MULTI', '1> GET k', '1> EXEC',
  '1> WATCH k', '1> MULTI', '1> DISCARD', '2> SET k 3', '1> MULTI', '1> GET k', '1> EXEC',
]);

same('WATCH: several keys, another db, a write that changes nothing', [
  '1> WATCH a b c', '2> SET b 1', '1> MULTI', '1> PING', '1> EXEC',
  '1> SET k 1', '1> WATCH k', '2> SELECT 1', '2> SET k 2', '1> MULTI', '1> GET k', '1> EXEC',
  '1> WATCH nokey', '2> SELECT 0', '2> DEL nokey', '1> MULTI', '1> PING', '1> EXEC',
  '1> WATCH k', '2> EXPIRE k 0 XX', '1> MULTI', '1> PING', '1> EXEC',
]);

same('WATCH: FLUSHDB and FLUSHALL touch only keys that existed', [
  '1> SET other 1', '1> WATCH k', '2> FLUSHDB', '1> MULTI', '1> GET k', '1> EXEC',
  '1> SET k 1', '1> WATCH k', '2> FLUSHDB', '1> MULTI', '1> GET k', '1> EXEC',
  '1> SET k 1', '1> WATCH k', '2> FLUSHALL', '1> MULTI', '1> GET k', '1> EXEC',
]);

same('WATCH: SWAPDB', [
  '2> SELECT 1', '2> SET k 2', '1> WATCH k', '2> SWAPDB 0 1', '1> MULTI', '1> GET k', '1> EXEC',
  '1> WATCH zz', '2> SWAPDB 0 1', '1> MULTI', '1> PING', '1> EXEC',
]);

same('WATCH: a key that expires before EXEC fails it; one already expired at WATCH does not', [
  '1> SET k 1 PX 80', '1> WATCH k', '@sleep 150', '1> MULTI', '1> GET k', '1> EXEC',
  '1> SET k 1 PX 20', '@sleep 60', '1> WATCH k', '1> MULTI', '1> GET k', '1> EXEC',
  '1> DEBUG SET-ACTIVE-EXPIRE 0', '1> SET k 1 PX 80', '1> WATCH k', '@sleep 150', '1> MULTI', '1> PING', '1> EXEC',
  '1> DEBUG SET-ACTIVE-EXPIRE 1',
]);

same('SUBSCRIBE inside MULTI, SSUBSCRIBE refused, WAIT answers at once', [
  '1> MULTI', '1> SUBSCRIBE a b', '1> PING', '1> EXEC #2', '1> PING', '1> UNSUBSCRIBE b', '1> UNSUBSCRIBE a',
  '1> MULTI', '1> SSUBSCRIBE s', '1> WAIT 1 0', '1> EXEC',
]);

same('MONITOR inside MULTI is refused when EXEC runs it', ['1> MULTI', '1> MONITOR', '1> EXEC', '1> PING']);

same('no_multi commands are refused while queueing (after the arity check)', ['1> MULTI', '1> SHUTDOWN NOSAVE NOW FORCE ABORT', '1> SHUTDOWN', '1> EXEC', '1> PING']);

same('RESET and QUIT inside MULTI', [
  '1> WATCH k', '1> MULTI', '1> SET k 1', '1> RESET', '1> EXEC', '2> SET k 2', '1> MULTI', '1> EXEC', '1> GET k',
  '3> MULTI', '3> SET q 1', '3> QUIT', '1> GET q',
]);

same('EXEC refused for OOM after the queue was accepted', [
  '1> MULTI', '1> SET a 1', '1> GET a', '2> CONFIG SET maxmemory 1', '1> EXEC', '2> CONFIG SET maxmemory 0', '1> GET a',
  '2> CONFIG SET maxmemory 1', '1> MULTI', '1> SET a 1', '1> GET a', '1> EXEC', '1> MULTI', '1> GET a', '1> EXEC',
  '2> CONFIG SET maxmemory 0',
]);

same('CLIENT REPLY OFF drops QUEUED too', [
  '1> CLIENT REPLY OFF #0', '1> MULTI #0', '1> SET a 1 #0', '1> EXEC #0', '1> CLIENT REPLY ON', '1> GET a',
]);

same('CLIENT REPLY OFF / ON / SKIP inside EXEC apply as the replies are written', [
  '1> MULTI', '1> SET a 1', '1> CLIENT REPLY OFF', '1> GET a', '1> EXEC', '1> CLIENT REPLY ON',
  '1> CLIENT REPLY OFF #0', '1> MULTI #0', '1> SET a 2 #0', '1> CLIENT REPLY ON #0', '1> GET a #0', '1> EXEC', '1> PING',
  '1> MULTI', '1> SET a 3', '1> CLIENT REPLY SKIP', '1> GET a', '1> EXEC', '1> GET a #0', '1> PING',
  '1> CLIENT REPLY SKIP #0', '1> MULTI #0', '1> GET a', '1> EXEC', '1> PING',
  '2> HELLO 3', '2> MULTI', '2> CLIENT REPLY OFF', '2> SUBSCRIBE x', '2> PUBLISH x y', '2> CLIENT REPLY ON', '2> EXEC #3', '2> PING',
]);

test('EXEC propagates one write alone and several wrapped in MULTI/EXEC', async () => {
  const ts = await startTsredis();
  const c = await RawClient.connect(ts.port);
  const seen: string[] = [];
  ts.server.propagateHooks.push((db, argv) => seen.push(`${db} ${argv.join(' ')}`));
  try {
    await c.call('MULTI');
    await c.call('SET', 'a', '1');
    await c.call('GET', 'a');
    assert.equal(await c.call('EXEC'), '*2\r\n+OK\r\n$1\r\n1\r\n');
    assert.deepEqual(seen, ['0 SET a 1']);
    seen.length = 0;
    await c.call('MULTI');
    await c.call('SET', 'a', '1', 'EX', '100');
    await c.call('SELECT', '2');
    await c.call('INCR', 'n');
    await c.call('GET', 'n');
    await c.call('EXEC');
    assert.equal(seen.length, 4);
    assert.equal(seen[0], '0 MULTI');
    assert.match(seen[1]!, /^0 SET a 1 PXAT \d+$/);
    assert.equal(seen[2], '2 INCR n');
    assert.equal(seen[3], '2 EXEC');
    seen.length = 0;
    await c.call('MULTI');
    await c.call('GET', 'n');
    await c.call('EXEC');
    assert.deepEqual(seen, []);
  } finally {
    c.close();
    await ts.close();
  }
});

test('CLIENT LIST shows flag x and the queued count; stats count executed commands', async () => {
  const ts = await startTsredis();
  const c = await RawClient.connect(ts.port);
  const other = await RawClient.connect(ts.port);
  try {
    await c.call('MULTI');
    await c.call('SET', 'a', '1');
    await c.call('INCR', 'b');
    const list = await other.call('CLIENT', 'LIST');
    const line = list.split('\n').find((l) => l.includes(' flags=x '));
    assert.ok(line, list);
    assert.match(line, / multi=2 /);
    assert.match(line, / cmd=incr /);
    await c.call('EXEC');
    const after = await other.call('CLIENT', 'LIST');
    assert.ok(!after.includes(' flags=x '), after);
    assert.ok(after.includes(' multi=-1 '), after);
    // CLIENT INFO run by EXEC names EXEC as the last command (Redis sets it before running).
    await c.call('MULTI');
    await c.call('CLIENT', 'INFO');
    const info = await c.call('EXEC');
    assert.match(info, / flags=x .* multi=1 .* cmd=exec /);
    const stats = await other.call('INFO', 'commandstats');
    assert.match(stats, /cmdstat_set:calls=1,/);
    assert.match(stats, /cmdstat_exec:calls=2,/);
    // Watch bookkeeping goes away with the client.
    await c.call('WATCH', 'x', 'y');
    assert.equal(ts.server.watches.size, 2);
    c.close();
    const watched = (): number => ts.server.watches.size;
    for (let i = 0; i < 100 && watched() !== 0; i++) await sleep(10);
    assert.equal(ts.server.watches.size, 0);
    assert.equal(ts.server.keyModifiedHooks.length, 0);
  } finally {
    c.close();
    other.close();
    await ts.close();
  }
});

oracle.test('commandstats: queued commands are counted when EXEC runs them; EXEC fails only on its own errors', async (pair) => {
  const script = [
    '1> CONFIG RESETSTAT', '1> SET s x', '1> MULTI', '1> INCR s', '1> FOO', '1> EXEC', '1> MULTI', '1> INCR s', '1> EXEC',
    '1> EXEC', '1> MULTI', '1> INCR s', '1> PING', '1> EXEC', '1> MULTI', '1> SET', '1> EXEC',
  ];
  const stats = async (port: number): Promise<string[]> => {
    await transcript(port, script);
    const c = await RawClient.connect(port);
    try {
      const text = (await c.call('INFO', 'commandstats')) + (await c.call('INFO', 'errorstats'));
      return text
        .split('\r\n')
        .filter((l) => l.startsWith('cmdstat_') || l.startsWith('errorstat_'))
        .map((l) => l.replace(/usec=\d+,usec_per_call=[\d.]+,/, ''))
        .filter((l) => !l.startsWith('cmdstat_info') && !l.startsWith('cmdstat_config'))
        .sort();
    } finally {
      c.close();
    }
  };
  assert.deepEqual(await stats(pair.ts.port), await stats(pair.redis.port));
});

test('ioredis and node-redis transactions: multi/exec, WATCH conflicts, queue-time errors', async () => {
  const ts = await startTsredis();
  const io = new Redis({ port: ts.port, host: '127.0.0.1', lazyConnect: true });
  const other = new Redis({ port: ts.port, host: '127.0.0.1', lazyConnect: true, protocol: 2 });
  const nr = createClient({ socket: { port: ts.port, host: '127.0.0.1' }, RESP: 3 });
  try {
    await Promise.all([io.connect(), other.connect(), nr.connect()]);
    assert.deepEqual(await io.multi().set('a', '1').incr('a').get('a').exec(), [[null, 'OK'], [null, 2], [null, '2']]);
    await io.watch('a');
    await other.set('a', '10');
    assert.equal(await io.multi().incr('a').exec(), null);
    await io.watch('a');
    assert.deepEqual(await io.multi().incr('a').exec(), [[null, 11]]);
    await assert.rejects(io.multi().call('SET', 'x').exec(), /EXECABORT/);
    assert.deepEqual(await nr.multi().set('n', '1').incr('n').exec(), ['OK', 2]);
    await nr.watch('n');
    await other.set('n', '5');
    await assert.rejects(nr.multi().incr('n').exec(), /watch/i);
    assert.equal(await other.get('n'), '5');
  } finally {
    io.disconnect();
    other.disconnect();
    await nr.disconnect().catch(() => {});
    await ts.close();
  }
});

oracle.test('random WATCH/MULTI/EXEC/DISCARD sequences over 3 connections: same transcripts', async (pair) => {
  let seed = Number(process.env.TSREDIS_TX_SEED ?? 777);
  const rnd = (n: number): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  const keys = ['k1', 'k2', 'k3'];
  const key = (): string => keys[rnd(keys.length)]!;
  const gens: (() => string)[] = [
    () => `WATCH ${key()}`, () => `WATCH ${key()} ${key()}`, () => 'UNWATCH', () => 'MULTI', () => 'MULTI',
    () => 'EXEC', () => 'EXEC', () => 'DISCARD', () => `SET ${key()} v${rnd(10)}`, () => `INCR ${key()}`,
    () => `GET ${key()}`, () => `DEL ${key()}`, () => `EXPIRE ${key()} 100`, () => `SET ${key()}`, () => 'NOSUCH',
    () => 'SELECT 1', () => 'SELECT 0', () => `SWAPDB 0 1`, () => `FLUSHDB`, () => `RENAME ${key()} ${key()}`,
  ];
  const script: string[] = [];
  for (let i = 0; i < 300; i++) script.push(`${1 + rnd(3)}> ${gens[rnd(gens.length)]!()}`);
  await pair.both('FLUSHALL');
  const ts = await transcript(pair.ts.port, script);
  const redis = await transcript(pair.redis.port, script);
  assert.deepEqual(ts, redis);
});
