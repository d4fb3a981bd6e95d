// Append-only file persistence as Redis 7.0 lays it out (multi-part AOF):
//
//   <dir>/<appenddirname>/
//     <appendfilename>.<n>.base.rdb|aof   the dataset at the last rewrite (RDB or commands)
//     <appendfilename>.<n>.incr.aof       writes since then, as RESP commands
//     <appendfilename>.manifest           which files make up the AOF, in order
//
// Writing: the dispatcher hands every write's propagated argv to the propagate hook;
// it is appended (SELECT first when the db changes) to an in-memory buffer. The buffer is
// written to the current INCR file before any reply leaves the server (Server.flush calls
// flushBuffer), as Redis writes aof_buf in beforeSleep before handling client writes:
//   appendfsync always    write + fdatasync right there, so an acknowledged write is on disk;
//   appendfsync everysec  write there, fdatasync once per second off the main thread;
//   appendfsync no        write there, the kernel decides.
//
// Loading (startup, appendonly yes): the manifest's base is loaded (RDB through the RDB
// decoder, or AOF commands), then each INCR file is replayed through the command handlers
// on a fake client with nothing propagated. A truncated last file is cut at its last
// complete command when aof-load-truncated is yes (as Redis).
//
// Rewrite (BGREWRITEAOF, auto-aof-rewrite-*, CONFIG SET appendonly yes) without fork: new
// writes go to a new INCR file from the moment the rewrite starts, while a point-in-time
// snapshot of the dataset (persistence/rdb/snapshot.ts: copy-on-write hooks, built in
// ~2 ms slices) becomes the new base. When it is on disk the manifest is switched
// atomically (temp file + rename) and the files it no longer names are deleted.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Server } from '../server/server.js';
import type { Client } from '../server/client.js';
import type { CommandSpec } from '../commands/spec.js';
import { CommandsSnapshot, rewriteCommands } from './aof-rewrite.js';
import { ReplyError } from '../util/errors.js';
import { ConfigError } from '../config/params.js';
import { encodeRdb, decodeRdb, type RdbSaveOptions } from './rdb/file.js';
import { rdbLimits } from './rdb/objects.js';
import { BackgroundSnapshot } from './rdb/snapshot.js';
import { rdbState, rdbSaveOptions } from '../commands/save.js';
import { isLfuPolicy, lfuMinutes, LRU_CLOCK_MAX } from '../commands/object.js';
import { now, setFrozenTime, updateClock } from '../util/clock.js';
import { scriptEngine } from '../commands/scripting.js';
import { lruClock } from '../store/keyspace.js';

const enum AofState {
  Off = 0,
  On = 1,
  /** CONFIG SET appendonly yes: on once the first rewrite completes. */
  WaitRewrite = 2,
}

const enum FileType {
  Base = 'b',
  History = 'h',
  Incr = 'i',
}

interface AofFile {
  name: string;
  seq: number;
  type: FileType;
}

/** Redis's aofManifest: one base, history files awaiting deletion, INCR files in order. */
export class Manifest {
  base: AofFile | null = null;
  history: AofFile[] = [];
  incr: AofFile[] = [];
  baseSeq = 0;
  incrSeq = 0;

  clone(): Manifest {
    const m = new Manifest();
    m.base = this.base === null ? null : { ...this.base };
    m.history = this.history.map((f) => ({ ...f }));
    m.incr = this.incr.map((f) => ({ ...f }));
    m.baseSeq = this.baseSeq;
    m.incrSeq = this.incrSeq;
    return m;
  }

  /** The manifest file's text: base, then history, then INCR files. */
  toString(): string {
    let s = '';
    const line = (f: AofFile): void => {
      s += `file ${needsQuoting(f.name) ? quote(f.name) : f.name} seq ${f.seq} type ${f.type}\n`;
    };
    if (this.base !== null) line(this.base);
    for (const f of this.history) line(f);
    for (const f of this.incr) line(f);
    return s;
  }

  /** Parse a manifest (aofLoadManifestFromFile); throws Error with Redis's reason. */
  static parse(text: string): Manifest {
    const m = new Manifest();
    let maxIncrSeq = 0;
    for (const raw of text.split('\n')) {
      if (raw.length > 1024) throw new Error('The AOF manifest file contains too long line');
      const line = raw.replace(/[\r\t ]+$/, '').replace(/^[\t ]+/, '');
      if (line === '' || line.startsWith('#')) continue;
      const args = splitArgs(line);
      if (args === null || args.length < 6 || args.length % 2 !== 0) throw new Error('Invalid AOF manifest file format');
      let name = '';
      let seq = -1;
      let type = '';
      for (let i = 0; i < args.length; i += 2) {
        const k = args[i]!;
        const v = args[i + 1]!;
        if (k === 'file') name = v;
        else if (k === 'seq') seq = Number(v);
        else if (k === 'type') type = v;
      }
      if (name === '' || !Number.isInteger(seq) || seq < 0 || (type !== 'b' && type !== 'h' && type !== 'i')) throw new Error('Invalid AOF manifest file format');
      const f: AofFile = { name, seq, type: type as FileType };
      if (type === 'b') {
        if (m.base !== null) throw new Error('Found duplicate base file information');
        m.base = f;
        m.baseSeq = seq;
      } else if (type === 'h') {
        m.history.push(f);
      } else {
        if (seq <= maxIncrSeq) throw new Error('Found a non-monotonic sequence number');
        m.incr.push(f);
        m.incrSeq = seq;
        maxIncrSeq = seq;
      }
    }
    return m;
  }
}

