// Fragmentation: load N keys, then for several rounds delete a random half and write as
// many new keys with other value sizes; RSS of each server process is printed per round.
// A server that does not handle fragmentation keeps growing round after round.
//
//   npm run build && node dist/bench/fragmentation.js [--keys 1000000] [--rounds 6]

import net from 'node:net';
import { startTsredisProc, startRedisProc, rssBytes, hasBinary, type ServerProc } from './common.js';
import { loadKeys } from './loader.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 && i + 1 < process.argv.length ? process.argv[i + 1]! : def;
}

/** Send commands built by make(i) for i in [0, count) pipelined, wait for all replies. */
async function pipeline(port: number, count: number, make: (i: number) => string[]): Promise<void> {
  const sock = net.createConnection({ port, host: '127.0.0.1' });
  await new Promise<void>((r, j) => {
    sock.once('connect', r);
    sock.once('error', j);
  });
  let lines = 0;
  let expected = 0;
  let wake: (() => void) | null = null;
  sock.on('data', (d: Buffer) => {
    for (const b of d) if (b === 10) lines++;
    if (wake && lines >= expected) {
      const w = wake;
      wake = null;
      w();
    }
  });
  const W = 2000;
  for (let i = 0; i < count; i += W) {
    let req = '';
    const end = Math.min(count, i + W);
    for (let k = i; k < end; k++) {
      const a = make(k);
      req += `*${a.length}\r\n`;
      for (const x of a) req += `$${x.length}\r\n${x}\r\n`;
    }
    expected += end - i;
    sock.write(req, 'latin1');
    if (lines < expected) await new Promise<void>((r) => (wake = r));
  }
  sock.destroy();
}

async function run(s: ServerProc, keys: number, rounds: number): Promise<number[]> {
  await loadKeys(s.port, keys);
  const out = [rssBytes(s.proc.pid!)];
  let next = keys;
  let seed = 7;
  const rnd = (m: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % m;
  };
  let live: number[] = Array.from({ length: keys }, (_, i) => i);
  for (let r = 0; r < rounds; r++) {
    // Delete a random half.
    for (let i = live.length - 1; i > 0; i--) {
      const j = rnd(i + 1);
      const t = live[i]!;
      live[i] = live[j]!;
      live[j] = t;
    }
    const half = live.length >> 1;
    const victims = live.slice(0, half);
    live = live.slice(half);
    await pipeline(s.port, victims.length, (i) => ['DEL', 'key:' + String(victims[i]).padStart(7, '0')]);
    // Write as many new keys with values of other sizes.
    const fresh: number[] = [];
    for (let i = 0; i < half; i++) fresh.push(next++);
    await pipeline(s.port, fresh.length, (i) => ['SET', 'key:' + String(fresh[i]).padStart(7, '0'), 'v'.repeat(1 + rnd(3 + r * 10))]);
    live = live.concat(fresh);
    await new Promise((res) => setTimeout(res, 500));
    out.push(rssBytes(s.proc.pid!));
  }
  return out;
}

async function main(): Promise<void> {
  const keys = Number(arg('keys', '1000000'));
  const rounds = Number(arg('rounds', '6'));
  const servers: [string, () => Promise<ServerProc>][] = [['tsredis', () => startTsredisProc()]];
  if (hasBinary('redis-server')) servers.push(['redis', () => startRedisProc()]);
  console.log(`${keys} keys, then ${rounds} rounds of: delete a random half, write as many new keys with larger values`);
  for (const [name, start] of servers) {
    const s = await start();
    try {
      const rss = await run(s, keys, rounds);
      console.log(`${name.padEnd(8)} RSS MB per round: ${rss.map((b) => (b / 1e6).toFixed(0)).join(' -> ')}`);
    } finally {
      await s.stop();
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
