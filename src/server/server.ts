// The server: listeners, client lifecycle, the dispatcher (lookup, arity, auth, pause,
// MULTI queueing, the RESP2 Pub/Sub context, call, stats, propagation, MONITOR feed),
// keyspace event delivery, write batching and the periodic cron (active expiry, idle
// timeouts, unpausing, instantaneous metrics).
//
// Flow per read: bytes (reader.ts, one shared buffer) → client.parser → processCommand per
// complete command → handler writes into client.reply → one socket write per client at
// the end of the loop turn (flushTurn, sink.ts).

import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { Client, ParkReason, ReplyMode } from './client.js';
import { redactArgv } from './redact.js';
import { CommandTable } from '../commands/table.js';
import { PerfMonitor, estimateValueBytes } from '../commands/server.js';
import { accessStampFor, bindIntSharing, lfuDecayed } from '../commands/object.js';
import type { CommandSpec } from '../commands/spec.js';
import { scriptMayWrite } from '../commands/scripting.js';
import { Config, parseMemory, type ConfigValue } from '../config/config.js';
import { Db } from '../store/keyspace.js';
import { EvictResult, Evictor, MemoryMeter, OOM_ERROR } from '../store/evict.js';
import { ProtocolError, ReplyError } from '../util/errors.js';
import { now, updateClock, ustime } from '../util/clock.js';
import { Logger } from '../util/log.js';
import { repr } from '../util/strings.js';
import { attachSharedReader } from './reader.js';
import { createSink, SINK_BUSY, SINK_KEPT } from './sink.js';
import { TlsSupport } from './tls.js';
import { ClusterState } from '../cluster/state.js';
import type { TLSSocket } from 'node:tls';
import { KeyBlocking } from './blocking.js';
import { PubSub } from './pubsub.js';
import { Acl } from './acl.js';
import { Tracking } from './tracking.js';
import { Aof } from '../persistence/aof.js';
import { startReplicationFromConfig, stopReplication } from '../replication/repl.js';
import { MULTI_HAS_DENYOOM, MULTI_HAS_MAY_REPLICATE, MULTI_HAS_WRITE, WatchRegistry, discardTransaction, flagTransaction, queueMultiCommand, runsInsideMulti } from './multi.js';
import { NOTIFY_EVICTED, NOTIFY_EXPIRED, NOTIFY_GENERIC, NOTIFY_HASH, NOTIFY_KEYEVENT, NOTIFY_KEYSPACE, NOTIFY_KEY_MISS, NOTIFY_LIST, NOTIFY_MODULE, NOTIFY_NEW, NOTIFY_SET, NOTIFY_STREAM, NOTIFY_STRING, NOTIFY_ZSET, keyspaceEventsStringToFlags } from '../config/params.js';

/** Active expiry slice period (ms); see startCron. */
const EXPIRE_SLICE_MS = 10;

export const TSREDIS_VERSION = '0.1.0';

/** Bytes a client may send in consecutive reads before its reading yields (see yieldClient). */
const READ_BURST_BYTES = 32 * 1024;
/** A batch of one client's commands running longer than this yields (see yieldClient). */
const SLICE_MS = 2;
/** Commands between two clock reads for SLICE_MS. */
const SLICE_CHECK_EVERY = 32;
/** Reply bytes a pipeline may accumulate before they are written mid-batch. */
const OUTPUT_FLUSH_BYTES = 64 * 1024;
export const REDIS_VERSION = '7.0.15';

/** Counters reported by INFO stats. */
export class Stats {
  totalConnections = 0;
  totalCommands = 0;
  netInputBytes = 0;
  netOutputBytes = 0;
  rejectedConnections = 0;
  expiredKeys = 0;
  expiredStalePerc = 0;
  expiredTimeCapReached = 0;
  evictedKeys = 0;
  keyspaceHits = 0;
  keyspaceMisses = 0;
  totalErrorReplies = 0;
  readsProcessed = 0;
  writesProcessed = 0;
  queryBufferLimitDisconnections = 0;
  outputBufferLimitDisconnections = 0;
  errorStats = new Map<string, number>();
  // Instantaneous metrics: samples taken by the cron.
  opsSamples: number[] = new Array<number>(16).fill(0);
  inSamples: number[] = new Array<number>(16).fill(0);
  outSamples: number[] = new Array<number>(16).fill(0);
  sampleIdx = 0;
  lastSampleTime = 0;
  lastSampleOps = 0;
  lastSampleIn = 0;
  lastSampleOut = 0;
}

/** Hooks later subsystems attach to (WATCH, keyspace events, AOF, replicas). */
export type PropagateFn = (dbIndex: number, argv: string[]) => void;
export type KeyModifiedFn = (db: Db, key: string) => void;

export interface ListenAddress {
  host: string;
  port: number;
}

