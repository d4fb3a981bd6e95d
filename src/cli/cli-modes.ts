// tsredis-cli special modes, each the counterpart of a redis-cli option: --scan, --stat,
// --latency / --latency-history, --pipe (mass insertion) and --eval.

import fs from 'node:fs';
import type { Cli } from './cli-main.js';
import { errnoText } from './cli-conn.js';
import { type Reply, REPLY_ERROR, REPLY_STRING } from './cli-reply.js';
import { formatTTY } from './cli-format.js';
import { OUTPUT_STANDARD, OUTPUT_CSV } from './cli-options.js';
import { out, err, sleep, fixed2 } from './cli-util.js';

/** --scan: every key (optionally matching --pattern), one per line. */
export async function scanMode(cli: Cli): Promise<number> {
  let cursor = '0';
  do {
    const argv = ['SCAN', cursor];
    if (cli.cfg.pattern !== null) argv.push('MATCH', cli.cfg.pattern);
    if (cli.cfg.count > 0) argv.push('COUNT', String(cli.cfg.count));
    let r: Reply;
    try {
      r = await cli.conn!.command(argv);
    } catch (e) {
      err(`Error: ${(e as Error).message}\n`);
      return 1;
    }
    if (r.type === REPLY_ERROR) {
      err(`Error: ${r.str}\n`);
      return 1;
    }
    const [next, keys] = r.elements;
    if (next === undefined || keys === undefined) {
      err('Error: unexpected SCAN reply\n');
      return 1;
    }
    cursor = next.str;
    for (const k of keys.elements) out(cli.cfg.output === OUTPUT_STANDARD ? formatTTY(k) : k.str + '\n');
    if (cli.cfg.intervalMs > 0) await sleep(cli.cfg.intervalMs);
  } while (cursor !== '0');
  return 0;
}

/** A numeric INFO field (the text up to ',' or CR after "field:"), or null. */
function infoField(info: string, field: string): number | null {
  const at = info.indexOf(field);
  if (at === -1) return null;
  const rest = info.slice(at + field.length + 1);
  const m = /^[\t\n\v\f\r ]*[+-]?\d+/.exec(rest);
  return m === null ? 0 : parseInt(m[0], 10);
}

/** bytesToHuman: 1023B, 1.50K, 2.34M... */
function bytesToHuman(n: number): string {
  const sign = n < 0 ? '-' : '';
  const v = Math.abs(n);
  const units = ['K', 'M', 'G', 'T', 'P'];
  if (v < 1024) return `${sign}${v}B`;
  for (let i = 0; i < units.length; i++) {
    if (v < 1024 ** (i + 2)) return `${sign}${fixed2(v / 1024 ** (i + 1))}${units[i]}`;
  }
  return `${sign}${v}B`;
}

/** --stat: one line of keys, memory, clients, requests per interval (default 1 s). */
export async function statMode(cli: Cli): Promise<number> {
  const intervalMs = cli.cfg.intervalMs > 0 ? cli.cfg.intervalMs : 1000;
  let requests = 0;
  for (let i = 0; ; i++) {
    let r: Reply;
    try {
      if (!cli.conn || cli.conn.broken) {
        if (!(await cli.connect(true, true))) throw new Error('reconnect failed');
      }
      r = await cli.conn!.command(['INFO']);
    } catch {
      err('\nI/O error\n');
      return 1;
    }
    if (r.type === REPLY_ERROR) {
      err(`ERROR: ${r.str}\n`);
      return 1;
    }
    const info = r.str;
    if (i % 20 === 0) {
      out('------- data ------ --------------------- load -------------------- - child -\n' +
        'keys       mem      clients blocked requests            connections          \n');
    }
    let keys = 0;
    for (let db = 0; db < 20; db++) keys += infoField(info, `db${db}:keys`) ?? 0;
    const num = (f: string): number => infoField(info, f) ?? 0;
    let line = String(keys).padEnd(11) + bytesToHuman(num('used_memory')).padEnd(8);
    line += ' ' + String(num('connected_clients')).padEnd(8) + String(num('blocked_clients')).padEnd(8);
    const total = num('total_commands_processed');
    line += `${total} (+${requests === 0 ? 0 : total - requests})`.padEnd(19);
    requests = total;
    line += ' ' + String(num('total_connections_received')).padEnd(12);
    const child = num('bgsave_in_progress') | (num('aof_rewrite_in_progress') << 1) | (num('loading') << 2);
    line += ['', 'SAVE', 'AOF', 'SAVE+AOF', 'LOAD'][child] ?? '';
    out(line + '\n');
    await sleep(intervalMs);
  }
}