function needsQuoting(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch <= 32 || ch >= 127 || ch === 34 || ch === 39 || ch === 92) return true;
  }
  return false;
}

/** sdscatrepr: "..." with C escapes. */
function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const code = s.charCodeAt(i);
    if (ch === '\\' || ch === '"') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (code < 32 || code >= 127) out += '\\x' + code.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

/** sdssplitargs: words, "double quoted" (with escapes) or 'single quoted'; null if unbalanced. */
function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && /\s/.test(line[i]!)) i++;
    if (i >= n) break;
    let cur = '';
    if (line[i] === '"') {
      i++;
      let closed = false;
      while (i < n) {
        const ch = line[i]!;
        if (ch === '\\' && i + 1 < n) {
          const e = line[i + 1]!;
          if (e === 'x' && i + 3 < n && /^[0-9a-fA-F]{2}$/.test(line.slice(i + 2, i + 4))) {
            cur += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
            i += 4;
            continue;
          }
          cur += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
          i += 2;
          continue;
        }
        if (ch === '"') {
          closed = true;
          i++;
          break;
        }
        cur += ch;
        i++;
      }
      if (!closed || (i < n && !/\s/.test(line[i]!))) return null;
    } else if (line[i] === "'") {
      i++;
      let closed = false;
      while (i < n) {
        const ch = line[i]!;
        if (ch === '\\' && line[i + 1] === "'") {
          cur += "'";
          i += 2;
          continue;
        }
        if (ch === "'") {
          closed = true;
          i++;
          break;
        }
        cur += ch;
        i++;
      }
      if (!closed || (i < n && !/\s/.test(line[i]!))) return null;
    } else {
      while (i < n && !/\s/.test(line[i]!)) cur += line[i++];
    }
    out.push(cur);
  }
  return out;
}

/** A fatal startup condition (Redis exits); the message is Redis's log line. */
export class AofLoadError extends Error {}

/** One background rewrite in progress. */
interface Rewrite {
  snap: BackgroundSnapshot | CommandsSnapshot | null;
  start: number;
  /** The INCR file opened for writes made during the rewrite (temp name while WaitRewrite). */
  incrName: string;
  temp: boolean;
  cancelled: boolean;
}

/** The clock while loading: before every TTL, so nothing expires. */
const FROZEN_MS = 1;
/** LFU_INIT_VAL: the counter of a new key under an LFU policy. */
const LFU_INIT_VAL = 5;

/** Milliseconds of snapshot work per event-loop turn during a rewrite. */
const SLICE_MS = 2;

export class Aof {
  private state = AofState.Off;
  private fd = -1;
  /** RESP text not yet written to the INCR file (latin1: one char per byte). */
  private buf = '';
  /** Bytes written since the last fsync (everysec). */
  private unsynced = 0;
  private fsyncInFlight = false;
  private selectedDb = -1;
  private manifest = new Manifest();
  private manifestLoaded = false;
  /** Set while files are replayed: the propagate hook writes nothing. */
  loading = false;
  private rewrite: Rewrite | null = null;
  rewriteScheduled = false;
  private lastRewriteTimeSec = -1;
  private lastRewriteOk = true;
  private rewrites = 0;
  private consecutiveFailures = 0;
  private lastWriteOk = true;
  /** aof_current_size / aof_rewrite_base_size (auto rewrite growth). */
  private currentSize = 0;
  private baseSize = 0;
  private timer: NodeJS.Timeout | null = null;
  private ticks = 0;
  private timestamps = false;
  private lastTimestamp = 0;
  /** appendfsync: always / everysec / no. */
  private fsyncPolicy = 'everysec';
  private hooked = false;
  private readonly hook = (dbIndex: number, argv: string[]): void => this.feed(dbIndex, argv);

  constructor(private readonly server: Server) {
    const cfg = server.config;
    this.state = cfg.raw('appendonly') === true ? AofState.On : AofState.Off;
    this.fsyncPolicy = cfg.str('appendfsync');
    this.timestamps = cfg.raw('aof-timestamp-enabled') === true;
    cfg.on('aof-timestamp-enabled', (v) => {
      this.timestamps = v === true;
    });
    cfg.on('appendfsync', (v) => {
      this.fsyncPolicy = String(v);
    });
    cfg.on('appendonly', (v) => {
      if (v === true) this.startAppendOnly();
      else this.stopAppendOnly();
    });
  }

  get enabled(): boolean {
    return this.state !== AofState.Off;
  }

  get rewriteInProgress(): boolean {
    return this.rewrite !== null;
  }

  /** Bytes waiting in the buffer (Server.flush writes them before any reply). */
  get pending(): boolean {
    return this.buf.length !== 0;
  }

  // ------------------------------------------------------------------ paths

  private dirPath(): string {
    return path.join(this.server.config.str('dir') || process.cwd(), this.server.config.str('appenddirname'));
  }

  private fileName(): string {
    return this.server.config.str('appendfilename');
  }

  private filePath(name: string): string {
    return path.join(this.dirPath(), name);
  }

  private manifestName(): string {
    return `${this.fileName()}.manifest`;
  }

  // ------------------------------------------------------------------ startup

