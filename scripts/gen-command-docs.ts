// Regenerates src/commands/docs.ts from a real redis-server 7.0's COMMAND and COMMAND DOCS
// replies (RESP3). Only interface facts are kept: tips, key specs, doc flags, history and
// the argument trees (names, types, tokens, key_spec_index, flags). Summaries, since,
// group and complexity are NOT copied: COMMAND DOCS takes them from each CommandDef.
//
//   npx tsc -p . && node dist/scripts/gen-command-docs.js [port]
//
// Without a port it starts redis-server itself on a free port and stops it afterwards.

import net from 'node:net';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.resolve(here, '../../src/commands/docs.ts');

/** A parsed RESP3 value, keeping the wire type. */
type R =
  | { t: '+' | '$' | '-'; v: string }
  | { t: ':'; v: number }
  | { t: '*' | '~'; v: R[] }
  | { t: '%'; v: [R, R][] };

function parse(buf: string, pos: { p: number }): R | undefined {
  const nl = buf.indexOf('\r\n', pos.p);
  if (nl === -1) return undefined;
  const type = buf[pos.p]!;
  const line = buf.slice(pos.p + 1, nl);
  const start = pos.p;
  pos.p = nl + 2;
  switch (type) {
    case '+': case '-': return { t: type, v: line };
    case ':': return { t: ':', v: Number(line) };
    case '$': case '=': {
      const n = Number(line);
      if (buf.length < pos.p + n + 2) { pos.p = start; return undefined; }
      const v = buf.slice(pos.p + (type === '=' ? 4 : 0), pos.p + n);
      pos.p += n + 2;
      return { t: '$', v };
    }
    case '*': case '~': {
      const out: R[] = [];
      for (let i = 0; i < Number(line); i++) {
        const e = parse(buf, pos);
        if (e === undefined) { pos.p = start; return undefined; }
        out.push(e);
      }
      return { t: type, v: out };
    }
    case '%': {
      const out: [R, R][] = [];
      for (let i = 0; i < Number(line); i++) {
        const k = parse(buf, pos);
        const v = k === undefined ? undefined : parse(buf, pos);
        if (k === undefined || v === undefined) { pos.p = start; return undefined; }
        out.push([k, v]);
      }
      return { t: '%', v: out };
    }
    default:
      throw new Error(`unexpected reply type ${type}`);
  }
}

