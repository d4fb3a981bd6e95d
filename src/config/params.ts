// The table of Redis 7.0 configuration parameters: name, type, default (as CONFIG GET
// prints it), range, mutability. Parameters that tsredis does not act on yet are accepted
// and reported all the same (tools set tuning parameters freely); README lists which.

import type { ConfigValue } from './config.js';

export interface ParamDef {
  name: string;
  aliases?: string[];
  type: 'bool' | 'int' | 'memory' | 'string' | 'enum';
  /** Default in the textual form accepted by CONFIG SET. */
  default: string;
  min?: number;
  max?: number;
  values?: string[];
  immutable?: boolean;
  sensitive?: boolean;
  /** True when tsredis acts on the parameter (README lists the others). */
  effective?: boolean;
  /** Custom parser for special formats; throws ConfigError. */
  parse?: (text: string) => ConfigValue;
  /** Custom formatter for CONFIG GET. */
  format?: (v: ConfigValue) => string;
}

const LLONG_MAX = Number.MAX_SAFE_INTEGER;
const INT_MAX = 2147483647;

export const PARAMS: ParamDef[] = [
  { name: 'port', type: 'int', default: '6379', min: 0, max: 65535, effective: true },
  { name: 'bind', type: 'string', default: '* -::*', effective: true },
  { name: 'unixsocket', type: 'string', default: '', immutable: true, effective: true },
  { name: 'unixsocketperm', type: 'int', default: '0', min: 0, max: 0o777, immutable: true, format: (v) => (v as number).toString(8) },
  { name: 'databases', type: 'int', default: '16', min: 1, max: INT_MAX, immutable: true, effective: true },
  { name: 'maxclients', type: 'int', default: '10000', min: 1, max: INT_MAX, effective: true },
  { name: 'timeout', type: 'int', default: '0', min: 0, max: INT_MAX, effective: true },
  { name: 'requirepass', type: 'string', default: '', sensitive: true, effective: true },
  { name: 'loglevel', type: 'enum', default: 'notice', values: ['debug', 'verbose', 'notice', 'warning', 'nothing'], effective: true },
  { name: 'logfile', type: 'string', default: '', immutable: true, effective: true },
  { name: 'hz', type: 'int', default: '10', min: 0, max: INT_MAX, effective: true },
  { name: 'proto-max-bulk-len', type: 'memory', default: '536870912', min: 1024 * 1024, max: LLONG_MAX, effective: true },
  { name: 'client-query-buffer-limit', type: 'memory', default: '1073741824', min: 1024 * 1024, max: LLONG_MAX, effective: true },
  { name: 'enable-debug-command', type: 'enum', default: 'no', values: ['no', 'yes', 'local'], immutable: true, effective: true },
  { name: 'maxmemory', type: 'memory', default: '0', min: 0, max: LLONG_MAX },
  { name: 'maxmemory-policy', type: 'enum', default: 'noeviction', values: ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction'] },
  { name: 'tcp-backlog', type: 'int', default: '511', min: 0, max: INT_MAX, immutable: true },
  { name: 'dir', type: 'string', default: '.' },
  { name: 'dbfilename', type: 'string', default: 'dump.rdb' },
  { name: 'appendonly', type: 'bool', default: 'no' },
  { name: 'protected-mode', type: 'bool', default: 'yes' },
  { name: 'daemonize', type: 'bool', default: 'no', immutable: true },
  { name: 'save', type: 'string', default: '3600 1 300 100 60 10000' },
  { name: 'client-output-buffer-limit', type: 'string', default: 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60' },
  { name: 'latency-monitor-threshold', type: 'int', default: '0', min: 0, max: LLONG_MAX },
  { name: 'lua-time-limit', aliases: ['busy-reply-threshold'], type: 'int', default: '5000', min: 0, max: LLONG_MAX },
  { name: 'hash-max-listpack-entries', aliases: ['hash-max-ziplist-entries'], type: 'int', default: '128', min: 0, max: LLONG_MAX },
  { name: 'hash-max-listpack-value', aliases: ['hash-max-ziplist-value'], type: 'int', default: '64', min: 0, max: LLONG_MAX },
  { name: 'active-expire-effort', type: 'int', default: '1', min: 1, max: 10, effective: true },
  { name: 'lazyfree-lazy-user-flush', type: 'bool', default: 'no' },
];
