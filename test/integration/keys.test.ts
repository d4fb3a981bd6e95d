// Generic keyspace commands, differential against the real Redis (the oracle): every
// reply compared byte for byte in RESP2 and RESP3, except where Redis itself is
// nondeterministic (KEYS/SCAN order, RANDOMKEY), which are compared as sets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pair, hasRedis, NO_REDIS_MESSAGE, startTsredis, RawClient, withServers, sharedPair } from '../helpers.js';

const oracle = sharedPair();

async function flush(): Promise<void> {
  await oracle.pair!.both('FLUSHALL');
  await oracle.pair!.both('SELECT', '0');
}

/** Run commands on both servers and assert identical replies. */
async function same(cmds: (string | number | Buffer)[][], label = ''): Promise<void> {
  for (const c of cmds) {
    const [x, y] = await oracle.pair!.both(...c);
    assert.equal(x, y, `${label} ${JSON.stringify(c.map(String))}`);
  }
}

/** Elements of a flat RESP array of bulk strings (for order-insensitive comparison). */
function bulks(reply: string): string[] {
  const out: string[] = [];
  let p = reply.indexOf('\r\n') + 2;
  while (p < reply.length) {
    assert.equal(reply[p], '$', `unexpected reply ${JSON.stringify(reply.slice(0, 100))}`);
    const nl = reply.indexOf('\r\n', p);
    const n = parseInt(reply.slice(p + 1, nl), 10);
    out.push(reply.slice(nl + 2, nl + 2 + n));
    p = nl + 2 + n + 2;
  }
  return out;
}

/** [cursor, keys] of a SCAN reply. */
function scanReply(reply: string): [string, string[]] {
  const m = /^\*2\r\n\$\d+\r\n(\d+)\r\n/.exec(reply);
  assert.ok(m, `bad SCAN reply ${JSON.stringify(reply.slice(0, 80))}`);
  return [m[1]!, bulks(reply.slice(m[0].length))];
}

async function bothResp(fn: () => Promise<void>): Promise<void> {
  for (const proto of ['2', '3']) {
    await oracle.pair!.both('HELLO', proto);
    await flush();
    await fn();
  }
  await oracle.pair!.both('HELLO', '2');
}

oracle.test('DEL, UNLINK, EXISTS, TYPE, TOUCH', async () => {
  await bothResp(() =>
    same([
      ['SET', 'a', '1'], ['SET', 'b', 'x'], ['SET', '', 'empty key'], ['SET', '\x00\xff', 'bin'],
      ['EXISTS', 'a'], ['EXISTS', 'a', 'a', 'b', 'nope', ''], ['EXISTS', 'nope'],
      ['TYPE', 'a'], ['TYPE', 'nope'], ['TYPE', '\x00\xff'],
      ['TOUCH', 'a', 'b', 'nope', 'a'], ['TOUCH', 'nope'],
      ['DEL', 'a', 'a', 'nope'], ['DEL', 'nope'], ['UNLINK', 'b', '', 'b'], ['EXISTS', 'a', 'b', ''],
      ['DEL', '\x00\xff'], ['DBSIZE'],
      ['DEL'], ['EXISTS'], ['TYPE'], ['TYPE', 'a', 'b'], ['TOUCH'], ['UNLINK'],
    ]),
  );
});

oracle.test('RENAME and RENAMENX', async () => {
  await bothResp(() =>
    same([
      ['RENAME', 'nope', 'x'], ['RENAMENX', 'nope', 'x'],
      ['SET', 'a', '1'], ['RENAME', 'a', 'a'], ['RENAMENX', 'a', 'a'], ['GET', 'a'],
      ['RENAME', 'a', 'b'], ['EXISTS', 'a'], ['GET', 'b'],
      ['SET', 'c', '2'], ['RENAMENX', 'b', 'c'], ['GET', 'b'], ['GET', 'c'],
      ['RENAME', 'b', 'c'], ['GET', 'c'], ['EXISTS', 'b'],
      ['PEXPIRE', 'c', '100000'], ['RENAME', 'c', 'd'], ['TTL', 'd'], ['TTL', 'c'],
      ['SET', 'e', 'v'], ['RENAME', 'd', 'e'], ['TTL', 'e'], ['GET', 'e'],
      ['SET', 'f', 'w'], ['EXPIRE', 'f', '1000'], ['RENAME', 'e', 'f'], ['TTL', 'f'],
      ['RENAMENX', 'f', 'g'], ['TTL', 'g'],
      ['RENAME', 'g'], ['RENAME', 'a', 'b', 'c'],
    ]),
  );
});

