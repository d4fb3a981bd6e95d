// COMMAND introspection against the oracle (redis-server 7.0.15), and the metadata guard:
// every command and subcommand registered in tsredis's table must report the same arity,
// flags, key positions, ACL categories, since and group as Redis's COMMAND INFO / DOCS.
// Reply bytes are compared in RESP2 and RESP3; only summaries and complexity (written by
// each group's owner) and the order of subcommands (Redis's dict order) may differ.
// Also: GETKEYS/GETKEYSANDFLAGS on every key-spec shape, and real clients (redis-cli,
// ioredis, node-redis) connecting, as they call COMMAND / COMMAND DOCS at start.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Redis as IORedis } from 'ioredis';
import { createClient } from 'redis';
import { hasRedis, NO_REDIS_MESSAGE, RawClient, runProcess, type ProcessRun, replyLength, startRedis, startTsredis, type RealRedis, sharedPair } from '../helpers.js';
import type { RunningServer } from '../../src/index.js';
import { CommandTable } from '../../src/commands/table.js';
import { buildSpec, type CommandSpec } from '../../src/commands/spec.js';
import { keysOfCommand, getKeysOrError, infoFlags } from '../../src/commands/command.js';
import { COMMAND_DATA, REFERENCE_VERSION } from '../../src/commands/docs.js';
import { collectCommandData } from '../../scripts/gen-command-docs.js';

// ------------------------------------------------------------------------ reply trees

/** A parsed reply that keeps its exact bytes, so parts can be compared byte for byte. */
interface Node {
  type: string;
  raw: string;
  text?: string;
  items?: Node[];
}

function parseNode(buf: string, pos = 0): Node {
  const nl = buf.indexOf('\r\n', pos);
  const type = buf[pos]!;
  const line = buf.slice(pos + 1, nl);
  const len = replyLength(Buffer.from(buf.slice(pos), 'latin1'));
  const raw = buf.slice(pos, pos + len);
  switch (type) {
    case '$': case '=':
      return { type, raw, text: Number(line) < 0 ? undefined : buf.slice(nl + 2, nl + 2 + Number(line)) };
    case '*': case '~': case '%': {
      const n = Number(line) * (type === '%' ? 2 : 1);
      const items: Node[] = [];
      let p = nl + 2;
      for (let i = 0; i < n; i++) {
        const child = parseNode(buf, p);
        items.push(child);
        p += child.raw.length;
      }
      return { type, raw, items };
    }
    default:
      return { type, raw, text: line };
  }
}

const texts = (n: Node): string[] => (n.items ?? []).map((i) => i.text ?? '');

/** Map entries of a RESP3 map or a RESP2 flat array. */
function entries(n: Node): [string, Node][] {
  const items = n.items ?? [];
  const out: [string, Node][] = [];
  for (let i = 0; i + 1 < items.length; i += 2) out.push([items[i]!.text ?? '', items[i + 1]!]);
  return out;
}

// ------------------------------------------------------------------------ fixtures

/** RESP3 connections to the pair's servers. */
let ts3: RawClient;
let redis3: RawClient;
const oracle = sharedPair({
  onPairStarted: async (pair) => {
    ts3 = await RawClient.connect(pair.ts.port);
    redis3 = await RawClient.connect(pair.redis.port);
    await ts3.call('HELLO', '3');
    await redis3.call('HELLO', '3');
  },
});
const table = new CommandTable();

/** Every registered command and subcommand. */
function allSpecs(): CommandSpec[] {
  const out: CommandSpec[] = [];
  for (const spec of table.commands.values()) {
    out.push(spec);
    if (spec.subcommands) out.push(...spec.subcommands.values());
  }
  return out;
}

after(async () => {
  ts3?.close();
  redis3?.close();
});

/** The same command on both servers over RESP2 and RESP3: [[ts2, redis2], [ts3, redis3]]. */
async function both23(...args: string[]): Promise<[[string, string], [string, string]]> {
  const r2 = await oracle.pair!.both(...args);
  const r3 = await Promise.all([ts3.call(...args), redis3.call(...args)]);
  return [r2, r3 as [string, string]];
}

