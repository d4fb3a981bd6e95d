// Pub/Sub: (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PUBLISH / SPUBLISH / PUBSUB, differential
// against redis-server with scripted multi-connection sessions (RESP2 subscribed-context
// rules, RESP3 pushes interleaved with replies, confirmation counts, pattern globs), plus
// disconnect clean-up, the pubsub output-buffer limit class, and real clients (ioredis,
// node-redis) in subscriber mode.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { RawClient, encodeCommand, sameTranscript, sharedPair, sleep, startTsredis, waitFor } from '../helpers.js';

const oracle = sharedPair();

/** The script's transcripts on both servers must be identical (see transcript in helpers.ts). */
const same = (name: string, script: string[]): void => sameTranscript(oracle, name, script);


same('subscribe / unsubscribe confirmations and counts (RESP2)', [
  '1> UNSUBSCRIBE', '1> PUNSUBSCRIBE', '1> SUNSUBSCRIBE',
  '1> SUBSCRIBE a', '1> SUBSCRIBE b a #2', '1> PSUBSCRIBE p* a? #2', '1> SSUBSCRIBE s1 s2 #2',
  '1> UNSUBSCRIBE x', '1> UNSUBSCRIBE a', '1> PUNSUBSCRIBE p*', '1> SUNSUBSCRIBE s2 nope #2',
  '1> UNSUBSCRIBE', '1> PUNSUBSCRIBE', '1> SUNSUBSCRIBE', '1> UNSUBSCRIBE', '1> PING', '1> GET a',
]);

same('RESP2 subscribed context: only the Pub/Sub subset, PING as a message', [
  '1> SUBSCRIBE a', '1> PING', '1> PING hello', '1> GET a', '1> HELLO 3', '1> CONFIG GET x', '1> PUBSUB NUMPAT',
  '1> MULTI', '1> EXEC', '1> ECHO x', '1> NOSUCH', '1> PING a b',
  '1> SSUBSCRIBE s', '1> UNSUBSCRIBE a', '1> GET a', '1> SUNSUBSCRIBE s', '1> GET a', '1> PING',
  '2> PSUBSCRIBE x*', '2> QUIT',
  '3> SUBSCRIBE c', '3> RESET', '3> GET a', '3> PUBLISH c m',
]);

same('RESP3: pushes for confirmations and messages, normal commands in between', [
  '1> HELLO 3', '1> UNSUBSCRIBE', '1> SUBSCRIBE a', '1> PSUBSCRIBE a*', '1> PING', '1> GET a', '1> SET a 1',
  '2> PUBLISH a hi', '1< 2', '2> PUBLISH ab x', '1< 1', '2> PUBLISH zz x',
  '1> SSUBSCRIBE a', '2> SPUBLISH a y', '1< 1', '2> SPUBLISH b y',
  '1> UNSUBSCRIBE', '1> PUNSUBSCRIBE', '1> SUNSUBSCRIBE', '1> PING',
]);

same('PUBLISH counts channel and pattern receivers; delivery to each', [
  '1> SUBSCRIBE news', '2> SUBSCRIBE news', '3> PSUBSCRIBE n*', '4> PSUBSCRIBE *s',
  '5> PUBLISH news hello', '1< 1', '2< 1', '3< 1', '4< 1',
  '5> PUBLISH other x', '5> PUBLISH ns y', '3< 1', '4< 1',
  '5> PUBLISH "" empty', '5> PUBLISH news ""', '1< 1', '2< 1', '3< 1', '4< 1',
  '1> UNSUBSCRIBE news', '5> PUBLISH news again', '2< 1', '3< 1', '4< 1',
  '6> SUBSCRIBE news', '6> PSUBSCRIBE *', '5> PUBLISH news x', '2< 1', '3< 1', '4< 1', '6< 2',
]);

