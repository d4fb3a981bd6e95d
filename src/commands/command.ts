// COMMAND introspection: COMMAND, COUNT, LIST, INFO, DOCS, GETKEYS, GETKEYSANDFLAGS, HELP.
//
// Everything here is derived from the live command table (server.table), so only commands
// tsredis implements are reported. Arity, flags, legacy key positions, ACL categories,
// summary, since, group and complexity come from each CommandDef; key specs, tips, doc
// flags, history and argument docs are interface data generated from Redis 7.0
// (docs.ts, see scripts/gen-command-docs.ts). Reply shapes follow Redis 7.0.15 exactly:
// flags and ACL categories are sets of status strings, key specs are maps, COMMAND DOCS
// is a map per command whose subcommands are a nested map keyed by "parent|sub".

import type { Client } from '../server/client.js';
import type { ReplyWriter } from '../protocol/writer.js';
import type { CommandDef, CommandSpec } from './spec.js';
import { COMMAND_DATA, type ArgData, type CommandData, type KeySpecData } from './docs.js';
import { ReplyError } from '../util/errors.js';
import { string2ll } from '../util/numbers.js';
import { stringMatch } from '../util/glob.js';
import { asciiLower, eqi } from '../util/strings.js';

// ---------------------------------------------------------------------------------------
// Metadata as COMMAND INFO shows it

/**
 * Command flags in the order Redis lists them. may_replicate, sentinel, only_sentinel and
 * protected exist but Redis hides them from COMMAND INFO, so they are absent here.
 */
const VISIBLE_FLAGS = [
  'write', 'readonly', 'denyoom', 'module', 'admin', 'pubsub', 'noscript', 'blocking',
  'loading', 'stale', 'skip_monitor', 'skip_slowlog', 'asking', 'fast', 'no_auth',
  'no_mandatory_keys', 'no_async_loading', 'no_multi', 'movablekeys', 'allow_busy',
] as const;

/** ACL categories in Redis's table order (COMMAND INFO and ACL CAT list them this way). */
export const ACL_CATEGORIES = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap',
  'hyperloglog', 'geo', 'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking',
  'dangerous', 'connection', 'transaction', 'scripting',
] as const;

/** Flags of a command as COMMAND INFO reports them (hidden ones dropped, Redis order). */
export function infoFlags(spec: CommandSpec): string[] {
  const out: string[] = [];
  for (const f of VISIBLE_FLAGS) if (spec.flags.has(f)) out.push(f);
  return out;
}

/** ACL categories with '@', in Redis's table order. */
export function infoCategories(spec: CommandSpec): string[] {
  const out: string[] = [];
  for (const cat of ACL_CATEGORIES) if (spec.aclCategories.includes(cat)) out.push('@' + cat);
  return out;
}

/** The generated interface data of a command or subcommand, if Redis 7.0 has it. */
export function commandData(spec: CommandSpec): CommandData | undefined {
  if (spec.parent === undefined) return Object.hasOwn(COMMAND_DATA, spec.name) ? COMMAND_DATA[spec.name] : undefined;
  const parent = Object.hasOwn(COMMAND_DATA, spec.parent.name) ? COMMAND_DATA[spec.parent.name] : undefined;
  const subs = parent?.subcommands;
  return subs !== undefined && Object.hasOwn(subs, spec.name) ? subs[spec.name] : undefined;
}

/**
 * Key specs of a command: the generated ones, or for a command Redis does not have, one
 * synthesized from the legacy [first, last, step] triple.
 */
function keySpecsOf(spec: CommandSpec): readonly KeySpecData[] {
  const data = commandData(spec);
  if (data !== undefined) return data.keySpecs ?? [];
  if (spec.firstKey <= 0) return [];
  const lastkey = spec.lastKey < 0 ? spec.lastKey : spec.lastKey - spec.firstKey;
  return [{ flags: [], bs: ['index', 'index', spec.firstKey], fk: ['range', 'lastkey', lastkey, 'keystep', spec.step, 'limit', 0] }];
}

function tipsOf(spec: CommandSpec): readonly string[] {
  const data = commandData(spec);
  return data !== undefined ? data.tips ?? [] : spec.tips;
}

/** Find a command by its name or "container|sub" name, any case (Redis lookupCommandBySds). */
function lookupByFullName(c: Client, name: string): CommandSpec | undefined {
  const bar = name.indexOf('|');
  if (bar === -1) return c.server.table.lookup(name);
  const rest = name.slice(bar + 1);
  if (rest.includes('|')) return undefined;
  const base = c.server.table.lookup(name.slice(0, bar));
  return base?.subcommands?.get(asciiLower(rest));
}

