// CLIENT TRACKING against redis-server 7.0: scenarios of several connections run on both
// servers; everything each connection receives (replies and invalidation pushes, in
// order) is compared. After each step every connection is fenced with a command whose
// reply is known (CLIENT GETNAME of its unique name, or PING when it is subscribed in
// RESP2), so no fixed sleeps: the fence reply arrives after anything the step produced.
// CLIENT commands do not consume a pending CLIENT CACHING, so the fence does not disturb
// OPTIN/OPTOUT scenarios; inside MULTI the fence is a nested MULTI (refused, not queued).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { hasRedis, NO_REDIS_MESSAGE, startRedis, startTsredis, waitFor, encodeCommand } from '../helpers.js';

class Conn {
  buf = '';
  closed = false;
  subscribedResp2 = false;
  resp3 = false;
  inMulti = false;
  private constructor(readonly sock: net.Socket, readonly name: string) {
    sock.on('data', (d: Buffer) => (this.buf += d.toString('latin1')));
    sock.on('close', () => (this.closed = true));
    sock.on('error', () => {});
  }
  static open(port: number, name: string): Promise<Conn> {
    return new Promise((resolve, reject) => {
      const s = net.createConnection({ port, host: '127.0.0.1' }, () => resolve(new Conn(s, name)));
      s.once('error', reject);
    });
  }
  send(args: string[]): void {
    this.sock.write(encodeCommand(args));
  }
  /** Send the fence and wait for its reply; returns what arrived before it. */
  async fence(): Promise<string> {
    if (this.closed) {
      const out = this.buf;
      this.buf = '';
      return out;
    }
    // Inside MULTI everything else would be queued; a nested MULTI is answered at once.
    const marker = this.inMulti ? '-ERR MULTI calls can not be nested\r\n' : this.subscribedResp2 ? '*2\r\n$4\r\npong\r\n$0\r\n\r\n' : `$${this.name.length}\r\n${this.name}\r\n`;
    this.send(this.inMulti ? ['MULTI'] : this.subscribedResp2 ? ['PING'] : ['CLIENT', 'GETNAME']);
    await waitFor(() => this.buf.endsWith(marker) || this.closed, 5000, `fence of ${this.name} (got ${JSON.stringify(this.buf)})`);
    const out = this.buf.endsWith(marker) ? this.buf.slice(0, this.buf.length - marker.length) : this.buf;
    this.buf = '';
    return out;
  }
}

type Step = [string, ...string[]];

/** Run the steps on one server; returns one transcript line per step. */
async function run(port: number, steps: Step[]): Promise<string[]> {
  const conns = new Map<string, Conn>();
  const ids = new Map<string, string>();
  const get = async (who: string): Promise<Conn> => {
    let c = conns.get(who);
    if (c === undefined) {
      c = await Conn.open(port, `fence-${who}`);
      c.send(['CLIENT', 'SETNAME', `fence-${who}`]);
      c.send(['CLIENT', 'ID']);
      await waitFor(() => /^\+OK\r\n:\d+\r\n$/.test(c!.buf), 5000, 'client id');
      ids.set(who, /:(\d+)/.exec(c.buf)![1]!);
      c.buf = '';
      conns.set(who, c);
    }
    return c;
  };
  const out: string[] = [];
  try {
    for (const [who, ...args0] of steps) {
      const c = await get(who);
      const args = args0.map((a) => (a.startsWith('@id:') ? ids.get(a.slice(4))! : a));
      c.send(args);
      const cmd = args0[0]!.toUpperCase();
      if (cmd === 'HELLO') c.resp3 = args0[1] === '3';
      if (cmd === 'MULTI') c.inMulti = true;
      if (cmd === 'EXEC' || cmd === 'DISCARD') c.inMulti = false;
      if ((cmd === 'SUBSCRIBE' || cmd === 'PSUBSCRIBE') && !c.resp3) c.subscribedResp2 = true;
      if (cmd === 'UNSUBSCRIBE' || cmd === 'PUNSUBSCRIBE') c.subscribedResp2 = false;
      // The connection that ran the step first: once its reply is in, BCAST messages
      // (sent at the end of that event-loop turn) are on their way to the others.
      const got = new Map<string, string>();
      got.set(who, await c.fence());
      for (const [name, conn] of conns) if (name !== who) got.set(name, await conn.fence());
      const parts: string[] = [];
      for (const [name, text] of [...got].sort()) if (text !== '') parts.push(`${name}: ${text}`);
      // Client ids differ between the servers: named where a reply carries one.
      const idText = (s: string): string => {
        let r = s;
        for (const [n, id] of ids) {
          for (const ctx of ['redirect\r\n', 'tracking-redir-broken\r\n', 'id\r\n']) r = r.replaceAll(`${ctx}:${id}\r\n`, `${ctx}:<${n}>\r\n`);
          if (cmd === 'CLIENT' && args0[1]!.toUpperCase() === 'GETREDIR') r = r.replace(`: :${id}\r\n`, `: :<${n}>\r\n`);
        }
        // CLIENT LIST: only the tracking fields are compared.
        if (cmd === 'CLIENT' && args0[1]!.toUpperCase() === 'LIST') r = r.replace(/[$=]\d+\r\n.*flags=(\S+).*redir=(\S+).*\n\r\n/, (_m, f: string, d: string) => `flags=${f} redir=${d === '-1' || d === '0' ? d : 'id'}`);
        return r;
      };
      out.push(`${who} ${args0.join(' ')} => ${idText(parts.join(' | '))}`);
    }
  } finally {
    for (const c of conns.values()) c.sock.destroy();
  }
  return out;
}

