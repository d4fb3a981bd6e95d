// Mixed workload generator (child process): random GET/SET/DEL/EXPIRE over keys
// key:0000000..key:<range-1> for a number of seconds, pipelined in windows.
//
//   node dist/bench/mixed.js <port> <range> <seconds> [window=500]
// Prints the number of commands sent.

import net from 'node:net';

export async function mixedLoad(port: number, range: number, seconds: number, window = 500): Promise<number> {
  const sock = net.createConnection({ port, host: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    sock.once('connect', resolve);
    sock.once('error', reject);
  });
  sock.setNoDelay(true);
  let replies = 0;
  let expected = 0;
  let wake: (() => void) | null = null;
  // Count replies by their line starts: every reply here is one line, or a bulk ($n + data).
  let carry = '';
  sock.on('data', (d: Buffer) => {
    const text = carry + d.toString('latin1');
    let i = 0;
    for (;;) {
      const nl = text.indexOf('\r\n', i);
      if (nl === -1) break;
      const t = text[i];
      if (t === '$') {
        const n = Number(text.slice(i + 1, nl));
        if (n >= 0) {
          const endData = nl + 2 + n + 2;
          if (endData > text.length) break;
          i = endData;
        } else i = nl + 2;
      } else i = nl + 2;
      replies++;
    }
    carry = text.slice(i);
    if (wake !== null && replies >= expected) {
      const w = wake;
      wake = null;
      w();
    }
  });
  const deadline = Date.now() + seconds * 1000;
  let sent = 0;
  let seed = 12345;
  const rnd = (m: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % m;
  };
  const enc = (args: string[]): string => {
    let s = `*${args.length}\r\n`;
    for (const a of args) s += `$${a.length}\r\n${a}\r\n`;
    return s;
  };
  while (Date.now() < deadline) {
    let req = '';
    for (let k = 0; k < window; k++) {
      const key = 'key:' + String(rnd(range)).padStart(7, '0');
      const r = rnd(100);
      if (r < 50) req += enc(['GET', key]);
      else if (r < 80) req += enc(['SET', key, 'x'.repeat(1 + rnd(40))]);
      else if (r < 90) req += enc(['DEL', key]);
      else req += enc(['EXPIRE', key, String(1 + rnd(30))]);
    }
    expected += window;
    sent += window;
    sock.write(req, 'latin1');
    if (replies < expected) await new Promise<void>((resolve) => (wake = resolve));
  }
  sock.destroy();
  return sent;
}

if (process.argv[1] && process.argv[1].endsWith('mixed.js')) {
  const [port, range, seconds, window] = process.argv.slice(2).map(Number);
  mixedLoad(port!, range!, seconds!, window ?? 500)
    .then((n) => process.stdout.write(`${n}\n`))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
