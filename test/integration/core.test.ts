// Core server behaviour over real sockets: ping, inline commands, pipelining, errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTsredis, RawClient } from '../helpers.js';
import type { RunningServer } from '../../src/index.js';

let srv: RunningServer;
before(async () => {
  srv = await startTsredis();
});
after(async () => {
  await srv.close();
});

test('PING over RESP and inline', async () => {
  const c = await RawClient.connect(srv.port);
  assert.equal(await c.call('PING'), '+PONG\r\n');
  assert.equal(await c.call('ping', 'hello'), '$5\r\nhello\r\n');
  c.write('PING\r\n');
  assert.equal(await c.readReply(), '+PONG\r\n');
  c.close();
});

test('unknown command and arity errors', async () => {
  const c = await RawClient.connect(srv.port);
  assert.equal(await c.call('foo', 'a', 'b'), "-ERR unknown command 'foo', with args beginning with: 'a' 'b' \r\n");
  assert.equal(await c.call('get'), "-ERR wrong number of arguments for 'get' command\r\n");
  c.close();
});

test('pipelined commands are answered in order', async () => {
  const c = await RawClient.connect(srv.port);
  let batch = '';
  for (let i = 0; i < 100; i++) batch += `*3\r\n$3\r\nSET\r\n$2\r\nk${i % 10}\r\n$${String(i).length}\r\n${i}\r\n`;
  c.write(batch);
  for (let i = 0; i < 100; i++) assert.equal(await c.readReply(), '+OK\r\n');
  c.close();
});

test('protocol error closes the connection', async () => {
  const c = await RawClient.connect(srv.port);
  c.write('*1\r\n$x\r\n');
  assert.equal(await c.readReply(), "-ERR Protocol error: invalid bulk length\r\n");
  await c.waitClose();
});
