// Server commands: INFO, DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, TIME, LASTSAVE, SHUTDOWN,
// MONITOR, ROLE, LOLWUT, SLOWLOG, LATENCY and MEMORY; plus PerfMonitor, the per-server
// recorder behind SLOWLOG, LATENCY and INFO latencystats, which the dispatcher feeds
// at the end of each input batch (Server.processInput → perf.batchDone).
//
// Persistence and replication do not exist yet: INFO persistence/replication report the
// values of a master that never saved (LASTSAVE is the start time), SHUTDOWN SAVE does not
// write an RDB. The sections are built by `infoSections`, so later subsystems can replace
// their section's generator.

import { replicationInfo } from './replication.js';
import { replState } from '../replication/repl.js';
import { scriptingInfo } from './scripting.js';
import { hasSavePoints, rdbInfoFields, rdbSaveSync } from './save.js';
import os from 'node:os';
import path from 'node:path';
import type { CommandDef, CommandSpec } from './spec.js';
import type { Client } from '../server/client.js';
import { ParkReason } from '../server/client.js';
import type { Server } from '../server/server.js';
import { REDIS_VERSION, TSREDIS_VERSION } from '../server/server.js';
import { ReplyError, ERR_SYNTAX } from '../util/errors.js';
import { string2ll } from '../util/numbers.js';
import { eqi } from '../util/strings.js';
import { now, ustime } from '../util/clock.js';
import { lruClock, type Db } from '../store/keyspace.js';
import { redactArgv } from '../server/redact.js';
import type { Value } from '../types/value.js';

// ---------------------------------------------------------------- PerfMonitor

/** One SLOWLOG entry. */
interface SlowlogEntry {
  id: number;
  time: number;
  usec: number;
  argv: string[];
  peer: string;
  name: string;
}

/** One latency-monitor sample (LATENCY HISTORY): a second and the worst latency in it. */
interface LatencySample {
  time: number;
  latency: number;
}

interface LatencyEvent {
  samples: LatencySample[];
  /** Index where the next sample goes once the ring is full. */
  idx: number;
  max: number;
}

const LATENCY_TS_LEN = 160;
const SLOWLOG_MAX_ARGC = 32;
const SLOWLOG_MAX_STRING = 128;
/** Sub-buckets per power of two in the per-command latency histograms. */
const HIST_SUB = 16;
const HIST_BUCKETS = 40 * HIST_SUB;

/**
 * Per-server performance recording: the slow log, latency-monitor events ("command",
 * "fast-command") and per-command latency histograms (INFO latencystats, LATENCY
 * HISTOGRAM). The histograms are log-linear (16 sub-buckets per power of two), so
 * percentiles are approximations of Redis's HdrHistogram values.
 */
export class PerfMonitor {
  /**
   * Slow log entries, oldest first; only the last slowlogMaxLen count. Appending and
   * trimming in bulk keeps a long slow log O(1) per entry.
   */
  private slowlogEntries: SlowlogEntry[] = [];
  slowlogNextId = 0;
  /** slowlog-log-slower-than in µs; negative disables. */
  slowerThan = 10000;
  slowlogMaxLen = 128;
  /** latency-monitor-threshold in ms; 0 disables. */
  latencyThreshold = 0;
  latencyTracking = true;
  readonly events = new Map<string, LatencyEvent>();
  /** Replication ids (INFO replication, DEBUG CHANGE-REPL-ID). */
  replId: string;
  replId2 = '0000000000000000000000000000000000000000';
  usedMemoryPeak = 0;
  readonly usedMemoryStartup: number;
  /** DEBUG QUICKLIST-PACKED-THRESHOLD and DEBUG REPLYBUFFER values (accepted, not acted on). */
  quicklistPackedThreshold = 1 << 30;
  replyBufferPeakResetTime = 5000;
  replyBufferResizing = true;

  constructor(server: Server) {
    this.replId = randomHex(40);
    const mu = process.memoryUsage();
    this.usedMemoryStartup = mu.heapUsed + mu.external;
    const cfg = server.config;
    const bindNum = (name: string, fn: (v: number) => void): void => {
      const v = cfg.raw(name);
      if (typeof v === 'number') fn(v);
      cfg.on(name, (x) => fn(Number(x)));
    };
    bindNum('slowlog-log-slower-than', (v) => (this.slowerThan = v));
    bindNum('slowlog-max-len', (v) => {
      this.slowlogMaxLen = Math.max(0, v);
      this.trimSlowlog(true);
    });
    bindNum('latency-monitor-threshold', (v) => (this.latencyThreshold = v));
    const lt = cfg.raw('latency-tracking');
    if (typeof lt === 'boolean') this.latencyTracking = lt;
    cfg.on('latency-tracking', (v) => (this.latencyTracking = v === true || v === 'yes'));
  }

  /**
   * Called by the dispatcher at the end of each input batch: the batch's commands, and
   * the duration each is charged (the batch's elapsed time shared evenly, so a command
   * sent alone is timed exactly; in a pipeline it gets the batch average).
   */
  batchDone(specs: (CommandSpec | undefined)[], argvs: (string[] | undefined)[], clients: (Client | undefined)[], start: number, end: number, usecs: number[]): void {
    for (let i = start; i < end; i++) {
      const usec = usecs[i]!;
      const bucket = histBucket(usec);
      const slow = this.slowerThan >= 0 && usec >= this.slowerThan;
      const latency = this.latencyThreshold > 0 && usec >= this.latencyThreshold * 1000;
      const spec = specs[i]!;
      if (this.latencyTracking) {
        let h = spec.stats.histogram;
        if (h === null) h = spec.stats.histogram = new Uint32Array(HIST_BUCKETS);
        h[bucket]!++;
      }
      if (slow && !spec.flags.has('skip_slowlog')) this.slowlogPush(clients[i]!, redactArgv(spec, argvs[i]!), Math.floor(usec));
      if (latency) this.latencyAdd(spec.isFast ? 'fast-command' : 'command', Math.floor(usec / 1000));
    }
  }