  /**
   * Startup (Server.listen): read the manifest if there is one; with appendonly yes, load
   * the AOF into the (emptied) dbs and open the INCR file for appending, creating a base
   * and a manifest when there was no AOF yet. Throws AofLoadError when Redis would exit.
   */
  startup(): void {
    if (this.state !== AofState.On) {
      // Only a later BGREWRITEAOF needs it: a broken manifest is not fatal with the AOF off.
      try {
        this.loadManifestIfExists();
      } catch (e) {
        this.server.log.warning(`Ignoring the AOF manifest: ${(e as Error).message}`);
        this.manifest = new Manifest();
      }
      this.startTimer();
      return;
    }
    this.loadManifestIfExists();
    for (const db of this.server.dbs) db.clear();
    if (!this.manifestLoaded) this.upgradeOldAof();
    this.loadFiles();
    this.openOnStart();
    this.startTimer();
  }

  /**
   * DEBUG LOADAOF: write what is buffered, empty the dbs, load the AOF back from disk.
   * Throws AofLoadError when it cannot be loaded (Redis exits then).
   */
  debugLoadAof(): void {
    if (this.state === AofState.On) {
      this.flushBuffer();
      if (this.fd !== -1) fs.fdatasyncSync(this.fd);
    }
    for (const db of this.server.dbs) db.clear();
    this.manifestLoaded = false;
    this.manifest = new Manifest();
    this.loadManifestIfExists();
    this.delHistoryFiles();
    this.loadFiles();
    this.server.dirty = 0;
    this.server.log.warning('Append Only File loaded by DEBUG LOADAOF');
  }

  /**
   * aofUpgradePrepare: an old single-file AOF (<dir>/<appendfilename>, Redis < 7) and no
   * manifest: the file moves into the AOF directory as the base, under its own name.
   */
  private upgradeOldAof(): void {
    const old = path.join(this.server.config.str('dir') || process.cwd(), this.fileName());
    if (!fs.existsSync(old) || fs.existsSync(this.filePath(this.manifestName()))) return;
    fs.mkdirSync(this.dirPath(), { recursive: true });
    const m = new Manifest();
    m.base = { name: this.fileName(), seq: 1, type: FileType.Base };
    m.baseSeq = 1;
    this.persistManifest(m);
    fs.renameSync(old, this.filePath(this.fileName()));
    fsyncPath(this.dirPath());
    this.manifestLoaded = true;
    this.server.log.notice(`Successfully migrated an old-style AOF file (${this.fileName()}) into the AOF directory (${this.server.config.str('appenddirname')}).`);
  }

  private loadManifestIfExists(): void {
    const p = this.filePath(this.manifestName());
    let text: string;
    try {
      text = fs.readFileSync(p, 'latin1');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new AofLoadError(`Can't open the AOF manifest ${this.manifestName()} for reading: ${(e as Error).message}`);
    }
    try {
      this.manifest = Manifest.parse(text);
    } catch (e) {
      throw new AofLoadError((e as Error).message);
    }
    this.manifestLoaded = true;
  }

  /** loadAppendOnlyFiles: the base, then every INCR file in order. */
  private loadFiles(): void {
    const m = this.manifest;
    if (!this.manifestLoaded || (m.base === null && m.incr.length === 0)) {
      this.currentSize = 0;
      this.baseSize = 0;
      return;
    }
    const log = this.server.log;
    const started = Date.now();
    let total = 0;
    let baseBytes = 0;
    const files: AofFile[] = [];
    if (m.base !== null) files.push(m.base);
    files.push(...m.incr);
    // Nothing expires while loading (Redis's keyIsExpired returns 0 then): the commands
    // replay as they ran, e.g. an INCR of a key whose PXAT has passed since. The clock is
    // frozen near the epoch for the load, and the LRU/LFU stamps it gave are fixed after.
    this.realLru = lruClock();
    this.realMinutes = lfuMinutes();
    setFrozenTime(FROZEN_MS);
    this.loading = true;
    try {
      for (let i = 0; i < files.length; i++) {
        const f = files[i]!;
        const p = this.filePath(f.name);
        if (!fs.existsSync(p)) throw new AofLoadError(`The AOF file ${f.name} doesn't exist`);
        const last = i === files.length - 1;
        const t0 = Date.now();
        const size = this.loadOne(f, p, last);
        total += size;
        if (f.type === FileType.Base) baseBytes = size;
        log.notice(`DB loaded from ${f.type === FileType.Base ? 'base' : 'incr'} file ${f.name}: ${((Date.now() - t0) / 1000).toFixed(3)} seconds`);
      }
      this.fixStamps();
    } finally {
      this.loading = false;
      setFrozenTime(null);
      updateClock();
    }
    this.currentSize = total;
    // Redis does not persist the size at the last rewrite: the base file's size stands in.
    this.baseSize = baseBytes;
    log.notice(`DB loaded from append only file: ${((Date.now() - started) / 1000).toFixed(3)} seconds`);
  }

  /** Load one file; returns its size after a possible truncation. */
  private loadOne(f: AofFile, p: string, last: boolean): number {
    const buf = fs.readFileSync(p);
    if (buf.length === 0) return 0;
    let start = 0;
    if (buf.length >= 5 && buf.toString('latin1', 0, 5) === 'REDIS') {
      // An RDB preamble, possibly followed by commands (old single-file AOFs).
      start = rdbEnd(buf, rdbLimits(this.server.config));
      this.loadRdb(start === buf.length ? buf : buf.subarray(0, start), f.name);
      if (start === buf.length) return buf.length;
    }
    const end = start + this.replay(start === 0 ? buf : buf.subarray(start), f.name, last);
    if (end < buf.length) {
      fs.truncateSync(p, end);
      return end;
    }
    return buf.length;
  }

