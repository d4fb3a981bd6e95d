// Coverage part of the harness: every command and subcommand the oracle reports in COMMAND
// and COMMAND DOCS, against tsredis's own command table. A command is "implemented" when
// tsredis's table declares it; its metadata (arity, flags, legacy key positions, ACL
// categories, group, and key specs/tips when tsredis's COMMAND reports them) is compared
// field by field.

import { CommandTable } from '../../src/commands/table.js';
import type { CommandSpec } from '../../src/commands/spec.js';
import { Conn, decodeReply, asMap, ReplyErr, ReplyMap, type Reply } from './conn.js';

export interface CmdMeta {
  /** "get", or "config|get" for subcommands. */
  name: string;
  group: string;
  arity: number;
  flags: string[];
  keys: [number, number, number];
  acl: string[];
  /** COMMAND DOCS "since" (version that introduced it). */
  since?: string;
  /** JSON of the key specs / tips as COMMAND INFO reports them, when known. */
  keySpecs?: string;
  tips?: string;
  /** COMMAND DOCS fields other than summary/complexity (written in tsredis's own words), as JSON. */
  docs?: Record<string, string>;
}

export interface CoverageRow {
  name: string;
  group: string;
  status: 'ok' | 'diff' | 'missing';
  diffs: string[];
}

export interface CoverageReport {
  oracle: string | null;
  rows: CoverageRow[];
  /** tsredis commands the oracle does not know. */
  extra: CmdMeta[];
  /** Whether tsredis answered COMMAND (so key specs and tips were compared too). */
  tsCommandInfo: boolean;
}

/** tsredis's metadata straight from its command table. */
export function tsredisTable(): CmdMeta[] {
  const table = new CommandTable();
  const out: CmdMeta[] = [];
  const one = (s: CommandSpec, group: string): CmdMeta => ({
    name: s.fullName,
    group,
    arity: s.arity,
    // COMMAND never reports the sentinel flags, so they are not part of the comparison.
    flags: s.flagList.filter((f) => f !== 'sentinel' && f !== 'only_sentinel'),
    keys: [s.firstKey, s.lastKey, s.step],
    acl: s.aclCategories.map((a) => `@${a}`),
    since: s.since,
  });
  for (const spec of table.commands.values()) {
    out.push(one(spec, spec.group));
    if (spec.subcommands) for (const sub of spec.subcommands.values()) out.push(one(sub, spec.group));
  }
  return out;
}

function str(r: Reply | undefined): string {
  return typeof r === 'string' ? r : r === undefined || r === null ? '' : String(r);
}
function num(r: Reply | undefined): number {
  return typeof r === 'number' ? r : Number(r);
}
function strList(r: Reply | undefined): string[] {
  return Array.isArray(r) ? r.map((x) => str(x)) : [];
}

/** Parse one COMMAND INFO entry (and its subcommands) into CmdMeta rows. */
/** COMMAND DOCS fields compared verbatim. */
const DOC_FIELDS = ['doc_flags', 'deprecated_since', 'replaced_by', 'history', 'arguments'];

const toJson = (v: Reply | undefined): string =>
  JSON.stringify(v ?? null, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x instanceof ReplyMap ? x.entries : x));

function parseInfo(e: Reply, groups: Map<string, string>, since: Map<string, string>, docFields: Map<string, Record<string, string>>, parentGroup?: string): CmdMeta[] {
  if (!Array.isArray(e)) return [];
  const name = str(e[0]).toLowerCase();
  const group = parentGroup ?? groups.get(name) ?? '?';
  const meta: CmdMeta = {
    name,
    group,
    arity: num(e[1]),
    flags: strList(e[2]),
    keys: [num(e[3]), num(e[4]), num(e[5])],
    acl: strList(e[6]),
    since: since.get(name),
    docs: docFields.get(name),
    tips: JSON.stringify(e[7] ?? []),
    keySpecs: JSON.stringify(e[8] ?? [], (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Map ? [...v] : v)),
  };
  const out = [meta];
  const subs = e[9];
  if (Array.isArray(subs)) for (const s of subs) out.push(...parseInfo(s, groups, since, docFields, group));
  return out;
}