oracle.test('COPY and MOVE', async () => {
  await bothResp(() =>
    same([
      ['COPY', 'nope', 'x'], ['SET', 'a', 'va'], ['COPY', 'a', 'a'], ['COPY', 'a', 'a', 'DB', '0'],
      ['COPY', 'a', 'a', 'DB', '1'], ['SELECT', '1'], ['GET', 'a'], ['SELECT', '0'],
      ['COPY', 'a', 'b'], ['GET', 'b'], ['COPY', 'a', 'b'], ['SET', 'a', 'va2'], ['COPY', 'a', 'b', 'REPLACE'], ['GET', 'b'],
      ['COPY', 'a', 'b', 'replace', 'db', '0'], ['COPY', 'a', 'b', 'DB'], ['COPY', 'a', 'b', 'DB', 'x'],
      ['COPY', 'a', 'b', 'DB', '16'], ['COPY', 'a', 'b', 'DB', '-1'], ['COPY', 'a', 'b', 'DB', '99999999999'],
      ['COPY', 'a', 'b', 'FOO'], ['COPY', 'a'],
      ['PEXPIRE', 'a', '50000'], ['COPY', 'a', 'c'], ['TTL', 'c'],
      ['SET', 'n', '123'], ['COPY', 'n', 'n2'], ['OBJECT', 'ENCODING', 'n2'], ['GET', 'n2'],
      ['MOVE', 'nope', '1'], ['MOVE', 'a', '0'], ['MOVE', 'a', 'x'], ['MOVE', 'a', '16'], ['MOVE', 'a', '-1'],
      ['MOVE', 'a', '1'], ['MOVE', 'a', '1'], ['EXISTS', 'a'], ['SELECT', '1'], ['GET', 'a'], ['TTL', 'a'],
      ['MOVE', 'a', '0'], ['SET', 'a', 'other'], ['MOVE', 'a', '0'], ['SELECT', '0'], ['GET', 'a'],
      ['MOVE', 'b', '2147483648'], ['MOVE', 'b', '2'], ['SELECT', '2'], ['GET', 'b'], ['SELECT', '0'],
    ]),
  );
});

oracle.test('expire family, TTL family, PERSIST: replies and errors', async () => {
  await bothResp(() =>
    same([
      ['EXPIRE', 'nope', '10'], ['PEXPIRE', 'nope', '10'], ['EXPIREAT', 'nope', '10'], ['PEXPIREAT', 'nope', '10'],
      ['TTL', 'nope'], ['PTTL', 'nope'], ['EXPIRETIME', 'nope'], ['PEXPIRETIME', 'nope'], ['PERSIST', 'nope'],
      ['SET', 'k', 'v'], ['TTL', 'k'], ['PTTL', 'k'], ['EXPIRETIME', 'k'], ['PEXPIRETIME', 'k'], ['PERSIST', 'k'],
      ['EXPIRE', 'k', 'abc'], ['EXPIRE', 'k', '1.5'], ['EXPIRE', 'k', ''], ['EXPIRE', 'k', ' 1'],
      ['EXPIRE', 'k', '100', 'NX', 'XX'], ['EXPIRE', 'k', '100', 'NX', 'GT'], ['EXPIRE', 'k', '100', 'lt', 'nx'],
      ['EXPIRE', 'k', '100', 'GT', 'LT'], ['EXPIRE', 'k', '100', 'XX', 'GT', 'LT'], ['EXPIRE', 'k', '100', 'FOO'],
      ['EXPIRE', 'k', 'abc', 'FOO'], ['EXPIRE', 'k', 'abc', 'NX', 'XX'],
      ['EXPIRE', 'k', '9223372036854775807'], ['EXPIRE', 'k', '9223372036854775'], ['EXPIRE', 'k', '9223372036854776'],
      ['EXPIRE', 'k', '-9223372036854775808'], ['EXPIRE', 'k', '-9223372036854776'],
      ['PEXPIRE', 'k', '9223372036854775807'], ['PEXPIRE', 'k', '9223372036854775808'],
      ['EXPIREAT', 'k', '9223372036854775807'], ['PEXPIREAT', 'k', '9223372036854775807'],
      ['EXPIREAT', 'k', '9223372036854775'], ['EXPIRETIME', 'k'], ['PERSIST', 'k'],
      ['EXPIRE', 'k', '100', 'XX'], ['EXPIRE', 'k', '100', 'GT'], ['EXPIRE', 'k', '100', 'LT'], ['TTL', 'k'],
      ['EXPIRE', 'k', '200', 'NX'], ['EXPIRE', 'k', '300', 'XX'], ['TTL', 'k'],
      ['EXPIRE', 'k', '200', 'GT'], ['EXPIRE', 'k', '400', 'gt'], ['TTL', 'k'],
      ['EXPIRE', 'k', '500', 'LT'], ['EXPIRE', 'k', '100', 'LT'], ['TTL', 'k'], ['EXPIREAT', 'k', '4102444800', 'XX', 'GT'], ['EXPIREAT', 'k', '4102444800', 'XX', 'GT'], ['EXPIREAT', 'k', '4102444801', 'xx', 'gt'], ['EXPIREAT', 'k', '4102444800', 'LT'], ['PEXPIRETIME', 'k'],
      ['EXPIREAT', 'k', '4102444800'], ['EXPIRETIME', 'k'], ['PEXPIRETIME', 'k'],
      ['PEXPIREAT', 'k', '4102444800123'], ['EXPIRETIME', 'k'], ['PEXPIRETIME', 'k'],
      ['PEXPIREAT', 'k', '4102444800499'], ['EXPIRETIME', 'k'], ['PEXPIREAT', 'k', '4102444800500'], ['EXPIRETIME', 'k'],
      ['PERSIST', 'k'], ['PERSIST', 'k'], ['TTL', 'k'],
      ['EXPIRE', 'k', '-1', 'LT'], ['EXISTS', 'k'],
      ['SET', 'k', 'v'], ['EXPIRE', 'k', '-5', 'GT'], ['EXISTS', 'k'], ['EXPIRE', 'k', '0'], ['EXISTS', 'k'],
      ['SET', 'k', 'v'], ['PEXPIREAT', 'k', '1'], ['EXISTS', 'k'], ['SET', 'k', 'v'], ['EXPIREAT', 'k', '-100'], ['TTL', 'k'],
      ['EXPIRE', 'k'], ['TTL'], ['PERSIST'],
      // addReplyErrorFormat: "%s" stops at NUL, trailing CR/LF trimmed, inner ones become spaces.
      ['EXPIRE', 'k', '20', '\r'], ['PEXPIREAT', 'k', '1', 'a\x00b'], ['EXPIRE', 'k', '1', 'x\r\ny\n'], ['EXPIRE', 'k', '1', '\x00'],
    ]),
  );
});

