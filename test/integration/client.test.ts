// CLIENT subcommands against the oracle: error texts, CLIENT LIST/INFO format (Redis
// 7.0.15 fields and order), KILL filters, REPLY modes, PAUSE, and the deliberate SETINFO
// difference (implemented as Redis 7.2 does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawClient, NO_REDIS_MESSAGE, sharedPair, assertSameReplies, bulkText } from '../helpers.js';

const oracle = sharedPair({ standalone: {} });

/** Parse one CLIENT LIST line into ordered [field, value] pairs. */
function parseLine(line: string): [string, string][] {
  return line.split(' ').map((kv) => {
    const i = kv.indexOf('=');
    return [kv.slice(0, i), kv.slice(i + 1)] as [string, string];
  });
}

oracle.test('CLIENT errors and simple replies match the oracle', async (pair) => {
  await assertSameReplies(pair, [
    ['CLIENT'],
    ['CLIENT', 'HELP'],
    ['CLIENT', 'help', 'x'],
    ['CLIENT', 'NOSUCH'],
    ['CLIENT', 'NO-TOUCH', 'on'],
    ['CLIENT', 'GETNAME'],
    ['CLIENT', 'SETNAME', 'a', 'b'],
    ['CLIENT', 'SETNAME', 'has space'],
    ['CLIENT', 'SETNAME', 'new\nline'],
    ['CLIENT', 'SETNAME', 'myname'],
    ['CLIENT', 'GETNAME'],
    ['CLIENT', 'SETNAME', ''],
    ['CLIENT', 'GETNAME'],
    ['CLIENT', 'REPLY', 'foo'],
    ['CLIENT', 'NO-EVICT', 'foo'],
    ['CLIENT', 'NO-EVICT', 'on'],
    ['CLIENT', 'NO-EVICT', 'OFF'],
    ['CLIENT', 'PAUSE', 'x'],
    ['CLIENT', 'PAUSE', '-1'],
    ['CLIENT', 'PAUSE', '10', 'foo'],
    ['CLIENT', 'PAUSE', '10', 'WRITE', 'extra'],
    ['client', 'pause', '10', 'write', 'extra'],
    ['CLIENT', 'UNPAUSE'],
    ['CLIENT', 'CACHING', 'yes'],
    ['CLIENT', 'CACHING', 'foo'],
    ['CLIENT', 'GETREDIR'],
    ['CLIENT', 'TRACKINGINFO'],
    ['CLIENT', 'TRACKING', 'off'],
    ['CLIENT', 'TRACKING', 'foo'],
    ['CLIENT', 'TRACKING', 'off', 'foo'],
    ['CLIENT', 'TRACKING', 'off', 'redirect', '99999'],
    ['CLIENT', 'UNBLOCK', '1'],
    ['CLIENT', 'UNBLOCK', 'x'],
    ['CLIENT', 'UNBLOCK', '1', 'foo'],
    ['CLIENT', 'UNBLOCK', '1', 'error'],
    ['CLIENT', 'UNBLOCK', '1', 'timeout', 'x'],
    ['CLIENT', 'UNBLOCK', 'x', 'foo'],
    ['CLIENT', 'UNBLOCK', 'x', 'foo', 'bar'],
    ['CLIENT', 'KILL', '1.2.3.4:5'],
    ['CLIENT', 'KILL', 'id', '999999'],
    ['CLIENT', 'KILL', 'id', 'x'],
    ['CLIENT', 'KILL', 'id', '0'],
    ['CLIENT', 'KILL', 'foo', 'bar'],
    ['CLIENT', 'KILL', 'type', 'foo'],
    ['CLIENT', 'KILL', 'skipme', 'foo'],
    ['CLIENT', 'KILL', 'user', 'nobody'],
    ['CLIENT', 'KILL', 'maxage', '1'],
    ['CLIENT', 'KILL', 'id', '5', 'type'],
    ['CLIENT', 'KILL', 'ADDR', '1.1.1.1:1'],
    ['CLIENT', 'KILL', 'laddr', '1.1.1.1:1', 'skipme', 'no'],
    ['CLIENT', 'KILL', 'type', 'pubsub'],
    ['CLIENT', 'KILL', 'type', 'master'],
    ['CLIENT', 'LIST', 'foo'],
    ['CLIENT', 'LIST', 'TYPE', 'foo'],
    ['CLIENT', 'LIST', 'TYPE', 'pubsub'],
    ['CLIENT', 'LIST', 'TYPE', 'replica'],
    ['CLIENT', 'LIST', 'TYPE', 'slave'],
    ['CLIENT', 'LIST', 'TYPE', 'master'],
    ['CLIENT', 'LIST', 'TYPE', 'normal', 'ID', '1'],
    ['CLIENT', 'LIST', 'ID', 'x'],
    ['CLIENT', 'LIST', 'ID', '999999', '-1', '0'],
    ['CLIENT', 'INFO', 'x'],
  ]);
  await pair.both('HELLO', '3');
  await assertSameReplies(pair, [['CLIENT', 'TRACKINGINFO'], ['CLIENT', 'GETNAME'], ['CLIENT', 'LIST', 'TYPE', 'pubsub'], ['CLIENT', 'LIST', 'ID', '999999']]);
  await pair.both('HELLO', '2');
});

