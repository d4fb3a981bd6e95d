// Key loader used by the memory and stall benchmarks: writes `SET key:NNNNNNN xxx`
// (or a given prefix/value size) for N keys over one pipelined connection, in windows of
// `window` commands, and waits for every reply. Runs as a child process so it does not
// share the event loop it measures.
//
//   node dist/bench/loader.js <port> <count> [start=0] [valueSize=3] [window=2000]

import net from 'node:net';

export async function loadKeys(port: number, count: number, start = 0, valueSize = 3, window = 2000): Promise<number> {
  const sock = net.createConnection({ port, host: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    sock.once('connect', resolve);
    sock.once('error', reject);
  });
  sock.setNoDelay(true);
  const value = 'x'.repeat(valueSize);
  let pendingBytes = 0;
  let wake: (() => void) | null = null;
  sock.on('data', (d: Buffer) => {
    pendingBytes -= d.length;
    if (wake !== null && pendingBytes <= 0) {
      const w = wake;
      wake = null;
      w();
    }
  });
  const t0 = Date.now();
  for (let i = start; i < start + count; i += window) {
    const end = Math.min(start + count, i + window);
    let req = '';
    for (let k = i; k < end; k++) {
      const key = 'key:' + String(k).padStart(7, '0');
      req += `*3\r\n$3\r\nSET\r\n$${key.length}\r\n${key}\r\n$${valueSize}\r\n${value}\r\n`;
    }
    pendingBytes += (end - i) * 5; // "+OK\r\n"
    sock.write(req, 'latin1');
    if (pendingBytes > 0) await new Promise<void>((resolve) => (wake = resolve));
  }
  sock.destroy();
  return Date.now() - t0;
}

if (process.argv[1] && process.argv[1].endsWith('loader.js')) {
  const [port, count, start, valueSize, window] = process.argv.slice(2).map(Number);
  loadKeys(port!, count!, start ?? 0, valueSize ?? 3, window ?? 2000)
    .then((ms) => {
      process.stdout.write(`${ms}\n`);
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