async function compare(steps: Step[]): Promise<void> {
  const ts = await startTsredis({ 'enable-debug-command': 'yes' });
  // No dump.rdb of the working directory: the oracle starts empty like tsredis.
  const redis = await startRedis(['--dbfilename', 'tracking-test-none.rdb']);
  try {
    const a = await run(ts.port, steps);
    const b = await run(redis.port, steps);
    assert.deepEqual(a, b);
  } finally {
    await ts.close();
    await redis.close();
  }
}

test('default mode: invalidations, own writes after the reply, FLUSHALL/FLUSHDB null, TRACKINGINFO', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  await compare([
    ['a', 'HELLO', '3', 'SETNAME', 'fence-a'],
    ['a', 'CLIENT', 'TRACKING', 'ON'],
    ['a', 'GET', 'k1'],
    ['a', 'MGET', 'k2', 'k3'],
    ['b', 'SET', 'k1', 'v'],
    ['b', 'MSET', 'k2', 'x', 'k3', 'y'],
    ['a', 'SET', 'k1', 'v2'],
    ['a', 'GET', 'k1'],
    ['a', 'SET', 'k1', 'v3'],
    ['a', 'CLIENT', 'TRACKINGINFO'],
    ['a', 'CLIENT', 'GETREDIR'],
    ['b', 'CLIENT', 'TRACKINGINFO'],
    ['a', 'GET', 'k4'],
    ['a', 'MULTI'],
    ['a', 'SET', 'k4', '1'],
    ['a', 'GET', 'k4'],
    ['a', 'EXEC'],
    ['b', 'SET', 'k4', '2'],
    ['a', 'GET', 'e1'],
    ['b', 'SET', 'e1', '1', 'PX', '1'],
    ['b', 'DEBUG', 'SLEEP', '0.01'],
    ['b', 'GET', 'e1'],
    ['a', 'GET', 'k7'],
    ['b', 'SET', 'k7', 'v'],
    ['a', 'GET', 'k7'],
    ['b', 'SWAPDB', '0', '1'],
    ['a', 'GET', 'k7'],
    ['b', 'SWAPDB', '0', '1'],
    ['b', 'SELECT', '1'],
    ['b', 'SET', 'k8', 'v'],
    ['b', 'MOVE', 'k8', '0'],
    ['a', 'GET', 'k8'],
    ['b', 'SELECT', '0'],
    ['b', 'RENAME', 'k8', 'k9'],
    ['a', 'GET', 'k9'],
    ['b', 'EXPIRE', 'k9', '0'],
    ['a', 'GET', 'k5'],
    ['b', 'FLUSHALL'],
    ['a', 'GET', 'k5'],
    ['a', 'FLUSHDB'],
    ['a', 'CLIENT', 'TRACKING', 'OFF'],
    ['a', 'CLIENT', 'TRACKINGINFO'],
    ['a', 'GET', 'k6'],
    ['b', 'SET', 'k6', '1'],
  ]);
});

