// CONFIG GET/SET/RESETSTAT/REWRITE/HELP, differential against real Redis 7.0: every
// parameter's default, CONFIG SET error texts for bad values, multi-pair all-or-nothing
// semantics, RESP3 maps, and CONFIG REWRITE of a real config file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { Pair, RawClient, hasRedis, NO_REDIS_MESSAGE, freePort, spawnRedisServer, withServers, withTsredis, sharedPair } from '../helpers.js';
import { Server } from '../../src/server/server.js';
import { serverOptionsFromArgs } from '../../src/config/args.js';

/** Parse a RESP2 flat array of bulk strings (or a RESP3 map) into [name, value] pairs. */
function pairsOf(reply: string): [string, string][] {
  const lines = reply.split('\r\n');
  const head = lines[0]!;
  assert.ok(head.startsWith('*') || head.startsWith('%'), `not an array/map: ${reply.slice(0, 80)}`);
  const items: string[] = [];
  let i = 1;
  // Bulk strings in config values never contain CRLF, so line splitting is enough.
  while (i < lines.length - 1) {
    assert.ok(lines[i]!.startsWith('$'));
    items.push(lines[i + 1]!);
    i += 2;
  }
  const out: [string, string][] = [];
  for (let j = 0; j + 1 < items.length; j += 2) out.push([items[j]!, items[j + 1]!]);
  return out;
}

function asMap(reply: string): Map<string, string> {
  return new Map(pairsOf(reply));
}

// Parameters whose values legitimately differ between the two servers in these tests.
const DIFFERENT = new Set(['port', 'dir']);

// Same startup directives on both (the helper's oracle runs with these).
const oracle = sharedPair({ tsOptions: { save: '', bind: '127.0.0.1', loglevel: 'warning', 'enable-debug-command': 'yes' } });

oracle.test('CONFIG GET * reports every parameter with the oracle\'s default', async (pair) => {
  const [a, b] = await pair.both('CONFIG', 'GET', '*');
  const ts = asMap(a);
  const redis = asMap(b);
  const missing = [...redis.keys()].filter((k) => !ts.has(k));
  const extra = [...ts.keys()].filter((k) => !redis.has(k));
  assert.deepEqual(missing, [], 'parameters missing from tsredis');
  assert.deepEqual(extra, [], 'parameters tsredis has and Redis does not');
  const wrong: string[] = [];
  for (const [k, v] of redis) if (!DIFFERENT.has(k) && ts.get(k) !== v) wrong.push(`${k}: tsredis=${JSON.stringify(ts.get(k))} redis=${JSON.stringify(v)}`);
  assert.deepEqual(wrong, []);
});

oracle.test('CONFIG GET of hidden parameters, patterns, case and duplicates', async (pair) => {
  const exact = [
    ['CONFIG', 'GET', 'use-exit-on-panic'],
    ['CONFIG', 'GET', 'watchdog-period'],
    ['CONFIG', 'GET', 'rdb-key-save-delay'],
    ['CONFIG', 'GET', 'key-load-delay'],
    ['CONFIG', 'GET', 'loading-process-events-interval-bytes'],
    ['CONFIG', 'GET', 'HZ', 'hz'],
    ['CONFIG', 'GET', 'Maxmemory'],
    ['CONFIG', 'GET', 'nosuch'],
    ['CONFIG', 'GET', 'nosuch*'],
    ['CONFIG', 'GET', 'slaveof'],
  ];
  for (const cmd of exact) {
    const [a, b] = await pair.both(...cmd);
    assert.equal(a, b, cmd.join(' '));
  }
  const patterns = [
    ['CONFIG', 'GET', '*max-*-entries'],
    ['CONFIG', 'GET', 'MAXMEMORY*'],
    ['CONFIG', 'GET', 'maxmemory*', 'maxmemory', 'maxmemory-policy'],
    ['CONFIG', 'GET', '*slave*'],
    ['CONFIG', 'GET', 'tls-[cd]*'],
    ['CONFIG', 'GET', '?ort', 'p*'],
  ];
  for (const cmd of patterns) {
    const [a, b] = await pair.both(...cmd);
    const x = pairsOf(a).filter(([k]) => !DIFFERENT.has(k)).sort();
    const y = pairsOf(b).filter(([k]) => !DIFFERENT.has(k)).sort();
    assert.deepEqual(x, y, cmd.join(' '));
    assert.equal(pairsOf(a).length, pairsOf(b).length, cmd.join(' '));
  }
});

