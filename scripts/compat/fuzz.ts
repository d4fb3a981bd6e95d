// Differential fuzzing: seeded random command sequences sent, pipelined, to tsredis and
// the oracle on fresh (FLUSHALLed) state and fresh connections; replies compared per
// command (compare.ts). A mismatch is shrunk (delta debugging over the sequence, then over
// each command's arguments, every candidate replayed on freshly flushed servers) and
// printed as a ready-to-paste node:test regression test using test/helpers.ts Pair.

import { Rng } from './prng.js';
import { Conn } from './conn.js';
import { Gen, GROUPS, COMPARE, CHAOS_DENY, KEYS, chaosArgv, type Argv, type CompareMode, type CmdGen } from './gen.js';
import { repliesAgree } from './compare.js';

export interface Step {
  argv: Argv;
  /** "set", "object|encoding"... (COMPARE key and mismatch attribution). */
  cmd: string;
  mode: CompareMode;
  /** Which of the sequence's two client connections sends it (default 0). */
  conn?: number;
}

export interface Sequence {
  index: number;
  resp: 2 | 3;
  steps: Step[];
}

export interface Mismatch {
  /** Command and reply kinds, e.g. "set -ERR syntax error / +". */
  signature: string;
  seq: number;
  resp: 2 | 3;
  cmd: string;
  /** Steps up to and including the mismatching one. */
  steps: Step[];
  ts: string;
  redis: string;
  /** Shrunk steps (last one mismatches), when shrinking ran. */
  shrunk?: Step[];
  shrunkTs?: string;
  shrunkRedis?: string;
  /**
   * The command after which the two keyspaces first differ (EXISTS/TYPE/PTTL probes after
   * each prefix of the shrunk sequence): the likely culprit when the divergence only shows
   * in a later read.
   */
  root?: string;
  test?: string;
}

/** A pair of servers under comparison ("a" is tsredis, "b" the oracle). */
export interface Target {
  aPort: number;
  bPort: number;
  /** CONFIG SET arguments that restore the defaults changed by generated CONFIG SETs. */
  configRestore?: string[][];
  /** Set when the last run changed configuration (restored before the next one). */
  configDirty?: boolean;
  /** Set when the last run may have cached scripts (SCRIPT FLUSH before the next one). */
  scriptsDirty?: boolean;
  /** Called after a crash or hang of a; returns the port of a restarted a (or null). */
  restartA?: () => Promise<number | null>;
}

export interface FuzzOptions {
  seed: number;
  /** Stop after this many commands (counted as sent to each server). */
  count: number;
  /** Stop after this many ms (shrinking included). */
  timeMs: number;
  /** Groups to fuzz (GROUPS keys); default all. */
  groups?: string[];
  /** Commands tsredis implements ("get", "object|encoding"); others are not generated. */
  implemented: ReadonlySet<string>;
  maxSeqLen?: number;
  /** Run only this sequence index (reproducing one reported mismatch). */
  only?: number;
  /**
   * Shrink at most this many mismatches per signature (default 1): command plus the kind of
   * both replies (type byte, or error text prefix), so distinct bugs of one command each
   * get a reproduction.
   */
  shrinkPerCmd?: number;
  log?: (s: string) => void;
}

export interface FuzzResult {
  commands: number;
  sequences: number;
  resp3Sequences: number;
  mismatches: Mismatch[];
  /** Mismatching sequences by the command that diverged first. */
  byCmd: Map<string, number>;
  /** Commands run, by command. */
  ranByCmd: Map<string, number>;
  crashes: string[];
  groupsRun: string[];
  groupsSkipped: string[];
  elapsedMs: number;
}

function modeFor(cmd: string): CompareMode {
  return COMPARE[cmd] ?? 'exact';
}

/** Name used for attribution: "set", or "object|encoding" for containers. */
export function cmdName(argv: Argv, containers: ReadonlySet<string>): string {
  const base = argv[0]!.toLowerCase();
  if (containers.has(base) && argv.length > 1) return `${base}|${argv[1]!.toLowerCase()}`;
  return base;
}

