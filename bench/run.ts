// Throughput and CPU-per-request benchmark: redis-benchmark against tsredis and, when
// installed, real Redis in the same run, interleaved test by test, reporting ratios.
//
//   npm run bench -- [--n 200000] [--c 50] [--tests set,get,incr,mset] [--pipelines 1,16] [--rounds 2]
//
// On a 2-core machine redis-benchmark saturates a core at -P 1, so throughput there is
// client-bound: server CPU time per request (utime+stime from /proc) is the figure that
// compares implementations.

import { startTsredisProc, startRedisProc, runRedisBenchmark, hasBinary, procAvailable, type BenchResult, type ServerProc } from './common.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 && i + 1 < process.argv.length ? process.argv[i + 1]! : def;
}

/**
 * Requests per run at pipeline depth P. CPU time comes from /proc in 10 ms ticks, and a
 * pipelined run is ~10x cheaper per request: n is scaled up (x P/4) so that Redis's run
 * still spans ~50 ticks and the quantization error stays ~2%.
 */
function pipelinedN(n: number, P: number): number {
  return P > 4 ? Math.round((n * P) / 4) : n;
}

async function main(): Promise<void> {
  if (!hasBinary('redis-benchmark')) {
    console.log('redis-benchmark not installed (apt-get install redis-tools): nothing to run');
    return;
  }
  if (!procAvailable()) console.log('note: /proc not available, CPU per request cannot be measured');
  const n = Number(arg('n', '200000'));
  const c = Number(arg('c', '50'));
  const tests = arg('tests', 'set,get,incr,mset').split(',');
  const pipelines = arg('pipelines', '1,16').split(',').map(Number);
  const rounds = Number(arg('rounds', '2'));
  const servers: ServerProc[] = [await startTsredisProc()];
  if (hasBinary('redis-server')) servers.push(await startRedisProc());
  else console.log('redis-server not installed: tsredis numbers only');
  try {
    console.log(`redis-benchmark -n ${n} (x P/4 when pipelined) -c ${c}; best of ${rounds} interleaved rounds; CPU = server utime+stime per request`);
    console.log('test      P  | tsredis rps  cpu us/req  p99 ms | redis rps    cpu us/req  p99 ms | rps ratio  cpu ratio  p99 ratio');
    for (const P of pipelines) {
      for (const t of tests) {
        const best = new Map<string, BenchResult>();
        for (let r = 0; r < rounds; r++) {
          for (const s of servers) {
            const res = runRedisBenchmark(s, t, { n: pipelinedN(n, P), c, P });
            // Best of the rounds, figure by figure: lowest CPU, highest rps, lowest p99.
            const prev = best.get(s.name);
            const base = prev === undefined || res.cpuUsPerReq < prev.cpuUsPerReq ? res : prev;
            best.set(s.name, { ...base, rps: Math.max(res.rps, prev?.rps ?? 0), p99Ms: Math.min(res.p99Ms, prev?.p99Ms ?? Infinity) });
          }
        }
        const a = best.get('tsredis')!;
        const b = best.get('redis');
        const f = (x: number, w: number, d = 2): string => x.toFixed(d).padStart(w);
        let line = `${t.padEnd(8)} ${String(P).padStart(2)}  | ${f(a.rps, 10, 0)}  ${f(a.cpuUsPerReq, 9)}  ${f(a.p99Ms, 6, 3)} |`;
        if (b) {
          line += ` ${f(b.rps, 10, 0)}  ${f(b.cpuUsPerReq, 9)}  ${f(b.p99Ms, 6, 3)} | ${f(a.rps / b.rps, 8)}  ${f(a.cpuUsPerReq / b.cpuUsPerReq, 9)}  ${f(a.p99Ms / Math.max(b.p99Ms, 0.001), 9)}`;
        }
        console.log(line);
      }
    }
  } finally {
    for (const s of servers) await s.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
