// Config table, value parsing, config-file and command-line loading. Fatal-error output
// is compared byte for byte with redis-server's on the same bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Config, ConfigError, parseMemory } from '../../src/config/config.js';
import { PARAMS, inertParams, effectiveParams, memtoull, keyspaceEventsStringToFlags, keyspaceEventsFlagsToString } from '../../src/config/params.js';
import { buildServerArgs, loadConfigText, loadServerConfig, serverOptionsFromArgs, formatFatal, ConfigFileError } from '../../src/config/args.js';
import { Server, REDIS_VERSION } from '../../src/server/server.js';
import { hasRedis, NO_REDIS_MESSAGE } from '../helpers.js';

test('every parameter default parses and formats back to itself', () => {
  const c = new Config();
  for (const p of PARAMS) {
    if (p.name === 'dir') continue;
    assert.equal(c.format(p.name), p.default, p.name);
    assert.ok(c.isDefault(p.name), p.name);
  }
  assert.equal(c.format('dir'), process.cwd());
});

test('names are unique and aliases resolve to their parameter', () => {
  const names = Config.names();
  assert.equal(new Set(names).size, names.length);
  assert.equal(Config.def('SLAVEOF')!.name, 'replicaof');
  assert.equal(Config.def('hash-max-ziplist-entries')!.name, 'hash-max-listpack-entries');
  assert.equal(Config.def('lua-time-limit')!.name, 'busy-reply-threshold');
  assert.ok(inertParams().includes('maxmemory'));
  assert.ok(effectiveParams().includes('port'));
  assert.ok(!inertParams().includes('port'));
});

test('memory values follow memtoull, including wrap-around and saturation', () => {
  assert.equal(memtoull('1gb'), 1073741824n);
  assert.equal(memtoull('1G'), 1000000000n);
  assert.equal(memtoull(''), 0n);
  assert.equal(memtoull('kb'), 0n);
  assert.equal(memtoull('-1'), null);
  assert.equal(memtoull('1.5gb'), null);
  assert.equal(memtoull('99999999999999999999999'), 18446744073709551615n);
  assert.equal(memtoull('99999999999999gb'), 14131891009335853056n);
  assert.equal(parseMemory('100mb'), 104857600);
});

test('notify-keyspace-events flags normalise as Redis prints them', () => {
  const norm = (s: string): string => keyspaceEventsFlagsToString(keyspaceEventsStringToFlags(s));
  assert.equal(norm('KEA'), 'AKE');
  assert.equal(norm('mn'), 'nm');
  assert.equal(norm('g$lshzxetdKEmn'), 'AKEm');
  assert.equal(norm('Ex'), 'xE');
  assert.equal(keyspaceEventsStringToFlags('Q'), -1);
});