const CONTAINERS = new Set(['object', 'config', 'client', 'command', 'memory', 'debug', 'script', 'function', 'acl', 'xinfo', 'cluster', 'latency', 'slowlog', 'module', 'pubsub', 'xgroup']);

export function stepOf(argv: Argv, conn = 0): Step {
  const cmd = cmdName(argv, CONTAINERS);
  return conn === 0 ? { argv, cmd, mode: modeFor(cmd) } : { argv, cmd, mode: modeFor(cmd), conn };
}

/** The generators usable with this tsredis: group → entries whose command it implements. */
export function usableGenerators(implemented: ReadonlySet<string>, groups?: string[]): { run: Map<string, CmdGen[]>; skipped: string[] } {
  const run = new Map<string, CmdGen[]>();
  const skipped: string[] = [];
  for (const [group, gens] of Object.entries(GROUPS)) {
    if (groups && !groups.includes(group)) continue;
    const ok = gens.filter((e) => implemented.has(e.cmd));
    if (ok.length === 0) skipped.push(group);
    else run.set(group, ok);
  }
  return { run, skipped };
}

/** Deterministically build sequence `index` of a run. */
export function makeSequence(seed: number, index: number, gens: Map<string, CmdGen[]>, chaosNames: readonly string[], implemented: ReadonlySet<string>, nowMs: number, maxLen = 40): Sequence {
  const r = new Rng(seed, index);
  const g = new Gen(r, nowMs);
  const containers = new Set([...implemented].filter((n) => n.includes('|')).map((n) => n.split('|')[0]!));
  g.names = [...implemented].filter((n) => !n.includes('|') && !containers.has(n));
  const resp: 2 | 3 = r.chance(0.3) && implemented.has('hello') ? 3 : 2;
  const steps: Step[] = [];
  if (resp === 3) steps.push(stepOf(['HELLO', '3']));
  const entries: [number, CmdGen][] = [];
  for (const list of gens.values()) for (const e of list) entries.push([e.weight ?? 1, e]);
  if (entries.length === 0) return { index, resp, steps };
  const plain = entries.filter(([, e]) => !e.cmd.includes('|'));
  g.other = () => (plain.length > 0 ? r.weighted(plain).gen(g) : ['GET', 'a']);
  const len = r.range(1, maxLen);
  const canMulti = implemented.has('multi') && implemented.has('exec');
  const canWatch = canMulti && implemented.has('watch');
  // Some sequences use a second client: its writes land between another client's WATCH,
  // MULTI and EXEC, and it has its own selected db and protocol.
  const twoClients = r.chance(0.2);
  if (twoClients && implemented.has('hello') && r.chance(0.3)) steps.push(stepOf(['HELLO', '3'], 1));
  let conn = 0;
  const other = (): number => (twoClients && r.chance(0.2) ? 1 - conn : conn);
  while (steps.length < len) {
    if (twoClients && r.chance(0.25)) conn = 1 - conn;
    const roll = r.u32() / 4294967296;
    if (canMulti && roll < 0.04) {
      const block: Step[] = [];
      let queued = 0;
      let exact = true;
      const n = r.range(0, 4);
      for (let i = 0; i < n; i++) {
        const s = stepOf(r.weighted(entries).gen(g), other());
        if ((s.conn ?? 0) === conn) {
          queued++;
          if (s.mode !== 'exact') exact = false; // EXEC's array holds this reply
        }
        block.push(s);
      }
      const end = r.chance(0.1) && implemented.has('discard') ? 'DISCARD' : 'EXEC';
      steps.push(stepOf(['MULTI'], conn), ...block, { ...stepOf([end], conn), mode: exact ? 'exact' : 'shape' });
    } else if (canWatch && roll < 0.07) {
      steps.push(stepOf(r.chance(0.85) ? ['WATCH', ...g.keys(1, 2)] : ['UNWATCH'], conn));
    } else if (chaosNames.length > 0 && roll < 0.12) {
      steps.push(stepOf(chaosArgv(g, chaosNames), conn));
    } else {
      steps.push(stepOf(r.weighted(entries).gen(g), conn));
    }
  }
  return { index, resp, steps };
}