export class Server {
  readonly config = new Config();
  readonly table = new CommandTable();
  readonly log = new Logger();
  readonly stats = new Stats();
  dbs: Db[] = [];
  readonly clients = new Map<number, Client>();
  readonly monitors = new Set<Client>();
  private nextClientId = 1;
  private listeners: net.Server[] = [];
  /** The TCP subset of listeners and the bind text they were made from (rebinding). */
  private tcpListeners: net.Server[] = [];
  private tcpBindText = '';
  unixSocketPath: string | undefined;
  /** Absolute path of the config file given at startup (CONFIG REWRITE, INFO); null if none. */
  configFile: string | null = null;
  /** Port actually bound (resolved when port 0 was asked). */
  port = 0;
  host = '127.0.0.1';
  readonly startTime = Date.now();
  readonly runId: string;
  /** Changes since the last save (rdb_changes_since_last_save); writes bump it. */
  dirty = 0;
  lastSave = Math.floor(Date.now() / 1000);
  // Hot config values, kept in fields and refreshed on CONFIG SET.
  protoMaxBulkLen = 512 * 1024 * 1024;
  queryBufferLimit = 1024 * 1024 * 1024;
  maxClients = 10000;
  idleTimeout = 0;
  hz = 10;
  requirePass = '';
  obufLimits = { hard: 0, soft: 0, seconds: 0 };
  /** client-output-buffer-limit of the pubsub class (clients with subscriptions). */
  obufLimitsPubsub = { hard: 0, soft: 0, seconds: 0 };
  /** notify-keyspace-events as NOTIFY_* bits (0 = keyspace events off). */
  notifyFlags = 0;
  /**
   * Output queued to a socket before reading from its client pauses. With no normal-class
   * limit this is 0 (pause as soon as the socket wants a drain); with one, clients keep
   * being served up to the limit so that, as in Redis, the limit is what disconnects them.
   */
  obufPauseAt = 0;
  // CLIENT PAUSE state.
  pauseEnd = 0;
  private pauseTimer: NodeJS.Timeout | null = null;
  pauseAll = false;
  private readonly pausedClients: Client[] = [];
  /** Clients parked in a blocking command (WAIT...). */
  readonly blockedClients = new Set<Client>();
  /** Clients blocked on keys (BLPOP, BZPOPMIN...) and the ready-key queue: blocking.ts. */
  readonly blocking: KeyBlocking = new KeyBlocking(this);
  private readonly pendingFlush = new Set<Client>();
  /** The client of the latest socket read, and bytes it sent in reads back to back. */
  private burstClient: Client | null = null;
  private burstBytes = 0;
  /** Clients whose reading yields until the check phase of this loop turn. */
  private readonly yieldedReaders: Client[] = [];
  private cronTimer: NodeJS.Timeout | null = null;
  private expireTimer: NodeJS.Timeout | null = null;
  private cronLoops = 0;
  activeExpireEnabled = true;
  /** DEBUG PAUSE-CRON. */
  cronPaused = false;
  private closing = false;
  readonly propagateHooks: PropagateFn[] = [];
  /** Replication (src/replication): this server follows a master; writes are refused unless from masterClient. */
  isReplica = false;
  readOnlyReplica = false;
  masterClient: Client | null = null;
  /** A master with min-replicas-to-write set and fewer good replicas (src/replication). */
  noGoodReplicas = false;
  /** A replica with replica-ignore-maxmemory yes: no evictions, no OOM refusals. */
  replicaIgnoresMaxmemory = false;
  /** master_repl_offset, kept by src/replication (Client.woff after a propagated write). */
  replOffset = 0;
  readonly keyModifiedHooks: KeyModifiedFn[] = [];
  /** Pub/Sub channels and patterns (pubsub.ts). */
  readonly pubsub: PubSub = new PubSub(this);
  /** WATCHed keys (multi.ts); hooks itself into keyModifiedHooks while any key is watched. */
  readonly watches: WatchRegistry = new WatchRegistry(this.keyModifiedHooks);
  /**
   * While EXEC runs its commands: what they propagate is collected here, then handed to
   * the propagate hooks wrapped in MULTI/EXEC (commands/transactions.ts).
   */
  propagationBuffer: [number, string[]][] | null = null;
  /** The client whose EXEC is running its queued commands (see call). */
  execClient: Client | null = null;
  /** Set by a handler that applied CLIENT REPLY OFF/SKIP to its reply itself (EXEC). */
  replyHandled = false;
  /** Commands run in the current input batch, for commandstats timing (see processInput). */
  private readonly batchSpecs: (CommandSpec | undefined)[] = [];
  /** Argv and client of each command in the batch (SLOWLOG entries). */
  private readonly batchArgvs: (string[] | undefined)[] = [];
  private readonly batchClients: (Client | undefined)[] = [];
  /** Error replies ever written; unlike the stats counter, CONFIG RESETSTAT keeps it. */
  private errorSeq = 0;
  /**
   * errorSeq when the running call started, moved to the end of each nested call (EXEC
   * runs its commands through call): a command counts as failed when errors were written
   * after it, so EXEC is not failed by its commands' errors, as Redis's
   * incrCommandStatsOnError (its static prev_err_count) behaves.
   */
  private callErrorMark = 0;
  /** Microseconds of each batch command timed individually; -1 = share of the batch. */
  private readonly batchUsec: number[] = [];
  /** SLOWLOG, LATENCY and latencystats recording (commands/server.ts), fed per batch. */
  readonly perf: PerfMonitor = new PerfMonitor(this);
  private batchLen = 0;
  /**
   * Clock mark for chained command timing (see call): the last clock read of the current
   * input batch, usable as the next timed command's start while clockMarkValid (nothing
   * untimed ran since). Valid only inside processInput.
   */
  private clockMark = 0;
  private clockMarkValid = false;
  /** Current client executing a command (for hooks that need it). */
  currentClient: Client | null = null;
  /** Called when the server finishes shutting down (SHUTDOWN command, signals). */
  onShutdown: (() => void) | null = null;
  /** used_memory estimate (store/evict.ts explains the accounting), measured once per batch. */
  readonly memory = new MemoryMeter();
  /** maxmemory enforcement (performEvictions before each command). */
  readonly evictor: Evictor;
  /** Users and permissions (acl.ts). */
  readonly acl: Acl;
  /** `user` directives of the config file, loaded by listen() (argv after "user"). */
  configUsers: string[][] = [];
  /** CLIENT TRACKING state (tracking.ts); idle while tracking.clients is 0. */
  readonly tracking: Tracking = new Tracking(this);
  /** AOF persistence (persistence/aof.ts): loaded in listen(), written before replies (flush). */
  readonly aof: Aof;
  /** TLS listeners and context (tls.ts); idle unless tls-port is set. */
  readonly tls: TlsSupport = new TlsSupport(this);
  /** Cluster mode state (cluster-enabled yes), else null: the dispatcher's slot check is skipped. */
  cluster: ClusterState | null = null;