oracle.test('KEYS with fixed and random patterns matches Redis', async (pair) => {
  await flush();
  const names = ['', 'a', 'b', 'A', 'ab', 'ba', 'abc', 'a*b', 'a?c', '[a]', 'a]b', 'a-b', 'a\\b', '^x', '\xff', 'a\xffb', '\x80', 'hello', 'hallo', 'hxllo', 'heeeello', 'zz', 'a b', 'aaa'];
  for (const n of names) await pair.both('SET', n, 'v');
  await pair.both('SET', 'expiring', 'v');
  await pair.both('PEXPIRE', 'expiring', '1');
  await new Promise((r) => setTimeout(r, 10));
  const fixed = ['*', '**', '', '?', '??', 'h?llo', 'h*llo', 'h[ae]llo', 'h[^e]llo', 'h[a-b]llo', 'h[b-a]llo', '\\*', 'a\\*b', '[', '[a', '[^', '[a-]', 'a[\\]]b', '*\\', '\\', 'a\\\\b', '[\xff-a]', '[a-\xff]*', '*e*', 'expir*', 'a*', '*b', '[!a]*'];
  const alphabet = ['a', 'b', 'A', '*', '?', '[', ']', '^', '-', '\\', '\xff', 'h', 'l', 'o', 'e', ' '];
  let seed = 12345;
  const rnd = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  await pair.both('SET', 'a'.repeat(1100) + 'b', 'v');
  // Redis gives up beyond 1000 nested stars (CVE-2022-36021 protection).
  const pats = [...fixed, 'a*'.repeat(1100) + 'b', 'a*'.repeat(900) + 'b', '*a'.repeat(1100)];
  for (let i = 0; i < 400; i++) {
    let p = '';
    const len = rnd(7);
    for (let j = 0; j < len; j++) p += alphabet[rnd(alphabet.length)];
    pats.push(p);
  }
  for (const p of pats) {
    const [x, y] = await pair.both('KEYS', p);
    assert.deepEqual(bulks(x).sort(), bulks(y).sort(), `KEYS ${JSON.stringify(p)}`);
  }
});

oracle.test('SCAN: cursor validation, options, full iteration', async (pair) => {
  await flush();
  await same([
    ['SCAN', 'abc'], ['SCAN', '-'], ['SCAN', ' 0'], ['SCAN', '0x10'], ['SCAN', '18446744073709551616'], ['SCAN', '1.5'],
    ['SCAN', '0', 'COUNT'], ['SCAN', '0', 'COUNT', '0'], ['SCAN', '0', 'COUNT', '-1'], ['SCAN', '0', 'COUNT', 'x'],
    ['SCAN', '0', 'MATCH'], ['SCAN', '0', 'TYPE'], ['SCAN', '0', 'FOO', 'bar'], ['SCAN', '0', 'COUNT', '9223372036854775808'],
    ['SCAN', '0'], ['SCAN', ''], ['SCAN', '+0'], ['SCAN', '000'],
  ]);
  for (let i = 0; i < 300; i++) await pair.both('SET', `key:${i}`, String(i));
  for (let i = 0; i < 20; i++) await pair.both('SET', `other:${i}`, 'x');
  const collect = async (c: RawClient, extra: string[]): Promise<string[]> => {
    const seen = new Set<string>();
    let cursor = '0';
    let rounds = 0;
    do {
      const [next, keys] = scanReply(await c.call('SCAN', cursor, ...extra));
      for (const k of keys) seen.add(k);
      cursor = next;
      assert.ok(++rounds < 10000, 'SCAN does not terminate');
    } while (cursor !== '0');
    return [...seen].sort();
  };
  for (const extra of [[], ['COUNT', '7'], ['COUNT', '1000'], ['MATCH', 'key:1*'], ['MATCH', 'other:*', 'COUNT', '3'], ['TYPE', 'string'], ['TYPE', 'STRING'], ['TYPE', 'list'], ['TYPE', 'nosuchtype', 'MATCH', '*']]) {
    const a = await collect(pair.a, extra);
    const b = await collect(pair.b, extra);
    assert.deepEqual(a, b, `SCAN ${extra.join(' ')}`);
  }
});

