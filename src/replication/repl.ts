// Replication, both directions, compatible with Redis 7.0 peers.
//
// As MASTER: every propagated write (server.propagateHooks) is encoded as a RESP array,
// preceded by SELECT when the db differs from the last one sent, appended to the backlog
// (a ring of repl-backlog-size bytes) and to each online replica's output. A replica
// connects with PSYNC (or SYNC): a full resync sends "+FULLRESYNC <replid> <offset>" and
// an RDB of the dataset encoded synchronously at that moment (so it is point-in-time and
// the stream continues right after it), as a "$<len>" bulk or, for replicas with capa eof,
// the diskless "$EOF:<mark>" form. A partial resync ("+CONTINUE") sends the backlog from
// the replica's offset. Replicas ack with REPLCONF ACK <offset>; WAIT counts those acks.
//
// As REPLICA: REPLICAOF / the replicaof directive connect to the master, run the
// handshake (PING, AUTH, REPLCONF listening-port, REPLCONF capa eof capa psync2, PSYNC),
// load the RDB payload (full resync) and apply the command stream through the dispatcher
// on a master client. The replica does not expire keys itself, refuses writes from normal
// clients (replica-read-only), and sends REPLCONF ACK <offset> every second.

import net from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import { rdbSaveOptions } from '../commands/save.js';
import { encodeRdb, decodeRdb, type RdbSaveOptions } from '../persistence/rdb/file.js';
import { rdbLimits } from '../persistence/rdb/objects.js';
import { RequestParser } from '../protocol/parser.js';
import { updateClock } from '../util/clock.js';

function randomHex(n: number): string {
  return randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);
}