  private slowlogPush(c: Client, argv: string[], usec: number): void {
    if (this.slowlogMaxLen <= 0) return;
    const n = Math.min(argv.length, SLOWLOG_MAX_ARGC);
    const args: string[] = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      if (n < argv.length && i === n - 1) {
        args[i] = `... (${argv.length - SLOWLOG_MAX_ARGC + 1} more arguments)`;
        break;
      }
      const a = argv[i]!;
      // A V8 substring can pin its (possibly huge) parent: copy the kept prefix.
      args[i] = a.length > SLOWLOG_MAX_STRING ? `${Buffer.from(a.slice(0, SLOWLOG_MAX_STRING), 'latin1').toString('latin1')}... (${a.length - SLOWLOG_MAX_STRING} more bytes)` : a;
    }
    const peer = c.socket === null ? '' : c.addr;
    this.slowlogEntries.push({ id: this.slowlogNextId++, time: Math.floor(now() / 1000), usec, argv: args, peer, name: c.name });
    this.trimSlowlog(false);
  }

  private trimSlowlog(exact: boolean): void {
    const max = this.slowlogMaxLen;
    const len = this.slowlogEntries.length;
    if (len > max && (exact || len >= 2 * max + 64)) this.slowlogEntries = this.slowlogEntries.slice(len - max);
  }

  /** SLOWLOG LEN. */
  slowlogLen(): number {
    return Math.min(this.slowlogEntries.length, this.slowlogMaxLen);
  }

  /** The newest `count` slow log entries, newest first. */
  slowlogNewest(count: number): SlowlogEntry[] {
    const e = this.slowlogEntries;
    const n = Math.min(count, this.slowlogLen());
    const out: SlowlogEntry[] = [];
    for (let i = 0; i < n; i++) out.push(e[e.length - 1 - i]!);
    return out;
  }

  /** SLOWLOG RESET. */
  slowlogReset(): void {
    this.slowlogEntries = [];
  }

  /** Record a latency event sample (Redis's latencyAddSample). */
  latencyAdd(event: string, ms: number): void {
    const t = Math.floor(now() / 1000);
    let ev = this.events.get(event);
    if (ev === undefined) {
      ev = { samples: [], idx: 0, max: 0 };
      this.events.set(event, ev);
    }
    if (ms > ev.max) ev.max = ms;
    const prevIdx = ev.samples.length < LATENCY_TS_LEN ? ev.samples.length - 1 : (ev.idx + LATENCY_TS_LEN - 1) % LATENCY_TS_LEN;
    const prev = prevIdx >= 0 ? ev.samples[prevIdx] : undefined;
    if (prev !== undefined && prev.time === t) {
      if (ms > prev.latency) prev.latency = ms;
      return;
    }
    if (ev.samples.length < LATENCY_TS_LEN) {
      ev.samples.push({ time: t, latency: ms });
    } else {
      ev.samples[ev.idx] = { time: t, latency: ms };
      ev.idx = (ev.idx + 1) % LATENCY_TS_LEN;
    }
  }

  /** Samples of an event in time order. */
  eventSamples(ev: LatencyEvent): LatencySample[] {
    if (ev.samples.length < LATENCY_TS_LEN) return ev.samples;
    return [...ev.samples.slice(ev.idx), ...ev.samples.slice(0, ev.idx)];
  }
}

function histBucket(usec: number): number {
  if (usec < 1) return 0;
  const b = Math.floor(Math.log2(usec) * HIST_SUB);
  return b >= HIST_BUCKETS ? HIST_BUCKETS - 1 : b;
}

/** Upper bound (µs) of a fine histogram bucket. */
function histBucketValue(b: number): number {
  return Math.pow(2, (b + 1) / HIST_SUB);
}

function histTotal(h: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < h.length; i++) n += h[i]!;
  return n;
}

function histPercentile(h: Uint32Array, total: number, p: number): number {
  const want = Math.max(1, Math.ceil((p / 100) * total));
  let acc = 0;
  for (let i = 0; i < h.length; i++) {
    acc += h[i]!;
    if (acc >= want) return histBucketValue(i);
  }
  return 0;
}

/** Cumulative counts per power-of-two bucket, as LATENCY HISTOGRAM reports them. */
function histPow2(h: Uint32Array): [number, number][] {
  const out: [number, number][] = [];
  let acc = 0;
  for (let p = 0; p * HIST_SUB < h.length; p++) {
    let n = 0;
    for (let i = p * HIST_SUB; i < (p + 1) * HIST_SUB; i++) n += h[i]!;
    if (n === 0) continue;
    acc += n;
    out.push([Math.pow(2, p + 1), acc]);
  }
  return out;
}

function randomHex(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(Math.random() * 16).toString(16);
  return s;
}

// ---------------------------------------------------------------- INFO

/** Redis's bytesToHuman. */
export function bytesToHuman(n: number): string {
  const units = ['K', 'M', 'G', 'T', 'P'];
  if (n < 1024) return `${n}B`;
  let d = n / 1024;
  for (let i = 0; i < units.length; i++) {
    if (d < 1024 || i === units.length - 1) return `${d.toFixed(2)}${units[i]}`;
    d /= 1024;
  }
  return `${n}B`;
}

/** "%ld.%06ld" of a microsecond count, as Redis prints CPU times. */
function cpuTime(us: number): string {
  const s = Math.floor(us / 1000000);
  return `${s}.${String(Math.floor(us % 1000000)).padStart(6, '0')}`;
}

function avgSamples(a: number[]): number {
  let s = 0;
  for (const x of a) s += x;
  return s / a.length;
}

interface MemoryInfo {
  used: number;
  rss: number;
  peak: number;
  startup: number;
  heapTotal: number;
}

function memoryInfo(server: Server): MemoryInfo {
  const mu = process.memoryUsage();
  // The same figure maxmemory is enforced against (store/evict.ts MemoryMeter).
  const used = server.usedMemory();
  const perf = server.perf;
  if (used > perf.usedMemoryPeak) perf.usedMemoryPeak = used;
  return { used, rss: mu.rss, peak: perf.usedMemoryPeak, startup: Math.min(perf.usedMemoryStartup, used), heapTotal: mu.heapTotal };
}

export type InfoSection = (server: Server, c: Client) => string[];

function serverSection(server: Server): string[] {
  const up = Math.floor((Date.now() - server.startTime) / 1000);
  const cfg = server.config;
  return [
    `redis_version:${REDIS_VERSION}`,
    `tsredis_version:${TSREDIS_VERSION}`,
    'redis_git_sha1:00000000',
    'redis_git_dirty:0',
    'redis_build_id:0',
    `redis_mode:${server.cluster !== null ? 'cluster' : 'standalone'}`,
    `os:${os.type()} ${os.release()} ${os.machine()}`,
    'arch_bits:64',
    'monotonic_clock:POSIX clock_gettime',
    `multiplexing_api:${process.platform === 'linux' ? 'epoll' : process.platform === 'win32' ? 'iocp' : 'kqueue'}`,
    'atomicvar_api:c11-builtin',
    'gcc_version:0.0.0',
    `process_id:${process.pid}`,
    'process_supervised:no',
    `run_id:${server.runId}`,
    `tcp_port:${server.port || server.tls.port}`,
    `server_time_usec:${ustime()}`,
    `uptime_in_seconds:${up}`,
    `uptime_in_days:${Math.floor(up / 86400)}`,
    `hz:${server.hz}`,
    `configured_hz:${cfg.num('hz')}`,
    `lru_clock:${lruClock()}`,
    `executable:${process.argv[1] !== undefined ? path.resolve(process.argv[1]) : process.execPath}`,
    `config_file:${configFile(server)}`,
    'io_threads_active:0',
  ];
}

/** Absolute path of the config file the server was started with ('' when none). */
function configFile(server: Server): string {
  return server.configFile ?? '';
}

function clientsSection(server: Server): string[] {
  let blocked = 0;
  let inTimeout = 0;
  let maxIn = 0;
  let maxOut = 0;
  for (const cl of server.clients.values()) {
    // Clients held by CLIENT PAUSE count as blocked, as in Redis.
    if (cl.parked !== ParkReason.None) {
      blocked++;
      if (cl.parked === ParkReason.Blocked && cl.blockDeadline !== 0) inTimeout++;
    }
    if (cl.parser.buffered > maxIn) maxIn = cl.parser.buffered;
    const out = cl.reply.len + (cl.outputPending);
    if (out > maxOut) maxOut = out;
  }
  return [
    `connected_clients:${server.clients.size - replState(server).replicas.length}`,
    `cluster_connections:${server.cluster !== null ? (server.cluster.nodes.size - 1) * 2 : 0}`,
    `maxclients:${server.maxClients}`,
    `client_recent_max_input_buffer:${maxIn}`,
    `client_recent_max_output_buffer:${maxOut}`,
    `blocked_clients:${blocked}`,
    `tracking_clients:${server.tracking.clients}`,
    `clients_in_timeout_table:${inTimeout}`,
  ];
}