oracle.test('CONFIG GET replies with a map in RESP3', async (pair) => {
  await pair.both('HELLO', '3');
  try {
    for (const cmd of [['CONFIG', 'GET', 'maxmemory'], ['CONFIG', 'GET', 'nosuch'], ['CONFIG', 'GET', 'hz', 'timeout']]) {
      const [a, b] = await pair.both(...cmd);
      if (cmd.length === 4) assert.deepEqual(pairsOf(a).sort(), pairsOf(b).sort());
      else assert.equal(a, b, cmd.join(' '));
    }
    const [a, b] = await pair.both('CONFIG', 'GET', 'hz', 'timeout');
    assert.equal(a.slice(0, 4), b.slice(0, 4));
  } finally {
    await pair.both('HELLO', '2');
  }
});

// CONFIG SET probes: each reply and the value CONFIG GET reports afterwards must match.
const SET_PROBES: [string, string][] = [
  // memory values
  ['maxmemory', '1gb'], ['maxmemory', '1GB'], ['maxmemory', '100mb'], ['maxmemory', '5k'], ['maxmemory', '7b'],
  ['maxmemory', '01mb'], ['maxmemory', ''], ['maxmemory', 'kb'], ['maxmemory', '-1'], ['maxmemory', '1.5gb'],
  ['maxmemory', '+1'], ['maxmemory', ' 1'], ['maxmemory', '99999999999999999999999'], ['maxmemory', '99999999999999gb'],
  ['maxmemory', '18446744073709551615'], ['maxmemory', '0'], ['maxmemory', '1xb'],
  ['proto-max-bulk-len', '99999999999999999999'], ['proto-max-bulk-len', '1000'], ['proto-max-bulk-len', '2mb'], ['proto-max-bulk-len', '512mb'],
  ['hash-max-ziplist-value', '-1'], ['hash-max-listpack-value', '99999999999999999999'], ['hash-max-listpack-value', '128'],
  ['auto-aof-rewrite-min-size', '18446744073709551615'], ['client-query-buffer-limit', '1k'],
  ['cluster-link-sendbuf-limit', '1k'], ['active-defrag-ignore-bytes', '0'], ['repl-backlog-size', '0'],
  // percent
  ['maxmemory-clients', '101%'], ['maxmemory-clients', '50%'], ['maxmemory-clients', '0%'], ['maxmemory-clients', '-5'],
  ['maxmemory-clients', 'abc'], ['maxmemory-clients', '1%x'], ['maxmemory-clients', '%'], ['maxmemory-clients', '+5%'],
  ['maxmemory-clients', '10mb'], ['maxmemory-clients', '0'],
  // integers
  ['hash-max-ziplist-entries', '-1'], ['hash-max-ziplist-entries', 'abc'], ['hash-max-listpack-entries', '99'],
  ['maxclients', '0'], ['maxclients', '-1'], ['maxclients', '4294967296'], ['maxclients', '5000'],
  ['timeout', '99999999999'], ['timeout', '+1'], ['timeout', '01'], ['timeout', ' 1'], ['timeout', '-0'], ['timeout', '1.0'],
  ['timeout', ''], ['timeout', '0'], ['slowlog-log-slower-than', '-2'], ['slowlog-log-slower-than', '-1'],
  ['slowlog-max-len', '-1'], ['list-max-ziplist-size', '-9999999999'], ['list-max-listpack-size', '-5'],
  ['active-defrag-cycle-min', '100'], ['active-expire-effort', '11'], ['active-expire-effort', '0'],
  ['maxmemory-eviction-tenacity', '101'], ['tracking-table-max-keys', '-1'], ['lua-time-limit', '-1'],
  ['busy-reply-threshold', '9223372036854775808'], ['cluster-node-timeout', '9223372036854775807'],
  ['hz', '0'], ['hz', '100'], ['hz', '10'],
  // booleans
  ['activerehashing', 'YES'], ['activerehashing', '1'], ['activerehashing', ''], ['activerehashing', 'no'],
  ['activedefrag', 'yes'], ['activedefrag', 'no'], ['slave-read-only', 'no'], ['replica-read-only', 'yes'],
  ['replica-ignore-disk-write-errors', 'x'], ['lazyfree-lazy-user-flush', 'yes'],
  // enums
  ['loglevel', 'FOO'], ['loglevel', 'NOTICE'], ['loglevel', 'nothing'], ['loglevel', 'warning'],
  ['oom-score-adj', 'relative'], ['oom-score-adj', 'foo'], ['oom-score-adj', 'absolute'], ['oom-score-adj', 'no'],
  ['appendfsync', 'NO'], ['appendfsync', 'everysec'], ['maxmemory-policy', 'allkeys-lru'], ['maxmemory-policy', 'lru'],
  ['maxmemory-policy', 'noeviction'], ['propagation-error-behavior', 'x'], ['sanitize-dump-payload', 'clients'],
  ['acl-pubsub-default', 'allchannels'], ['repl-diskless-load', 'swapdb'], ['cluster-preferred-endpoint-type', 'hostname'],
  ['tls-auth-clients', 'optional'],
  ['shutdown-on-sigint', 'foo'], ['shutdown-on-sigint', 'save now'], ['shutdown-on-sigint', 'nosave force'],
  ['shutdown-on-sigint', 'default save'], ['shutdown-on-sigint', ''], ['shutdown-on-sigint', 'NOW save'],
  ['shutdown-on-sigterm', 'default'], ['shutdown-on-sigint', 'default'],
  // immutable / protected / unknown
  ['daemonize', 'no'], ['DAEMONIZE', 'yes'], ['databases', '4'], ['io-threads', '2'], ['socket-mark-id', 'x'],
  ['enable-debug-command', 'yes'], ['enable-protected-configs', 'yes'], ['replicaof', 'no one'], ['slaveof', 'localhost 1'],
  ['unixsocket', '/tmp/x'], ['aclfile', 'x'], ['appendfilename', 'x'], ['logfile', 'x'],
  ['dir', '/nonexistent'], ['dir', '/tmp'], ['dbfilename', 'a/b'], ['dbfilename', 'x.rdb'],
  ['foo', 'bar'], ['', 'x'],
  // special formats
  ['notify-keyspace-events', 'Q'], ['notify-keyspace-events', 'KEA'], ['notify-keyspace-events', 'gx$lshzetdKEmn'],
  ['notify-keyspace-events', 'A$'], ['notify-keyspace-events', 'mn'], ['notify-keyspace-events', 'ndtexzhsl$gEK'],
  ['notify-keyspace-events', 'AgK'], ['notify-keyspace-events', 'Ex'], ['notify-keyspace-events', ''],
  ['save', '5'], ['save', '5 x'], ['save', '0 1'], ['save', '+5 -0'], ['save', '5  1'], ['save', ' 7 1 '],
  ['save', '900 1 300 10'], ['save', '"6" "1"'], ['save', '10 99999999999'], ['save', ''],
  ['client-output-buffer-limit', 'normal 1 2'], ['client-output-buffer-limit', 'master 1 2 3'],
  ['client-output-buffer-limit', 'normal 1gb 2mb 3'], ['client-output-buffer-limit', 'normal 0 0 -1'],
  ['client-output-buffer-limit', 'replica 1mb 2mb 30 pubsub 1 2 3'], ['client-output-buffer-limit', 'NORMAL 0 0 0 slave 256mb 64mb 60 pubsub 32mb 8mb 60'],
  ['client-output-buffer-limit', ''], ['client-output-buffer-limit', 'normal x 0 0'],
  ['oom-score-adj-values', '1 2'], ['oom-score-adj-values', '1 2 3000'], ['oom-score-adj-values', '1 2 3'],
  ['oom-score-adj-values', '0 200 800'], ['oom-score-adj-values', '-2000 +5 x'],
  ['bind', '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17'],
  ['latency-tracking-info-percentiles', '50 99.5 100'], ['latency-tracking-info-percentiles', '101'],
  ['latency-tracking-info-percentiles', 'x'], ['latency-tracking-info-percentiles', '1e1 0.000001 33.3333333'],
  ['latency-tracking-info-percentiles', ''], ['latency-tracking-info-percentiles', '50 99 99.9'],
  // strings with validation
  ['proc-title-template', ''], ['proc-title-template', '{foo}'], ['proc-title-template', '{title'],
  ['proc-title-template', 'x}'], ['proc-title-template', '{{title}}'], ['proc-title-template', '{'],
  ['proc-title-template', '{title} {listen-addr} {server-mode} {port} {tls-port} {unixsocket} {config-file}'],
  ['proc-title-template', '{title}'], ['proc-title-template', '{server-mode}'], ['proc-title-template', '   '],
  ['proc-title-template', '{title} {port}'], ['proc-title-template', ' {unixsocket} '], ['proc-title-template', '{config-file}'],
  ['proc-title-template', '{title} {listen-addr} {server-mode}'],
  ['cluster-announce-hostname', 'a_b'], ['cluster-announce-hostname', 'a-b.c'], ['cluster-announce-hostname', ''],
  ['ignore-warnings', 'ARM64-COW-BUG'], ['bind-source-addr', '1.2.3.4'], ['masterauth', 'secret'], ['masterauth', ''],
  ['replica-announce-ip', '1.2.3.4'], ['slave-announce-ip', ''],
];