// ------------------------------------------------------------------------ the guard

/** Redis's command flag names; four of them are hidden from COMMAND INFO. */
const KNOWN_FLAGS = new Set(['write', 'readonly', 'denyoom', 'module', 'admin', 'pubsub', 'noscript', 'blocking',
  'loading', 'stale', 'skip_monitor', 'skip_slowlog', 'asking', 'fast', 'no_auth', 'may_replicate', 'sentinel',
  'only_sentinel', 'no_mandatory_keys', 'protected', 'no_async_loading', 'no_multi', 'movablekeys', 'allow_busy']);

/** Commands tsredis has on purpose although Redis 7.0.15 does not (see README). */
const DELIBERATE_EXTRAS = new Set(['client|setinfo']);

oracle.test('metadata guard: every registered command matches COMMAND INFO / DOCS of Redis', async (pair, t) => {
  const problems: string[] = [];
  for (const spec of allSpecs()) {
    const name = spec.fullName;
    const [info] = parseNode(await pair.b.call('COMMAND', 'INFO', name)).items!;
    if (info === undefined || info.items === undefined) {
      // Deliberate: CLIENT SETINFO is Redis 7.2's, implemented because clients send it.
      if (!DELIBERATE_EXTRAS.has(name)) problems.push(`${name}: not a Redis 7.0.15 command`);
      continue;
    }
    const [, arity, flags, first, last, step, cats, tips] = info.items;
    const want = {
      arity: Number(arity!.text),
      flags: texts(flags!).join(' '),
      keys: `${first!.text} ${last!.text} ${step!.text}`,
      acl: texts(cats!).map((c) => c.slice(1)).sort().join(' '),
    };
    const got = {
      arity: spec.arity,
      flags: infoFlags(spec).join(' '),
      keys: `${spec.firstKey} ${spec.lastKey} ${spec.step}`,
      acl: [...spec.aclCategories].sort().join(' '),
    };
    for (const k of Object.keys(want) as (keyof typeof want)[]) {
      if (want[k] !== got[k]) problems.push(`${name}: ${k} is ${JSON.stringify(got[k])}, Redis has ${JSON.stringify(want[k])}`);
    }
    for (const f of spec.flagList) if (!KNOWN_FLAGS.has(f)) problems.push(`${name}: unknown flag "${f}"`);
    // Tips are reported from the generated data; a CommandDef that declares them must agree.
    const wantTips = texts(tips!).join(' ');
    if (spec.tips.length > 0 && spec.tips.join(' ') !== wantTips) {
      problems.push(`${name}: tips are ${JSON.stringify(spec.tips.join(' '))}, Redis has ${JSON.stringify(wantTips)}`);
    }
    const docs = entries(parseNode(await pair.b.call('COMMAND', 'DOCS', name)));
    const fields = new Map(entries(docs[0]![1]).map(([k, v]) => [k, v.text]));
    if (fields.get('complexity') !== (spec.complexity || undefined)) {
      t.diagnostic(`${name}: complexity ${JSON.stringify(spec.complexity)} differs from Redis's ${JSON.stringify(fields.get('complexity'))} (owner's wording, not a failure)`);
    }
    if (fields.get('since') !== spec.since) problems.push(`${name}: since is "${spec.since}", Redis has "${fields.get('since')}"`);
    if (fields.get('group') !== spec.group) problems.push(`${name}: group is "${spec.group}", Redis has "${fields.get('group')}"`);
    if (fields.get('deprecated_since') !== spec.deprecatedSince) {
      problems.push(`${name}: deprecatedSince is ${JSON.stringify(spec.deprecatedSince)}, Redis has ${JSON.stringify(fields.get('deprecated_since'))}`);
    }
    if (fields.get('replaced_by') !== spec.replacedBy) {
      problems.push(`${name}: replacedBy is ${JSON.stringify(spec.replacedBy)}, Redis has ${JSON.stringify(fields.get('replaced_by'))}`);
    }
  }
  assert.deepEqual(problems, [], `command metadata differs from Redis 7.0.15:\n  ${problems.join('\n  ')}`);
});

