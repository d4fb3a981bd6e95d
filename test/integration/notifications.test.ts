// Keyspace notifications (notify-keyspace-events), differential against redis-server: a
// subscriber listens on __keyspace@*__ / __keyevent@*__ while another connection runs
// commands; after each command a PUBLISH on a sync channel marks the end of its events,
// so the subscriber's whole transcript can be compared byte for byte without knowing
// how many events a command fires. Plus expiry/eviction events, MULTI, RESP3 and the
// event-class filters.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawClient, encodeCommand, sharedPair, sleep, startTsredis, waitFor, type Pair } from '../helpers.js';

const oracle = sharedPair();

/** A command, a pause, or a transaction (MULTI, the commands, EXEC) run as one step. */
type Step = string[] | { sleep: number } | { multi: string[][] };

/**
 * Run steps on a writer connection with a subscriber listening to every keyspace and
 * keyevent channel; return the writer's replies and the subscriber's messages, in order.
 */
async function eventTranscript(port: number, flags: string, steps: Step[], resp3 = false): Promise<string[]> {
  const w = await RawClient.connect(port);
  const s = await RawClient.connect(port);
  const out: string[] = [];
  try {
    await w.call('CONFIG', 'SET', 'notify-keyspace-events', flags);
    if (resp3) await s.call('HELLO', '3');
    await s.call('PSUBSCRIBE', '__key*__:*');
    await s.call('SUBSCRIBE', 'sync');
    let seq = 0;
    for (const step of steps) {
      if ('sleep' in step) {
        await sleep(step.sleep);
      } else if ('multi' in step) {
        for (const cmd of [['MULTI'], ...step.multi, ['EXEC']]) out.push(`> ${cmd.join(' ')}: ${await w.call(...cmd)}`);
      } else {
        out.push(`> ${step.join(' ')}: ${await w.call(...step)}`);
      }
      const mark = String(seq++);
      await w.call('PUBLISH', 'sync', mark);
      for (;;) {
        const r = await s.readReply(2000);
        if (r.includes('$4\r\nsync\r\n')) break;
        out.push(`  ${r}`);
      }
    }
  } finally {
    await w.call('CONFIG', 'SET', 'notify-keyspace-events', '').catch(() => '');
    w.close();
    s.close();
  }
  return out;
}

async function sameEvents(pair: Pair, flags: string, steps: Step[], resp3 = false): Promise<void> {
  await pair.both('FLUSHALL');
  const a = await eventTranscript(pair.ts.port, flags, steps, resp3);
  const b = await eventTranscript(pair.redis.port, flags, steps, resp3);
  assert.deepEqual(a, b);
}

const STRING_STEPS: Step[] = [
  ['SET', 'k', 'v'], ['SET', 'k', 'v', 'EX', '100'], ['SET', 'k', 'v', 'KEEPTTL'], ['SET', 'k', 'w', 'NX'],
  ['SET', 'k', 'w', 'XX', 'GET'], ['SETEX', 'e', '100', 'v'], ['PSETEX', 'p', '100000', 'v'], ['SETNX', 'n', '1'],
  ['SETNX', 'n', '2'], ['GETSET', 'n', '3'], ['GETDEL', 'n'], ['GETDEL', 'n'], ['GETEX', 'k', 'EX', '50'],
  ['GETEX', 'k', 'PERSIST'], ['GETEX', 'k'], ['MSET', 'a', '1', 'b', '2'], ['MSETNX', 'a', '1', 'c', '3'],
  ['MSETNX', 'x1', '1', 'x2', '2'], ['APPEND', 'a', 'xyz'], ['APPEND', 'new', 'xyz'], ['INCR', 'i'],
  ['INCRBY', 'i', '5'], ['DECR', 'i'], ['DECRBY', 'i', '2'], ['INCRBYFLOAT', 'f', '1.5'], ['INCR', 'k'],
  ['SETRANGE', 'r', '3', 'abc'], ['SETRANGE', 'r', '0', ''], ['SETBIT', 'bits', '7', '1'],
  ['BITOP', 'OR', 'dest', 'bits', 'r'], ['BITOP', 'AND', 'dest', 'nokey1', 'nokey2'],
  ['BITFIELD', 'bf', 'SET', 'u8', '0', '255'], ['GET', 'k'], ['STRLEN', 'k'],
];