/** Thrown when a server stops answering (crash, hang, closed connection). */
export class CrashError extends Error {}

/** Fresh state on both servers: FLUSHALL on a control connection (also catches a dead server). */
async function flushBoth(t: Target): Promise<void> {
  for (const port of [t.aPort, t.bPort]) {
    let c: Conn;
    try {
      c = await Conn.connect(port, port === t.aPort ? 'tsredis' : 'redis');
    } catch (e) {
      throw new CrashError(`${port === t.aPort ? 'tsredis' : 'redis'}: cannot connect: ${(e as Error).message}`);
    }
    try {
      const restore = t.configDirty && t.configRestore ? [...t.configRestore] : [];
      // EVAL caches scripts; start every run with an empty cache (errors ignored).
      if (t.scriptsDirty) restore.push(['SCRIPT', 'FLUSH']);
      const rs = await c.send([['FLUSHALL'], ...restore], 10000);
      if (rs[0] !== '+OK\r\n') throw new CrashError(`FLUSHALL answered ${JSON.stringify(rs[0])}`);
    } catch (e) {
      throw e instanceof CrashError ? e : new CrashError((e as Error).message);
    } finally {
      c.close();
    }
  }
}

/** Run steps on fresh state; returns replies of both (a: tsredis, b: oracle). */
export async function runSteps(t: Target, steps: readonly Step[]): Promise<[string[], string[]]> {
  await flushBoth(t);
  t.configDirty = steps.some((s) => s.cmd === 'config|set');
  t.scriptsDirty = steps.some((s) => s.cmd === 'eval' || s.cmd === 'evalsha' || s.cmd === 'script|load');
  const pairs: [Conn, Conn][] = [];
  const pairFor = async (n: number): Promise<[Conn, Conn]> => {
    while (pairs.length <= n) {
      let ca: Conn;
      try {
        ca = await Conn.connect(t.aPort, 'tsredis');
      } catch (e) {
        throw new CrashError(`tsredis: cannot connect: ${(e as Error).message}`);
      }
      pairs.push([ca, await Conn.connect(t.bPort, 'redis')]);
    }
    return pairs[n]!;
  };
  try {
    const outA: string[] = [];
    const outB: string[] = [];
    // Consecutive steps of one client are pipelined; switching clients waits for the
    // replies first, so both servers see the same interleaving.
    for (let i = 0; i < steps.length; ) {
      const c = steps[i]!.conn ?? 0;
      let j = i;
      while (j < steps.length && (steps[j]!.conn ?? 0) === c) j++;
      const [ca, cb] = await pairFor(c);
      const argvs = steps.slice(i, j).map((s) => s.argv);
      const [ra, rb] = await Promise.allSettled([ca.send(argvs, 15000), cb.send(argvs, 15000)]);
      if (ra.status === 'rejected') throw new CrashError((ra.reason as Error).message);
      if (rb.status === 'rejected') throw new Error(`oracle failed: ${(rb.reason as Error).message}`);
      outA.push(...ra.value);
      outB.push(...rb.value);
      i = j;
    }
    return [outA, outB];
  } finally {
    for (const [ca, cb] of pairs) {
      ca.close();
      cb.close();
    }
  }
}

/**
 * SET with an EXAT/PXAT already in the past leaves a logically expired key in Redis 7.0
 * until the active expiry cycle (10 times a second) or an access removes it, and DBSIZE
 * counts it: DBSIZE may then differ by up to the number of such SETs, depending on timing.
 */