function ratio(a: number, b: number): string {
  return b === 0 ? '0.00' : (a / b).toFixed(2);
}

function memorySection(server: Server): string[] {
  const m = memoryInfo(server);
  const maxmemory = server.config.num('maxmemory') ?? 0;
  const policy = server.config.str('maxmemory-policy') ?? 'noeviction';
  const totalSys = os.totalmem();
  let clientsNormal = 0;
  for (const cl of server.clients.values()) clientsNormal += cl.reply.buf.length + (cl.outputPending);
  const dataset = Math.max(0, m.used - m.startup - clientsNormal);
  return [
    `used_memory:${m.used}`,
    `used_memory_human:${bytesToHuman(m.used)}`,
    `used_memory_rss:${m.rss}`,
    `used_memory_rss_human:${bytesToHuman(m.rss)}`,
    `used_memory_peak:${m.peak}`,
    `used_memory_peak_human:${bytesToHuman(m.peak)}`,
    `used_memory_peak_perc:${((m.used * 100) / Math.max(1, m.peak)).toFixed(2)}%`,
    `used_memory_overhead:${m.startup + clientsNormal}`,
    `used_memory_startup:${m.startup}`,
    `used_memory_dataset:${dataset}`,
    `used_memory_dataset_perc:${((dataset * 100) / Math.max(1, m.used - m.startup)).toFixed(2)}%`,
    `allocator_allocated:${m.used}`,
    `allocator_active:${m.heapTotal}`,
    `allocator_resident:${m.rss}`,
    `total_system_memory:${totalSys}`,
    `total_system_memory_human:${bytesToHuman(totalSys)}`,
    'used_memory_lua:0',
    'used_memory_vm_eval:0',
    'used_memory_lua_human:0B',
    `used_memory_scripts_eval:${scriptingInfo(server).memory}`,
    `number_of_cached_scripts:${scriptingInfo(server).scripts}`,
    `number_of_functions:${scriptingInfo(server).functions}`,
    `number_of_libraries:${scriptingInfo(server).libraries}`,
    'used_memory_vm_functions:0',
    'used_memory_vm_total:0',
    'used_memory_vm_total_human:0B',
    'used_memory_functions:0',
    'used_memory_scripts:0',
    'used_memory_scripts_human:0B',
    `maxmemory:${maxmemory}`,
    `maxmemory_human:${bytesToHuman(maxmemory)}`,
    `maxmemory_policy:${policy}`,
    `allocator_frag_ratio:${ratio(m.heapTotal, m.used)}`,
    `allocator_frag_bytes:${m.heapTotal - m.used}`,
    `allocator_rss_ratio:${ratio(m.rss, m.heapTotal)}`,
    `allocator_rss_bytes:${m.rss - m.heapTotal}`,
    `rss_overhead_ratio:${ratio(m.rss, m.rss)}`,
    'rss_overhead_bytes:0',
    `mem_fragmentation_ratio:${ratio(m.rss, m.used)}`,
    `mem_fragmentation_bytes:${m.rss - m.used}`,
    'mem_not_counted_for_evict:0',
    'mem_replication_backlog:0',
    'mem_total_replication_buffers:0',
    'mem_clients_slaves:0',
    `mem_clients_normal:${clientsNormal}`,
    'mem_cluster_links:0',
    'mem_aof_buffer:0',
    'mem_allocator:libc',
    'active_defrag_running:0',
    'lazyfree_pending_objects:0',
    'lazyfreed_objects:0',
  ];
}

function persistenceSection(server: Server): string[] {
  const rdb = rdbInfoFields(server);
  const aof = server.aof.infoLines();
  return [
    'loading:0',
    'async_loading:0',
    'current_cow_peak:0',
    'current_cow_size:0',
    'current_cow_size_age:0',
    'current_fork_perc:0.00',
    'current_save_keys_processed:0',
    'current_save_keys_total:0',
    `rdb_changes_since_last_save:${rdb.rdb_changes_since_last_save}`,
    `rdb_bgsave_in_progress:${rdb.rdb_bgsave_in_progress}`,
    `rdb_last_save_time:${rdb.rdb_last_save_time}`,
    `rdb_last_bgsave_status:${rdb.rdb_last_bgsave_status}`,
    `rdb_last_bgsave_time_sec:${rdb.rdb_last_bgsave_time_sec}`,
    `rdb_current_bgsave_time_sec:${rdb.rdb_current_bgsave_time_sec}`,
    `rdb_saves:${rdb.rdb_saves}`,
    'rdb_last_cow_size:0',
    `rdb_last_load_keys_expired:${rdb.rdb_last_load_keys_expired}`,
    `rdb_last_load_keys_loaded:${rdb.rdb_last_load_keys_loaded}`,
    ...aof.main,
    'module_fork_in_progress:0',
    'module_fork_last_cow_size:0',
    ...aof.enabled,
  ];
}

function statsSection(server: Server): string[] {
  const s = server.stats;
  const engine = { entriesMoved: 0, compactMs: 0 };
  for (const db of server.dbs) {
    engine.entriesMoved += db.engineStats.entriesMoved;
    engine.compactMs += db.engineStats.compactMs;
  }
  return [
    `total_connections_received:${s.totalConnections}`,
    `total_commands_processed:${s.totalCommands}`,
    `instantaneous_ops_per_sec:${Math.round(avgSamples(s.opsSamples))}`,
    `total_net_input_bytes:${s.netInputBytes}`,
    `total_net_output_bytes:${s.netOutputBytes}`,
    'total_net_repl_input_bytes:0',
    'total_net_repl_output_bytes:0',
    `instantaneous_input_kbps:${(avgSamples(s.inSamples) / 1024).toFixed(2)}`,
    `instantaneous_output_kbps:${(avgSamples(s.outSamples) / 1024).toFixed(2)}`,
    'instantaneous_input_repl_kbps:0.00',
    'instantaneous_output_repl_kbps:0.00',
    `rejected_connections:${s.rejectedConnections}`,
    `sync_full:${replState(server).syncFull}`,
    `sync_partial_ok:${replState(server).syncPartialOk}`,
    `sync_partial_err:${replState(server).syncPartialErr}`,
    `expired_keys:${s.expiredKeys}`,
    `expired_stale_perc:${(s.expiredStalePerc * 100).toFixed(2)}`,
    `expired_time_cap_reached_count:${s.expiredTimeCapReached}`,
    'expire_cycle_cpu_milliseconds:0',
    `evicted_keys:${s.evictedKeys}`,
    'evicted_clients:0',
    'total_eviction_exceeded_time:0',
    'current_eviction_exceeded_time:0',
    `keyspace_hits:${s.keyspaceHits}`,
    `keyspace_misses:${s.keyspaceMisses}`,
    `pubsub_channels:${server.pubsub.channels.size}`,
    `pubsub_patterns:${server.pubsub.patterns.size}`,
    `pubsubshard_channels:${server.pubsub.shardChannels.size}`,
    'latest_fork_usec:0',
    'total_forks:0',
    'migrate_cached_sockets:0',
    'slave_expires_tracked_keys:0',
    // The keyspace engine compacts fragmented shard slabs as it goes: entries moved by
    // compaction are reported as defrag hits, the time spent as defrag time.
    `active_defrag_hits:${engine.entriesMoved}`,
    'active_defrag_misses:0',
    `active_defrag_key_hits:${engine.entriesMoved}`,
    'active_defrag_key_misses:0',
    `total_active_defrag_time:${Math.round(engine.compactMs)}`,
    'current_active_defrag_time:0',
    `tracking_total_keys:${server.tracking.table.size}`,
    `tracking_total_items:${server.tracking.totalItems}`,
    `tracking_total_prefixes:${server.tracking.prefixes.size}`,
    'unexpected_error_replies:0',
    `total_error_replies:${s.totalErrorReplies}`,
    'dump_payload_sanitizations:0',
    `total_reads_processed:${s.readsProcessed}`,
    `total_writes_processed:${s.writesProcessed}`,
    'io_threaded_reads_processed:0',
    'io_threaded_writes_processed:0',
    'reply_buffer_shrinks:0',
    'reply_buffer_expands:0',
  ];
}

