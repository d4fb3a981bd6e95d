// The "stream" command group: XADD, XLEN, XRANGE/XREVRANGE, XDEL, XTRIM, XSETID, XREAD,
// the consumer-group commands (XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM)
// and XINFO.
//
// Behaviour (order of argument checks, error texts, reply shapes in RESP2 and RESP3, what
// is propagated) follows Redis 7.0's t_stream.c; replies are compared byte for byte
// against redis-server in test/integration/streams.test.ts. The data operations live in
// types/stream.ts.
//
// Propagation: XADD/XTRIM with generated IDs or approximate trimming propagate the
// deterministic form (the generated ID, "=" and the resulting length or first ID);
// XREADGROUP, XCLAIM and XAUTOCLAIM propagate what they changed, never themselves, as
// Redis 7.0.15 writes it to its AOF: one XCLAIM ... FORCE JUSTID LASTID per delivered or
// claimed entry, and (XREADGROUP NOACK only) XGROUP CREATECONSUMER and XGROUP SETID ...
// ENTRIESREAD; XCLAIM's LASTID alone propagates as XGROUP SETID.
//
// Blocking reads park on the shared machinery of server/blocking.ts (see the section).

import type { CommandDef } from './spec.js';
import type { Client } from '../server/client.js';
import { ReplyError, ERR_NOT_INTEGER, ERR_SYNTAX, WRONGTYPE, ERR_NO_SUCH_KEY } from '../util/errors.js';
import { string2ll } from '../util/numbers.js';
import { eqi } from '../util/strings.js';
import { now } from '../util/clock.js';
import { keyWritten } from './util.js';
import { replyHelp } from './server.js';
import { ObjType } from '../types/value.js';
import {
  Stream, ConsumerGroup, Consumer, Nack, ID_MIN, ID_MAX, ENTRIES_READ_INVALID,
  TRIM_NONE, TRIM_MAXLEN, TRIM_MINID, counterAdd, type Counter, formatId, parseId, parsedSeqGiven, makeId, idIncr, idDecr,
  idMsNumber, idSeqIsMax, idWithNextSeq,
} from '../types/stream.js';

const ERR_INVALID_ID = 'ERR Invalid stream ID specified as stream command argument';

// ---------------------------------------------------------------------------------------
// Lookup and argument helpers
// ---------------------------------------------------------------------------------------

function asStream(v: unknown): Stream {
  if (typeof v === 'string' || (v as { type: number }).type !== ObjType.Stream) throw new ReplyError(WRONGTYPE);
  return v as Stream;
}

function readStream(c: Client, key: string): Stream | undefined {
  const v = c.db.get(key);
  return v === undefined ? undefined : asStream(v);
}

function writeStream(c: Client, key: string): Stream | undefined {
  const v = c.db.getForWrite(key);
  return v === undefined ? undefined : asStream(v);
}

/** getLongLongFromObjectOrReply, exact (a bigint beyond 2^53). */
function getLLExact(s: string): number | bigint {
  const v = string2ll(s);
  if (v === null) throw new ReplyError(ERR_NOT_INTEGER);
  return v;
}

/** getLongLongFromObjectOrReply: the value as a number (int64 beyond 2^53 approximated). */
function getLL(s: string, msg?: string): number {
  const v = string2ll(s);
  if (v === null) throw new ReplyError(msg === undefined ? ERR_NOT_INTEGER : 'ERR ' + msg);
  return typeof v === 'number' ? v : Number(v);
}

/** streamParseStrictIDOrReply. */
function strictId(arg: string): string {
  const id = parseId(arg, false, true, false);
  if (id === null) throw new ReplyError(ERR_INVALID_ID);
  return id;
}

/** streamParseIDOrReply ("-" and "+" allowed). */
function looseId(arg: string, maxSeq: boolean): string {
  const id = parseId(arg, maxSeq, false, false);
  if (id === null) throw new ReplyError(ERR_INVALID_ID);
  return id;
}

/** Range start: "(" excludes (strict ID after it), else "-", "+", incomplete IDs. */
function rangeStart(arg: string): string {
  if (arg.length > 1 && arg.charCodeAt(0) === 40) {
    const id = parseId(arg.slice(1), false, true, false);
    if (id === null) throw new ReplyError(ERR_INVALID_ID);
    const next = idIncr(id);
    if (next === null) throw new ReplyError('ERR invalid start ID for the interval');
    return next;
  }
  return looseId(arg, false);
}

function rangeEnd(arg: string): string {
  if (arg.length > 1 && arg.charCodeAt(0) === 40) {
    const id = parseId(arg.slice(1), true, true, false);
    if (id === null) throw new ReplyError(ERR_INVALID_ID);
    const prev = idDecr(id);
    if (prev === null) throw new ReplyError('ERR invalid end ID for the interval');
    return prev;
  }
  return looseId(arg, true);
}

function replyId(c: Client, id: string): void {
  c.reply.bulk(formatId(id));
}

function replyEntry(c: Client, id: string, fv: string[]): void {
  const w = c.reply;
  w.arrayLen(2);
  w.bulk(formatId(id));
  w.arrayLen(fv.length);
  for (let i = 0; i < fv.length; i++) w.bulk(fv[i]!);
}

function replyEntries(c: Client, ids: string[], data: string[][]): void {
  c.reply.arrayLen(ids.length);
  for (let i = 0; i < ids.length; i++) replyEntry(c, ids[i]!, data[i]!);
}

function nodeMaxBytes(c: Client): number {
  return c.server.config.num('stream-node-max-bytes');
}

function nodeMaxEntries(c: Client): number {
  return c.server.config.num('stream-node-max-entries');
}

function noGroupError(key: string, group: string): ReplyError {
  return new ReplyError(`NOGROUP No such key '${cstr(key)}' or consumer group '${cstr(group)}'`);
}

/** Redis formats these names with %s: the text up to the first NUL. */
function cstr(s: string): string {
  const z = s.indexOf('\0');
  return z === -1 ? s : s.slice(0, z);
}

function cmdArity(name: string): ReplyError {
  return new ReplyError(`ERR wrong number of arguments for '${name}' command`);
}

// ---------------------------------------------------------------------------------------
// XADD / XTRIM
// ---------------------------------------------------------------------------------------

interface AddTrimArgs {
  /** argv index of the ID (XADD) or argc. */
  idPos: number;
  strategy: number;
  maxlen: number;
  minid: string;
  approx: boolean;
  limit: number;
  /** argv index of the MAXLEN/MINID value. */
  trimArgIdx: number;
  nomkstream: boolean;
  id: string;
  idGiven: boolean;
  seqGiven: boolean;
}

/**
 * streamParseAddOrTrimArgsOrReply. Redis skips the LIMIT checks (and limits nothing) for
 * commands it must obey (its master, AOF loading), which replay "= N LIMIT x" forms: the
 * master's client here; an AOF loader will need the same exemption.
 */
