// Event-loop stalls while the keyspace grows: an in-process tsredis with an event-loop
// delay histogram (perf_hooks) and GC tracking, loaded by a child process with N keys,
// while a probe client sends PING every 5 ms and records the worst round trip.
//
//   npm run build && node --max-semi-space-size=4 --initial-old-space-size=64 --v8-pool-size=1 --max-old-space-size=16384 dist/bench/stall.js \
//       [--keys 10000000] [--mixed-seconds 60]
// With --mixed-seconds, a second phase runs a random GET/SET/DEL/EXPIRE mix over the
// loaded keys (bench/mixed.ts) and reports the same figures for it. --attribute also
// lists the slowest server calls (wall and CPU) and GC pauses of each phase.

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
  const attribute = process.argv.includes('--attribute');
  // Phase clock (see resetFigures) and the worst gaps of a 1 ms timer in the phase.
  let phaseStart = performance.now();
  let lastTick = performance.now();
  let worst: [number, number][] = [];
  // --attribute: time the server's entry points (socket reads, timers, the end-of-turn
  // writes) and single commands, wall and process CPU (user/system, all threads), and
  // list the slow ones with the phase time, next to the GC pauses: a long gap with a slow
  // call of equal user CPU is work, of system CPU the kernel, and one whose CPU is much
  // lower than its wall time is the thread not running (preemption).
  const slow: { what: string; wall: number; user: number; sys: number; at: number }[] = [];
  const gcLog: { kind: number; ms: number; at: number }[] = [];
  if (attribute) {
    const target = srv.server as unknown as Record<string, (...a: unknown[]) => unknown>;
    const wrap = (name: string, minMs: number, label: (a: unknown[]) => string): void => {
      const orig = target[name]!;
      target[name] = function (this: unknown, ...a: unknown[]): unknown {
        const t = performance.now();
        const c0 = process.cpuUsage();
        try {
          return orig.apply(this, a);
        } finally {
          const wall = performance.now() - t;
          if (wall > minMs) {
            const cu = process.cpuUsage(c0);
            slow.push({ what: `${name} ${label(a)}`, wall, user: cu.user / 1000, sys: cu.system / 1000, at: t - phaseStart });
          }
        }
      };
    };
    wrap('onData', 3, (a) => `(${String(a[3])} bytes)`);
    wrap('processCommand', 1, (a) => String((a[1] as string[])[0]));
    wrap('cron', 1, () => '');
    wrap('activeExpireCycle', 1, () => '');
    wrap('flushPending', 1, () => '');
  }
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  let gcMax = 0;
  let gcTotal = 0;
  let gcCount = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMax = Math.max(gcMax, e.duration);
      if (e.duration > 2) gcLog.push({ kind: (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0, ms: e.duration, at: e.startTime - phaseStart });
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
  lastTick = performance.now();
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
    if (attribute) {
      const top = slow.sort((a, b) => b.wall - a.wall).slice(0, 10);
      for (const x of top) console.log(`[${phase}]   slow ${x.what}: ${x.wall.toFixed(1)} ms wall, CPU ${x.user.toFixed(1)} user + ${x.sys.toFixed(1)} sys (process), at +${(x.at / 1000).toFixed(2)} s`);
      const gcs = gcLog.sort((a, b) => b.ms - a.ms).slice(0, 5);
      for (const g of gcs) console.log(`[${phase}]   GC kind ${g.kind}: ${g.ms.toFixed(1)} ms at +${(g.at / 1000).toFixed(2)} s`);
    }
  };
  // spawn() itself blocks this process for a few ms (fork/exec): the figures of a phase
  // start once its child exists, so they measure the server, not the benchmark's spawn.
  const resetFigures = (): void => {
    phaseStart = lastTick = performance.now();
    worst = [];
    slow.length = 0;
    gcLog.length = 0;
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