/**
 * --latency / --latency-history: PING every 10 ms and keep min/max/avg in whole ms. On a
 * terminal the line is redrawn forever (history mode starts a new line per interval);
 * otherwise one "min max avg samples" line after the interval (default 1 s).
 */
export async function latencyMode(cli: Cli): Promise<number> {
  const cfg = cli.cfg;
  const historyInterval = cfg.intervalMs > 0 ? cfg.intervalMs : 15000;
  const sampleFor = cfg.intervalMs > 0 ? cfg.intervalMs : 1000;
  let min = 0;
  let max = 0;
  let tot = 0;
  let count = 0;
  let historyStart = Date.now();
  for (;;) {
    const start = Date.now();
    if (!cli.conn || cli.conn.broken) {
      if (!(await cli.connect(true, true))) {
        err('\nI/O error\n');
        return 1;
      }
    }
    try {
      await cli.conn!.command(['PING']);
    } catch {
      cli.conn = null;
      continue;
    }
    const latency = Date.now() - start;
    count++;
    if (count === 1) {
      min = max = tot = latency;
    } else {
      min = Math.min(min, latency);
      max = Math.max(max, latency);
      tot += latency;
    }
    const avg = fixed2(tot / count);
    if (cfg.output === OUTPUT_STANDARD) {
      out(`\x1b[0G\x1b[2Kmin: ${min}, max: ${max}, avg: ${avg} (${count} samples)`);
      if (cfg.latency === 2 && Date.now() - historyStart > historyInterval) {
        out(` -- ${fixed2((Date.now() - historyStart) / 1000)} seconds range\n`);
        historyStart = Date.now();
        min = max = tot = count = 0;
      }
    } else if (Date.now() - historyStart > sampleFor) {
      const sep = cfg.output === OUTPUT_CSV ? ',' : ' ';
      out([min, max, avg, count].join(sep) + '\n');
      return 0;
    }
    await sleep(10);
  }
}

/**
 * --pipe: stream stdin (raw protocol or inline commands) to the server, count replies and
 * errors, then send an ECHO of a random 20-byte marker and wait for it, so every reply has
 * been seen before reporting.
 */
export async function pipeMode(cli: Cli): Promise<number> {
  const conn = cli.conn!;
  let errors = 0;
  let replies = 0;
  let eof = false;
  let done = false;
  let lastRead = Date.now();
  const magic = Array.from({ length: 20 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
  conn.onReply = (r) => {
    lastRead = Date.now();
    if (r.type === REPLY_ERROR) {
      err(`${r.str}\n`);
      errors++;
    } else if (eof && r.type === REPLY_STRING && r.str === magic) {
      out('Last reply received from server.\n');
      done = true;
      replies--;
    }
    replies++;
  };
  for await (const chunk of process.stdin) {
    await conn.sendRaw(chunk as Buffer);
    if (conn.broken) break;
  }
  eof = true;
  out('All data transferred. Waiting for the last reply...\n');
  conn.send(['ECHO', magic]);
  lastRead = Date.now();
  while (!done) {
    if (conn.broken) {
      err(`Error reading from the server: ${conn.failure!.message}\n`);
      return 1;
    }
    const timeoutMs = cli.cfg.pipeTimeout * 1000;
    if (timeoutMs > 0 && Date.now() - lastRead > timeoutMs) {
      err(`No replies for ${cli.cfg.pipeTimeout} seconds: exiting.\n`);
      errors++;
      break;
    }
    await conn.waitActivity(200);
  }
  out(`errors: ${errors}, replies: ${replies}\n`);
  return errors > 0 ? 1 : 0;
}

/** --eval file key1 key2 , arg1 arg2: EVAL with the keys before the comma. */
export async function evalMode(cli: Cli, args: string[]): Promise<number> {
  let script: string;
  try {
    script = fs.readFileSync(cli.cfg.evalFile!).toString('latin1');
  } catch (e) {
    err(`Can't open file '${cli.cfg.evalFile}': ${errnoText(e)}\n`);
    return 1;
  }
  const keys: string[] = [];
  const argv: string[] = [];
  let afterComma = false;
  for (const a of args) {
    if (!afterComma && a === ',') {
      afterComma = true;
      continue;
    }
    (afterComma ? argv : keys).push(a);
  }
  const ok = await cli.issueCommandRepeat(['EVAL', script, String(keys.length), ...keys, ...argv], cli.cfg.repeat);
  return ok ? 0 : 1;
}

