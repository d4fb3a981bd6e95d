// In-process micro benchmark of the request hot path: parser → dispatcher → handler →
// reply writer, with no sockets. It feeds pipelined RESP batches of the commands
// redis-benchmark sends (SET/GET/INCR/MSET, same keys and 3-byte values) into a fake
// client and reports ns per command.
//
//   node dist/bench/micro.js [--runs 7] [--cmds 400000] [--tests set,get,incr,mset] [--pipelines 1,16]
//
// The machine is shared and noisy, so each figure is the process CPU time (user+system,
// which includes GC helper threads, as the server's CPU per request does) per command,
// and the MIN over several runs: the run least disturbed by other processes is the
// closest to the code's real cost. Tests run in redis-benchmark's order in one process
// (call sites see the same mix of commands as a server under `npm run bench`).

import { Server } from '../src/server/server.js';
import { updateClock } from '../src/util/clock.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 && i + 1 < process.argv.length ? process.argv[i + 1]! : def;
}

function resp(args: string[]): string {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

/** The argv redis-benchmark -t <test> sends (no -r: fixed keys, value "xxx"). */
function commandFor(test: string): string[] {
  switch (test) {
    case 'set':
      return ['SET', 'key:__rand_int__', 'xxx'];
    case 'get':
      return ['GET', 'key:__rand_int__'];
    case 'getmiss':
      return ['GET', 'nokey:_rand_int_'];
    case 'ping':
      return ['PING'];
    case 'incr':
      return ['INCR', 'counter:__rand_int__'];
    case 'mset': {
      const a = ['MSET'];
      for (let i = 0; i < 10; i++) a.push('key:__rand_int__', 'xxx');
      return a;
    }
    default:
      throw new Error(`unknown test ${test}`);
  }
}

function main(): void {
  const runs = Number(arg('runs', '9'));
  const cmds = Number(arg('cmds', '200000'));
  const tests = arg('tests', 'set,get,incr,mset').split(',');
  const pipelines = arg('pipelines', '1,16').split(',').map(Number);
  const srv = new Server({ loglevel: 'warning' });
  const c = srv.createFakeClient();
  // Keys exist, as in a redis-benchmark run after the first few requests.
  c.parser.feed(Buffer.from(resp(['SET', 'key:__rand_int__', 'xxx']) + resp(['SET', 'counter:__rand_int__', '1']), 'latin1'));
  srv.processInput(c);
  c.reply.take();
  console.log(`ns/command, min of ${runs} runs of ${cmds} commands`);
  console.log('test      P    ns/cmd');
  const results: Record<string, number> = {};
  for (const P of pipelines) {
    for (const t of tests) {
      const batch = Buffer.from(resp(commandFor(t)).repeat(P), 'latin1');
      const batches = Math.max(1, Math.floor(cmds / P));
      let best = Infinity;
      for (let r = 0; r < runs + 1; r++) {
        const cpu0 = process.cpuUsage();
        for (let i = 0; i < batches; i++) {
          updateClock();
          // A lent read buffer, as the server's shared socket reader delivers.
          c.parser.feed(batch, true);
          srv.processInput(c);
          c.parser.detach();
          c.reply.release(false); // as after a socket write the kernel took at once
        }
        const cpu = process.cpuUsage(cpu0);
        const ns = ((cpu.user + cpu.system) * 1e3) / (batches * P);
        if (r > 0 && ns < best) best = ns; // run 0 is warm-up
      }
      results[`${t}/${P}`] = best;
      console.log(`${t.padEnd(8)} ${String(P).padStart(2)}  ${best.toFixed(1).padStart(8)}`);
    }
  }
  if (process.argv.includes('--json')) console.log(JSON.stringify(results));
}

main();