test('SCAN returns every key present for the whole iteration while keys churn', async () => {
  const srv = await startTsredis();
  const c = await RawClient.connect(srv.port);
  try {
    for (let i = 0; i < 2000; i++) await c.call('SET', `stable:${i}`, 'v');
    const seen = new Set<string>();
    let cursor = '0';
    let n = 0;
    do {
      const [next, keys] = scanReply(await c.call('SCAN', cursor, 'COUNT', '20'));
      for (const k of keys) seen.add(k);
      cursor = next;
      // Churn between calls: add and delete other keys.
      await c.call('SET', `churn:${n}`, 'v');
      if (n >= 5) await c.call('DEL', `churn:${n - 5}`);
      if (n % 3 === 0) await c.call('DEL', `stable:${1999 - n}`);
      n++;
    } while (cursor !== '0');
    for (let i = 0; i < 2000; i++) {
      const deleted = (1999 - i) % 3 === 0 && 1999 - i < n && i >= 1999 - n;
      if (!deleted) assert.ok(seen.has(`stable:${i}`), `stable:${i} missed`);
    }
  } finally {
    c.close();
    await srv.close();
  }
});

oracle.test('RANDOMKEY', async (pair) => {
  await bothResp(async () => {
    await same([['RANDOMKEY'], ['SET', 'only', 'v'], ['RANDOMKEY']]);
    await pair.both('SET', 'two', 'v');
    for (let i = 0; i < 20; i++) {
      const [x] = await pair.both('RANDOMKEY');
      assert.ok(x === '$4\r\nonly\r\n' || x === '$3\r\ntwo\r\n', x);
    }
  });
});

oracle.test('OBJECT ENCODING / REFCOUNT / HELP / errors', async () => {
  await bothResp(() =>
    same([
      ['SET', 'i', '123'], ['SET', 'big', '12345678901234567890'], ['SET', 'i19', '1234567890123456789'], ['SET', 'neg', '-5'],
      ['SET', 's44', 'x'.repeat(44)], ['SET', 's45', 'x'.repeat(45)], ['SET', 'z', '0'], ['SET', 'i9999', '9999'], ['SET', 'i10000', '10000'],
      ['SET', 'lead0', '01'], ['SET', 'sp', ' 1'], ['SET', 'e', ''],
      ['OBJECT', 'ENCODING', 'i'], ['OBJECT', 'ENCODING', 'big'], ['OBJECT', 'ENCODING', 'i19'], ['OBJECT', 'ENCODING', 'neg'],
      ['OBJECT', 'ENCODING', 's44'], ['OBJECT', 'ENCODING', 's45'], ['OBJECT', 'ENCODING', 'lead0'], ['OBJECT', 'ENCODING', 'sp'], ['OBJECT', 'ENCODING', 'e'],
      ['OBJECT', 'encoding', 'nope'], ['OBJECT', 'REFCOUNT', 'nope'], ['OBJECT', 'IDLETIME', 'nope'], ['OBJECT', 'FREQ', 'nope'],
      ['OBJECT', 'REFCOUNT', 'i'], ['OBJECT', 'REFCOUNT', 'z'], ['OBJECT', 'REFCOUNT', 'i9999'], ['OBJECT', 'REFCOUNT', 'i10000'],
      ['OBJECT', 'REFCOUNT', 'neg'], ['OBJECT', 'REFCOUNT', 's44'], ['OBJECT', 'REFCOUNT', 'big'],
      ['OBJECT', 'FREQ', 'i'],
      ['OBJECT', 'HELP'], ['OBJECT', 'help'], ['OBJECT'], ['OBJECT', 'foo'], ['OBJECT', 'ENCODING'], ['OBJECT', 'ENCODING', 'a', 'b'], ['OBJECT', 'HELP', 'x'],
      ['APPEND', 'i', '4'], ['OBJECT', 'ENCODING', 'i'],
    ]),
  );
});