function parseAddTrim(c: Client, argv: string[], xadd: boolean): AddTrimArgs {
  const a: AddTrimArgs = {
    idPos: argv.length, strategy: TRIM_NONE, maxlen: -1, minid: ID_MIN, approx: false, limit: 0,
    trimArgIdx: 0, nomkstream: false, id: ID_MIN, idGiven: false, seqGiven: true,
  };
  const argc = argv.length;
  let limitGiven = false;
  let i = 2;
  for (; i < argc; i++) {
    const moreargs = argc - 1 - i;
    const opt = argv[i]!;
    if (xadd && opt === '*') {
      break;
    } else if ((eqi(opt, 'maxlen') || eqi(opt, 'minid')) && moreargs > 0) {
      if (a.strategy !== TRIM_NONE) throw new ReplyError('ERR syntax error, MAXLEN and MINID options at the same time are not compatible');
      a.approx = false;
      const next = argv[i + 1]!;
      if (moreargs >= 2 && next === '~') {
        a.approx = true;
        i++;
      } else if (moreargs >= 2 && next === '=') {
        i++;
      }
      if (eqi(opt, 'maxlen')) {
        a.maxlen = getLL(argv[i + 1]!);
        if (a.maxlen < 0) throw new ReplyError('ERR The MAXLEN argument must be >= 0.');
        a.strategy = TRIM_MAXLEN;
      } else {
        a.minid = strictId(argv[i + 1]!);
        a.strategy = TRIM_MINID;
      }
      i++;
      a.trimArgIdx = i;
    } else if (eqi(opt, 'limit') && moreargs > 0) {
      a.limit = getLL(argv[i + 1]!);
      if (a.limit < 0) throw new ReplyError('ERR The LIMIT argument must be >= 0.');
      limitGiven = true;
      i++;
    } else if (xadd && eqi(opt, 'nomkstream')) {
      a.nomkstream = true;
    } else if (xadd) {
      const id = parseId(opt, false, true, true);
      if (id === null) throw new ReplyError(ERR_INVALID_ID);
      a.id = id;
      a.seqGiven = parsedSeqGiven;
      a.idGiven = true;
      break;
    } else {
      throw new ReplyError(ERR_SYNTAX);
    }
  }
  a.idPos = i;
  if (a.limit !== 0 && a.strategy === TRIM_NONE) {
    throw new ReplyError('ERR syntax error, LIMIT cannot be used without specifying a trimming strategy');
  }
  if (!xadd && a.strategy === TRIM_NONE) throw new ReplyError('ERR syntax error, XTRIM must be called with a trimming strategy');
  if (c === c.server.masterClient) {
    // Replicated commands carry the exact outcome ("= N", maybe with LIMIT): obey them.
    a.limit = 0;
  } else if (limitGiven) {
    if (!a.approx) throw new ReplyError('ERR syntax error, LIMIT cannot be used without the special ~ option');
  } else if (a.approx) {
    a.limit = 100 * nodeMaxEntries(c);
    if (a.limit <= 0 || a.limit > 1000000) a.limit = 10000;
  } else {
    a.limit = 0;
  }
  return a;
}

/** After approximate trimming, propagate the exact outcome ("=" and the resulting bound). */
function rewriteTrim(out: string[], s: Stream, a: AddTrimArgs): void {
  out[a.trimArgIdx - 1] = '=';
  if (a.strategy === TRIM_MAXLEN) {
    out[a.trimArgIdx] = String(s.length);
  } else {
    const first = s.nodes.length > 0 ? s.nodes[0]!.ids[0]! : ID_MAX;
    out[a.trimArgIdx] = formatId(first);
  }
}

function xaddCommand(c: Client, argv: string[]): void {
  const a = parseAddTrim(c, argv, true);
  const fieldPos = a.idPos + 1;
  const nfv = argv.length - fieldPos;
  if (nfv < 2 || (nfv & 1) === 1) throw cmdArity('xadd');
  if (a.idGiven && a.seqGiven && a.id === ID_MIN) throw new ReplyError('ERR The ID specified in XADD must be greater than 0-0');
  const key = argv[1]!;
  const db = c.db;
  let s = writeStream(c, key);
  const created = s === undefined;
  if (s === undefined) {
    if (a.nomkstream) {
      c.reply.nullBulk();
      return;
    }
    s = new Stream();
  }
  const last = s.lastId;
  if (last === ID_MAX) throw new ReplyError('ERR The stream has exhausted the last possible ID, unable to add more items');
  let id: string;
  if (a.idGiven) {
    if (a.seqGiven) {
      id = a.id;
    } else if (a.id.slice(0, 8) === last.slice(0, 8)) {
      // Redis 7.0 fails here without setting errno to EDOM, hence its generic message.
      if (idSeqIsMax(last)) throw new ReplyError('ERR Elements are too large to be stored');
      id = idWithNextSeq(last);
    } else {
      id = a.id;
    }
  } else {
    const ms = now();
    id = ms > idMsNumber(last) ? makeId(ms, 0) : idIncr(last)!;
  }
  if (id <= last) throw new ReplyError('ERR The ID specified in XADD is equal or smaller than the target stream top item');
  const fv = argv.slice(fieldPos);
  s.append(id, fv, nodeMaxBytes(c), nodeMaxEntries(c));
  if (created) db.set(key, s);
  const idText = formatId(id);
  c.reply.bulk(idText);
  keyWritten(c, db, key, 't', 'xadd');
  let out: string[] | null = null;
  // The deterministic argv is only built when something consumes propagation (AOF, replicas).
  const propagating = c.server.propagateHooks.length > 0;
  if (a.strategy !== TRIM_NONE) {
    if (s.trim(a.strategy, a.maxlen, a.minid, a.approx, a.limit) > 0) {
      c.server.notifyKeyspaceEvent('t', 'xtrim', key, db.id);
    }
    if (a.approx && propagating) {
      out = argv.slice();
      rewriteTrim(out, s, a);
    }
  }
  if (propagating && (!a.idGiven || !a.seqGiven)) {
    if (out === null) out = argv.slice();
    out[a.idPos] = idText;
  }
  if (out !== null) c.propagateArgv = [out];
}

function xtrimCommand(c: Client, argv: string[]): void {
  const a = parseAddTrim(c, argv, false);
  const key = argv[1]!;
  const s = writeStream(c, key);
  if (s === undefined) {
    c.reply.int(0);
    return;
  }
  const deleted = s.trim(a.strategy, a.maxlen, a.minid, a.approx, a.limit);
  if (deleted > 0) {
    if (a.approx) {
      const out = argv.slice();
      rewriteTrim(out, s, a);
      c.propagateArgv = [out];
    }
    keyWritten(c, c.db, key, 't', 'xtrim', deleted);
  }
  c.reply.int(deleted);
}

// ---------------------------------------------------------------------------------------
// XLEN, XRANGE, XREVRANGE, XDEL, XSETID
// ---------------------------------------------------------------------------------------

function xlenCommand(c: Client, argv: string[]): void {
  const s = readStream(c, argv[1]!);
  c.reply.int(s === undefined ? 0 : s.length);
}

function xrangeGeneric(c: Client, argv: string[], rev: boolean): void {
  const start = rangeStart(rev ? argv[3]! : argv[2]!);
  const end = rangeEnd(rev ? argv[2]! : argv[3]!);
  let count = -1;
  for (let j = 4; j < argv.length; j++) {
    if (eqi(argv[j]!, 'count') && argv.length - j - 1 >= 1) {
      count = getLL(argv[j + 1]!);
      if (count < 0) count = 0;
      j++;
    } else {
      throw new ReplyError(ERR_SYNTAX);
    }
  }
  const s = readStream(c, argv[1]!);
  if (s === undefined) {
    c.reply.arrayLen(0);
    return;
  }
  if (count === 0) {
    c.reply.nullArray();
    return;
  }
  const ids: string[] = [];
  const data: string[][] = [];
  s.range(start, end, count === -1 ? 0 : count, rev, ids, data);
  replyEntries(c, ids, data);
}

function xdelCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const s = writeStream(c, key);
  if (s === undefined) {
    c.reply.int(0);
    return;
  }
  const ids: string[] = [];
  for (let j = 2; j < argv.length; j++) ids.push(strictId(argv[j]!));
  let deleted = 0;
  for (const id of ids) {
    if (s.deleteEntry(id)) {
      if (id > s.maxDeletedId) s.maxDeletedId = id;
      deleted++;
    }
  }
  if (deleted > 0) keyWritten(c, c.db, key, 't', 'xdel', deleted);
  c.reply.int(deleted);
}

