// tsredis-cli `help`: the generic text, `help <command>` and `help @<group>`, built from
// the server's COMMAND DOCS like redis-cli 7.0 does (same layout, same ANSI emphasis,
// same argument-synopsis rules: [optional], a|b for oneof, "name [name ...]" for multiple).

import type { Cli } from './cli-main.js';
import { type Reply, REPLY_ERROR, REPLY_MAP, REPLY_ARRAY, REPLY_SET } from './cli-reply.js';

export interface HelpEntry {
  /** Upper-case words: ["CLIENT", "LIST"]. */
  argv: string[];
  full: string;
  params: string;
  summary: string;
  since: string | null;
  group: string;
}

let entries: HelpEntry[] | null = null;

/** Read a RESP2 flat list or a RESP3 map into key/value pairs. */
function pairs(r: Reply | undefined): [string, Reply][] {
  const out: [string, Reply][] = [];
  if (r === undefined || (r.type !== REPLY_MAP && r.type !== REPLY_ARRAY)) return out;
  for (let i = 0; i + 1 < r.elements.length; i += 2) out.push([r.elements[i]!.str, r.elements[i + 1]!]);
  return out;
}

function concatArgs(list: Reply | undefined, sep: string): string {
  if (list === undefined) return '';
  return list.elements.map(addArgument).join(sep);
}

/** One argument's synopsis. */
function addArgument(arg: Reply): string {
  let name = '';
  let type = '';
  let token = '';
  let optional = false;
  let multiple = false;
  let multipleToken = false;
  let nested: Reply | undefined;
  for (const [k, v] of pairs(arg)) {
    if (k === 'name') name = v.str;
    else if (k === 'token') token = v.str;
    else if (k === 'type') type = v.str;
    else if (k === 'arguments') nested = v;
    else if (k === 'flags' && (v.type === REPLY_SET || v.type === REPLY_ARRAY)) {
      for (const f of v.elements) {
        if (f.str === 'optional') optional = true;
        else if (f.str === 'multiple') multiple = true;
        else if (f.str === 'multiple_token') multipleToken = true;
      }
    }
  }
  let repeat = '';
  if (['key', 'string', 'integer', 'double', 'pattern', 'unix-time', 'token'].includes(type)) repeat = name;
  else if (type === 'oneof') repeat = concatArgs(nested, '|');
  else if (type === 'block') repeat = concatArgs(nested, ' ');
  if (token !== '' && type !== 'pure-token') token += ' ';
  let s = optional ? '[' : '';
  s += token + repeat;
  if (multiple) s += ' [' + (multipleToken ? token : '') + repeat + ' ...]';
  if (optional) s += ']';
  return s;
}

function addEntries(out: HelpEntry[], docs: Reply, prefix: string[]): void {
  for (const [name, spec] of pairs(docs)) {
    let summary = '';
    let since: string | null = null;
    let group = '';
    let params = '';
    let subs: Reply | undefined;
    for (const [k, v] of pairs(spec)) {
      if (k === 'summary') summary = v.str;
      else if (k === 'since') since = v.str;
      else if (k === 'group') group = v.str;
      else if (k === 'arguments') params = concatArgs(v, ' ');
      else if (k === 'subcommands') subs = v;
    }
    const words = name.toUpperCase().split('|');
    const argv = prefix.length > 0 && words.length === 1 ? [...prefix, ...words] : words;
    out.push({ argv, full: argv.join(' '), params, summary, since, group });
    if (subs !== undefined) addEntries(out, subs, argv);
  }
}

interface BuiltinDef {
  name: string;
  arity: number;
  keys?: [number, number, number];
  group: string;
  since: string;
  summary: string;
  subcommands?: BuiltinDef[];
}

/**
 * Without a server to ask (or one without COMMAND DOCS), fall back to tsredis's own
 * command table, with a synopsis guessed from arity like redis-cli does for commands its
 * built-in table lacks: "key arg arg ...options...".
 */