oracle.test('CONFIG SET replies and resulting values match the oracle', async (pair) => {
  for (const [name, value] of SET_PROBES) {
    const [a, b] = await pair.both('CONFIG', 'SET', name, value);
    assert.equal(a, b, `CONFIG SET ${name} ${JSON.stringify(value)}`);
    if (name !== '' && name !== 'dir') {
      const [x, y] = await pair.both('CONFIG', 'GET', name);
      assert.equal(x, y, `CONFIG GET ${name} after setting ${JSON.stringify(value)}`);
    }
  }
});

oracle.test('CONFIG SET with several pairs: all or nothing, first error wins', async (pair) => {
  const cmds: string[][] = [
    ['CONFIG', 'SET', 'maxmemory', '10mb', 'timeout', '5'],
    ['CONFIG', 'SET', 'maxmemory', '20mb', 'timeout', 'x'],
    ['CONFIG', 'SET', 'maxmemory', '30mb', 'hz', '20', 'loglevel', 'bad'],
    ['CONFIG', 'SET', 'Maxmemory', '1', 'maxmemory', '2'],
    ['CONFIG', 'SET', 'maxmemory', '1', 'lua-time-limit', '2', 'busy-reply-threshold', '3'],
    ['CONFIG', 'SET', 'maxmemory', 'foo', 'daemonize', 'yes'],
    ['CONFIG', 'SET', 'maxmemory', '1', 'foo', 'bar'],
    ['CONFIG', 'SET', 'daemonize', 'yes', 'foo', 'bar'],
    ['CONFIG', 'SET', 'foo', 'bar', 'daemonize', 'yes'],
    ['CONFIG', 'SET', 'maxmemory', '1', 'foo'],
    ['CONFIG', 'SET', 'a'],
    ['CONFIG', 'SET', 'save', '100 1', 'save', '200 2'],
    ['CONFIG', 'SET', 'hash-max-ziplist-entries', '5', 'hash-max-listpack-entries', '6'],
    ['CONFIG', 'SET', 'timeout', '7', 'dbfilename', 'x'],
    ['CONFIG', 'GET'],
    ['CONFIG'],
    ['CONFIG', 'FOO'],
    ['config', 'help'],
    ['CONFIG', 'HELP', 'x'],
    ['CONFIG', 'RESETSTAT', 'x'],
    ['CONFIG', 'REWRITE'],
  ];
  for (const cmd of cmds) {
    const [a, b] = await pair.both(...cmd);
    assert.equal(a, b, cmd.join(' '));
    for (const p of ['maxmemory', 'timeout', 'hz', 'loglevel', 'busy-reply-threshold', 'save', 'hash-max-listpack-entries']) {
      const [x, y] = await pair.both('CONFIG', 'GET', p);
      assert.equal(x, y, `${p} after ${cmd.join(' ')}`);
    }
  }
  await pair.both('CONFIG', 'SET', 'maxmemory', '0', 'timeout', '0', 'hz', '10');
});