function xsetidCommand(c: Client, argv: string[]): void {
  const id = strictId(argv[2]!);
  let entriesAdded: Counter = -1;
  let maxDel = ID_MIN;
  let i = 3;
  while (i < argv.length) {
    const moreargs = argv.length - 1 - i;
    const opt = argv[i]!;
    if (eqi(opt, 'entriesadded') && moreargs > 0) {
      entriesAdded = getLLExact(argv[i + 1]!);
      if (entriesAdded < 0) throw new ReplyError('ERR entries_added must be positive');
      i += 2;
    } else if (eqi(opt, 'maxdeletedid') && moreargs > 0) {
      maxDel = strictId(argv[i + 1]!);
      if (id < maxDel) throw new ReplyError('ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id');
      i += 2;
    } else {
      throw new ReplyError(ERR_SYNTAX);
    }
  }
  const key = argv[1]!;
  const s = writeStream(c, key);
  if (s === undefined) throw new ReplyError(ERR_NO_SUCH_KEY);
  if (s.length > 0) {
    if (id < s.lastValidId()) throw new ReplyError('ERR The ID specified in XSETID is smaller than the target stream top item');
    if (entriesAdded !== -1 && s.length > entriesAdded) {
      throw new ReplyError('ERR The entries_added specified in XSETID is smaller than the target stream length');
    }
  }
  s.lastId = id;
  if (entriesAdded !== -1) s.entriesAdded = entriesAdded;
  if (maxDel !== ID_MIN) s.maxDeletedId = maxDel;
  c.reply.ok();
  // Redis 7.0 does not signal the key here (WATCH is not touched by XSETID).
  c.server.dirty++;
  c.server.notifyKeyspaceEvent('t', 'xsetid', key, c.db.id);
}

// ---------------------------------------------------------------------------------------
// Consumer groups
// ---------------------------------------------------------------------------------------

function createConsumer(c: Client, g: ConsumerGroup, name: string, key: string): Consumer {
  const consumer = new Consumer(name, now());
  g.consumers.set(name, consumer);
  c.server.dirty++;
  c.server.notifyKeyspaceEvent('t', 'xgroup-createconsumer', key, c.db.id);
  return consumer;
}

/**
 * Find or create a consumer (streamLookupConsumer + streamCreateConsumer). XREADGROUP
 * passes `prop` when reading with NOACK: Redis 7.0 propagates the creation only then (the
 * XCLAIMs of a normal read create the consumer on replicas).
 */
function lookupOrCreateConsumer(c: Client, g: ConsumerGroup, name: string, key: string, prop: string[][] | null): Consumer {
  const found = g.consumers.get(name);
  if (found !== undefined) {
    found.seenTime = now();
    return found;
  }
  if (prop !== null) prop.push(['XGROUP', 'CREATECONSUMER', key, g.name, name]);
  return createConsumer(c, g, name, key);
}

/** The idempotent XCLAIM that replicates a PEL change (streamPropagateXCLAIM). */
function xclaimArgv(key: string, g: ConsumerGroup, idText: string, nack: Nack): string[] {
  return [
    'XCLAIM', key, g.name, nack.consumer === null ? '' : nack.consumer.name, '0', idText,
    'TIME', String(nack.deliveryTime), 'RETRYCOUNT', String(nack.deliveryCount), 'FORCE', 'JUSTID',
    'LASTID', formatId(g.lastId),
  ];
}

function setIdArgv(key: string, g: ConsumerGroup): string[] {
  return ['XGROUP', 'SETID', key, g.name, formatId(g.lastId), 'ENTRIESREAD', String(g.entriesRead)];
}

const XGROUP_HELP = [
  'XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CREATE <key> <groupname> <id|$> [option]',
  '    Create a new consumer group. Options are:',
  '    * MKSTREAM',
  '      Create the empty stream if it does not exist.',
  '    * ENTRIESREAD entries_read',
  "      Set the group's entries_read counter (internal use).",
  'CREATECONSUMER <key> <groupname> <consumer>',
  '    Create a new consumer in the specified group.',
  'DELCONSUMER <key> <groupname> <consumer>',
  '    Remove the specified consumer.',
  'DESTROY <key> <groupname>',
  '    Remove the specified group.',
  'SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]',
  '    Set the current group ID and entries_read counter.',
  'HELP',
  '    Prints this help.',
];

const XINFO_HELP = [
  'XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CONSUMERS <key> <groupname>',
  '    Show consumers of <groupname>.',
  'GROUPS <key>',
  '    Show the stream consumer groups.',
  'STREAM <key> [FULL [COUNT <count>]',
  '    Show information about the stream.',
  'HELP',
  '    Prints this help.',
];

function subcommandSyntax(argv: string[], container: string): ReplyError {
  return new ReplyError(`ERR unknown subcommand or wrong number of arguments for '${cstr(argv[1]!).slice(0, 128)}'. Try ${container} HELP.`);
}

/** The common head of XGROUP subcommands: the stream (maybe absent) and the group. */
function xgroupHead(c: Client, argv: string[], mkstream: boolean): { s: Stream | undefined; g: ConsumerGroup | undefined } {
  const opt = argv[1]!;
  const s = writeStream(c, argv[2]!);
  if (s === undefined && !(mkstream && eqi(opt, 'create'))) {
    throw new ReplyError('ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.');
  }
  const g = s === undefined ? undefined : s.getGroup(argv[3]!);
  if (g === undefined && (eqi(opt, 'setid') || eqi(opt, 'createconsumer') || eqi(opt, 'delconsumer'))) {
    throw new ReplyError(`NOGROUP No such consumer group '${cstr(argv[3]!)}' for key name '${cstr(argv[2]!)}'`);
  }
  return { s, g };
}

function xgroupCreateCommand(c: Client, argv: string[]): void {
  // Redis checks the argument count and the options before it looks at the key.
  if (argv.length > 8) throw subcommandSyntax(argv, 'XGROUP');
  let mkstream = false;
  let entriesRead: Counter = ENTRIES_READ_INVALID;
  for (let i = 5; i < argv.length;) {
    if (eqi(argv[i]!, 'mkstream')) {
      mkstream = true;
      i++;
    } else if (eqi(argv[i]!, 'entriesread') && i + 1 < argv.length) {
      entriesRead = getLLExact(argv[i + 1]!);
      if (entriesRead < 0 && entriesRead !== ENTRIES_READ_INVALID) throw new ReplyError('ERR value for ENTRIESREAD must be positive or -1');
      i += 2;
    } else {
      throw subcommandSyntax(argv, 'XGROUP');
    }
  }
  let { s } = xgroupHead(c, argv, mkstream);
  const key = argv[2]!;
  const name = argv[3]!;
  let id: string;
  if (argv[4] === '$') id = s === undefined ? ID_MIN : s.lastId;
  else id = strictId(argv[4]!);
  const db = c.db;
  if (s === undefined) {
    s = new Stream();
    db.set(key, s);
    c.server.signalModifiedKey(db, key);
  }
  if (s.groups === null) s.groups = new Map();
  if (s.groups.has(name)) throw new ReplyError('BUSYGROUP Consumer Group name already exists');
  s.groups.set(name, new ConsumerGroup(name, id, entriesRead));
  c.reply.ok();
  c.server.dirty++;
  c.server.notifyKeyspaceEvent('t', 'xgroup-create', key, db.id);
}

function xgroupSetidCommand(c: Client, argv: string[]): void {
  // As CREATE: argument count and ENTRIESREAD first, then the key and group, then the ID.
  if (argv.length !== 5 && argv.length !== 7) throw subcommandSyntax(argv, 'XGROUP');
  let entriesRead: Counter = ENTRIES_READ_INVALID;
  if (argv.length === 7) {
    if (!eqi(argv[5]!, 'entriesread')) throw subcommandSyntax(argv, 'XGROUP');
    entriesRead = getLLExact(argv[6]!);
    if (entriesRead < 0 && entriesRead !== ENTRIES_READ_INVALID) throw new ReplyError('ERR value for ENTRIESREAD must be positive or -1');
  }
  const { s, g } = xgroupHead(c, argv, false);
  let id: string;
  if (argv[4] === '$') id = s!.lastId;
  else id = looseId(argv[4]!, false);
  g!.lastId = id;
  g!.entriesRead = entriesRead;
  c.reply.ok();
  c.server.dirty++;
  c.server.notifyKeyspaceEvent('t', 'xgroup-setid', argv[2]!, c.db.id);
}

