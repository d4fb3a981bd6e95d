// Replication commands: REPLCONF, PSYNC, SYNC, REPLICAOF/SLAVEOF, ROLE, WAIT, and the
// INFO replication section. The machinery is in src/replication/repl.ts.

import type { CommandDef } from './spec.js';
import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';
import { ReplyError, ERR_SYNTAX, ERR_NOT_INTEGER } from '../util/errors.js';
import { eqi } from '../util/strings.js';
import { string2ll } from '../util/numbers.js';
import { replState, ipOf } from '../replication/repl.js';

function replconfCommand(c: Client, argv: string[]): void {
  if (argv.length % 2 === 0) throw new ReplyError(ERR_SYNTAX);
  const st = replState(c.server);
  for (let j = 1; j < argv.length; j += 2) {
    const opt = argv[j]!.toLowerCase();
    const val = argv[j + 1]!;
    if (opt === 'listening-port') {
      const port = string2ll(val);
      if (port === null) throw new ReplyError(ERR_NOT_INTEGER);
      st.pending(c).listeningPort = Number(port);
    } else if (opt === 'ip-address') {
      if (val.length >= 46) throw new ReplyError(`ERR REPLCONF ip-address provided by replica instance is too long: ${val.length} bytes`);
      st.pending(c).ipAddress = val;
    } else if (opt === 'capa') {
      if (eqi(val, 'eof')) st.pending(c).capaEof = true;
      else if (eqi(val, 'psync2')) st.pending(c).capaPsync2 = true;
    } else if (opt === 'ack') {
      // No reply: the replica does not read one.
      const off = string2ll(val);
      if (off === null) return;
      st.ack(c, Number(off));
      return;
    } else if (opt === 'getack') {
      if (c.server.masterClient === c && st.link !== null) st.link.sendAck();
      return;
    } else if (opt === 'rdb-only' || opt === 'rdb-filter-only') {
      if (opt === 'rdb-only') {
        const v = string2ll(val);
        if (v === null || v < 0n || v > 1n) throw new ReplyError('ERR value is out of range, value must between 0 and 1');
        st.pending(c).rdbOnly = v === 1n;
      }
    } else {
      throw new ReplyError(`ERR Unrecognized REPLCONF option: ${argv[j]!}`);
    }
  }
  c.reply.ok();
}

function syncGeneric(c: Client, argv: string[], psync: boolean): void {
  const server = c.server;
  const st = replState(server);
  if (st.replicas.some((r) => r.client === c)) return;
  if (st.masterHost !== null && st.linkState !== 'connected') throw new ReplyError("NOMASTERLINK Can't SYNC while not connected with my master");
  let offset = -1;
  if (psync) {
    const o = string2ll(argv[2]!);
    if (o === null) throw new ReplyError(ERR_NOT_INTEGER);
    offset = Number(o);
  }
  server.log.notice(`Replica ${ipOf(c)}:${st.pending(c).listeningPort} asks for synchronization`);
  st.sync(c, psync ? argv[1]! : null, offset, psync);
}

function psyncCommand(c: Client, argv: string[]): void {
  syncGeneric(c, argv, true);
}

function syncCommand(c: Client, argv: string[]): void {
  syncGeneric(c, argv, false);
}

function replicaofCommand(c: Client, argv: string[]): void {
  const st = replState(c.server);
  if (eqi(argv[1]!, 'no') && eqi(argv[2]!, 'one')) {
    if (st.masterHost !== null) st.setNoMaster();
    c.reply.ok();
    return;
  }
  if (st.replicas.some((r) => r.client === c)) throw new ReplyError('ERR Command is not valid when client is a replica.');
  const p = string2ll(argv[2]!);
  if (p === null || p < 0n || p > 65535n) throw new ReplyError('ERR Invalid master port');
  const port = Number(p);
  if (st.masterHost !== null && st.masterHost.toLowerCase() === argv[1]!.toLowerCase() && st.masterPort === port) {
    c.reply.simple('OK Already connected to specified master');
    return;
  }
  st.setMaster(argv[1]!, port);
  c.server.log.notice(`REPLICAOF ${argv[1]!}:${port} enabled (user request from 'id=${c.id} addr=${c.addr}')`);
  c.reply.ok();
}

function roleCommand(c: Client): void {
  const st = replState(c.server);
  const w = c.reply;
  if (st.masterHost !== null) {
    w.arrayLen(5);
    w.bulk('slave');
    w.bulk(st.masterHost);
    w.int(st.masterPort);
    const s = st.linkState;
    w.bulk(s === 'none' ? 'connect' : s);
    w.int(c.server.masterClient !== null ? st.masterReplOffset : -1);
    return;
  }
  const online = st.replicas.filter((r) => r.state === 'online');
  w.arrayLen(3);
  w.bulk('master');
  w.int(st.masterReplOffset);
  w.arrayLen(online.length);
  for (const r of online) {
    w.arrayLen(3);
    w.bulk(r.ipAddress || ipOf(r.client));
    w.bulk(String(r.listeningPort));
    w.bulk(String(r.ackOffset));
  }
}

/**
 * WAIT numreplicas timeout: block until that many replicas acknowledged this client's
 * last write, or the timeout (ms, 0 = forever) passes; reply how many did.
 */