oracle.test('OBJECT IDLETIME and FREQ follow maxmemory-policy', async (pair) => {
  const lfu = await Pair.start({ 'maxmemory-policy': 'allkeys-lfu' }, ['--maxmemory-policy', 'allkeys-lfu']);
  try {
    for (const c of [['SET', 'k', 'v'], ['OBJECT', 'IDLETIME', 'k'], ['OBJECT', 'FREQ', 'k'], ['OBJECT', 'FREQ', 'nope'], ['OBJECT', 'IDLETIME', 'nope']]) {
      const [x, y] = await lfu.both(...c);
      assert.equal(x, y, c.join(' '));
    }
    // A fresh key starts at LFU_INIT_VAL (5); reads raise the counter (the first ones surely).
    await lfu.both('GET', 'k');
    const [x, y] = await lfu.both('OBJECT', 'FREQ', 'k');
    assert.equal(x, y);
    const payload = await lfu.b.call('DUMP', 'k');
    const raw = Buffer.from(bulks('*1\r\n' + payload)[0]!, 'latin1');
    for (const c of [['RESTORE', 'r', '0', raw, 'FREQ', '100'], ['OBJECT', 'FREQ', 'r'], ['RESTORE', 'r2', '0', raw, 'FREQ', '256'], ['RESTORE', 'r2', '0', raw, 'FREQ', '-1'], ['RESTORE', 'r2', '0', raw, 'IDLETIME', '5', 'FREQ', '5'], ['RESTORE', 'r3', '0', raw, 'IDLETIME', '1000'], ['OBJECT', 'FREQ', 'r3']]) {
      const [a, b] = await lfu.both(...c);
      assert.equal(a, b, c.map(String).join(' '));
    }
  } finally {
    await lfu.close();
  }
  // Switching policy at runtime (CONFIG SET), and integer sharing under maxmemory + LRU.
  await flush();
  await same([
    ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu'], ['SET', 'k', 'v'], ['OBJECT', 'FREQ', 'k'], ['GET', 'k'], ['OBJECT', 'FREQ', 'k'],
    ['OBJECT', 'IDLETIME', 'k'], ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'], ['OBJECT', 'FREQ', 'k'],
    ['CONFIG', 'SET', 'maxmemory', '100mb'], ['SET', 'z2', '2'], ['OBJECT', 'REFCOUNT', 'z2'], ['OBJECT', 'ENCODING', 'z2'],
    ['CONFIG', 'SET', 'maxmemory', '0'], ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
  ]);
  // Default policy (noeviction): IDLETIME is tracked; a key untouched for 2s reads >= 1.
  // Both servers count whole seconds of an LRU clock, so 2.1 s can read as 3 (and more on
  // a loaded machine): the upper bound is the elapsed time rounded up, plus one.
  await flush();
  const t0 = Date.now();
  await pair.both('SET', 'idle', 'v');
  await new Promise((r) => setTimeout(r, 2100));
  const [x, y] = await pair.both('OBJECT', 'IDLETIME', 'idle');
  const most = Math.ceil((Date.now() - t0) / 1000) + 1;
  for (const r of [x, y]) {
    assert.match(r, /^:\d+\r\n$/);
    const idle = Number(r.slice(1, -2));
    assert.ok(idle >= 1 && idle <= most, `IDLETIME ${idle} after ${Date.now() - t0} ms`);
  }
  // OBJECT does not touch the key; GET does.
  await pair.both('GET', 'idle');
  const [x2, y2] = await pair.both('OBJECT', 'IDLETIME', 'idle');
  assert.equal(x2, ':0\r\n');
  assert.equal(y2, ':0\r\n');
});

