// The table of Redis 7.0 configuration parameters: every name and alias that Redis 7.0's
// CONFIG GET * reports (plus its hidden, exact-name-only ones), with type, default as
// CONFIG GET prints it, bounds, flags (immutable, protected, hidden, sensitive) and the
// validation special formats need. Parameters tsredis does not act on are accepted,
// validated and reported all the same (tools set tuning parameters freely): the README
// lists them, generated from `inertParams()`.
//
// Numeric parameters carry Redis's numeric flavour because it decides the error text:
//  - 'int':    parsed with string2ll ("argument couldn't be parsed into an integer");
//  - 'memory': parsed like memtoull (1gb, 100mb, 5k; "argument must be a memory value"),
//              optionally also "N%" (percent: stored negative, printed back as "N%");
//  - 'octal':  strtoll base 8, printed in octal.
// `unsigned` parameters (C size_t / unsigned / unsigned long long) compare the parsed
// value as an unsigned 64-bit number, so "-1" is out of range rather than negative.

import type { ConfigValue } from './config.js';

export type ParamType = 'bool' | 'int' | 'memory' | 'octal' | 'string' | 'enum' | 'special';

export interface ParamDef {
  /** Canonical lowercase name. */
  name: string;
  /** Alternative names (old "slave"/"ziplist" spellings); each is also listed by CONFIG GET. */
  aliases?: string[];
  type: ParamType;
  /** Default in the textual form CONFIG GET prints (and CONFIG SET accepts). */
  default: string;
  /** Inclusive bounds for numeric types. */
  min?: bigint;
  max?: bigint;
  /** Bounds compare as unsigned 64-bit (C unsigned types). */
  unsigned?: boolean;
  /** Memory parameter that also accepts "N%" (maxmemory-clients). */
  percent?: boolean;
  /** Enum names in Redis's order (error text lists them in this order). */
  values?: string[];
  /** Enum aliases mapped to the name CONFIG GET prints ("relative" → "yes"). */
  enumAlias?: Record<string, string>;
  /** Multi-valued enum (flags): "save now". Bit values follow `values` order, first = 0. */
  flagsEnum?: boolean;
  /** Only settable at startup (config file / command line). */
  immutable?: boolean;
  /** Settable at runtime only when enable-protected-configs allows it. */
  protected?: boolean;
  /** Not matched by CONFIG GET patterns, only by its exact name. */
  hidden?: boolean;
  /** Value hidden from logs. */
  sensitive?: boolean;
  /** Takes several words (config file: several arguments; CONFIG SET: space separated). */
  multiArg?: boolean;
  /** True when tsredis acts on the parameter (README lists the others). */
  effective?: boolean;
  /** Accepted range is [min, max] but the stored value is clamped to this (hz: 1..500). */
  clamp?: [bigint, bigint];
  /** Extra validation for bool/string/enum values: returns an error text or null. */
  validate?: (value: string) => string | null;
  /**
   * Special formats: parse the argument words into the stored value, given the current
   * one (client-output-buffer-limit merges classes). Throws ConfigError.
   */
  parseArgs?: (args: string[], current: ConfigValue, ctx: ParseContext) => ConfigValue;
  /** Custom CONFIG GET rendering (special formats). */
  format?: (v: ConfigValue) => string;
  /** CONFIG REWRITE lines for this parameter (default: "name value" via repr). */
  rewriteLines?: (v: ConfigValue) => string[];
}

/** Where a value comes from: save lines accumulate within a config file. */
export interface ParseContext {
  fromFile: boolean;
  /** Set by the save parser the first time a config file mentions save. */
  state: { saveSeenInFile: boolean };
}

export class ConfigError extends Error {}

export const INT_MAX = 2147483647n;
export const INT_MIN = -2147483648n;
export const UINT_MAX = 4294967295n;
export const LONG_MAX = 9223372036854775807n;
export const ULLONG_MAX = 18446744073709551615n;

type Opts = Partial<ParamDef>;