/** RESP multibulk encoding of argv (latin1 strings). */
export function encodeCommand(argv: readonly string[]): string {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

/** Byte length of encodeCommand(argv), without building it. */
function encodedLength(argv: readonly string[]): number {
  let n = 3 + String(argv.length).length;
  for (const a of argv) n += 5 + String(a.length).length + a.length;
  return n;
}

/** The replication backlog: the last `size` bytes of the stream, in a ring. */
export class Backlog {
  buf: Buffer;
  /** Write position in buf. */
  private idx = 0;
  histlen = 0;
  /** Stream offset of the backlog's first byte (master_repl_offset + 1 at creation). */
  firstByte: number;

  constructor(
    size: number,
    startOffset: number,
  ) {
    this.buf = Buffer.alloc(size);
    this.firstByte = startOffset + 1;
  }

  get size(): number {
    return this.buf.length;
  }

  append(data: Buffer): void {
    const size = this.buf.length;
    let src = data;
    if (src.length > size) src = src.subarray(src.length - size);
    let pos = 0;
    while (pos < src.length) {
      const n = Math.min(size - this.idx, src.length - pos);
      src.copy(this.buf, this.idx, pos, pos + n);
      this.idx = (this.idx + n) % size;
      pos += n;
    }
    const oldHist = this.histlen;
    this.histlen = Math.min(size, this.histlen + data.length);
    this.firstByte += oldHist + data.length - this.histlen;
  }

  /** The stream bytes from offset `from` (inclusive) to the end. */
  from(from: number): Buffer {
    const skip = from - this.firstByte;
    const len = this.histlen - skip;
    const out = Buffer.allocUnsafe(len);
    const size = this.buf.length;
    let start = (this.idx - this.histlen + skip + size * 2) % size;
    let pos = 0;
    while (pos < len) {
      const n = Math.min(size - start, len - pos);
      this.buf.copy(out, pos, start, start + n);
      pos += n;
      start = (start + n) % size;
    }
    return out;
  }

  resize(size: number): void {
    const data = this.from(this.firstByte);
    const end = this.firstByte + this.histlen;
    this.buf = Buffer.alloc(size);
    this.idx = 0;
    this.histlen = 0;
    this.firstByte = end;
    this.append(data);
  }
}

export interface ReplicaInfo {
  client: Client;
  listeningPort: number;
  ipAddress: string;
  capaEof: boolean;
  capaPsync2: boolean;
  ackOffset: number;
  /** ms of the last ack. */
  ackTime: number;
  state: 'wait_bgsave' | 'send_bulk' | 'online';
  /** REPLCONF rdb-only 1 (redis-cli --rdb): the RDB and nothing more, then close. */
  rdbOnly: boolean;
  /** Came with PSYNC (old SYNC replicas may never ack: no timeout for them). */
  psync: boolean;
}

interface Waiter {
  client: Client;
  offset: number;
  needed: number;
  /** The timeout reply it blocked with: gone when it was unblocked some other way. */
  onTimeout: ((c: Client) => void) | null;
}

type LinkState = 'none' | 'connect' | 'connecting' | 'handshake' | 'sync' | 'connected';

export class ReplState {
  masterReplOffset = 0;
  secondReplOffset = -1;
  backlog: Backlog | null = null;
  slaveseldb = -1;
  readonly replicas: ReplicaInfo[] = [];
  readonly byClient = new Map<Client, ReplicaInfo>();
  private hooked = false;
  private flushQueued = false;
  private getAckQueued = false;
  private timer: NodeJS.Timeout | null = null;
  private pingCountdown = 0;
  readonly waiters: Waiter[] = [];
  syncFull = 0;
  syncPartialOk = 0;
  syncPartialErr = 0;
  // Replica side.
  masterHost: string | null = null;
  masterPort = 0;
  /** Db selected by the last master client (kept for a partial resync). */
  cachedMasterDb = 0;
  link: MasterLink | null = null;

  constructor(readonly server: Server) {}

  get replId(): string {
    return this.server.perf.replId;
  }

  stop(): void {
    if (this.link !== null) this.link.close();
    this.link = null;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  // ------------------------------------------------------------ master side

  /** Create the backlog (with a new replication id, as Redis does from scratch). */
  ensureBacklog(): Backlog {
    if (this.backlog === null) {
      if (this.masterHost === null) {
        this.server.perf.replId = randomHex(40);
        this.server.perf.replId2 = '0000000000000000000000000000000000000000';
        this.secondReplOffset = -1;
      }
      this.backlog = new Backlog(this.server.config.num('repl-backlog-size'), this.masterReplOffset);
      this.hook();
    }
    return this.backlog;
  }

  private hook(): void {
    if (this.hooked) return;
    this.hooked = true;
    this.server.propagateHooks.push((db, argv) => this.feed(db, argv));
    this.server.config.on('repl-backlog-size', () => {
      if (this.backlog !== null) this.backlog.resize(this.server.config.num('repl-backlog-size'));
    });
    const cfg = this.server.config;
    cfg.on('replica-read-only', () => {
      if (this.masterHost !== null) this.server.readOnlyReplica = cfg.raw('replica-read-only') !== false;
    });
    cfg.on('replica-ignore-maxmemory', () => {
      if (this.masterHost !== null) this.server.replicaIgnoresMaxmemory = cfg.raw('replica-ignore-maxmemory') !== false;
    });
    this.timer = setInterval(() => this.cron(), 1000);
    this.timer.unref();
  }

  /** A propagated write (or our PING / GETACK) into the stream. */
  feed(dbIndex: number, argv: readonly string[]): void {
    if (this.masterHost !== null || this.backlog === null) return;
    let s = '';
    if (dbIndex >= 0 && dbIndex !== this.slaveseldb) {
      s = encodeCommand(['SELECT', String(dbIndex)]);
      this.slaveseldb = dbIndex;
    }
    s += encodeCommand(argv);
    this.feedBytes(Buffer.from(s, 'latin1'));
  }

  feedBytes(data: Buffer): void {
    this.backlog!.append(data);
    this.masterReplOffset += data.length;
    this.server.replOffset = this.masterReplOffset;
    let any = false;
    for (const r of this.replicas) {
      if (r.state !== 'online' || r.client.closed) continue;
      r.client.reply.rawBytes(data);
      any = true;
    }
    if (any) this.queueFlush();
  }

  queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      for (const r of this.replicas) this.server.flush(r.client);
    });
  }

  private cron(): void {
    updateClock();
    if (this.masterHost === null && this.replicas.length > 0) {
      if (--this.pingCountdown <= 0) {
        this.pingCountdown = this.server.config.num('repl-ping-replica-period');
        this.feed(this.slaveseldb, ['PING']);
      }
    }
    this.refreshGoodReplicas();
    // Replicas that stopped acking for repl-timeout seconds are dropped.
    const limit = this.server.config.num('repl-timeout') * 1000;
    const nowMs = Date.now();
    for (const r of this.replicas.slice()) {
      if (r.state === 'online' && r.psync && nowMs - r.ackTime > limit) {
        this.server.log.warning(`Disconnecting timedout replica (streaming sync): ${replicaName(r)}`);
        this.server.freeClient(r.client);
        this.removeReplica(r.client);
      }
    }
    if (this.link !== null) this.link.cron();
  }

  addReplica(c: Client): ReplicaInfo {
    let r = this.byClient.get(c);
    if (r === undefined) {
      r = { client: c, listeningPort: 0, ipAddress: '', capaEof: false, capaPsync2: false, ackOffset: 0, ackTime: Date.now(), state: 'wait_bgsave', rdbOnly: false, psync: false };
      this.byClient.set(c, r);
    }
    return r;
  }

  /** Info from REPLCONF before the client is a replica. */
  pending(c: Client): ReplicaInfo {
    return this.addReplica(c);
  }

  removeReplica(c: Client): void {
    const r = this.byClient.get(c);
    if (r === undefined) return;
    this.byClient.delete(c);
    const i = this.replicas.indexOf(r);
    if (i >= 0) {
      this.replicas.splice(i, 1);
      this.refreshGoodReplicas();
      this.server.log.notice(`Connection with replica ${replicaName(r)} lost.`);
    }
  }

  /** PSYNC / SYNC from client c. */
  sync(c: Client, replid: string | null, offset: number, psync: boolean): void {
    const server = this.server;
    const r = this.addReplica(c);
    if (r.rdbOnly) {
      // Just the snapshot: no replica state, no stream, no backlog.
      if (psync) c.reply.raw(`+FULLRESYNC ${this.replId} ${this.masterReplOffset}\r\n`);
      this.sendRdb(c, r);
      this.byClient.delete(c);
      server.closeAfterReply(c);
      return;
    }
    r.psync = psync;
    if (this.replicas.indexOf(r) < 0) {
      c.isReplicaLink = true;
      this.replicas.push(r);
      c.socket?.once('close', () => this.removeReplica(c));
    }
    if (psync && replid !== null && this.backlog !== null) {
      const idOk = replid === this.replId || (replid === server.perf.replId2 && offset <= this.secondReplOffset);
      const b = this.backlog;
      if (idOk && offset >= b.firstByte && offset <= b.firstByte + b.histlen) {
        c.reply.raw(r.capaPsync2 ? `+CONTINUE ${this.replId}\r\n` : '+CONTINUE\r\n');
        const data = b.from(offset);
        if (data.length > 0) c.reply.rawBytes(data);
        r.state = 'online';
        r.ackTime = Date.now();
        this.refreshGoodReplicas();
        server.log.notice(`Partial resynchronization request from ${replicaName(r)} accepted. Sending ${data.length} bytes of backlog starting from offset ${offset}.`);
        this.syncPartialOk++;
        return;
      }
      if (replid !== '?') this.syncPartialErr++;
    }
    this.ensureBacklog();
    this.syncFull++;
    this.slaveseldb = -1;
    if (psync) c.reply.raw(`+FULLRESYNC ${this.replId} ${this.masterReplOffset}\r\n`);
    server.log.notice(`Starting BGSAVE for SYNC with target: ${r.capaEof ? 'replicas sockets' : 'disk'}`);
    this.sendRdb(c, r);
    r.state = 'online';
    r.ackTime = Date.now();
    server.log.notice(`Synchronization with replica ${replicaName(r)} succeeded`);
    this.refreshGoodReplicas();
  }

  private sendRdb(c: Client, r: ReplicaInfo): void {
    const rdb = encodeRdb(this.server.dbs, this.saveOptions());
    if (r.capaEof && this.server.config.raw('repl-diskless-sync') !== false) {
      const mark = randomHex(40);
      c.reply.raw(`$EOF:${mark}\r\n`);
      c.reply.rawBytes(rdb);
      c.reply.raw(mark);
    } else {
      c.reply.raw(`$${rdb.length}\r\n`);
      c.reply.rawBytes(rdb);
    }
  }

  saveOptions(): RdbSaveOptions {
    return rdbSaveOptions(this.server, [
      ['repl-stream-db', '0'],
      ['repl-id', this.replId],
      ['repl-offset', String(this.masterReplOffset)],
    ]);
  }

  ack(c: Client, offset: number): void {
    const r = this.byClient.get(c);
    if (r === undefined || this.replicas.indexOf(r) < 0) return;
    if (offset > r.ackOffset) r.ackOffset = offset;
    r.ackTime = Date.now();
    if (this.server.noGoodReplicas) this.refreshGoodReplicas();
    if (this.waiters.length > 0) this.checkWaiters();
  }

  /** min-replicas-to-write / min-replicas-max-lag: Server.noGoodReplicas. */
  refreshGoodReplicas(): void {
    const cfg = this.server.config;
    const need = cfg.num('min-replicas-to-write');
    const maxLag = cfg.num('min-replicas-max-lag');
    if (this.masterHost !== null || need === 0 || maxLag === 0) {
      this.server.noGoodReplicas = false;
      return;
    }
    const nowSec = Math.floor(Date.now() / 1000);
    let good = 0;
    for (const r of this.replicas) if (r.state === 'online' && nowSec - Math.floor(r.ackTime / 1000) <= maxLag) good++;
    this.server.noGoodReplicas = good < need;
  }

  countAcks(offset: number): number {
    let n = 0;
    for (const r of this.replicas) if (r.state === 'online' && r.ackOffset >= offset) n++;
    return n;
  }

  /** WAIT: block c until `needed` replicas acked the current offset. */
  wait(c: Client, offset: number, needed: number, timeoutMs: number): void {
    const w: Waiter = { client: c, offset, needed, onTimeout: null };
    this.waiters.push(w);
    w.onTimeout = (cl) => {
      const i = this.waiters.indexOf(w);
      if (i >= 0) this.waiters.splice(i, 1);
      cl.reply.int(this.countAcks(offset));
    };
    this.server.blockClient(c, timeoutMs === 0 ? 0 : Date.now() + timeoutMs, w.onTimeout);
    this.requestAcks();
  }

  requestAcks(): void {
    if (this.getAckQueued) return;
    this.getAckQueued = true;
    setImmediate(() => {
      this.getAckQueued = false;
      if (this.masterHost === null && this.replicas.length > 0) this.feed(this.slaveseldb, ['REPLCONF', 'GETACK', '*']);
    });
  }

  private checkWaiters(): void {
    for (let i = 0; i < this.waiters.length; i++) {
      const w = this.waiters[i]!;
      if (w.client.closed || w.client.blockTimeoutReply !== w.onTimeout) {
        this.waiters.splice(i--, 1);
        continue;
      }
      const n = this.countAcks(w.offset);
      if (n < w.needed) continue;
      this.waiters.splice(i--, 1);
      const c = w.client;
      this.server.releaseBlocked(c);
      c.reply.int(n);
      this.server.unpark(c);
    }
  }

  /** Drop every replica (becoming a replica ourselves). */
  disconnectReplicas(): void {
    for (const r of this.replicas.slice()) this.server.freeClient(r.client);
    this.replicas.length = 0;
  }

  // ------------------------------------------------------------ replica side

  /** REPLICAOF host port. */
  setMaster(host: string, port: number): void {
    const server = this.server;
    const wasMaster = this.masterHost === null;
    if (this.link !== null) this.link.close();
    this.masterHost = host;
    this.masterPort = port;
    server.isReplica = true;
    for (const db of server.dbs) db.deleteExpiredOnAccess = false;
    this.disconnectReplicas();
    if (wasMaster) {
      this.cachedMasterDb = Math.max(0, this.slaveseldb);
      // Cache ourselves as the master to PSYNC from: our own replid and offset.
      this.hook();
      this.backlog ??= new Backlog(server.config.num('repl-backlog-size'), this.masterReplOffset);
    }
    server.readOnlyReplica = server.config.raw('replica-read-only') !== false;
    server.noGoodReplicas = false;
    server.replicaIgnoresMaxmemory = server.config.raw('replica-ignore-maxmemory') !== false;
    server.log.notice(`Connecting to MASTER ${host}:${port}`);
    this.link = new MasterLink(this);
    this.link.start();
  }

  /** REPLICAOF NO ONE. */
  setNoMaster(): void {
    const server = this.server;
    if (this.masterHost === null) return;
    if (this.link !== null) this.link.close();
    this.link = null;
    this.masterHost = null;
    server.isReplica = false;
    server.readOnlyReplica = false;
    server.replicaIgnoresMaxmemory = false;
    server.masterClient = null;
    for (const db of server.dbs) db.deleteExpiredOnAccess = true;
    // Shift the replication id: the old one stays valid up to our offset.
    server.perf.replId2 = server.perf.replId;
    this.secondReplOffset = this.masterReplOffset + 1;
    server.perf.replId = randomHex(40);
    this.slaveseldb = -1;
    this.ensureBacklog();
    this.refreshGoodReplicas();
    server.log.notice('MASTER MODE enabled (user request from id=...)');
  }

  get linkState(): LinkState {
    return this.link === null ? 'none' : this.link.state;
  }
}

