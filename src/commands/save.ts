// RDB persistence commands and the server glue around src/persistence/rdb/file.ts:
// SAVE, BGSAVE [SCHEDULE], the file load used at startup and by DEBUG RELOAD, and the
// persistence state INFO reports.
//
// The file is written as Redis does: to temp-<pid>.rdb in `dir`, then renamed over
// `dir`/`dbfilename`, so a crash never leaves a half-written dump.rdb.
//
// BGSAVE without fork: a point-in-time snapshot encoded in ~2 ms slices between client
// work, with copy-on-write hooks in the keyspace (persistence/rdb/snapshot.ts); the file
// is then written asynchronously. SAVE and DEBUG RELOAD encode synchronously, as Redis
// blocks for them too.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CommandDef } from './spec.js';
import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';
import { ReplyError, ERR_SYNTAX } from '../util/errors.js';
import { eqi } from '../util/strings.js';
import { encodeRdb, decodeRdb, type RdbSaveOptions } from '../persistence/rdb/file.js';
import { rdbLimits } from '../persistence/rdb/objects.js';
import { BackgroundSnapshot } from '../persistence/rdb/snapshot.js';
import { scriptEngine } from './scripting.js';
import { isLfuPolicy, lfuStampWithFreq, lfuInitStamp, lfuDecayed, LRU_CLOCK_MAX } from './object.js';
import { lruClock } from '../store/keyspace.js';

/** Persistence state of one server (INFO persistence). */
export interface RdbState {
  bgsaveInProgress: boolean;
  bgsaveScheduled: boolean;
  bgsaveStart: number;
  lastBgsaveOk: boolean;
  lastBgsaveTimeSec: number;
  saves: number;
  lastLoadKeysLoaded: number;
  lastLoadKeysExpired: number;
  /** The running background snapshot (INFO current_save_keys_*). */
  snapshot: BackgroundSnapshot | null;
}

const states = new WeakMap<Server, RdbState>();

export function rdbState(server: Server): RdbState {
  let s = states.get(server);
  if (s === undefined) {
    s = { bgsaveInProgress: false, bgsaveScheduled: false, bgsaveStart: 0, lastBgsaveOk: true, lastBgsaveTimeSec: -1, saves: 0, lastLoadKeysLoaded: 0, lastLoadKeysExpired: 0, snapshot: null };
    states.set(server, s);
  }
  return s;
}

/** INFO persistence lines that depend on RDB state. */
export function rdbInfoFields(server: Server): Record<string, string> {
  const s = rdbState(server);
  return {
    rdb_changes_since_last_save: String(server.dirty),
    rdb_bgsave_in_progress: s.bgsaveInProgress ? '1' : '0',
    rdb_last_save_time: String(server.lastSave),
    rdb_last_bgsave_status: s.lastBgsaveOk ? 'ok' : 'err',
    rdb_last_bgsave_time_sec: String(s.lastBgsaveTimeSec),
    rdb_current_bgsave_time_sec: s.bgsaveInProgress ? String(Math.floor((Date.now() - s.bgsaveStart) / 1000)) : '-1',
    rdb_saves: String(s.saves),
    rdb_last_load_keys_expired: String(s.lastLoadKeysExpired),
    rdb_last_load_keys_loaded: String(s.lastLoadKeysLoaded),
  };
}

/** `dir`/`dbfilename`. */
export function rdbFilePath(server: Server): string {
  const cfg = server.config;
  return path.join(cfg.str('dir') || process.cwd(), cfg.str('dbfilename'));
}

/**
 * Options of every RDB this server writes (dump.rdb, the AOF's RDB base, a replica's full
 * sync): Redis's aux fields in rdbSaveInfoAuxFields order (`extraAux` goes before
 * aof-base: the replication fields), function libraries, and LRU/LFU stamps.
 */
export function rdbSaveOptions(server: Server, extraAux: [string, string][] = [], aofBase = false): RdbSaveOptions {
  const cfg = server.config;
  return {
    compress: cfg.raw('rdbcompression') !== false,
    checksum: cfg.raw('rdbchecksum') !== false,
    listFill: cfg.num('list-max-listpack-size'),
    aux: [
      ['redis-ver', '7.0.15'],
      ['redis-bits', '64'],
      ['ctime', String(Math.floor(Date.now() / 1000))],
      ['used-mem', String(process.memoryUsage().heapUsed)],
      ...extraAux,
      ['aof-base', aofBase ? '1' : '0'],
    ],
    functions: [...scriptEngine(server).libraries.values()].map((l) => l.code),
    keyAccess: keyAccess(server),
  };
}