test('keys read by scripts are tracked for the caller; EVAL_RO itself tracks nothing', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  await compare([
    ['a', 'HELLO', '3', 'SETNAME', 'fence-a'],
    ['a', 'CLIENT', 'TRACKING', 'ON'],
    ['a', 'EVAL', "return redis.call('get', KEYS[1])", '1', 'sk'],
    ['b', 'SET', 'sk', '1'],
    ['a', 'EVAL_RO', "return redis.call('get', KEYS[1])", '1', 'sk2'],
    ['b', 'SET', 'sk2', '1'],
    ['a', 'EVAL', "redis.call('set', KEYS[1], 'x') return redis.call('get', KEYS[1])", '1', 'sk3'],
    ['a', 'SET', 'sk3', 'y'],
    ['a', 'EVAL', "return redis.call('set', KEYS[1], 'z')", '1', 'sk3'],
  ]);
});

test('option errors', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  await compare([
    ['a', 'CLIENT', 'TRACKING', 'ON', 'PREFIX', 'x'],
    ['a', 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'OPTIN'],
    ['a', 'CLIENT', 'TRACKING', 'ON', 'OPTIN', 'OPTOUT'],
    ['a', 'CLIENT', 'TRACKING', 'ON', 'REDIRECT', '999999'],
    ['a', 'CLIENT', 'TRACKING', 'ON', 'REDIRECT', 'x'],
    ['b', 'PING'],
    ['a', 'CLIENT', 'TRACKING', 'ON', 'REDIRECT', '@id:b', 'REDIRECT', '@id:b'],
    ['a', 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'ab', 'PREFIX', 'a'],
    ['a', 'CLIENT', 'CACHING', 'YES'],
    ['a', 'CLIENT', 'TRACKING', 'MAYBE'],
    ['a', 'CLIENT', 'TRACKING', 'ON', 'FOO'],
    ['a', 'CLIENT', 'TRACKING', 'ON', 'OPTIN'],
    ['a', 'CLIENT', 'TRACKING', 'ON', 'OPTOUT'],
    ['a', 'CLIENT', 'TRACKING', 'ON', 'BCAST'],
    ['a', 'CLIENT', 'CACHING', 'NO'],
    ['a', 'CLIENT', 'CACHING', 'MAYBE'],
    ['a', 'CLIENT', 'TRACKING', 'OFF'],
    ['a', 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'ab'],
    ['a', 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'a'],
    ['a', 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'abc'],
    ['a', 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'x'],
    ['a', 'CLIENT', 'TRACKINGINFO'],
    ['a', 'CLIENT', 'TRACKING', 'ON'],
  ]);
});