function replicaName(r: ReplicaInfo): string {
  const ip = r.ipAddress || ipOf(r.client);
  return `${ip}:${r.listeningPort}`;
}

export function ipOf(c: Client): string {
  const a = c.socket?.remoteAddress ?? '127.0.0.1';
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

const states = new WeakMap<Server, ReplState>();

export function replState(server: Server): ReplState {
  let s = states.get(server);
  if (s === undefined) {
    s = new ReplState(server);
    states.set(server, s);
  }
  return s;
}

/** Server shutdown: close the master link and timers. */
export function stopReplication(server: Server): void {
  const s = states.get(server);
  if (s === undefined) return;
  s.stop();
}

/** The replicaof directive at startup. */
export function startReplicationFromConfig(server: Server): void {
  const st = replState(server);
  const refresh = (): void => st.refreshGoodReplicas();
  server.config.on('min-replicas-to-write', refresh);
  server.config.on('min-replicas-max-lag', refresh);
  refresh();
  const v = server.config.str('replicaof');
  if (v === '') return;
  const sp = v.lastIndexOf(' ');
  replState(server).setMaster(v.slice(0, sp), Number(v.slice(sp + 1)));
}

// ---------------------------------------------------------------- the link to a master

const enum Step {
  Ping,
  Auth,
  Port,
  Capa,
  Psync,
  BulkHeader,
  Bulk,
  Stream,
}

export class MasterLink {
  state: LinkState = 'connect';
  private sock: net.Socket | null = null;
  private step = Step.Ping;
  private inbuf: Buffer = Buffer.alloc(0);
  private bulkLen = -1;
  private eofMark = '';
  private bulkParts: Buffer[] = [];
  bulkGot = 0;
  private eofTail: Buffer = Buffer.alloc(0);
  private psyncId = '';
  private psyncOffset = 0;
  private parser: RequestParser | null = null;
  client: Client | null = null;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  lastIo = Date.now();
  downSince = -1;
  syncTotal = 0;
  /** Stream offset of what we applied (slave_repl_offset) and read. */
  get offset(): number {
    return this.st.masterReplOffset;
  }
  readOffset = 0;

  constructor(private readonly st: ReplState) {}

  start(): void {
    if (this.closed) return;
    this.state = 'connecting';
    this.step = Step.Ping;
    this.inbuf = Buffer.alloc(0);
    this.lastIo = Date.now();
    const sock = net.connect({ host: this.st.masterHost!, port: this.st.masterPort });
    this.sock = sock;
    sock.setNoDelay(true);
    sock.on('connect', () => {
      this.st.server.log.notice('MASTER <-> REPLICA sync started');
      this.state = 'handshake';
      this.send(['PING']);
    });
    sock.on('data', (d: Buffer) => {
      updateClock();
      this.lastIo = Date.now();
      try {
        this.onData(d);
      } catch (e) {
        this.st.server.log.warning(`Replication error: ${(e as Error).message}`);
        this.drop();
      }
    });
    sock.on('error', (e) => this.st.server.log.warning(`Error condition on socket for SYNC: ${e.message}`));
    sock.on('close', () => {
      if (this.sock === sock) this.drop();
    });
  }

  private send(argv: string[]): void {
    this.sock?.write(Buffer.from(encodeCommand(argv), 'latin1'));
  }

  /** Connection lost or failed: retry in a second. */
  private drop(): void {
    const wasConnected = this.state === 'connected';
    if (this.sock !== null) {
      const s = this.sock;
      this.sock = null;
      s.destroy();
    }
    if (wasConnected) this.downSince = Date.now();
    if (this.client !== null) {
      // The db the stream had selected: a partial resync continues in it (cached master).
      this.st.cachedMasterDb = this.client.dbIndex;
      this.st.server.masterClient = null;
      this.client = null;
    }
    this.parser = null;
    this.txBytes = '';
    this.txLen = 0;
    if (this.closed) return;
    this.state = 'connect';
    if (this.retryTimer === null) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        if (!this.closed && this.state === 'connect') this.start();
      }, 1000);
      this.retryTimer.unref();
    }
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.client !== null) this.st.server.masterClient = null;
    this.client = null;
    if (this.sock !== null) {
      const s = this.sock;
      this.sock = null;
      s.destroy();
    }
    this.state = 'connect';
  }

  /** Every second: REPLCONF ACK, and the repl-timeout check. */
  cron(): void {
    if (this.sock === null || this.state === 'connect') return;
    if (Date.now() - this.lastIo > this.st.server.config.num('repl-timeout') * 1000) {
      this.st.server.log.warning(this.state === 'connected' ? 'MASTER timeout: no data nor PING received...' : 'Timeout connecting to the MASTER...');
      this.drop();
      return;
    }
    if (this.state === 'connected') this.sendAck();
  }

  sendAck(): void {
    this.send(['REPLCONF', 'ACK', String(this.st.masterReplOffset)]);
  }

  private line(): string | null {
    const i = this.inbuf.indexOf(10);
    if (i < 0) return null;
    let end = i;
    if (end > 0 && this.inbuf[end - 1] === 13) end--;
    const s = this.inbuf.subarray(0, end).toString('latin1');
    this.inbuf = this.inbuf.subarray(i + 1);
    return s;
  }

  private onData(d: Buffer): void {
    if (this.step === Step.Stream) {
      this.applyStream(d);
      return;
    }
    this.inbuf = this.inbuf.length === 0 ? d : Buffer.concat([this.inbuf, d]);
    const server = this.st.server;
    for (;;) {
      if (this.step === Step.Bulk) {
        if (!this.readBulk()) return;
        continue;
      }
      if ((this.step as Step) === Step.Stream) {
        const rest = this.inbuf;
        this.inbuf = Buffer.alloc(0);
        if (rest.length > 0) this.applyStream(rest);
        return;
      }
      const l = this.line();
      if (l === null) return;
      switch (this.step) {
        case Step.Ping:
          if (l.startsWith('-') && !l.startsWith('-NOAUTH') && !l.startsWith('-NOPERM') && !l.startsWith('-ERR operation not permitted')) {
            server.log.warning(`Error reply to PING from master: '${l}'`);
            this.drop();
            return;
          }
          if (server.config.str('masterauth') !== '') {
            const user = server.config.str('masteruser');
            this.send(user !== '' ? ['AUTH', user, server.config.str('masterauth')] : ['AUTH', server.config.str('masterauth')]);
            this.step = Step.Auth;
          } else this.sendPort();
          break;
        case Step.Auth:
          if (l.startsWith('-')) {
            server.log.warning(`Unable to AUTH to MASTER: ${l}`);
            this.drop();
            return;
          }
          this.sendPort();
          break;
        case Step.Port:
          this.step = Step.Capa;
          this.send(['REPLCONF', 'capa', 'eof', 'capa', 'psync2']);
          break;
        case Step.Capa:
          this.step = Step.Psync;
          this.sendPsync();
          break;
        case Step.Psync:
          if (l === '') break; // keepalive newline
          if (!this.onPsyncReply(l)) return;
          break;
        case Step.BulkHeader: {
          if (l === '') break;
          if (l.startsWith('-')) {
            server.log.warning(`MASTER aborted replication with an error: ${l}`);
            this.drop();
            return;
          }
          if (!l.startsWith('$')) {
            server.log.warning(`Bad protocol from MASTER, the first byte is not '$' (we received '${l}'), are you sure the host and port are right?`);
            this.drop();
            return;
          }
          if (l.startsWith('$EOF:') && l.length === 45) {
            this.eofMark = l.slice(5);
            this.bulkLen = -1;
          } else {
            this.bulkLen = Number(l.slice(1));
            this.eofMark = '';
          }
          this.syncTotal = this.bulkLen;
          this.bulkParts = [];
          this.bulkGot = 0;
          this.eofTail = Buffer.alloc(0);
          this.step = Step.Bulk;
          this.state = 'sync';
          server.log.notice(`MASTER <-> REPLICA sync: receiving ${this.bulkLen >= 0 ? `${this.bulkLen} bytes from master to disk` : 'streamed RDB from master with EOF to disk'}`);
          break;
        }
        default:
          return;
      }
    }
  }

  private sendPort(): void {
    this.step = Step.Port;
    const server = this.st.server;
    const port = server.config.num('replica-announce-port') || server.port;
    this.send(['REPLCONF', 'listening-port', String(port)]);
  }

  private sendPsync(): void {
    // Our own replid/offset: the master we followed before, or our own history.
    const st = this.st;
    if (st.backlog !== null) this.send(['PSYNC', st.replId, String(st.masterReplOffset + 1)]);
    else this.send(['PSYNC', '?', '-1']);
  }

  /** false when the link was dropped. */
  private onPsyncReply(l: string): boolean {
    const server = this.st.server;
    const st = this.st;
    if (l.startsWith('+FULLRESYNC')) {
      const parts = l.split(' ');
      this.psyncId = parts[1] ?? '';
      this.psyncOffset = Number(parts[2] ?? '0');
      server.log.notice(`Full resync from master: ${this.psyncId}:${this.psyncOffset}`);
      this.step = Step.BulkHeader;
      return true;
    }
    if (l.startsWith('+CONTINUE')) {
      const id = l.slice(9).trim();
      if (id !== '' && id !== st.replId) {
        server.perf.replId2 = st.replId;
        st.secondReplOffset = st.masterReplOffset + 1;
        server.perf.replId = id;
      }
      server.log.notice('MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.');
      this.enterStream(st.cachedMasterDb);
      return true;
    }
    if (l.startsWith('-NOMASTERLINK') || l.startsWith('-LOADING')) {
      server.log.notice(`Master is currently unable to PSYNC but should be in the future: ${l}`);
    } else server.log.warning(`Unexpected reply to PSYNC from master: ${l}`);
    this.drop();
    return false;
  }

  /** Collect the RDB payload; true once it is loaded. */
  private readBulk(): boolean {
    const buf = this.inbuf;
    if (this.bulkLen >= 0) {
      const need = this.bulkLen - this.bulkGot;
      if (buf.length < need) {
        this.bulkParts.push(buf);
        this.bulkGot += buf.length;
        this.inbuf = Buffer.alloc(0);
        return false;
      }
      this.bulkParts.push(buf.subarray(0, need));
      this.inbuf = buf.subarray(need);
      this.loadRdb(Buffer.concat(this.bulkParts));
      return true;
    }
    // EOF-marked: everything until the 40-byte mark.
    // Only the last 40 bytes are compared with the mark (no copy of the whole payload).
    this.bulkParts.push(buf);
    this.bulkGot += buf.length;
    this.inbuf = Buffer.alloc(0);
    const t = Buffer.concat([this.eofTail, buf.length > 40 ? buf.subarray(buf.length - 40) : buf]);
    this.eofTail = t.length > 40 ? t.subarray(t.length - 40) : t;
    if (this.eofTail.length === 40 && this.eofTail.toString('latin1') === this.eofMark) {
      const all = Buffer.concat(this.bulkParts);
      this.eofTail = Buffer.alloc(0);
      this.loadRdb(all.subarray(0, all.length - 40));
      return true;
    }
    return false;
  }

  private loadRdb(rdb: Buffer): void {
    const server = this.st.server;
    const st = this.st;
    this.bulkParts = [];
    server.log.notice('MASTER <-> REPLICA sync: Flushing old data');
    st.disconnectReplicas();
    const loaded = decodeRdb(rdb, rdbLimits(server.config), 0, server.config.raw('rdbchecksum') !== false);
    for (const db of server.dbs) db.clear();
    for (const [idx, keys] of loaded.dbs) {
      const db = server.dbs[idx];
      if (db === undefined) continue;
      for (const k of keys) db.set(k.key, k.value, false, k.expireAt);
    }
    server.log.notice(`MASTER <-> REPLICA sync: Finished with success (${loaded.keysLoaded} keys)`);
    server.perf.replId = this.psyncId;
    server.perf.replId2 = '0000000000000000000000000000000000000000';
    st.secondReplOffset = -1;
    st.masterReplOffset = this.psyncOffset;
    st.backlog = new Backlog(server.config.num('repl-backlog-size'), this.psyncOffset);
    const db = Number(loaded.aux.get('repl-stream-db') ?? '0');
    this.enterStream(Number.isInteger(db) && db >= 0 && db < server.dbs.length ? db : 0);
  }

  private enterStream(dbIndex = 0): void {
    const server = this.st.server;
    this.step = Step.Stream;
    this.state = 'connected';
    this.downSince = -1;
    const c = server.createFakeClient();
    c.dbIndex = dbIndex;
    c.db = server.dbs[dbIndex]!;
    this.client = c;
    server.masterClient = c;
    this.parser = new RequestParser({ maxBulkLen: Number.MAX_SAFE_INTEGER, authenticated: true });
    this.sendAck();
  }

  /** Apply master stream bytes. */
  private applyStream(d: Buffer): void {
    const parser = this.parser!;
    const c = this.client!;
    const server = this.st.server;
    parser.feed(d, false, d.length);
    // The master's commands see keys the master has not expired yet (as Redis's replicas).
    for (const db of server.dbs) db.showExpired = true;
    try {
      this.applyCommands(parser, c);
    } finally {
      for (const db of server.dbs) db.showExpired = false;
    }
    server.flushPending();
  }

  private applyCommands(parser: RequestParser, c: Client): void {
    const server = this.st.server;
    const st = this.st;
    for (;;) {
      const argv = parser.next();
      if (argv === null) break;
      const len = encodedLength(argv);
      this.applying = true;
      try {
        server.processCommand(c, argv);
      } finally {
        this.applying = false;
      }
      c.reply.truncate(0);
      // Applied: into our backlog and to our own replicas (chained replication). Inside
      // MULTI the offset waits for EXEC (as Redis): a link cut mid-transaction resumes
      // from the MULTI, whose queued commands died with the old master client.
      this.txBytes += encodeCommand(argv);
      this.txLen += len;
      if (!c.inMulti) {
        if (st.backlog !== null) st.feedBytes(Buffer.from(this.txBytes, 'latin1'));
        else st.masterReplOffset += this.txLen;
        this.txBytes = '';
        this.txLen = 0;
      }
      if (this.client !== c) return; // the link was closed by the command
    }
  }

  private txBytes = '';
  private txLen = 0;

  applying = false;
}