oracle.test('generated key specs, tips and argument docs (docs.ts) are what the oracle reports', async (pair) => {
  const { version, data } = await collectCommandData(pair.redis.port);
  assert.equal(version, REFERENCE_VERSION);
  assert.deepEqual(data, COMMAND_DATA, 'src/commands/docs.ts is stale: run node dist/scripts/gen-command-docs.js');
});

// ------------------------------------------------------------------------ COMMAND INFO

/** Compare one COMMAND INFO entry; subcommands are compared as a set by name. */
function compareInfo(name: string, mine: Node, theirs: Node, out: string[], resp: number): void {
  if (mine.raw === theirs.raw) return;
  const a = mine.items ?? [];
  const b = theirs.items ?? [];
  if (a.length !== 10 || b.length !== 10) {
    out.push(`${name} (RESP${resp}): ${JSON.stringify(mine.raw.slice(0, 80))} vs ${JSON.stringify(theirs.raw.slice(0, 80))}`);
    return;
  }
  const labels = ['name', 'arity', 'flags', 'first', 'last', 'step', 'acl', 'tips', 'key specs'];
  for (let i = 0; i < 9; i++) {
    if (a[i]!.raw !== b[i]!.raw) out.push(`${name} (RESP${resp}) ${labels[i]}: ${JSON.stringify(a[i]!.raw)} vs ${JSON.stringify(b[i]!.raw)}`);
  }
  const theirSubs = new Map((b[9]!.items ?? []).map((s) => [s.items![0]!.text!, s]));
  for (const sub of a[9]!.items ?? []) {
    const subName = sub.items![0]!.text!;
    const other = theirSubs.get(subName);
    // A subcommand Redis lacks is reported by the metadata guard.
    if (other !== undefined) compareInfo(subName, sub, other, out, resp);
  }
}

oracle.test('COMMAND INFO of every registered command: same bytes as Redis (RESP2 and RESP3)', async (pair) => {
  const names = [...table.commands.keys()];
  const problems: string[] = [];
  const [[a2, b2], [a3, b3]] = await both23('COMMAND', 'INFO', ...names);
  for (const [mine, theirs, resp] of [[a2, b2, 2], [a3, b3, 3]] as const) {
    const x = parseNode(mine).items!;
    const y = parseNode(theirs).items!;
    for (let i = 0; i < names.length; i++) {
      if (y[i]!.items === undefined) continue; // not a Redis command: reported by the guard
      compareInfo(names[i]!, x[i]!, y[i]!, problems, resp);
    }
  }
  assert.deepEqual(problems, [], `COMMAND INFO differs:\n  ${problems.join('\n  ')}`);
});

oracle.test('COMMAND INFO: unknown names, subcommand names, case; COMMAND, COUNT, HELP', async (pair) => {
  for (const args of [
    ['COMMAND', 'INFO', 'nosuchcommand', 'GET', 'get|x', 'command|count', 'COMMAND|COUNT', 'command|nope', 'a|b|c', '|', ''],
    ['COMMAND', 'HELP'],
    ['command', 'help', 'x'],
    ['COMMAND', 'COUNT', 'x'],
    ['COMMAND', 'NOPE'],
    ['COMMAND', 'INFO', 'command'],
  ]) {
    const [[a2, b2], [a3, b3]] = await both23(...args);
    if (args[2] === 'command') {
      // Same entry apart from the order of subcommands (Redis's dict order).
      const out: string[] = [];
      compareInfo('command', parseNode(a2).items![0]!, parseNode(b2).items![0]!, out, 2);
      compareInfo('command', parseNode(a3).items![0]!, parseNode(b3).items![0]!, out, 3);
      assert.deepEqual(out, []);
      continue;
    }
    assert.equal(a2, b2, args.join(' '));
    assert.equal(a3, b3, args.join(' '));
  }
  const count = Number((await pair.a.call('COMMAND', 'COUNT')).slice(1, -2));
  assert.equal(count, table.commands.size);
  const all = parseNode(await ts3.call('COMMAND'));
  assert.equal(all.items!.length, count);
  assert.deepEqual(all.items!.map((e) => e.items![0]!.text), [...table.commands.keys()]);
  const viaInfo = await ts3.call('COMMAND', 'INFO');
  assert.equal(viaInfo, all.raw);
});

