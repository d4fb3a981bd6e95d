// Connection limits and flow control: maxclients (compared with Redis), idle `timeout`,
// output backpressure (a client that asks for a lot and never reads), the normal-class
// client-output-buffer-limit, and 10,000 concurrent idle connections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { spawn, spawnSync } from 'node:child_process';
import { startTsredis, hasRedis, NO_REDIS_MESSAGE, RawClient, encodeCommand, sleep, waitFor, withServers, withTsredis } from '../helpers.js';

/**
 * Open a connection and return what the server sends before closing, or what it sent
 * within `waitMs` if it stays open (the callers expect a close: they get 5 s for it).
 */
function firstWords(port: number, waitMs = 5000): Promise<{ out: string; closed: boolean; sock: net.Socket }> {
  return new Promise((resolve) => {
    const s = net.createConnection({ port, host: '127.0.0.1' });
    let out = '';
    let closed = false;
    s.on('data', (d: Buffer) => (out += d.toString('latin1')));
    s.on('error', () => {});
    s.on('close', () => {
      closed = true;
      resolve({ out, closed, sock: s });
    });
    setTimeout(() => {
      if (!closed) resolve({ out, closed, sock: s });
    }, waitMs);
  });
}

/** Poll INFO clients over `c` until connected_clients is `n` (5 s at most). */
async function waitForConnectedClients(c: RawClient, n: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await c.call('INFO', 'clients')).includes(`\r\nconnected_clients:${n}\r\n`)) {
    if (Date.now() > deadline) throw new Error(`timeout waiting for connected_clients:${n}`);
    await sleep(20);
  }
}

test('maxclients: the extra connection gets the Redis error and is closed', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  await withServers({ maxclients: 2 }, ['--maxclients', '2'], async (ts, redis) => {
    for (const port of [ts.port, redis.port]) {
      const a = await RawClient.connect(port);
      const b = await RawClient.connect(port);
      assert.equal(await a.call('PING'), '+PONG\r\n');
      const third = await firstWords(port);
      assert.equal(third.out, '-ERR max number of clients reached\r\n', `port ${port}`);
      assert.equal(third.closed, true);
      // Freeing a slot lets the next one in (once the server has seen the close).
      a.close();
      await waitForConnectedClients(b, 1);
      const c = await RawClient.connect(port);
      assert.equal(await c.call('PING'), '+PONG\r\n');
      b.close();
      c.close();
    }
    assert.equal(ts.server.stats.rejectedConnections, 1);
  });
});

test('maxclients: a rejected peer that never reads does not keep close() waiting', async () => {
  const ts = await startTsredis({ maxclients: 1 });
  const a = await RawClient.connect(ts.port);
  const silent = net.createConnection({ port: ts.port, host: '127.0.0.1' });
  silent.on('error', () => {});
  silent.pause();
  await waitFor(() => ts.server.stats.rejectedConnections === 1, 5000, 'the rejection');
  await ts.close();
  a.close();
  silent.destroy();
});

test('timeout: idle clients are closed, active ones are kept', async () => {
  await withTsredis({ timeout: 1 }, async (ts) => {
    const idle = await RawClient.connect(ts.port);
    const busy = await RawClient.connect(ts.port);
    assert.equal(await idle.call('PING'), '+PONG\r\n');
    const deadline = Date.now() + 6000;
    while (!idle.closed && Date.now() < deadline) {
      assert.equal(await busy.call('PING'), '+PONG\r\n');
      await sleep(200);
    }
    assert.equal(idle.closed, true, 'idle client still open');
    assert.equal(busy.closed, false);
    assert.equal(await busy.call('PING'), '+PONG\r\n');
    busy.close();
  });
});

test('output backpressure: a client that never reads is paused, memory stays bounded, others are served', async () => {
  await withTsredis({}, async (ts) => {
    const setup = await RawClient.connect(ts.port);
    const value = Buffer.alloc(1024 * 1024, 'v');
    assert.equal(await setup.call('SET', 'big', value), '+OK\r\n');
    const N = 200;
    // The greedy client: N large GETs in one write, and it does not read.
    const greedy = net.createConnection({ port: ts.port, host: '127.0.0.1' });
    greedy.on('error', () => {});
    await new Promise((r) => greedy.on('connect', r));
    greedy.pause();
    const cmdsBefore = ts.server.stats.totalCommands;
    greedy.write(Buffer.concat(Array.from({ length: N }, () => encodeCommand(['GET', 'big']))));
    const findClient = () => [...ts.server.clients.values()].find((c) => c.id !== undefined && c.socket !== null && c.socket.remotePort === greedy.localPort);
    // A loaded machine may take a while to read the requests and fill the output.
    await waitFor(() => findClient()?.readPaused === true, 5000, 'reading from the greedy client to be paused').catch(() => {});
    const client = findClient()!;
    assert.ok(client, 'server-side client not found');
    assert.equal(client.readPaused, true, 'reading from the greedy client is not paused');
    const ran = ts.server.stats.totalCommands - cmdsBefore;
    assert.ok(ran < N, `all ${N} commands ran although nobody read the replies`);
    const queued = client.outputPending + client.reply.len;
    assert.ok(queued < 4 * 1024 * 1024, `${queued} bytes of output queued`);
    // Others keep being served meanwhile.
    assert.equal(await setup.call('PING'), '+PONG\r\n');
    assert.equal(await setup.call('SET', 'x', '1'), '+OK\r\n');
    // Once the client reads, every reply arrives, complete and in order.
    const expectedLen = N * (value.length + `$${value.length}\r\n`.length + 2);
    let got = 0;
    let firstBad = -1;
    const header = Buffer.from(`$${value.length}\r\n`);
    await new Promise<void>((resolve) => {
      greedy.on('data', (d: Buffer) => {
        // Spot-check that each reply starts where expected.
        const replyLen = value.length + header.length + 2;
        for (let off = (replyLen - (got % replyLen)) % replyLen; off < d.length; off += replyLen) {
          if (firstBad === -1 && d.subarray(off, off + header.length).compare(header.subarray(0, Math.min(header.length, d.length - off))) !== 0) firstBad = got + off;
        }
        got += d.length;
        if (got >= expectedLen) resolve();
      });
      greedy.resume();
    });
    assert.equal(got, expectedLen);
    assert.equal(firstBad, -1);
    assert.equal(ts.server.stats.totalCommands - cmdsBefore >= N, true);
    greedy.destroy();
    setup.close();
  });
});