async function addBuiltinEntries(list: HelpEntry[]): Promise<void> {
  let defs: readonly BuiltinDef[];
  try {
    defs = (await import('../commands/table.js')).ALL_DEFS as readonly BuiltinDef[];
  } catch {
    return;
  }
  const add = (d: BuiltinDef, prefix: string[]): void => {
    const argv = [...prefix, d.name.toUpperCase()];
    let args = Math.abs(d.arity) - argv.length;
    let params = '';
    if (d.keys !== undefined && d.keys[0] === argv.length) {
      params += 'key ';
      args--;
    }
    while (args-- > 0) params += 'arg ';
    if (d.arity < 0) params += '...options...';
    list.push({ argv, full: argv.join(' '), params: params.trimEnd(), summary: d.summary, since: d.since, group: d.group });
    for (const sub of d.subcommands ?? []) add(sub, argv);
  };
  for (const d of defs) add(d, []);
}

/**
 * Fetch the command docs once (the REPL does it at start, as redis-cli does, so that a
 * later `help` inside MULTI does not get its COMMAND DOCS queued).
 */
export async function loadEntries(cli: Cli): Promise<HelpEntry[]> {
  if (entries !== null) return entries;
  const list: HelpEntry[] = [];
  if (cli.conn === null) await cli.connect(false, true);
  if (cli.inMulti) return list; // COMMAND DOCS would only be queued; try again later
  if (cli.conn !== null && !cli.conn.broken) {
    try {
      const r = await cli.conn.command(['COMMAND', 'DOCS']);
      if (r.type !== REPLY_ERROR) addEntries(list, r, []);
    } catch {
      // no help from a server that is gone
    }
  }
  if (list.length === 0) await addBuiltinEntries(list);
  list.sort((a, b) => (a.full < b.full ? -1 : a.full > b.full ? 1 : 0));
  entries = list;
  return list;
}

function commandHelp(e: HelpEntry, withGroup: boolean): string {
  let s = `\r\n  \x1b[1m${e.full}\x1b[0m \x1b[90m${e.params}\x1b[0m\r\n`;
  s += `  \x1b[33msummary:\x1b[0m ${e.summary}\r\n`;
  if (e.since !== null) s += `  \x1b[33msince:\x1b[0m ${e.since}\r\n`;
  if (withGroup) s += `  \x1b[33mgroup:\x1b[0m ${e.group}\r\n`;
  return s;
}

export async function helpText(cli: Cli, args: string[], version: string): Promise<string> {
  if (args.length === 0) {
    return `tsredis-cli ${version}\n` +
      'To get help about Redis commands type:\n' +
      '      "help @<group>" to get a list of commands in <group>\n' +
      '      "help <command>" for help on <command>\n' +
      '      "quit" to exit\n';
  }
  const list = await loadEntries(cli);
  const group = args[0]!.startsWith('@') ? args[0]!.slice(1).toLowerCase() : null;
  let s = '';
  for (const e of list) {
    if (group === null) {
      if (args.length <= e.argv.length && args.every((a, j) => a.toUpperCase() === e.argv[j])) s += commandHelp(e, true);
    } else if (e.group.toLowerCase() === group) {
      s += commandHelp(e, false);
    }
  }
  return s + '\r\n';
}

/**
 * Tab completion like redis-cli's: command names (as the server spells them in COMMAND
 * DOCS, upper case), and after "help " also the @group topics.
 */
export function complete(line: string): [string[], string] {
  const list = entries ?? [];
  let start = 0;
  let topics = false;
  if (line.slice(0, 5).toLowerCase() === 'help ') {
    start = 5;
    while (start < line.length && /\s/.test(line[start]!)) start++;
    topics = true;
  }
  const typed = line.slice(start).toUpperCase();
  const head = line.slice(0, start);
  const names = list.map((e) => e.full);
  if (topics) {
    const groups = new Set(list.map((e) => '@' + e.group));
    names.push(...[...groups].sort());
  }
  const hits = names.filter((n) => n.toUpperCase().startsWith(typed)).map((n) => head + n);
  return [hits, line];
}
