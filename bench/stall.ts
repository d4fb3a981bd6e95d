// Event-loop stalls while the keyspace grows: an in-process tsredis with an event-loop
// delay histogram (perf_hooks) and GC tracking, loaded by a child process with N keys,
// while a probe client sends PING every 5 ms and records the worst round trip.
//
//   npm run build && node --max-semi-space-size=4 --initial-old-space-size=64 --v8-pool-size=1 --max-old-space-size=16384 dist/bench/stall.js \
//       [--keys 10000000] [--mixed-seconds 60]
// With --mixed-seconds, a second phase runs a random GET/SET/DEL/EXPIRE mix over the
// loaded keys (bench/mixed.ts) and reports the same figures for it.

import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../src/index.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 && i + 1 < process.argv.length ? process.argv[i + 1]! : def;
}

async function main(): Promise<void> {
  const keys = Number(arg('keys', '10000000'));
  const srv = await startServer({ port: 0 });
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  let gcMax = 0;
  let gcTotal = 0;
  let gcCount = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMax = Math.max(gcMax, e.duration);
      gcTotal += e.duration;
      gcCount++;
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  // Probe: an in-process socket still measures the server's event loop, since its
  // replies need the loop.
  const probe = net.createConnection({ port: srv.port, host: '127.0.0.1' });
  let probeMax = 0;
  let sentAt = 0;
  probe.on('data', () => {
    probeMax = Math.max(probeMax, performance.now() - sentAt);
    sentAt = 0;
  });
  const timer = setInterval(() => {
    if (sentAt === 0) {
      sentAt = performance.now();
      probe.write('PING\r\n');
    }
  }, 5);
  // When the worst stalls happened (ms since the phase began), to tell a warm-up burst at
  // a phase's start from a pause in the steady state.
  let phaseStart = performance.now();
  let lastTick = performance.now();
  let worst: [number, number][] = [];
  const ticker = setInterval(() => {
    const t = performance.now();
    const gap = t - lastTick;
    lastTick = t;
    if (gap > 5) {
      worst.push([gap, t - phaseStart]);
      worst.sort((a, b) => b[0] - a[0]);
      if (worst.length > 5) worst.length = 5;
    }
  }, 1);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const report = (phase: string): void => {
    const mem = process.memoryUsage();
    console.log(`[${phase}] event-loop delay: max ${(h.max / 1e6).toFixed(1)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms, mean ${(h.mean / 1e6).toFixed(2)} ms`);
    console.log(`[${phase}] GC: ${gcCount} pauses, max ${gcMax.toFixed(1)} ms, total ${gcTotal.toFixed(0)} ms`);
    console.log(`[${phase}] probe PING worst round trip: ${probeMax.toFixed(1)} ms`);
    console.log(`[${phase}] worst gaps of a 1 ms timer: ${worst.map(([g, at]) => `${g.toFixed(1)} ms at +${(at / 1000).toFixed(2)} s`).join(', ') || 'none over 5 ms'}`);
    console.log(`[${phase}] heapUsed ${(mem.heapUsed / 1e6).toFixed(0)} MB, rss ${(mem.rss / 1e6).toFixed(0)} MB, keys ${srv.server.dbs[0]!.size}`);
  };
  // spawn() itself blocks this process for a few ms (fork/exec): the figures of a phase
  // start once its child exists, so they measure the server, not the benchmark's spawn.
  const resetFigures = (): void => {
    phaseStart = lastTick = performance.now();
    worst = [];
    h.reset();
    gcMax = gcTotal = gcCount = 0;
    probeMax = 0;
  };
  const runChild = (script: string, args: string[]): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      let out = '';
      const child = spawn(process.execPath, [path.join(here, script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
      resetFigures();
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`${script} exited ${code}`))));
    });
  const t0 = Date.now();
  await runChild('loader.js', [String(srv.port), String(keys)]);
  const loadMs = Date.now() - t0;
  console.log(`${keys} keys loaded in ${loadMs} ms (${Math.round(keys / (loadMs / 1000))} keys/s)`);
  report('load');
  const mixedSeconds = Number(arg('mixed-seconds', '0'));
  if (mixedSeconds > 0) {
    const sent = await runChild('mixed.js', [String(srv.port), String(keys), String(mixedSeconds)]);
    console.log(`mixed GET/SET/DEL/EXPIRE for ${mixedSeconds} s: ${sent} commands`);
    report('mixed');
  }
  clearInterval(timer);
  clearInterval(ticker);
  h.disable();
  obs.disconnect();
  probe.destroy();
  await srv.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