oracle.test('DUMP payloads are byte-identical to Redis (ints, raw, LZF, binary)', async (pair) => {
  await flush();
  const values = [
    '0', '1', '-1', '127', '128', '-128', '-129', '32767', '32768', '-32768', '-32769', '2147483647', '2147483648', '-2147483648', '-2147483649',
    '12345678901', '-1234567890', '007', '-0', '+1', '', 'a', 'x'.repeat(20), 'x'.repeat(21), 'abc'.repeat(30), 'hello world '.repeat(50),
    '\x00\x01\x02\xff'.repeat(40), 'a'.repeat(100000), Array.from({ length: 3000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join(''),
    'The quick brown fox jumps over the lazy dog. '.repeat(200),
  ];
  for (let i = 0; i < values.length; i++) {
    await pair.both('SET', `v${i}`, values[i]!);
    const [x, y] = await pair.both('DUMP', `v${i}`);
    assert.equal(x, y, `DUMP of ${JSON.stringify(values[i]!.slice(0, 40))} (len ${values[i]!.length})`);
  }
  // rdbcompression no: long strings are stored raw.
  await same([['CONFIG', 'SET', 'rdbcompression', 'no'], ['DUMP', 'v24'], ['DUMP', 'v27'], ['CONFIG', 'SET', 'rdbcompression', 'yes'], ['DUMP', 'v24']]);
  await same([['DUMP', 'nope']]);
  await pair.both('HELLO', '3');
  await same([['DUMP', 'nope'], ['DUMP', 'v1']]);
  await pair.both('HELLO', '2');
});

oracle.test('RESTORE: payloads from Redis, options, errors', async (pair) => {
  await flush();
  const values = ['5', '-40000', '2147483647', 'plain', 'x'.repeat(500), 'abcabcabcabcabcabcabcabcabcabc'.repeat(20), '\x00\xff\r\n'];
  for (let i = 0; i < values.length; i++) {
    await pair.b.call('SET', `src${i}`, values[i]!);
    const payload = Buffer.from(bulks('*1\r\n' + (await pair.b.call('DUMP', `src${i}`)))[0]!, 'latin1');
    await same([
      ['RESTORE', `dst${i}`, '0', payload], ['GET', `dst${i}`], ['OBJECT', 'ENCODING', `dst${i}`], ['TTL', `dst${i}`],
      ['RESTORE', `dst${i}`, '0', payload], ['RESTORE', `dst${i}`, '0', payload, 'REPLACE'],
      ['RESTORE', `ttl${i}`, '100000', payload], ['TTL', `ttl${i}`],
      ['RESTORE', `abs${i}`, '4102444800000', payload, 'ABSTTL'], ['PEXPIRETIME', `abs${i}`],
      ['RESTORE', `past${i}`, '1', payload, 'ABSTTL'], ['EXISTS', `past${i}`],
      ['RESTORE', `dst${i}`, '1', payload, 'ABSTTL', 'REPLACE'], ['EXISTS', `dst${i}`],
    ], `value ${i}`);
  }
  const good = Buffer.from(bulks('*1\r\n' + (await pair.b.call('DUMP', 'src3')))[0]!, 'latin1');
  const badCrc = Buffer.from(good);
  badCrc.writeUInt8(badCrc.readUInt8(badCrc.length - 1) ^ 1, badCrc.length - 1);
  const newer = Buffer.from(good);
  newer[newer.length - 10] = 11;
  const badBody = Buffer.from(good);
  badBody[1] = 0x3f; // declares 63 bytes that are not there
  await same([
    ['RESTORE', 'e1', '0', badCrc], ['RESTORE', 'e2', '0', newer], ['RESTORE', 'e3', '0', 'short'], ['RESTORE', 'e4', '0', ''],
    ['RESTORE', 'e5', '-1', good], ['RESTORE', 'e6', 'x', good], ['RESTORE', 'e7', '0', good, 'FOO'],
    ['RESTORE', 'e8', '0', good, 'IDLETIME'], ['RESTORE', 'e9', '0', good, 'IDLETIME', '-1'], ['RESTORE', 'e10', '0', good, 'IDLETIME', 'x'],
    ['RESTORE', 'e11', '0', good, 'FREQ', '5'], ['OBJECT', 'FREQ', 'e11'], ['RESTORE', 'e12', '0', good, 'FREQ', '300'],
    ['RESTORE', 'e13', '0', good, 'FREQ', '5', 'IDLETIME', '3'], ['RESTORE', 'e14', '0', good, 'IDLETIME', '100'], ['OBJECT', 'IDLETIME', 'e14'],
    ['SET', 'busy', 'v'], ['RESTORE', 'busy', 'x', good], ['RESTORE', 'busy', '-1', good, 'REPLACE'],
    ['RESTORE', 'e15'], ['RESTORE', 'e15', '0'],
  ]);
  // DUMP from tsredis restores in Redis and the reverse, for compressible data too.
  const big = 'compress me please '.repeat(100);
  await pair.a.call('SET', 'big', big);
  const mine = Buffer.from(bulks('*1\r\n' + (await pair.a.call('DUMP', 'big')))[0]!, 'latin1');
  assert.equal(await pair.b.call('RESTORE', 'fromts', '0', mine), '+OK\r\n');
  assert.equal(await pair.b.call('GET', 'fromts'), `$${big.length}\r\n${big}\r\n`);
});

test('propagation: relative expiry as PEXPIREAT, past expiry as DEL, RESTORE as ABSTTL', async () => {
  const srv = await startTsredis();
  const seen: string[][] = [];
  srv.server.propagateHooks.push((_db, argv) => seen.push([...argv]));
  const c = await RawClient.connect(srv.port);
  try {
    await c.call('SET', 'k', 'v');
    seen.length = 0;
    await c.call('EXPIRE', 'k', '100', 'NX');
    assert.equal(seen.length, 1);
    assert.equal(seen[0]![0], 'PEXPIREAT');
    assert.equal(seen[0]![3], 'NX');
    const at = Number(seen[0]![2]);
    assert.ok(Math.abs(at - (Date.now() + 100000)) < 5000, `PEXPIREAT ${at}`);
    seen.length = 0;
    await c.call('PEXPIREAT', 'k', '4102444800000');
    assert.deepEqual(seen, [['PEXPIREAT', 'k', '4102444800000']]);
    seen.length = 0;
    await c.call('EXPIREAT', 'k', '4102444800');
    assert.deepEqual(seen, [['PEXPIREAT', 'k', '4102444800000']]);
    seen.length = 0;
    await c.call('EXPIRE', 'k', '100', 'GT'); // not greater: no change, no propagation
    assert.deepEqual(seen, []);
    await c.call('EXPIRE', 'k', '-1');
    assert.deepEqual(seen, [['DEL', 'k']]);
    seen.length = 0;
    await c.call('EXPIRE', 'nope', '10');
    assert.deepEqual(seen, []);
    await c.call('SET', 'src', 'v');
    const dump = await c.call('DUMP', 'src');
    const payload = Buffer.from(bulks('*1\r\n' + dump)[0]!, 'latin1');
    seen.length = 0;
    await c.call('RESTORE', 'r', '5000', payload);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]![0], 'RESTORE');
    assert.equal(seen[0]![4], 'ABSTTL');
    assert.ok(Math.abs(Number(seen[0]![2]) - (Date.now() + 5000)) < 5000);
    seen.length = 0;
    await c.call('RENAME', 'r', 'r2');
    assert.deepEqual(seen, [['RENAME', 'r', 'r2']]);
  } finally {
    c.close();
    await srv.close();
  }
});