function lingeringSets(steps: readonly Step[], before: number): number {
  let n = 0;
  for (let i = 0; i < before; i++) {
    const s = steps[i]!;
    if (s.cmd === 'set' && s.argv.some((a) => /^(ex|px)at$/i.test(a))) n++;
  }
  return n;
}

/** The compare mode of step i, given what ran before it. */
export function effectiveMode(steps: readonly Step[], i: number): CompareMode {
  const s = steps[i]!;
  if (s.cmd === 'dbsize') {
    const n = lingeringSets(steps, i);
    if (n > 0) return { approx: n };
  }
  if (s.cmd === 'exec' && s.mode === 'exact' && lingeringSets(steps, i) > 0) {
    for (let j = i - 1; j >= 0 && steps[j]!.cmd !== 'multi'; j--) if (steps[j]!.cmd === 'dbsize') return 'shape';
  }
  return s.mode;
}

/** Index of the first step whose replies disagree, or -1. */
export function firstMismatch(steps: readonly Step[], ra: readonly string[], rb: readonly string[]): number {
  for (let i = 0; i < steps.length; i++) if (!repliesAgree(effectiveMode(steps, i), ra[i]!, rb[i]!)) return i;
  return -1;
}

/** Shrink a failing sequence; the predicate is "some step of command `cmd` mismatches". */
export async function shrink(t: Target, steps: Step[], cmd: string, budgetMs: number, maxRuns = 600): Promise<{ steps: Step[]; ts: string; redis: string; runs: number }> {
  const deadline = Date.now() + budgetMs;
  let runs = 0;
  let best = { ts: '', redis: '' };
  const fails = async (cand: Step[]): Promise<boolean> => {
    if (cand.length === 0 || runs >= maxRuns || Date.now() > deadline) return false;
    runs++;
    let ra: string[], rb: string[];
    try {
      [ra, rb] = await runSteps(t, cand);
    } catch (e) {
      if (e instanceof CrashError) throw e;
      return false;
    }
    const i = firstMismatch(cand, ra, rb);
    if (i === -1 || cand[i]!.cmd !== cmd) return false;
    // Keep only the prefix up to the mismatch: later steps cannot matter.
    cand.length = i + 1;
    best = { ts: ra[i]!, redis: rb[i]! };
    return true;
  };
  let cur = [...steps];
  if (!(await fails(cur))) return { steps: cur, ts: '', redis: '', runs }; // not reproducible
  // ddmin over steps (complements), then single-step removals.
  let n = 2;
  while (cur.length >= 2 && runs < maxRuns && Date.now() < deadline) {
    const chunk = Math.ceil(cur.length / n);
    let reduced = false;
    for (let i = 0; i < cur.length; i += chunk) {
      const cand = [...cur.slice(0, i), ...cur.slice(i + chunk)];
      if (await fails(cand)) {
        cur = cand;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= cur.length) break;
      n = Math.min(cur.length, n * 2);
    }
  }
  for (let i = cur.length - 1; i >= 0 && cur.length > 1; i--) {
    const cand = [...cur.slice(0, i), ...cur.slice(i + 1)];
    if (await fails(cand)) cur = cand;
  }
  // Arguments: drop trailing/middle ones, then simplify each value.
  for (let i = 0; i < cur.length; i++) {
    const keepFrom = cur[i]!.cmd.includes('|') ? 2 : 1;
    for (let j = cur[i]!.argv.length - 1; j >= keepFrom; j--) {
      const argv = cur[i]!.argv;
      if (j >= argv.length) continue;
      const cand = [...cur];
      cand[i] = stepOf([...argv.slice(0, j), ...argv.slice(j + 1)], cur[i]!.conn ?? 0);
      if (await fails(cand)) cur = cand;
    }
    for (let j = keepFrom; j < cur[i]!.argv.length; j++) {
      if (isExpiryArg(cur[i]!.argv, j)) continue;
      for (const simpler of simplerValues(cur[i]!.argv[j]!)) {
        const argv = [...cur[i]!.argv];
        argv[j] = simpler;
        const cand = [...cur];
        cand[i] = stepOf(argv, cur[i]!.conn ?? 0);
        if (await fails(cand)) {
          cur = cand;
          break;
        }
      }
    }
  }
  await fails([...cur]); // refresh the replies shown for the final sequence
  return { steps: cur, ts: best.ts, redis: best.redis, runs };
}