function xgroupDestroyCommand(c: Client, argv: string[]): void {
  const { s, g } = xgroupHead(c, argv, false);
  if (g === undefined) {
    c.reply.int(0);
    return;
  }
  s!.groups!.delete(g.name);
  c.reply.int(1);
  c.server.dirty++;
  c.server.notifyKeyspaceEvent('t', 'xgroup-destroy', argv[2]!, c.db.id);
  c.server.blocking.signal(c.db, argv[2]!);
}

function xgroupCreateConsumerCommand(c: Client, argv: string[]): void {
  const { g } = xgroupHead(c, argv, false);
  const name = argv[4]!;
  if (g!.consumers.has(name)) {
    c.reply.int(0);
    return;
  }
  createConsumer(c, g!, name, argv[2]!);
  c.reply.int(1);
}

function xgroupDelConsumerCommand(c: Client, argv: string[]): void {
  const { g } = xgroupHead(c, argv, false);
  const consumer = g!.consumers.get(argv[4]!);
  let pending = 0;
  if (consumer !== undefined) {
    pending = consumer.pel.size;
    g!.deleteConsumer(consumer);
    c.server.dirty++;
    c.server.notifyKeyspaceEvent('t', 'xgroup-delconsumer', argv[2]!, c.db.id);
  }
  c.reply.int(pending);
}

// ---------------------------------------------------------------------------------------
// XREAD / XREADGROUP
// ---------------------------------------------------------------------------------------

/** What XREAD/XREADGROUP parsed. */
interface ReadArgs {
  timeout: number;
  count: number;
  streamsArg: number;
  nstreams: number;
  noack: boolean;
  group: string | null;
  consumer: string | null;
}

function parseTimeoutMs(arg: string): number {
  const v = string2ll(arg);
  if (v === null) throw new ReplyError('ERR timeout is not an integer or out of range');
  if (v < 0) throw new ReplyError('ERR timeout is negative');
  return Number(v);
}

function parseRead(c: Client, argv: string[], xreadgroup: boolean): ReadArgs {
  const r: ReadArgs = { timeout: -1, count: 0, streamsArg: 0, nstreams: 0, noack: false, group: null, consumer: null };
  const argc = argv.length;
  for (let i = 1; i < argc; i++) {
    const moreargs = argc - i - 1;
    const o = argv[i]!;
    if (eqi(o, 'block') && moreargs > 0) {
      // A script's client (no socket, never blocks): refused outright, as Redis does for Lua.
      if (c.socket === null && c.denyBlocking) throw new ReplyError(`ERR ${argv[0]!} command is not allowed with BLOCK option from scripts`);
      i++;
      r.timeout = parseTimeoutMs(argv[i]!);
    } else if (eqi(o, 'count') && moreargs > 0) {
      i++;
      r.count = getLL(argv[i]!);
      if (r.count < 0) r.count = 0;
    } else if (eqi(o, 'streams') && moreargs > 0) {
      r.streamsArg = i + 1;
      const n = argc - r.streamsArg;
      if (n % 2 !== 0) {
        const symbol = xreadgroup ? '>' : '$';
        throw new ReplyError(`ERR Unbalanced '${xreadgroup ? 'xreadgroup' : 'xread'}' list of streams: for each stream key an ID or '${symbol}' must be specified.`);
      }
      r.nstreams = n / 2;
      break;
    } else if (eqi(o, 'group') && moreargs >= 2) {
      if (!xreadgroup) throw new ReplyError('ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.');
      r.group = argv[i + 1]!;
      r.consumer = argv[i + 2]!;
      i += 2;
    } else if (eqi(o, 'noack')) {
      if (!xreadgroup) throw new ReplyError('ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.');
      r.noack = true;
    } else {
      throw new ReplyError(ERR_SYNTAX);
    }
  }
  if (r.streamsArg === 0) throw new ReplyError(ERR_SYNTAX);
  if (xreadgroup && r.group === null) throw new ReplyError('ERR Missing GROUP option for XREADGROUP');
  return r;
}

/** The ">" ID of XREADGROUP. */
const NEW_ENTRIES = ID_MAX;

/**
 * Serve one stream to a group consumer with new entries after the group's last ID
 * (streamReplyWithRange with a group): PEL updates, group last ID and read counter, and
 * the XCLAIM / XGROUP SETID propagation. Replies with the entries array.
 */
function serveGroupNew(c: Client, key: string, s: Stream, g: ConsumerGroup, consumer: Consumer, count: number, noack: boolean, prop: string[][]): void {
  const start = idIncr(g.lastId);
  const ids: string[] = [];
  const data: string[][] = [];
  if (start !== null) s.range(start, ID_MAX, count, false, ids, data);
  const t = now();
  let propagateLastId = false;
  const claims: string[][] = [];
  const first = ids.length > 0 ? s.firstId() : ID_MIN; // the stream does not change below
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id > g.lastId) {
      if (g.entriesRead !== ENTRIES_READ_INVALID && !s.rangeHasTombstones(id, ID_MAX, first)) g.entriesRead = counterAdd(g.entriesRead, 1);
      else if (s.entriesAdded !== 0) g.entriesRead = s.estimateDistance(id);
      g.lastId = id;
      propagateLastId = true;
    }
    if (!noack) {
      let nack = g.pel.get(id);
      if (nack === undefined) {
        nack = new Nack(consumer, t, 1);
        g.pel.set(id, nack);
        consumer.pel.set(id, nack);
      } else {
        if (nack.consumer !== null) nack.consumer.pel.delete(id);
        nack.consumer = consumer;
        nack.deliveryTime = t;
        nack.deliveryCount = 1;
        consumer.pel.set(id, nack);
      }
      claims.push(xclaimArgv(key, g, formatId(id), nack));
    }
  }
  // Each XCLAIM carries the group's last ID as it was after that entry, as Redis builds
  // them; the group's new last ID is propagated separately only with NOACK (7.0), since
  // the XCLAIMs' LASTID moves it otherwise.
  for (const a of claims) prop.push(a);
  if (propagateLastId && noack) prop.push(setIdArgv(key, g));
  replyEntries(c, ids, data);
}

/** A consumer's own pending entries after `after` (XREADGROUP with an explicit ID). */
function serveGroupHistory(c: Client, s: Stream, consumer: Consumer, after: string, count: number): void {
  const start = idIncr(after);
  const w = c.reply;
  if (start === null) {
    w.arrayLen(0);
    return;
  }
  const pel = consumer.pel;
  const keys = pel.keys;
  const out: string[] = [];
  for (let i = pel.lowerBound(start); i < keys.length && (count === 0 || out.length < count); i++) {
    if (pel.has(keys[i]!)) out.push(keys[i]!);
  }
  w.arrayLen(out.length);
  const t = now();
  for (const id of out) {
    const fv = s.getEntry(id);
    if (fv === null) {
      w.arrayLen(2);
      w.bulk(formatId(id));
      w.nullArray();
    } else {
      replyEntry(c, id, fv);
      const nack = pel.get(id)!;
      nack.deliveryTime = t;
      nack.deliveryCount++;
    }
  }
}