/** Top-level commands in table order. */
function allCommands(c: Client): IterableIterator<CommandSpec> {
  return c.server.table.commands.values();
}

// ---------------------------------------------------------------------------------------
// COMMAND INFO

function writeStatusSet(w: ReplyWriter, items: readonly string[]): void {
  w.setLen(items.length);
  for (const s of items) w.simple(s);
}

/** A begin_search / find_keys map: {type, spec: {field: value...}}. */
function writeSearchSpec(w: ReplyWriter, parts: readonly (string | number)[]): void {
  w.mapLen(2);
  w.bulk('type');
  w.bulk(String(parts[0]));
  w.bulk('spec');
  w.mapLen((parts.length - 1) / 2);
  for (let i = 1; i + 1 < parts.length; i += 2) {
    w.bulk(String(parts[i]));
    const v = parts[i + 1]!;
    if (typeof v === 'number') w.int(v);
    else w.bulk(v);
  }
}

function writeKeySpec(w: ReplyWriter, ks: KeySpecData): void {
  w.mapLen(ks.notes !== undefined ? 4 : 3);
  if (ks.notes !== undefined) {
    w.bulk('notes');
    w.bulk(ks.notes);
  }
  w.bulk('flags');
  writeStatusSet(w, ks.flags);
  w.bulk('begin_search');
  writeSearchSpec(w, ks.bs);
  w.bulk('find_keys');
  writeSearchSpec(w, ks.fk);
}

/** The 10-element COMMAND INFO entry. */
function writeInfo(w: ReplyWriter, spec: CommandSpec): void {
  w.arrayLen(10);
  w.bulk(spec.fullName);
  w.int(spec.arity);
  writeStatusSet(w, infoFlags(spec));
  w.int(spec.firstKey);
  w.int(spec.lastKey);
  w.int(spec.step);
  writeStatusSet(w, infoCategories(spec));
  const tips = tipsOf(spec);
  w.setLen(tips.length);
  for (const t of tips) w.bulk(t);
  const specs = keySpecsOf(spec);
  w.setLen(specs.length);
  for (const ks of specs) writeKeySpec(w, ks);
  const subs = spec.subcommands;
  w.setLen(subs?.size ?? 0);
  if (subs !== undefined) for (const sub of subs.values()) writeInfo(w, sub);
}

function commandCommand(c: Client): void {
  const w = c.reply;
  w.arrayLen(c.server.table.commands.size);
  for (const spec of allCommands(c)) writeInfo(w, spec);
}

function commandInfoCommand(c: Client, argv: string[]): void {
  if (argv.length === 2) return commandCommand(c);
  const w = c.reply;
  w.arrayLen(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const spec = lookupByFullName(c, argv[i]!);
    if (spec === undefined) w.nullBulk();
    else writeInfo(w, spec);
  }
}

function commandCountCommand(c: Client): void {
  c.reply.int(c.server.table.commands.size);
}

// ---------------------------------------------------------------------------------------
// COMMAND DOCS

function writeArgs(w: ReplyWriter, args: readonly ArgData[]): void {
  w.arrayLen(args.length);
  for (const arg of args) {
    const fields = Object.keys(arg);
    w.mapLen(fields.length);
    for (const f of fields) {
      const v = arg[f]!;
      w.bulk(f);
      if (typeof v === 'number') w.int(v);
      else if (typeof v === 'string') w.bulk(v);
      else if (f === 'arguments') writeArgs(w, v as ArgData[]);
      else writeStatusSet(w, v as string[]);
    }
  }
}