const EXPIRY_KEYWORDS = new Set(['ex', 'px', 'exat', 'pxat']);
const EXPIRY_COMMANDS = new Set(['expire', 'pexpire', 'expireat', 'pexpireat', 'setex', 'psetex', 'restore']);

/**
 * Expiry arguments are never simplified: the generators only use TTLs that are already
 * past or far in the future, and shrinking "EX 100000" to "EX 1" would make the replay
 * (and the printed test) depend on timing.
 */
const BLOCKING = new Set(['blpop', 'brpop', 'blmove', 'brpoplpush', 'blmpop', 'bzpopmin', 'bzpopmax', 'bzmpop', 'xread', 'xreadgroup', 'wait']);

function isExpiryArg(argv: Argv, j: number): boolean {
  // A blocking command's timeout must never shrink to 0 (block forever): keep all its args.
  if (BLOCKING.has(argv[0]!.toLowerCase())) return true;
  if (EXPIRY_KEYWORDS.has(argv[j - 1]!.toLowerCase())) return true;
  return j === 2 && EXPIRY_COMMANDS.has(argv[0]!.toLowerCase());
}

/** Candidate replacements for an argument, simplest first; never the value itself. */
function simplerValues(v: string): string[] {
  const out: string[] = [];
  const add = (s: string): void => {
    if (s !== v && s.length <= v.length && !out.includes(s)) out.push(s);
  };
  if (v.length > 1) {
    add(v.slice(0, 1));
    add(v.slice(0, Math.ceil(v.length / 2)));
    add(v.slice(Math.floor(v.length / 2)));
  }
  if (/^-?[0-9]+$/.test(v) && v.length > 1) {
    add('0');
    add('1');
    add(String(Math.trunc(Number(v) / 10)));
  }
  return out;
}

/** Probes of a key (type and TTL). */
const probesOf = (k: string): Step[] => [stepOf(['TYPE', k]), stepOf(['PTTL', k])];

/** See Mismatch.root. */
export async function rootCause(t: Target, steps: readonly Step[]): Promise<string> {
  const last = steps[steps.length - 1]!;
  // The key space, plus the first argument of every step (shrinking may have renamed keys).
  const keys = new Set([...KEYS, ...steps.filter((s) => s.argv.length > 1).map((s) => s.argv[1]!)]);
  const probes = [...keys].flatMap(probesOf);
  for (let p = 1; p < steps.length; p++) {
    const probe = [...steps.slice(0, p), ...probes.map((s) => ({ ...s, conn: steps[p - 1]!.conn }))];
    try {
      const [ra, rb] = await runSteps(t, probe);
      for (let i = p; i < probe.length; i++) if (!repliesAgree(probe[i]!.mode, ra[i]!, rb[i]!)) return steps[p - 1]!.cmd;
    } catch (e) {
      if (e instanceof CrashError) throw e;
    }
  }
  return last.cmd;
}

/** A JS string literal that keeps every byte visible (latin1 \xHH escapes). */
export function jsString(s: string): string {
  let out = "'";
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === "'" || ch === '\\') out += `\\${ch}`;
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c < 0x20 || c >= 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