same('fan-out to many subscribers, RESP2 and RESP3 mixed, binary payload', [
  '1> SUBSCRIBE f', '2> SUBSCRIBE f', '3> HELLO 3', '3> SUBSCRIBE f', '4> SUBSCRIBE f', '5> HELLO 3', '5> SUBSCRIBE f',
  '6> CLIENT REPLY OFF #0', '6> SUBSCRIBE f #0',
  '7> PUBLISH f "x\r\ny"', '1< 1', '2< 1', '3< 1', '4< 1', '5< 1',
  '2> UNSUBSCRIBE f', '7> PUBLISH f ""', '1< 1', '3< 1', '4< 1', '5< 1',
]);

same('CLIENT REPLY OFF / SKIP drop replies but not Pub/Sub pushes', [
  '1> HELLO 3', '1> CLIENT REPLY SKIP #0', '1> SUBSCRIBE a b #2', '1> CLIENT REPLY OFF #0', '1> PUBLISH a x #1',
  '1> GET a #0', '2> PUBLISH b y', '1< 1', '1> UNSUBSCRIBE b', '1> CLIENT REPLY ON', '1> PING', '1> UNSUBSCRIBE a',
]);

same('pattern globs: ?, [], ranges, negation, escapes', [
  '1> PSUBSCRIBE h?llo h[ae]y r[a-c]x n[^x]t esc\\*d', '1< 4', '3> PSUBSCRIBE *',
  '2> PUBLISH hello 1', '1< 1', '3< 1', '2> PUBLISH hay 2', '1< 1', '3< 1', '2> PUBLISH rbx 3', '1< 1', '3< 1',
  '2> PUBLISH nxt 4', '3< 1', '2> PUBLISH nat 5', '1< 1', '3< 1', '2> PUBLISH esc*d 6', '1< 1', '3< 1',
  '2> PUBLISH escXd 7', '3< 1', '2> PUBSUB NUMPAT',
]);

same('SPUBLISH reaches shard subscribers only; counts are per kind', [
  '1> SSUBSCRIBE s', '2> SUBSCRIBE s', '3> PSUBSCRIBE *',
  '4> SPUBLISH s m', '1< 1', '4> PUBLISH s n', '2< 1', '3< 1',
  '4> PUBSUB SHARDCHANNELS', '4> PUBSUB SHARDCHANNELS x*', '4> PUBSUB SHARDNUMSUB s t', '4> PUBSUB SHARDNUMSUB',
  '4> PUBSUB CHANNELS', '4> PUBSUB CHANNELS s', '4> PUBSUB CHANNELS x*', '4> PUBSUB NUMSUB s t', '4> PUBSUB NUMSUB', '4> PUBSUB NUMPAT',
]);

same('PUBSUB errors and HELP', [
  '1> PUBSUB HELP', '1> PUBSUB FOO', '1> PUBSUB CHANNELS a b', '1> PUBSUB NUMPAT x', '1> PUBSUB',
  '1> PUBSUB SHARDCHANNELS a b', '1> PUBSUB help', '1> PUBLISH a', '1> SPUBLISH a', '1> SUBSCRIBE', '1> PSUBSCRIBE',
  '1> HELLO 3', '1> PUBSUB NUMSUB a b',
]);

same('binary channel names and messages', [
  '1> SUBSCRIBE "a b" ""', '1< 1', '2> PUBLISH "a b" "x y"', '1< 1', '2> PUBLISH "" z', '1< 1',
  '2> PUBSUB NUMSUB "a b" ""',
]);

oracle.test('INFO stats pubsub fields match', async (pair) => {
  const conns = await Promise.all([RawClient.connect(pair.ts.port), RawClient.connect(pair.redis.port)]);
  try {
    for (const c of conns) {
      await c.call('SUBSCRIBE', 'a');
      c.write(encodeCommand(['PSUBSCRIBE', 'x*', 'y*']));
      await c.readReply();
      await c.readReply();
      await c.call('SSUBSCRIBE', 's');
    }
    const [a, b] = await pair.both('INFO', 'stats');
    const pick = (s: string): string[] => s.split('\r\n').filter((l) => l.startsWith('pubsub'));
    assert.deepEqual(pick(a), pick(b));
    assert.deepEqual(pick(a), ['pubsub_channels:1', 'pubsub_patterns:2', 'pubsubshard_channels:1']);
  } finally {
    for (const c of conns) c.close();
  }
});

