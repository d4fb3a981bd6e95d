// TLS listeners (src/server/tls.ts): redis-cli --tls, redis-benchmark --tls and ioredis
// against tsredis, client-certificate policies, CONFIG SET reloading and its errors
// compared with a TLS redis-server (the oracle). Throwaway certificates come from openssl.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import tls from 'node:tls';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { freePort, hasRedis, runProcess, spawnRedisServer, startTsredis, NO_REDIS_MESSAGE } from '../helpers.js';

function hasOpenssl(): boolean {
  return spawnSync('openssl', ['version']).status === 0;
}

function cliHasTls(): boolean {
  const r = spawnSync('redis-cli', ['--help'], { encoding: 'utf8' });
  return /--tls/.test((r.stdout ?? '') + (r.stderr ?? ''));
}

/** CA, server and client certificates (and a second, unrelated CA's client) in a temp dir. */
function makeCerts(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsredis-tls-'));
  const run = (...args: string[]): void => {
    const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
  };
  const key = (name: string): string[] => ['-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`];
  run('req', '-x509', ...key('ca'), '-out', 'ca.crt', '-days', '2', '-subj', '/CN=tsredis test CA');
  run('req', '-x509', ...key('other-ca'), '-out', 'other-ca.crt', '-days', '2', '-subj', '/CN=other CA');
  for (const [name, ca] of [['server', 'ca'], ['server2', 'ca'], ['client', 'ca'], ['stranger', 'other-ca']] as const) {
    run('req', ...key(name), '-out', `${name}.csr`, '-subj', `/CN=${name === 'server' || name === 'server2' ? 'localhost' : name}`);
    run('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.crt`, '-days', '2');
  }
  return dir;
}

const skip = !hasOpenssl() ? 'openssl not installed' : !cliHasTls() ? 'redis-cli built without TLS' : null;

function cli(dir: string, port: number, args: string[], withCert = true, certName = 'client'): Promise<string> {
  const certArgs = withCert ? ['--cert', join(dir, `${certName}.crt`), '--key', join(dir, `${certName}.key`)] : [];
  return runProcess('redis-cli', ['-p', String(port), '--tls', '--cacert', join(dir, 'ca.crt'), ...certArgs, ...args], { timeoutMs: 10_000 }).then((r) => r.out + r.err);
}

function tsOptions(dir: string, tlsPort: number, extra: Record<string, string | number> = {}): Record<string, string | number> {
  return {
    port: 0,
    tlsPort,
    tlsCertFile: join(dir, 'server.crt'),
    tlsKeyFile: join(dir, 'server.key'),
    tlsCaCertFile: join(dir, 'ca.crt'),
    loglevel: 'warning',
    logfile: '/dev/null',
    ...extra,
  };
}

test('TLS: redis-cli, client certificate policies, ioredis, redis-benchmark', { skip: skip ?? false }, async () => {
  const dir = makeCerts();
  const port = await freePort();
  const ts = await startTsredis(tsOptions(dir, port));
  try {
    // port 0 + tls-port: TLS only, INFO reports the TLS port as tcp_port (as Redis).
    assert.equal(ts.server.port, 0);
    assert.equal(await cli(dir, port, ['PING']), 'PONG\n');
    assert.equal(await cli(dir, port, ['SET', 'k', 'v']), 'OK\n');
    assert.equal(await cli(dir, port, ['GET', 'k']), 'v\n');
    assert.match(await cli(dir, port, ['INFO', 'server']), new RegExp(`tcp_port:${port}\\r`));
    // tls-auth-clients yes (default): no certificate, or one from another CA, is refused.
    assert.doesNotMatch(await cli(dir, port, ['PING'], false), /PONG/);
    assert.doesNotMatch(await cli(dir, port, ['PING'], true, 'stranger'), /PONG/);
    // optional: none is fine, a bad one is still refused.
    assert.equal(await cli(dir, port, ['CONFIG', 'SET', 'tls-auth-clients', 'optional']), 'OK\n');
    assert.equal(await cli(dir, port, ['PING'], false), 'PONG\n');
    assert.doesNotMatch(await cli(dir, port, ['PING'], true, 'stranger'), /PONG/);
    assert.equal(await cli(dir, port, ['PING']), 'PONG\n');
    // no: certificates are not asked for.
    assert.equal(await cli(dir, port, ['CONFIG', 'SET', 'tls-auth-clients', 'no']), 'OK\n');
    assert.equal(await cli(dir, port, ['PING'], false), 'PONG\n');

    // ioredis with tls options, pipelined traffic through the stream paths.
    const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, tls: { ca: readFileSync(join(dir, 'ca.crt')), servername: 'localhost' } });
    try {
      await r.connect();
      const p = r.pipeline();
      for (let i = 0; i < 500; i++) p.set(`key:${i}`, 'x'.repeat(i));
      await p.exec();
      assert.equal(await r.get('key:499'), 'x'.repeat(499));
      const big = 'y'.repeat(3_000_000);
      await r.set('big', big);
      assert.equal(await r.get('big'), big);
    } finally {
      r.disconnect();
    }

    const bench = await runProcess('redis-benchmark', ['-p', String(port), '--tls', '--cacert', join(dir, 'ca.crt'), '-n', '2000', '-c', '5', '-q', '-t', 'set,get', '-P', '4'], { timeoutMs: 20_000 });
    assert.equal(bench.code, 0, bench.err);
    assert.match(bench.out, /GET: [\d.]+ requests per second/);
  } finally {
    await ts.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('TLS: CONFIG SET reloads the certificate for new connections; tls-port moves', { skip: skip ?? false }, async () => {
  const dir = makeCerts();
  const port = await freePort();
  const ts = await startTsredis(tsOptions(dir, port, { tlsAuthClients: 'no' }));
  const serial = (): Promise<string> =>
    new Promise((resolve, reject) => {
      const s = tls.connect({ port, host: '127.0.0.1', ca: readFileSync(join(dir, 'ca.crt')), servername: 'localhost' }, () => {
        const sn = s.getPeerCertificate().serialNumber;
        s.end();
        resolve(sn);
      });
      s.on('error', reject);
    });
  try {
    const before = await serial();
    assert.equal(await cli(dir, port, ['CONFIG', 'SET', 'tls-cert-file', join(dir, 'server2.crt'), 'tls-key-file', join(dir, 'server2.key')]), 'OK\n');
    const after = await serial();
    assert.notEqual(before, after);
    // A key that does not match the certificate: refused, old settings kept.
    const bad = await cli(dir, port, ['CONFIG', 'SET', 'tls-key-file', join(dir, 'server.key')]);
    assert.equal(bad, "ERR CONFIG SET failed (possibly related to argument 'tls-key-file') - Unable to update TLS configuration. Check server logs.\n\n");
    assert.equal(await cli(dir, port, ['CONFIG', 'GET', 'tls-key-file']), `tls-key-file\n${join(dir, 'server2.key')}\n`);
    assert.equal(await serial(), after);
    // tls-port moves to another free port.
    const port2 = await freePort();
    assert.equal(await cli(dir, port, ['CONFIG', 'SET', 'tls-port', String(port2)]), 'OK\n');
    assert.equal(await cli(dir, port2, ['PING']), 'PONG\n');
    assert.equal(ts.server.tls.port, port2);
  } finally {
    await ts.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('TLS: CONFIG SET errors match a TLS redis-server', { skip: skip ?? (!hasRedis() ? NO_REDIS_MESSAGE : false) }, async () => {
  const dir = makeCerts();
  const tsPort = await freePort();
  const ts = await startTsredis(tsOptions(dir, tsPort));
  const rPort = await freePort();
  const rPlain = await freePort();
  // The plain port is what spawnRedisServer polls until the server is up.
  const redis = await spawnRedisServer(
    ['--port', String(rPlain), '--bind', '127.0.0.1', '--tls-port', String(rPort), '--tls-cert-file', join(dir, 'server.crt'), '--tls-key-file', join(dir, 'server.key'), '--tls-ca-cert-file', join(dir, 'ca.crt'), '--save', '', '--appendonly', 'no'],
    rPlain,
    dir,
  ).catch(() => null);
  try {
    if (redis === null) return; // redis-server without TLS support
    const cases: string[][] = [
      ['CONFIG', 'SET', 'tls-cert-file', '/nonexistent/cert.pem'],
      ['CONFIG', 'SET', 'tls-protocols', 'TLSv1.9'],
      ['CONFIG', 'SET', 'tls-protocols', 'TLSv1.2 TLSv1.3'],
      ['CONFIG', 'SET', 'tls-ciphers', 'BOGUS'],
      ['CONFIG', 'SET', 'tls-ciphersuites', 'BOGUS'],
      ['CONFIG', 'SET', 'tls-ciphersuites', 'TLS_AES_128_GCM_SHA256'],
      ['CONFIG', 'SET', 'tls-ca-cert-file', ''],
      ['CONFIG', 'SET', 'tls-dh-params-file', '/nonexistent/dh.pem'],
      ['CONFIG', 'SET', 'tls-prefer-server-ciphers', 'yes'],
      ['CONFIG', 'SET', 'tls-session-caching', 'no'],
      ['PING'],
      ['CONFIG', 'GET', 'tls-*'],
    ];
    for (const c of cases) {
      const a = await cli(dir, tsPort, c);
      const b = await cli(dir, rPort, c);
      if (c[1] === 'GET') {
        // Paths and ports differ; compare the names and the values that do not.
        const norm = (s: string): string => s.split(dir).join('DIR').replace(String(tsPort), 'PORT').replace(String(rPort), 'PORT');
        assert.deepEqual(norm(a).split('\n').sort(), norm(b).split('\n').sort());
      } else assert.equal(a, b, c.join(' '));
    }
  } finally {
    await redis?.close();
    await ts.close();
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
});