/** A ready-to-paste node:test regression test for a shrunk mismatch (test/<dir>/*.test.ts). */
export function regressionTest(steps: readonly Step[], title: string, origin: string): string {
  if (steps.some((s) => (s.conn ?? 0) !== 0)) return regressionTestTwoClients(steps, title, origin);
  const lines = steps.map((s, i) => `      [[${s.argv.map(jsString).join(', ')}], ${effectiveMode(steps, i) === 'exact' ? 'true' : 'false'}],`);
  return [
    `// ${origin}`,
    `test(${jsString(title)}, async (t) => {`,
    `  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);`,
    `  const pair = await Pair.start();`,
    `  try {`,
    `    // [argv, compare byte for byte]`,
    `    const steps: [string[], boolean][] = [`,
    ...lines,
    `    ];`,
    `    for (const [argv, exact] of steps) {`,
    `      const [ts, redis] = await pair.both(...argv);`,
    `      if (exact) assert.equal(ts, redis, argv.join(' '));`,
    `    }`,
    `  } finally {`,
    `    await pair.close();`,
    `  }`,
    `});`,
    IMPORTS_LINE,
  ].join('\n');
}

function regressionTestTwoClients(steps: readonly Step[], title: string, origin: string): string {
  const lines = steps.map((s, i) => `      [${s.conn ?? 0}, [${s.argv.map(jsString).join(', ')}], ${effectiveMode(steps, i) === 'exact' ? 'true' : 'false'}],`);
  return [
    `// ${origin}`,
    `test(${jsString(title)}, async (t) => {`,
    `  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);`,
    `  const pair = await Pair.start();`,
    `  const a2 = await RawClient.connect(pair.ts.port);`,
    `  const b2 = await RawClient.connect(pair.redis.port);`,
    `  try {`,
    `    // [client, argv, compare byte for byte]`,
    `    const steps: [number, string[], boolean][] = [`,
    ...lines,
    `    ];`,
    `    for (const [client, argv, exact] of steps) {`,
    `      const [ts, redis] = client === 0 ? await pair.both(...argv) : await Promise.all([a2.call(...argv), b2.call(...argv)]);`,
    `      if (exact) assert.equal(ts, redis, argv.join(' '));`,
    `    }`,
    `  } finally {`,
    `    a2.close();`,
    `    b2.close();`,
    `    await pair.close();`,
    `  }`,
    `});`,
    IMPORTS_LINE,
  ].join('\n');
}

const IMPORTS_LINE = "// imports: import { test } from 'node:test'; import assert from 'node:assert/strict'; import { Pair, RawClient, hasRedis, NO_REDIS_MESSAGE } from '../helpers.js';";

/** Several printed regression tests as one test file for test/integration/. */
export function regressionFile(tests: readonly string[]): string {
  const body = tests.map((t) => t.split('\n').filter((l) => l !== IMPORTS_LINE).join('\n'));
  return [
    '// Regression tests generated by the compatibility harness (scripts/compat.ts).',
    "import { test } from 'node:test';",
    "import assert from 'node:assert/strict';",
    "import { Pair, RawClient, hasRedis, NO_REDIS_MESSAGE } from '../helpers.js';",
    '',
    ...body.map((b) => `${b}\n`),
  ].join('\n');
}

const show = (s: string): string => JSON.stringify(s.length > 300 ? `${s.slice(0, 300)}...` : s);