// ------------------------------------------------------------------------ COMMAND DOCS

/** Docs map with the owner-written fields (summary, complexity) removed, subcommands apart. */
function docsParts(n: Node): { fields: string; subs: Map<string, Node> } {
  let fields = '';
  const subs = new Map<string, Node>();
  for (const [k, v] of entries(n)) {
    if (k === 'summary' || k === 'complexity' || k === 'since' || k === 'group') {
      fields += `${k} `;
    } else if (k === 'subcommands') {
      for (const [sk, sv] of entries(v)) subs.set(sk, sv);
    } else {
      fields += `${k}=${v.raw} `;
    }
  }
  return { fields, subs };
}

function compareDocs(name: string, mine: Node, theirs: Node, out: string[], resp: number): void {
  const a = docsParts(mine);
  const b = docsParts(theirs);
  if (a.fields !== b.fields) out.push(`${name} (RESP${resp}): ${JSON.stringify(a.fields.slice(0, 300))} vs ${JSON.stringify(b.fields.slice(0, 300))}`);
  for (const [sub, node] of a.subs) {
    const other = b.subs.get(sub);
    if (other !== undefined) compareDocs(sub, node, other, out, resp);
  }
}

oracle.test('COMMAND DOCS of every registered command: same shape, flags, history and arguments as Redis', async (pair) => {
  const names = [...table.commands.keys()];
  const problems: string[] = [];
  const [[a2, b2], [a3, b3]] = await both23('COMMAND', 'DOCS', ...names, 'nosuchcommand');
  for (const [mine, theirs, resp] of [[a2, b2, 2], [a3, b3, 3]] as const) {
    const x = new Map(entries(parseNode(mine)));
    const y = new Map(entries(parseNode(theirs)));
    for (const name of names) {
      const other = y.get(name);
      if (other === undefined) continue; // not a Redis command: reported by the guard
      compareDocs(name, x.get(name)!, other, problems, resp);
    }
  }
  assert.deepEqual(problems, [], `COMMAND DOCS differs:\n  ${problems.join('\n  ')}`);
  // Summaries come from the CommandDefs; every command has one.
  const all = entries(parseNode(await ts3.call('COMMAND', 'DOCS')));
  assert.equal(all.length, table.commands.size);
  for (const [name, docs] of all) {
    const fields = new Map(entries(docs));
    assert.ok((fields.get('summary')?.text ?? '').length > 0, `${name} has no summary`);
  }
  const [[c2, d2], [c3, d3]] = await both23('COMMAND', 'DOCS', 'nosuchcommand', 'get|x');
  assert.equal(c2, d2);
  assert.equal(c3, d3);
});

// ------------------------------------------------------------------------ COMMAND LIST

oracle.test('COMMAND LIST with and without FILTERBY: Redis\'s names restricted to implemented ones', async (pair) => {
  const implemented = new Set(allSpecs().map((s) => s.fullName));
  const redisNames = new Set(texts(parseNode(await pair.b.call('COMMAND', 'LIST'))));
  for (const args of [
    [],
    ['FILTERBY', 'ACLCAT', 'read'],
    ['filterby', 'aclcat', 'WRITE'],
    ['FILTERBY', 'ACLCAT', 'nosuchcat'],
    ['FILTERBY', 'PATTERN', '*get*'],
    ['FILTERBY', 'PATTERN', 'CLIENT|*'],
    ['FILTERBY', 'MODULE', 'x'],
  ]) {
    const [a, b] = await pair.both('COMMAND', 'LIST', ...args);
    // tsredis-only names (not in Redis 7.0.15) are reported by the metadata guard.
    const mine = texts(parseNode(a)).filter((n) => redisNames.has(n)).sort();
    const theirs = texts(parseNode(b)).filter((n) => implemented.has(n)).sort();
    assert.deepEqual(mine, theirs, args.join(' '));
  }
  for (const args of [['FILTERBY'], ['FILTERBY', 'NOPE', 'x'], ['x'], ['FILTERBY', 'ACLCAT', 'read', 'x']]) {
    const [a, b] = await pair.both('COMMAND', 'LIST', ...args);
    assert.equal(a, b, args.join(' '));
  }
  const all = texts(parseNode(await pair.a.call('COMMAND', 'LIST')));
  assert.deepEqual(new Set(all), implemented);
});

