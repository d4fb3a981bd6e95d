// The socket fast paths (server/reader.ts: shared read buffer; server/sink.ts: direct
// handle writes) fall back to Node's stream API where the runtime lacks what they use.
// TSREDIS_STREAM_IO=1 forces that fallback: a server child process runs with it, through
// split requests, a pipeline, output backpressure and QUIT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RawClient, encodeCommand, freePort, sleep } from '../helpers.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli/server-main.js');

test('stream fallback I/O (TSREDIS_STREAM_IO=1): split requests, pipelines, backpressure, QUIT', async () => {
  const port = await freePort();
  const proc = spawn(process.execPath, [BIN, '--port', String(port), '--bind', '127.0.0.1', '--loglevel', 'warning', '--save', ''], {
    env: { ...process.env, TSREDIS_STREAM_IO: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    let c: RawClient | null = null;
    for (let i = 0; i < 100 && c === null; i++) {
      c = await RawClient.connect(port).catch(() => null);
      if (c === null) await sleep(50);
    }
    assert.ok(c, 'server did not start');
    // A command split across writes, then a pipeline.
    const set = encodeCommand(['SET', 'k', 'v'.repeat(1000)]);
    c.write(set.subarray(0, 7));
    await sleep(20);
    c.write(set.subarray(7));
    assert.equal(await c.readReply(), '+OK\r\n');
    c.write(Buffer.concat(Array.from({ length: 500 }, (_, i) => encodeCommand(['INCR', `n${i % 7}`]))));
    for (let i = 0; i < 500; i++) assert.match(await c.readReply(), /^:\d+\r\n$/);
    // Backpressure: 100 x 1 MB replies to a client that reads late, all arrive in order.
    assert.equal(await c.call('SET', 'big', Buffer.alloc(1024 * 1024, 'b')), '+OK\r\n');
    const slow = net.createConnection({ port, host: '127.0.0.1' });
    await new Promise((r) => slow.on('connect', r));
    slow.pause();
    slow.write(Buffer.concat(Array.from({ length: 100 }, () => encodeCommand(['GET', 'big']))));
    await sleep(200);
    assert.equal(await c.call('PING'), '+PONG\r\n');
    const want = 100 * (1024 * 1024 + `$${1024 * 1024}\r\n`.length + 2);
    let got = 0;
    await new Promise<void>((resolve) => {
      slow.on('data', (d: Buffer) => {
        got += d.length;
        if (got >= want) resolve();
      });
      slow.resume();
    });
    assert.equal(got, want);
    slow.destroy();
    assert.equal(await c.call('QUIT'), '+OK\r\n');
    await c.waitClose();
  } finally {
    proc.kill('SIGKILL');
  }
});
