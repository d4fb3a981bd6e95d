// Event-loop stalls while the keyspace grows: an in-process tsredis with an event-loop
// delay histogram (perf_hooks) and GC tracking, loaded by a child process with N keys,
// while a probe client sends PING every 5 ms and records the worst round trip.
//
//   npm run build && node --max-old-space-size=16384 dist/bench/stall.js [--keys 10000000]

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
  // Probe: PING every 5 ms from a child process would be fairer; an in-process socket
  // still measures the server's event loop since replies need the loop.
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
  const here = path.dirname(fileURLToPath(import.meta.url));
  const t0 = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(here, 'loader.js'), String(srv.port), String(keys)], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`loader exited ${code}`))));
  });
  const loadMs = Date.now() - t0;
  clearInterval(timer);
  h.disable();
  obs.disconnect();
  const mem = process.memoryUsage();
  console.log(`${keys} keys loaded in ${loadMs} ms (${Math.round(keys / (loadMs / 1000))} keys/s)`);
  console.log(`event-loop delay: max ${(h.max / 1e6).toFixed(1)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms, mean ${(h.mean / 1e6).toFixed(2)} ms`);
  console.log(`GC: ${gcCount} pauses, max ${gcMax.toFixed(1)} ms, total ${gcTotal.toFixed(0)} ms`);
  console.log(`probe PING worst round trip: ${probeMax.toFixed(1)} ms`);
  console.log(`heapUsed ${(mem.heapUsed / 1e6).toFixed(0)} MB, rss ${(mem.rss / 1e6).toFixed(0)} MB`);
  probe.destroy();
  await srv.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