// ------------------------------------------------------------------------ GETKEYS

/** Command lines covering every key-spec shape (index, keyword, range, keynum, unknown). */
const KEY_CASES: string[][] = [
  ['get', 'k'], ['set', 'k', 'v'], ['set', 'k', 'v', 'GET'], ['set', 'k', 'v', 'ex', '10', 'get'],
  ['mset', 'a', '1', 'b', '2'], ['mget', 'a', 'b', 'c'], ['del', 'a', 'b'], ['rename', 'a', 'b'],
  ['copy', 'a', 'b', 'db', '1'], ['lmove', 'a', 'b', 'left', 'right'], ['smove', 'a', 'b', 'm'],
  ['bitop', 'and', 'd', 'a', 'b'], ['bitfield', 'k', 'get', 'u8', '0'], ['bitfield', 'k', 'set', 'u8', '0', '1'],
  ['bitfield', 'k', 'overflow', 'wrap'], ['bitfield', 'k', 'incrby'], ['bitfield_ro', 'k', 'get', 'u8', '0'],
  ['blpop', 'a', 'b', '0'], ['brpoplpush', 'a', 'b', '0'],
  ['zunionstore', 'd', '2', 'a', 'b', 'weights', '1', '2'], ['zunionstore', 'd', '0', 'a'], ['zunionstore', 'd', 'x', 'a'],
  ['zunionstore', 'd', '5', 'a'], ['zinter', '2', 'a', 'b'], ['zdiff', '1', 'a'], ['zintercard', '2', 'a', 'b', 'limit', '1'],
  ['sintercard', '1', 'a'], ['sintercard', '-1', 'a'],
  ['eval', 's', '0'], ['eval', 's', '2', 'a', 'b', 'c'], ['eval', 's', '3', 'a'], ['evalsha_ro', 'x', '1', 'a'], ['fcall', 'f', '1', 'a', 'b'],
  ['lmpop', '2', 'a', 'b', 'left'], ['blmpop', '0', '1', 'a', 'left'], ['zmpop', '1', 'a', 'min'], ['bzmpop', '0', '2', 'a', 'b', 'max'],
  ['sort', 'k'], ['sort', 'k', 'store', 'd'], ['sort', 'k', 'by', 'store', 'store', 'd'], ['sort', 'k', 'limit', '0', '1', 'store', 'd', 'get', '#'],
  ['sort', 'k', 'store'], ['sort_ro', 'k', 'by', 'x'],
  ['migrate', 'h', '1', 'k', '0', '10'], ['migrate', 'h', '1', '', '0', '10', 'copy', 'keys', 'a', 'b'],
  ['migrate', 'h', '1', 'k', '0', '10', 'keys', 'a'], ['migrate', 'h', '1', '', '0', '10', 'auth2', 'u', 'p', 'keys', 'a'],
  ['georadius', 'k', '1', '2', '3', 'm', 'store', 'd'], ['georadius', 'k', '1', '2', '3', 'm', 'storedist', 'd', 'store', 'e'],
  ['georadius', 'k', '1', '2', '3', 'm'], ['georadiusbymember', 'k', 'm', '3', 'm', 'STORE', 'd'], ['georadius_ro', 'k', '1', '2', '3', 'm'],
  ['xread', 'streams', 'a', 'b', '0', '0'], ['xread', 'count', '1', 'streams', 'a', '0'], ['xread', 'streams', 'a', 'b', '0'],
  ['xread', 'block', '0', 'streams'], ['xreadgroup', 'group', 'g', 'c', 'streams', 'a', '0'], ['xreadgroup', 'group', 'g', 'c', 'noack', 'streams', 'a', 'b', '>', '>'],
  ['xadd', 'k', '*', 'f', 'v'], ['xgroup', 'create', 'k', 'g', '$'], ['object', 'encoding', 'k'], ['memory', 'usage', 'k'],
  ['pfcount', 'a', 'b'], ['pfmerge', 'd', 'a'], ['watch', 'a', 'b'], ['exists', 'a'], ['restore', 'k', '0', 'x'],
  ['georadius', 'k'], ['xinfo', 'stream', 'k'], ['spublish', 'ch', 'm'], ['lcs', 'a', 'b'], ['touch', 'a'],
  ['ping'], ['config', 'get', 'x'], ['config', 'nope'], ['nosuchcommand', 'a'], ['get'], ['get', 'a', 'b'], ['client', 'list'],
  ['GET', 'k'], ['Set', 'k', 'v', 'gEt'], ['OBJECT', 'ENCODING', 'k'],
];