oracle.test('CLIENT LIST and CLIENT INFO print the fields of Redis 7.0.15 in its order', async (pair) => {
  await pair.both('CLIENT', 'SETNAME', 'lister');
  await pair.both('SELECT', '2');
  for (const cmd of [['CLIENT', 'INFO'], ['CLIENT', 'LIST'], ['CLIENT', 'LIST', 'TYPE', 'normal']]) {
    const [a, b] = await pair.both(...cmd);
    assert.ok(bulkText(a).endsWith('\n'));
    const la = parseLine(bulkText(a).split('\n')[0]!);
    const lb = parseLine(bulkText(b).split('\n')[0]!);
    assert.deepEqual(la.map((x) => x[0]), lb.map((x) => x[0]), `field names of ${cmd.join(' ')}`);
    const pick = (l: [string, string][]): Record<string, string> => {
      const m = Object.fromEntries(l);
      return { name: m['name']!, flags: m['flags']!, db: m['db']!, sub: m['sub']!, psub: m['psub']!, ssub: m['ssub']!, multi: m['multi']!, cmd: m['cmd']!, user: m['user']!, redir: m['redir']!, resp: m['resp']! };
    };
    assert.deepEqual(pick(la), pick(lb), cmd.join(' '));
    // age and idle are whole seconds: the two connections were not opened (nor last used)
    // at the same instant, so a second boundary may fall between them.
    const seconds = (l: [string, string][], f: string): number => Number(Object.fromEntries(l)[f]);
    for (const f of ['age', 'idle']) {
      assert.match(Object.fromEntries(la)[f]!, /^\d+$/, `${f} of ${cmd.join(' ')}`);
      assert.ok(Math.abs(seconds(la, f) - seconds(lb, f)) <= 1, `${f} of ${cmd.join(' ')}: ${seconds(la, f)} vs ${seconds(lb, f)}`);
    }
  }
  await pair.both('HELLO', '3');
  const [a, b] = await pair.both('CLIENT', 'INFO');
  assert.match(a, /^=\d+\r\ntxt:id=/);
  assert.match(b, /^=\d+\r\ntxt:id=/);
  assert.ok(a.includes(' resp=3\n'));
  await pair.both('HELLO', '2');
  await pair.both('SELECT', '0');
});

test('CLIENT LIST ID, flags and addresses', async () => {
  const a = await RawClient.connect(oracle.ts.port);
  const b = await RawClient.connect(oracle.ts.port);
  try {
    const idA = Number(/^:(\d+)/.exec(await a.call('CLIENT', 'ID'))![1]);
    const idB = Number(/^:(\d+)/.exec(await b.call('CLIENT', 'ID'))![1]);
    await b.call('CLIENT', 'NO-EVICT', 'on');
    const list = bulkText(await a.call('CLIENT', 'LIST', 'ID', String(idB), String(idA)));
    const lines = list.trimEnd().split('\n').map((l) => Object.fromEntries(parseLine(l)));
    assert.deepEqual(lines.map((l) => Number(l['id'])), [idB, idA]);
    assert.equal(lines[0]!['flags'], 'e');
    assert.equal(lines[0]!['cmd'], 'client|no-evict');
    assert.equal(lines[1]!['flags'], 'N');
    assert.equal(lines[1]!['cmd'], 'client|list');
    assert.match(lines[1]!['addr']!, /^127\.0\.0\.1:\d+$/);
    assert.equal(lines[1]!['laddr'], `127.0.0.1:${oracle.ts.port}`);
    const info = bulkText(await b.call('CLIENT', 'INFO'));
    assert.equal(Object.fromEntries(parseLine(info.trimEnd()))['id'], String(idB));
  } finally {
    a.close();
    b.close();
  }
});