function waitCommand(c: Client, argv: string[]): void {
  const st = replState(c.server);
  if (st.masterHost !== null) throw new ReplyError('ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.');
  const n = string2ll(argv[1]!);
  if (n === null) throw new ReplyError(ERR_NOT_INTEGER);
  const t = string2ll(argv[2]!);
  if (t === null) throw new ReplyError('ERR timeout is not an integer or out of range');
  if (t < 0) throw new ReplyError('ERR timeout is negative');
  const acked = st.countAcks(c.woff);
  if (acked >= n || c.inMulti) {
    c.reply.int(acked);
    return;
  }
  st.wait(c, c.woff, Number(n), Number(t));
}

/** INFO replication. */
export function replicationInfo(server: Server): string[] {
  const st = replState(server);
  const out: string[] = [];
  const nowMs = Date.now();
  if (st.masterHost !== null) {
    const link = st.link;
    const connected = st.linkState === 'connected';
    out.push('role:slave', `master_host:${st.masterHost}`, `master_port:${st.masterPort}`, `master_link_status:${connected ? 'up' : 'down'}`);
    out.push(`master_last_io_seconds_ago:${server.masterClient !== null && link !== null ? Math.floor((nowMs - link.lastIo) / 1000) : -1}`);
    out.push(`master_sync_in_progress:${st.linkState === 'sync' ? 1 : 0}`);
    const off = server.masterClient !== null ? st.masterReplOffset : 1;
    out.push(`slave_read_repl_offset:${off}`, `slave_repl_offset:${off}`);
    if (st.linkState === 'sync' && link !== null) {
      const total = link.syncTotal;
      const read = link.bulkGot;
      const perc = total > 0 ? ((read * 100) / total).toFixed(2) : '0.00';
      out.push(`master_sync_total_bytes:${total}`, `master_sync_read_bytes:${read}`, `master_sync_left_bytes:${total - read}`, `master_sync_perc:${perc}`, `master_sync_last_io_seconds_ago:${Math.floor((nowMs - link.lastIo) / 1000)}`);
    }
    if (!connected) out.push(`master_link_down_since_seconds:${link !== null && link.downSince >= 0 ? Math.floor((nowMs - link.downSince) / 1000) : -1}`);
    out.push(`slave_priority:${server.config.num('replica-priority')}`, `slave_read_only:${server.config.raw('replica-read-only') !== false ? 1 : 0}`, `replica_announced:${server.config.raw('replica-announced') !== false ? 1 : 0}`);
  } else {
    out.push('role:master');
  }
  out.push(`connected_slaves:${st.replicas.length}`);
  let i = 0;
  for (const r of st.replicas) {
    const lag = Math.floor(nowMs / 1000) - Math.floor(r.ackTime / 1000);
    out.push(`slave${i++}:ip=${r.ipAddress || ipOf(r.client)},port=${r.listeningPort},state=${r.state},offset=${r.ackOffset},lag=${lag}`);
  }
  const b = st.backlog;
  out.push(
    'master_failover_state:no-failover',
    `master_replid:${server.perf.replId}`,
    `master_replid2:${server.perf.replId2}`,
    `master_repl_offset:${st.masterReplOffset}`,
    `second_repl_offset:${st.secondReplOffset}`,
    `repl_backlog_active:${b !== null ? 1 : 0}`,
    `repl_backlog_size:${server.config.num('repl-backlog-size')}`,
    `repl_backlog_first_byte_offset:${b !== null ? b.firstByte : 0}`,
    `repl_backlog_histlen:${b !== null ? b.histlen : 0}`,
  );
  return out;
}

const R = { acl: 'admin dangerous', group: 'server' } as const;

export const replicationCommands: CommandDef[] = [
  { name: 'replconf', arity: -1, flags: 'admin noscript loading stale allow_busy', ...R, since: '3.0.0', summary: 'Internal command used by replicas to configure and acknowledge the replication link.', complexity: 'O(1)', handler: replconfCommand },
  { name: 'psync', arity: -3, flags: 'admin noscript no_async_loading no_multi', ...R, since: '2.8.0', summary: 'Internal command a replica uses to start full or partial synchronization.', handler: psyncCommand },
  { name: 'sync', arity: 1, flags: 'admin noscript no_async_loading no_multi', ...R, since: '1.0.0', summary: 'Internal command a replica uses for a full synchronization (old protocol).', handler: syncCommand },
  { name: 'replicaof', arity: 3, flags: 'admin noscript stale no_async_loading', ...R, since: '5.0.0', summary: 'Makes the server a replica of another server, or turns it back into a master.', complexity: 'O(1)', handler: replicaofCommand },
  { name: 'slaveof', arity: 3, flags: 'admin noscript stale no_async_loading', ...R, since: '1.0.0', summary: 'Makes the server a replica of another server, or turns it back into a master (old name of REPLICAOF).', complexity: 'O(1)', deprecatedSince: '5.0.0', replacedBy: '`REPLICAOF`', handler: replicaofCommand },
  { name: 'role', arity: 1, flags: 'noscript loading stale fast', ...R, since: '2.8.12', summary: 'Reports the replication role of the server.', complexity: 'O(1)', handler: roleCommand },
  { name: 'wait', arity: 3, flags: 'noscript', acl: 'connection', group: 'generic', since: '3.0.0', summary: 'Blocks until the given number of replicas acknowledged the writes of this connection, or a timeout.', complexity: 'O(1)', tips: ['request_policy:all_shards', 'response_policy:agg_min'], handler: waitCommand },
];