function keyAccess(server: Server): RdbSaveOptions['keyAccess'] {
  const policy = String(server.config.raw('maxmemory-policy'));
  // The stamp of a key past its TTL is not read (getAccessStamp would reclaim the key in
  // the middle of the walk): such keys count as fresh.
  const stampOf = (db: number, key: string): number => {
    const d = server.dbs[db]!;
    return d.storedState(key) === 1 ? d.getAccessStamp(key) : -1;
  };
  if (policy.endsWith('-lfu')) {
    const decay = server.config.num('lfu-decay-time');
    return {
      kind: 'lfu',
      get: (db, key) => {
        const stamp = stampOf(db, key);
        return stamp < 0 ? 5 : lfuDecayed(stamp, decay);
      },
    };
  }
  if (policy.endsWith('-lru')) {
    return {
      kind: 'lru',
      get: (db, key) => {
        const stamp = stampOf(db, key);
        const clock = lruClock();
        return stamp < 0 ? 0 : clock >= stamp ? clock - stamp : clock + (LRU_CLOCK_MAX - stamp);
      },
    };
  }
  return undefined;
}

function tempPath(server: Server, tag: string): string {
  return path.join(server.config.str('dir') || process.cwd(), `temp-${tag}-${process.pid}.rdb`);
}

function saveDone(server: Server, dirtyAtStart: number): void {
  server.dirty -= dirtyAtStart;
  if (server.dirty < 0) server.dirty = 0;
  server.lastSave = Math.floor(Date.now() / 1000);
  const s = rdbState(server);
  s.lastBgsaveOk = true;
  s.saves++;
}

/** Redis's rdbSave: the whole dataset to `dir`/`dbfilename`, synchronously. */
export function rdbSaveSync(server: Server): void {
  const data = encodeRdb(server.dbs, rdbSaveOptions(server));
  const tmp = tempPath(server, 'save');
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, rdbFilePath(server));
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // nothing to remove
    }
    server.log.warning(`Failed saving the DB: ${(e as Error).message}`);
    throw e;
  }
  server.log.notice('DB saved on disk');
  saveDone(server, server.dirty);
}

/** Milliseconds of snapshot work per event-loop turn during BGSAVE. */
const SLICE_MS = 2;

/**
 * Start a background save; false when one is already running. The snapshot is taken a
 * slice at a time between client work (persistence/rdb/snapshot.ts: copy-on-write hooks
 * keep it point-in-time), then the file is written asynchronously.
 */
export function rdbSaveBackground(server: Server): boolean {
  const s = rdbState(server);
  // One background snapshot at a time: an AOF rewrite uses the same keyspace hooks.
  if (s.bgsaveInProgress || server.aof.rewriteInProgress) return false;
  const dirtyAtStart = server.dirty;
  const snap = new BackgroundSnapshot(server.dbs, rdbSaveOptions(server));
  s.bgsaveInProgress = true;
  s.bgsaveStart = Date.now();
  s.snapshot = snap;
  server.log.notice('Background saving started');
  const tmp = tempPath(server, 'bg');
  const dst = rdbFilePath(server);
  const finish = (e: Error | null): void => {
    s.bgsaveInProgress = false;
    s.snapshot = null;
    s.lastBgsaveTimeSec = Math.floor((Date.now() - s.bgsaveStart) / 1000);
    if (e !== null) {
      s.lastBgsaveOk = false;
      server.log.warning(`Background saving error: ${e.message}`);
      fs.unlink(tmp, () => {});
    } else {
      saveDone(server, dirtyAtStart);
      server.log.notice('Background saving terminated with success');
    }
    if (s.bgsaveScheduled) {
      s.bgsaveScheduled = false;
      rdbSaveBackground(server);
    }
  };
  const work = (): void => {
    let data: Buffer;
    try {
      if (!snap.step(SLICE_MS)) {
        setImmediate(work);
        return;
      }
      data = snap.finish();
    } catch (e) {
      snap.release();
      finish(e as Error);
      return;
    }
    fs.writeFile(tmp, data, (err) => {
      if (err) finish(err);
      else fs.rename(tmp, dst, (e) => finish(e));
    });
  };
  setImmediate(work);
  return true;
}

/**
 * Whether save points are configured: then SHUTDOWN and SIGTERM save first, as Redis.
 * The points themselves do not start BGSAVEs yet: a fork-less BGSAVE of millions of keys
 * still pauses the loop (GC, ~90 ms at 1M keys measured), which would break the engine's
 * pause bar in exactly the long-running workloads where a save point fires.
 */
export function hasSavePoints(server: Server): boolean {
  return String(server.config.raw('save') ?? '').trim() !== '';
}

/**
 * Load `dir`/`dbfilename` into the server's dbs (rdbLoad). With `flush`, the dbs are
 * emptied first. Returns false (and changes nothing) when the file is missing; throws
 * with Redis's reason when it cannot be loaded.
 */