function bool(name: string, def: 'yes' | 'no', o: Opts = {}): ParamDef {
  return { name, type: 'bool', default: def, ...o };
}
function int(name: string, min: bigint, max: bigint, def: number, o: Opts = {}): ParamDef {
  return { name, type: 'int', default: String(def), min, max, ...o };
}
function mem(name: string, min: bigint, max: bigint, def: number, o: Opts = {}): ParamDef {
  return { name, type: 'memory', default: String(def), min, max, ...o };
}
function str(name: string, def = '', o: Opts = {}): ParamDef {
  return { name, type: 'string', default: def, ...o };
}
function enm(name: string, values: string[], def: string, o: Opts = {}): ParamDef {
  return { name, type: 'enum', default: def, values, ...o };
}
const al = (...a: string[]): Opts => ({ aliases: a });
const IMM: Opts = { immutable: true };
const HID: Opts = { hidden: true };

// ------------------------------------------------------------ special formats

/** Split a CONFIG SET value into words as Redis does for multi-arg configs (single spaces). */
export function splitSpaces(text: string): string[] {
  return text.length === 0 ? [] : text.split(' ');
}

/** C strtoll on the whole string: leading spaces and a sign allowed, base 10 (or 8). */
function strtoll(s: string, base = 10): bigint | null {
  const re = base === 8 ? /^[\t\n\v\f\r ]*([+-]?)([0-7]*)$/ : /^[\t\n\v\f\r ]*([+-]?)(\d*)$/;
  const m = re.exec(s);
  if (!m) return null;
  // strtoll with no digits consumes nothing: the end pointer stays at the start, which is
  // only "the whole string" when the string is empty.
  if (m[2] === '') return s === '' ? 0n : null;
  let v = BigInt((base === 8 ? '0o' : '') + m[2]);
  if (m[1] === '-') v = -v;
  if (v > LONG_MAX) v = LONG_MAX;
  if (v < -LONG_MAX - 1n) v = -LONG_MAX - 1n;
  return v;
}
export { strtoll as cStrtoll };

function parseSave(args: string[], current: ConfigValue, ctx: ParseContext): ConfigValue {
  // `save ""` always empties the list, even after earlier save lines of a config file.
  if (args.length === 1 && args[0] === '') {
    if (ctx.fromFile) ctx.state.saveSeenInFile = true;
    return '';
  }
  if (args.length & 1) throw new ConfigError('Invalid save parameters');
  const out: string[] = [];
  for (let j = 0; j < args.length; j++) {
    const v = strtoll(args[j]!);
    if (v === null || ((j & 1) === 0 && v < 1n) || ((j & 1) === 1 && v < 0n)) {
      throw new ConfigError('Invalid save parameters');
    }
    // changes is a C int: the value wraps to 32 bits.
    out.push(String((j & 1) === 1 ? BigInt.asIntN(32, v) : v));
  }
  // Within a config file every "save" line adds to the list (the first one replaces the
  // defaults); CONFIG SET and command-line-free loads replace it.
  if (ctx.fromFile) {
    if (ctx.state.saveSeenInFile) {
      const prev = String(current);
      return prev === '' ? out.join(' ') : out.length === 0 ? prev : `${prev} ${out.join(' ')}`;
    }
    ctx.state.saveSeenInFile = true;
  }
  return out.join(' ');
}

/** Redis memtoull: digits then an optional unit; wraps modulo 2^64 like the C code. */
export function memtoull(text: string): bigint | null {
  let i = 0;
  if (text.charCodeAt(0) === 45) return null;
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  const unit = text.slice(i).toLowerCase();
  let mul: bigint;
  switch (unit) {
    case '':
    case 'b':
      mul = 1n;
      break;
    case 'k':
      mul = 1000n;
      break;
    case 'kb':
      mul = 1024n;
      break;
    case 'm':
      mul = 1000000n;
      break;
    case 'mb':
      mul = 1048576n;
      break;
    case 'g':
      mul = 1000000000n;
      break;
    case 'gb':
      mul = 1073741824n;
      break;
    default:
      return null;
  }
  if (i >= 128) return null;
  let val = i === 0 ? 0n : BigInt(text.slice(0, i));
  if (val > ULLONG_MAX) val = ULLONG_MAX; // strtoull saturates
  return BigInt.asUintN(64, val * mul);
}

const OBUF_CLASSES = ['normal', 'slave', 'pubsub'];