test('set / check / on: typed values, listeners, immutable at runtime', () => {
  const c = new Config();
  const seen: unknown[] = [];
  c.on('maxmemory', (v) => seen.push(v));
  c.set('maxmemory', '2mb');
  assert.equal(c.num('maxmemory'), 2097152);
  assert.deepEqual(seen, [2097152]);
  c.set('maxmemory', '18446744073709551615');
  assert.equal(c.format('maxmemory'), '18446744073709551615');
  assert.equal(c.big('maxmemory'), 18446744073709551615n);
  assert.throws(() => c.set('daemonize', 'yes'), (e: Error) => e instanceof ConfigError && e.message === "can't set immutable config");
  c.set('daemonize', 'yes', true);
  assert.equal(c.bool('daemonize'), true);
  assert.throws(() => c.check('timeout', 'x'), /couldn't be parsed into an integer/);
  c.set('oom-score-adj', 'relative');
  assert.equal(c.str('oom-score-adj'), 'yes');
  c.set('shutdown-on-sigterm', 'now SAVE');
  assert.equal(c.format('shutdown-on-sigterm'), 'save now');
  c.set('maxmemory-clients', '5%');
  assert.equal(c.num('maxmemory-clients'), -5);
  assert.equal(c.format('maxmemory-clients'), '5%');
});

test('setMany is all or nothing and rolls back when a listener refuses', () => {
  const c = new Config();
  assert.equal(c.setMany([['timeout', '5'], ['hz', 'x']], false), "ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer");
  assert.equal(c.num('timeout'), 0);
  c.on('hz', (v) => {
    if (v === 42) throw new ConfigError('no 42 please');
  });
  assert.equal(c.setMany([['timeout', '5'], ['hz', '42']], false), "ERR CONFIG SET failed (possibly related to argument 'hz') - no 42 please");
  assert.equal(c.num('timeout'), 0);
  assert.equal(c.num('hz'), 10);
  assert.equal(c.setMany([['timeout', '5'], ['hz', '43']], false), null);
  assert.equal(c.num('timeout'), 5);
  assert.equal(c.setMany([['dir', '/tmp']], false), "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config");
  assert.equal(c.setMany([['dir', '/tmp']], true), null);
  assert.equal(c.str('dir'), '/tmp');
  assert.equal(c.setMany([['dir', '/nonexistent-dir-x']], true), "ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory");
});

test('command line becomes config text as redis-server builds it', () => {
  assert.deepEqual(buildServerArgs(['--port', '7000', '--save', '']), { configFile: null, fromStdin: false, options: 'port "7000" \nsave "" ' });
  assert.equal(buildServerArgs(['--save', '--port', '1']).options, 'save ""\nport "1" ');
  assert.equal(buildServerArgs(['--port', '1', '--save']).options, 'port "1" \nsave ""');
  assert.equal(buildServerArgs(['--save', '900', '1', '--save', '300', '10']).options, 'save "900" "1" \nsave "300" "10" ');
  assert.equal(buildServerArgs(['--port 6380', '--hz', '--5']).options, 'port 6380 \nhz "--5" ');
  const a = buildServerArgs(['my.conf', '--port', '1']);
  assert.equal(a.configFile, path.resolve('my.conf'));
  assert.equal(buildServerArgs(['-', '--port', '1']).fromStdin, true);
});

test('config text: multi-word save lines accumulate, quotes, deprecated lines, errors', () => {
  const c = new Config();
  loadConfigText(c, 'save 900 1\nsave 300 10\n# comment\n  maxmemory  "1gb"  \nlist-max-ziplist-entries 5\nrequirepass "a b\\x41"\n');
  assert.equal(c.format('save'), '900 1 300 10');
  assert.equal(c.num('maxmemory'), 1073741824);
  assert.equal(c.str('requirepass'), 'a bA');
  const d = new Config();
  loadConfigText(d, 'save ""\n');
  assert.equal(d.format('save'), '');
  const e = new Config();
  loadConfigText(e, 'port 1\n');
  assert.equal(e.format('save'), '3600 1 300 100 60 10000', 'no save line keeps the defaults');
  const bad = (text: string): ConfigFileError => {
    try {
      loadConfigText(new Config(), text);
    } catch (err) {
      if (err instanceof ConfigFileError) return err;
      throw err;
    }
    throw new Error('no error');
  };
  const x = bad('port 1\n\nmaxmemory 1 2\n');
  assert.equal(x.lineNo, 3);
  assert.equal(x.line, 'maxmemory 1 2');
  assert.equal(x.message, 'wrong number of arguments');
  assert.equal(bad('foo bar').message, 'Bad directive or wrong number of arguments');
  assert.equal(bad('port "1').message, 'Unbalanced quotes in configuration line');
  assert.equal(formatFatal(x, '7.0.15'), "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 3\n>>> 'maxmemory 1 2'\nwrong number of arguments\n");
});

test('include and startup options reach the server', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tsredis-conf-'));
  try {
    writeFileSync(path.join(dir, 'inc.conf'), 'hz 25\nsave 100 1\n');
    writeFileSync(path.join(dir, 'main.conf'), `include ${path.join(dir, 'inc.conf')}\nsave 200 2\ndatabases 4\nunixsocketperm 700\n`);
    const { options, configFile } = serverOptionsFromArgs([path.join(dir, 'main.conf'), '--timeout', '7', '--save', '300', '3']);
    assert.equal(configFile, path.join(dir, 'main.conf'));
    const s = new Server(options);
    assert.equal(s.config.num('hz'), 25);
    assert.equal(s.config.format('save'), '300 3', 'after an include every save line replaces the list, as in Redis');
    assert.equal(s.config.num('timeout'), 7);
    assert.equal(s.dbs.length, 4);
    assert.equal(s.config.format('unixsocketperm'), '700');
    const c = new Config();
    loadServerConfig(c, { configFile: null, fromStdin: true, options: 'hz 30' }, {}, () => 'timeout 3\n');
    assert.equal(c.num('timeout'), 3);
    assert.equal(c.num('hz'), 30);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Run a failing configuration through redis-server and through our loader. */
function compareFatal(dir: string, file: string | null, fileText: string, flags: string[]): void {
  const args = [...(file !== null ? [path.join(dir, file)] : []), ...flags];
  if (file !== null) writeFileSync(path.join(dir, file), fileText);
  const r = spawnSync('redis-server', args, { encoding: 'latin1', timeout: 5000, cwd: dir });
  assert.equal(r.status, 1, `redis-server ${args.join(' ')} should fail: ${r.stdout}`);
  let ours = '';
  try {
    serverOptionsFromArgs(args);
  } catch (e) {
    if (!(e instanceof ConfigFileError)) throw e;
    ours = formatFatal(e, REDIS_VERSION);
  }
  assert.equal(ours, r.stderr, `tsredis-server ${args.join(' ')}`);
}

test('fatal config errors match redis-server byte for byte', (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const dir = mkdtempSync(path.join(tmpdir(), 'tsredis-fatal-'));
  try {
    compareFatal(dir, 'a.conf', 'port 0\n# c\nsave 900 1\nsave 300 10\nmaxmemory foo\n', []);
    compareFatal(dir, 'b.conf', 'port 0\n', ['--maxmemory', 'foo']);
    compareFatal(dir, null, '', ['--port', '0', '--save', '900', '1', '--save', '300', '10', '--maxmemory']);
    compareFatal(dir, null, '', ['--port', '0', '--foo']);
    compareFatal(dir, null, '', ['--port', '0', 'x', 'y']);
    compareFatal(dir, null, '', ['--port', '0', '--hz', 'a b']);
    compareFatal(dir, null, '', ['--port', '0', '--requirepass', 'a"b\n', '--timeout', '-1']);
    compareFatal(dir, 'c.conf', 'port 0\nbind "1.2.3.4\n', []);
    compareFatal(dir, 'd.conf', 'port 0\nsave 900\n', []);
    compareFatal(dir, 'e.conf', 'port 0\nclient-output-buffer-limit normal 1 2\n', []);
    compareFatal(dir, 'f.conf', 'port 0\nnotify-keyspace-events KEQ\n', []);
    compareFatal(dir, 'g.conf', 'port 0\nloglevel loud\n', []);
    compareFatal(dir, 'h.conf', 'port 0\nappendfilename a/b\n', []);
    compareFatal(dir, 'i.conf', 'port 0\nsentinel monitor x\n', []);
    compareFatal(dir, 'j.conf', 'port 0\nreplicaof localhost\n', []);
    compareFatal(dir, 'k.conf', 'port 0\ndir /nonexistent-dir-x\n', []);
    compareFatal(dir, null, '', ['--port', '0', '--logfile', '/nonexistent-dir-x/log']);
    compareFatal(dir, 'l.conf', 'port 0\nmaxmemory 1gb # comment\n', []);
    compareFatal(dir, 'm.conf', 'port 0\ninclude\n', []);
    compareFatal(dir, 'n.conf', 'port 0\n\tsave 1 1 \r\nhz "1\x300" x\n', []);
    compareFatal(dir, 'o.conf', 'port 0\nunixsocketperm 999\n', []);
    compareFatal(dir, 'p.conf', 'port 0\nunixsocketperm 1000\n', []);
    compareFatal(dir, 'q.conf', 'port 0\nshutdown-on-sigterm\n', []);
    compareFatal(dir, 'r.conf', 'port 0\nmaxmemory-clients 200%\n', []);
    compareFatal(dir, 's.conf', 'port 0\nbind 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n', []);
    compareFatal(dir, 't.conf', 'port 0\noom-score-adj-values 1 2\n', []);
    compareFatal(dir, 'u.conf', 'port 0\nnotify-keyspace-events\n', []);
    compareFatal(dir, 'v.conf', 'port 0\ndatabases 0\n', []);
    compareFatal(dir, 'w.conf', 'port 0\nactivedefrag yes\n', []);
    compareFatal(dir, 'x.conf', 'port 0\nsentinel\nfoo bar\n', []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