function writeDocs(w: ReplyWriter, spec: CommandSpec): void {
  const data = commandData(spec);
  const docFlags = data !== undefined ? data.docFlags : spec.deprecatedSince !== undefined ? ['deprecated'] : undefined;
  const deprecatedSince = data !== undefined ? data.deprecatedSince : spec.deprecatedSince;
  const replacedBy = data !== undefined ? data.replacedBy : spec.replacedBy;
  const history = data?.history;
  const args = data?.args;
  const subs = spec.subcommands;
  let n = 3; // summary, since, group
  if (spec.complexity !== '') n++;
  if (docFlags !== undefined) n++;
  if (deprecatedSince !== undefined) n++;
  if (replacedBy !== undefined) n++;
  if (history !== undefined) n++;
  if (args !== undefined) n++;
  if (subs !== undefined) n++;
  w.mapLen(n);
  w.bulk('summary');
  w.bulk(spec.summary);
  w.bulk('since');
  w.bulk(spec.since);
  w.bulk('group');
  w.bulk(spec.group);
  if (spec.complexity !== '') {
    w.bulk('complexity');
    w.bulk(spec.complexity);
  }
  if (docFlags !== undefined) {
    w.bulk('doc_flags');
    writeStatusSet(w, docFlags);
  }
  if (deprecatedSince !== undefined) {
    w.bulk('deprecated_since');
    w.bulk(deprecatedSince);
  }
  if (replacedBy !== undefined) {
    w.bulk('replaced_by');
    w.bulk(replacedBy);
  }
  if (history !== undefined) {
    w.bulk('history');
    w.setLen(history.length);
    for (const [version, change] of history) {
      w.arrayLen(2);
      w.bulk(version);
      w.bulk(change);
    }
  }
  if (args !== undefined) {
    w.bulk('arguments');
    writeArgs(w, args);
  }
  if (subs !== undefined) {
    w.bulk('subcommands');
    w.mapLen(subs.size);
    for (const sub of subs.values()) {
      w.bulk(sub.fullName);
      writeDocs(w, sub);
    }
  }
}

function commandDocsCommand(c: Client, argv: string[]): void {
  const w = c.reply;
  if (argv.length === 2) {
    w.mapLen(c.server.table.commands.size);
    for (const spec of allCommands(c)) {
      w.bulk(spec.fullName);
      writeDocs(w, spec);
    }
    return;
  }
  const found: CommandSpec[] = [];
  for (let i = 2; i < argv.length; i++) {
    const spec = lookupByFullName(c, argv[i]!);
    if (spec !== undefined) found.push(spec);
  }
  w.mapLen(found.length);
  for (const spec of found) {
    w.bulk(spec.fullName);
    writeDocs(w, spec);
  }
}

// ---------------------------------------------------------------------------------------
// COMMAND LIST

function commandListCommand(c: Client, argv: string[]): void {
  let filter: ((spec: CommandSpec) => boolean) | null = null;
  if (argv.length === 5 && eqi(argv[2]!, 'filterby')) {
    const kind = argv[3]!;
    const value = argv[4]!;
    if (eqi(kind, 'module')) {
      filter = () => false; // no modules
    } else if (eqi(kind, 'aclcat')) {
      const cat = asciiLower(value);
      filter = (spec) => spec.aclCategories.includes(cat);
    } else if (eqi(kind, 'pattern')) {
      filter = (spec) => stringMatch(value, spec.fullName, true);
    } else {
      throw new ReplyError('ERR syntax error');
    }
  } else if (argv.length !== 2) {
    throw new ReplyError('ERR syntax error');
  }
  const names: string[] = [];
  for (const spec of allCommands(c)) {
    if (filter === null || filter(spec)) names.push(spec.fullName);
    if (spec.subcommands !== undefined) {
      for (const sub of spec.subcommands.values()) if (filter === null || filter(sub)) names.push(sub.fullName);
    }
  }
  c.reply.bulkArray(names);
}

// ---------------------------------------------------------------------------------------
// COMMAND GETKEYS / GETKEYSANDFLAGS

/** One key found in a command line: its argv index and the key-spec flags. */
export interface KeyRef {
  pos: number;
  flags: readonly string[];
}

const NO_FLAGS: readonly string[] = [];
const RO_ACCESS = ['RO', 'access'];
const OW_UPDATE = ['OW', 'update'];
const RW_ACCESS_UPDATE = ['RW', 'access', 'update'];
const RW_ACCESS_DELETE = ['RW', 'access', 'delete'];

/**
 * Keys from the key specs (Redis getKeysUsingKeySpecs). Returns null when a spec cannot be
 * resolved on this argv (unknown search type, bad numkeys, out of range, incomplete): the
 * caller then falls back to the command's own key extractor.
 */