function replicationSection(server: Server): string[] {
  return replicationInfo(server);
}

function cpuSection(): string[] {
  const u = process.cpuUsage();
  return [
    `used_cpu_sys:${cpuTime(u.system)}`,
    `used_cpu_user:${cpuTime(u.user)}`,
    'used_cpu_sys_children:0.000000',
    'used_cpu_user_children:0.000000',
    `used_cpu_sys_main_thread:${cpuTime(u.system)}`,
    `used_cpu_user_main_thread:${cpuTime(u.user)}`,
  ];
}

/** Every command spec, containers' subcommands included (commandstats, latencystats). */
function allSpecs(server: Server): CommandSpec[] {
  const out: CommandSpec[] = [];
  for (const spec of server.table.commands.values()) {
    // A container (CONFIG, CLIENT...) has its own line too: calls without a subcommand
    // are rejected with an arity error and counted there, as in Redis.
    out.push(spec);
    if (spec.subcommands) for (const sub of spec.subcommands.values()) out.push(sub);
  }
  return out;
}

function commandstatsSection(server: Server): string[] {
  const out: string[] = [];
  for (const spec of allSpecs(server)) {
    const st = spec.stats;
    if (st.calls === 0 && st.failedCalls === 0 && st.rejectedCalls === 0) continue;
    const usec = Math.floor(st.usec);
    const per = st.calls === 0 ? 0 : st.usec / st.calls;
    out.push(`cmdstat_${spec.fullName}:calls=${st.calls},usec=${usec},usec_per_call=${per.toFixed(2)},rejected_calls=${st.rejectedCalls},failed_calls=${st.failedCalls}`);
  }
  return out;
}

function errorstatsSection(server: Server): string[] {
  const names = [...server.stats.errorStats.keys()].sort();
  return names.map((n) => `errorstat_${n}:count=${server.stats.errorStats.get(n)!}`);
}

function latencystatsSection(server: Server): string[] {
  const out: string[] = [];
  // As Redis: nothing while latency-tracking is off (LATENCY HISTOGRAM still reports).
  if (!server.perf.latencyTracking) return out;
  const pcts = percentiles(server);
  for (const spec of allSpecs(server)) {
    const h = spec.stats.histogram;
    if (h === null) continue;
    const total = histTotal(h);
    if (total === 0) continue;
    const parts = pcts.map((p) => `p${formatPct(p)}=${histPercentile(h, total, p).toFixed(3)}`);
    out.push(`latency_percentiles_usec_${spec.fullName}:${parts.join(',')}`);
  }
  return out;
}

function percentiles(server: Server): number[] {
  const v = server.config.raw('latency-tracking-info-percentiles');
  if (typeof v !== 'string') return [50, 99, 99.9];
  return v.split(/\s+/).filter((x) => x !== '').map(Number).filter((x) => !Number.isNaN(x));
}

function formatPct(p: number): string {
  return String(p);
}

function keyspaceSection(server: Server): string[] {
  const out: string[] = [];
  for (const db of server.dbs) {
    if (db.size === 0) continue;
    out.push(`db${db.id}:keys=${db.size},expires=${db.expiresCount},avg_ttl=${Math.floor(db.avgTtl)}`);
  }
  return out;
}

/** Section generators in Redis's output order; later subsystems may replace entries. */
export const infoSections: [string, string, InfoSection][] = [
  ['server', 'Server', serverSection],
  ['clients', 'Clients', clientsSection],
  ['memory', 'Memory', memorySection],
  ['persistence', 'Persistence', persistenceSection],
  ['stats', 'Stats', statsSection],
  ['replication', 'Replication', replicationSection],
  ['cpu', 'CPU', cpuSection],
  ['modules', 'Modules', () => []],
  ['commandstats', 'Commandstats', commandstatsSection],
  ['errorstats', 'Errorstats', errorstatsSection],
  ['latencystats', 'Latencystats', latencystatsSection],
  ['cluster', 'Cluster', (server) => [`cluster_enabled:${server.cluster !== null ? 1 : 0}`]],
  ['keyspace', 'Keyspace', keyspaceSection],
];

const DEFAULT_SECTIONS = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'errorstats', 'cluster', 'keyspace'];

/** The INFO text for the requested section names (already lowercased). */
export function genInfo(server: Server, c: Client, names: string[]): string {
  const wanted = new Set<string>();
  if (names.length === 0) names = ['default'];
  for (const n of names) {
    if (n === 'all' || n === 'everything') for (const [s] of infoSections) wanted.add(s);
    else if (n === 'default') for (const s of DEFAULT_SECTIONS) wanted.add(s);
    else wanted.add(n);
  }
  let out = '';
  let first = true;
  for (const [key, title, gen] of infoSections) {
    if (!wanted.has(key)) continue;
    if (!first) out += '\r\n';
    first = false;
    out += `# ${title}\r\n`;
    for (const line of gen(server, c)) out += line + '\r\n';
  }
  return out;
}

function infoCommand(c: Client, argv: string[]): void {
  const names: string[] = [];
  for (let i = 1; i < argv.length; i++) names.push(argv[i]!.toLowerCase());
  c.reply.verbatim(genInfo(c.server, c, names));
}

// ---------------------------------------------------------------- keyspace-wide commands

function dbsizeCommand(c: Client): void {
  c.reply.int(c.db.size);
}

/** FLUSHDB / FLUSHALL option: [ASYNC|SYNC]. Both flush synchronously here. */
function parseFlushFlags(argv: string[]): void {
  if (argv.length > 2) throw new ReplyError(ERR_SYNTAX);
  if (argv.length === 2 && !eqi(argv[1]!, 'sync') && !eqi(argv[1]!, 'async')) throw new ReplyError(ERR_SYNTAX);
}

/**
 * Tell WATCH / blocking / tracking that every key of `db` may have changed. A server that
 * provides signalFlushedDb(db) (touch watchers of the whole db at once, as Redis's
 * touchAllWatchedKeysInDb) gets one call; otherwise each key is signalled, which is O(N)
 * and only happens when key-modified hooks are installed.
 */
function signalWholeDb(server: Server, db: Db, keys: string[] | null): void {
  const whole = (server as unknown as { signalFlushedDb?: (db: Db) => void }).signalFlushedDb;
  if (typeof whole === 'function') whole.call(server, db);
  else if (keys !== null) for (const k of keys) server.signalModifiedKey(db, k);
}