oracle.test('string commands fire the same events (KEA)', async (pair) => {
  await sameEvents(pair, 'KEA', STRING_STEPS);
});

const GENERIC_STEPS: Step[] = [
  ['MSET', 'a', '1', 'b', '2', 'c', '3', 'd', '4'], ['DEL', 'a', 'nokey', 'b'], ['UNLINK', 'c'],
  ['EXPIRE', 'd', '100'], ['PEXPIRE', 'd', '100000'], ['EXPIREAT', 'd', '9999999999'], ['PERSIST', 'd'],
  ['PERSIST', 'd'], ['EXPIRE', 'nokey', '10'], ['EXPIRE', 'd', '100', 'NX'], ['EXPIRE', 'd', '50', 'GT'],
  ['RENAME', 'd', 'e'], ['RENAMENX', 'e', 'f'], ['SET', 'g', '1'], ['RENAMENX', 'f', 'g'], ['RENAME', 'g', 'g'],
  ['COPY', 'f', 'h'], ['COPY', 'f', 'h', 'REPLACE'], ['COPY', 'f', 'h', 'DB', '1'],
  ['MOVE', 'f', '1'], ['MOVE', 'g', '1'], ['SELECT', '1'], ['SET', 'one', '1'], ['DEL', 'f', 'h'],
  ['SELECT', '0'], ['EXPIRE', 'h', '0'], ['SET', 'p', '1'], ['PEXPIREAT', 'p', '1'],
  ['SET', 'x', 'y'], ['FLUSHDB'], ['SWAPDB', '0', '1'], ['FLUSHALL'],
];

oracle.test('generic commands fire the same events (KEA)', async (pair) => {
  await sameEvents(pair, 'KEA', GENERIC_STEPS);
});

oracle.test('event class filters: K or E alone, one class, none', async (pair) => {
  const steps: Step[] = [['SET', 'k', '1'], ['EXPIRE', 'k', '100'], ['INCR', 'k'], ['DEL', 'k'], ['SETBIT', 'b', '1', '1']];
  for (const flags of ['K$', 'Eg', 'KEg', 'KE$', 'Kg$', 'A', 'KA', 'EA', 'Kx', 'KElshz', '']) {
    await sameEvents(pair, flags, steps);
  }
});

oracle.test("classes n (new key) and m (keymiss), also next to A", async (pair) => {
  const steps: Step[] = [
    ['SET', 'a', '1'], ['SET', 'a', '2'], ['GET', 'nokey'], ['MGET', 'a', 'b'], ['EXISTS', 'zz'], ['TYPE', 'zz'],
    ['OBJECT', 'ENCODING', 'zz'], ['INCR', 'n'], ['RENAME', 'a', 'b'], ['COPY', 'b', 'c'], ['APPEND', 'ap', 'x'],
    ['GETDEL', 'b'], ['STRLEN', 'zz'], ['SETRANGE', 'r', '0', 'x'], ['GETRANGE', 'zz', '0', '1'], ['TTL', 'zz'],
    ['GETBIT', 'zz', '0'], ['BITCOUNT', 'zz'], ['SET', 'nx', '1', 'NX'], ['MSETNX', 'm1', '1', 'm2', '2'], ['MOVE', 'm1', '1'],
  ];
  await sameEvents(pair, 'KEAnm', steps);
  await sameEvents(pair, 'En', steps);
  await sameEvents(pair, 'Km', steps);
});