function keysFromSpecs(specs: readonly KeySpecData[], argv: string[], arity: number): KeyRef[] | null {
  const argc = argv.length;
  const out: KeyRef[] = [];
  for (const ks of specs) {
    if (ks.flags.includes('not_key')) continue;
    let first = 0;
    if (ks.bs[0] === 'index') {
      first = ks.bs[2] as number;
    } else if (ks.bs[0] === 'keyword') {
      const keyword = String(ks.bs[2]).toLowerCase();
      const startfrom = ks.bs[4] as number;
      const start = startfrom > 0 ? startfrom : argc + startfrom;
      const end = startfrom > 0 ? argc - 1 : 1;
      for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (eqi(argv[i]!, keyword)) {
          first = i + 1;
          break;
        }
      }
      if (first === 0) continue; // keyword absent: this spec yields no keys
    } else {
      return null;
    }
    let last: number;
    let step: number;
    if (ks.fk[0] === 'range') {
      const lastkey = ks.fk[2] as number;
      const limit = ks.fk[6] as number;
      step = ks.fk[4] as number;
      if (lastkey >= 0) last = first + lastkey;
      else if (limit === 0) last = argc + lastkey;
      else last = first + (Math.trunc((argc - first) / limit) + lastkey);
    } else if (ks.fk[0] === 'keynum') {
      const keynumidx = ks.fk[2] as number;
      step = ks.fk[6] as number;
      if (keynumidx >= argc || first + keynumidx >= argc) return null;
      const numkeys = string2ll(argv[first + keynumidx]!);
      if (numkeys === null || numkeys < 0n) return null;
      first += ks.fk[4] as number;
      last = first + Number(numkeys) - 1;
    } else {
      return null;
    }
    if (last >= argc || last < first || first >= argc) return null;
    for (let i = first; i <= last; i += step) {
      if (i >= argc || i < first) {
        if (arity < 0) continue;
        return null;
      }
      out.push({ pos: i, flags: ks.flags });
    }
    if (ks.flags.includes('incomplete')) return null;
  }
  return out;
}

/** Redis atoi: optional sign and leading digits, 0 when none. */
function atoi(s: string): number {
  const m = /^\s*([+-]?\d+)/.exec(s);
  if (m === null) return 0;
  const n = Number(m[1]);
  return n > 2147483647 || n < -2147483648 ? 0 : n;
}

/** COMMAND [dest] numkeys key... (ZUNIONSTORE, EVAL, LMPOP...): keys by a count argument. */
function countedKeys(storeOfs: number, countOfs: number, firstOfs: number) {
  return (argv: string[]): KeyRef[] => {
    if (countOfs >= argv.length) return [];
    const num = atoi(argv[countOfs]!);
    if (num < 1 || num > argv.length - firstOfs) return [];
    const out: KeyRef[] = [];
    for (let i = 0; i < num; i++) out.push({ pos: firstOfs + i, flags: NO_FLAGS });
    if (storeOfs !== 0) out.push({ pos: storeOfs, flags: NO_FLAGS });
    return out;
  };
}

function sortKeys(argv: string[]): KeyRef[] {
  const out: KeyRef[] = [{ pos: 1, flags: RO_ACCESS }];
  let store = -1;
  const skips: [string, number][] = [['limit', 2], ['get', 1], ['by', 1]];
  for (let i = 2; i < argv.length; i++) {
    // As Redis: LIMIT/GET/BY skip their arguments; the last STORE <key> wins.
    for (const [name, skip] of skips) {
      if (eqi(argv[i]!, name)) {
        i += skip;
        break;
      } else if (eqi(argv[i]!, 'store') && i + 1 < argv.length) {
        store = i + 1;
        break;
      }
    }
  }
  if (store !== -1) out.push({ pos: store, flags: OW_UPDATE });
  return out;
}

function migrateKeys(argv: string[]): KeyRef[] {
  let first = 3;
  let num = 1;
  if (argv.length > 6) {
    const skips: [string, number][] = [['copy', 0], ['replace', 0], ['auth', 1], ['auth2', 2]];
    for (let i = 6; i < argv.length; i++) {
      if (eqi(argv[i]!, 'keys')) {
        if (argv[3]!.length > 0) num = 0;
        else {
          first = i + 1;
          num = argv.length - first;
        }
        break;
      }
      for (const [name, skip] of skips) {
        if (eqi(argv[i]!, name)) {
          i += skip;
          break;
        }
      }
    }
  }
  const out: KeyRef[] = [];
  for (let i = 0; i < num; i++) out.push({ pos: first + i, flags: RW_ACCESS_DELETE });
  return out;
}