  private realLru = 0;
  private realMinutes = 0;

  /** Keys stamped under the frozen clock get the stamp of now (LRU) or now's minutes (LFU). */
  private fixStamps(): void {
    const lfu = isLfuPolicy(this.server);
    const frozenLru = lruClock();
    for (const db of this.server.dbs) {
      if (db.size === 0) continue;
      const keys: string[] = [];
      db.forEachKey((key) => {
        keys.push(key);
      });
      for (const key of keys) {
        const st = db.getAccessStamp(key);
        if (st < 0) continue;
        if (lfu) {
          if (st >> 8 === 0) db.setAccessStamp(key, (this.realMinutes << 8) | (st & 255));
        } else if (st === frozenLru) {
          db.setAccessStamp(key, this.realLru);
        }
      }
    }
  }

  /** An RDB base (aof-use-rdb-preamble yes): keys straight into the dbs. */
  private loadRdb(buf: Buffer, name: string): void {
    const server = this.server;
    let loaded;
    try {
      // now = 0: an AOF preamble keeps keys whose TTL has passed (RDBFLAGS_AOF_PREAMBLE).
      loaded = decodeRdb(buf, rdbLimits(server.config), 0, server.config.raw('rdbchecksum') !== false);
    } catch (e) {
      throw new AofLoadError(`Error reading the RDB base file ${name}, AOF loading aborted: ${(e as Error).message}`);
    }
    for (const idx of loaded.dbs.keys()) {
      if (idx >= server.dbs.length) throw new AofLoadError(`FATAL: Data file was created with a Redis server configured to handle more than ${server.dbs.length} databases.`);
    }
    // Libraries first, as Redis loads them.
    try {
      for (const code of loaded.functions) scriptEngine(server).loadLibrary(code, true);
    } catch (e) {
      throw new AofLoadError(`Error reading the RDB base file ${name}, AOF loading aborted: ${(e as Error).message}`);
    }
    const lfu = isLfuPolicy(server);
    for (const [idx, keys] of loaded.dbs) {
      const db = server.dbs[idx]!;
      for (const k of keys) {
        db.set(k.key, k.value, false, k.expireAt);
        if (lfu) db.setAccessStamp(k.key, (this.realMinutes << 8) | (k.freq >= 0 ? k.freq & 255 : LFU_INIT_VAL));
        else if (k.idle >= 0) {
          let abs = this.realLru - k.idle;
          if (abs < 0) abs += LRU_CLOCK_MAX;
          db.setAccessStamp(k.key, abs & LRU_CLOCK_MAX);
        }
      }
    }
  }

  /**
   * Replay the RESP commands of buf (loadSingleAppendOnlyFile). Returns the offset up to
   * which the file is valid (buf.length unless it was truncated and may be cut there).
   */
  private replay(buf: Buffer, name: string, last: boolean): number {
    const server = this.server;
    const c = server.createFakeClient();
    const len = buf.length;
    let pos = 0;
    let valid = 0;
    let validBeforeMulti = 0;
    let multi: [CommandSpec, string[]][] | null = null;
    let truncated = false;
    const lineEnd = (from: number): number => {
      const nl = buf.indexOf(10, from);
      return nl === -1 ? -1 : nl;
    };
    outer: while (pos < len) {
      const b = buf[pos]!;
      if (b === 0x23) {
        // '#' annotation (aof-timestamp-enabled): skipped.
        const nl = lineEnd(pos);
        if (nl === -1) {
          truncated = true;
          break;
        }
        pos = nl + 1;
        valid = pos;
        continue;
      }
      if (b !== 0x2a) throw this.formatError(name);
      let nl = lineEnd(pos);
      if (nl === -1) {
        truncated = true;
        break;
      }
      const argc = parseInt(buf.toString('latin1', pos + 1, nl), 10);
      if (!(argc >= 1)) throw this.formatError(name);
      pos = nl + 1;
      const argv = new Array<string>(argc);
      for (let i = 0; i < argc; i++) {
        if (pos >= len) {
          truncated = true;
          break outer;
        }
        if (buf[pos] !== 0x24) throw this.formatError(name);
        nl = lineEnd(pos);
        if (nl === -1) {
          truncated = true;
          break outer;
        }
        const alen = parseInt(buf.toString('latin1', pos + 1, nl), 10);
        if (!(alen >= 0)) throw this.formatError(name);
        pos = nl + 1;
        if (pos + alen + 2 > len) {
          truncated = true;
          break outer;
        }
        argv[i] = buf.toString('latin1', pos, pos + alen);
        pos += alen + 2;
      }
      // Run it.
      let spec = server.table.lookup(argv[0]!);
      if (spec === undefined) {
        throw new AofLoadError(`Unknown command '${argv[0]}' reading the append only file ${name}`);
      }
      if (spec.subcommands !== undefined && argc >= 2) spec = spec.subcommands.get(argv[1]!.toLowerCase()) ?? spec;
      const top = spec.parent === undefined ? spec.name : '';
      if (top === 'multi') {
        validBeforeMulti = valid;
        multi = [];
      } else if (top === 'exec' && multi !== null) {
        const queued = multi;
        multi = null;
        for (const [s, a] of queued) this.exec(c, s, a);
      } else if (multi !== null) {
        multi.push([spec, argv]);
      } else {
        this.exec(c, spec, argv);
      }
      valid = pos;
    }
    if (!truncated && multi === null) return len;
    const log = server.log;
    if (!truncated) {
      log.warning(`Revert incomplete MULTI/EXEC transaction in AOF file ${name}`);
      valid = validBeforeMulti;
    } else if (multi !== null) {
      valid = validBeforeMulti;
    }
    if (last && server.config.raw('aof-load-truncated') !== false) {
      log.warning(`!!! Warning: short read while loading the AOF file ${name}!!!`);
      log.warning(`!!! Truncating the AOF ${name} at offset ${valid} !!!`);
      log.warning(`AOF ${name} loaded anyway because aof-load-truncated is enabled`);
      return valid;
    }
    throw new AofLoadError(
      `Unexpected end of file reading the append only file ${name}. You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.`,
    );
  }