oracle.test('expired events: active and lazy expiry', async (pair) => {
  await sameEvents(pair, 'KEA', [['SET', 'k', 'v', 'PX', '30'], { sleep: 150 }, ['GET', 'k']]);
  await pair.both('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
  try {
    await sameEvents(pair, 'Ex', [['SET', 'k', 'v', 'PX', '10'], { sleep: 40 }, ['GET', 'k'], ['SET', 'j', 'v', 'PX', '10'], { sleep: 40 }, ['EXISTS', 'j']]);
  } finally {
    await pair.both('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
  }
});

oracle.test('events inside MULTI/EXEC, in RESP3 to a subscriber', async (pair) => {
  await sameEvents(pair, 'KEA', [{ multi: [['SET', 'a', '1'], ['INCR', 'a'], ['DEL', 'a'], ['SELECT', '2'], ['SET', 'b', '1']] }, ['SET', 'c', '1']], true);
});

oracle.test('a RESP3 client sees its own events before the command reply', async (pair) => {
  await pair.both('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
  const conns = await Promise.all([RawClient.connect(pair.ts.port), RawClient.connect(pair.redis.port)]);
  try {
    const outs: string[] = [];
    for (const c of conns) {
      await c.call('HELLO', '3');
      await c.call('SUBSCRIBE', '__keyevent@0__:set');
      c.write(encodeCommand(['SET', 'own', 'v']));
      const r1 = await c.readReply();
      const r2 = await c.readReply();
      outs.push(r1 + r2);
    }
    assert.equal(outs[0], outs[1]);
    assert.equal(outs[0], '>3\r\n$7\r\nmessage\r\n$18\r\n__keyevent@0__:set\r\n$3\r\nown\r\n+OK\r\n');
  } finally {
    for (const c of conns) c.close();
    await pair.both('CONFIG', 'SET', 'notify-keyspace-events', '');
  }
});

oracle.test('notify-keyspace-events: accepted strings and CONFIG GET form', async (pair) => {
  for (const v of ['KEA', 'AKE', 'gK', 'g$lshzxetKE', 'Ag$', 'KEm', 'An', 'nK', 'E', 'X', 'KEz?', '']) {
    const [a, b] = await pair.both('CONFIG', 'SET', 'notify-keyspace-events', v);
    assert.equal(a, b, `CONFIG SET ${v}`);
    const [c, d] = await pair.both('CONFIG', 'GET', 'notify-keyspace-events');
    assert.equal(c, d, `CONFIG GET after ${v}`);
  }
  await pair.both('CONFIG', 'SET', 'notify-keyspace-events', '');
});

test('evicted events: keys removed by maxmemory reach keyspace subscribers', async () => {
  const ts = await startTsredis({ notifyKeyspaceEvents: 'Ee', maxmemoryPolicy: 'allkeys-random' });
  const w = await RawClient.connect(ts.port);
  const s = await RawClient.connect(ts.port);
  try {
    await s.call('SUBSCRIBE', '__keyevent@0__:evicted');
    for (let i = 0; i < 200; i++) await w.call('SET', `key:${i}`, 'x'.repeat(1000));
    const used = Number(/used_memory:(\d+)/.exec(await w.call('INFO', 'memory'))![1]);
    await w.call('CONFIG', 'SET', 'maxmemory', String(used - 50_000));
    await w.call('SET', 'trigger', '1');
    await waitFor(() => s.pending().length > 0, 5000, 'evicted event');
    const msg = await s.readReply();
    assert.match(msg, /^\*3\r\n\$7\r\nmessage\r\n\$22\r\n__keyevent@0__:evicted\r\n\$\d+\r\nkey:\d+\r\n$/);
  } finally {
    w.close();
    s.close();
    await ts.close();
  }
});

test('no subscribers: events cost no channel names (pubsub idle)', async () => {
  const ts = await startTsredis({ notifyKeyspaceEvents: 'KEA' });
  const c = await RawClient.connect(ts.port);
  try {
    assert.equal(ts.server.pubsub.idle, true);
    assert.equal(await c.call('SET', 'k', 'v'), '+OK\r\n');
    assert.equal(ts.server.notifyFlags !== 0, true);
  } finally {
    c.close();
    await ts.close();
  }
});