test('keyspace hit/miss counters follow Redis for lookups without touch', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  await withServers({}, [], async (ts, redis) => {
    const a = await RawClient.connect(ts.port);
    const b = await RawClient.connect(redis.port);
    const stats = async (c: RawClient): Promise<string> => {
      const info = await c.call('INFO', 'stats');
      return (info.match(/keyspace_(hits|misses):\d+/g) ?? []).join(',');
    };
    for (const cmd of [['SET', 'a', '1'], ['EXISTS', 'a', 'b'], ['TYPE', 'a'], ['TTL', 'b'], ['OBJECT', 'ENCODING', 'a'], ['TOUCH', 'a', 'c'], ['EXPIRE', 'a', '100'], ['RENAME', 'a', 'd'], ['COPY', 'd', 'e'], ['COPY', 'x', 'y'], ['SCAN', '0', 'TYPE', 'string'], ['DUMP', 'd'], ['RANDOMKEY'], ['MOVE', 'd', '1'], ['PERSIST', 'e'], ['RESTORE', 'e', '0', 'x'], ['DEL', 'e']]) {
      await a.call(...cmd);
      await b.call(...cmd);
      const sa = await stats(a);
      assert.notEqual(sa, '');
      assert.equal(sa, await stats(b), cmd.join(' '));
    }
    a.close();
    b.close();
  });
});

oracle.test('seeded random command sequences agree with Redis', async (pair) => {
  await flush();
  let seed = 987654321;
  const rnd = (n: number): number => {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x297a2d39) >>> 0;
    return seed % n;
  };
  const pick = <T>(a: readonly T[]): T => a[rnd(a.length)]!;
  const keys = ['a', 'b', 'c', 'd', '', '\xff'];
  const flags = [[], ['NX'], ['XX'], ['GT'], ['LT'], ['NX', 'XX'], ['GT', 'LT'], ['XX', 'GT'], ['xx', 'lt']];
  const secs = ['100', '1000', '-1', '0', 'abc', '9223372036854775807', '4102444800', '4102444900'];
  const relFlags = [[], ['NX'], ['XX'], ['NX', 'XX'], ['GT', 'LT'], ['FOO']];
  const gens: (() => string[])[] = [
    () => ['SET', pick(keys), pick(['1', 'v', 'x'.repeat(50), '-7'])],
    () => ['DEL', pick(keys), pick(keys)],
    () => ['UNLINK', pick(keys)],
    () => ['EXISTS', pick(keys), pick(keys), pick(keys)],
    () => ['TYPE', pick(keys)],
    () => ['RENAME', pick(keys), pick(keys)],
    () => ['RENAMENX', pick(keys), pick(keys)],
    () => ['COPY', pick(keys), pick(keys), ...pick([[], ['REPLACE'], ['DB', '1'], ['DB', '1', 'REPLACE'], ['DB', '0']])],
    () => ['MOVE', pick(keys), pick(['0', '1', '2'])],
    () => ['SELECT', pick(['0', '1'])],
    // GT/LT with relative times depend on the exact ms each server runs at: absolute only.
    () => ['EXPIREAT', pick(keys), pick(secs), ...pick(flags)],
    () => ['PEXPIREAT', pick(keys), pick(['-5', '4102444800000', '4102444800001', '1']), ...pick(flags)],
    () => [pick(['EXPIRE', 'PEXPIRE']), pick(keys), pick(['100000', '1000000', '-5', '0', 'x']), ...pick(relFlags)],
    () => ['TTL', pick(keys)],
    () => [pick(['EXPIRETIME', 'PEXPIRETIME']), pick(keys)],
    () => ['PERSIST', pick(keys)],
    () => ['TOUCH', pick(keys), pick(keys)],
    () => ['OBJECT', pick(['ENCODING', 'REFCOUNT']), pick(keys)],
    () => ['GET', pick(keys)],
    () => ['DBSIZE'],
  ];
  const log: string[] = [];
  for (let i = 0; i < 1500; i++) {
    const cmd = pick(gens)();
    log.push(cmd.join(' '));
    const [x, y] = await pair.both(...cmd);
    const why = `step ${i}: ${JSON.stringify(cmd)}\nlast commands:\n${log.slice(-15).join('\n')}`;
    // TTL-family replies depend on the ms each server ran at (rounding of seconds, relative
    // expiries): integers within a tolerance; everything else byte for byte.
    const tol = cmd[0] === 'TTL' || cmd[0] === 'EXPIRETIME' ? 1 : cmd[0] === 'PEXPIRETIME' ? 1000 : 0;
    if (tol > 0 && x.startsWith(':') && y.startsWith(':')) {
      assert.ok(Math.abs(parseInt(x.slice(1), 10) - parseInt(y.slice(1), 10)) <= tol, `${why}\n${x} vs ${y}`);
    } else {
      assert.equal(x, y, why);
    }
  }
  const [ka, kb] = await pair.both('KEYS', '*');
  assert.deepEqual(bulks(ka).sort(), bulks(kb).sort());
});