test('RESP2 redirection to a Pub/Sub client, OPTIN/OPTOUT with CLIENT CACHING, broken redirection', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  await compare([
    ['r', 'SUBSCRIBE', '__redis__:invalidate'],
    ['a', 'CLIENT', 'TRACKING', 'ON', 'REDIRECT', '@id:r'],
    ['a', 'GET', 'k1'],
    ['b', 'SET', 'k1', 'v'],
    ['a', 'CLIENT', 'GETREDIR'],
    ['a', 'GET', 'k2'],
    ['b', 'FLUSHALL'],
    ['a', 'CLIENT', 'TRACKING', 'ON', 'OPTIN', 'REDIRECT', '@id:r'],
    ['a', 'GET', 'k3'],
    ['b', 'SET', 'k3', 'x'],
    ['a', 'CLIENT', 'CACHING', 'YES'],
    ['a', 'CLIENT', 'TRACKINGINFO'],
    ['a', 'GET', 'k3'],
    ['a', 'GET', 'k4'],
    ['b', 'MSET', 'k3', '1', 'k4', '2'],
    ['a', 'CLIENT', 'CACHING', 'YES'],
    ['a', 'MULTI'],
    ['a', 'GET', 'k5'],
    ['a', 'GET', 'k6'],
    ['a', 'EXEC'],
    ['b', 'MSET', 'k5', '1', 'k6', '2'],
    ['a', 'CLIENT', 'TRACKING', 'OFF'],
    ['a', 'CLIENT', 'TRACKING', 'ON', 'OPTOUT', 'REDIRECT', '@id:r'],
    ['a', 'GET', 'k1'],
    ['a', 'CLIENT', 'CACHING', 'NO'],
    ['a', 'CLIENT', 'TRACKINGINFO'],
    ['a', 'GET', 'k2'],
    ['b', 'MSET', 'k1', '1', 'k2', '2'],
    ['a', 'CLIENT', 'LIST', 'ID', '@id:a'],
    ['a', 'HELLO', '3', 'SETNAME', 'fence-a'],
    ['r', 'UNSUBSCRIBE'],
    ['r', 'QUIT'],
    ['a', 'GET', 'q'],
    ['b', 'SET', 'q', '1'],
    ['a', 'CLIENT', 'TRACKINGINFO'],
    ['a', 'GET', 'q'],
    ['a', 'SET', 'q', '2'],
  ]);
});

test('NOLOOP and BCAST prefixes', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  await compare([
    ['a', 'HELLO', '3', 'SETNAME', 'fence-a'],
    ['a', 'CLIENT', 'TRACKING', 'ON', 'NOLOOP'],
    ['a', 'GET', 'k1'],
    ['a', 'SET', 'k1', 'x'],
    ['a', 'GET', 'k1'],
    ['b', 'SET', 'k1', 'y'],
    ['a', 'CLIENT', 'TRACKING', 'OFF'],
    ['a', 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'u:', 'PREFIX', 'v:'],
    ['a', 'CLIENT', 'TRACKINGINFO'],
    ['b', 'MSET', 'u:2', '1', 'u:1', '2', 'w:1', '3', 'v:1', '4'],
    ['a', 'SET', 'u:3', '1'],
    ['a', 'MULTI'],
    ['a', 'SET', 'v:9', '1'],
    ['a', 'SET', 'u:9', '1'],
    ['a', 'EXEC'],
    ['a', 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'z:', 'NOLOOP'],
    ['a', 'CLIENT', 'TRACKINGINFO'],
    ['a', 'SET', 'z:1', '1'],
    ['b', 'SET', 'z:2', '1'],
    ['a', 'CLIENT', 'LIST', 'ID', '@id:a'],
    ['c', 'HELLO', '3', 'SETNAME', 'fence-c'],
    ['c', 'CLIENT', 'TRACKING', 'ON', 'BCAST'],
    ['b', 'DEL', 'z:1', 'nokey'],
    ['b', 'FLUSHDB'],
  ]);
});

test('tracking-table-max-keys bounds the table', async () => {
  const ts = await startTsredis({ 'tracking-table-max-keys': 2 });
  try {
    const c = await Conn.open(ts.port, 'fence-a');
    c.send(['HELLO', '3', 'SETNAME', 'fence-a']);
    await c.fence();
    c.send(['CLIENT', 'TRACKING', 'ON']);
    c.send(['MGET', 'k1', 'k2', 'k3', 'k4']);
    assert.equal(ts.server.tracking.table.size, 0);
    // The limit is enforced before the next command (here the fence): two keys are
    // invalidated (which ones is random in Redis), after the MGET's reply.
    const out = await c.fence();
    assert.equal(ts.server.tracking.table.size, 2);
    assert.equal((out.match(/invalidate/g) ?? []).length, 2, JSON.stringify(out));
    assert.ok(out.startsWith('+OK\r\n*4\r\n_\r\n_\r\n_\r\n_\r\n>2'), JSON.stringify(out));
    c.sock.destroy();
  } finally {
    await ts.close();
  }
});