function parseObufLimits(args: string[], current: ConfigValue): ConfigValue {
  if (args.length % 4 !== 0) throw new ConfigError('Wrong number of arguments in buffer limit configuration.');
  const cur = String(current).split(' ');
  const next = new Map<string, string[]>();
  for (let j = 0; j + 3 < cur.length; j += 4) next.set(cur[j]!, cur.slice(j + 1, j + 4));
  for (let j = 0; j < args.length; j += 4) {
    let cls = args[j]!.toLowerCase();
    if (cls === 'replica') cls = 'slave';
    if (!OBUF_CLASSES.includes(cls)) {
      throw new ConfigError('Invalid client class specified in buffer limit configuration.');
    }
    const hard = memtoull(args[j + 1]!);
    const soft = memtoull(args[j + 2]!);
    const secs = strtoll(args[j + 3]!);
    if (hard === null || soft === null || secs === null || secs < 0n) {
      throw new ConfigError('Error in hard, soft or soft_seconds setting in buffer limit configuration.');
    }
    next.set(cls, [String(hard), String(soft), String(secs)]);
  }
  return OBUF_CLASSES.map((c) => `${c} ${next.get(c)!.join(' ')}`).join(' ');
}

function formatMemoryUnit(n: bigint): string {
  const gb = 1073741824n;
  const mb = 1048576n;
  const kb = 1024n;
  if (n !== 0n && n % gb === 0n) return `${n / gb}gb`;
  if (n !== 0n && n % mb === 0n) return `${n / mb}mb`;
  if (n !== 0n && n % kb === 0n) return `${n / kb}kb`;
  return String(n);
}
export { formatMemoryUnit };

function parseOomValues(args: string[]): ConfigValue {
  if (args.length !== 3) throw new ConfigError('wrong number of arguments');
  const out: string[] = [];
  for (const a of args) {
    const v = strtoll(a);
    if (v === null || v < -2000n || v > 2000n) {
      throw new ConfigError('Invalid oom-score-adj-values, elements must be between -2000 and 2000.');
    }
    out.push(String(v));
  }
  return out.join(' ');
}

// notify-keyspace-events: class characters and their bits, as Redis's notify.c.
export const NOTIFY_KEYSPACE = 1 << 0; // K
export const NOTIFY_KEYEVENT = 1 << 1; // E
export const NOTIFY_GENERIC = 1 << 2; // g
export const NOTIFY_STRING = 1 << 3; // $
export const NOTIFY_LIST = 1 << 4; // l
export const NOTIFY_SET = 1 << 5; // s
export const NOTIFY_HASH = 1 << 6; // h
export const NOTIFY_ZSET = 1 << 7; // z
export const NOTIFY_EXPIRED = 1 << 8; // x
export const NOTIFY_EVICTED = 1 << 9; // e
export const NOTIFY_STREAM = 1 << 10; // t
export const NOTIFY_KEY_MISS = 1 << 11; // m (not part of A)
export const NOTIFY_LOADED = 1 << 12; // module only
export const NOTIFY_MODULE = 1 << 13; // d
export const NOTIFY_NEW = 1 << 14; // n (not part of A)
export const NOTIFY_ALL =
  NOTIFY_GENERIC | NOTIFY_STRING | NOTIFY_LIST | NOTIFY_SET | NOTIFY_HASH | NOTIFY_ZSET |
  NOTIFY_EXPIRED | NOTIFY_EVICTED | NOTIFY_STREAM | NOTIFY_MODULE;

const NOTIFY_CHARS: Record<string, number> = {
  A: NOTIFY_ALL, g: NOTIFY_GENERIC, $: NOTIFY_STRING, l: NOTIFY_LIST, s: NOTIFY_SET,
  h: NOTIFY_HASH, z: NOTIFY_ZSET, x: NOTIFY_EXPIRED, e: NOTIFY_EVICTED, K: NOTIFY_KEYSPACE,
  E: NOTIFY_KEYEVENT, t: NOTIFY_STREAM, m: NOTIFY_KEY_MISS, d: NOTIFY_MODULE, n: NOTIFY_NEW,
};

/** Event class string → flags, or -1 on an unknown character. */
export function keyspaceEventsStringToFlags(s: string): number {
  let flags = 0;
  for (const ch of s) {
    const f = NOTIFY_CHARS[ch];
    if (f === undefined) return -1;
    flags |= f;
  }
  return flags;
}

