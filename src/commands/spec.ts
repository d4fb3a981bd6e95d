// Command metadata. Every command is declared once, in its group's file, as a CommandSpec:
// name, arity (negative = at least), flags, key positions, ACL categories, group, since,
// summary and the handler. The dispatcher, COMMAND, ACLs, MULTI, cluster routing and
// replication all read this table; nothing else decides whether a command writes.

import type { Client } from '../server/client.js';

/** Handlers are synchronous: they parse argv, call data operations and write the reply. */
export type Handler = (c: Client, argv: string[]) => void;

/** Redis command flags (COMMAND INFO names). */
export type CommandFlag =
  | 'write' | 'readonly' | 'denyoom' | 'module' | 'admin' | 'pubsub' | 'noscript'
  | 'blocking' | 'loading' | 'stale' | 'skip_monitor' | 'skip_slowlog' | 'asking'
  | 'fast' | 'no_auth' | 'may_replicate' | 'sentinel' | 'only_sentinel'
  | 'no_mandatory_keys' | 'protected' | 'no_async_loading' | 'no_multi' | 'movablekeys'
  | 'allow_busy';

export interface CommandDef {
  /** Lowercase name; for subcommands the subcommand alone ("get" of "config"). */
  name: string;
  arity: number;
  /** Space separated CommandFlag list, e.g. "write denyoom". */
  flags: string;
  /** [firstKey, lastKey, step]; [0, 0, 0] when the command takes no keys. */
  keys?: [number, number, number];
  /** Space separated ACL categories without '@' beyond those implied by flags (e.g. "string"). */
  acl?: string;
  group: string;
  since: string;
  summary: string;
  complexity?: string;
  /** Command tips (COMMAND INFO / DOCS), e.g. "nondeterministic_output". */
  tips?: string[];
  /** Deprecated commands report these in COMMAND DOCS. */
  deprecatedSince?: string;
  replacedBy?: string;
  /** A container command (CONFIG, CLIENT...) lists its subcommands; it has no handler itself. */
  subcommands?: CommandDef[];
  handler?: Handler;
  /**
   * Extract key positions when they are not [first, last, step] (movablekeys commands,
   * e.g. ZUNIONSTORE, EVAL, XREAD). Returns argv indexes.
   */
  getKeys?: (argv: string[]) => number[];
}

export interface CommandSpec {
  readonly name: string;
  /** "get", or "config|get" for subcommands, as Redis's errors and ACLs name them. */
  readonly fullName: string;
  readonly arity: number;
  readonly flags: ReadonlySet<CommandFlag>;
  readonly flagList: readonly CommandFlag[];
  readonly firstKey: number;
  readonly lastKey: number;
  readonly step: number;
  readonly aclCategories: readonly string[];
  readonly group: string;
  readonly since: string;
  readonly summary: string;
  readonly complexity: string;
  readonly tips: readonly string[];
  readonly deprecatedSince: string | undefined;
  readonly replacedBy: string | undefined;
  readonly handler: Handler | undefined;
  readonly getKeys: ((argv: string[]) => number[]) | undefined;
  readonly parent: CommandSpec | undefined;
  readonly subcommands: Map<string, CommandSpec> | undefined;
  // Fast flag booleans for the dispatcher's hot path.
  readonly isWrite: boolean;
  readonly isReadonly: boolean;
  readonly isDenyOom: boolean;
  readonly isNoAuth: boolean;
  readonly isAdmin: boolean;
  readonly isLoadingOk: boolean;
  readonly isStaleOk: boolean;
  readonly isNoScript: boolean;
  readonly isBlocking: boolean;
  readonly isSkipMonitor: boolean;
  readonly isNoMulti: boolean;
  readonly isPubsub: boolean;
  readonly isFast: boolean;
  /**
   * Timed as part of its input batch rather than alone (see Server.call): fast commands
   * and O(1) ones such as SET, whose cost is dominated by the clock read itself.
   */
  readonly isBatchTimed: boolean;
  /** Mutable statistics (INFO commandstats). */
  stats: CommandStats;
}

