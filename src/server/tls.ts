// TLS listeners, as a Redis 7.0 built with BUILD_TLS=yes.
//
// The tls-* parameters build one SecureContext (certificate, key, CA, protocols, ciphers,
// DH parameters, session settings). It is built at start-up when tls-port (or
// tls-replication / tls-cluster) is set, and rebuilt by CONFIG SET of any tls-* parameter:
// new connections get the new context, established ones keep theirs, as in Redis. A
// context that fails to build refuses the CONFIG SET ("Unable to update TLS
// configuration. Check server logs.") and the reason is logged with Redis's wording.
//
// Listening: a plain net.Server on tls-port (same bind list as port); each accepted
// socket is wrapped in a server-side TLSSocket with the current context and the
// tls-auth-clients policy of that moment, and handed to the server once the handshake
// is done. TLS sockets take the stream read/write paths (the libuv-handle fast paths of
// reader.ts and sink.ts would bypass the encryption layer).

import net from 'node:net';
import tls from 'node:tls';
import { constants as cryptoConstants } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/config.js';
import { ConfigError } from '../config/params.js';
import type { Logger } from '../util/log.js';

/** Parameters whose change rebuilds the context (Redis's applyTlsCfg). */
export const TLS_CONTEXT_PARAMS = [
  'tls-cert-file',
  'tls-key-file',
  'tls-key-file-pass',
  'tls-client-cert-file',
  'tls-client-key-file',
  'tls-client-key-file-pass',
  'tls-dh-params-file',
  'tls-ca-cert-file',
  'tls-ca-cert-dir',
  'tls-protocols',
  'tls-ciphers',
  'tls-ciphersuites',
  'tls-prefer-server-ciphers',
  'tls-session-caching',
  'tls-session-cache-size',
  'tls-session-cache-timeout',
  'tls-replication',
  'tls-cluster',
];

/** How long a client may take to complete the handshake before it is dropped. */
const HANDSHAKE_TIMEOUT_MS = 10_000;

const PROTOCOLS: Record<string, tls.SecureVersion> = {
  tlsv1: 'TLSv1',
  'tlsv1.1': 'TLSv1.1',
  'tlsv1.2': 'TLSv1.2',
  'tlsv1.3': 'TLSv1.3',
};
const PROTOCOL_ORDER: tls.SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/** A context that could not be built; the message is the line Redis logs. */
export class TlsConfigError extends Error {}

function readFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new TlsConfigError(`Failed to load ${what}: ${path}: ${err.code === 'ENOENT' ? 'No such file or directory' : err.message}`);
  }
}

/** tls-protocols → [min, max] (Node accepts a contiguous range only; gaps are filled). */
function parseProtocols(text: string): [tls.SecureVersion, tls.SecureVersion] {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) return ['TLSv1.2', 'TLSv1.3'];
  let lo = 99;
  let hi = -1;
  for (const w of words) {
    const v = PROTOCOLS[w.toLowerCase()];
    if (v === undefined) throw new TlsConfigError("Invalid tls-protocols specified. Use a combination of 'TLSv1', 'TLSv1.1', 'TLSv1.2' and 'TLSv1.3'.");
    const i = PROTOCOL_ORDER.indexOf(v);
    lo = Math.min(lo, i);
    hi = Math.max(hi, i);
  }
  return [PROTOCOL_ORDER[lo]!, PROTOCOL_ORDER[hi]!];
}

/** Every regular file of a CA directory, concatenated (Redis uses OpenSSL's hashed lookup). */
function readCaDir(dir: string): Buffer[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw new TlsConfigError(`Failed to configure CA certificate(s) file/directory: ${(e as Error).message}`);
  }
  const out: Buffer[] = [];
  for (const n of names) {
    const p = join(dir, n);
    try {
      if (!statSync(p).isFile()) continue;
      const b = readFileSync(p);
      if (b.includes('-----BEGIN CERTIFICATE-----')) out.push(b);
    } catch {
      /* unreadable entries are skipped, as a hashed lookup would miss them */
    }
  }
  return out;
}