  constructor(options: Record<string, ConfigValue | undefined> = {}) {
    this.runId = randomHex(40);
    for (const [k, v] of Object.entries(options)) {
      if (v === undefined) continue;
      this.config.set(toDirective(k), typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v), true);
    }
    this.applyConfig();
    this.acl = new Acl(this);
    this.config.userLines = () => (this.config.str('aclfile') !== '' ? null : this.acl.listLines());
    const ndb = this.config.num('databases');
    const hooks = {
      expired: (db: Db, key: string) => this.onKeyExpired(db, key),
      accessStamp: accessStampFor(this),
    };
    for (let i = 0; i < ndb; i++) {
      const db = new Db(i);
      db.hooks = hooks;
      db.counters = this.stats;
      this.dbs.push(db);
    }
    this.installNotifyHooks();
    bindIntSharing(this);
    this.aof = new Aof(this);
    this.evictor = new Evictor({
      dbs: () => this.dbs,
      meter: this.memory,
      config: this.config,
      stats: this.stats,
      paused: () => this.pauseEnd !== 0 && now() < this.pauseEnd,
      // Key string, value, and ~32 bytes of per-key index and metadata (as MEMORY USAGE).
      keyBytes: (key, value) => 16 + ((key.length + 7) & ~7) + 32 + estimateValueBytes(value, 5),
      lfuCounter: (stamp) => lfuDecayed(stamp, this.config.num('lfu-decay-time')),
      evicted: (db, key, lazy) => {
        this.signalModifiedKey(db, key);
        this.notifyKeyspaceEvent('e', 'evicted', key, db.id);
        if (this.propagateHooks.length > 0) this.propagate(db.id, [lazy ? 'UNLINK' : 'DEL', key]);
      },
      warning: (m) => this.log.warning(m),
    });
  }

  /** INFO used_memory and the figure maxmemory is checked against. */
  usedMemory(): number {
    return this.memory.used();
  }

  /** Copy hot config values into fields and subscribe to their changes. */
  private applyConfig(): void {
    const c = this.config;
    const bind = (name: string, fn: (v: ConfigValue) => void): void => {
      fn(c.raw(name)!);
      c.on(name, fn);
    };
    bind('proto-max-bulk-len', (v) => {
      this.protoMaxBulkLen = v as number;
      for (const cl of this.clients.values()) cl.parser.limits.maxBulkLen = v as number;
    });
    bind('client-query-buffer-limit', (v) => (this.queryBufferLimit = v as number));
    bind('maxclients', (v) => (this.maxClients = v as number));
    bind('timeout', (v) => (this.idleTimeout = v as number));
    bind('hz', (v) => {
      this.hz = Math.min(500, Math.max(1, v as number));
      if (this.cronTimer !== null) this.startCron();
    });
    bind('requirepass', (v) => {
      this.requirePass = v as string;
      (this.acl as Acl | undefined)?.updateDefaultPassword(this.requirePass);
    });
    bind('loglevel', (v) => this.log.setLevel(v as string));
    bind('logfile', (v) => (this.log.file = v as string));
    bind('client-output-buffer-limit', (v) => {
      const parts = String(v).split(/\s+/);
      for (let i = 0; i + 3 < parts.length; i += 4) {
        const mem = (x: string | undefined): number => parseMemory(x ?? '0') ?? 0;
        const lim = { hard: mem(parts[i + 1]), soft: mem(parts[i + 2]), seconds: Number(parts[i + 3]) || 0 };
        if (parts[i] === 'normal') {
          this.obufLimits = lim;
          this.obufPauseAt = this.obufLimits.hard > 0 ? this.obufLimits.hard : this.obufLimits.soft;
        } else if (parts[i] === 'pubsub') {
          this.obufLimitsPubsub = lim;
        }
      }
    });
    bind('notify-keyspace-events', (v) => {
      this.notifyFlags = Math.max(0, keyspaceEventsStringToFlags(String(v)));
      this.installNotifyHooks();
    });
  }

  // ---------------------------------------------------------------- listeners

  /** Bind the TCP listeners (and the unix socket if configured). */
  async listen(): Promise<void> {
    const aclError = this.acl.startup(this.configUsers, this.config.str('aclfile'));
    if (aclError !== null) throw new Error(aclError);
    // appendonly yes: the AOF is the dataset (loaded before accepting clients).
    this.aof.startup();
    // As Redis: port 0 with a tls-port means TLS only (port 0 alone: any free port).
    const tlsOnly = this.config.num('port') === 0 && this.config.num('tls-port') !== 0;
    const tcp = tlsOnly ? { listeners: [], port: 0, host: '127.0.0.1' } : await this.bindTcp(this.config.num('port'), this.config.str('bind'));
    await this.tls.start(this.config.str('bind'));
    if (this.config.bool('cluster-enabled')) {
      this.cluster = new ClusterState(this, this.config.str('cluster-config-file'));
      this.cluster.setPort(tcp.port || this.tls.port);
      await this.cluster.startBus(tcp.host);
    }
    this.tcpListeners = tcp.listeners;
    this.tcpBindText = this.config.str('bind');
    this.listeners.push(...tcp.listeners);
    this.port = tcp.port;
    this.host = tcp.host;
    // CONFIG SET port / bind: the change is noted here and carried out by CONFIG SET
    // itself (takeRebind), which answers once the new listeners are up or have failed.
    this.config.on('port', () => (this.rebindRequested = true));
    this.config.on('bind', () => (this.rebindRequested = true));
    const unix = this.config.str('unixsocket');
    if (unix !== '') {
      if (existsSync(unix)) {
        try {
          unlinkSync(unix);
        } catch {
          /* bind reports the error */
        }
      }
      await this.listenOne({ path: unix, backlog: this.config.num('tcp-backlog') });
      this.unixSocketPath = unix;
      const perm = this.config.num('unixsocketperm');
      if (perm !== 0) chmodSync(unix, perm);
    }
    this.startCron();
    startReplicationFromConfig(this);
  }

  /** Listen on every address of a bind list (entries prefixed '-' are optional). */
  private async bindTcp(port: number, bind: string): Promise<{ listeners: net.Server[]; port: number; host: string }> {
    const binds = bind.split(/\s+/).filter((b) => b.length > 0);
    const backlog = this.config.num('tcp-backlog');
    const out: net.Server[] = [];
    let host = '127.0.0.1';
    let first = true;
    try {
      for (const raw of binds) {
        const optional = raw.startsWith('-');
        let h = optional ? raw.slice(1) : raw;
        if (h === '*') h = '0.0.0.0';
        if (h === '::*') h = '::';
        try {
          const srv = await this.listenOne({ host: h, port, backlog }, false);
          out.push(srv);
          if (first) {
            port = (srv.address() as net.AddressInfo).port;
            host = h;
            first = false;
          }
        } catch (e) {
          if (!optional) throw e;
          this.log.verbose(`Could not bind ${h}:${port}: ${(e as Error).message}`);
        }
      }
    } catch (e) {
      for (const l of out) l.close();
      throw e;
    }
    return { listeners: out, port, host };
  }

  /** A CONFIG SET changed port or bind since the last takeRebind. */
  private rebindRequested = false;

  /**
   * After a CONFIG SET: when it changed port or bind, listen on the new addresses and
   * then close the old listeners. Resolves null once done, or the bind error (the old
   * listeners then stay); returns null when there is nothing to do.
   */
  takeRebind(): Promise<Error | null> | null {
    const tlsRebind = this.tls.takeRebind();
    if (tlsRebind !== null) {
      const tcpRebind = this.takeRebind();
      return tcpRebind === null ? tlsRebind : Promise.all([tlsRebind, tcpRebind]).then(([a, b]) => a ?? b);
    }
    if (!this.rebindRequested) return null;
    this.rebindRequested = false;
    if (this.closing || this.tcpListeners.length === 0) return null;
    // Port 0 at start-up listened on a free port: a bind change keeps that port.
    const port = this.config.num('port') || this.port;
    const bind = this.config.str('bind');
    if (port === this.port && bind === this.tcpBindText) return null;
    return this.bindTcp(port, bind).then(
      (tcp) => {
        const old = this.tcpListeners;
        this.tcpListeners = tcp.listeners;
        this.listeners = this.listeners.filter((l) => !old.includes(l)).concat(tcp.listeners);
        for (const l of old) l.close();
        this.port = tcp.port;
        this.host = tcp.host;
        this.tcpBindText = bind;
        this.log.notice(`Listening on ${bind} port ${tcp.port}`);
        return null;
      },
      (e: Error) => {
        this.log.warning(`CONFIG SET: failed to bind ${bind} port ${port} (${e.message}); keeping ${this.tcpBindText} port ${this.port}`);
        return e;
      },
    );
  }

  private listenOne(opts: net.ListenOptions, track = true): Promise<net.Server> {
    return new Promise((resolve, reject) => {
      // Paused on accept: accept() picks how the socket is read before reading starts.
      const srv = net.createServer({ noDelay: true, pauseOnConnect: true }, (sock) => this.accept(sock));
      srv.maxConnections = 1 << 30;
      const onError = (err: Error): void => reject(err);
      srv.once('error', onError);
      srv.listen(opts, () => {
        srv.off('error', onError);
        srv.on('error', (err) => this.log.warning(`Listener error: ${err.message}`));
        if (track) this.listeners.push(srv);
        resolve(srv);
      });
    });
  }

  // ---------------------------------------------------------------- clients

  /** A TLS client whose handshake completed (tls.ts). */
  acceptSecure(sock: TLSSocket): void {
    this.accept(sock, true);
  }

  private accept(sock: net.Socket, secure = false): void {
    updateClock();
    if (this.closing) {
      sock.destroy();
      return;
    }
    this.stats.totalConnections++;
    if (this.clients.size >= this.maxClients) {
      this.stats.rejectedConnections++;
      // A peer that resets must not raise an unhandled 'error'; destroySoon closes even
      // a peer that never reads (server.close() would otherwise wait on it).
      sock.on('error', () => {});
      sock.write('-ERR max number of clients reached\r\n');
      sock.destroySoon();
      return;
    }
    sock.setNoDelay(true);
    // tcp-keepalive (Redis sets SO_KEEPALIVE too): peers that vanished without a FIN or
    // RST are found and dropped instead of holding a client slot forever.
    const keepalive = this.config.num('tcp-keepalive');
    if (keepalive > 0) sock.setKeepAlive(true, keepalive * 1000);
    const c = new Client(this.nextClientId++, sock, this, !this.acl.authRequired(), now());
    this.clients.set(c.id, c);
    // TLS sockets: the stream paths (the handle fast paths would skip the TLS layer).
    if (secure || attachSharedReader(sock, (buf, len) => this.onData(c, buf, true, len)) === false) {
      sock.on('data', (chunk: Buffer) => this.onData(c, chunk, false, chunk.length));
    }
    sock.on('error', () => {
      /* 'close' follows; nothing else to do */
    });
    sock.on('close', () => this.removeClient(c));
    c.sink = createSink(sock, () => this.onDrain(c), secure);
    sock.resume();
  }

  /** Create a client with no socket (scripts, AOF loading, tests). */
  createFakeClient(): Client {
    return new Client(0, null, this, true, now());
  }

  /**
   * A read of chunk[0, len) from c's socket; a `lent` chunk is reused for the next read
   * of any socket.
   */
  private onData(c: Client, chunk: Buffer, lent: boolean, len: number): void {
    updateClock();
    if (this.burstClient === c) this.burstBytes += len;
    else {
      this.burstClient = c;
      this.burstBytes = len;
    }
    this.stats.netInputBytes += len;
    this.stats.readsProcessed++;
    c.lastInteraction = now();
    if (c.closeAfterReply || c.closed) return;
    try {
      c.parser.feed(chunk, lent, len);
      if (c.parser.buffered > this.queryBufferLimit) {
        this.log.warning(`Closing client that reached max query buffer length: id=${c.id} addr=${c.addr} (qbuf initial bytes: ${JSON.stringify(chunk.subarray(0, Math.min(64, len)).toString('latin1'))})`);
        this.stats.queryBufferLimitDisconnections++;
        this.freeClient(c);
        return;
      }
      this.processInput(c);
      // Written once this loop turn's reads are all processed (see flushTurn).
      this.schedule(c);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flushTurn);
      }
      if (this.burstBytes >= READ_BURST_BYTES) this.yieldClient(c);
    } catch (e) {
      this.dropOnInternalError(c, e);
    } finally {
      if (lent) c.parser.detach();
    }
  }

  /**
   * Fairness and bounded pauses. A client yields (its reading pauses until the loop's
   * check phase, after timers' turn and the other ready sockets were served) when
   *  - it sent READ_BURST_BYTES in reads back to back: libuv reads a ready socket up to
   *    32 times in a row, so a bulk loader could otherwise hold the loop for 32 reads'
   *    worth of commands;
   *  - one batch of its commands ran longer than SLICE_MS (see processInputBatch): code
   *    not yet optimized by the JIT runs a 16 KB read's ~500 commands in 5-12 ms
   *    (measured at the start of a workload); the rest of the read waits for the next
   *    slice.
   * Its unprocessed commands stay in its parser and run first when it resumes.
   */
  private yieldClient(c: Client): void {
    this.burstClient = null;
    if (c.closed || c.readYielded || c.socket === null) return;
    c.readYielded = true;
    if (!c.readPaused) c.socket.pause();
    if (this.yieldedReaders.push(c) === 1) setImmediate(this.inResume ? this.resumeYielded : this.resumeNextTurn);
  }

  /**
   * Yielded clients resume in the check phase of the NEXT loop iteration (an immediate
   * queued by an immediate runs one iteration later): resuming in the same iteration's
   * check phase ran a second slice before timers got their turn, and loop iterations of
   * two slices (5-7 ms) were the longest stalls at the start of a workload, when code not
   * yet optimized makes slices long.
   */
  private readonly resumeNextTurn = (): void => {
    setImmediate(this.resumeYielded);
  };

  /** Set while resumeYielded runs (a client yielding again resumes one iteration later). */
  private inResume = false;

  /**
   * Replies to socket reads are written in the loop's check phase, after every socket
   * that was ready in this turn has been read and served, as Redis writes its clients'
   * replies in beforeSleep rather than after each read. Writing after each read woke the
   * benchmark client once per reply and broke up the batches on both sides: measured
   * with redis-benchmark -c 50, server CPU per request at -P 16 went from 1.01-1.59x
   * Redis's to 0.95-1.14x (MSET 1.59 -> 1.06), and MSET's p99 at -P 1 from 1.6-1.8x to
   * 1.46x. A lone client pays one setImmediate hop (~3 us) per request.
   */
  private flushScheduled = false;
  private readonly flushTurn = (): void => {
    this.flushScheduled = false;
    if (this.pendingFlush.size > 0) this.flushPending();
  };

  private readonly resumeYielded = (): void => {
    updateClock();
    const list = this.yieldedReaders.splice(0);
    const t0 = performance.now();
    this.inResume = true;
    for (let i = 0; i < list.length; i++) {
      const y = list[i]!;
      // One slice of work per iteration across all resumed clients: the rest stay
      // yielded (in order) until the next one.
      if (i > 0 && performance.now() - t0 > SLICE_MS) {
        const waiting = this.yieldedReaders.length;
        this.yieldedReaders.unshift(...list.slice(i));
        if (waiting === 0) setImmediate(this.resumeYielded);
        break;
      }
      y.readYielded = false;
      if (y.closed) continue;
      if (y.parser.buffered > 0) {
        try {
          this.processInput(y);
          this.flush(y);
        } catch (e) {
          this.dropOnInternalError(y, e);
          continue;
        }
      }
      if (!y.readYielded && !y.readPaused && !y.closed) y.socket?.resume();
    }
    this.inResume = false;
    if (this.pendingFlush.size > 0) this.flushPending();
  };

  /**
   * The socket drained what we wrote: read again, and run the commands that were left
   * buffered when output backpressure stopped processInput.
   */
  private onDrain(c: Client): void {
    if (!c.readPaused || c.closed) return;
    c.readPaused = false;
    c.socket?.resume();
    if (c.parser.buffered === 0 && c.parkedArgv === null) return;
    updateClock();
    try {
      this.processInput(c);
      this.flush(c);
      if (this.pendingFlush.size > 0) this.flushPending();
    } catch (e) {
      this.dropOnInternalError(c, e);
    }
  }

  /** A bug surfaced outside a command handler: log it and drop only this connection. */
  private dropOnInternalError(c: Client, e: unknown): void {
    this.log.warning(`Internal error serving client id=${c.id} addr=${c.addr}: ${(e as Error)?.stack ?? String(e)}`);
    this.batchLen = 0;
    this.clockMarkValid = false;
    this.freeClient(c);
  }

  /**
   * Run every complete command buffered for c (first its parked command, if it was just
   * unparked), until it parks or closes.
   *
   * Command durations (INFO commandstats usec) are measured per batch, not per command:
   * two clock reads per command cost ~15% of a pipelined GET, so the batch's elapsed time
   * is shared evenly among the commands it ran. Single-command batches (no pipelining)
   * are therefore timed exactly.
   */
  processInput(c: Client): void {
    this.inputDepth++;
    try {
      this.processInputBatch(c);
    } finally {
      this.inputDepth--;
    }
  }

  /** Nesting depth of processInput (see processInputBatch). */
  private inputDepth = 0;

  private processInputBatch(c: Client): void {
    const t0 = performance.now();
    this.clockMark = t0;
    // processInput can nest (CLIENT UNPAUSE runs the unpaused clients' commands from
    // inside a handler): each level accounts only the batch entries it added. At the
    // outermost level anything left over (an exception cut a batch short) is dropped.
    if (this.inputDepth === 1 && this.batchLen !== 0) {
      for (let i = 0; i < this.batchLen; i++) {
        this.batchSpecs[i] = undefined;
        this.batchArgvs[i] = undefined;
        this.batchClients[i] = undefined;
      }
      this.batchLen = 0;
    }
    const base = this.batchLen;
    this.clockMarkValid = true;
    this.memory.invalidate();
    if (c.parked === ParkReason.None && c.parkedArgv !== null) {
      const argv = c.parkedArgv;
      c.parkedArgv = null;
      c.parkedSpec = null;
      this.processCommand(c, argv);
    }
    let untilClockCheck = SLICE_CHECK_EVERY;
    while (c.parked === ParkReason.None && !c.closeAfterReply && !c.closed && !c.readPaused && !c.readYielded) {
      let argv: string[] | null;
      try {
        argv = c.parser.next();
      } catch (e) {
        if (e instanceof ProtocolError) {
          this.log.verbose(`Protocol error (${e.message}) from client: id=${c.id} addr=${c.addr}`);
          c.error(`ERR Protocol error: ${e.message}`);
          c.closeAfterReply = true;
          c.parser.reset();
          break;
        }
        this.dropOnInternalError(c, e);
        break;
      }
      if (argv === null) break;
      this.processCommand(c, argv);
      // Output backpressure inside a pipeline: hand large output to the socket as it
      // grows, and stop (leaving the rest buffered) once the socket wants a drain, so a
      // client that requests much and reads little costs bounded memory.
      if (c.reply.len > OUTPUT_FLUSH_BYTES) {
        this.flush(c);
        this.clockMarkValid = false;
      }
      if (--untilClockCheck === 0) {
        untilClockCheck = SLICE_CHECK_EVERY;
        if (performance.now() - t0 > SLICE_MS) this.yieldClient(c);
      }
    }
    this.clockMarkValid = false;
    const n = this.batchLen;
    if (n > base) {
      // Commands not flagged fast were timed individually in call(); the fast ones
      // share what is left of the batch's elapsed time.
      const usecs = this.batchUsec;
      let exact = 0;
      let untimed = 0;
      for (let i = base; i < n; i++) {
        const u = usecs[i]!;
        if (u < 0) untimed++;
        else exact += u;
      }
      const share = untimed > 0 ? Math.max(0, (performance.now() - t0) * 1000 - exact) / untimed : 0;
      for (let i = base; i < n; i++) if (usecs[i]! < 0) usecs[i] = share;
      const specs = this.batchSpecs;
      const argvs = this.batchArgvs;
      const clients = this.batchClients;
      this.perf.batchDone(specs, argvs, clients, base, n, usecs);
      for (let i = base; i < n; i++) {
        specs[i]!.stats.usec += usecs[i]!;
        specs[i] = undefined;
        argvs[i] = undefined;
        clients[i] = undefined;
      }
      this.batchLen = base;
    }
  }

  /** The gatekeeper: every generic check before a handler runs. */
  processCommand(c: Client, argv: string[]): void {
    const name = argv[0]!;
    let spec = this.table.lookup(name);
    if (spec === undefined) {
      let args = '';
      for (let i = 1; i < argv.length && args.length < 128; i++) {
        args += `'${cString(argv[i]!).slice(0, 128 - args.length)}' `;
      }
      this.reject(c, null, `ERR unknown command '${cString(name).slice(0, 128)}', with args beginning with: ${args}`);
      return;
    }
    if (spec.subcommands !== undefined) {
      if (argv.length >= 2) {
        const sub = spec.subcommands.get(argv[1]!.toLowerCase());
        if (sub === undefined) {
          this.reject(c, null, `ERR unknown subcommand '${cString(argv[1]!).slice(0, 128)}'. Try ${cString(name).toUpperCase()} HELP.`);
          return;
        }
        spec = sub;
      }
    }
    const argc = argv.length;
    if ((spec.arity > 0 && argc !== spec.arity) || argc < -spec.arity) {
      this.reject(c, spec, `ERR wrong number of arguments for '${spec.fullName}' command`, argv);
      return;
    }
    if (!c.authenticated && !spec.isNoAuth && this.acl.authRequired()) {
      this.reject(c, spec, 'NOAUTH Authentication required.', argv);
      return;
    }
    // ACLs: one flag for users allowed everything (the default user, normally).
    const user = c.aclUser;
    if (user !== null && !user.unrestricted) {
      const denied = this.acl.checkClient(c, spec, argv);
      if (denied !== null) {
        this.reject(c, spec, denied, argv);
        return;
      }
    }
    // Cluster mode: keys must hash to one slot served here (else MOVED, ASK, CLUSTERDOWN...).
    if (this.cluster !== null && c !== this.masterClient && !(spec.firstKey > 0 || spec.getKeys !== undefined || (spec.name === 'exec' && spec.parent === undefined))) {
      this.cluster.clearAsking(c, spec);
    } else if (this.cluster !== null && c !== this.masterClient) {
      const redirect = this.cluster.route(c, spec, argv, spec.name === 'exec' && spec.parent === undefined ? (c.multiQueue ?? []) : null);
      if (redirect !== null) {
        // A refused EXEC discards the transaction and answers the redirection itself.
        if (spec.name === 'exec') {
          spec.stats.rejectedCalls++;
          discardTransaction(c);
          const before = c.reply.len;
          c.error(redirect);
          this.afterReply(c, before);
        } else this.reject(c, spec, redirect, argv);
        return;
      }
    }
    if (c.inMulti && spec.isNoMulti) {
      this.reject(c, spec, 'ERR Command not allowed inside a transaction', argv);
      return;
    }
    // maxmemory: evict before every command (as Redis); refuse denyoom commands, and
    // anything but EXEC/DISCARD/QUIT/RESET inside MULTI, when memory cannot be freed.
    if (this.evictor.maxmemory !== 0) this.clockMarkValid = false; // eviction is not the command's time
    if (this.evictor.maxmemory !== 0 && !this.replicaIgnoresMaxmemory && this.evictor.perform() === EvictResult.Fail && (spec.isDenyOom || (c.inMulti && !MULTI_OOM_EXEMPT.has(spec.name)) || (spec.name === 'exec' && (c.multiFlags & MULTI_HAS_DENYOOM) !== 0))) {
      this.reject(c, spec, OOM_ERROR, argv);
      return;
    }
    // min-replicas-to-write unmet (a master), or a read-only replica: writes are refused
    // (except from the replica's master).
    if ((this.readOnlyReplica || this.noGoodReplicas) && c !== this.masterClient && (spec.isWrite || (spec.name === 'exec' && spec.parent === undefined && (c.multiFlags & MULTI_HAS_WRITE) !== 0))) {
      this.reject(c, spec, this.noGoodReplicas ? 'NOREPLICAS Not enough good replicas to write.' : "READONLY You can't write against a read only replica.", argv);
      return;
    }
    // RESP2 clients with subscriptions speak only the Pub/Sub subset (RESP3 has no limit).
    if (c.subscriptionCount !== 0 && c.resp === 2 && !allowedWhenSubscribed(spec)) {
      this.reject(c, spec, `ERR Can't execute '${spec.fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`, argv);
      return;
    }
    // The replication stream is applied in order, never parked (src/replication).
    if (this.pauseEnd !== 0 && c !== this.masterClient && this.mustPause(spec, c, argv)) {
      c.parked = ParkReason.Paused;
      c.parkedArgv = argv;
      c.parkedSpec = spec;
      this.pausedClients.push(c);
      return;
    }
    if (c.inMulti && !runsInsideMulti(spec)) {
      queueMultiCommand(c, spec, argv);
      c.lastCommand = spec.fullName;
      const before = c.reply.len;
      c.reply.raw('+QUEUED\r\n');
      this.afterReply(c, before);
      return;
    }
    this.call(c, spec, argv);
    // Clients blocked on keys this command filled are served now (after EXEC as a whole).
    if (this.blocking.hasReady) this.blocking.handleReady();
  }

  /**
   * Refuse a command before it runs (Redis's rejectCommand): a transaction being queued
   * is doomed, and a refused EXEC discards it with EXECABORT naming the reason.
   */
  private reject(c: Client, spec: CommandSpec | null, message: string, argv: string[] | null = null): void {
    if (spec !== null) spec.stats.rejectedCalls++;
    flagTransaction(c);
    const before = c.reply.len;
    if (spec !== null && spec.parent === undefined && spec.name === 'exec') {
      discardTransaction(c);
      c.error(`EXECABORT Transaction discarded because of: ${message.startsWith('ERR ') ? message.slice(4) : message}`);
      // MONITOR still sees the EXEC (Redis's execCommandAbort feeds it).
      if (argv !== null && this.monitors.size > 0) this.feedMonitors(c, argv);
    } else {
      c.error(message);
    }
    this.afterReply(c, before);
  }

  /** Execute a command: handler, stats, propagation, MONITOR feed. */
  call(c: Client, spec: CommandSpec, argv: string[]): void {
    const tracking = this.tracking.clients !== 0;
    if (tracking) this.tracking.beforeCall(c, spec);
    const dirtyBefore = this.dirty;
    this.callErrorMark = this.errorSeq;
    const replyBefore = c.reply.len;
    c.propagateArgv = null;
    this.currentClient = c;
    // Fast commands (GET, SET...) are timed per batch (see processInput): two clock reads
    // per command would cost ~15% of a pipelined GET. Others are timed exactly, so a slow
    // KEYS inside a pipeline still reaches SLOWLOG with its own duration.
    // Consecutive timed commands chain their clock reads: a command starts at the previous
    // one's end (or the batch start) when nothing untimed ran in between, so a pipeline of
    // SETs costs one clock read per command instead of two (~10% of a pipelined SET,
    // measured); the parsing in between, well under a microsecond, is counted with it.
    // O(1) commands without the fast flag (SET...) are batch-timed as well: one clock
    // read was ~9% of a pipelined SET.
    const fast = spec.isBatchTimed;
    const t0 = fast ? 0 : this.clockMarkValid ? this.clockMark : performance.now();
    try {
      spec.handler!(c, argv);
    } catch (e) {
      if (e instanceof ReplyError) {
        c.error(e.message);
      } else {
        this.log.warning(`Unexpected error in command '${spec.fullName}': ${(e as Error)?.stack ?? String(e)}`);
        c.error(`ERR internal error in '${spec.fullName}': ${(e as Error)?.message ?? String(e)}`);
      }
    }
    this.currentClient = null;
    const st = spec.stats;
    st.calls++;
    if (fast) {
      this.batchUsec[this.batchLen] = -1;
      this.clockMarkValid = false;
    } else {
      const t1 = performance.now();
      this.batchUsec[this.batchLen] = (t1 - t0) * 1000;
      this.clockMark = t1;
    }
    this.batchArgvs[this.batchLen] = argv;
    this.batchClients[this.batchLen] = c;
    this.batchSpecs[this.batchLen++] = spec;
    if (this.errorSeq !== this.callErrorMark) st.failedCalls++;
    this.callErrorMark = this.errorSeq;
    this.stats.totalCommands++;
    c.lastCommand = spec.fullName;
    if (this.execClient === c) {
      // A command run by EXEC: CLIENT REPLY OFF drops what it wrote; SKIP applies to whole
      // top-level commands, so it is EXEC's business (commands/transactions.ts).
      if (c.replyMode === ReplyMode.Off) c.reply.truncate(replyBefore);
      this.releaseHeldPushes(c);
    } else if (this.replyHandled) {
      this.replyHandled = false;
    } else {
      this.afterReply(c, replyBefore);
    }
    if (this.dirty !== dirtyBefore && this.propagateHooks.length > 0) {
      const rewritten = c.propagateArgv as string[][] | null;
      if (rewritten !== null) for (const a of rewritten) this.propagate(c.dbIndex, a);
      else this.propagate(c.dbIndex, argv);
      c.woff = this.replOffset;
    }
    if (this.monitors.size > 0 && !spec.isSkipMonitor && !spec.isAdmin) this.feedMonitors(c, redactArgv(spec, argv));
    if (tracking) this.tracking.afterCall(c, spec, argv);
  }

  /** CLIENT REPLY OFF / SKIP: drop what the command wrote. */
  private afterReply(c: Client, before: number): void {
    if (c.replyMode !== ReplyMode.On || c.skipNext) {
      if (c.skipNext && c.replyMode === ReplyMode.On) {
        c.reply.truncate(before);
        c.skipNext = false;
      } else if (c.replyMode === ReplyMode.Off) {
        c.reply.truncate(before);
      } else if (c.replyMode === ReplyMode.Skip) {
        // The SKIP command itself is answered by nothing; the next one is skipped.
        c.reply.truncate(before);
        c.replyMode = ReplyMode.On;
        c.skipNext = true;
      }
    }
    if (c.heldPushes !== null) this.releaseHeldPushes(c);
  }

  /** Pub/Sub pushes survive a dropped reply (pubsub.ts out()): append them now. */
  releaseHeldPushes(c: Client): void {
    const held = c.heldPushes;
    if (held === null) return;
    c.heldPushes = null;
    for (const b of held) c.reply.rawBytes(b);
  }

  private mustPause(spec: CommandSpec, c: Client, argv: string[]): boolean {
    if (now() >= this.pauseEnd) {
      this.unpauseClients();
      return false;
    }
    if (this.pauseAll) return true;
    // EXEC waits when what it would run writes (Redis looks at the queued commands' flags).
    if (spec.name === 'exec' && spec.parent === undefined && (c.multiFlags & (MULTI_HAS_WRITE | MULTI_HAS_MAY_REPLICATE)) !== 0) return true;
    // EVAL/EVALSHA/FCALL take their flags from the script (Redis's getCommandFlags).
    if (spec.group === 'scripting' && spec.getKeys !== undefined && !spec.isReadonly) return scriptMayWrite(this, argv);
    return spec.isWrite || spec.flags.has('may_replicate');
  }

  /** CLIENT PAUSE: stop processing (write) commands until `endMs`. */
  pauseClients(endMs: number, all: boolean): void {
    // As Redis 7.0: the latest call sets the mode, the later end time wins.
    if (endMs > this.pauseEnd) this.pauseEnd = endMs;
    this.pauseAll = all;
    // Release on time rather than at the next cron tick (up to 1/hz late).
    if (this.pauseTimer !== null) clearTimeout(this.pauseTimer);
    this.pauseTimer = setTimeout(() => {
      this.pauseTimer = null;
      updateClock();
      if (this.pauseEnd !== 0 && now() >= this.pauseEnd) {
        this.unpauseClients();
        if (this.pendingFlush.size > 0) this.flushPending();
      }
    }, Math.max(0, this.pauseEnd - Date.now()) + 1);
    this.pauseTimer.unref();
  }

  unpauseClients(): void {
    if (this.pauseTimer !== null) {
      clearTimeout(this.pauseTimer);
      this.pauseTimer = null;
    }
    this.pauseEnd = 0;
    this.pauseAll = false;
    const list = this.pausedClients.splice(0);
    for (const c of list) this.unpark(c);
  }

  /** Resume a parked client: re-run its parked command, then its buffered input. */
  unpark(c: Client): void {
    if (c.closed) return;
    c.parked = ParkReason.None;
    this.processInput(c);
    this.schedule(c);
    // Drained while parked (or below the pause threshold): read again now; otherwise the
    // sink's drain will.
    if (c.readPaused && c.socket && (c.outputPending === 0 || c.outputPending < this.obufPauseAt)) {
      c.readPaused = false;
      c.socket.resume();
    }
  }

  /** Apply a write's side effects: hooks (WATCH, tracking, blocked clients) and dirty. */
  signalModifiedKey(db: Db, key: string): void {
    if (this.blocking.watchedKeys !== 0) this.blocking.signal(db, key);
    for (const fn of this.keyModifiedHooks) fn(db, key);
  }

  /**
   * Keyspace event (notify-keyspace-events): `type` is the event's class character ('g',
   * '$', 'l', 's', 'h', 'z', 'x', 'e', 't', 'm', 'd', 'n'). Published on
   * __keyspace@<db>__:<key> (message: the event) and __keyevent@<db>__:<event> (message:
   * the key) when those are enabled, as Redis's notify.c. With nobody subscribed to
   * anything there is no one to reach and no channel name is built.
   */
  notifyKeyspaceEvent(type: string, event: string, key: string, dbIndex: number): void {
    const flags = this.notifyFlags;
    if (flags === 0 || (flags & eventClassBit(type)) === 0 || this.pubsub.idle) return;
    if ((flags & NOTIFY_KEYSPACE) !== 0) this.pubsub.publish(`__keyspace@${dbIndex}__:${key}`, event);
    if ((flags & NOTIFY_KEYEVENT) !== 0) this.pubsub.publish(`__keyevent@${dbIndex}__:${event}`, key);
  }

  private readonly newKeyHook = (db: Db, key: string): void => this.notifyKeyspaceEvent('n', 'new', key, db.id);
  private readonly keyMissHook = (db: Db, key: string): void => this.notifyKeyspaceEvent('m', 'keymiss', key, db.id);

  /** The 'n' and 'm' event classes are raised by the dbs themselves, hooked only when enabled. */
  private installNotifyHooks(): void {
    const f = this.notifyFlags;
    const on = (f & (NOTIFY_KEYSPACE | NOTIFY_KEYEVENT)) !== 0;
    for (const db of this.dbs) {
      db.onNewKey = on && (f & NOTIFY_NEW) !== 0 ? this.newKeyHook : null;
      db.onKeyMiss = on && (f & NOTIFY_KEY_MISS) !== 0 ? this.keyMissHook : null;
    }
  }

  propagate(dbIndex: number, argv: string[]): void {
    if (this.propagationBuffer !== null) {
      this.propagationBuffer.push([dbIndex, argv]);
      return;
    }
    for (const fn of this.propagateHooks) fn(dbIndex, argv);
  }

  private onKeyExpired(db: Db, key: string): void {
    this.stats.expiredKeys++;
    this.notifyKeyspaceEvent('x', 'expired', key, db.id);
    this.signalModifiedKey(db, key);
    if (this.propagateHooks.length > 0) this.propagate(db.id, ['DEL', key]);
  }

  private feedMonitors(c: Client, argv: string[]): void {
    const t = ustime();
    const sec = t / 1000000n;
    const usec = (t % 1000000n).toString().padStart(6, '0');
    const who = c.socket === null ? 'lua' : c.isUnix ? `unix:${this.unixSocketPath ?? ''}` : c.addr;
    let line = `${sec}.${usec} [${c.dbIndex} ${who}]`;
    for (const a of argv) line += ' ' + repr(a);
    for (const m of this.monitors) {
      if (m.closed) continue;
      m.reply.simple(line);
      this.schedule(m);
    }
  }

  /** Count an error reply (INFO errorstats). */
  countError(message: string): void {
    this.errorSeq++;
    this.stats.totalErrorReplies++;
    const sp = message.indexOf(' ');
    const code = sp === -1 ? message : message.slice(0, sp);
    this.stats.errorStats.set(code, (this.stats.errorStats.get(code) ?? 0) + 1);
  }

  // ---------------------------------------------------------------- output

  /** Queue a client for a flush at the end of the current batch of work. */
  schedule(c: Client): void {
    this.pendingFlush.add(c);
  }

  flushPending(): void {
    for (const c of this.pendingFlush) this.flush(c);
    this.pendingFlush.clear();
  }

  /** One socket write for everything the client's commands produced. */
  flush(c: Client): void {
    const sock = c.socket;
    const sink = c.sink;
    // Writes reach the AOF (and its fsync, appendfsync always) before any reply leaves.
    if (this.aof.pending) this.aof.flushBuffer();
    if (sock === null || sink === null || c.closed) return;
    const data = c.reply.pending();
    if (data !== null) {
      this.stats.netOutputBytes += data.length;
      this.stats.writesProcessed++;
      const r = sink.write(data);
      c.reply.release((r & SINK_KEPT) !== 0);
      if ((r & SINK_BUSY) !== 0 && !c.readPaused && !c.closeAfterReply && sink.pending >= this.obufPauseAt) {
        // Stop reading until the client drains what we sent.
        c.readPaused = true;
        sock.pause();
      }
      if (!this.checkOutputLimits(c)) return;
    }
    if (c.closeAfterReply && !sock.destroyed) {
      c.parser.reset();
      sock.end();
      sock.destroySoon?.();
    }
  }

  /**
   * client-output-buffer-limit of the client's class (pubsub when it has subscriptions,
   * else normal). Returns false if the client was closed.
   */
  private checkOutputLimits(c: Client): boolean {
    const lim = c.subscriptionCount !== 0 ? this.obufLimitsPubsub : this.obufLimits;
    if (lim.hard === 0 && lim.soft === 0) return true;
    const pending = c.outputPending;
    let over = lim.hard > 0 && pending >= lim.hard;
    if (!over && lim.soft > 0 && pending >= lim.soft) {
      if (c.obufSoftSince === 0) c.obufSoftSince = now();
      else if (now() - c.obufSoftSince >= lim.seconds * 1000) over = true;
    } else if (lim.soft > 0) {
      c.obufSoftSince = 0;
    }
    if (over) {
      this.log.warning(`Client id=${c.id} addr=${c.addr} closed for overcoming of output buffer limits.`);
      this.stats.outputBufferLimitDisconnections++;
      this.freeClient(c);
      return false;
    }
    return true;
  }

  /** Close a client now, discarding pending output. */
  freeClient(c: Client): void {
    if (c.socket !== null && !c.socket.destroyed) c.socket.destroy();
    this.removeClient(c);
  }

  /** Close a client after its pending replies are written. */
  closeAfterReply(c: Client): void {
    c.closeAfterReply = true;
    this.schedule(c);
  }

  // ---------------------------------------------------------------- blocking

  /**
   * Park c in a blocking command (WAIT today; blocking pops later): it processes no
   * more input until unblockClient. `deadlineMs` (absolute, 0 = forever) ends the wait
   * with `onTimeout` writing the timeout reply. The command that blocked has already
   * run: it is not re-run when the client resumes.
   */
  blockClient(c: Client, deadlineMs: number, onTimeout: (c: Client) => void): void {
    c.parked = ParkReason.Blocked;
    c.parkedArgv = null;
    c.parkedSpec = null;
    c.blockDeadline = deadlineMs;
    c.blockTimeoutReply = onTimeout;
    this.blockedClients.add(c);
    if (deadlineMs !== 0) this.armBlockTimer(c, deadlineMs);
  }

  /** setTimeout takes at most 2^31-1 ms: longer waits re-arm until the deadline. */
  private armBlockTimer(c: Client, deadlineMs: number): void {
    const wait = Math.min(Math.max(0, deadlineMs - Date.now()), 0x7fffffff);
    c.blockTimer = setTimeout(() => {
      c.blockTimer = null;
      if (Date.now() < deadlineMs) {
        this.armBlockTimer(c, deadlineMs);
        return;
      }
      updateClock();
      this.unblockClient(c, false);
      if (this.pendingFlush.size > 0) this.flushPending();
    }, wait);
  }

  /**
   * End the wait of a blocked client that was just served (blocking.ts): no timeout
   * reply, and it stays parked until the caller unparks it.
   */
  releaseBlocked(c: Client): void {
    this.clearBlock(c);
  }

  /**
   * End c's blocking wait: with `error`, reply -UNBLOCKED (CLIENT UNBLOCK ... ERROR);
   * otherwise the command's timeout reply. Returns false if c was not blocked.
   */
  unblockClient(c: Client, error: boolean): boolean {
    if (c.parked !== ParkReason.Blocked || !this.blockedClients.has(c)) return false;
    const reply = c.blockTimeoutReply;
    this.clearBlock(c);
    if (error) c.error('UNBLOCKED client unblocked via CLIENT UNBLOCK');
    else if (reply !== null) reply(c);
    this.unpark(c);
    return true;
  }

  private clearBlock(c: Client): void {
    this.blockedClients.delete(c);
    this.blocking.forget(c);
    if (c.blockTimer !== null) clearTimeout(c.blockTimer);
    c.blockTimer = null;
    c.blockDeadline = 0;
    c.blockTimeoutReply = null;
  }

  private removeClient(c: Client): void {
    if (c.closed) return;
    c.closed = true;
    this.clients.delete(c.id);
    this.monitors.delete(c);
    if (c.subscriptionCount !== 0) this.pubsub.removeClient(c);
    if (c.watched !== null || c.inMulti) discardTransaction(c);
    if (this.blockedClients.has(c)) this.clearBlock(c);
    if (c.trackingFlags !== 0) this.tracking.disable(c);
    const i = this.pausedClients.indexOf(c);
    if (i !== -1) this.pausedClients.splice(i, 1);
    this.pendingFlush.delete(c);
    c.parser.reset();
  }

  // ---------------------------------------------------------------- cron

  private startCron(): void {
    if (this.cronTimer !== null) clearInterval(this.cronTimer);
    this.cronTimer = setInterval(() => this.cron(), Math.max(1, Math.floor(1000 / this.hz)));
    this.cronTimer.unref();
    // Active expiry runs in its own short slices: Redis's slow cycle may take 25 ms of
    // every 100 ms at once; the same 25% share taken as 2.5 ms every 10 ms keeps any
    // single pause short however many keys expire together.
    if (this.expireTimer !== null) clearInterval(this.expireTimer);
    const period = Math.min(EXPIRE_SLICE_MS, 1000 / this.hz);
    this.expireTimer = setInterval(() => {
      if (this.cronPaused || !this.activeExpireEnabled || this.isReplica) return;
      updateClock();
      this.activeExpireCycle(period);
      if (this.pendingFlush.size > 0) this.flushPending();
    }, Math.max(1, Math.floor(period)));
    this.expireTimer.unref();
  }

  private cron(): void {
    updateClock();
    if (this.cronPaused) return;
    this.cronLoops++;
    const t = now();
    if (this.pauseEnd !== 0 && t >= this.pauseEnd) this.unpauseClients();
    // Idle timeouts, once per second.
    if (this.idleTimeout > 0 && this.cronLoops % this.hz === 0) {
      const limit = this.idleTimeout * 1000;
      for (const c of this.clients.values()) {
        // A client whose output is still draining is not idle (Redis counts writes too).
        if (c.parked !== ParkReason.None || c.isMonitor || c.readPaused) continue;
        if (t - c.lastInteraction > limit) {
          this.log.verbose(`Closing idle client id=${c.id}`);
          this.freeClient(c);
        }
      }
    }
    // Output limits of clients stopped by backpressure: they run no commands (Redis
    // would, and check on every reply), so the soft limit's timer is checked here.
    if ((this.obufLimits.soft > 0 || this.obufLimits.hard > 0) && this.cronLoops % this.hz === 0) {
      for (const c of this.clients.values()) if (c.readPaused && !c.closed && c.socket !== null) this.checkOutputLimits(c);
    }
    this.sampleMetrics(t);
    if (this.pendingFlush.size > 0) this.flushPending();
  }

  /** Reclaim expired keys within ~25% of a period of `periodMs` (Redis's slow cycle). */
  activeExpireCycle(periodMs: number): void {
    const effort = this.config.num('active-expire-effort') - 1;
    const perLoop = 20 + 5 * effort;
    const acceptableStale = 10 - effort;
    const budgetMs = (periodMs * (25 + 2 * effort)) / 100;
    const start = performance.now();
    const deadline = start + budgetMs;
    let totalChecked = 0;
    let totalExpired = 0;
    for (const db of this.dbs) {
      if (db.expiresCount === 0) continue;
      for (;;) {
        const [checked, expired] = db.activeExpire(perLoop, deadline);
        totalChecked += checked;
        totalExpired += expired;
        if (checked === 0 || (expired * 100) / checked <= acceptableStale) break;
        if (performance.now() >= deadline) {
          this.stats.expiredTimeCapReached++;
          break;
        }
      }
      if (performance.now() >= deadline) break;
    }
    if (totalChecked > 0) {
      const perc = totalExpired / totalChecked;
      this.stats.expiredStalePerc = perc * 0.05 + this.stats.expiredStalePerc * 0.95;
    }
  }

  private sampleMetrics(t: number): void {
    const s = this.stats;
    if (t - s.lastSampleTime < 100) return;
    const dt = t - s.lastSampleTime;
    if (s.lastSampleTime !== 0) {
      const i = s.sampleIdx;
      s.opsSamples[i] = ((s.totalCommands - s.lastSampleOps) * 1000) / dt;
      s.inSamples[i] = ((s.netInputBytes - s.lastSampleIn) * 1000) / dt;
      s.outSamples[i] = ((s.netOutputBytes - s.lastSampleOut) * 1000) / dt;
      s.sampleIdx = (i + 1) % s.opsSamples.length;
    }
    s.lastSampleTime = t;
    s.lastSampleOps = s.totalCommands;
    s.lastSampleIn = s.netInputBytes;
    s.lastSampleOut = s.netOutputBytes;
  }

  // ---------------------------------------------------------------- lifecycle

  /** Stop listening, close every client and timer. Idempotent. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.evictor.stop();
    stopReplication(this);
    if (this.pauseTimer !== null) clearTimeout(this.pauseTimer);
    if (this.expireTimer !== null) clearInterval(this.expireTimer);
    this.expireTimer = null;
    if (this.cronTimer !== null) clearInterval(this.cronTimer);
    this.cronTimer = null;
    const closes = this.listeners.map((l) => new Promise<void>((resolve) => l.close(() => resolve())));
    closes.push(...this.tls.close());
    this.cluster?.stop();
    for (const c of [...this.clients.values()]) {
      this.flush(c);
      this.freeClient(c);
    }
    this.aof.shutdown();
    await Promise.all(closes);
    this.listeners = [];
    if (this.unixSocketPath !== undefined && existsSync(this.unixSocketPath)) {
      try {
        unlinkSync(this.unixSocketPath);
      } catch {
        /* already gone */
      }
    }
    this.onShutdown?.();
  }

  get isClosing(): boolean {
    return this.closing;
  }

}

