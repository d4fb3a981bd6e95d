// Shared pieces of the differential (tsredis vs redis-server) tests: a file-wide server
// pair set up by before/after hooks, tests that are skipped without the oracle, and the
// "same reply on both servers" comparisons.

import { test, before, after, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Pair, hasRedis, NO_REDIS_MESSAGE, startTsredis } from './helpers.js';
import type { RunningServer, ServerOptions } from '../src/index.js';
import { ObjType } from '../src/types/value.js';

export type Cmd = (string | Buffer | number)[];

export interface SharedPairOptions {
  /** Options of the pair's tsredis (on top of enable-debug-command yes). */
  tsOptions?: ServerOptions;
  /** Extra redis-server directives of the pair's oracle. */
  redisArgs?: string[];
  /** Also start a standalone tsredis (with these options), oracle or not. */
  standalone?: ServerOptions;
  /**
   * More setup once the pair is up, in the same hook: Node 20 does not wait for one
   * root-level before() hook to finish before it starts the next.
   */
  onPairStarted?: (pair: Pair) => Promise<void>;
}

/**
 * A file-wide differential fixture. Registers before/after hooks that start a Pair (only
 * when redis-server 7 is installed) and, if asked, a standalone tsredis, and close them.
 */
export class SharedPair {
  private current: Pair | null = null;
  private alone: RunningServer | null = null;

  constructor(private readonly options: SharedPairOptions = {}) {
    before(async () => {
      if (this.options.standalone !== undefined) this.alone = await startTsredis(this.options.standalone);
      if (!hasRedis()) return;
      this.current = await Pair.start(this.options.tsOptions, this.options.redisArgs);
      await this.options.onPairStarted?.(this.current);
    });
    after(async () => {
      await this.alone?.close();
      await this.current?.close();
    });
  }

  /** The pair, or null when redis-server 7 is not installed. */
  get pair(): Pair | null {
    return this.current;
  }

  /** The standalone tsredis (only with the `standalone` option). */
  get ts(): RunningServer {
    if (this.alone === null) throw new Error('SharedPair: no standalone tsredis (pass `standalone`) or not started yet');
    return this.alone;
  }

  /** A test that needs the pair: skipped with NO_REDIS_MESSAGE when the oracle is missing. */
  test(name: string, fn: (pair: Pair, t: TestContext) => Promise<void>): void {
    test(name, async (t) => {
      if (this.current === null) return t.skip(NO_REDIS_MESSAGE);
      await fn(this.current, t);
    });
  }
}

/** Shorthand: `const oracle = sharedPair();` at the top of a test file. */
export function sharedPair(options: SharedPairOptions = {}): SharedPair {
  return new SharedPair(options);
}

/** Run each command on both servers and assert identical replies. */
export async function assertSameReplies(p: Pair, cmds: Cmd[], label = 'reply to'): Promise<void> {
  for (const cmd of cmds) {
    const [a, b] = await p.both(...cmd);
    assert.equal(a, b, `${label} ${cmd.map(String).join(' ')}`);
  }
}

/**
 * Run commands on both servers; return every mismatch as readable text. An LPUSH or HSET
 * that tsredis does not implement yet plants a non-string value directly (the oracle runs
 * the real command), so WRONGTYPE paths can be compared before those groups exist.
 */
export async function replyMismatches(p: Pair, cmds: Cmd[]): Promise<string[]> {
  const out: string[] = [];
  for (const cmd of cmds) {
    const name = String(cmd[0]).toLowerCase();
    if ((name === 'lpush' || name === 'hset') && !p.ts.server.table.lookup(name)) {
      await p.b.call(...cmd);
      const type = name === 'lpush' ? ObjType.List : ObjType.Hash;
      p.ts.server.dbs[0]!.set(String(cmd[1]), { type, encoding: () => 'listpack' });
      continue;
    }
    const [x, y] = await p.both(...cmd);
    if (x !== y) out.push(`${JSON.stringify(cmd.map(String))}: tsredis ${JSON.stringify(x)} redis ${JSON.stringify(y)}`);
  }
  return out;
}

/** Runs the commands on flushed servers in RESP2, then again in RESP3; asserts no mismatch. */
export async function assertSameInBothProtocols(p: Pair, cmds: Cmd[]): Promise<void> {
  await p.both('FLUSHALL');
  const m2 = await replyMismatches(p, cmds);
  await p.both('FLUSHALL');
  await p.both('HELLO', '3');
  const m3 = await replyMismatches(p, cmds);
  await p.both('HELLO', '2');
  assert.deepEqual([...m2, ...m3.map((m) => 'RESP3 ' + m)], []);
}

/** Text of a bulk or verbatim reply (the verbatim format prefix removed). */
export function bulkText(reply: string): string {
  const nl = reply.indexOf('\r\n');
  const t = reply.slice(nl + 2, reply.length - 2);
  return reply[0] === '=' ? t.slice(4) : t;
}
