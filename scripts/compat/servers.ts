// Servers under test for the compatibility harness: tsredis (a child process running the
// built server, so a crash or hang is observed rather than taking the harness down; or
// in-process for tests) and the oracle, Debian's redis-server 7.0, on free loopback ports.

import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Conn } from './conn.js';

export interface Endpoint {
  readonly label: string;
  readonly port: number;
  /** Alive (child running / server open). */
  alive(): boolean;
  /** Last lines the process wrote to stderr/stdout (crash diagnosis). */
  output(): string;
  close(): Promise<void>;
}

import { freePort } from '../../src/util/net.js';
import { SERVER_NODE_FLAGS } from '../../src/cli/node-flags.js';
export { freePort };

let oracleVersion: string | null | undefined;

/** redis-server's version when a 7.x is installed, else null. */
export function oracleInstalled(): string | null {
  if (oracleVersion === undefined) {
    const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
    const m = r.status === 0 ? /v=(7\.[0-9.]+)/.exec(r.stdout) : null;
    oracleVersion = m ? m[1]! : null;
  }
  return oracleVersion;
}

async function waitReady(port: number, proc: ChildProcess, label: string): Promise<void> {
  const deadline = Date.now() + 10000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${label} exited with code ${proc.exitCode} before accepting connections`);
    try {
      const c = await Conn.connect(port, label);
      await c.call('PING');
      c.close();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

function childEndpoint(label: string, port: number, proc: ChildProcess): Endpoint {
  let out = '';
  const keep = (d: Buffer): void => {
    out = (out + d.toString('utf8')).slice(-4000);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  return {
    label,
    port,
    alive: () => proc.exitCode === null && proc.signalCode === null,
    output: () => out,
    close: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      }),
  };
}

/** Start the oracle (no persistence, debug commands enabled like the tests' Pair). */
export async function startOracle(): Promise<Endpoint> {
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--enable-debug-command', 'yes', '--loglevel', 'warning'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const ep = childEndpoint('redis', port, proc);
  try {
    await waitReady(port, proc, 'redis');
  } catch (e) {
    await ep.close();
    throw e;
  }
  return ep;
}

/** The built tsredis server entry point (dist/src/cli/server-main.js). */
export function tsredisBin(): string {
  const here = path.dirname(fileURLToPath(import.meta.url)); // dist/scripts/compat
  return path.resolve(here, '../../src/cli/server-main.js');
}

/** Start tsredis as a child process from the build. */
export async function startTsredisChild(): Promise<Endpoint> {
  const bin = tsredisBin();
  if (!existsSync(bin)) throw new Error(`${bin} not found: build first (npx tsc -p .)`);
  const port = await freePort();
  const proc = spawn(process.execPath, [...SERVER_NODE_FLAGS, bin, '--port', String(port), '--bind', '127.0.0.1', '--enable-debug-command', 'yes', '--loglevel', 'warning', '--save', ''], { stdio: ['ignore', 'pipe', 'pipe'] });
  const ep = childEndpoint('tsredis', port, proc);
  try {
    await waitReady(port, proc, 'tsredis');
  } catch (e) {
    await ep.close();
    throw new Error(`${(e as Error).message}\n${ep.output()}`);
  }
  return ep;
}

/** Start tsredis inside this process (tests; a crash here is the harness's crash). */
export async function startTsredisInProcess(): Promise<Endpoint> {
  const { startServer } = await import('../../src/index.js');
  const srv = await startServer({ port: 0, bind: '127.0.0.1', 'enable-debug-command': 'yes' });
  let open = true;
  return {
    label: 'tsredis',
    port: srv.port,
    alive: () => open,
    output: () => '',
    close: async () => {
      open = false;
      await srv.close();
    },
  };
}