export interface CommandStats {
  calls: number;
  usec: number;
  rejectedCalls: number;
  failedCalls: number;
  /** Latency histogram (INFO latencystats, LATENCY HISTOGRAM), allocated on first call. */
  histogram: Uint32Array | null;
}

/** ACL categories implied by flags, as Redis's setImplicitACLCategories does. */
function implicitCategories(flags: ReadonlySet<CommandFlag>, explicit: readonly string[] = []): string[] {
  const out: string[] = [];
  if (flags.has('write')) out.push('write');
  // Redis's setImplicitACLCategories: readonly scripting commands (EVAL_RO...) are not @read.
  if (flags.has('readonly') && !explicit.includes('scripting')) out.push('read');
  if (flags.has('admin')) out.push('admin', 'dangerous');
  if (flags.has('pubsub')) out.push('pubsub');
  if (flags.has('fast')) out.push('fast');
  if (flags.has('blocking')) out.push('blocking');
  if (!flags.has('fast')) out.push('slow');
  return out;
}

export function buildSpec(def: CommandDef, parent?: CommandSpec): CommandSpec {
  const flagList = def.flags.split(/\s+/).filter((f) => f.length > 0) as CommandFlag[];
  const flags = new Set<CommandFlag>(flagList);
  const extra = (def.acl ?? '').split(/\s+/).filter((a) => a.length > 0);
  // Explicit categories first (Redis lists the declared ones, then implicit ones).
  const cats: string[] = [];
  for (const a of [...extra, ...implicitCategories(flags, extra)]) if (!cats.includes(a)) cats.push(a);
  const [firstKey, lastKey, step] = def.keys ?? [0, 0, 0];
  const spec: CommandSpec = {
    name: def.name,
    fullName: parent ? `${parent.name}|${def.name}` : def.name,
    arity: def.arity,
    flags,
    flagList,
    firstKey,
    lastKey,
    step,
    aclCategories: cats,
    group: def.group,
    since: def.since,
    summary: def.summary,
    complexity: def.complexity ?? '',
    tips: def.tips ?? [],
    deprecatedSince: def.deprecatedSince,
    replacedBy: def.replacedBy,
    handler: def.handler,
    getKeys: def.getKeys,
    parent,
    subcommands: undefined,
    isWrite: flags.has('write'),
    isReadonly: flags.has('readonly'),
    isDenyOom: flags.has('denyoom'),
    isNoAuth: flags.has('no_auth'),
    isAdmin: flags.has('admin'),
    isLoadingOk: flags.has('loading'),
    isStaleOk: flags.has('stale'),
    isNoScript: flags.has('noscript'),
    isBlocking: flags.has('blocking'),
    isSkipMonitor: flags.has('skip_monitor'),
    isNoMulti: flags.has('no_multi'),
    isPubsub: flags.has('pubsub'),
    isFast: flags.has('fast'),
    isBatchTimed: flags.has('fast') || def.complexity === 'O(1)',
    stats: { calls: 0, usec: 0, rejectedCalls: 0, failedCalls: 0, histogram: null },
  };
  if (def.subcommands) {
    const subs = new Map<string, CommandSpec>();
    for (const sd of def.subcommands) subs.set(sd.name, buildSpec(sd, spec));
    (spec as { subcommands: Map<string, CommandSpec> | undefined }).subcommands = subs;
  }
  return spec;
}

/**
 * Key argv indexes of a command invocation: from [first, last, step], or from getKeys for
 * commands whose keys move. Used by COMMAND GETKEYS, ACL key checks and cluster routing.
 */
export function commandKeys(spec: CommandSpec, argv: string[]): number[] {
  if (spec.getKeys) return spec.getKeys(argv);
  if (spec.firstKey <= 0) return [];
  const last = spec.lastKey < 0 ? argv.length + spec.lastKey : spec.lastKey;
  const out: number[] = [];
  for (let i = spec.firstKey; i <= last && i < argv.length; i += spec.step || 1) out.push(i);
  return out;
}