function xreadGeneric(c: Client, argv: string[], xreadgroup: boolean): void {
  const r = parseRead(c, argv, xreadgroup);
  const n = r.nstreams;
  const ids: string[] = new Array(n);
  const groups: (ConsumerGroup | undefined)[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const key = argv[r.streamsArg + k]!;
    const idArg = argv[r.streamsArg + n + k]!;
    const v = c.db.get(key);
    const s = v === undefined ? undefined : asStream(v);
    if (r.group !== null) {
      const g = s === undefined ? undefined : s.getGroup(r.group);
      if (g === undefined) {
        throw new ReplyError(`NOGROUP No such key '${cstr(key)}' or consumer group '${cstr(r.group)}' in XREADGROUP with GROUP option`);
      }
      groups[k] = g;
    }
    if (idArg === '$') {
      if (xreadgroup) {
        throw new ReplyError('ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.');
      }
      ids[k] = s === undefined ? ID_MIN : s.lastId;
      continue;
    }
    if (idArg === '>') {
      if (!xreadgroup) throw new ReplyError('ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.');
      ids[k] = NEW_ENTRIES;
      continue;
    }
    ids[k] = strictId(idArg);
  }
  if (serveRead(c, argv, r, ids, groups)) return;
  if (r.timeout !== -1) {
    blockRead(c, argv, r, ids);
    return;
  }
  c.reply.nullArray();
}

/**
 * The synchronous part of XREAD/XREADGROUP: reply with every stream that has something
 * to serve. Returns false (nothing written) when none has.
 */
function serveRead(c: Client, argv: string[], r: ReadArgs, ids: string[], groups: (ConsumerGroup | undefined)[]): boolean {
  const n = r.nstreams;
  const w = c.reply;
  // Each stream is judged after the previous ones were served, as Redis's loop does (a key
  // named twice for one group is served once). The reply's length is only known at the
  // end: with several streams the served ones are written first and the header put before
  // them (Redis's deferred length); a single stream needs no copy.
  const mark = w.len;
  let served = 0;
  const prop: string[][] = [];
  for (let k = 0; k < n; k++) {
    const key = argv[r.streamsArg + k]!;
    // A second counted lookup per stream, as Redis's xreadCommand does (keyspace_hits).
    const v = c.db.get(key);
    if (v === undefined || typeof v === 'string' || v.type !== ObjType.Stream) continue;
    const s = v as Stream;
    const gt = ids[k]!;
    const g = groups[k];
    let history = false;
    if (r.group !== null) {
      if (g === undefined) continue;
      if (gt !== NEW_ENTRIES) history = true;
      else if (!(s.length > 0 && s.lastValidId() > g.lastId)) continue;
    } else if (!(s.length > 0 && s.lastValidId() > gt)) {
      continue;
    }
    if (served++ === 0 && n === 1) {
      if (c.resp === 2) w.arrayLen(1);
      else w.mapLen(1);
    }
    if (c.resp === 2) w.arrayLen(2);
    w.bulk(key);
    if (g !== undefined) {
      const consumer = lookupOrCreateConsumer(c, g, r.consumer!, key, r.noack ? prop : null);
      if (history) serveGroupHistory(c, s, consumer, gt, r.count);
      else serveGroupNew(c, key, s, g, consumer, r.count, r.noack, prop);
      c.server.dirty++;
    } else {
      const out: string[] = [];
      const data: string[][] = [];
      const start = idIncr(gt);
      if (start !== null) s.range(start, ID_MAX, r.count, false, out, data);
      replyEntries(c, out, data);
    }
  }
  if (served === 0) return false;
  if (n > 1) {
    const body = Buffer.from(w.buf.subarray(mark, w.len));
    w.truncate(mark);
    if (c.resp === 2) w.arrayLen(served);
    else w.mapLen(served);
    w.rawBytes(body);
  }
  if (r.group !== null) c.propagateArgv = prop;
  return true;
}

// ---------------------------------------------------------------------------------------
// Blocking XREAD / XREADGROUP
// ---------------------------------------------------------------------------------------
//
// A reader with nothing to read parks on its keys through server/blocking.ts. Writes signal
// their key; after the command, each waiter on a signalled key is served that one stream
// when it now has an entry past the waiter's ID ("$" was resolved at block time; for ">"
// the group's current last ID), in blocking order, as Redis's serveClientsBlockedOnKey.
// XREADGROUP waiters fail when the key stops being a stream (DEL, SET, FLUSHALL) or their
// group is destroyed (XGROUP DESTROY signals the key without writing it).

/** Default COUNT of a blocked read served later (XREAD_BLOCKED_DEFAULT_COUNT). */
const BLOCKED_DEFAULT_COUNT = 1000;

function blockRead(c: Client, argv: string[], r: ReadArgs, ids: string[]): void {
  if (r.count === 0) r.count = BLOCKED_DEFAULT_COUNT;
  const keys = argv.slice(r.streamsArg, r.streamsArg + r.nstreams);
  const deadline = r.timeout === 0 ? 0 : now() + r.timeout;
  c.server.blocking.blockOnKeys(c, keys, deadline, replyNullArray, (bc, key) => serveBlocked(bc, key, keys, r, ids), r.group !== null);
}

function replyNullArray(c: Client): void {
  c.reply.nullArray();
}

/** Serve a blocked reader from `key` (see the section comment); false = keep waiting. */
function serveBlocked(c: Client, key: string, keys: string[], r: ReadArgs, ids: string[]): boolean {
  const v = c.db.peek(key);
  if (v === undefined || typeof v === 'string' || v.type !== ObjType.Stream) {
    if (r.group === null) return false;
    c.error('UNBLOCKED the stream key no longer exists');
    return true;
  }
  const s = v as Stream;
  let gt = ids[keys.indexOf(key)]!;
  let g: ConsumerGroup | undefined;
  if (r.group !== null) {
    g = s.getGroup(r.group);
    if (g === undefined) {
      c.error('NOGROUP the consumer group this client was blocked on no longer exists');
      return true;
    }
    gt = g.lastId;
  }
  if (!(s.lastId > gt)) return false;
  const w = c.reply;
  if (c.resp === 2) {
    w.arrayLen(1);
    w.arrayLen(2);
  } else {
    w.mapLen(1);
  }
  w.bulk(key);
  if (g !== undefined) {
    const prop: string[][] = [];
    const consumer = lookupOrCreateConsumer(c, g, r.consumer!, key, r.noack ? prop : null);
    serveGroupNew(c, key, s, g, consumer, r.count, r.noack, prop);
    c.server.dirty++;
    for (const a of prop) c.server.blocking.propagate(c, a);
  } else {
    const out: string[] = [];
    const data: string[][] = [];
    const start = idIncr(gt);
    if (start !== null) s.range(start, ID_MAX, r.count, false, out, data);
    replyEntries(c, out, data);
  }
  return true;
}

// ---------------------------------------------------------------------------------------
// XACK, XPENDING, XCLAIM, XAUTOCLAIM
// ---------------------------------------------------------------------------------------

function xackCommand(c: Client, argv: string[]): void {
  const s = readStream(c, argv[1]!);
  const g = s === undefined ? undefined : s.getGroup(argv[2]!);
  if (g === undefined) {
    c.reply.int(0);
    return;
  }
  const ids: string[] = [];
  for (let j = 3; j < argv.length; j++) ids.push(strictId(argv[j]!));
  let acked = 0;
  for (const id of ids) {
    const nack = g.pel.get(id);
    if (nack === undefined) continue;
    g.pel.delete(id);
    if (nack.consumer !== null) nack.consumer.pel.delete(id);
    acked++;
    c.server.dirty++;
  }
  c.reply.int(acked);
}