  private formatError(name: string): AofLoadError {
    return new AofLoadError(`Bad file format reading the append only file ${name}: make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>`);
  }

  /** A replayed command: the handler itself (no stats, no propagation), reply dropped. */
  private exec(c: Client, spec: CommandSpec, argv: string[]): void {
    const argc = argv.length;
    if ((spec.arity > 0 && argc !== spec.arity) || argc < -spec.arity || spec.handler === undefined) return;
    try {
      spec.handler(c, argv);
    } catch (e) {
      if (!(e instanceof ReplyError)) this.server.log.warning(`Error replaying '${spec.fullName}' from the AOF: ${(e as Error)?.message ?? String(e)}`);
    }
    c.reply.truncate(0);
    c.propagateArgv = null;
  }

  /** aofOpenIfNeededOnServerStart: a base when there is no AOF yet, then the INCR file. */
  private openOnStart(): void {
    fs.mkdirSync(this.dirPath(), { recursive: true });
    const m = this.manifest;
    if (m.base === null && m.incr.length === 0) {
      const name = this.newBaseName(m);
      const data = this.baseBytesSync();
      const p = this.filePath(name);
      fs.writeFileSync(p, data);
      fsyncPath(p);
      m.base = { name, seq: m.baseSeq, type: FileType.Base };
    }
    if (m.incr.length === 0) {
      m.incrSeq++;
      m.incr.push({ name: `${this.fileName()}.${m.incrSeq}.incr.aof`, seq: m.incrSeq, type: FileType.Incr });
    }
    const incr = m.incr[m.incr.length - 1]!;
    this.fd = fs.openSync(this.filePath(incr.name), 'a', 0o644);
    this.persistManifest(m);
    this.delHistoryFiles();
    this.manifestLoaded = true;
    this.selectedDb = -1;
    this.hookOn();
  }

  /** The next base's name; the old base (if any) becomes history (getNewBaseFileNameAndMarkPreAsHistory). */
  private newBaseName(m: Manifest): string {
    if (m.base !== null) {
      m.base.type = FileType.History;
      m.history.unshift(m.base);
      m.base = null;
    }
    m.baseSeq++;
    const ext = this.server.config.raw('aof-use-rdb-preamble') !== false ? 'rdb' : 'aof';
    return `${this.fileName()}.${m.baseSeq}.base.${ext}`;
  }

  private rdbOptions(): RdbSaveOptions {
    return rdbSaveOptions(this.server, [], true);
  }

  /** The forced "#TS:" line a commands base starts with under aof-timestamp-enabled. */
  private baseTimestamp(): string {
    // Redis writes it in the rewrite child: the INCR stream's own timestamp is not moved.
    return this.timestamps ? `#TS:${Math.floor(now() / 1000)}\r\n` : '';
  }

  /** The whole dataset as a base file, synchronously (startup only, the dataset is empty then). */
  private baseBytesSync(): Buffer {
    if (this.server.config.raw('aof-use-rdb-preamble') !== false) return encodeRdb(this.server.dbs, this.rdbOptions());
    return Buffer.from(rewriteCommands(this.server.dbs, libraryCodes(this.server), this.baseTimestamp()), 'latin1');
  }

  /** Write the manifest atomically: temp file, fsync, rename, fsync the directory. */
  private persistManifest(m: Manifest): void {
    const tmp = this.filePath(`temp-${this.manifestName()}`);
    fs.writeFileSync(tmp, m.toString(), 'latin1');
    fsyncPath(tmp);
    fs.renameSync(tmp, this.filePath(this.manifestName()));
    fsyncPath(this.dirPath());
    this.manifest = m;
  }

  // ------------------------------------------------------------------ writing

  private hookOn(): void {
    if (this.hooked) return;
    this.hooked = true;
    this.server.propagateHooks.push(this.hook);
  }

  private hookOff(): void {
    if (!this.hooked) return;
    this.hooked = false;
    const i = this.server.propagateHooks.indexOf(this.hook);
    if (i !== -1) this.server.propagateHooks.splice(i, 1);
  }