/** The fuzzing loop. */
export async function fuzz(t: Target, opts: FuzzOptions): Promise<FuzzResult> {
  const log = opts.log ?? ((s: string) => process.stdout.write(`${s}\n`));
  const start = Date.now();
  const deadline = start + opts.timeMs;
  const { run, skipped } = usableGenerators(opts.implemented, opts.groups);
  const groupNames = [...run.keys()];
  const chaosNames = [...opts.implemented].filter((n) => {
    const base = n.split('|')[0]!;
    if (CHAOS_DENY.has(base)) return false;
    return [...run.values()].some((gens) => gens.some((e) => e.cmd.split('|')[0] === base));
  });
  const res: FuzzResult = { commands: 0, sequences: 0, resp3Sequences: 0, mismatches: [], byCmd: new Map(), ranByCmd: new Map(), crashes: [], groupsRun: groupNames, groupsSkipped: skipped, elapsedMs: 0 };
  const shrunkPerCmd = new Map<string, number>();
  let index = opts.only ?? 0;
  while (res.commands < opts.count && Date.now() < deadline && run.size > 0) {
    if (opts.only !== undefined && index > opts.only) break;
    // Absolute expiry times are relative to now, so a long run never crosses one of them.
    const seq = makeSequence(opts.seed, index, run, chaosNames, opts.implemented, Date.now(), opts.maxSeqLen ?? 40);
    index++;
    if (seq.steps.length === 0) continue;
    res.sequences++;
    if (seq.resp === 3) res.resp3Sequences++;
    res.commands += seq.steps.length;
    for (const s of seq.steps) res.ranByCmd.set(s.cmd, (res.ranByCmd.get(s.cmd) ?? 0) + 1);
    let ra: string[], rb: string[];
    try {
      [ra, rb] = await runSteps(t, seq.steps);
    } catch (e) {
      if (!(e instanceof CrashError)) throw e;
      const msg = `crash: sequence ${seq.index} (--seed ${opts.seed}): ${e.message}\n  steps: ${seq.steps.map((s) => s.argv.map(jsString).join(' ')).join(' | ')}`;
      log(msg);
      res.crashes.push(msg);
      const port = t.restartA ? await t.restartA() : null;
      if (port === null) break;
      t.aPort = port;
      continue;
    }
    const i = firstMismatch(seq.steps, ra, rb);
    if (i === -1) continue;
    const step = seq.steps[i]!;
    const m: Mismatch = { signature: signatureOf(step.cmd, ra[i]!, rb[i]!), seq: seq.index, resp: seq.resp, cmd: step.cmd, steps: seq.steps.slice(0, i + 1), ts: ra[i]!, redis: rb[i]! };
    res.mismatches.push(m);
    res.byCmd.set(step.cmd, (res.byCmd.get(step.cmd) ?? 0) + 1);
    const done = shrunkPerCmd.get(m.signature) ?? 0;
    if (done >= (opts.shrinkPerCmd ?? 1)) continue;
    shrunkPerCmd.set(m.signature, done + 1);
    log(`mismatch: ${step.cmd.toUpperCase()} in sequence ${seq.index} (--seed ${opts.seed} --seq ${seq.index}, RESP${seq.resp}), step ${i + 1}/${seq.steps.length}${step.conn ? ' (client 2)' : ''}: ${step.argv.map(jsString).join(' ')}`);
    log(`  tsredis: ${show(m.ts)}\n  redis:   ${show(m.redis)}`);
    try {
      const s = await shrink(t, m.steps, step.cmd, Math.max(2000, Math.min(30000, deadline - Date.now())));
      if (s.ts === '' && s.redis === '') {
        log('  (did not reproduce on replay: order or timing dependent)');
        continue;
      }
      m.shrunk = s.steps;
      m.shrunkTs = s.ts;
      m.shrunkRedis = s.redis;
      m.root = await rootCause(t, s.steps);
      if (m.root !== m.cmd) log(`  keyspaces already differ after ${m.root.toUpperCase()} (the likely culprit)`);
      m.test = regressionTest(s.steps, `compat regression: ${step.cmd.toUpperCase()} (seed ${opts.seed}, sequence ${seq.index})`, `Found by: node dist/scripts/compat.js --seed ${opts.seed}; shrunk from ${m.steps.length} to ${s.steps.length} commands in ${s.runs} replays`);
      log(`  shrunk to ${s.steps.length} command(s) in ${s.runs} replays:`);
      for (const st of s.steps) log(`    ${st.conn ? '[client 2] ' : ''}${st.argv.map(jsString).join(' ')}`);
      log(`  tsredis: ${show(s.ts)}\n  redis:   ${show(s.redis)}`);
      log('  regression test:');
      log(m.test.split('\n').map((l) => `    ${l}`).join('\n'));
    } catch (e) {
      if (!(e instanceof CrashError)) throw e;
      const msg = `crash while shrinking sequence ${seq.index}: ${e.message}`;
      log(msg);
      res.crashes.push(msg);
      const port = t.restartA ? await t.restartA() : null;
      if (port === null) break;
      t.aPort = port;
    }
  }
  res.elapsedMs = Date.now() - start;
  return res;
}