function georadiusKeys(argv: string[]): KeyRef[] {
  let stored = -1;
  for (let i = 5; i < argv.length; i++) {
    if ((eqi(argv[i]!, 'store') || eqi(argv[i]!, 'storedist')) && i + 1 < argv.length) {
      stored = i + 1;
      i++;
    }
  }
  const out: KeyRef[] = [{ pos: 1, flags: NO_FLAGS }];
  if (stored !== -1) out.push({ pos: stored, flags: NO_FLAGS });
  return out;
}

function xreadKeys(argv: string[]): KeyRef[] {
  let streams = -1;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (eqi(a, 'block') || eqi(a, 'count')) i++;
    else if (eqi(a, 'group')) i += 2;
    else if (eqi(a, 'noack')) continue;
    else if (eqi(a, 'streams')) {
      streams = i;
      break;
    } else break;
  }
  const n = streams === -1 ? 0 : argv.length - streams - 1;
  if (streams === -1 || n === 0 || n % 2 !== 0) return [];
  const out: KeyRef[] = [];
  for (let i = streams + 1; i < argv.length - n / 2; i++) out.push({ pos: i, flags: NO_FLAGS });
  return out;
}

function setKeys(argv: string[]): KeyRef[] {
  for (let i = 3; i < argv.length; i++) if (eqi(argv[i]!, 'get')) return [{ pos: 1, flags: RW_ACCESS_UPDATE }];
  return [{ pos: 1, flags: OW_UPDATE }];
}

function bitfieldKeys(argv: string[]): KeyRef[] {
  let readonly = true;
  for (let i = 2; i < argv.length; i++) {
    const rem = argv.length - i - 1;
    const a = argv[i]!;
    if (eqi(a, 'get') && rem >= 2) i += 2;
    else if ((eqi(a, 'set') || eqi(a, 'incrby')) && rem >= 3) {
      readonly = false;
      break;
    } else if (eqi(a, 'overflow') && rem >= 1) i += 1;
    else {
      readonly = false;
      break;
    }
  }
  return [{ pos: 1, flags: readonly ? RO_ACCESS : RW_ACCESS_UPDATE }];
}

/**
 * Commands whose keys Redis also extracts with code (its getkeys_proc): used when the key
 * specs are incomplete, carry variable flags, or cannot be resolved on the given argv.
 */
const KEY_EXTRACTORS: Record<string, (argv: string[]) => KeyRef[]> = {
  zunionstore: countedKeys(1, 2, 3),
  zinterstore: countedKeys(1, 2, 3),
  zdiffstore: countedKeys(1, 2, 3),
  zunion: countedKeys(0, 1, 2),
  zinter: countedKeys(0, 1, 2),
  zdiff: countedKeys(0, 1, 2),
  zintercard: countedKeys(0, 1, 2),
  sintercard: countedKeys(0, 1, 2),
  eval: countedKeys(0, 2, 3),
  evalsha: countedKeys(0, 2, 3),
  eval_ro: countedKeys(0, 2, 3),
  evalsha_ro: countedKeys(0, 2, 3),
  fcall: countedKeys(0, 2, 3),
  fcall_ro: countedKeys(0, 2, 3),
  lmpop: countedKeys(0, 1, 2),
  zmpop: countedKeys(0, 1, 2),
  blmpop: countedKeys(0, 2, 3),
  bzmpop: countedKeys(0, 2, 3),
  sort: sortKeys,
  sort_ro: () => [{ pos: 1, flags: RO_ACCESS }],
  migrate: migrateKeys,
  georadius: georadiusKeys,
  georadiusbymember: georadiusKeys,
  xread: xreadKeys,
  xreadgroup: xreadKeys,
  set: setKeys,
  bitfield: bitfieldKeys,
};

function extractorOf(spec: CommandSpec): ((argv: string[]) => KeyRef[]) | undefined {
  if (commandData(spec) !== undefined) {
    return spec.parent === undefined && Object.hasOwn(KEY_EXTRACTORS, spec.name) ? KEY_EXTRACTORS[spec.name] : undefined;
  }
  // A command Redis does not have: its CommandDef's own extractor, if any.
  const own = spec.getKeys;
  return own === undefined ? undefined : (argv) => own(argv).map((pos) => ({ pos, flags: NO_FLAGS }));
}

/** Whether a command can have keys at all (Redis doesCommandHaveKeys). */
function hasKeys(spec: CommandSpec): boolean {
  if (extractorOf(spec) !== undefined) return true;
  return keySpecsOf(spec).some((ks) => !ks.flags.includes('not_key'));
}