/** Keys of a db when per-key signalling will be needed (see signalWholeDb), else null. */
function keysToSignal(server: Server, db: Db): string[] | null {
  const whole = (server as unknown as { signalFlushedDb?: unknown }).signalFlushedDb;
  if (typeof whole === 'function' || (server.keyModifiedHooks.length === 0 && server.blocking.watchedKeys === 0) || db.size === 0) return null;
  const keys: string[] = [];
  db.forEachKey((k) => keys.push(k));
  return keys;
}

/** Empty a db and signal its keys as modified. Returns the number of keys removed. */
function emptyDb(server: Server, dbIndex: number): number {
  const db = server.dbs[dbIndex]!;
  const n = db.size;
  if (n === 0) return 0;
  const keys = keysToSignal(server, db);
  db.clear();
  signalWholeDb(server, db, keys);
  return n;
}

function flushdbCommand(c: Client, argv: string[]): void {
  parseFlushFlags(argv);
  const server = c.server;
  // Changes counted as Redis counts them: one per removed key. (Redis also forces the
  // propagation of a FLUSHDB that removed nothing; here only effective flushes propagate.)
  server.dirty += emptyDb(server, c.dbIndex);
  c.reply.ok();
}

function flushallCommand(c: Client, argv: string[]): void {
  parseFlushFlags(argv);
  const server = c.server;
  let removed = 0;
  for (let i = 0; i < server.dbs.length; i++) removed += emptyDb(server, i);
  // Redis saves an RDB here when save points are configured; no persistence yet.
  server.dirty += removed;
  c.reply.ok();
}

/** A SWAPDB index: an int (else `invalid <which> DB index`), range-checked later. */
function parseDbIndex(s: string, which: string): number {
  const v = string2ll(s);
  if (v === null || v < -2147483648 || v > 2147483647) throw new ReplyError(`ERR invalid ${which} DB index`);
  return Number(v);
}

function swapdbCommand(c: Client, argv: string[]): void {
  const server = c.server;
  if (server.cluster !== null) throw new ReplyError('ERR SWAPDB is not allowed in cluster mode');
  const a = parseDbIndex(argv[1]!, 'first');
  const b = parseDbIndex(argv[2]!, 'second');
  const n = server.dbs.length;
  if (a < 0 || a >= n || b < 0 || b >= n) throw new ReplyError('ERR DB index is out of range');
  if (a !== b) {
    const da = server.dbs[a]!;
    const db = server.dbs[b]!;
    const ka = keysToSignal(server, da);
    const kb = keysToSignal(server, db);
    da.swapWith(db);
    // Clients blocked on keys that now hold values are served (Redis's scanDatabaseForReadyKeys).
    server.blocking.scanDb(da);
    server.blocking.scanDb(db);
    // Keys that were in da are now in db and vice versa; both sets changed in both dbs.
    signalWholeDb(server, da, ka === null && kb === null ? null : [...(ka ?? []), ...(kb ?? [])]);
    signalWholeDb(server, db, ka === null && kb === null ? null : [...(ka ?? []), ...(kb ?? [])]);
  }
  server.dirty++;
  c.reply.ok();
}

function timeCommand(c: Client): void {
  const t = ustime();
  c.reply.arrayLen(2);
  c.reply.bulk(String(t / 1000000n));
  c.reply.bulk(String(t % 1000000n));
}

/** LASTSAVE: the time of the last successful save. Persistence is not implemented yet, so
 * this is the server start time until a later issue adds SAVE/BGSAVE. */
function lastsaveCommand(c: Client): void {
  c.reply.int(c.server.lastSave);
}

function shutdownCommand(c: Client, argv: string[]): void {
  let nosave = false;
  let save = false;
  let abort = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (eqi(a, 'nosave')) nosave = true;
    else if (eqi(a, 'save')) save = true;
    else if (eqi(a, 'now') || eqi(a, 'force')) continue;
    else if (eqi(a, 'abort')) abort = true;
    else throw new ReplyError(ERR_SYNTAX);
  }
  if ((abort && argv.length !== 2) || (nosave && save)) throw new ReplyError(ERR_SYNTAX);
  if (abort) throw new ReplyError('ERR No shutdown in progress.');
  const server = c.server;
  server.log.warning('User requested shutdown...');
  // SHUTDOWN SAVE writes the RDB first, and so does a plain SHUTDOWN when save points
  // are configured (NOSAVE skips it), as Redis's prepareForShutdown.
  if (save || (!nosave && hasSavePoints(server))) {
    server.log.notice('Saving the final RDB snapshot before exiting.');
    try {
      rdbSaveSync(server);
    } catch {
      throw new ReplyError('ERR Errors trying to SHUTDOWN. Check logs.');
    }
  }
  server.log.warning('tsredis is now ready to exit, bye bye...');
  // No reply: the connection closes, as with Redis.
  void server.close();
}

function monitorCommand(c: Client): void {
  // Inside EXEC (or a script) every command must get its reply: no MONITOR stream there.
  if (c.denyBlocking) throw new ReplyError("ERR MONITOR isn't allowed for DENY BLOCKING client");
  // Redis ignores MONITOR from a client already monitoring; replicas cannot monitor.
  if (c.isMonitor) return;
  c.isMonitor = true;
  c.server.monitors.add(c);
  c.reply.ok();
}

function lolwutCommand(c: Client, argv: string[]): void {
  let version = 7;
  if (argv.length >= 3 && eqi(argv[1]!, 'version')) {
    const v = string2ll(argv[2]!);
    if (v === null) throw new ReplyError('ERR value is not an integer or out of range');
    version = Number(v);
    // Versions 5 and 6 take integer drawing parameters after the version.
    if (version === 5 || version === 6) {
      for (let i = 3; i < argv.length; i++) {
        if (string2ll(argv[i]!) === null) throw new ReplyError('ERR value is not an integer or out of range');
      }
    }
  }
  // Redis draws computer art for versions 5 and 6; tsredis prints only the version line.
  c.reply.verbatim(`Redis ver. ${REDIS_VERSION}\n`);
}

// ---------------------------------------------------------------- SLOWLOG

const SLOWLOG_HELP = [
  'SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GET [<count>]',
  '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
  '    Entries are made of:',
  '    id, timestamp, time in microseconds, arguments array, client IP and port,',
  '    client name',
  'LEN',
  '    Return the length of the slowlog.',
  'RESET',
  '    Reset the slowlog.',
  'HELP',
  '    Prints this help.',
];

/** Reply with a help text as Redis's addReplyHelp does (an array of status lines). */
export function replyHelp(c: Client, lines: readonly string[]): void {
  c.reply.arrayLen(lines.length);
  for (const l of lines) c.reply.simple(l);
}

function slowlogGetCommand(c: Client, argv: string[]): void {
  let count = 10;
  if (argv.length === 3) {
    const v = string2ll(argv[2]!);
    if (v === null || v < -1 || v > Number.MAX_SAFE_INTEGER) throw new ReplyError('ERR count should be greater than or equal to -1');
    count = Number(v);
    if (count === -1) count = Infinity;
  } else if (argv.length > 3) {
    throw new ReplyError(`ERR unknown subcommand or wrong number of arguments for '${argv[1]!.slice(0, 128)}'. Try SLOWLOG HELP.`);
  }
  const log = c.server.perf.slowlogNewest(count);
  c.reply.arrayLen(log.length);
  for (const e of log) {
    c.reply.arrayLen(6);
    c.reply.int(e.id);
    c.reply.int(e.time);
    c.reply.int(e.usec);
    c.reply.bulkArray(e.argv);
    c.reply.bulk(e.peer);
    c.reply.bulk(e.name);
  }
}

