// The compatibility harness must catch a divergence and shrink it. No oracle needed: two
// in-process tsredis servers, the "oracle" one behind a proxy that changes one byte of
// every GET reply holding at least 3 bytes. Also unit checks of the reply comparison
// modes and of sequence generation being a pure function of (seed, index).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startTsredis, startRedis, hasRedis, NO_REDIS_MESSAGE } from '../helpers.js';
import { Conn, replyLength } from '../../scripts/compat/conn.js';
import { repliesAgree } from '../../scripts/compat/compare.js';
import { fuzz, makeSequence, usableGenerators, regressionTest, stepOf, jsString } from '../../scripts/compat/fuzz.js';
import { tsredisTable, fetchCommandInfo } from '../../scripts/compat/coverage.js';

/** Parse complete RESP multibulk requests from buf; returns [command names, rest]. */
function takeRequests(buf: string): [string[], string] {
  const names: string[] = [];
  let p = 0;
  for (;;) {
    if (buf[p] !== '*') break;
    const nl = buf.indexOf('\r\n', p);
    if (nl < 0) break;
    const n = parseInt(buf.slice(p + 1, nl), 10);
    let q = nl + 2;
    let name = '';
    let ok = true;
    for (let i = 0; i < n; i++) {
      const nl2 = buf.indexOf('\r\n', q);
      if (nl2 < 0) { ok = false; break; }
      const len = parseInt(buf.slice(q + 1, nl2), 10);
      if (buf.length < nl2 + 2 + len + 2) { ok = false; break; }
      if (i === 0) name = buf.slice(nl2 + 2, nl2 + 2 + len).toLowerCase();
      q = nl2 + 2 + len + 2;
    }
    if (!ok) break;
    names.push(name);
    p = q;
  }
  return [names, buf.slice(p)];
}

/**
 * A proxy to `port` that flips one byte of GET bulk replies of 3+ bytes, or (closeOn)
 * drops the connection when it sees that command, as a crashed server would.
 */
function startMutatingProxy(port: number, closeOn?: string): Promise<{ port: number; mutated: () => number; close: () => Promise<void> }> {
  let mutated = 0;
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((client) => {
    const up = net.createConnection({ port, host: '127.0.0.1' });
    sockets.add(client);
    sockets.add(up);
    const pending: string[] = [];
    let reqBuf = '';
    let repBuf = '';
    client.on('data', (d: Buffer) => {
      const [names, rest] = takeRequests(reqBuf + d.toString('latin1'));
      reqBuf = rest;
      if (closeOn !== undefined && names.includes(closeOn)) {
        client.destroy();
        return;
      }
      pending.push(...names);
      up.write(d);
    });
    up.on('data', (d: Buffer) => {
      repBuf += d.toString('latin1');
      let out = '';
      for (;;) {
        const n = replyLength(repBuf);
        if (n < 0) break;
        let reply = repBuf.slice(0, n);
        repBuf = repBuf.slice(n);
        const name = pending.shift();
        const m = /^\$(\d+)\r\n/.exec(reply);
        if (name === 'get' && m && Number(m[1]) >= 3) {
          const at = m[0].length;
          reply = reply.slice(0, at) + String.fromCharCode(reply.charCodeAt(at) ^ 1) + reply.slice(at + 1);
          mutated++;
        }
        out += reply;
      }
      if (out) client.write(Buffer.from(out, 'latin1'));
    });
    const end = (): void => {
      client.destroy();
      up.destroy();
      sockets.delete(client);
      sockets.delete(up);
    };
    client.on('close', end);
    up.on('close', end);
    client.on('error', end);
    up.on('error', end);
  });
  return new Promise((resolve) => {
    srv.listen(0, '127.0.0.1', () => {
      resolve({
        port: (srv.address() as net.AddressInfo).port,
        mutated: () => mutated,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            srv.close(() => r());
          }),
      });
    });
  });
}