/** Keys of a full command line (Redis getKeysFromCommandWithSpecs). */
export function keysOfCommand(spec: CommandSpec, argv: string[]): KeyRef[] {
  const specs = keySpecsOf(spec);
  const hasSpec = specs.some((ks) => !ks.flags.includes('not_key'));
  const varFlags = specs.some((ks) => ks.flags.includes('variable_flags'));
  if (hasSpec && !varFlags) {
    const keys = keysFromSpecs(specs, argv, spec.arity);
    if (keys !== null) return keys;
  }
  const extract = extractorOf(spec);
  return extract === undefined ? [] : extract(argv);
}

/**
 * COMMAND GETKEYS semantics for the command line `sub` (whose command `spec` was looked up
 * from it): the keys, or the error Redis answers. Kept apart from the reply for tests.
 */
export function getKeysOrError(spec: CommandSpec | undefined, sub: string[]): KeyRef[] | string {
  if (spec === undefined) return 'ERR Invalid command specified';
  if (!hasKeys(spec)) return 'ERR The command has no key arguments';
  if ((spec.arity > 0 && spec.arity !== sub.length) || sub.length < -spec.arity) {
    return 'ERR Invalid number of arguments specified for command';
  }
  const keys = keysOfCommand(spec, sub);
  if (keys.length === 0 && !spec.flags.has('no_mandatory_keys')) return 'ERR Invalid arguments specified for command';
  return keys;
}

function getKeysGeneric(c: Client, argv: string[], withFlags: boolean): void {
  const sub = argv.slice(2);
  let spec = c.server.table.lookup(sub[0]!);
  if (spec !== undefined && spec.subcommands !== undefined && sub.length > 1) {
    spec = spec.subcommands.get(asciiLower(sub[1]!));
  }
  const keys = getKeysOrError(spec, sub);
  if (typeof keys === 'string') throw new ReplyError(keys);
  const w = c.reply;
  w.arrayLen(keys.length);
  for (const k of keys) {
    if (withFlags) {
      w.arrayLen(2);
      w.bulk(sub[k.pos]!);
      writeStatusSet(w, k.flags);
    } else {
      w.bulk(sub[k.pos]!);
    }
  }
}

// ---------------------------------------------------------------------------------------
// COMMAND HELP

const HELP = [
  'COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
  'HELP',
  '    Prints this help.',
];

function commandHelpCommand(c: Client): void {
  c.reply.arrayLen(HELP.length);
  for (const line of HELP) c.reply.simple(line);
}

// ---------------------------------------------------------------------------------------

const SUB = { flags: 'loading stale', acl: 'connection', group: 'server' } as const;

export const introspectionCommands: CommandDef[] = [
  {
    name: 'command', arity: -1, ...SUB, since: '2.8.13',
    summary: 'Describes every command the server implements.',
    complexity: 'O(N) where N is the total number of Redis commands',
    handler: commandCommand,
    subcommands: [
      { name: 'count', arity: 2, ...SUB, since: '2.8.13', summary: 'Counts the top-level commands the server implements.', complexity: 'O(1)', handler: commandCountCommand },
      { name: 'docs', arity: -2, ...SUB, since: '7.0.0', summary: 'Returns documentation (summary, arguments, history) for some or all commands.', complexity: 'O(N) where N is the number of commands to look up', handler: commandDocsCommand },
      { name: 'getkeys', arity: -4, ...SUB, since: '2.8.13', summary: 'Extracts the key names from a complete command line.', complexity: 'O(N) where N is the number of arguments to the command', handler: (c, argv) => getKeysGeneric(c, argv, false) },
      { name: 'getkeysandflags', arity: -4, ...SUB, since: '7.0.0', summary: 'Extracts the key names and their access flags from a complete command line.', complexity: 'O(N) where N is the number of arguments to the command', handler: (c, argv) => getKeysGeneric(c, argv, true) },
      { name: 'help', arity: 2, ...SUB, since: '5.0.0', summary: 'Lists the COMMAND subcommands.', complexity: 'O(1)', handler: commandHelpCommand },
      { name: 'info', arity: -2, ...SUB, since: '2.8.13', summary: 'Describes some or all commands the server implements.', complexity: 'O(N) where N is the number of commands to look up', handler: commandInfoCommand },
      { name: 'list', arity: -2, ...SUB, since: '7.0.0', summary: 'Lists command names, optionally filtered by ACL category, pattern or module.', complexity: 'O(N) where N is the total number of Redis commands', handler: commandListCommand },
    ],
  },
];