/** Build the server context options from the tls-* parameters (validated); throws TlsConfigError. */
export function buildSecureContext(config: Config): tls.SecureContextOptions {
  const certFile = config.str('tls-cert-file');
  const keyFile = config.str('tls-key-file');
  if (certFile === '') throw new TlsConfigError('No tls-cert-file configured!');
  if (keyFile === '') throw new TlsConfigError('No tls-key-file configured!');
  const caFile = config.str('tls-ca-cert-file');
  const caDir = config.str('tls-ca-cert-dir');
  const needCa = config.str('tls-auth-clients') !== 'no' || config.bool('tls-replication') || config.bool('tls-cluster');
  if (needCa && caFile === '' && caDir === '') {
    throw new TlsConfigError('Either tls-ca-cert-file or tls-ca-cert-dir must be specified when tls-cluster, tls-replication or tls-auth-clients are enabled!');
  }
  const [minVersion, maxVersion] = parseProtocols(config.str('tls-protocols'));
  const opts: tls.SecureContextOptions = { minVersion, maxVersion };
  opts.cert = readFile(certFile, 'certificate');
  opts.key = readFile(keyFile, 'private key');
  const pass = config.str('tls-key-file-pass');
  if (pass !== '') opts.passphrase = pass;
  const ca: Buffer[] = [];
  if (caFile !== '') ca.push(readFile(caFile, 'CA certificate(s) file'));
  if (caDir !== '') ca.push(...readCaDir(caDir));
  if (ca.length > 0) opts.ca = ca;
  const ciphers = config.str('tls-ciphers');
  const suites = config.str('tls-ciphersuites');
  // Checked on their own first: OpenSSL accepts a list where only some names match.
  if (ciphers !== '') {
    try {
      tls.createSecureContext({ ciphers });
    } catch {
      throw new TlsConfigError(`Failed to configure ciphers: ${ciphers}`);
    }
  }
  if (suites !== '') {
    const ok = suites.split(':').every((s) => s.startsWith('TLS_'));
    try {
      if (!ok) throw new Error('bad');
      tls.createSecureContext({ ciphers: suites });
    } catch {
      throw new TlsConfigError(`Failed to configure ciphersuites: ${suites}`);
    }
  }
  if (ciphers !== '' || suites !== '') {
    const defaults = tls.DEFAULT_CIPHERS.split(':');
    const v13 = suites !== '' ? suites : defaults.filter((s) => s.startsWith('TLS_')).join(':');
    const v12 = ciphers !== '' ? ciphers : defaults.filter((s) => !s.startsWith('TLS_')).join(':');
    opts.ciphers = `${v13}:${v12}`;
  }
  if (config.bool('tls-prefer-server-ciphers')) opts.honorCipherOrder = true;
  const dh = config.str('tls-dh-params-file');
  if (dh !== '') {
    try {
      opts.dhparam = readFileSync(dh);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new TlsConfigError(`Failed to load ${dh}: ${err.code === 'ENOENT' ? 'No such file or directory' : err.message}`);
    }
  }
  opts.sessionTimeout = config.num('tls-session-cache-timeout');
  // Node keeps no server-side session cache of its own: resumption is by tickets, so
  // tls-session-caching no turns tickets off (Redis sets SSL_OP_NO_TICKET too).
  if (!config.bool('tls-session-caching')) opts.secureOptions = cryptoConstants.SSL_OP_NO_TICKET;
  try {
    tls.createSecureContext(opts);
    return opts;
  } catch (e) {
    const msg = (e as Error).message;
    if (/passphrase|decrypt|bad decrypt|PEM|key/i.test(msg) && !/certificate/i.test(msg)) throw new TlsConfigError(`Failed to load private key: ${keyFile}: ${msg}`);
    throw new TlsConfigError(`Failed to configure TLS: ${msg}`);
  }
}

/** Node's "<hex>:error:<code>:<lib>:<func>:<reason>:<file>:<line>:" as OpenSSL 3 prints it for Redis. */
function opensslText(msg: string): string {
  const m = /(error:[0-9A-F]+:[^:]+):[^:]*:([^:]+):/.exec(msg);
  return m !== null ? `${m[1]}::${m[2]}` : msg.trim();
}

/** What the TLS layer needs from the server. */
export interface TlsHost {
  readonly config: Config;
  readonly log: Logger;
  /** Hand over a socket whose handshake completed. */
  acceptSecure(sock: tls.TLSSocket): void;
  readonly isClosing: boolean;
}

export class TlsSupport {
  private ctx: tls.SecureContextOptions | null = null;
  listeners: tls.Server[] = [];
  /** Port the TLS listeners are bound to (0: none). */
  port = 0;
  private bindText = '';
  private rebindRequested = false;
  /** Set by start(): startup options apply without rebuilding the context each time. */
  private started = false;

  constructor(private readonly host: TlsHost) {
    const config = host.config;
    const reconfigure = (): void => {
      if (!this.started || !this.wanted()) return;
      try {
        this.configure();
      } catch (e) {
        if (!(e instanceof TlsConfigError)) throw e;
        throw new ConfigError('Unable to update TLS configuration. Check server logs.');
      }
    };
    for (const p of TLS_CONTEXT_PARAMS) config.on(p, reconfigure);
    config.on('tls-port', () => (this.rebindRequested = true));
    config.on('bind', () => (this.rebindRequested = true));
  }

  /** TLS is in use (Redis configures the context only then). */
  private wanted(): boolean {
    const c = this.host.config;
    return c.num('tls-port') !== 0 || c.bool('tls-replication') || c.bool('tls-cluster');
  }