oracle.test('COMMAND GETKEYS / GETKEYSANDFLAGS: same keys, flags and errors as Redis', async (pair) => {
  for (const args of [[], ['get']]) {
    for (const sub of ['GETKEYS', 'GETKEYSANDFLAGS']) {
      const [a, b] = await pair.both('COMMAND', sub, ...args);
      assert.equal(a, b, `${sub} ${args.join(' ')}`);
    }
  }
  // Commands tsredis implements: the full reply, through the server.
  for (const line of KEY_CASES) {
    // Implemented commands, unknown commands, and unknown subcommands of implemented containers.
    const spec = table.lookupArgv(line);
    const container = table.lookup(line[0]!);
    const unknown = line[0] === 'nosuchcommand' || (container?.subcommands !== undefined && line[1] === 'nope');
    if (spec === undefined && !unknown) continue;
    for (const sub of ['GETKEYS', 'GETKEYSANDFLAGS']) {
      const [[a2, b2], [a3, b3]] = await both23('COMMAND', sub, ...line);
      assert.equal(a2, b2, `COMMAND ${sub} ${line.join(' ')}`);
      assert.equal(a3, b3, `COMMAND ${sub} ${line.join(' ')} (RESP3)`);
    }
  }
});

oracle.test('key extraction engine on every Redis command shape (specs built from Redis metadata)', async (pair) => {
  // Build specs for commands tsredis may not implement yet, from the oracle's own COMMAND
  // INFO, so the key-spec walker and the fallback extractors are checked for all shapes.
  let checked = 0;
  for (const line of KEY_CASES) {
    const info = parseNode(await pair.b.call('COMMAND', 'INFO', line[0]!)).items![0]!;
    if (info.items === undefined) continue;
    let spec = specFromInfo(info);
    if (spec.subcommands && line.length > 1) {
      const sub = spec.subcommands.get(line[1]!.toLowerCase());
      if (sub === undefined) continue;
      spec = sub;
    }
    const theirs = parseNode(await pair.b.call('COMMAND', 'GETKEYSANDFLAGS', ...line));
    if (theirs.type === '-') continue; // arity and no-keys errors are covered through the server
    const mine = keysOfCommand(spec, line).map((k) => [line[k.pos], k.flags.join(' ')]);
    const want = (theirs.items ?? []).map((e) => [e.items![0]!.text, texts(e.items![1]!).join(' ')]);
    assert.deepEqual(mine, want, line.join(' '));
    checked++;
  }
  assert.ok(checked > 60, `only ${checked} command lines checked`);
});