test('a one-byte divergence is caught, shrunk to a minimal sequence and printed as a test', async () => {
  const a = await startTsredis();
  const b = await startTsredis();
  const proxy = await startMutatingProxy(b.port);
  try {
    const declared = new Set(tsredisTable().map((m) => m.name));
    assert.ok(declared.has('get') && declared.has('set'), 'tsredis declares GET and SET');
    const wanted = ['get', 'set', 'append', 'strlen', 'del', 'exists', 'mget', 'mset', 'hello', 'select', 'dbsize'];
    const implemented = new Set(wanted.filter((n) => declared.has(n)));
    const logs: string[] = [];
    const res = await fuzz(
      { aPort: a.port, bPort: proxy.port },
      { seed: 7, count: 3000, timeMs: 15000, implemented, log: (s) => logs.push(s), groups: ['string', 'generic', 'server', 'connection'] },
    );
    assert.ok(proxy.mutated() > 0, 'the proxy changed some replies');
    assert.equal(res.crashes.length, 0, res.crashes.join('\n'));
    assert.ok(res.mismatches.length > 0, 'mismatches detected');
    // Every divergence is attributed to GET, the only command the proxy changes.
    assert.deepEqual([...res.byCmd.keys()], ['get']);
    const m = res.mismatches.find((x) => x.shrunk);
    assert.ok(m && m.shrunk && m.test, `a mismatch was shrunk:\n${logs.join('\n')}`);
    // Minimal: one write of a 3+ byte value, then the GET that reads it.
    assert.equal(m.shrunk.length, 2, m.shrunk.map((s) => s.argv.join(' ')).join(' | '));
    assert.equal(m.shrunk[1]!.cmd, 'get');
    assert.equal(m.root, 'get', 'the keyspaces agree before the GET: GET itself is the culprit');
    assert.notEqual(m.shrunkTs, m.shrunkRedis);
    assert.equal(m.shrunkTs!.length, m.shrunkRedis!.length, 'replies differ by one byte only');
    let diff = 0;
    for (let i = 0; i < m.shrunkTs!.length; i++) if (m.shrunkTs![i] !== m.shrunkRedis![i]) diff++;
    assert.equal(diff, 1);
    assert.match(m.test, /await Pair\.start\(\)/);
    assert.match(m.test, /\['GET', /);
    assert.ok(logs.some((l) => l.includes('regression test:')));
  } finally {
    await proxy.close();
    await a.close();
    await b.close();
  }
});

test('a server that stops answering is reported as a crash and the run goes on', async () => {
  const a = await startTsredis();
  const b = await startTsredis();
  const proxy = await startMutatingProxy(a.port, 'echo');
  try {
    const declared = new Set(tsredisTable().map((m) => m.name));
    const implemented = new Set(['get', 'set', 'echo', 'ping', 'select'].filter((n) => declared.has(n)));
    assert.ok(implemented.has('echo'));
    let restarts = 0;
    const res = await fuzz(
      { aPort: proxy.port, bPort: b.port, restartA: async () => (restarts++, proxy.port) },
      { seed: 11, count: 600, timeMs: 15000, implemented, log: () => {}, groups: ['string', 'connection'] },
    );
    assert.ok(res.crashes.length > 0, 'crash detected');
    assert.equal(restarts, res.crashes.length);
    assert.match(res.crashes[0]!, /ECHO/);
    assert.ok(res.commands >= 600, 'the run continued after the crashes');
  } finally {
    await proxy.close();
    await a.close();
    await b.close();
  }
});

test('self-check: real Redis against real Redis shows no mismatch with every generator', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const a = await startRedis();
  const b = await startRedis();
  try {
    const c = await Conn.connect(b.port, 'redis');
    const implemented = new Set(((await fetchCommandInfo(c)) ?? []).map((m) => m.name));
    c.close();
    const logs: string[] = [];
    const res = await fuzz({ aPort: a.port, bPort: b.port }, { seed: 2024, count: 4000, timeMs: 20000, implemented, log: (s) => logs.push(s) });
    assert.ok(res.groupsSkipped.length === 0, `every generator group runs: skipped ${res.groupsSkipped.join(' ')}`);
    assert.equal(res.mismatches.length, 0, logs.join('\n'));
    assert.equal(res.crashes.length, 0);
  } finally {
    await a.close();
    await b.close();
  }
});