async function query(port: number, cmds: string[][]): Promise<R[]> {
  const sock = net.createConnection({ port, host: '127.0.0.1' });
  let buf = '';
  const replies: R[] = [];
  return new Promise((resolve, reject) => {
    sock.on('error', reject);
    sock.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      const pos = { p: 0 };
      for (;;) {
        const r = parse(buf, pos);
        if (r === undefined) break;
        replies.push(r);
        buf = buf.slice(pos.p);
        pos.p = 0;
      }
      if (replies.length === cmds.length) {
        sock.destroy();
        resolve(replies);
      }
    });
    for (const c of cmds) {
      let s = `*${c.length}\r\n`;
      for (const a of c) s += `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
      sock.write(s);
    }
  });
}

const str = (r: R): string => {
  if (r.t === '$' || r.t === '+') return r.v;
  throw new Error(`expected string, got ${r.t}`);
};
const list = (r: R): R[] => {
  if (r.t === '*' || r.t === '~') return r.v;
  throw new Error(`expected array, got ${r.t}`);
};
const map = (r: R): Map<string, R> => {
  if (r.t !== '%') throw new Error(`expected map, got ${r.t}`);
  return new Map(r.v.map(([k, v]) => [str(k), v]));
};

/** Argument docs tree, compact: every field as Redis sends it, in its order. */
interface ArgData {
  [field: string]: string | number | string[] | ArgData[];
}

function argTree(r: R): ArgData[] {
  return list(r).map((a) => {
    const out: ArgData = {};
    for (const [k, v] of map(a)) {
      if (k === 'arguments') out[k] = argTree(v);
      else if (k === 'flags') out[k] = list(v).map(str);
      else if (v.t === ':') out[k] = v.v;
      else out[k] = str(v);
    }
    return out;
  });
}

interface KeySpecData {
  notes?: string;
  flags: string[];
  bs: (string | number)[];
  fk: (string | number)[];
}

function keySpec(r: R): KeySpecData {
  const m = map(r);
  const spec = (x: R): (string | number)[] => {
    const mm = map(x);
    const type = str(mm.get('type')!);
    const out: (string | number)[] = [type];
    for (const [k, v] of map(mm.get('spec')!)) out.push(k, v.t === ':' ? v.v : str(v));
    return out;
  };
  const keys = [...m.keys()].join(',');
  if (keys !== 'flags,begin_search,find_keys' && keys !== 'notes,flags,begin_search,find_keys') {
    throw new Error(`unexpected key spec fields ${keys}`);
  }
  const ks: KeySpecData = { flags: list(m.get('flags')!).map(str), bs: spec(m.get('begin_search')!), fk: spec(m.get('find_keys')!) };
  if (m.has('notes')) ks.notes = str(m.get('notes')!);
  return ks;
}

interface CommandData {
  tips?: string[];
  keySpecs?: KeySpecData[];
  docFlags?: string[];
  deprecatedSince?: string;
  replacedBy?: string;
  history?: [string, string][];
  args?: ArgData[];
  subcommands?: Record<string, CommandData>;
}

const DOC_FIELDS = ['summary', 'since', 'group', 'complexity', 'doc_flags', 'deprecated_since', 'replaced_by', 'history', 'arguments', 'subcommands'];

function fromInfo(r: R, into: Record<string, CommandData>): void {
  const e = list(r);
  const name = str(e[0]!);
  const d: CommandData = (into[name.includes('|') ? name.split('|')[1]! : name] ??= {});
  const tips = list(e[7]!).map(str);
  if (tips.length > 0) d.tips = tips;
  const ks = list(e[8]!).map(keySpec);
  if (ks.length > 0) d.keySpecs = ks;
  const subs = list(e[9]!);
  if (subs.length > 0) {
    d.subcommands ??= {};
    for (const s of subs) fromInfo(s, d.subcommands);
  }
}

function fromDocs(name: string, r: R, into: Record<string, CommandData>): void {
  const short = name.includes('|') ? name.split('|')[1]! : name;
  const d: CommandData = (into[short] ??= {});
  const m = map(r);
  let last = -1;
  for (const k of m.keys()) {
    const i = DOC_FIELDS.indexOf(k);
    if (i <= last) throw new Error(`${name}: unexpected docs field ${k}`);
    last = i;
  }
  if (m.has('doc_flags')) d.docFlags = list(m.get('doc_flags')!).map(str);
  if (m.has('deprecated_since')) d.deprecatedSince = str(m.get('deprecated_since')!);
  if (m.has('replaced_by')) d.replacedBy = str(m.get('replaced_by')!);
  if (m.has('history')) d.history = list(m.get('history')!).map((h) => list(h).map(str) as [string, string]);
  if (m.has('arguments')) d.args = argTree(m.get('arguments')!);
  if (m.has('subcommands')) {
    d.subcommands ??= {};
    for (const [k, v] of map(m.get('subcommands')!)) fromDocs(k, v, d.subcommands);
  }
}

async function startOracle(): Promise<{ port: number; stop: () => void }> {
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 50));
    try {
      await query(port, [['PING']]);
      break;
    } catch { /* not up yet */ }
  }
  return { port, stop: () => proc.kill('SIGKILL') };
}

/** The interface data of every command of the Redis listening on port, and its version. */
export async function collectCommandData(port: number): Promise<{ version: string; data: Record<string, CommandData> }> {
  const [, version, info, docs] = await query(port, [['HELLO', '3'], ['INFO', 'server'], ['COMMAND'], ['COMMAND', 'DOCS']]);
  const ver = /redis_version:(\S+)/.exec(str(version!))![1]!;
  const data: Record<string, CommandData> = {};
  for (const r of list(info!)) fromInfo(r, data);
  for (const [k, v] of map(docs!)) fromDocs(k, v, data);
  return { version: ver, data: sortByName(data) };
}

/** Redis lists commands in its dict's (seeded, random) order: sort for a stable file. */
function sortByName(data: Record<string, CommandData>): Record<string, CommandData> {
  const out: Record<string, CommandData> = {};
  for (const k of Object.keys(data).sort()) {
    const d = data[k]!;
    out[k] = d.subcommands === undefined ? d : { ...d, subcommands: sortByName(d.subcommands) };
  }
  return out;
}

async function main(): Promise<void> {
  const given = process.argv[2];
  const oracle = given ? { port: Number(given), stop: () => {} } : await startOracle();
  try {
    const { version: ver, data: sorted } = await collectCommandData(oracle.port);
    const body = JSON.stringify(sorted, null, 0).replace(/\},"/g, '},\n"');
    const text = `// GENERATED by scripts/gen-command-docs.ts from redis-server ${ver} (COMMAND, COMMAND DOCS):
// do not edit by hand. Interface facts only: command tips, key specs, doc flags, history
// and argument docs, keyed by lowercase command name (subcommands nested). COMMAND INFO and
// COMMAND DOCS combine this with the CommandDefs (arity, flags, summary, since, group,
// complexity come from the defs, written by each group's owner).

/** One key spec: flags, begin_search [type, field, value...], find_keys [type, field, value...]. */
export interface KeySpecData {
  notes?: string;
  flags: string[];
  bs: (string | number)[];
  fk: (string | number)[];
}

/** One argument of COMMAND DOCS: fields in Redis's order (name, type, key_spec_index, token...). */
export interface ArgData {
  [field: string]: string | number | string[] | ArgData[];
}

export interface CommandData {
  tips?: string[];
  keySpecs?: KeySpecData[];
  docFlags?: string[];
  deprecatedSince?: string;
  replacedBy?: string;
  history?: [string, string][];
  args?: ArgData[];
  subcommands?: Record<string, CommandData>;
}

export const REFERENCE_VERSION = '${ver}';

export const COMMAND_DATA: Record<string, CommandData> = ${body};
`;
    writeFileSync(OUT, text);
    console.log(`wrote ${OUT}: ${Object.keys(sorted).length} commands from redis ${ver}`);
  } finally {
    oracle.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
