// Per-connection state. Fields are initialised in a fixed order in the constructor so
// every Client has one hidden-class shape (the dispatcher's hot path touches them all).

import type { Socket } from 'node:net';
import { RequestParser } from '../protocol/parser.js';
import type { Sink } from './sink.js';
import { ReplyWriter } from '../protocol/writer.js';
import type { Db } from '../store/keyspace.js';
import type { Server } from './server.js';
import type { CommandSpec } from '../commands/spec.js';
import type { QueuedCommand, WatchedKey } from './multi.js';
import type { AclUser } from './acl.js';

export const enum ReplyMode {
  On = 0,
  Off = 1,
  Skip = 2,
}

/** Why a client is parked (not processing input). */
export const enum ParkReason {
  None = 0,
  Paused = 1,
  Blocked = 2,
}

export class Client {
  readonly parser: RequestParser;
  readonly reply = new ReplyWriter();
  db: Db;
  dbIndex = 0;
  name = '';
  libName = '';
  libVer = '';
  authenticated: boolean;
  user = 'default';
  /** The ACL user (server/acl.ts); null for internal clients, which may run anything. */
  aclUser: AclUser | null;
  /** CLIENT TRACKING: TRACKING_* bits of tracking.ts (0 = off), redirection id, BCAST prefixes. */
  trackingFlags = 0;
  trackingRedirect = 0;
  trackingPrefixes: Set<string> | null = null;
  readonly createdAt: number;
  lastInteraction: number;
  /** Name of the last command run ("NULL" before the first), for CLIENT LIST. */
  lastCommand = 'NULL';
  replyMode = ReplyMode.On;
  /** Set by CLIENT REPLY SKIP: the next command's reply is dropped. */
  skipNext = false;
  noEvict = false;
  noTouch = false;
  isMonitor = false;
  /** Close once the pending output is written (QUIT, protocol errors, CLIENT KILL). */
  closeAfterReply = false;
  closed = false;
  /** Parked: commands are not processed until unparked (CLIENT PAUSE, blocking ops). */
  parked = ParkReason.None;
  /** The command that parked the client, re-run when it is unparked. */
  parkedArgv: string[] | null = null;
  parkedSpec: CommandSpec | null = null;
  /** Blocking-operation deadline in ms (0 = none), and the callback a wake-up calls. */
  blockDeadline = 0;
  /** Writes the reply a blocked command gives when its timeout expires. */
  blockTimeoutReply: ((c: Client) => void) | null = null;
  /** Timer of a blocked command's timeout (one per blocked client, never per key). */
  blockTimer: NodeJS.Timeout | null = null;
  /** Argv that replaces the executed one for propagation (e.g. SET EX → SET PXAT). */
  propagateArgv: string[][] | null = null;
  /** Replication offset after this client's last propagated write (WAIT). */
  woff = 0;
  /** A replica's link (it sent SYNC/PSYNC): CLIENT LIST flag S, type replica. */
  isReplicaLink = false;
  /** Where replies go (null for fake clients); see sink.ts. */
  sink: Sink | null = null;
  /** Reading stopped until the sink drains (output backpressure). */
  readPaused = false;
  /** Reading paused until the end of this loop turn (Server.yieldClient). */
  readYielded = false;
  /** Inside MULTI: commands are queued (multiQueue) until EXEC or DISCARD (multi.ts). */
  inMulti = false;
  /** Commands queued since MULTI (null outside MULTI). */
  multiQueue: QueuedCommand[] | null = null;
  /** MULTI_* bits of multi.ts: dirty CAS / dirty EXEC, and flags of the queued commands. */
  multiFlags = 0;
  /** Keys this client WATCHes (multi.ts), null when none. */
  watched: WatchedKey[] | null = null;
  /** Pub/Sub subscriptions (pubsub.ts), null until the first one of each kind. */
  channels: Set<string> | null = null;
  patterns: Set<string> | null = null;
  shardChannels: Set<string> | null = null;
  /** Total of the three subscription sets: non-zero puts a RESP2 client in pub/sub mode. */
  subscriptionCount = 0;
  /** Pub/Sub pushes to this client made while its own reply was being dropped (pubsub.ts). */
  heldPushes: Buffer[] | null = null;
  /**
   * Set while EXEC (and later scripts) run this client's commands: a blocking command must
   * not park, it answers at once as if its timeout had expired (Redis's CLIENT_DENY_BLOCKING).
   */
  denyBlocking = false;
  /** Bytes of the last parsed command's arguments (CLIENT LIST argv-mem). */
  argvMem = 0;
  /** Remote and local addresses as "ip:port" (or "path:0" for unix sockets). */
  readonly addr: string;
  readonly laddr: string;
  /** A pseudo file descriptor number for CLIENT LIST / KILL (unique per client). */
  readonly fd: number;
  readonly isUnix: boolean;
  /** Output-buffer soft limit tracking: when the soft limit was first exceeded (ms), 0 = not. */
  obufSoftSince = 0;

  constructor(
    readonly id: number,
    readonly socket: Socket | null,
    readonly server: Server,
    authenticated: boolean,
    nowMs: number,
  ) {
    this.parser = new RequestParser({ maxBulkLen: server.protoMaxBulkLen, authenticated });
    this.db = server.dbs[0]!;
    this.authenticated = authenticated;
    this.aclUser = socket !== null ? server.acl.defaultUser : null;
    this.createdAt = nowMs;
    this.lastInteraction = nowMs;
    if (socket !== null) {
      const unix = socket.remoteAddress === undefined && socket.localAddress === undefined;
      this.isUnix = unix;
      this.addr = unix ? `${server.unixSocketPath ?? ''}:0` : formatAddr(socket.remoteAddress, socket.remotePort);
      this.laddr = unix ? `${server.unixSocketPath ?? ''}:0` : formatAddr(socket.localAddress, socket.localPort);
    } else {
      this.isUnix = false;
      this.addr = '';
      this.laddr = '';
    }
    this.fd = socket === null ? -1 : id + 7;
  }

  /** Reply bytes handed to the socket and not yet sent (CLIENT LIST omem, limits). */
  get outputPending(): number {
    return this.sink === null ? 0 : this.sink.pending;
  }

  /** Write an error reply (counted in INFO errorstats / total_error_replies). */
  error(message: string): void {
    this.server.countError(message);
    this.reply.error(message);
  }

  setResp(v: 2 | 3): void {
    this.reply.resp = v;
  }

  get resp(): 2 | 3 {
    return this.reply.resp;
  }

  selectDb(index: number): void {
    this.db = this.server.dbs[index]!;
    this.dbIndex = index;
  }

  setAuthenticated(v: boolean): void {
    this.authenticated = v;
    this.parser.limits.authenticated = v;
  }
}

function formatAddr(ip: string | undefined, port: number | undefined): string {
  if (ip === undefined) return '?:0';
  const host = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return `${host}:${port ?? 0}`;
}