// ---------------------------------------------------------------- LATENCY

const LATENCY_HELP = [
  'LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'DOCTOR',
  '    Return a human readable latency analysis report.',
  'GRAPH <event>',
  '    Return an ASCII latency graph for the <event> class.',
  'HISTORY <event>',
  '    Return time-latency samples for the <event> class.',
  'LATEST',
  '    Return the latest latency samples for all events.',
  'RESET [<event> ...]',
  '    Reset latency data of one or more <event> classes.',
  '    (default: reset all data for all event classes)',
  'HISTOGRAM [COMMAND ...]',
  '    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.',
  '    If no commands are specified then all histograms are replied.',
  'HELP',
  '    Prints this help.',
];

function latencyLatestCommand(c: Client): void {
  const perf = c.server.perf;
  c.reply.arrayLen(perf.events.size);
  for (const [name, ev] of perf.events) {
    const s = perf.eventSamples(ev);
    const last = s[s.length - 1]!;
    c.reply.arrayLen(4);
    c.reply.bulk(name);
    c.reply.int(last.time);
    c.reply.int(last.latency);
    c.reply.int(ev.max);
  }
}

function latencyHistoryCommand(c: Client, argv: string[]): void {
  const perf = c.server.perf;
  const ev = perf.events.get(argv[2]!);
  if (ev === undefined) {
    c.reply.arrayLen(0);
    return;
  }
  const s = perf.eventSamples(ev);
  c.reply.arrayLen(s.length);
  for (const x of s) {
    c.reply.arrayLen(2);
    c.reply.int(x.time);
    c.reply.int(x.latency);
  }
}

function latencyResetCommand(c: Client, argv: string[]): void {
  const perf = c.server.perf;
  let n = 0;
  if (argv.length === 2) {
    n = perf.events.size;
    perf.events.clear();
  } else {
    for (let i = 2; i < argv.length; i++) if (perf.events.delete(argv[i]!)) n++;
  }
  c.reply.int(n);
}

function latencyGraphCommand(c: Client, argv: string[]): void {
  const perf = c.server.perf;
  const name = argv[2]!;
  const ev = perf.events.get(name);
  if (ev === undefined) throw new ReplyError(`ERR No samples available for event '${name}'`);
  // A simplified graph: one line per sample (Redis draws a sparkline chart).
  const samples = perf.eventSamples(ev);
  const nowS = Math.floor(now() / 1000);
  let min = Infinity;
  for (const s of samples) if (s.latency < min) min = s.latency;
  let text = `${name} - high ${ev.max} ms, low ${min} ms (all time high ${ev.max} ms)\n`;
  text += '-'.repeat(80) + '\n';
  for (const s of samples) {
    const bar = Math.max(1, Math.round((s.latency / Math.max(1, ev.max)) * 40));
    text += `${String(nowS - s.time).padStart(6)}s ago ${'#'.repeat(bar)} ${s.latency}ms\n`;
  }
  c.reply.verbatim(text);
}

function latencyHistogramCommand(c: Client, argv: string[]): void {
  const server = c.server;
  const specs: CommandSpec[] = [];
  if (argv.length === 2) {
    for (const spec of allSpecs(server)) if (spec.stats.histogram !== null) specs.push(spec);
  } else {
    for (let i = 2; i < argv.length; i++) {
      const name = argv[i]!.toLowerCase();
      const bar = name.indexOf('|');
      const base = server.table.lookup(bar === -1 ? name : name.slice(0, bar));
      if (base === undefined) continue;
      const targets: CommandSpec[] = [];
      if (bar !== -1) {
        const sub = base.subcommands?.get(name.slice(bar + 1));
        if (sub !== undefined) targets.push(sub);
      } else if (base.subcommands) {
        for (const sub of base.subcommands.values()) targets.push(sub);
      } else {
        targets.push(base);
      }
      for (const t of targets) if (t.stats.histogram !== null && !specs.includes(t)) specs.push(t);
    }
  }
  c.reply.mapLen(specs.length);
  for (const spec of specs) {
    const h = spec.stats.histogram!;
    c.reply.bulk(spec.fullName);
    c.reply.mapLen(2);
    c.reply.bulk('calls');
    c.reply.int(histTotal(h));
    c.reply.bulk('histogram_usec');
    const buckets = histPow2(h);
    c.reply.mapLen(buckets.length);
    for (const [k, v] of buckets) {
      c.reply.int(k);
      c.reply.int(v);
    }
  }
}

function latencyDoctorCommand(c: Client): void {
  const perf = c.server.perf;
  let text: string;
  if (perf.latencyThreshold === 0 && perf.events.size === 0) {
    text = 'I\'m sorry, Dave, I can\'t do that. Latency monitoring is disabled in this Redis instance. You may use "CONFIG SET latency-monitor-threshold <milliseconds>." in order to enable it. If we weren\'t in a deep space mission I\'d suggest to take a look at https://redis.io/topics/latency-monitor.\n';
  } else if (perf.events.size === 0) {
    text = 'Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sleep better tonight.\n';
  } else {
    text = 'Dave, I have observed latency spikes in this Redis instance. You don\'t mind talking about it, do you Dave?\n\n';
    let i = 1;
    let slowlogEnable = false;
    let slowlogTuning = false;
    let commandAdvice = false;
    let scheduler = false;
    const nowS = Math.floor(now() / 1000);
    for (const [name, ev] of perf.events) {
      const s = perf.eventSamples(ev);
      let sum = 0;
      let oldest = Infinity;
      for (const x of s) {
        sum += x.latency;
        if (x.time < oldest) oldest = x.time;
      }
      const avg = Math.floor(sum / s.length);
      let dev = 0;
      for (const x of s) dev += Math.abs(avg - x.latency);
      dev = Math.floor(dev / s.length);
      // As Redis: the age of the oldest sample divided by the number of samples.
      const period = Math.max(1, nowS - oldest) / s.length;
      text += `${i++}. ${name}: ${s.length} latency spikes (average ${avg}ms, mean deviation ${dev}ms, period ${period.toFixed(2)} sec). Worst all time event ${ev.max}ms.\n`;
      if (name === 'command') {
        if (perf.slowerThan < 0) slowlogEnable = true;
        else if (perf.slowerThan / 1000 > perf.latencyThreshold) slowlogTuning = true;
        commandAdvice = true;
      } else if (name === 'fast-command') {
        scheduler = true;
      }
    }
    const th = perf.latencyThreshold * 1000;
    if (!slowlogEnable && !slowlogTuning && !commandAdvice && !scheduler) {
      text += '\nWhile there are latency events logged, I\'m not able to suggest any easy fix. Please use the Redis community to get some help, providing this report in your help request.\n';
    } else {
      text += '\nI have a few advices for you:\n\n';
      if (slowlogEnable) text += `- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than ${th}'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n`;
      if (slowlogTuning) text += `- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than ${th}'.\n`;
      if (commandAdvice) text += '- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n';
      if (scheduler) text += '- Commands that should be fast were slow: the process did not get CPU time for a while. Lower the system load, or run the server on a machine (or VM) of its own.\n';
      if (commandAdvice) text += '- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n';
    }
  }
  c.reply.verbatim(text);
}