/** Commands Redis still runs inside MULTI when out of memory. */
const MULTI_OOM_EXEMPT = new Set(['exec', 'discard', 'quit', 'reset']);

/** Commands a RESP2 client with subscriptions may run. */
function allowedWhenSubscribed(spec: CommandSpec): boolean {
  if (spec.parent !== undefined) return false;
  switch (spec.name) {
    case 'ping':
    case 'subscribe':
    case 'ssubscribe':
    case 'unsubscribe':
    case 'sunsubscribe':
    case 'psubscribe':
    case 'punsubscribe':
    case 'quit':
    case 'reset':
      return true;
    default:
      return false;
  }
}

/** NOTIFY_* bit of an event class character. */
function eventClassBit(type: string): number {
  switch (type) {
    case 'g': return NOTIFY_GENERIC;
    case '$': return NOTIFY_STRING;
    case 'l': return NOTIFY_LIST;
    case 's': return NOTIFY_SET;
    case 'h': return NOTIFY_HASH;
    case 'z': return NOTIFY_ZSET;
    case 'x': return NOTIFY_EXPIRED;
    case 'e': return NOTIFY_EVICTED;
    case 't': return NOTIFY_STREAM;
    case 'm': return NOTIFY_KEY_MISS;
    case 'd': return NOTIFY_MODULE;
    case 'n': return NOTIFY_NEW;
    default: return 0;
  }
}

/** camelCase option names (startServer({ maxmemoryPolicy })) → Redis directive names. */
export function toDirective(name: string): string {
  return name.replace(/[A-Z]/g, (m) => '-' + m.toLowerCase()).toLowerCase();
}

/** The text up to the first NUL: Redis formats these error arguments with "%s". */
function cString(s: string): string {
  const z = s.indexOf('\0');
  return z === -1 ? s : s.slice(0, z);
}

function randomHex(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(Math.random() * 16).toString(16);
  return s;
}