  /** (Re)build the context from the parameters; throws TlsConfigError after logging it. */
  configure(): void {
    try {
      this.ctx = buildSecureContext(this.host.config);
      // New connections use it; established ones keep the context they started with.
      for (const l of this.listeners) l.setSecureContext(this.ctx);
    } catch (e) {
      if (e instanceof TlsConfigError) this.host.log.warning(e.message);
      throw e;
    }
  }

  /** Start-up: build the context and listen on tls-port when configured. */
  async start(bind: string): Promise<void> {
    this.rebindRequested = false;
    this.started = true;
    if (!this.wanted()) return;
    try {
      this.configure();
    } catch (e) {
      if (e instanceof TlsConfigError) throw new Error('Failed to configure TLS. Check logs for more info.');
      throw e;
    }
    const port = this.host.config.num('tls-port');
    if (port !== 0) {
      this.listeners = await this.bindAll(port, bind);
      this.port = port;
      this.bindText = bind;
    }
  }

  /** After CONFIG SET tls-port / bind: move the TLS listeners (null: nothing to do). */
  takeRebind(): Promise<Error | null> | null {
    if (!this.rebindRequested) return null;
    this.rebindRequested = false;
    if (this.host.isClosing) return null;
    const port = this.host.config.num('tls-port');
    const bind = this.host.config.str('bind');
    if (port === this.port && (port === 0 || bind === this.bindText)) return null;
    if (port === 0) {
      for (const l of this.listeners) l.close();
      this.listeners = [];
      this.port = 0;
      return Promise.resolve(null);
    }
    if (this.ctx === null) {
      try {
        this.configure();
      } catch (e) {
        return Promise.resolve(e as Error);
      }
    }
    return this.bindAll(port, bind).then(
      (ls) => {
        for (const l of this.listeners) l.close();
        this.listeners = ls;
        this.port = port;
        this.bindText = bind;
        this.host.log.notice(`Listening for TLS on ${bind} port ${port}`);
        return null;
      },
      (e: Error) => {
        this.host.log.warning(`CONFIG SET: failed to bind TLS port ${port} (${e.message})`);
        return e;
      },
    );
  }

  close(): Promise<void>[] {
    const out = this.listeners.map((l) => new Promise<void>((resolve) => l.close(() => resolve())));
    this.listeners = [];
    return out;
  }

  private async bindAll(port: number, bind: string): Promise<tls.Server[]> {
    const out: tls.Server[] = [];
    const backlog = this.host.config.num('tcp-backlog');
    try {
      for (const raw of bind.split(/\s+/).filter((b) => b.length > 0)) {
        const optional = raw.startsWith('-');
        let h = optional ? raw.slice(1) : raw;
        if (h === '*') h = '0.0.0.0';
        if (h === '::*') h = '::';
        try {
          out.push(await this.listenOne({ host: h, port, backlog }));
        } catch (e) {
          if (!optional) throw e;
        }
      }
    } catch (e) {
      for (const l of out) l.close();
      throw e;
    }
    return out;
  }

  private listenOne(opts: net.ListenOptions): Promise<tls.Server> {
    return new Promise((resolve, reject) => {
      const srv = tls.createServer({ ...this.ctx!, noDelay: true, handshakeTimeout: HANDSHAKE_TIMEOUT_MS }, (t) => this.secured(t));
      srv.maxConnections = 1 << 30;
      this.applyAuth(srv);
      // tls-auth-clients is read per connection, as Redis does at accept time.
      srv.prependListener('connection', () => this.applyAuth(srv));
      srv.on('tlsClientError', (err: Error, t: tls.TLSSocket) => {
        this.host.log.warning(`Error accepting a client connection: ${opensslText(err.message)}`);
        t.destroy();
      });
      const onError = (err: Error): void => reject(err);
      srv.once('error', onError);
      srv.listen(opts, () => {
        srv.off('error', onError);
        srv.on('error', (err) => this.host.log.warning(`TLS listener error: ${err.message}`));
        resolve(srv);
      });
    });
  }

  /**
   * The client-certificate policy for the next handshakes. tls.Server reads these two
   * fields for each connection it wraps ('connection' runs just before that).
   */
  private applyAuth(srv: tls.Server): void {
    const auth = this.host.config.str('tls-auth-clients');
    const s = srv as unknown as { requestCert: boolean; rejectUnauthorized: boolean };
    s.requestCert = auth !== 'no';
    // optional: no certificate is fine, one that is presented must verify (secured()).
    s.rejectUnauthorized = auth === 'yes';
  }

  private secured(t: tls.TLSSocket): void {
    if (t.destroyed) return;
    if (this.host.isClosing) {
      t.destroy();
      return;
    }
    if (!t.authorized && this.host.config.str('tls-auth-clients') === 'optional') {
      const cert = t.getPeerCertificate();
      if (cert !== null && Object.keys(cert).length > 0) {
        this.host.log.warning(`Error accepting a client connection: ${String(t.authorizationError ?? 'certificate verify failed')}`);
        t.destroy();
        return;
      }
    }
    this.host.acceptSecure(t);
  }
}