test('a subscriber that disconnects is removed; RESET unsubscribes silently', async () => {
  const ts = await startTsredis();
  const sub = await RawClient.connect(ts.port);
  const pub = await RawClient.connect(ts.port);
  try {
    await sub.call('SUBSCRIBE', 'ch');
    await sub.call('PSUBSCRIBE', 'c*');
    assert.equal(await pub.call('PUBLISH', 'ch', 'x'), ':2\r\n');
    sub.close();
    await waitFor(() => ts.server.pubsub.channels.size === 0 && ts.server.pubsub.patterns.size === 0, 5000, 'subscriber removal');
    assert.equal(await pub.call('PUBLISH', 'ch', 'x'), ':0\r\n');
    assert.equal(await pub.call('PUBSUB', 'NUMSUB', 'ch'), '*2\r\n$2\r\nch\r\n:0\r\n');
    await pub.call('SUBSCRIBE', 'a');
    await pub.call('SSUBSCRIBE', 'b');
    assert.equal(await pub.call('RESET'), '+RESET\r\n');
    assert.equal(ts.server.pubsub.channels.size + ts.server.pubsub.shardChannels.size, 0);
    assert.equal(await pub.call('GET', 'a'), '$-1\r\n');
  } finally {
    sub.close();
    pub.close();
    await ts.close();
  }
});

test('client-output-buffer-limit pubsub disconnects a subscriber that does not read', async () => {
  const ts = await startTsredis({ clientOutputBufferLimit: 'pubsub 262144 0 0' });
  const sub = await RawClient.connect(ts.port);
  const pub = await RawClient.connect(ts.port);
  const normal = await RawClient.connect(ts.port);
  try {
    await sub.call('SUBSCRIBE', 'ch');
    sub.socket.pause();
    const msg = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 400 && ts.server.pubsub.channels.size > 0; i++) {
      await pub.call('PUBLISH', 'ch', msg);
      if (i % 20 === 19) await sleep(5);
    }
    await waitFor(() => ts.server.pubsub.channels.size === 0, 5000, 'subscriber disconnect');
    assert.equal(ts.server.stats.outputBufferLimitDisconnections, 1);
    // The normal class (no limit by default) is untouched.
    assert.equal(await normal.call('PING'), '+PONG\r\n');
  } finally {
    sub.close();
    pub.close();
    normal.close();
    await ts.close();
  }
});

test('ioredis subscriber mode (RESP2 and RESP3) and node-redis subscribe', async () => {
  const ts = await startTsredis();
  const sub2 = new Redis({ port: ts.port, host: '127.0.0.1', protocol: 2, lazyConnect: true });
  const sub3 = new Redis({ port: ts.port, host: '127.0.0.1', lazyConnect: true });
  const pub = new Redis({ port: ts.port, host: '127.0.0.1', lazyConnect: true });
  const nr = createClient({ socket: { port: ts.port, host: '127.0.0.1' }, RESP: 3 });
  try {
    await Promise.all([sub2.connect(), sub3.connect(), pub.connect(), nr.connect()]);
    const got: string[] = [];
    sub2.on('message', (ch: string, m: string) => got.push(`2 ${ch} ${m}`));
    sub2.on('pmessage', (p: string, ch: string, m: string) => got.push(`2p ${p} ${ch} ${m}`));
    sub3.on('message', (ch: string, m: string) => got.push(`3 ${ch} ${m}`));
    await sub2.subscribe('news');
    await sub2.psubscribe('n*');
    await sub3.subscribe('news');
    const nrGot: string[] = [];
    await nr.subscribe('news', (m: string, ch: string) => nrGot.push(`${ch} ${m}`));
    assert.equal(await pub.publish('news', 'hello'), 4);
    await waitFor(() => got.length === 3 && nrGot.length === 1, 5000, 'messages');
    assert.deepEqual(got.sort(), ['2 news hello', '2p n* news hello', '3 news hello']);
    assert.deepEqual(nrGot, ['news hello']);
    // RESP3 subscribers can still run ordinary commands.
    assert.equal(await sub3.set('k', 'v'), 'OK');
    assert.equal(await sub3.get('k'), 'v');
    await sub2.unsubscribe('news');
    await sub2.punsubscribe();
    await nr.unsubscribe('news');
    assert.equal(await pub.publish('news', 'again'), 1);
    assert.deepEqual(await pub.pubsub('NUMSUB', 'news'), ['news', 1]);
  } finally {
    sub2.disconnect();
    sub3.disconnect();
    pub.disconnect();
    await nr.disconnect().catch(() => {});
    await ts.close();
  }
});