test('comparison modes: exact, unordered, pairs, scan, shape, approx', () => {
  const arr = (...xs: string[]): string => `*${xs.length}\r\n${xs.map((x) => `$${x.length}\r\n${x}\r\n`).join('')}`;
  assert.ok(repliesAgree('exact', '+OK\r\n', '+OK\r\n'));
  assert.ok(!repliesAgree('exact', ':1\r\n', ':2\r\n'));
  assert.ok(repliesAgree('unordered', arr('a', 'b'), arr('b', 'a')));
  assert.ok(!repliesAgree('unordered', arr('a', 'b'), arr('b', 'c')));
  assert.ok(repliesAgree('unordered-pairs', arr('f1', 'v1', 'f2', 'v2'), arr('f2', 'v2', 'f1', 'v1')));
  assert.ok(!repliesAgree('unordered-pairs', arr('f1', 'v1', 'f2', 'v2'), arr('f1', 'v2', 'f2', 'v1')));
  const scan = (cursor: string, ...keys: string[]): string => `*2\r\n$${cursor.length}\r\n${cursor}\r\n${arr(...keys)}`;
  assert.ok(repliesAgree('scan', scan('0', 'a', 'b'), scan('0', 'b', 'a')));
  assert.ok(!repliesAgree('scan', scan('0', 'a'), scan('0', 'b', 'a')));
  assert.ok(repliesAgree('shape', '$1\r\na\r\n', '$1\r\nb\r\n'));
  assert.ok(!repliesAgree('shape', '$1\r\na\r\n', '$-1\r\n'));
  assert.ok(repliesAgree({ approx: 1 }, ':100\r\n', ':99\r\n'));
  assert.ok(!repliesAgree({ approx: 1 }, ':100\r\n', ':98\r\n'));
  assert.ok(!repliesAgree({ approx: 1 }, ':-1\r\n', ':0\r\n'));
  assert.ok(!repliesAgree({ approx: 1 }, ':-2\r\n', ':-1\r\n'));
});

test('sequences are a pure function of (seed, index); TTLs are past or far future', () => {
  const implemented = new Set(['get', 'set', 'getex', 'setex', 'expire', 'pexpire', 'hello', 'append', 'incrbyfloat', 'setrange']);
  const { run } = usableGenerators(implemented);
  const now = 1_700_000_000_000;
  for (let i = 0; i < 50; i++) {
    const x = makeSequence(3, i, run, [], implemented, now);
    const y = makeSequence(3, i, run, [], implemented, now);
    assert.deepEqual(x, y);
    for (const s of x.steps) {
      for (let j = 1; j < s.argv.length; j++) {
        const kw = s.argv[j - 1]!.toUpperCase();
        const v = Number(s.argv[j]);
        if (kw === 'EX' && Number.isInteger(v) && v > 0) assert.ok(v >= 100, s.argv.join(' '));
        if (kw === 'PX' && Number.isInteger(v) && v > 0) assert.ok(v >= 100000, s.argv.join(' '));
      }
    }
  }
  assert.notDeepEqual(makeSequence(3, 0, run, [], implemented, now), makeSequence(4, 0, run, [], implemented, now));
});

test('printed regression tests keep every byte as a \\x escape', () => {
  assert.equal(jsString('a\x00\xff\'\\\r\n'), "'a\\x00\\xff\\'\\\\\\r\\n'");
  const text = regressionTest([stepOf(['SET', 'k', '\xff']), stepOf(['TTL', 'k'])], 'x', 'origin');
  assert.match(text, /\[\['SET', 'k', '\\xff'\], true\]/);
  assert.match(text, /\[\['TTL', 'k'\], false\]/);
});