/**
 * A client that sends `count` GETs of the 1 MB value 'big' and does not read for
 * `waitMs`. A paused socket does not see the peer's FIN, so it then reads: a closed
 * connection ends before every reply arrived, an open one delivers them all.
 */
async function closedForOutput(port: number, count: number, waitMs: number): Promise<boolean> {
  const s = net.createConnection({ port, host: '127.0.0.1' });
  s.on('error', () => {});
  let closedEarly = false; // a reset is seen even while paused
  s.on('close', () => (closedEarly = true));
  await new Promise((r) => s.on('connect', r));
  s.pause();
  s.write(Buffer.concat(Array.from({ length: count }, () => encodeCommand(['GET', 'big']))));
  await sleep(waitMs);
  if (closedEarly) return true;
  const full = count * (1024 * 1024 + `$${1024 * 1024}\r\n`.length + 2);
  let got = 0;
  const closed = await new Promise<boolean>((resolve) => {
    s.on('data', (d: Buffer) => {
      got += d.length;
      if (got >= full) resolve(false);
    });
    s.on('close', () => resolve(got < full));
    setTimeout(() => resolve(false), 10000).unref();
    s.resume();
  });
  s.destroy();
  return closed;
}

test('client-output-buffer-limit normal: hard and soft limits close a client that does not read (as Redis)', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const value = Buffer.alloc(1024 * 1024, 'v');
  // How long the client does not read: enough for a loaded server to run the GETs and
  // hit the hard limit, and for the soft limit (1 s) to be exceeded.
  for (const [limit, waitMs] of [['normal 4mb 0 0', 1500], ['normal 0 2mb 1', 2500]] as const) {
    await withServers({ clientOutputBufferLimit: limit }, ['--client-output-buffer-limit', limit], async (ts, redis) => {
      for (const port of [ts.port, redis.port]) {
        const c = await RawClient.connect(port);
        assert.equal(await c.call('SET', 'big', value), '+OK\r\n');
        assert.equal(await closedForOutput(port, 30, waitMs), true, `${limit}: port ${port} kept the client`);
        assert.equal(await c.call('PING'), '+PONG\r\n');
        c.close();
      }
      assert.ok(ts.server.stats.outputBufferLimitDisconnections >= 1);
    });
  }
  // Without a limit (the default "normal 0 0 0") the client is kept.
  await withTsredis({}, async (ts) => {
    const c = await RawClient.connect(ts.port);
    assert.equal(await c.call('SET', 'big', value), '+OK\r\n');
    assert.equal(await closedForOutput(ts.port, 30, 300), false);
    c.close();
  });
});

/** The soft fd limit of this process (children inherit it), or 0 if unknown. */
function fdLimit(): number {
  const r = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' });
  const n = parseInt(r.stdout, 10);
  return Number.isFinite(n) ? n : r.stdout.trim() === 'unlimited' ? Infinity : 0;
}

// Opens N connections (at most 500 in flight) and keeps them idle until killed.
const OPENER = `
import net from 'node:net';
const [port, n] = process.argv.slice(1).map(Number);
let open = 0, started = 0, failed = 0;
const socks = [];
function one() {
  if (started >= n) return;
  started++;
  const s = net.createConnection({ port, host: '127.0.0.1' });
  socks.push(s);
  s.on('error', () => { failed++; });
  s.on('connect', () => { open++; if (open + failed === n) process.stdout.write('ready ' + open + '\\n'); one(); });
}
for (let i = 0; i < 500; i++) one();
`;

test('10,000 concurrent idle connections (then maxclients rejects one more)', async (t) => {
  const limit = fdLimit();
  if (limit < 10000 + 200) return t.skip(`fd limit ${limit} is too low for 10,000 connections (raise ulimit -n)`);
  const ts = await startTsredis();
  const child = spawn(process.execPath, ['--input-type=module', '-e', OPENER, String(ts.port), '10000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(() => out.includes('ready'), 20000, 'the connections to open');
    assert.match(out, /ready 10000/);
    await waitFor(() => ts.server.clients.size === 10000, 5000, '10,000 server-side clients');
    // maxclients defaults to 10000: one more is refused with Redis's error.
    const extra = await firstWords(ts.port);
    assert.equal(extra.out, '-ERR max number of clients reached\r\n');
    // Closing them all frees every client.
    child.kill('SIGKILL');
    await waitFor(() => ts.server.clients.size === 0, 10000, 'clients to be freed');
    const c = await RawClient.connect(ts.port);
    assert.equal(await c.call('PING'), '+PONG\r\n');
    c.close();
  } finally {
    child.kill('SIGKILL');
    await ts.close();
  }
});