oracle.test('GETKEYSANDFLAGS semantics on random command lines for every Redis command (errors included)', async (pair) => {
  const all = parseNode(await pair.b.call('COMMAND')).items!.map((i) => specFromInfo(i));
  const pool = ['k', 'a', 'b', '0', '1', '2', '3', '-1', 'x', '', 'STORE', 'store', 'STOREDIST', 'STREAMS', 'KEYS',
    'GET', 'BY', 'LIMIT', 'COUNT', 'BLOCK', 'GROUP', 'NOACK', 'AUTH', 'AUTH2', 'COPY', 'SET', 'INCRBY', 'OVERFLOW',
    'u8', 'WEIGHTS', '>', 'LEFT', 'MIN'];
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const problems: string[] = [];
  let checked = 0;
  for (const base of all) {
    const targets = base.subcommands ? [...base.subcommands.values()] : [base];
    for (const spec of targets) {
      const prefix = spec.parent ? [spec.parent.name, spec.name] : [spec.name];
      for (let v = 0; v < 6; v++) {
        const line = [...prefix];
        const extra = rand(9);
        for (let i = 0; i < extra; i++) line.push(pool[rand(pool.length)]!);
        if (line.length < 2) continue; // GETKEYSANDFLAGS's own arity error, checked through the server
        const theirs = await pair.b.call('COMMAND', 'GETKEYSANDFLAGS', ...line);
        const res = getKeysOrError(spec, line);
        let mine: string;
        if (typeof res === 'string') {
          mine = `-${res}\r\n`;
        } else {
          mine = `*${res.length}\r\n`;
          for (const k of res) {
            mine += `*2\r\n$${line[k.pos]!.length}\r\n${line[k.pos]}\r\n*${k.flags.length}\r\n`;
            for (const f of k.flags) mine += `+${f}\r\n`;
          }
        }
        checked++;
        if (mine !== theirs) problems.push(`${line.join(' ')}: ${JSON.stringify(mine)} vs ${JSON.stringify(theirs)}`);
      }
    }
  }
  assert.ok(checked > 1500);
  assert.deepEqual(problems.slice(0, 30), [], `${problems.length} of ${checked} differ`);
});

function specFromInfo(info: Node, parent?: CommandSpec): CommandSpec {
  const [name, arity, flags, first, last, step, , , , subs] = info.items!;
  const full = name!.text!;
  const spec = buildSpec(
    {
      name: full.includes('|') ? full.split('|')[1]! : full,
      arity: Number(arity!.text),
      flags: texts(flags!).join(' '),
      keys: [Number(first!.text), Number(last!.text), Number(step!.text)],
      group: 'test',
      since: '0',
      summary: '',
    },
    parent,
  );
  if ((subs!.items ?? []).length > 0) {
    const map = new Map<string, CommandSpec>();
    for (const s of subs!.items!) {
      const sub = specFromInfo(s, spec);
      map.set(sub.name, sub);
    }
    (spec as { subcommands: Map<string, CommandSpec> | undefined }).subcommands = map;
  }
  return spec;
}

// ------------------------------------------------------------------------ real clients

let tsForClients: RunningServer | undefined;
let realForCli: RealRedis | undefined;