function xpendingCommand(c: Client, argv: string[]): void {
  const argc = argv.length;
  const justinfo = argc === 3;
  const key = argv[1]!;
  const groupName = argv[2]!;
  let start = ID_MIN;
  let end = ID_MAX;
  let count = 0;
  let minidle = 0;
  let consumerName: string | null = null;
  if (argc !== 3 && (argc < 6 || argc > 9)) throw new ReplyError(ERR_SYNTAX);
  if (argc >= 6) {
    let startidx = 3;
    if (eqi(argv[3]!, 'idle')) {
      minidle = getLL(argv[4]!);
      if (argc < 8) throw new ReplyError(ERR_SYNTAX);
      startidx += 2;
    }
    count = getLL(argv[startidx + 2]!);
    if (count < 0) count = 0;
    start = rangeStart(argv[startidx]!);
    end = rangeEnd(argv[startidx + 1]!);
    if (startidx + 3 < argc) consumerName = argv[startidx + 3]!;
  }
  const s = readStream(c, key);
  const g = s === undefined ? undefined : s.getGroup(groupName);
  if (g === undefined) throw noGroupError(key, groupName);
  const w = c.reply;
  if (justinfo) {
    w.arrayLen(4);
    w.int(g.pel.size);
    if (g.pel.size === 0) {
      w.nullBulk();
      w.nullBulk();
      w.nullArray();
      return;
    }
    replyId(c, g.pel.first()!);
    replyId(c, g.pel.last()!);
    const cons = g.sortedConsumers().filter((x) => x.pel.size > 0);
    w.arrayLen(cons.length);
    for (const x of cons) {
      w.arrayLen(2);
      w.bulk(x.name);
      w.bulk(String(x.pel.size));
    }
    return;
  }
  let pel = g.pel;
  if (consumerName !== null) {
    const consumer = g.consumers.get(consumerName);
    if (consumer === undefined) {
      w.arrayLen(0);
      return;
    }
    pel = consumer.pel;
  }
  const t = now();
  const out: string[] = [];
  const keys = pel.keys;
  for (let i = pel.lowerBound(start); count > 0 && i < keys.length; i++) {
    const id = keys[i]!;
    if (id > end) break;
    const nack = pel.get(id);
    if (nack === undefined) continue;
    if (minidle !== 0 && t - nack.deliveryTime < minidle) continue;
    out.push(id);
    count--;
  }
  w.arrayLen(out.length);
  for (const id of out) {
    const nack = pel.get(id)!;
    w.arrayLen(4);
    replyId(c, id);
    w.bulk(nack.consumer === null ? '' : nack.consumer.name);
    const elapsed = t - nack.deliveryTime;
    w.int(elapsed < 0 ? 0 : elapsed);
    w.int(nack.deliveryCount);
  }
}

function xclaimCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const s = readStream(c, key);
  const g = s === undefined ? undefined : s.getGroup(argv[2]!);
  if (g === undefined) throw noGroupError(key, argv[2]!);
  let minidle = getLL(argv[4]!, 'Invalid min-idle-time argument for XCLAIM');
  if (minidle < 0) minidle = 0;
  const ids: string[] = [];
  let j = 5;
  for (; j < argv.length; j++) {
    const id = parseId(argv[j]!, false, true, false);
    if (id === null) break;
    ids.push(id);
  }
  const t = now();
  let deliveryTime = -1;
  let retryCount = -1;
  let force = false;
  let justid = false;
  let lastId = ID_MIN;
  for (; j < argv.length; j++) {
    const moreargs = argv.length - 1 - j;
    const opt = argv[j]!;
    if (eqi(opt, 'force')) force = true;
    else if (eqi(opt, 'justid')) justid = true;
    else if (eqi(opt, 'idle') && moreargs > 0) {
      j++;
      deliveryTime = t - getLL(argv[j]!, 'Invalid IDLE option argument for XCLAIM');
    } else if (eqi(opt, 'time') && moreargs > 0) {
      j++;
      deliveryTime = getLL(argv[j]!, 'Invalid TIME option argument for XCLAIM');
    } else if (eqi(opt, 'retrycount') && moreargs > 0) {
      j++;
      retryCount = getLL(argv[j]!, 'Invalid RETRYCOUNT option argument for XCLAIM');
    } else if (eqi(opt, 'lastid') && moreargs > 0) {
      j++;
      lastId = strictId(argv[j]!);
    } else {
      throw new ReplyError(`ERR Unrecognized XCLAIM option '${cstr(opt)}'`);
    }
  }
  let propagateLastId = false;
  if (lastId > g.lastId) {
    g.lastId = lastId;
    propagateLastId = true;
  }
  if (deliveryTime !== -1) {
    if (deliveryTime < 0 || deliveryTime > t) deliveryTime = t;
  } else {
    deliveryTime = t;
  }
  const prop: string[][] = [];
  const server = c.server;
  let consumer: Consumer | null = null;
  const w = c.reply;
  const outIds: string[] = [];
  const outData: (string[] | null)[] = [];
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k]!;
    let nack = g.pel.get(id);
    const fv = s!.getEntry(id);
    if (fv === null) {
      if (nack !== undefined) {
        prop.push(xclaimArgv(key, g, argv[5 + k]!, nack));
        propagateLastId = false;
        server.dirty++;
        g.pel.delete(id);
        if (nack.consumer !== null) nack.consumer.pel.delete(id);
      }
      continue;
    }
    if (force && nack === undefined) {
      nack = new Nack(null, t, 0);
      g.pel.set(id, nack);
    }
    if (nack === undefined) continue;
    if (nack.consumer !== null && minidle !== 0 && t - nack.deliveryTime < minidle) continue;
    if (consumer === null) consumer = lookupOrCreateConsumer(c, g, argv[3]!, key, null);
    if (nack.consumer !== consumer && nack.consumer !== null) nack.consumer.pel.delete(id);
    nack.deliveryTime = deliveryTime;
    if (retryCount >= 0) nack.deliveryCount = retryCount;
    else if (!justid) nack.deliveryCount++;
    if (nack.consumer !== consumer) {
      consumer.pel.set(id, nack);
      nack.consumer = consumer;
    }
    outIds.push(id);
    outData.push(justid ? null : fv);
    prop.push(xclaimArgv(key, g, argv[5 + k]!, nack));
    propagateLastId = false;
    server.dirty++;
  }
  if (propagateLastId) {
    prop.push(setIdArgv(key, g));
    server.dirty++;
  }
  w.arrayLen(outIds.length);
  for (let k = 0; k < outIds.length; k++) {
    const fv = outData[k];
    if (fv === null || fv === undefined) replyId(c, outIds[k]!);
    else replyEntry(c, outIds[k]!, fv);
  }
  c.propagateArgv = prop;
}

function xautoclaimCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  // Looked up first, type-checked after the arguments (as Redis).
  const v = c.db.get(key);
  let minidle = getLL(argv[4]!, 'Invalid min-idle-time argument for XAUTOCLAIM');
  if (minidle < 0) minidle = 0;
  const start = rangeStart(argv[5]!);
  let count = 100;
  let justid = false;
  for (let j = 6; j < argv.length; j++) {
    const moreargs = argv.length - 1 - j;
    const opt = argv[j]!;
    if (eqi(opt, 'count') && moreargs > 0) {
      const v = string2ll(argv[j + 1]!);
      const maxCount = 922337203685477580n; // LONG_MAX / 10
      if (v === null || v < 1 || BigInt(v) > maxCount) throw new ReplyError('ERR COUNT must be > 0');
      count = Number(v);
      j++;
    } else if (eqi(opt, 'justid')) {
      justid = true;
    } else {
      throw new ReplyError(ERR_SYNTAX);
    }
  }
  const s = v === undefined ? undefined : asStream(v);
  const g = s === undefined ? undefined : s.getGroup(argv[2]!);
  if (g === undefined) throw noGroupError(key, argv[2]!);
  let attempts = count * 10;
  const t = now();
  const server = c.server;
  const prop: string[][] = [];
  let consumer: Consumer | null = null;
  const outIds: string[] = [];
  const outData: (string[] | null)[] = [];
  const deletedIds: string[] = [];
  const pel = g.pel;
  const keys = pel.keys;
  let i = pel.lowerBound(start);
  // Skip tombstones so `i` always points at a live PEL entry (or the end).
  const nextLive = (from: number): number => {
    while (from < keys.length && !pel.has(keys[from]!)) from++;
    return from;
  };
  i = nextLive(i);
  while (attempts > 0 && count > 0 && i < keys.length) {
    attempts--;
    const id = keys[i]!;
    const nack = pel.get(id)!;
    const fv = s!.getEntry(id);
    if (fv === null) {
      prop.push(xclaimArgv(key, g, formatId(id), nack));
      server.dirty++;
      pel.delete(id);
      if (nack.consumer !== null) nack.consumer.pel.delete(id);
      deletedIds.push(id);
      count--;
      i = nextLive(i + 1);
      continue;
    }
    if (minidle !== 0 && t - nack.deliveryTime < minidle) {
      i = nextLive(i + 1);
      continue;
    }
    if (consumer === null) consumer = lookupOrCreateConsumer(c, g, argv[3]!, key, null);
    if (nack.consumer !== consumer && nack.consumer !== null) nack.consumer.pel.delete(id);
    nack.deliveryTime = t;
    if (!justid) nack.deliveryCount++;
    if (nack.consumer !== consumer) {
      consumer.pel.set(id, nack);
      nack.consumer = consumer;
    }
    outIds.push(id);
    outData.push(justid ? null : fv);
    count--;
    prop.push(xclaimArgv(key, g, formatId(id), nack));
    server.dirty++;
    i = nextLive(i + 1);
  }
  const cursor = i < keys.length ? keys[i]! : ID_MIN;
  const w = c.reply;
  w.arrayLen(3);
  replyId(c, cursor);
  w.arrayLen(outIds.length);
  for (let k = 0; k < outIds.length; k++) {
    const fv = outData[k];
    if (fv === null || fv === undefined) replyId(c, outIds[k]!);
    else replyEntry(c, outIds[k]!, fv);
  }
  w.arrayLen(deletedIds.length);
  for (const id of deletedIds) replyId(c, id);
  c.propagateArgv = prop;
}

// ---------------------------------------------------------------------------------------
// XINFO
// ---------------------------------------------------------------------------------------

function xinfoStreamOf(c: Client, argv: string[]): Stream {
  const v = c.db.get(argv[2]!);
  if (v === undefined) throw new ReplyError(ERR_NO_SUCH_KEY);
  return asStream(v);
}

function replyLag(c: Client, s: Stream, g: ConsumerGroup): void {
  const lag = s.groupLag(g);
  if (lag === null) c.reply.nullBulk();
  else c.reply.int(lag);
}

function replyEntriesRead(c: Client, g: ConsumerGroup): void {
  if (g.entriesRead !== ENTRIES_READ_INVALID) c.reply.int(g.entriesRead);
  else c.reply.nullBulk();
}

function xinfoStreamCommand(c: Client, argv: string[]): void {
  const s = xinfoStreamOf(c, argv);
  const extra = argv.length - 3;
  let full = false;
  let count = 10;
  if (extra > 0) {
    if (!eqi(argv[3]!, 'full')) throw subcommandSyntax(argv, 'XINFO');
    full = true;
    if (extra > 1) {
      if (extra !== 3 || !eqi(argv[4]!, 'count')) throw subcommandSyntax(argv, 'XINFO');
      count = getLL(argv[5]!);
      if (count < 0) count = 10;
    }
  }
  const w = c.reply;
  w.mapLen(full ? 9 : 10);
  w.bulk('length');
  w.int(s.length);
  w.bulk('radix-tree-keys');
  w.int(s.nodeCount);
  w.bulk('radix-tree-nodes');
  w.int(s.raxNodes());
  w.bulk('last-generated-id');
  replyId(c, s.lastId);
  w.bulk('max-deleted-entry-id');
  replyId(c, s.maxDeletedId);
  w.bulk('entries-added');
  w.int(s.entriesAdded);
  w.bulk('recorded-first-entry-id');
  replyId(c, s.firstId());
  if (!full) {
    w.bulk('groups');
    w.int(s.groups === null ? 0 : s.groups.size);
    for (const rev of [false, true]) {
      w.bulk(rev ? 'last-entry' : 'first-entry');
      const ids: string[] = [];
      const data: string[][] = [];
      if (s.range(ID_MIN, ID_MAX, 1, rev, ids, data) === 0) w.nullBulk();
      else replyEntry(c, ids[0]!, data[0]!);
    }
    return;
  }
  w.bulk('entries');
  const ids: string[] = [];
  const data: string[][] = [];
  s.range(ID_MIN, ID_MAX, count, false, ids, data);
  replyEntries(c, ids, data);
  w.bulk('groups');
  const groups = s.sortedGroups();
  w.arrayLen(groups.length);
  for (const g of groups) {
    w.mapLen(7);
    w.bulk('name');
    w.bulk(g.name);
    w.bulk('last-delivered-id');
    replyId(c, g.lastId);
    w.bulk('entries-read');
    replyEntriesRead(c, g);
    w.bulk('lag');
    replyLag(c, s, g);
    w.bulk('pel-count');
    w.int(g.pel.size);
    w.bulk('pending');
    const pids = liveKeys(g.pel.keys, g.pel.map, count);
    w.arrayLen(pids.length);
    for (const id of pids) {
      const nack = g.pel.get(id)!;
      w.arrayLen(4);
      replyId(c, id);
      w.bulk(nack.consumer === null ? '' : nack.consumer.name);
      w.int(nack.deliveryTime);
      w.int(nack.deliveryCount);
    }
    w.bulk('consumers');
    const cons = g.sortedConsumers();
    w.arrayLen(cons.length);
    for (const x of cons) {
      w.mapLen(4);
      w.bulk('name');
      w.bulk(x.name);
      w.bulk('seen-time');
      w.int(x.seenTime);
      w.bulk('pel-count');
      w.int(x.pel.size);
      w.bulk('pending');
      const cids = liveKeys(x.pel.keys, x.pel.map, count);
      w.arrayLen(cids.length);
      for (const id of cids) {
        const nack = x.pel.get(id)!;
        w.arrayLen(3);
        replyId(c, id);
        w.int(nack.deliveryTime);
        w.int(nack.deliveryCount);
      }
    }
  }
}

/** Up to `count` (0 = all) live keys of an IdIndex, in order. */
function liveKeys(keys: string[], map: Map<string, Nack>, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < keys.length && (count === 0 || out.length < count); i++) if (map.has(keys[i]!)) out.push(keys[i]!);
  return out;
}

function xinfoGroupsCommand(c: Client, argv: string[]): void {
  const s = xinfoStreamOf(c, argv);
  const groups = s.sortedGroups();
  const w = c.reply;
  w.arrayLen(groups.length);
  for (const g of groups) {
    w.mapLen(6);
    w.bulk('name');
    w.bulk(g.name);
    w.bulk('consumers');
    w.int(g.consumers.size);
    w.bulk('pending');
    w.int(g.pel.size);
    w.bulk('last-delivered-id');
    replyId(c, g.lastId);
    w.bulk('entries-read');
    replyEntriesRead(c, g);
    w.bulk('lag');
    replyLag(c, s, g);
  }
}

function xinfoConsumersCommand(c: Client, argv: string[]): void {
  const s = xinfoStreamOf(c, argv);
  const g = s.getGroup(argv[3]!);
  if (g === undefined) throw new ReplyError(`NOGROUP No such consumer group '${cstr(argv[3]!)}' for key name '${cstr(argv[2]!)}'`);
  const cons = g.sortedConsumers();
  const w = c.reply;
  const t = now();
  w.arrayLen(cons.length);
  for (const x of cons) {
    w.mapLen(3);
    w.bulk('name');
    w.bulk(x.name);
    w.bulk('pending');
    w.int(x.pel.size);
    w.bulk('idle');
    const idle = t - x.seenTime;
    w.int(idle < 0 ? 0 : idle);
  }
}

// ---------------------------------------------------------------------------------------
// Table
// ---------------------------------------------------------------------------------------