  /** feedAppendOnlyFile: SELECT when the db changes, then the command in RESP. */
  private feed(dbIndex: number, argv: string[]): void {
    if (this.loading || this.fd === -1) return;
    let s = '';
    if (this.timestamps) {
      // aof-timestamp-enabled: "#TS:<unix time>" when the second changed (annotations).
      const t = Math.floor(now() / 1000);
      if (t > this.lastTimestamp) {
        this.lastTimestamp = t;
        s = `#TS:${t}\r\n`;
      }
    }
    if (dbIndex !== this.selectedDb) {
      const d = String(dbIndex);
      s += `*2\r\n$6\r\nSELECT\r\n$${d.length}\r\n${d}\r\n`;
      this.selectedDb = dbIndex;
    }
    s += `*${argv.length}\r\n`;
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      s += `$${a.length}\r\n${a}\r\n`;
    }
    this.buf += s;
  }

  /**
   * flushAppendOnlyFile: write the buffer to the INCR file; with appendfsync always also
   * fdatasync, before the caller writes any reply.
   */
  flushBuffer(): void {
    if (this.buf.length === 0 || this.fd === -1) {
      this.buf = '';
      return;
    }
    const data = Buffer.from(this.buf, 'latin1');
    const text = this.buf;
    this.buf = '';
    let off = 0;
    try {
      while (off < data.length) off += fs.writeSync(this.fd, data, off, data.length - off);
      this.lastWriteOk = true;
    } catch (e) {
      this.lastWriteOk = false;
      this.server.log.warning(`Error writing to the AOF file: ${(e as Error).message}`);
      if (this.fsyncPolicy === 'always') {
        this.server.log.warning("Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...");
        process.exit(1);
      }
      // As Redis: cut a partial write off the file, keep the whole buffer and retry later
      // (the timer); if the file cannot be cut, keep only what was not written.
      let cut = false;
      if (off > 0) {
        try {
          const size = fs.fstatSync(this.fd).size;
          fs.ftruncateSync(this.fd, size - off);
          cut = true;
        } catch {
          // keep the written part
        }
      }
      this.buf = (off > 0 && !cut ? text.slice(off) : text) + this.buf;
      if (off > 0 && !cut) this.currentSize += off;
      return;
    }
    this.currentSize += data.length;
    const policy = this.fsyncPolicy;
    if (policy === 'always') {
      if (this.rewrite !== null && this.server.config.raw('no-appendfsync-on-rewrite') === true) {
        this.unsynced += data.length;
        return;
      }
      fs.fdatasyncSync(this.fd);
      this.unsynced = 0;
    } else {
      this.unsynced += data.length;
    }
  }

  /** Timer: everysec fsync in the thread pool, auto rewrite, scheduled rewrite. */
  private startTimer(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => this.tick(), 100);
    this.timer.unref();
  }

  private tick(): void {
    if (this.buf.length !== 0) this.flushBuffer();
    // Every 100 ms (Redis's serverCron at hz 10) for scheduled rewrites; fsync once a second.
    if (++this.ticks % 10 === 0 && this.fd !== -1 && this.unsynced > 0 && !this.fsyncInFlight && this.fsyncPolicy !== 'no') {
      this.fsyncInFlight = true;
      this.unsynced = 0;
      fs.fdatasync(this.fd, () => {
        this.fsyncInFlight = false;
      });
    }
    const bgsave = rdbState(this.server).bgsaveInProgress;
    if (this.rewrite === null && !bgsave && this.rewriteScheduled && !this.rewriteLimited()) {
      this.rewriteScheduled = false;
      this.startRewrite();
      return;
    }
    // auto-aof-rewrite-percentage / auto-aof-rewrite-min-size.
    const perc = this.server.config.num('auto-aof-rewrite-percentage');
    if (this.state === AofState.On && this.rewrite === null && !bgsave && perc > 0 && this.currentSize > this.server.config.num('auto-aof-rewrite-min-size')) {
      const base = this.baseSize > 0 ? this.baseSize : 1;
      const growth = Math.floor((this.currentSize * 100) / base) - 100;
      if (growth >= perc && !this.rewriteLimited()) {
        this.server.log.notice(`Starting automatic rewriting of AOF on ${growth}% growth`);
        this.startRewrite();
      }
    }
  }

  // ------------------------------------------------------------------ on / off

  /** CONFIG SET appendonly yes (startAppendOnly). */
  private startAppendOnly(): void {
    if (this.state !== AofState.Off) return;
    this.state = AofState.WaitRewrite;
    if (rdbState(this.server).bgsaveInProgress) {
      this.rewriteScheduled = true;
      this.server.log.warning('AOF was enabled but there is already another background operation. An AOF background was scheduled to start when possible.');
      return;
    }
    if (this.rewrite !== null) this.cancelRewrite();
    try {
      if (!this.startRewrite()) throw new Error('rewrite refused');
    } catch (e) {
      this.state = AofState.Off;
      this.server.log.warning(`Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. Check the above logs for more info about the error. (${(e as Error).message})`);
      throw new ConfigError('Unable to turn on AOF. Check server logs.');
    }
  }

  /** CONFIG SET appendonly no (stopAppendOnly). */
  private stopAppendOnly(): void {
    if (this.state === AofState.Off) return;
    this.flushBuffer();
    this.closeFd();
    this.state = AofState.Off;
    this.rewriteScheduled = false;
    if (this.rewrite !== null) this.cancelRewrite();
    this.hookOff();
  }

  private closeFd(): void {
    if (this.fd === -1) return;
    try {
      fs.fdatasyncSync(this.fd);
    } catch {
      // nothing more to do
    }
    fs.closeSync(this.fd);
    this.fd = -1;
    this.unsynced = 0;
  }

  /** Server close (SHUTDOWN): everything written and synced. */
  shutdown(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (this.rewrite !== null) this.cancelRewrite();
    this.flushBuffer();
    this.closeFd();
  }

  // ------------------------------------------------------------------ rewrite

  /**
   * BGREWRITEAOF: reply text, or a ReplyError. A BGSAVE in progress schedules it, as
   * Redis does while another child runs.
   */
  bgrewriteCommand(): string {
    if (this.rewrite !== null) throw new ReplyError('ERR Background append only file rewriting already in progress');
    // Inside MULTI/EXEC, or while a BGSAVE runs: started later (Redis: in_exec or a child).
    if (rdbState(this.server).bgsaveInProgress || this.server.execClient !== null) {
      this.rewriteScheduled = true;
      this.consecutiveFailures = 0;
      return 'Background append only file rewriting scheduled';
    }
    if (!this.startRewrite()) throw new ReplyError("ERR Can't execute an AOF background rewriting. Please check the server logs for more information.");
    return 'Background append only file rewriting started';
  }

  /** rewriteAppendOnlyFileBackground. */
  startRewrite(): boolean {
    if (this.rewrite !== null) return false;
    const server = this.server;
    try {
      fs.mkdirSync(this.dirPath(), { recursive: true });
      // Writes from now on go to a new INCR file (openNewIncrAofForAppend).
      let incrName = '';
      let temp = false;
      if (this.state === AofState.On) {
        this.flushBuffer();
        const m = this.manifest.clone();
        m.incrSeq++;
        incrName = `${this.fileName()}.${m.incrSeq}.incr.aof`;
        const fd = fs.openSync(this.filePath(incrName), 'a', 0o644);
        m.incr.push({ name: incrName, seq: m.incrSeq, type: FileType.Incr });
        try {
          this.persistManifest(m);
        } catch (e) {
          fs.closeSync(fd);
          throw e;
        }
        this.closeFd();
        this.fd = fd;
        this.selectedDb = -1;
      } else if (this.state === AofState.WaitRewrite) {
        incrName = `temp-${this.fileName()}.incr`;
        temp = true;
        this.fd = fs.openSync(this.filePath(incrName), 'w', 0o644);
        this.selectedDb = -1;
        this.hookOn();
      }
      const rw: Rewrite = { snap: null, start: Date.now(), incrName, temp, cancelled: false };
      this.rewrite = rw;
      server.log.notice('Background append only file rewriting started');
      rw.snap = server.config.raw('aof-use-rdb-preamble') !== false ? new BackgroundSnapshot(server.dbs, this.rdbOptions()) : new CommandsSnapshot(server.dbs, libraryCodes(server), this.baseTimestamp());
      setImmediate(() => this.rewriteStep(rw));
      return true;
    } catch (e) {
      server.log.warning(`Can't rewrite append only file in background: ${(e as Error).message}`);
      this.rewriteFailed();
      return false;
    }
  }

  private rewriteStep(rw: Rewrite): void {
    if (rw.cancelled) return;
    const snap = rw.snap!;
    let data: Buffer;
    try {
      if (!snap.step(SLICE_MS)) {
        setImmediate(() => this.rewriteStep(rw));
        return;
      }
      data = snap.finish();
    } catch (e) {
      snap.release();
      this.rewriteDone(rw, e as Error);
      return;
    }
    this.rewriteWrite(rw, data);
  }

  /** The new base goes to a temp file (asynchronously), then rewriteDone switches. */
  private rewriteWrite(rw: Rewrite, data: Buffer): void {
    if (rw.cancelled) return;
    const tmp = this.filePath(`temp-rewriteaof-bg-${process.pid}.aof`);
    fs.open(tmp, 'w', 0o644, (err, fd) => {
      if (err) return this.rewriteDone(rw, err);
      fs.write(fd, data, 0, data.length, null, (err2) => {
        if (err2) {
          fs.close(fd, () => this.rewriteDone(rw, err2));
          return;
        }
        fs.fdatasync(fd, (err3) => {
          fs.close(fd, () => this.rewriteDone(rw, err3, tmp, data.length));
        });
      });
    });
  }

  /** backgroundRewriteDoneHandler: rename the base in, switch the manifest, drop history. */
  private rewriteDone(rw: Rewrite, err: Error | null, tmp = '', baseBytes = 0): void {
    if (rw.cancelled || this.rewrite !== rw) {
      if (tmp !== '') fs.unlink(tmp, () => {});
      return;
    }
    const server = this.server;
    this.rewrite = null;
    if (err !== null) {
      if (tmp !== '') fs.unlink(tmp, () => {});
      server.log.warning(`Background AOF rewrite failed: ${err.message}`);
      this.rewriteFailed();
      return;
    }
    try {
      const m = this.manifest.clone();
      const baseName = this.newBaseName(m);
      fs.renameSync(tmp, this.filePath(baseName));
      m.base = { name: baseName, seq: m.baseSeq, type: FileType.Base };
      if (rw.temp) {
        // CONFIG SET appendonly yes: the temp INCR file becomes a real one.
        this.flushBuffer();
        m.incrSeq++;
        const incrName = `${this.fileName()}.${m.incrSeq}.incr.aof`;
        fs.renameSync(this.filePath(rw.incrName), this.filePath(incrName));
        for (const f of m.incr) {
          f.type = FileType.History;
          m.history.push(f);
        }
        m.incr = [{ name: incrName, seq: m.incrSeq, type: FileType.Incr }];
      } else {
        // markRewrittenIncrAofAsHistory: all but the INCR file open now (AOF on), or all.
        const keep = this.state === AofState.On ? m.incr.slice(-1) : [];
        for (const f of m.incr) {
          if (keep.includes(f)) continue;
          f.type = FileType.History;
          m.history.push(f);
        }
        m.incr = keep;
      }
      this.persistManifest(m);
      this.delHistoryFiles();
      if (this.state === AofState.WaitRewrite) {
        this.state = AofState.On;
        server.log.notice('Background AOF rewrite finished successfully');
      }
      let incrSize = 0;
      for (const f of m.incr) {
        try {
          incrSize += fs.statSync(this.filePath(f.name)).size;
        } catch {
          // missing: counts as empty
        }
      }
      this.currentSize = baseBytes + incrSize;
      this.baseSize = this.currentSize;
      this.lastRewriteOk = true;
      this.consecutiveFailures = 0;
      this.rewrites++;
      this.lastRewriteTimeSec = Math.floor((Date.now() - rw.start) / 1000);
      server.log.notice('Background AOF rewrite terminated with success');
      server.log.notice('Background AOF rewrite finished successfully');
    } catch (e) {
      server.log.warning(`Error trying to finish the AOF rewrite: ${(e as Error).message}`);
      this.rewriteFailed();
    }
  }

  /** aofDelHistoryFiles: unlink history files (unless aof-disable-auto-gc), persist the manifest. */
  private delHistoryFiles(): void {
    const m = this.manifest;
    if (m.history.length === 0 || this.server.config.raw('aof-disable-auto-gc') === true) return;
    const next = m.clone();
    for (const f of next.history) {
      this.server.log.notice(`Removing the history file ${f.name} in the background`);
      fs.rm(this.filePath(f.name), { force: true }, () => {});
    }
    next.history = [];
    this.persistManifest(next);
  }

  /**
   * aofRewriteLimited: after 3 failed rewrites in a row, automatic and scheduled ones wait
   * 1 minute, doubling up to 1 hour (each failure leaves an INCR file behind).
   */
  private rewriteLimited(): boolean {
    if (this.consecutiveFailures < 3) return false;
    const delayMin = Math.min(60, 2 ** Math.min(6, this.consecutiveFailures - 3));
    return Date.now() - this.lastFailure < delayMin * 60000;
  }

  private lastFailure = 0;

  private rewriteFailed(): void {
    this.rewrite = null;
    this.lastRewriteOk = false;
    this.lastFailure = Date.now();
    this.consecutiveFailures++;
    if (this.state === AofState.WaitRewrite) {
      // Retried by the timer, as Redis retries from its cron.
      this.rewriteScheduled = true;
    }
  }

  private cancelRewrite(): void {
    const rw = this.rewrite;
    if (rw === null) return;
    rw.cancelled = true;
    rw.snap?.release();
    this.rewrite = null;
    if (rw.temp) {
      this.closeFd();
      fs.rm(this.filePath(rw.incrName), { force: true }, () => {});
    }
    this.server.log.notice('Killing running AOF rewrite');
  }

  // ------------------------------------------------------------------ INFO

  /** INFO persistence's aof_* lines, in Redis's order (the tail only while enabled). */
  infoLines(): { main: string[]; enabled: string[] } {
    const rw = this.rewrite;
    const main = [
      `aof_enabled:${this.state !== AofState.Off ? 1 : 0}`,
      `aof_rewrite_in_progress:${rw !== null ? 1 : 0}`,
      `aof_rewrite_scheduled:${this.rewriteScheduled ? 1 : 0}`,
      `aof_last_rewrite_time_sec:${this.lastRewriteTimeSec}`,
      `aof_current_rewrite_time_sec:${rw !== null ? Math.floor((Date.now() - rw.start) / 1000) : -1}`,
      `aof_last_bgrewrite_status:${this.lastRewriteOk ? 'ok' : 'err'}`,
      `aof_rewrites:${this.rewrites}`,
      `aof_rewrites_consecutive_failures:${this.consecutiveFailures}`,
      `aof_last_write_status:${this.lastWriteOk ? 'ok' : 'err'}`,
      'aof_last_cow_size:0',
    ];
    const enabled =
      this.state === AofState.Off
        ? []
        : [
            `aof_current_size:${this.currentSize + this.buf.length}`,
            `aof_base_size:${this.baseSize}`,
            `aof_pending_rewrite:${this.rewriteScheduled ? 1 : 0}`,
            `aof_buffer_length:${this.buf.length}`,
            'aof_pending_bio_fsync:0',
            'aof_delayed_fsync:0',
          ];
    return { main, enabled };
  }
}