test('ioredis with RESP3 (HELLO 3) connects and runs PING/SET/GET and COMMAND', async () => {
  tsForClients ??= await startTsredis();
  const client = new IORedis({ port: tsForClients.port, host: '127.0.0.1', protocol: 3, lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    assert.match(String(await client.call('CLIENT', 'INFO')), / resp=3\b/);
    assert.equal(await client.ping(), 'PONG');
    assert.equal(await client.set('ioredis:k', 'v1'), 'OK');
    assert.equal(await client.get('ioredis:k'), 'v1');
    const docs = (await client.call('COMMAND', 'DOCS', 'get')) as unknown[];
    assert.equal(docs[0], 'get');
    const info = (await client.call('COMMAND', 'INFO', 'get', 'set')) as unknown[][];
    assert.deepEqual(info.map((e) => e[0]), ['get', 'set']);
    assert.equal(((await client.call('COMMAND')) as unknown[]).length, await client.call('COMMAND', 'COUNT'));
  } finally {
    client.disconnect();
  }
});

test('node-redis with RESP3 connects and runs PING/SET/GET', async () => {
  tsForClients ??= await startTsredis();
  const client = createClient({ socket: { port: tsForClients.port, host: '127.0.0.1', reconnectStrategy: false }, RESP: 3 });
  client.on('error', () => {});
  await client.connect();
  try {
    assert.equal(await client.ping(), 'PONG');
    assert.equal(await client.set('node-redis:k', 'v2'), 'OK');
    assert.equal(await client.get('node-redis:k'), 'v2');
    assert.match(String(await client.sendCommand(['CLIENT', 'INFO'])), / resp=3\b/);
    const info = (await client.sendCommand(['COMMAND', 'INFO', 'get'])) as unknown[];
    assert.equal((info[0] as unknown[])[0], 'get');
    const docs = await client.sendCommand(['COMMAND', 'DOCS', 'set']);
    assert.ok(docs !== null && typeof docs === 'object');
    const all = (await client.sendCommand(['COMMAND'])) as unknown[];
    assert.equal(all.length, await client.sendCommand(['COMMAND', 'COUNT']));
  } finally {
    await client.quit().catch(() => client.destroy());
  }
});

/** Run redis-cli with stdin piped. */
const runCli = (args: string[], input: string): Promise<ProcessRun> => runProcess('redis-cli', args, { input });

test('redis-cli (interactive REPL with command hints, and --no-raw) works against tsredis as against Redis', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  tsForClients ??= await startTsredis();
  realForCli ??= await startRedis();
  // Without command arguments redis-cli enters its REPL, which loads COMMAND DOCS first.
  const script = 'SET cli:k hello\nGET cli:k\nHELLO 3\nCOMMAND INFO get\nCOMMAND GETKEYS set a b\nCOMMAND COUNT\n';
  const mine = await runCli(['-p', String(tsForClients.port)], script);
  const theirs = await runCli(['-p', String(realForCli.port)], script);
  assert.equal(mine.code, 0, mine.err);
  assert.equal(mine.err, '');
  // Same output apart from the connection id and the number of commands.
  const norm = (s: string) => s.replace(/^id \d+$/m, 'id N').replace(/^\d+\n$/m, 'COUNT\n');
  assert.equal(norm(mine.out), norm(theirs.out));
  assert.match(mine.out, /^OK\nhello\n/);
  for (const args of [['COMMAND', 'INFO', 'get'], ['COMMAND', 'DOCS', 'get'], ['COMMAND', 'GETKEYSANDFLAGS', 'set', 'k', 'v', 'get'], ['COMMAND', 'INFO', 'nope']]) {
    const a = await runCli(['--no-raw', '-p', String(tsForClients.port), ...args], '');
    const b = await runCli(['--no-raw', '-p', String(realForCli.port), ...args], '');
    assert.equal(a.code, 0);
    if (args[1] === 'DOCS') assert.match(a.out, /"arguments"/);
    else assert.equal(a.out, b.out, args.join(' '));
  }
  // A real TTY session (script(1) provides the pty): typing shows the argument hints that
  // redis-cli builds from COMMAND DOCS. The output must match Redis's keystroke for keystroke.
  const [ttyMine, ttyTheirs] = await Promise.all([ttySession(tsForClients.port), ttySession(realForCli.port)]);
  if (ttyMine !== null && ttyTheirs !== null) {
    assert.match(ttyMine, /SET \x1b\[0;90;49mkey value \[NX\|XX\] \[GET\]/);
    // Cursor offsets depend on the prompt's width, so compare when both ports are as long.
    if (String(tsForClients.port).length === String(realForCli.port).length) {
      assert.equal(ttyMine.replaceAll(String(tsForClients.port), 'PORT'), ttyTheirs.replaceAll(String(realForCli.port), 'PORT'));
    }
  }
});

/** Type "SET k v" then "quit" into an interactive redis-cli; null when script(1) is missing. */
function ttySession(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const p = spawn('script', ['-qfec', `redis-cli -p ${port}`, '/dev/null'], { stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    const lines = ['SET k v\r', 'quit\r'];
    const timer = setTimeout(() => p.kill('SIGKILL'), 10000);
    p.on('error', () => resolve(null));
    p.stdout.on('data', (d: Buffer) => {
      const s = d.toString('latin1');
      out += s;
      // linenoise asks for the cursor position (twice per prompt); answer as a 200-column
      // terminal would, then type the next line once the prompt is shown.
      for (const _ of s.matchAll(/\x1b\[6n/g)) p.stdin.write('\x1b[1;200R');
      if (out.endsWith(`:${port}> `) && lines.length > 0) p.stdin.write(lines.shift()!);
    });
    p.on('close', () => {
      clearTimeout(timer);
      resolve(out.length === 0 ? null : out);
    });
  });
}

after(async () => {
  await tsForClients?.close();
  await realForCli?.close();
});