export function rdbLoadFile(server: Server, flush: boolean): boolean {
  const file = rdbFilePath(server);
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
  const started = Date.now();
  const loaded = decodeRdb(buf, rdbLimits(server.config), Date.now(), server.config.raw('rdbchecksum') !== false);
  for (const idx of loaded.dbs.keys()) {
    if (idx >= server.dbs.length) throw new Error(`FATAL: Data file was created with a Redis server configured to handle more than ${server.dbs.length} databases.`);
  }
  // Libraries first, as Redis loads them: a library that fails to load fails the load.
  const engine = loaded.functions.length > 0 ? scriptEngine(server) : null;
  for (const code of loaded.functions) engine!.loadLibrary(code, true);
  if (flush) for (const db of server.dbs) db.clear();
  const lfu = isLfuPolicy(server);
  for (const [idx, keys] of loaded.dbs) {
    const db = server.dbs[idx]!;
    for (const k of keys) {
      db.set(k.key, k.value, false, k.expireAt);
      if (lfu && k.freq >= 0) db.setAccessStamp(k.key, lfuStampWithFreq(k.freq));
      else if (lfu) db.setAccessStamp(k.key, lfuInitStamp());
      else if (k.idle >= 0) {
        let abs = lruClock() - k.idle;
        if (abs < 0) abs += LRU_CLOCK_MAX;
        db.setAccessStamp(k.key, abs & LRU_CLOCK_MAX);
      }
    }
  }
  const s = rdbState(server);
  s.lastLoadKeysLoaded = loaded.keysLoaded;
  s.lastLoadKeysExpired = loaded.keysExpired;
  server.log.notice(`Done loading RDB, keys loaded: ${loaded.keysLoaded}, keys expired: ${loaded.keysExpired}.`);
  server.log.notice(`DB loaded from disk: ${((Date.now() - started) / 1000).toFixed(3)} seconds`);
  return true;
}

/** DEBUG RELOAD [NOSAVE] [NOFLUSH] [MERGE]: save, empty the dbs, load the file back. */
export function debugReload(c: Client, flush: boolean, save: boolean): void {
  const server = c.server;
  if (save) {
    try {
      rdbSaveSync(server);
    } catch {
      throw new ReplyError('ERR');
    }
  }
  let ok = false;
  try {
    if (!flush) ok = rdbLoadFile(server, false);
    else {
      ok = fs.existsSync(rdbFilePath(server));
      if (!ok) for (const db of server.dbs) db.clear();
      else ok = rdbLoadFile(server, true);
    }
  } catch (e) {
    server.log.warning(`Error loading the RDB: ${(e as Error).message}`);
    ok = false;
  }
  if (!ok) throw new ReplyError('ERR Error trying to load the RDB dump');
  server.log.warning('DB reloaded by DEBUG RELOAD');
  c.reply.ok();
}

function saveCommand(c: Client): void {
  if (rdbState(c.server).bgsaveInProgress) throw new ReplyError('ERR Background save already in progress');
  try {
    rdbSaveSync(c.server);
  } catch {
    throw new ReplyError('ERR');
  }
  c.reply.ok();
}

function bgsaveCommand(c: Client, argv: string[]): void {
  let schedule = false;
  if (argv.length > 1) {
    if (argv.length === 2 && eqi(argv[1]!, 'schedule')) schedule = true;
    else throw new ReplyError(ERR_SYNTAX);
  }
  const server = c.server;
  const s = rdbState(server);
  if (s.bgsaveInProgress) {
    if (schedule) {
      s.bgsaveScheduled = true;
      c.reply.simple('Background saving scheduled');
      return;
    }
    throw new ReplyError('ERR Background save already in progress');
  }
  if (server.aof.rewriteInProgress) {
    if (!schedule) {
      throw new ReplyError("ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
    }
    if (!s.bgsaveScheduled) {
      s.bgsaveScheduled = true;
      // As serverCron: start it once the rewrite is over.
      const poll = setInterval(() => {
        if (server.aof.rewriteInProgress || s.bgsaveInProgress) return;
        clearInterval(poll);
        if (!s.bgsaveScheduled) return;
        s.bgsaveScheduled = false;
        rdbSaveBackground(server);
      }, 100);
      poll.unref();
    }
    c.reply.simple('Background saving scheduled');
    return;
  }
  rdbSaveBackground(server);
  c.reply.simple('Background saving started');
}

const S = { group: 'server' } as const;

export const saveCommands: CommandDef[] = [
  { name: 'save', arity: 1, flags: 'admin noscript no_async_loading no_multi', ...S, since: '1.0.0', summary: 'Writes the dataset to the RDB file, synchronously.', complexity: 'O(N) where N is the total number of keys in all databases', handler: saveCommand },
  { name: 'bgsave', arity: -1, flags: 'admin noscript no_async_loading', ...S, since: '1.0.0', summary: 'Writes the dataset to the RDB file in the background.', complexity: 'O(1)', handler: bgsaveCommand },
];