/** Flags → the normalised string CONFIG GET prints ("AKE", "gxKE"...). */
export function keyspaceEventsFlagsToString(flags: number): string {
  let res = '';
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) {
    res += 'A';
  } else {
    // Redis prints 'n' inside this branch only: with A set, n is not reported.
    if (flags & NOTIFY_GENERIC) res += 'g';
    if (flags & NOTIFY_STRING) res += '$';
    if (flags & NOTIFY_LIST) res += 'l';
    if (flags & NOTIFY_SET) res += 's';
    if (flags & NOTIFY_HASH) res += 'h';
    if (flags & NOTIFY_ZSET) res += 'z';
    if (flags & NOTIFY_EXPIRED) res += 'x';
    if (flags & NOTIFY_EVICTED) res += 'e';
    if (flags & NOTIFY_STREAM) res += 't';
    if (flags & NOTIFY_MODULE) res += 'd';
    if (flags & NOTIFY_NEW) res += 'n';
  }
  if (flags & NOTIFY_KEYSPACE) res += 'K';
  if (flags & NOTIFY_KEYEVENT) res += 'E';
  if (flags & NOTIFY_KEY_MISS) res += 'm';
  return res;
}

function parseNotify(args: string[]): ConfigValue {
  if (args.length !== 1) throw new ConfigError('wrong number of arguments');
  const flags = keyspaceEventsStringToFlags(args[0]!);
  if (flags === -1) throw new ConfigError("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
  // CONFIG GET omits 'n' next to 'A' (as Redis) but the class stays enabled: the stored
  // value keeps it, and `format` gives the CONFIG GET / REWRITE form.
  const text = keyspaceEventsFlagsToString(flags);
  return (flags & NOTIFY_ALL) === NOTIFY_ALL && (flags & NOTIFY_NEW) !== 0 ? text + 'n' : text;
}

function parseBind(args: string[]): ConfigValue {
  if (args.length > 16) throw new ConfigError('Too many bind addresses specified.');
  if (args.length === 1 && args[0] === '') return '';
  return args.join(' ');
}

function parseReplicaof(args: string[]): ConfigValue {
  if (args.length !== 2) throw new ConfigError('wrong number of arguments');
  if (args[0]!.toLowerCase() === 'no' && args[1]!.toLowerCase() === 'one') return '';
  const port = strtoll(args[1]!);
  if (port === null || port < 0n || port > 65535n) throw new ConfigError('Invalid master port');
  return `${args[0]} ${port}`;
}

/** printf("%f") then Redis's trimDoubleString (drop trailing zeros and a bare point). */
function formatPercentile(d: number): string {
  let s = d.toFixed(6);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

function parsePercentiles(args: string[], _current: ConfigValue, _ctx: ParseContext, string2d: (s: string) => number | null): ConfigValue {
  if (args.length === 1 && args[0] === '') return '';
  const out: string[] = [];
  for (const a of args) {
    const d = string2d(a);
    if (d === null) throw new ConfigError('Invalid latency-tracking-info-percentiles parameters');
    if (d > 100 || d < 0) throw new ConfigError('latency-tracking-info-percentiles parameters should sit between [0.0,100.0]');
    out.push(formatPercentile(d));
  }
  return out.join(' ');
}

/** Strict float parse used by the percentiles list (Redis string2d). */
function strictDouble(s: string): number | null {
  if (s.length === 0 || /^\s/.test(s)) return null;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  if (/^[+-]?inf(inity)?$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  return null;
}

// ------------------------------------------------------------ string validators

function isBaseName(v: string): boolean {
  return !v.includes('/');
}

/**
 * What each proc-title variable expands to when Redis validates a template (with an empty
 * title): listen-addr, the ports and config-file are never blank (as the oracle shows);
 * title, server-mode (standalone) and unixsocket (none configured) expand to nothing.
 */
const PROC_TITLE_VARS: Record<string, string> = {
  title: '', 'listen-addr': 'x', 'server-mode': '', port: 'x', 'tls-port': 'x', unixsocket: '', 'config-file': 'x',
};

/** Redis's template check: known {vars}, "{{" for a brace, non-blank expansion. */
function validProcTitle(t: string): boolean {
  let p = 0;
  let out = '';
  while (p < t.length) {
    const sv = t.indexOf('{', p);
    if (sv === -1) {
      out += t.slice(p);
      break;
    }
    out += t.slice(p, sv);
    const v = sv + 1;
    if (v >= t.length) return false;
    if (t[v] === '{') {
      out += '{';
      p = v + 1;
      continue;
    }
    const ev = t.indexOf('}', v);
    if (ev === -1) return false;
    const val = PROC_TITLE_VARS[t.slice(v, ev)];
    if (val === undefined) return false;
    out += val;
    p = ev + 1;
  }
  return out.replace(/^ +| +$/g, '').length > 0;
}

function validHostname(v: string): string | null {
  if (v.length >= 256) return 'Hostnames must be less than 256 characters';
  if (!/^[A-Za-z0-9.-]*$/.test(v)) return 'Hostnames may only contain alphanumeric characters, hyphens or dots';
  return null;
}

// ------------------------------------------------------------ the table

const MAXMEMORY_POLICIES = ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction'];
const PROTECTED_ACTION = ['no', 'yes', 'local'];

export const PARAMS: ParamDef[] = [
  // --- booleans
  bool('rdbchecksum', 'yes', IMM),
  bool('daemonize', 'no', IMM),
  bool('io-threads-do-reads', 'no', IMM),
  bool('always-show-logo', 'no', IMM),
  bool('protected-mode', 'yes'),
  bool('rdbcompression', 'yes', { effective: true }),
  bool('rdb-del-sync-files', 'no'),
  bool('activerehashing', 'yes'),
  bool('stop-writes-on-bgsave-error', 'yes'),
  bool('set-proc-title', 'yes', IMM),
  bool('dynamic-hz', 'yes'),
  bool('lazyfree-lazy-eviction', 'no'),
  bool('lazyfree-lazy-expire', 'no'),
  bool('lazyfree-lazy-server-del', 'no'),
  bool('lazyfree-lazy-user-del', 'no'),
  bool('lazyfree-lazy-user-flush', 'no'),
  bool('repl-disable-tcp-nodelay', 'no'),
  bool('repl-diskless-sync', 'yes'),
  bool('aof-rewrite-incremental-fsync', 'yes'),
  bool('no-appendfsync-on-rewrite', 'no'),
  bool('cluster-require-full-coverage', 'yes'),
  bool('rdb-save-incremental-fsync', 'yes'),
  bool('aof-load-truncated', 'yes'),
  bool('aof-use-rdb-preamble', 'yes'),
  bool('aof-timestamp-enabled', 'no'),
  bool('cluster-replica-no-failover', 'no', al('cluster-slave-no-failover')),
  bool('replica-lazy-flush', 'no', al('slave-lazy-flush')),
  bool('replica-serve-stale-data', 'yes', al('slave-serve-stale-data')),
  bool('replica-read-only', 'yes', al('slave-read-only')),
  bool('replica-ignore-maxmemory', 'yes', al('slave-ignore-maxmemory')),
  bool('jemalloc-bg-thread', 'yes'),
  bool('activedefrag', 'no', {
    // tsredis has no defragmenter; Redis built without one answers exactly this.
    validate: (v) =>
      v.toLowerCase() === 'yes'
        ? 'Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution'
        : null,
  }),
  bool('syslog-enabled', 'no', IMM),
  bool('cluster-enabled', 'no', IMM),
  bool('appendonly', 'no'),
  bool('cluster-allow-reads-when-down', 'no'),
  bool('cluster-allow-pubsubshard-when-down', 'yes'),
  bool('crash-log-enabled', 'yes'),
  bool('crash-memcheck-enabled', 'yes'),
  bool('use-exit-on-panic', 'no', HID),
  bool('disable-thp', 'yes', IMM),
  bool('cluster-allow-replica-migration', 'yes'),
  bool('replica-announced', 'yes'),
  bool('latency-tracking', 'yes', { effective: true }),
  bool('aof-disable-auto-gc', 'no'),
  bool('replica-ignore-disk-write-errors', 'no'),
  bool('tls-cluster', 'no'),
  bool('tls-replication', 'no'),
  bool('tls-prefer-server-ciphers', 'no'),
  bool('tls-session-caching', 'yes'),

  // --- strings
  str('aclfile', '', IMM),
  str('unixsocket', '', { immutable: true, effective: true }),
  str('pidfile', '', IMM),
  str('replica-announce-ip', '', al('slave-announce-ip')),
  str('masteruser', '', { sensitive: true }),
  str('cluster-announce-ip'),
  str('cluster-config-file', 'nodes.conf', IMM),
  str('cluster-announce-hostname', '', { validate: validHostname }),
  str('syslog-ident', 'redis', IMM),
  str('dbfilename', 'dump.rdb', {
    protected: true,
    validate: (v) => (isBaseName(v) ? null : "dbfilename can't be a path, just a filename"),
  }),
  str('appendfilename', 'appendonly.aof', {
    immutable: true,
    validate: (v) => (v === '' ? "appendfilename can't be empty" : isBaseName(v) ? null : "appendfilename can't be a path, just a filename"),
  }),
  str('appenddirname', 'appendonlydir', {
    immutable: true,
    validate: (v) => (v === '' ? "appenddirname can't be empty" : isBaseName(v) ? null : "appenddirname can't be a path, just a dirname"),
  }),
  str('server_cpulist', '', IMM),
  str('bio_cpulist', '', IMM),
  str('aof_rewrite_cpulist', '', IMM),
  str('bgsave_cpulist', '', IMM),
  str('ignore-warnings'),
  str('proc-title-template', '{title} {listen-addr} {server-mode}', {
    validate: (v) => (validProcTitle(v) ? null : 'template format is invalid or contains unknown variables'),
  }),
  str('bind-source-addr'),
  str('logfile', '', { immutable: true, effective: true }),
  str('masterauth', '', { sensitive: true }),
  str('requirepass', '', { sensitive: true, effective: true }),
  str('tls-cert-file'),
  str('tls-key-file'),
  str('tls-key-file-pass'),
  str('tls-client-cert-file'),
  str('tls-client-key-file'),
  str('tls-client-key-file-pass'),
  str('tls-dh-params-file'),
  str('tls-ca-cert-file'),
  str('tls-ca-cert-dir'),
  str('tls-protocols'),
  str('tls-ciphers'),
  str('tls-ciphersuites'),

  // --- enums
  enm('supervised', ['upstart', 'systemd', 'auto', 'no'], 'no', IMM),
  enm('syslog-facility', ['user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'], 'local0', IMM),
  enm('repl-diskless-load', ['disabled', 'on-empty-db', 'swapdb'], 'disabled'),
  enm('loglevel', ['debug', 'verbose', 'notice', 'warning'], 'notice', { effective: true }),
  enm('maxmemory-policy', MAXMEMORY_POLICIES, 'noeviction'),
  enm('appendfsync', ['everysec', 'always', 'no'], 'everysec'),
  enm('oom-score-adj', ['no', 'yes', 'relative', 'absolute'], 'no', { enumAlias: { relative: 'yes' } }),
  enm('acl-pubsub-default', ['allchannels', 'resetchannels'], 'resetchannels'),
  enm('sanitize-dump-payload', ['no', 'yes', 'clients'], 'no'),
  enm('enable-protected-configs', PROTECTED_ACTION, 'no', { immutable: true, effective: true }),
  enm('enable-debug-command', PROTECTED_ACTION, 'no', { immutable: true, effective: true }),
  enm('enable-module-command', PROTECTED_ACTION, 'no', IMM),
  enm('cluster-preferred-endpoint-type', ['ip', 'hostname', 'unknown-endpoint'], 'ip'),
  enm('propagation-error-behavior', ['ignore', 'panic', 'panic-on-replicas'], 'ignore'),
  enm('shutdown-on-sigint', ['default', 'save', 'nosave', 'now', 'force'], 'default', { flagsEnum: true, multiArg: true }),
  enm('shutdown-on-sigterm', ['default', 'save', 'nosave', 'now', 'force'], 'default', { flagsEnum: true, multiArg: true }),
  enm('tls-auth-clients', ['no', 'yes', 'optional'], 'yes'),

  // --- integers (C int)
  int('databases', 1n, INT_MAX, 16, { immutable: true, effective: true }),
  int('port', 0n, 65535n, 6379, { effective: true }),
  int('io-threads', 1n, 128n, 1, IMM),
  int('auto-aof-rewrite-percentage', 0n, INT_MAX, 100),
  int('cluster-replica-validity-factor', 0n, INT_MAX, 10, al('cluster-slave-validity-factor')),
  int('list-max-listpack-size', INT_MIN, INT_MAX, -2, al('list-max-ziplist-size')),
  int('tcp-keepalive', 0n, INT_MAX, 300),
  int('cluster-migration-barrier', 0n, INT_MAX, 1),
  int('active-defrag-cycle-min', 1n, 99n, 1),
  int('active-defrag-cycle-max', 1n, 99n, 25),
  int('active-defrag-threshold-lower', 0n, 1000n, 10),
  int('active-defrag-threshold-upper', 0n, 1000n, 100),
  int('lfu-log-factor', 0n, INT_MAX, 10, { effective: true }),
  int('lfu-decay-time', 0n, INT_MAX, 1, { effective: true }),
  int('replica-priority', 0n, INT_MAX, 100, al('slave-priority')),
  int('repl-diskless-sync-delay', 0n, INT_MAX, 5),
  int('maxmemory-samples', 1n, INT_MAX, 5),
  int('maxmemory-eviction-tenacity', 0n, 100n, 10),
  int('timeout', 0n, INT_MAX, 0, { effective: true }),
  int('replica-announce-port', 0n, 65535n, 0, al('slave-announce-port')),
  int('tcp-backlog', 0n, INT_MAX, 511, { immutable: true, effective: true }),
  int('cluster-port', 0n, 65535n, 0, IMM),
  int('cluster-announce-bus-port', 0n, 65535n, 0),
  int('cluster-announce-port', 0n, 65535n, 0),
  int('cluster-announce-tls-port', 0n, 65535n, 0),
  int('repl-timeout', 1n, INT_MAX, 60),
  int('repl-ping-replica-period', 1n, INT_MAX, 10, al('repl-ping-slave-period')),
  int('list-compress-depth', 0n, INT_MAX, 0),
  int('rdb-key-save-delay', INT_MIN, INT_MAX, 0, HID),
  int('key-load-delay', INT_MIN, INT_MAX, 0, HID),
  int('active-expire-effort', 1n, 10n, 1, { effective: true }),
  int('hz', 0n, INT_MAX, 10, { effective: true, clamp: [1n, 500n] }),
  int('min-replicas-to-write', 0n, INT_MAX, 0, al('min-slaves-to-write')),
  int('min-replicas-max-lag', 0n, INT_MAX, 10, al('min-slaves-max-lag')),
  int('watchdog-period', 0n, INT_MAX, 0, HID),
  int('shutdown-timeout', 0n, INT_MAX, 10),
  int('repl-diskless-sync-max-replicas', 0n, INT_MAX, 0),
  int('tls-port', 0n, 65535n, 0),
  int('tls-session-cache-size', 0n, INT_MAX, 20480),
  int('tls-session-cache-timeout', 0n, INT_MAX, 300),
  // C unsigned int
  int('maxclients', 1n, UINT_MAX, 10000, { unsigned: true, effective: true }),
  int('socket-mark-id', 0n, UINT_MAX, 0, { unsigned: true, immutable: true }),
  { name: 'unixsocketperm', type: 'octal', default: '0', min: 0n, max: 0o777n, unsigned: true, immutable: true, effective: true },
  // C unsigned long (bounds checked as signed in Redis)
  int('active-defrag-max-scan-fields', 1n, LONG_MAX, 1000),
  int('slowlog-max-len', 0n, LONG_MAX, 128, { effective: true }),
  int('acllog-max-len', 0n, LONG_MAX, 128),
  // C long long
  int('busy-reply-threshold', 0n, LONG_MAX, 5000, al('lua-time-limit')),
  int('cluster-node-timeout', 0n, LONG_MAX, 15000),
  int('slowlog-log-slower-than', -1n, LONG_MAX, 10000, { effective: true }),
  int('latency-monitor-threshold', 0n, LONG_MAX, 0, { effective: true }),
  mem('proto-max-bulk-len', 1048576n, LONG_MAX, 536870912, { effective: true }),
  int('stream-node-max-entries', 0n, LONG_MAX, 100),
  mem('repl-backlog-size', 1n, LONG_MAX, 1048576),
  // C unsigned long long
  mem('maxmemory', 0n, ULLONG_MAX, 0, { unsigned: true }),
  mem('cluster-link-sendbuf-limit', 0n, ULLONG_MAX, 0, { unsigned: true }),
  // C size_t
  int('hash-max-listpack-entries', 0n, LONG_MAX, 512, { unsigned: true, aliases: ['hash-max-ziplist-entries'] }),
  int('set-max-intset-entries', 0n, LONG_MAX, 512, { unsigned: true }),
  int('zset-max-listpack-entries', 0n, LONG_MAX, 128, { unsigned: true, aliases: ['zset-max-ziplist-entries'] }),
  mem('active-defrag-ignore-bytes', 1n, LONG_MAX, 104857600, { unsigned: true }),
  mem('hash-max-listpack-value', 0n, LONG_MAX, 64, { unsigned: true, aliases: ['hash-max-ziplist-value'] }),
  mem('stream-node-max-bytes', 0n, LONG_MAX, 4096, { unsigned: true }),
  mem('zset-max-listpack-value', 0n, LONG_MAX, 64, { unsigned: true, aliases: ['zset-max-ziplist-value'] }),
  mem('hll-sparse-max-bytes', 0n, LONG_MAX, 3000, { unsigned: true }),
  int('tracking-table-max-keys', 0n, LONG_MAX, 1000000, { unsigned: true }),
  mem('client-query-buffer-limit', 1048576n, LONG_MAX, 1073741824, { unsigned: true, effective: true }),
  // C ssize_t, memory or percent of maxmemory
  mem('maxmemory-clients', -100n, LONG_MAX, 0, { percent: true }),
  // time_t / off_t
  int('repl-backlog-ttl', 0n, LONG_MAX, 3600),
  mem('auto-aof-rewrite-min-size', 0n, LONG_MAX, 67108864),
  int('loading-process-events-interval-bytes', 1024n, INT_MAX, 2097152, HID),

  // --- special formats
  {
    name: 'dir',
    type: 'special',
    default: '', // filled with the working directory by Config (CONFIG GET dir prints getcwd())
    protected: true,
    parseArgs: (args) => {
      if (args.length !== 1) throw new ConfigError('wrong number of arguments');
      return args[0]!;
    },
  },
  {
    name: 'save',
    type: 'special',
    default: '3600 1 300 100 60 10000',
    multiArg: true,
    parseArgs: parseSave,
    rewriteLines: (v) => {
      const w = String(v).split(' ').filter((x) => x !== '');
      if (w.length === 0) return ['save ""'];
      const out: string[] = [];
      for (let i = 0; i + 1 < w.length; i += 2) out.push(`save ${w[i]} ${w[i + 1]}`);
      return out;
    },
  },
  {
    name: 'client-output-buffer-limit',
    type: 'special',
    default: 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
    multiArg: true,
    effective: true,
    parseArgs: parseObufLimits,
    rewriteLines: (v) => {
      const w = String(v).split(' ');
      const out: string[] = [];
      for (let i = 0; i + 3 < w.length; i += 4) {
        const cls = w[i] === 'slave' ? 'replica' : w[i]!;
        out.push(`client-output-buffer-limit ${cls} ${formatMemoryUnit(BigInt(w[i + 1]!))} ${formatMemoryUnit(BigInt(w[i + 2]!))} ${w[i + 3]}`);
      }
      return out;
    },
  },
  { name: 'oom-score-adj-values', type: 'special', default: '0 200 800', multiArg: true, parseArgs: parseOomValues },
  {
    name: 'notify-keyspace-events',
    type: 'special',
    default: '',
    parseArgs: parseNotify,
    format: (v) => keyspaceEventsFlagsToString(keyspaceEventsStringToFlags(String(v))),
  },
  // Deliberate difference: Redis defaults to "* -::*" (guarded by protected-mode, which
  // tsredis does not implement); tsredis listens on loopback unless told otherwise.
  { name: 'bind', type: 'special', default: '127.0.0.1 -::1', multiArg: true, effective: true, parseArgs: parseBind },
  { name: 'replicaof', aliases: ['slaveof'], type: 'special', default: '', immutable: true, multiArg: true, parseArgs: parseReplicaof },
  {
    name: 'latency-tracking-info-percentiles',
    type: 'special',
    default: '50 99 99.9',
    multiArg: true,
    effective: true,
    parseArgs: (a, c, x) => parsePercentiles(a, c, x, strictDouble),
  },
];

/** Parameters accepted and reported but not acted on yet (for the README). */
export function inertParams(): string[] {
  return PARAMS.filter((p) => !p.effective && !p.hidden).map((p) => p.name);
}

/** Parameters tsredis acts on. */
export function effectiveParams(): string[] {
  return PARAMS.filter((p) => p.effective).map((p) => p.name);
}
