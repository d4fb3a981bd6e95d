// Shared benchmark plumbing: start tsredis (built bin) and real Redis as separate
// processes on free ports, read a process's CPU time from /proc, and run redis-benchmark.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/src/cli/server-main.js relative to dist/bench/. */
export const TSREDIS_BIN = path.resolve(here, '../src/cli/server-main.js');

import { freePort } from '../src/util/net.js';
import { SERVER_NODE_FLAGS } from '../src/cli/node-flags.js';
export { freePort };

export function hasBinary(name: string): boolean {
  const r = spawnSync(name, ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

export interface ServerProc {
  name: string;
  port: number;
  proc: ChildProcess;
  stop(): Promise<void>;
}

async function waitPort(port: number, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.createConnection({ port, host: '127.0.0.1' }, () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`server on port ${port} did not start`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function stopper(proc: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
}

export async function startTsredisProc(extra: string[] = [], nodeArgs: string[] = []): Promise<ServerProc> {
  const port = await freePort();
  const proc = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...nodeArgs, TSREDIS_BIN, '--port', String(port), '--bind', '127.0.0.1', '--loglevel', 'warning', '--save', '', ...extra], { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitPort(port);
  return { name: 'tsredis', port, proc, stop: stopper(proc) };
}

export async function startRedisProc(extra: string[] = []): Promise<ServerProc> {
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning', ...extra], { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitPort(port);
  return { name: 'redis', port, proc, stop: stopper(proc) };
}

const CLK_TCK = 100;

/** utime+stime of a process in seconds, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is state (field 3); utime is field 14, stime field 15.
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Resident set size in bytes, from /proc/<pid>/status. */
export function rssBytes(pid: number): number {
  const st = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(st);
  return m ? Number(m[1]) * 1024 : 0;
}

export function procAvailable(): boolean {
  return existsSync('/proc/self/stat');
}

export interface BenchResult {
  test: string;
  rps: number;
  avgMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  cpuUsPerReq: number;
}

/** Run redis-benchmark for one test and measure the server's CPU time during it. */
export function runRedisBenchmark(server: ServerProc, test: string, opts: { n: number; c: number; P: number; extra?: string[] }): BenchResult {
  const before = cpuSeconds(server.proc.pid!);
  const r = spawnSync('redis-benchmark', ['-h', '127.0.0.1', '-p', String(server.port), '-t', test, '-n', String(opts.n), '-c', String(opts.c), '-P', String(opts.P), '--csv', ...(opts.extra ?? [])], { encoding: 'utf8' });
  const after = cpuSeconds(server.proc.pid!);
  if (r.status !== 0) throw new Error(`redis-benchmark failed: ${r.stderr}`);
  const lines = r.stdout.trim().split('\n').filter((l) => l.startsWith('"') && !l.startsWith('"test"'));
  const row = lines[0]!.split(',').map((x) => x.replace(/"/g, ''));
  const rps = Number(row[1]);
  return {
    test,
    rps,
    avgMs: Number(row[2]),
    p50Ms: Number(row[4]),
    p99Ms: Number(row[6]),
    maxMs: Number(row[7]),
    cpuUsPerReq: ((after - before) * 1e6) / opts.n,
  };
}

/** Send a command and read one simple reply line (for INFO/CONFIG in benches). */
export function command(port: number, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.createConnection({ port, host: '127.0.0.1' });
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString('latin1');
      const m = /^\$(\d+)\r\n/.exec(buf);
      if (m) {
        const need = m[0].length + Number(m[1]) + 2;
        if (buf.length >= need) {
          s.destroy();
          resolve(buf.slice(m[0].length, need - 2));
        }
      } else if (buf.endsWith('\r\n') && !buf.startsWith('$') && !buf.startsWith('*')) {
        s.destroy();
        resolve(buf.trim());
      }
    });
    s.on('error', reject);
    let req = `*${args.length}\r\n`;
    for (const a of args) req += `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`;
    s.write(req, 'latin1');
  });
}

export function infoField(info: string, field: string): string | undefined {
  const m = new RegExp(`^${field}:(.*)$`, 'm').exec(info);
  return m ? m[1]!.trim() : undefined;
}