/** Read COMMAND and COMMAND DOCS groups from a server (RESP2 connection). */
export async function fetchCommandInfo(conn: Conn): Promise<CmdMeta[] | null> {
  const [rawInfo, rawDocs] = await conn.send([['COMMAND'], ['COMMAND', 'DOCS']]);
  const info = decodeReply(rawInfo!);
  if (info instanceof ReplyErr || !Array.isArray(info)) return null;
  const groups = new Map<string, string>();
  const since = new Map<string, string>();
  const docFields = new Map<string, Record<string, string>>();
  const walk = (docs: Reply | undefined): void => {
    for (const [k, v] of asMap(docs).entries) {
      const name = str(k).toLowerCase();
      const d = asMap(v);
      groups.set(name, str(d.get('group')));
      since.set(name, str(d.get('since')));
      const fields: Record<string, string> = {};
      for (const f of DOC_FIELDS) fields[f] = toJson(d.get(f));
      docFields.set(name, fields);
      walk(d.get('subcommands'));
    }
  };
  const docs = decodeReply(rawDocs!);
  if (!(docs instanceof ReplyErr)) walk(docs);
  const out: CmdMeta[] = [];
  for (const e of info) out.push(...parseInfo(e, groups, since, docFields));
  return out;
}

const sameSet = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

/** Compare one command's metadata; returns human readable differences. */
export function diffMeta(ts: CmdMeta, redis: CmdMeta, tsInfo: CmdMeta | undefined): string[] {
  const d: string[] = [];
  if (ts.arity !== redis.arity) d.push(`arity ${ts.arity} (redis ${redis.arity})`);
  if (!sameSet(ts.flags, redis.flags)) d.push(`flags [${ts.flags.join(' ')}] (redis [${redis.flags.join(' ')}])`);
  if (ts.keys.join() !== redis.keys.join()) d.push(`keys [${ts.keys.join(',')}] (redis [${redis.keys.join(',')}])`);
  if (!sameSet(ts.acl, redis.acl)) d.push(`acl [${ts.acl.join(' ')}] (redis [${redis.acl.join(' ')}])`);
  if (!redis.name.includes('|') && ts.group !== redis.group) d.push(`group ${ts.group} (redis ${redis.group})`);
  if (redis.since && ts.since !== redis.since) d.push(`since ${ts.since} (redis ${redis.since})`);
  if (tsInfo) {
    if (tsInfo.keySpecs !== redis.keySpecs) d.push(`key specs ${tsInfo.keySpecs} (redis ${redis.keySpecs})`);
    if (tsInfo.tips !== redis.tips) d.push(`tips ${tsInfo.tips} (redis ${redis.tips})`);
    if (tsInfo.docs && redis.docs) {
      const fields = DOC_FIELDS.filter((f) => tsInfo.docs![f] !== redis.docs![f]);
      if (fields.length > 0) d.push(`COMMAND DOCS ${fields.join(', ')} differ`);
    }
  }
  return d;
}

/**
 * Build the report. `redisConn` is null when the oracle is not installed; `tsConn` (a
 * running tsredis) lets key specs and tips be compared when tsredis implements COMMAND.
 */
export async function coverage(redisConn: Conn | null, tsConn: Conn | null, oracle: string | null): Promise<CoverageReport> {
  const table = tsredisTable();
  const tsByName = new Map(table.map((m) => [m.name, m]));
  let tsInfoByName: Map<string, CmdMeta> | null = null;
  if (tsConn) {
    try {
      const info = await fetchCommandInfo(tsConn);
      if (info && info.length > 0) tsInfoByName = new Map(info.map((m) => [m.name, m]));
    } catch {
      tsInfoByName = null;
    }
  }
  if (!redisConn) {
    return {
      oracle: null,
      rows: table.map((m) => ({ name: m.name, group: m.group, status: 'ok', diffs: [] })),
      extra: [],
      tsCommandInfo: tsInfoByName !== null,
    };
  }
  const redis = await fetchCommandInfo(redisConn);
  if (!redis) throw new Error('oracle did not answer COMMAND');
  const rows: CoverageRow[] = [];
  const known = new Set<string>();
  for (const r of redis.sort((a, b) => (a.group === b.group ? a.name.localeCompare(b.name) : a.group.localeCompare(b.group)))) {
    known.add(r.name);
    const ts = tsByName.get(r.name);
    if (!ts) {
      rows.push({ name: r.name, group: r.group, status: 'missing', diffs: [] });
      continue;
    }
    const diffs = diffMeta(ts, r, tsInfoByName?.get(r.name));
    rows.push({ name: r.name, group: r.group, status: diffs.length === 0 ? 'ok' : 'diff', diffs });
  }
  const extra = table.filter((m) => !known.has(m.name));
  return { oracle, rows, extra, tsCommandInfo: tsInfoByName !== null };
}

export interface GroupLine {
  group: string;
  total: number;
  implemented: number;
  exact: number;
}

