// Memory per key: load N keys `key:NNNNNNN` → 3-byte value into tsredis and real Redis
// (separate processes) and report RSS growth and INFO used_memory per key.
//
//   npm run build && node dist/bench/memory.js [--keys 1000000]

import { startTsredisProc, startRedisProc, rssBytes, hasBinary, command, infoField, type ServerProc } from './common.js';
import { loadKeys } from './loader.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 && i + 1 < process.argv.length ? process.argv[i + 1]! : def;
}

async function measure(s: ServerProc, keys: number): Promise<{ rss: number; used: number; ms: number }> {
  // Let the process settle, then take the baseline.
  await new Promise((r) => setTimeout(r, 300));
  const rss0 = rssBytes(s.proc.pid!);
  const used0 = Number(infoField(await command(s.port, ['INFO', 'memory']), 'used_memory') ?? 0);
  const ms = await loadKeys(s.port, keys);
  await new Promise((r) => setTimeout(r, 1000));
  const rss1 = rssBytes(s.proc.pid!);
  const used1 = Number(infoField(await command(s.port, ['INFO', 'memory']), 'used_memory') ?? 0);
  const dbsize = await command(s.port, ['DBSIZE']);
  if (dbsize !== `:${keys}`) console.log(`warning: ${s.name} DBSIZE ${dbsize} != ${keys}`);
  return { rss: (rss1 - rss0) / keys, used: (used1 - used0) / keys, ms };
}

async function main(): Promise<void> {
  const keys = Number(arg('keys', '1000000'));
  const rows: [string, { rss: number; used: number; ms: number }][] = [];
  const ts = await startTsredisProc();
  try {
    rows.push(['tsredis', await measure(ts, keys)]);
  } finally {
    await ts.stop();
  }
  if (hasBinary('redis-server')) {
    const r = await startRedisProc();
    try {
      rows.push(['redis', await measure(r, keys)]);
    } finally {
      await r.stop();
    }
  }
  console.log(`${keys} keys key:NNNNNNN -> 3-byte value`);
  for (const [name, m] of rows) {
    console.log(`${name.padEnd(8)} RSS growth ${m.rss.toFixed(1)} B/key   used_memory ${m.used.toFixed(1)} B/key   load ${m.ms} ms`);
  }
  if (rows.length === 2) console.log(`ratio tsredis/redis RSS per key: ${(rows[0]![1].rss / rows[1]![1].rss).toFixed(2)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