/** Source code of every FUNCTION library (saved with the base, loaded before the keys). */
function libraryCodes(server: Server): string[] {
  return [...scriptEngine(server).libraries.values()].map((l) => l.code);
}

/**
 * Where the RDB at the start of buf ends (after EOF and its 8-byte checksum): the first
 * EOF opcode candidate followed by the end of the file or a command, whose prefix decodes.
 * Returns buf.length when no candidate decodes (the whole file is then decoded as RDB).
 */
function rdbEnd(buf: Buffer, limits: ReturnType<typeof rdbLimits>): number {
  for (let p = buf.indexOf(0xff, 9); p !== -1 && p + 9 <= buf.length; p = buf.indexOf(0xff, p + 1)) {
    const end = p + 9;
    if (end !== buf.length && buf[end] !== 0x2a && buf[end] !== 0x23) continue;
    if (end === buf.length) return end;
    try {
      decodeRdb(buf.subarray(0, end), limits, 0, true);
      return end;
    } catch {
      // not the end yet
    }
  }
  return buf.length;
}

function fsyncPath(p: string): void {
  let fd = -1;
  try {
    fd = fs.openSync(p, 'r');
    fs.fsyncSync(fd);
  } catch {
    // directories cannot be fsynced on every platform
  } finally {
    if (fd !== -1) fs.closeSync(fd);
  }
}