function replyKind(r: string): string {
  return r[0] === '-' ? r.slice(0, 48).replace(/\r\n$/, '') : r[0] ?? '';
}

export function signatureOf(cmd: string, ts: string, redis: string): string {
  return `${cmd} ${replyKind(ts)} / ${replyKind(redis)}`;
}

/**
 * One line per distinct divergence: signatures whose shrunk reproduction shows the
 * keyspaces already differing after an earlier command are folded under that culprit;
 * the others are listed per signature, each with its smallest known reproduction.
 */
export function mismatchDigest(res: FuzzResult): string {
  const out: string[] = [];
  const bySig = new Map<string, Mismatch[]>();
  for (const m of res.mismatches) bySig.set(m.signature, [...(bySig.get(m.signature) ?? []), m]);
  const line = (m: Mismatch): string => {
    const steps = m.shrunk ?? m.steps;
    const ts = m.shrunk ? m.shrunkTs! : m.ts;
    const redis = m.shrunk ? m.shrunkRedis! : m.redis;
    return `${steps.map((s) => (s.conn ? '[2] ' : '') + s.argv.map(jsString).join(' ')).join(' ; ')}  =>  tsredis ${show(ts).slice(0, 120)} / redis ${show(redis).slice(0, 120)}`;
  };
  const culprits = new Map<string, { n: number; seenAt: Map<string, number>; example: Mismatch }>();
  const direct: Mismatch[][] = [];
  for (const ms of bySig.values()) {
    const best = ms.find((m) => m.shrunk) ?? ms[0]!;
    if (best.root && best.root !== best.cmd) {
      const c = culprits.get(best.root) ?? { n: 0, seenAt: new Map<string, number>(), example: best };
      c.n += ms.length;
      c.seenAt.set(best.cmd, (c.seenAt.get(best.cmd) ?? 0) + ms.length);
      culprits.set(best.root, c);
    } else {
      direct.push(ms);
    }
  }
  for (const [root, c] of [...culprits.entries()].sort((a, b) => b[1].n - a[1].n)) {
    const seen = [...c.seenAt.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k.toUpperCase()} ${n}`).join(', ');
    out.push(`  ${root.toUpperCase()} (culprit) x${c.n}, seen through ${seen}; e.g. ${line(c.example)}`);
  }
  for (const ms of direct.sort((a, b) => b.length - a.length)) {
    const best = ms.find((m) => m.shrunk) ?? ms[0]!;
    out.push(`  ${best.cmd.toUpperCase()} x${ms.length}: ${line(best)}`);
  }
  return out.join('\n');
}

export function fuzzSummary(res: FuzzResult, seed: number): string {
  const roots = new Map<string, number>();
  for (const m of res.mismatches) if (m.root) roots.set(m.root, (roots.get(m.root) ?? 0) + 1);
  const rootText = [...roots.entries()].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c.toUpperCase()} ${n}`).join(', ');
  const by = [...res.byCmd.entries()].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c.toUpperCase()} ${n}`).join(', ');
  return `fuzz: seed ${seed}, ${res.commands} commands in ${res.sequences} sequences (${res.resp3Sequences} RESP3), ${res.mismatches.length} mismatching sequences${by ? ` (${by})` : ''}${rootText ? ` [shrunk ones by likely culprit: ${rootText}]` : ''}, ${res.crashes.length} crashes, ${(res.elapsedMs / 1000).toFixed(1)} s; groups: ${res.groupsRun.join(' ') || '(none)'}${res.groupsSkipped.length ? `; not implemented yet: ${res.groupsSkipped.join(' ')}` : ''}`;
}