// ---------------------------------------------------------------- MEMORY

const MEMORY_HELP = [
  'MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'DOCTOR',
  '    Return memory problems reports.',
  'MALLOC-STATS',
  '    Return internal statistics report from the memory allocator.',
  'PURGE',
  '    Attempt to purge dirty pages for reclamation by the allocator.',
  'STATS',
  '    Return information about the memory usage of the server.',
  'USAGE <key> [SAMPLES <count>]',
  '    Return memory in bytes used by <key> and its value. Nested values are',
  '    sampled up to <count> times (default: 5, 0 means sample all).',
  'HELP',
  '    Prints this help.',
];

/** Approximate heap bytes of a latin1 string (V8 one-byte string header + payload). */
function strBytes(s: string): number {
  return 16 + ((s.length + 7) & ~7);
}

/**
 * Estimated bytes used by a value. Strings are exact-ish; collections are walked
 * generically (own properties, arrays, Maps, Sets, typed arrays), sampling at most
 * `samples` elements per container when samples > 0 and extrapolating.
 */
export function estimateValueBytes(v: Value, samples: number): number {
  if (typeof v === 'string') return strBytes(v);
  const seen = new Set<object>();
  const walk = (x: unknown, depth: number): number => {
    if (typeof x === 'string') return strBytes(x);
    if (typeof x === 'number') return 8;
    if (typeof x === 'bigint') return 24;
    if (typeof x !== 'object' || x === null || typeof x === 'function') return 0;
    if (seen.has(x) || depth > 16) return 0;
    seen.add(x);
    if (ArrayBuffer.isView(x)) return 64 + x.byteLength;
    if (x instanceof ArrayBuffer) return 32 + x.byteLength;
    const sampleOf = (items: Iterable<unknown>, size: number, per: number): number => {
      if (size === 0) return 0;
      let acc = 0;
      let n = 0;
      for (const it of items) {
        acc += walk(it, depth + 1) + per;
        n++;
        if (samples > 0 && n >= samples) break;
      }
      return n === 0 ? 0 : (acc / n) * size;
    };
    if (Array.isArray(x)) return 16 + 8 * x.length + sampleOf(x, x.length, 0);
    if (x instanceof Map) return 32 + sampleOf(flattenMap(x), x.size * 2, 12);
    if (x instanceof Set) return 32 + sampleOf(x, x.size, 12);
    let total = 24;
    for (const k of Object.keys(x)) total += 8 + walk((x as Record<string, unknown>)[k], depth + 1);
    return total;
  };
  return walk(v, 0);
}

function* flattenMap(m: Map<unknown, unknown>): Iterable<unknown> {
  for (const [k, val] of m) {
    yield k;
    yield val;
  }
}

function memoryUsageCommand(c: Client, argv: string[]): void {
  let samples = 5;
  for (let i = 3; i < argv.length; i++) {
    if (eqi(argv[i]!, 'samples') && i + 1 < argv.length) {
      const v = string2ll(argv[i + 1]!);
      if (v === null) throw new ReplyError('ERR value is not an integer or out of range');
      if (v < 0) throw new ReplyError(ERR_SYNTAX);
      samples = Number(v);
      i++;
    } else {
      throw new ReplyError(ERR_SYNTAX);
    }
  }
  const key = argv[2]!;
  const v = c.db.peek(key);
  if (v === undefined) {
    c.reply.nullBulk();
    return;
  }
  // Key string + per-key index/metadata slots (~32 bytes) + the value.
  c.reply.int(Math.round(strBytes(key) + 32 + estimateValueBytes(v, samples)));
}

function memoryStatsCommand(c: Client): void {
  const server = c.server;
  const m = memoryInfo(server);
  const w = c.reply;
  const dbs = server.dbs.filter((d) => d.size > 0);
  let keys = 0;
  for (const d of dbs) keys += d.size;
  let clientsNormal = 0;
  for (const cl of server.clients.values()) clientsNormal += cl.reply.buf.length + (cl.outputPending);
  const overhead = m.startup + clientsNormal;
  const dataset = Math.max(0, m.used - overhead);
  w.mapLen(27 + dbs.length);
  const int = (k: string, v: number): void => {
    w.bulk(k);
    w.int(Math.round(v));
  };
  const dbl = (k: string, v: number): void => {
    w.bulk(k);
    w.double(v);
  };
  int('peak.allocated', m.peak);
  int('total.allocated', m.used);
  int('startup.allocated', m.startup);
  int('replication.backlog', 0);
  int('clients.slaves', 0);
  int('clients.normal', clientsNormal);
  int('cluster.links', 0);
  int('aof.buffer', 0);
  int('lua.caches', 0);
  int('functions.caches', 0);
  for (const d of dbs) {
    w.bulk(`db.${d.id}`);
    w.mapLen(3);
    int('overhead.hashtable.main', d.size * 24);
    int('overhead.hashtable.expires', d.expiresCount * 16);
    int('overhead.hashtable.slot-to-keys', 0);
  }
  int('overhead.total', overhead);
  int('keys.count', keys);
  int('keys.bytes-per-key', keys === 0 ? 0 : Math.floor(dataset / keys));
  int('dataset.bytes', dataset);
  dbl('dataset.percentage', m.used - m.startup <= 0 ? 0 : (dataset * 100) / (m.used - m.startup));
  dbl('peak.percentage', (m.used * 100) / Math.max(1, m.peak));
  int('allocator.allocated', m.used);
  int('allocator.active', m.heapTotal);
  int('allocator.resident', m.rss);
  dbl('allocator-fragmentation.ratio', m.heapTotal / Math.max(1, m.used));
  int('allocator-fragmentation.bytes', m.heapTotal - m.used);
  dbl('allocator-rss.ratio', m.rss / Math.max(1, m.heapTotal));
  int('allocator-rss.bytes', m.rss - m.heapTotal);
  dbl('rss-overhead.ratio', 1);
  int('rss-overhead.bytes', 0);
  dbl('fragmentation', m.rss / Math.max(1, m.used));
  int('fragmentation.bytes', m.rss - m.used);
}

function memoryDoctorCommand(c: Client): void {
  // The runtime's own heap is always several MB (and shared with the embedding process),
  // so "empty" is judged on the keyspace engine's own bytes (Redis checks total
  // allocated < 5 MB).
  let dataset = 0;
  for (const db of c.server.dbs) dataset += db.memoryBytes();
  const text = dataset < 5 * 1024 * 1024
    ? 'Hi Sam, this instance is empty or is using very little memory, my issues detector can\'t be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n'
    : 'Hi Sam, I can\'t find any memory issue in your instance. I can only account for what occurs on this base.\n';
  c.reply.verbatim(text);
}

// ---------------------------------------------------------------- table

const S = { group: 'server' } as const;