oracle.test('CONFIG RESETSTAT zeroes INFO counters and commandstats', async (pair) => {
  await pair.both('SET', 'k', 'v');
  await pair.both('GET', 'k');
  await pair.both('GET', 'nokey');
  await pair.both('INCR', 'k');
  const [a, b] = await pair.both('CONFIG', 'RESETSTAT');
  assert.equal(a, b);
  const info = pair.ts.server.stats;
  assert.equal(info.keyspaceHits, 0);
  assert.equal(info.keyspaceMisses, 0);
  assert.equal(info.totalErrorReplies, 0);
  assert.equal(info.errorStats.size, 0);
  assert.equal(pair.ts.server.table.lookup('get')!.stats.calls, 0);
  await pair.both('DEL', 'k');
});

test('enable-protected-configs yes lets CONFIG SET change dir and dbfilename', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const p = await Pair.start({ save: '', 'enable-protected-configs': 'yes' }, ['--enable-protected-configs', 'yes']);
  try {
    for (const [name, value] of [['dir', '/nonexistent'], ['dir', '/etc/passwd'], ['dir', '/tmp'], ['dbfilename', 'a/b'], ['dbfilename', 'x.rdb']] as const) {
      const [a, b] = await p.both('CONFIG', 'SET', name, value);
      assert.equal(a, b, `${name} ${value}`);
      const [x, y] = await p.both('CONFIG', 'GET', name);
      assert.equal(x, y, `${name} after ${value}`);
    }
  } finally {
    await p.close();
  }
});