export function groupLines(rep: CoverageReport): GroupLine[] {
  const m = new Map<string, GroupLine>();
  for (const r of rep.rows) {
    const g = m.get(r.group) ?? { group: r.group, total: 0, implemented: 0, exact: 0 };
    g.total++;
    if (r.status !== 'missing') g.implemented++;
    if (r.status === 'ok') g.exact++;
    m.set(r.group, g);
  }
  return [...m.values()].sort((a, b) => a.group.localeCompare(b.group));
}

/** Plain-text per-group table for the terminal. */
export function formatTable(rep: CoverageReport): string {
  const lines = groupLines(rep);
  const out: string[] = [];
  if (rep.oracle === null) {
    out.push('tsredis command table (oracle redis-server 7.x not installed: no comparison)');
    out.push(`${'group'.padEnd(14)} commands`);
    for (const g of lines) out.push(`${g.group.padEnd(14)} ${g.total}`);
    return out.join('\n');
  }
  out.push(`${'group'.padEnd(14)} ${'implemented'.padStart(11)} ${'metadata ok'.padStart(11)}`);
  let t = 0, i = 0, e = 0;
  for (const g of lines) {
    out.push(`${g.group.padEnd(14)} ${`${g.implemented}/${g.total}`.padStart(11)} ${`${g.exact}/${g.implemented}`.padStart(11)}`);
    t += g.total; i += g.implemented; e += g.exact;
  }
  out.push(`${'total'.padEnd(14)} ${`${i}/${t}`.padStart(11)} ${`${e}/${i}`.padStart(11)}`);
  return out.join('\n');
}

export function summaryLine(rep: CoverageReport): string {
  if (rep.oracle === null) return `coverage: oracle not installed; tsredis declares ${rep.rows.length} commands and subcommands`;
  const impl = rep.rows.filter((r) => r.status !== 'missing').length;
  const diff = rep.rows.filter((r) => r.status === 'diff').length;
  return `coverage: ${impl}/${rep.rows.length} redis ${rep.oracle} commands and subcommands implemented, ${diff} with metadata differences, ${rep.extra.length} tsredis-only`;
}

const md = (s: string): string => s.replace(/\|/g, '\\|');

/** docs/compat.md: deterministic (no timestamps) so it only changes when coverage does. */
export function formatMarkdown(rep: CoverageReport, fuzzNote: string): string {
  const out: string[] = [];
  out.push('# Compatibility with Redis 7.0');
  out.push('');
  out.push(`Generated by \`npm run compat\` (scripts/compat.ts) against redis-server ${rep.oracle ?? '(not installed)'}; do not edit by hand.`);
  out.push('A command is *implemented* when tsredis declares it; *metadata ok* means its arity, flags, key positions, ACL categories, group and since');
  out.push(`match \`COMMAND INFO\`/\`COMMAND DOCS\` of real Redis${rep.tsCommandInfo ? ' (key specs, tips and the COMMAND DOCS arguments, history and flags included)' : ' (key specs and tips not compared: tsredis did not answer COMMAND)'}.`);
  out.push('');
  out.push('| group | implemented | metadata ok |');
  out.push('|---|---:|---:|');
  let t = 0, i = 0, e = 0;
  for (const g of groupLines(rep)) {
    out.push(`| ${g.group} | ${g.implemented}/${g.total} | ${g.exact}/${g.implemented} |`);
    t += g.total; i += g.implemented; e += g.exact;
  }
  out.push(`| **total** | **${i}/${t}** | **${e}/${i}** |`);
  out.push('');
  if (fuzzNote) {
    out.push('## Differential fuzzing');
    out.push('');
    out.push(fuzzNote);
    out.push('');
  }
  out.push('## Per group');
  for (const g of groupLines(rep)) {
    const rows = rep.rows.filter((r) => r.group === g.group);
    out.push('');
    out.push(`### ${g.group} (${g.implemented}/${g.total})`);
    out.push('');
    const ok = rows.filter((r) => r.status === 'ok').map((r) => `\`${r.name.toUpperCase()}\``);
    const miss = rows.filter((r) => r.status === 'missing').map((r) => `\`${r.name.toUpperCase()}\``);
    const diff = rows.filter((r) => r.status === 'diff');
    if (ok.length) out.push(`- implemented, metadata ok: ${ok.join(', ')}`);
    for (const r of diff) out.push(`- implemented, metadata differs: \`${r.name.toUpperCase()}\`: ${md(r.diffs.join('; '))}`);
    if (miss.length) out.push(`- missing: ${miss.join(', ')}`);
  }
  if (rep.extra.length) {
    out.push('');
    out.push('## tsredis-only commands');
    out.push('');
    out.push(rep.extra.map((m) => `\`${m.name.toUpperCase()}\``).join(', '));
  }
  out.push('');
  return out.join('\n');
}