test('CLIENT KILL by id, by address (old form), and SKIPME', async () => {
  const a = await RawClient.connect(oracle.ts.port);
  const b = await RawClient.connect(oracle.ts.port);
  const c = await RawClient.connect(oracle.ts.port);
  try {
    const idB = /^:(\d+)/.exec(await b.call('CLIENT', 'ID'))![1]!;
    assert.equal(await a.call('CLIENT', 'KILL', 'ID', idB), ':1\r\n');
    await b.waitClose();
    const addrC = Object.fromEntries(parseLine(bulkText(await c.call('CLIENT', 'INFO')).trimEnd()))['addr']!;
    assert.equal(await a.call('CLIENT', 'KILL', addrC), '+OK\r\n');
    await c.waitClose();
    // SKIPME yes (default) spares the caller; SKIPME no kills it after the reply.
    const idA = /^:(\d+)/.exec(await a.call('CLIENT', 'ID'))![1]!;
    assert.equal(await a.call('CLIENT', 'KILL', 'ID', idA), ':0\r\n');
    assert.equal(await a.call('CLIENT', 'KILL', 'ID', idA, 'SKIPME', 'no'), ':1\r\n');
    await a.waitClose();
  } finally {
    a.close();
    b.close();
    c.close();
  }
});

oracle.test('CLIENT REPLY OFF / SKIP / ON match the oracle', async (pair) => {
  for (const client of [pair.a, pair.b]) {
    client.write('*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$4\r\nSKIP\r\n*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$1\r\na\r\n');
    client.write('*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$3\r\nOFF\r\n*1\r\n$4\r\nPING\r\n*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$4\r\nSKIP\r\n');
    client.write('*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$2\r\nON\r\n*2\r\n$4\r\nECHO\r\n$1\r\nb\r\n');
  }
  const ra = [await pair.a.readReply(), await pair.a.readReply(), await pair.a.readReply()];
  const rb = [await pair.b.readReply(), await pair.b.readReply(), await pair.b.readReply()];
  assert.deepEqual(ra, rb);
  assert.deepEqual(ra, ['$1\r\na\r\n', '+OK\r\n', '$1\r\nb\r\n']);
});

test('CLIENT PAUSE WRITE holds writes but not reads; UNPAUSE releases them', async () => {
  const admin = await RawClient.connect(oracle.ts.port);
  const w = await RawClient.connect(oracle.ts.port);
  try {
    assert.equal(await admin.call('CLIENT', 'PAUSE', '20000', 'WRITE'), '+OK\r\n');
    assert.equal(await w.call('GET', 'paused-key'), '$-1\r\n');
    w.write('*3\r\n$3\r\nSET\r\n$10\r\npaused-key\r\n$1\r\nv\r\n');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(w.pending(), '', 'the write waits while paused');
    // As Redis: the held client is listed as blocked, on the command it sent.
    const line = bulkText(await admin.call('CLIENT', 'LIST')).split('\n').map((l) => Object.fromEntries(parseLine(l))).find((l) => l['cmd'] === 'set');
    assert.equal(line?.['flags'], 'b');
    assert.equal(line?.['argv-mem'], '14');
    assert.match(await admin.call('INFO', 'clients'), /\r\nblocked_clients:1\r\n/);
    assert.equal(await admin.call('CLIENT', 'UNPAUSE'), '+OK\r\n');
    assert.equal(await w.readReply(), '+OK\r\n');
    assert.equal(await w.call('GET', 'paused-key'), '$1\r\nv\r\n');
  } finally {
    admin.close();
    w.close();
  }
});

test('CLIENT SETINFO: implemented as Redis 7.2 (7.0.15 does not have it)', async (t) => {
  const c = await RawClient.connect(oracle.ts.port);
  try {
    assert.equal(await c.call('CLIENT', 'SETINFO', 'LIB-NAME', 'node-redis'), '+OK\r\n');
    assert.equal(await c.call('CLIENT', 'SETINFO', 'lib-ver', '6.3.1'), '+OK\r\n');
    assert.equal(await c.call('CLIENT', 'SETINFO', 'lib-name', 'has space'), '-ERR lib-name cannot contain spaces, newlines or special characters.\r\n');
    assert.equal(await c.call('CLIENT', 'SETINFO', 'LIB-VER', 'a\nb'), '-ERR LIB-VER cannot contain spaces, newlines or special characters.\r\n');
    assert.equal(await c.call('CLIENT', 'SETINFO', 'foo', 'x'), "-ERR Unrecognized option 'foo'\r\n");
    assert.equal(await c.call('CLIENT', 'SETINFO', 'lib-name'), "-ERR wrong number of arguments for 'client|setinfo' command\r\n");
    const srv = oracle.ts.server;
    const me = [...srv.clients.values()].find((x) => x.libName === 'node-redis');
    assert.equal(me?.libVer, '6.3.1');
  } finally {
    c.close();
  }
  const pair = oracle.pair;
  if (!pair) return t.skip(NO_REDIS_MESSAGE);
  const [, b] = await pair.both('CLIENT', 'SETINFO', 'LIB-NAME', 'x');
  assert.equal(b, "-ERR unknown subcommand 'SETINFO'. Try CLIENT HELP.\r\n");
});