test('CONFIG SET applies: timeout, maxclients, requirepass take effect', async () => {
  await withTsredis({}, async (srv) => {
    const c = await RawClient.connect(srv.port);
    assert.equal(await c.call('CONFIG', 'SET', 'hz', '50', 'maxclients', '123', 'timeout', '9'), '+OK\r\n');
    assert.equal(srv.server.maxClients, 123);
    assert.equal(srv.server.idleTimeout, 9);
    assert.equal(srv.server.hz, 50);
    assert.equal(await c.call('CONFIG', 'SET', 'requirepass', 'pw'), '+OK\r\n');
    const d = await RawClient.connect(srv.port);
    assert.equal(await d.call('GET', 'x'), '-NOAUTH Authentication required.\r\n');
    d.close();
    assert.equal(await c.call('CONFIG', 'SET', 'requirepass', ''), '+OK\r\n');
    c.close();
  });
});

test('config file + command line load to the same values as redis-server', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const dir = mkdtempSync(path.join(tmpdir(), 'tsredis-load-'));
  try {
    writeFileSync(path.join(dir, 'inc.conf'), 'hz 1000\nsave 10 1\n');
    writeFileSync(
      path.join(dir, 'a.conf'),
      [
        'save 900 1',
        '  save 300 10  ',
        'maxmemory 1gb',
        'notify-keyspace-events "KEA"',
        'client-output-buffer-limit replica 1mb 2mb 3',
        'slave-read-only no',
        "requirepass 'it\\'s'",
        `include ${path.join(dir, 'inc.conf')}`,
        'latency-tracking-info-percentiles 10 20.5',
        'list-max-ziplist-entries 9',
        'shutdown-on-sigint nosave now',
        'bind 127.0.0.1',
        '',
      ].join('\r\n'),
    );
    writeFileSync(path.join(dir, 'inc2.conf'), 'hz 11\n');
    writeFileSync(path.join(dir, 'b.conf'), `save 5 5\ninclude ${path.join(dir, 'inc2.conf')}\nsave 1 1\nsave 2 2\n`);
    const cases: string[][] = [
      [path.join(dir, 'b.conf')],
      [path.join(dir, 'b.conf'), '--save', '3', '3'],
      [path.join(dir, 'a.conf'), '--save', '', '--timeout', '5'],
      ['--save', '60', '1', '--save', '30', '2', '--maxmemory-policy', 'ALLKEYS-LRU', '--oom-score-adj-values', '1', '2', '3', '--shutdown-on-sigterm', 'save', 'now'],
      ['--hz', '20', '--save'],
      ['--save', '--hz', '20'],
      ['--save', '', '--save', '5', '5'],
      ['--save', '5', '5', '--save', '', '--save', '6', '6'],
      ['--maxmemory-clients', '10%', '--unixsocketperm', '755', '--unixsocket', path.join(dir, 'r.sock')],
    ];
    for (const args of cases) {
      const port = await freePort();
      const common = ['--port', String(port), '--bind', '127.0.0.1', '--loglevel', 'warning', '--dir', dir];
      const full = [...args, ...common];
      // Flags after a trailing bare "--save" would become its value: keep that case intact.
      const redisArgs = args[args.length - 1] === '--save' ? [...common, ...args] : full;
      const redis = await spawnRedisServer(redisArgs, port, dir);
      try {
        const c = await RawClient.connect(port);
        await c.call('AUTH', "it's");
        const theirs = asMap(await c.call('CONFIG', 'GET', '*'));
        c.close();
        const { options } = serverOptionsFromArgs(redisArgs);
        const s = new Server(options);
        const ours = new Map(s.config.getMatching(['*']));
        const wrong: string[] = [];
        for (const [k, v] of theirs) if (k !== 'dir' && ours.get(k) !== v) wrong.push(`${k}: tsredis=${JSON.stringify(ours.get(k))} redis=${JSON.stringify(v)}`);
        assert.deepEqual(wrong, [], redisArgs.join(' '));
        assert.equal(ours.get('dir'), dir);
      } finally {
        await redis.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CONFIG REWRITE edits the config file as Redis does', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const dir = mkdtempSync(path.join(tmpdir(), 'tsredis-rewrite-'));
  const rport = await freePort();
  const body = (port: number): string =>
    [
      '# A hand-written config',
      `port ${port}`,
      'bind 127.0.0.1',
      'daemonize no',
      'save 900 1',
      'save 300 10',
      '',
      '',
      '# memory',
      'maxmemory 100mb',
      'slave-read-only yes',
      'hash-max-ziplist-entries 64',
      'timeout 10',
      'timeout 20',
      'loglevel warning',
      'appendonly no',
      `dir ${dir}`,
      'include /dev/null',
      'unixsocketperm 700',
      'hz 1000',
      'masterauth secret',
      '',
    ].join('\n');
  const rfile = path.join(dir, 'redis.conf');
  const tfile = path.join(dir, 'tsredis.conf');
  writeFileSync(rfile, body(rport));
  writeFileSync(tfile, body(0));
  const redis = await spawnRedisServer([rfile], rport);
  const { options, configFile } = serverOptionsFromArgs([tfile]);
  const server = new Server(options);
  server.configFile = configFile;
  await server.listen();
  const a = await RawClient.connect(server.port);
  const b = await RawClient.connect(rport);
  try {
    const sets = [
      ['maxmemory', '2gb'], ['timeout', '30'], ['hz', '20'], ['notify-keyspace-events', 'KEx'],
      ['client-output-buffer-limit', 'pubsub 64mb 16mb 90'], ['save', '60 5'], ['slave-read-only', 'no'],
      ['maxmemory-policy', 'allkeys-lru'], ['latency-tracking-info-percentiles', '50 90'],
      ['requirepass', 'p w'], ['maxmemory-clients', '5%'], ['slave-announce-ip', '1.2.3.4'],
      ['oom-score-adj-values', '1 2 3'], ['shutdown-on-sigint', 'save now'], ['appendfsync', 'always'],
      ['proto-max-bulk-len', '1000000000'], ['client-query-buffer-limit', '2gb'], ['masterauth', ''],
      ['proc-title-template', '{title} x'], ['ignore-warnings', 'a"b'],
    ];
    for (const [k, v] of sets) {
      assert.equal(await a.call('CONFIG', 'SET', k!, v!), await b.call('CONFIG', 'SET', k!, v!));
    }
    await b.call('AUTH', 'p w');
    await a.call('AUTH', 'p w');
    // Lines Redis cannot parse, or no longer knows, added after startup.
    for (const f of [rfile, tfile]) writeFileSync(f, readFileSync(f, 'latin1') + 'no-such-directive 1\nsave 100 "1\n\n\n\n# end\n', 'latin1');
    assert.equal(await a.call('CONFIG', 'REWRITE'), await b.call('CONFIG', 'REWRITE'));
    const norm = (text: string): { inPlace: string[]; appended: string[] } => {
      const lines = text.replace(/^port \d+$/m, 'port P').split('\n');
      const sig = lines.indexOf('# Generated by CONFIG REWRITE');
      return { inPlace: sig === -1 ? lines : lines.slice(0, sig), appended: sig === -1 ? [] : lines.slice(sig).sort() };
    };
    const mine = norm(readFileSync(tfile, 'latin1'));
    const theirs = norm(readFileSync(rfile, 'latin1'));
    assert.deepEqual(mine.inPlace, theirs.inPlace);
    assert.deepEqual(mine.appended, theirs.appended);
    // Rewriting twice changes nothing further.
    await a.call('CONFIG', 'REWRITE');
    await b.call('CONFIG', 'REWRITE');
    assert.deepEqual(norm(readFileSync(tfile, 'latin1')), norm(readFileSync(rfile, 'latin1')));
  } finally {
    a.close();
    b.close();
    await server.close();
    await redis.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CONFIG SET port/bind answers after binding: failures reply as Redis and roll the whole SET back', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  await withServers({}, [], async (ts, redis) => {
    // A port someone else listens on.
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const busyPort = String((busy.address() as net.AddressInfo).port);
    try {
      const a = await RawClient.connect(ts.port);
      const b = await RawClient.connect(redis.port);
      for (const cmd of [
        ['CONFIG', 'SET', 'port', busyPort],
        ['CONFIG', 'SET', 'maxmemory', '12345678', 'port', busyPort],
        ['CONFIG', 'SET', 'bind', '192.0.2.1'],
        ['CONFIG', 'GET', 'maxmemory'],
        ['CONFIG', 'GET', 'port'],
      ]) {
        const [x, y] = [await a.call(...cmd), await b.call(...cmd)];
        // Each reports the port it was started with (tsredis: 0, a free port picked at start).
        if (cmd[2] === 'port' && cmd[1] === 'GET') assert.equal(x, '*2\r\n$4\r\nport\r\n$1\r\n0\r\n');
        else assert.equal(x, y, cmd.join(' '));
      }
      assert.equal(await a.call('PING'), '+PONG\r\n');
      // A free port: OK once listening there; the old port is closed.
      const free = await freePort();
      assert.equal(await a.call('CONFIG', 'SET', 'port', String(free)), '+OK\r\n');
      const moved = await RawClient.connect(free);
      assert.equal(await moved.call('CONFIG', 'GET', 'port'), `*2\r\n$4\r\nport\r\n$${String(free).length}\r\n${free}\r\n`);
      await assert.rejects(RawClient.connect(ts.port));
      for (const c of [a, b, moved]) c.close();
    } finally {
      busy.close();
    }
  });
});