oracle.test('keyspace events (generic and expired classes) and the dirty counter follow Redis', async (pair) => {
  await flush();
  await pair.b.call('SET', 'src', 'payload value');
  const payload = Buffer.from(bulks('*1\r\n' + (await pair.b.call('DUMP', 'src')))[0]!, 'latin1');
  const cmds: (string | Buffer)[][] = [
    ['SET', 'a', '1'], ['SET', 'b', '2'], ['DEL', 'a', 'b', 'nokey'], ['SET', 'a', '1'], ['UNLINK', 'a', 'a'],
    ['SET', 'a', '1'], ['RENAME', 'a', 'b'], ['RENAME', 'b', 'b'], ['RENAMENX', 'b', 'b'], ['RENAMENX', 'b', 'c'], ['SET', 'x', 'y'], ['RENAMENX', 'x', 'c'],
    ['COPY', 'c', 'd'], ['COPY', 'c', 'd'], ['COPY', 'c', 'd', 'REPLACE'], ['COPY', 'c', 'd', 'DB', '1'], ['MOVE', 'd', '1'], ['MOVE', 'c', '2'],
    ['SELECT', '2'], ['EXPIRE', 'c', '100'], ['PEXPIRE', 'c', '100000', 'NX'], ['PERSIST', 'c'], ['PERSIST', 'c'], ['EXPIRE', 'c', '-1'], ['SELECT', '0'],
    ['EXPIRE', 'nokey', '10'], ['TOUCH', 'x', 'nokey'], ['EXISTS', 'x'], ['TYPE', 'x'], ['TTL', 'x'],
    ['RESTORE', 'f', '0', payload], ['RESTORE', 'f', '0', payload, 'REPLACE'], ['RESTORE', 'g', '1', payload, 'ABSTTL'],
    ['RESTORE', 'f', '1', payload, 'ABSTTL', 'REPLACE'], ['RESTORE', 'f', '100000', payload], ['EXPIREAT', 'f', '1'],
    ['SET', 'e', 'v'], ['PEXPIRE', 'e', '1'], ['SLEEP'], ['GET', 'e'], ['SET', 'e2', 'v'], ['PEXPIRE', 'e2', '1'], ['SLEEP'], ['EXISTS', 'e2'],
  ];
  const server = pair.ts.server;
  const orig = server.notifyKeyspaceEvent;
  const tsEvents: string[] = [];
  server.notifyKeyspaceEvent = (type: string, event: string, key: string, dbIndex: number): void => {
    if (type === 'g' || type === 'x') tsEvents.push(`${dbIndex} ${event} ${key}`);
  };
  const sub = await RawClient.connect(pair.redis.port);
  try {
    await pair.both('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
    await pair.b.call('CONFIG', 'SET', 'notify-keyspace-events', 'Egx');
    await sub.call('PSUBSCRIBE', '__keyevent@*__:*');
    const dirty = async (): Promise<[string, string]> => {
      const [x, y] = await pair.both('INFO', 'persistence');
      const pick = (s: string): string => /rdb_changes_since_last_save:(\d+)/.exec(s)?.[1] ?? '?';
      return [pick(x), pick(y)];
    };
    let [d0a, d0b] = await dirty();
    for (const cmd of cmds) {
      if (cmd[0] === 'SLEEP') {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      const [x, y] = await pair.both(...cmd);
      assert.equal(x, y, cmd.map(String).join(' '));
      const [da, db] = await dirty();
      assert.equal(Number(da) - Number(d0a), Number(db) - Number(d0b), `dirty delta after ${cmd.map(String).join(' ')}`);
      [d0a, d0b] = [da, db];
    }
    sub.write('*1\r\n$4\r\nPING\r\n');
    const want: string[] = [];
    for (;;) {
      const r = await sub.readReply();
      if (r.startsWith('*2\r\n$4\r\npong')) break;
      const parts = r.split('\r\n');
      const m = /^__keyevent@(\d+)__:(.*)$/.exec(parts[6]!)!;
      want.push(`${m[1]} ${m[2]} ${parts[8]}`);
    }
    assert.deepEqual(tsEvents, want);
  } finally {
    server.notifyKeyspaceEvent = orig;
    await pair.both('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
    await pair.b.call('CONFIG', 'SET', 'notify-keyspace-events', '');
    sub.close();
  }
});