oracle.test('random subscribe/unsubscribe/publish sequences: same counts, introspection and deliveries', async (pair) => {
  // A small deterministic PRNG (mulberry32) so a failure replays.
  let seed = 12345;
  const rnd = (n: number): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
  const names = ['a', 'b', 'ab', 'ba', 'c1', 'c2', ''];
  const pats = ['a*', '*b', '?', 'c[12]', '*', 'x'];
  const N = 4;
  const run = async (port: number, steps: number[][]): Promise<string[]> => {
    const subs = await Promise.all(Array.from({ length: N }, () => RawClient.connect(port)));
    const pub = await RawClient.connect(port);
    const out: string[] = [];
    try {
      for (const [op, who, x] of steps) {
        const s = subs[who!]!;
        if (op === 0) out.push(await s.call('SUBSCRIBE', names[x!]!));
        else if (op === 1) out.push(await s.call('UNSUBSCRIBE', names[x!]!));
        else if (op === 2) out.push(await s.call('PSUBSCRIBE', pats[x!]!));
        else if (op === 3) out.push(await s.call('PUNSUBSCRIBE', pats[x!]!));
        else if (op === 4) out.push(await s.call('SSUBSCRIBE', names[x!]!));
        else {
          const n = await pub.call('PUBLISH', names[x!]!, `m${out.length}`);
          out.push(`publish ${names[x!]} -> ${n}`);
          const count = Number(n.slice(1, -2));
          // Messages reach each subscriber in an order that depends on Redis's pattern hash
          // table: compare each subscriber's batch sorted.
          let got = 0;
          const batches: string[][] = subs.map(() => []);
          const deadline = Date.now() + 2000;
          while (got < count && Date.now() < deadline) {
            for (let i = 0; i < N; i++) {
              while (subs[i]!.pending() !== '') {
                batches[i]!.push(await subs[i]!.readReply());
                got++;
              }
            }
            if (got < count) await sleep(5);
          }
          batches.forEach((b, i) => out.push(`${i}: ${b.sort().join('|')}`));
        }
      }
      out.push(await pub.call('PUBSUB', 'NUMSUB', ...names));
      out.push(await pub.call('PUBSUB', 'SHARDNUMSUB', ...names));
      out.push(await pub.call('PUBSUB', 'NUMPAT'));
      const chans = await pub.call('PUBSUB', 'CHANNELS');
      out.push(chans.split('\r\n').slice(1).join(',').split(',').sort().join(','));
    } finally {
      for (const s of subs) s.close();
      pub.close();
    }
    return out;
  };
  const steps: number[][] = [];
  for (let i = 0; i < 150; i++) {
    const op = rnd(6);
    steps.push([op, rnd(N), op === 2 || op === 3 ? rnd(pats.length) : rnd(names.length)]);
  }
  assert.deepEqual(await run(pair.ts.port, steps), await run(pair.redis.port, steps));
});