const S = { group: 'stream', acl: 'stream' } as const;
const NONDET = ['nondeterministic_output'];

function xreadKeys(argv: string[]): number[] {
  let streams = -1;
  for (let i = 1; i < argv.length; i++) {
    if (eqi(argv[i]!, 'streams')) {
      streams = i;
      break;
    }
  }
  if (streams === -1) return [];
  const n = argv.length - streams - 1;
  if (n === 0 || n % 2 !== 0) return [];
  const out: number[] = [];
  for (let i = streams + 1; i < streams + 1 + n / 2; i++) out.push(i);
  return out;
}

export const streamCommands: CommandDef[] = [
  { name: 'xadd', arity: -5, flags: 'write denyoom fast', keys: [1, 1, 1], ...S, since: '5.0.0', summary: 'Appends an entry to a stream, creating the stream if needed.', complexity: 'O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.', tips: NONDET, handler: xaddCommand },
  { name: 'xlen', arity: 2, flags: 'readonly fast', keys: [1, 1, 1], ...S, since: '5.0.0', summary: 'Number of entries in a stream.', complexity: 'O(1)', handler: xlenCommand },
  { name: 'xrange', arity: -4, flags: 'readonly', keys: [1, 1, 1], ...S, since: '5.0.0', summary: 'Entries of a stream within an ID interval, ascending.', complexity: 'O(N) with N being the number of elements being returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).', handler: (c, argv) => xrangeGeneric(c, argv, false) },
  { name: 'xrevrange', arity: -4, flags: 'readonly', keys: [1, 1, 1], ...S, since: '5.0.0', summary: 'Entries of a stream within an ID interval, descending.', complexity: 'O(N) with N being the number of elements returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).', handler: (c, argv) => xrangeGeneric(c, argv, true) },
  { name: 'xdel', arity: -3, flags: 'write fast', keys: [1, 1, 1], ...S, since: '5.0.0', summary: 'Removes entries from a stream by ID.', complexity: 'O(1) for each single item to delete in the stream, regardless of the stream size.', handler: xdelCommand },
  { name: 'xtrim', arity: -4, flags: 'write', keys: [1, 1, 1], ...S, since: '5.0.0', summary: 'Drops the oldest entries of a stream by length or minimum ID.', complexity: 'O(N), with N being the number of evicted entries. Constant times are very small however, since entries are organized in macro nodes containing multiple entries that can be released with a single deallocation.', tips: NONDET, handler: xtrimCommand },
  { name: 'xread', arity: -4, flags: 'readonly blocking movablekeys', ...S, since: '5.0.0', summary: 'Reads entries after given IDs from one or more streams, optionally waiting for new ones.', complexity: 'For each stream mentioned: O(N) with N being the number of elements being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data.', getKeys: xreadKeys, handler: (c, argv) => xreadGeneric(c, argv, false) },
  { name: 'xreadgroup', arity: -7, flags: 'write blocking movablekeys', ...S, since: '5.0.0', summary: 'Reads entries for a consumer of a group, tracking them as pending, optionally waiting for new ones.', complexity: 'For each stream mentioned: O(M) with M being the number of elements returned. If M is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N clients blocked on the stream getting new data.', getKeys: xreadKeys, handler: (c, argv) => xreadGeneric(c, argv, true) },
  { name: 'xack', arity: -4, flags: 'write fast', keys: [1, 1, 1], ...S, since: '5.0.0', summary: 'Acknowledges pending entries of a consumer group.', complexity: 'O(1) for each message ID processed.', handler: xackCommand },
  { name: 'xpending', arity: -3, flags: 'readonly', keys: [1, 1, 1], ...S, since: '5.0.0', summary: 'Inspects the pending entries list of a consumer group.', complexity: 'O(N) with N being the number of elements returned, so asking for a small fixed number of entries per call is O(1). O(M), where M is the total number of entries scanned when used with the IDLE filter. When the command returns just the summary and the list of consumers is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every consumer.', tips: NONDET, handler: xpendingCommand },
  { name: 'xclaim', arity: -6, flags: 'write fast', keys: [1, 1, 1], ...S, since: '5.0.0', summary: 'Transfers ownership of pending entries to another consumer.', complexity: 'O(log N) with N being the number of messages in the PEL of the consumer group.', tips: NONDET, handler: xclaimCommand },
  { name: 'xautoclaim', arity: -6, flags: 'write fast', keys: [1, 1, 1], ...S, since: '6.2.0', summary: 'Transfers idle pending entries to another consumer, scanning the PEL with a cursor.', complexity: 'O(1) if COUNT is small.', tips: NONDET, handler: xautoclaimCommand },
  { name: 'xsetid', arity: -3, flags: 'write denyoom fast', keys: [1, 1, 1], ...S, since: '5.0.0', summary: 'Sets the last-generated ID (and counters) of a stream.', complexity: 'O(1)', handler: xsetidCommand },
  {
    name: 'xgroup', arity: -2, flags: '', group: 'stream', since: '5.0.0', summary: 'A container for consumer group commands.', complexity: 'Depends on subcommand.',
    // Subcommands in the order Redis 7.0's COMMAND INFO lists them (its dict order).
    subcommands: [
      { name: 'destroy', arity: 4, flags: 'write', keys: [2, 2, 1], ...S, since: '5.0.0', summary: 'Destroys a consumer group.', complexity: 'O(N) where N is the number of entries in the group\'s pending entries list (PEL).', handler: xgroupDestroyCommand },
      { name: 'delconsumer', arity: 5, flags: 'write', keys: [2, 2, 1], ...S, since: '5.0.0', summary: 'Deletes a consumer from a consumer group.', complexity: 'O(1)', handler: xgroupDelConsumerCommand },
      { name: 'setid', arity: -5, flags: 'write', keys: [2, 2, 1], ...S, since: '5.0.0', summary: 'Sets the last-delivered ID of a consumer group.', complexity: 'O(1)', handler: xgroupSetidCommand },
      { name: 'help', arity: 2, flags: 'loading stale', ...S, since: '5.0.0', summary: 'Lists the XGROUP subcommands.', complexity: 'O(1)', handler: (c) => replyHelp(c, XGROUP_HELP) },
      { name: 'create', arity: -5, flags: 'write denyoom', keys: [2, 2, 1], ...S, since: '5.0.0', summary: 'Creates a consumer group.', complexity: 'O(1)', handler: xgroupCreateCommand },
      { name: 'createconsumer', arity: 5, flags: 'write denyoom', keys: [2, 2, 1], ...S, since: '6.2.0', summary: 'Creates a consumer in a consumer group.', complexity: 'O(1)', handler: xgroupCreateConsumerCommand },
    ],
  },
  {
    name: 'xinfo', arity: -2, flags: '', group: 'stream', since: '5.0.0', summary: 'A container for stream introspection commands.', complexity: 'Depends on subcommand.',
    subcommands: [
      { name: 'consumers', arity: 4, flags: 'readonly', keys: [2, 2, 1], ...S, since: '5.0.0', summary: 'Lists the consumers of a consumer group.', complexity: 'O(1)', tips: NONDET, handler: xinfoConsumersCommand },
      { name: 'stream', arity: -3, flags: 'readonly', keys: [2, 2, 1], ...S, since: '5.0.0', summary: 'Describes a stream, optionally in full.', complexity: 'O(1)', handler: xinfoStreamCommand },
      { name: 'help', arity: 2, flags: 'loading stale', ...S, since: '5.0.0', summary: 'Lists the XINFO subcommands.', complexity: 'O(1)', handler: (c) => replyHelp(c, XINFO_HELP) },
      { name: 'groups', arity: 3, flags: 'readonly', keys: [2, 2, 1], ...S, since: '5.0.0', summary: 'Lists the consumer groups of a stream.', complexity: 'O(1)', handler: xinfoGroupsCommand },
    ],
  },
];