export const serverCommands: CommandDef[] = [
  { name: 'info', arity: -1, flags: 'loading stale', acl: 'dangerous', ...S, since: '1.0.0', summary: 'Reports server information and statistics, by section.', complexity: 'O(1)', tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'], handler: infoCommand },
  { name: 'dbsize', arity: 1, flags: 'readonly fast', acl: 'keyspace', ...S, since: '1.0.0', summary: 'Counts the keys in the selected database.', complexity: 'O(1)', tips: ['request_policy:all_shards', 'response_policy:agg_sum'], handler: dbsizeCommand },
  { name: 'flushdb', arity: -1, flags: 'write', acl: 'keyspace dangerous', ...S, since: '1.0.0', summary: 'Deletes every key of the selected database.', complexity: 'O(N) where N is the number of keys in the selected database', tips: ['request_policy:all_shards', 'response_policy:all_succeeded'], handler: flushdbCommand },
  { name: 'flushall', arity: -1, flags: 'write', acl: 'keyspace dangerous', ...S, since: '1.0.0', summary: 'Deletes every key of every database.', complexity: 'O(N) where N is the total number of keys in all databases', tips: ['request_policy:all_shards', 'response_policy:all_succeeded'], handler: flushallCommand },
  { name: 'swapdb', arity: 3, flags: 'write fast', acl: 'keyspace dangerous', ...S, since: '4.0.0', summary: 'Exchanges the contents of two databases.', complexity: 'O(N) where N is the count of clients watching or blocking on keys from both databases.', handler: swapdbCommand },
  { name: 'time', arity: 1, flags: 'loading stale fast', ...S, since: '2.6.0', summary: 'Returns the server time as seconds and microseconds.', complexity: 'O(1)', tips: ['nondeterministic_output'], handler: timeCommand },
  { name: 'lastsave', arity: 1, flags: 'loading stale fast', acl: 'admin dangerous', ...S, since: '1.0.0', summary: 'Returns the Unix time of the last successful save.', complexity: 'O(1)', tips: ['nondeterministic_output'], handler: lastsaveCommand },
  { name: 'shutdown', arity: -1, flags: 'admin noscript loading stale no_multi allow_busy', ...S, since: '1.0.0', summary: 'Stops the server, optionally saving first.', complexity: 'O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)', handler: shutdownCommand },
  { name: 'monitor', arity: 1, flags: 'admin noscript loading stale', ...S, since: '1.0.0', summary: 'Streams every command the server processes to this connection.', handler: monitorCommand },
  { name: 'lolwut', arity: -1, flags: 'readonly fast', ...S, since: '5.0.0', summary: 'Prints the server version (and, in Redis, computer art).', handler: lolwutCommand },
  {
    name: 'slowlog', arity: -2, flags: '', ...S, since: '2.2.12', summary: 'A container for slow log commands.', complexity: 'Depends on subcommand.',
    subcommands: [
      { name: 'len', arity: 2, flags: 'admin loading stale', ...S, since: '2.2.12', summary: 'Returns the number of entries in the slow log.', complexity: 'O(1)', tips: ['request_policy:all_nodes', 'response_policy:agg_sum', 'nondeterministic_output'], handler: (c) => c.reply.int(c.server.perf.slowlogLen()) },
      { name: 'get', arity: -2, flags: 'admin loading stale', ...S, since: '2.2.12', summary: 'Returns the most recent slow log entries.', complexity: 'O(N) where N is the number of entries returned', tips: ['request_policy:all_nodes', 'nondeterministic_output'], handler: slowlogGetCommand },
      { name: 'reset', arity: 2, flags: 'admin loading stale', ...S, since: '2.2.12', summary: 'Empties the slow log.', complexity: 'O(N) where N is the number of entries in the slowlog', tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'], handler: (c) => { c.server.perf.slowlogReset(); c.reply.ok(); } },
      { name: 'help', arity: 2, flags: 'loading stale', ...S, since: '6.2.0', summary: 'Lists the SLOWLOG subcommands.', complexity: 'O(1)', handler: (c) => replyHelp(c, SLOWLOG_HELP) },
    ],
  },
  {
    name: 'latency', arity: -2, flags: '', ...S, since: '2.8.13', summary: 'A container for latency diagnostics commands.', complexity: 'Depends on subcommand.',
    subcommands: [
      { name: 'doctor', arity: 2, flags: 'admin noscript loading stale', ...S, since: '2.8.13', summary: 'Writes a human readable latency analysis.', complexity: 'O(1)', tips: ['nondeterministic_output', 'request_policy:all_nodes', 'response_policy:special'], handler: latencyDoctorCommand },
      { name: 'history', arity: 3, flags: 'admin noscript loading stale', ...S, since: '2.8.13', summary: 'Returns the samples recorded for a latency event.', complexity: 'O(1)', tips: ['nondeterministic_output', 'request_policy:all_nodes', 'response_policy:special'], handler: latencyHistoryCommand },
      { name: 'reset', arity: -2, flags: 'admin noscript loading stale', ...S, since: '2.8.13', summary: 'Forgets the samples of some or all latency events.', complexity: 'O(1)', tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'], handler: latencyResetCommand },
      { name: 'graph', arity: 3, flags: 'admin noscript loading stale', ...S, since: '2.8.13', summary: 'Draws a text graph of a latency event.', complexity: 'O(1)', tips: ['nondeterministic_output', 'request_policy:all_nodes', 'response_policy:special'], handler: latencyGraphCommand },
      { name: 'help', arity: 2, flags: 'loading stale', ...S, since: '2.8.13', summary: 'Lists the LATENCY subcommands.', complexity: 'O(1)', handler: (c) => replyHelp(c, LATENCY_HELP) },
      { name: 'histogram', arity: -2, flags: 'admin noscript loading stale', ...S, since: '7.0.0', summary: 'Returns the latency histograms of commands.', complexity: 'O(N) where N is the number of commands with latency information being retrieved.', tips: ['nondeterministic_output', 'request_policy:all_nodes', 'response_policy:special'], handler: latencyHistogramCommand },
      { name: 'latest', arity: 2, flags: 'admin noscript loading stale', ...S, since: '2.8.13', summary: 'Returns the latest sample of every latency event.', complexity: 'O(1)', tips: ['nondeterministic_output', 'request_policy:all_nodes', 'response_policy:special'], handler: latencyLatestCommand },
    ],
  },
  {
    name: 'memory', arity: -2, flags: '', ...S, since: '4.0.0', summary: 'A container for memory diagnostics commands.', complexity: 'Depends on subcommand.',
    subcommands: [
      { name: 'malloc-stats', arity: 2, flags: '', ...S, since: '4.0.0', summary: 'Returns the allocator statistics report.', complexity: 'Depends on how much memory is allocated, could be slow', tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'], handler: (c) => c.reply.verbatim('Stats not supported for the current allocator') },
      { name: 'help', arity: 2, flags: 'loading stale', ...S, since: '4.0.0', summary: 'Lists the MEMORY subcommands.', complexity: 'O(1)', handler: (c) => replyHelp(c, MEMORY_HELP) },
      { name: 'doctor', arity: 2, flags: '', ...S, since: '4.0.0', summary: 'Reports memory problems.', complexity: 'O(1)', tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'], handler: memoryDoctorCommand },
      { name: 'usage', arity: -3, flags: 'readonly', keys: [2, 2, 1], ...S, since: '4.0.0', summary: 'Estimates the memory used by a key and its value.', complexity: 'O(N) where N is the number of samples.', handler: memoryUsageCommand },
      { name: 'purge', arity: 2, flags: '', ...S, since: '4.0.0', summary: 'Asks the allocator to release unused memory.', complexity: 'Depends on how much memory is allocated, could be slow', tips: ['request_policy:all_shards', 'response_policy:all_succeeded'], handler: (c) => c.reply.ok() },
      { name: 'stats', arity: 2, flags: '', ...S, since: '4.0.0', summary: 'Reports memory usage details.', complexity: 'O(1)', tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'], handler: memoryStatsCommand },
    ],
  },
];
