// CLIENT subcommands: ID, INFO, LIST, KILL, SETNAME, GETNAME, REPLY, NO-EVICT, PAUSE,
// UNPAUSE, UNBLOCK, TRACKING, CACHING, GETREDIR, TRACKINGINFO, SETINFO, HELP.
//
// CLIENT LIST / INFO print Redis 7.0.15's fields in its order (no lib-name/lib-ver, which
// appeared in 7.2). Deliberate difference: Redis 7.0.15 has no CLIENT SETINFO (it answers
// "unknown subcommand"); client libraries (node-redis, ioredis, redis-py) send it on
// connect and ignore that error, so tsredis implements it as Redis 7.2 does.
// Client-side caching state and invalidations live in server/tracking.ts.

import type { CommandDef } from './spec.js';
import type { Client } from '../server/client.js';
import { ParkReason, ReplyMode } from '../server/client.js';
import { ReplyError, ERR_SYNTAX } from '../util/errors.js';
import { string2ll } from '../util/numbers.js';
import { eqi } from '../util/strings.js';
import { now } from '../util/clock.js';
import { validateClientName } from './connection.js';
import { replyHelp } from './server.js';
import { TRACKING_BCAST, TRACKING_BROKEN_REDIR, TRACKING_CACHING, TRACKING_NOLOOP, TRACKING_ON, TRACKING_OPTIN, TRACKING_OPTOUT, Tracking } from '../server/tracking.js';

const CLIENT_HELP = [
  'CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
  'HELP',
  '    Prints this help.',
];

/** Client types as CLIENT LIST TYPE / CLIENT KILL TYPE name them. */
const enum ClientType {
  Normal = 0,
  Replica = 1,
  Pubsub = 2,
  Master = 3,
}

function clientTypeByName(name: string): ClientType {
  if (eqi(name, 'normal')) return ClientType.Normal;
  if (eqi(name, 'slave') || eqi(name, 'replica')) return ClientType.Replica;
  if (eqi(name, 'pubsub')) return ClientType.Pubsub;
  if (eqi(name, 'master')) return ClientType.Master;
  throw new ReplyError(`ERR Unknown client type '${name}'`);
}

/** Pub/Sub subscription counts; read from the client once pub/sub adds them. */
function subscriptions(cl: Client): [number, number, number] {
  const x = cl as unknown as { channels?: { size: number }; patterns?: { size: number }; shardChannels?: { size: number } };
  return [x.channels?.size ?? 0, x.patterns?.size ?? 0, x.shardChannels?.size ?? 0];
}

function clientType(cl: Client): ClientType {
  if (cl.isReplicaLink) return ClientType.Replica;
  const [sub, psub, ssub] = subscriptions(cl);
  return sub + psub + ssub > 0 ? ClientType.Pubsub : ClientType.Normal;
}

/**
 * One CLIENT LIST line (without the trailing newline), Redis 7.0.15 field order.
 * `self` is the client running the command and `cmd` the command's name: the dispatcher
 * records the last command after it returns, Redis before it runs.
 */
export function clientInfoString(cl: Client, self: Client, cmd: string, selfArgv: string[]): string {
  const t = now();
  const [sub, psub, ssub] = subscriptions(cl);
  let flags = '';
  if (cl.isReplicaLink) flags += 'S';
  if (cl.isMonitor) flags += 'O';
  if (sub + psub + ssub > 0) flags += 'P';
  if (cl.inMulti) flags += 'x';
  // Clients held by CLIENT PAUSE count as blocked, as in Redis (BLOCKED_POSTPONE).
  if (cl.parked !== ParkReason.None) flags += 'b';
  if ((cl.trackingFlags & TRACKING_ON) !== 0) flags += 't';
  if ((cl.trackingFlags & TRACKING_BROKEN_REDIR) !== 0) flags += 'R';
  if ((cl.trackingFlags & TRACKING_BCAST) !== 0) flags += 'B';
  if (cl.closeAfterReply) flags += 'c';
  if (cl.isUnix) flags += 'U';
  if (cl.noEvict) flags += 'e';
  if (flags === '') flags = 'N';
  const isSelf = cl === self;
  let argvMem = cl.argvMem;
  const pending = isSelf ? selfArgv : cl.parkedArgv;
  if (pending !== null) {
    argvMem = 0;
    for (const a of pending) argvMem += a.length;
  }
  // Redis records the command before running it; the dispatcher after it returns, so a
  // command held by CLIENT PAUSE is named from the parked spec.
  // Inside EXEC, Redis's last command is still the EXEC itself.
  const lastCmd = isSelf ? (self.server.execClient === self ? 'exec' : cmd) : cl.parkedSpec !== null ? cl.parkedSpec.fullName : cl.lastCommand;
  const qbuf = cl.parser.buffered;
  const rbs = cl.reply.buf.length;
  const obl = cl.reply.len;
  const omem = cl.outputPending;
  const totMem = qbuf + argvMem + rbs + omem + 1024;
  const events = omem > 0 || obl > 0 ? 'rw' : 'r';
  return (
    `id=${cl.id} addr=${cl.addr} laddr=${cl.laddr} fd=${cl.fd} name=${cl.name}` +
    ` age=${Math.floor((t - cl.createdAt) / 1000)} idle=${isSelf ? 0 : Math.floor((t - cl.lastInteraction) / 1000)}` +
    ` flags=${flags} db=${cl.dbIndex} sub=${sub} psub=${psub} ssub=${ssub} multi=${cl.inMulti ? queuedCount(cl) : -1}` +
    ` qbuf=${qbuf} qbuf-free=0 argv-mem=${argvMem} multi-mem=${multiMem(cl)} rbs=${rbs} rbp=${rbs} obl=${obl} oll=0 omem=${omem}` +
    ` tot-mem=${totMem} events=${events} cmd=${lastCmd} user=${cl.user} redir=${(cl.trackingFlags & TRACKING_ON) !== 0 ? cl.trackingRedirect : -1} resp=${cl.resp}`
  );
}

/** Commands queued in MULTI, once transactions expose them. */
function queuedCount(cl: Client): number {
  const q = (cl as unknown as { multiQueue?: unknown[] }).multiQueue;
  return Array.isArray(q) ? q.length : 0;
}

/** Bytes of the queued commands' arguments plus a pointer per argument (Redis's argv_len_sums). */
function multiMem(cl: Client): number {
  const q = cl.multiQueue;
  if (q === null) return 0;
  let n = 0;
  for (const { argv } of q) {
    n += 8 * argv.length;
    for (const a of argv) n += a.length;
  }
  return n;
}

function clientIdCommand(c: Client): void {
  c.reply.int(c.id);
}

function clientInfoCommand(c: Client, argv: string[]): void {
  c.reply.verbatim(clientInfoString(c, c, 'client|info', argv) + '\n');
}

function clientListCommand(c: Client, argv: string[]): void {
  const server = c.server;
  let out = '';
  if (argv.length === 2) {
    for (const cl of server.clients.values()) out += clientInfoString(cl, c, 'client|list', argv) + '\n';
  } else if (argv.length === 4 && eqi(argv[2]!, 'type')) {
    const type = clientTypeByName(argv[3]!);
    for (const cl of server.clients.values()) {
      if (clientType(cl) === type) out += clientInfoString(cl, c, 'client|list', argv) + '\n';
    }
  } else if (argv.length > 3 && eqi(argv[2]!, 'id')) {
    const ids: number[] = [];
    for (let i = 3; i < argv.length; i++) {
      const v = string2ll(argv[i]!);
      if (v === null) throw new ReplyError('ERR Invalid client ID');
      ids.push(Number(v));
    }
    for (const id of ids) {
      const cl = server.clients.get(id);
      if (cl !== undefined) out += clientInfoString(cl, c, 'client|list', argv) + '\n';
    }
  } else {
    throw new ReplyError(ERR_SYNTAX);
  }
  c.reply.verbatim(out);
}

/** Close a client: itself after this reply, any other one at once. */
function killClient(c: Client, victim: Client): void {
  if (victim === c) c.server.closeAfterReply(c);
  else c.server.freeClient(victim);
}

function clientKillCommand(c: Client, argv: string[]): void {
  const server = c.server;
  if (argv.length === 3) {
    // Old form: CLIENT KILL ip:port.
    const addr = argv[2]!;
    for (const cl of server.clients.values()) {
      if (cl.addr === addr) {
        c.reply.ok();
        killClient(c, cl);
        return;
      }
    }
    throw new ReplyError('ERR No such client');
  }
  let id = 0;
  let type = -1;
  let addr: string | null = null;
  let laddr: string | null = null;
  let user: string | null = null;
  let skipme = true;
  for (let i = 2; i < argv.length; i += 2) {
    const opt = argv[i]!;
    const more = i + 1 < argv.length;
    const val = argv[i + 1]!;
    if (eqi(opt, 'id') && more) {
      const v = string2ll(val);
      if (v === null || v < 1) throw new ReplyError('ERR client-id should be greater than 0');
      id = Number(v);
    } else if (eqi(opt, 'type') && more) {
      type = clientTypeByName(val);
    } else if (eqi(opt, 'addr') && more) {
      addr = val;
    } else if (eqi(opt, 'laddr') && more) {
      laddr = val;
    } else if (eqi(opt, 'user') && more) {
      if (!server.acl.users.has(val)) throw new ReplyError(`ERR No such user '${val}'`);
      user = val;
    } else if (eqi(opt, 'skipme') && more) {
      if (eqi(val, 'yes')) skipme = true;
      else if (eqi(val, 'no')) skipme = false;
      else throw new ReplyError(ERR_SYNTAX);
    } else {
      throw new ReplyError(ERR_SYNTAX);
    }
  }
  const victims: Client[] = [];
  for (const cl of server.clients.values()) {
    if (addr !== null && cl.addr !== addr) continue;
    if (laddr !== null && cl.laddr !== laddr) continue;
    if (type !== -1 && clientType(cl) !== type) continue;
    if (id !== 0 && cl.id !== id) continue;
    if (user !== null && cl.user !== user) continue;
    if (cl === c && skipme) continue;
    victims.push(cl);
  }
  c.reply.int(victims.length);
  for (const v of victims) killClient(c, v);
}

function clientSetnameCommand(c: Client, argv: string[]): void {
  const name = argv[2]!;
  validateClientName(name);
  c.name = name;
  c.reply.ok();
}

function clientGetnameCommand(c: Client): void {
  if (c.name === '') c.reply.nullBulk();
  else c.reply.bulk(c.name);
}

function clientReplyCommand(c: Client, argv: string[]): void {
  const mode = argv[2]!;
  if (eqi(mode, 'on')) {
    c.replyMode = ReplyMode.On;
    c.skipNext = false;
    c.reply.ok();
  } else if (eqi(mode, 'off')) {
    c.replyMode = ReplyMode.Off;
  } else if (eqi(mode, 'skip')) {
    // Entering SKIP while OFF keeps OFF (as Redis: SKIP is ignored when replies are off).
    if (c.replyMode !== ReplyMode.Off) c.replyMode = ReplyMode.Skip;
  } else {
    throw new ReplyError(ERR_SYNTAX);
  }
}

function clientNoEvictCommand(c: Client, argv: string[]): void {
  const v = argv[2]!;
  if (eqi(v, 'on')) c.noEvict = true;
  else if (eqi(v, 'off')) c.noEvict = false;
  else throw new ReplyError(ERR_SYNTAX);
  c.reply.ok();
}

function subcommandSyntaxError(argv: string[]): never {
  throw new ReplyError(`ERR unknown subcommand or wrong number of arguments for '${argv[1]!.slice(0, 128)}'. Try ${argv[0]!.toUpperCase()} HELP.`);
}

function clientPauseCommand(c: Client, argv: string[]): void {
  if (argv.length > 4) subcommandSyntaxError(argv);
  const v = string2ll(argv[2]!);
  if (v === null) throw new ReplyError('ERR timeout is not an integer or out of range');
  if (v < 0) throw new ReplyError('ERR timeout is negative');
  let all = true;
  if (argv.length === 4) {
    if (eqi(argv[3]!, 'write')) all = false;
    else if (!eqi(argv[3]!, 'all')) throw new ReplyError('ERR CLIENT PAUSE mode must be WRITE or ALL');
  }
  const end = now() + Number(v);
  if (!Number.isSafeInteger(end)) throw new ReplyError('ERR timeout is out of range');
  c.server.pauseClients(end, all);
  c.reply.ok();
}

function clientUnpauseCommand(c: Client): void {
  c.server.unpauseClients();
  c.reply.ok();
}

function clientUnblockCommand(c: Client, argv: string[]): void {
  if (argv.length > 4) subcommandSyntaxError(argv);
  let error = false;
  if (argv.length === 4) {
    if (eqi(argv[3]!, 'timeout')) error = false;
    else if (eqi(argv[3]!, 'error')) error = true;
    else throw new ReplyError('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
  }
  const v = string2ll(argv[2]!);
  if (v === null) throw new ReplyError('ERR value is not an integer or out of range');
  const target = c.server.clients.get(Number(v));
  // Blocking commands arrive in a later issue; they provide server.unblockClient.
  const unblock = (c.server as unknown as { unblockClient?: (cl: Client, error: boolean) => boolean }).unblockClient;
  if (target !== undefined && target.parked === ParkReason.Blocked && typeof unblock === 'function') {
    c.reply.int(unblock.call(c.server, target, error) ? 1 : 0);
    return;
  }
  c.reply.int(0);
}

function clientTrackingCommand(c: Client, argv: string[]): void {
  const onoff = argv[2]!;
  let redirect = 0;
  let options = 0;
  const prefixes: string[] = [];
  for (let i = 3; i < argv.length; i++) {
    const opt = argv[i]!;
    const more = i + 1 < argv.length;
    if (eqi(opt, 'redirect') && more) {
      i++;
      if (redirect !== 0) throw new ReplyError('ERR A client can only redirect to a single other client');
      const v = string2ll(argv[i]!);
      if (v === null) throw new ReplyError('ERR value is not an integer or out of range');
      if (!c.server.clients.has(Number(v))) throw new ReplyError('ERR The client ID you want redirect to does not exist');
      redirect = Number(v);
    } else if (eqi(opt, 'bcast')) {
      options |= TRACKING_BCAST;
    } else if (eqi(opt, 'optin')) {
      options |= TRACKING_OPTIN;
    } else if (eqi(opt, 'optout')) {
      options |= TRACKING_OPTOUT;
    } else if (eqi(opt, 'noloop')) {
      options |= TRACKING_NOLOOP;
    } else if (eqi(opt, 'prefix') && more) {
      i++;
      prefixes.push(argv[i]!);
    } else {
      throw new ReplyError(ERR_SYNTAX);
    }
  }
  const tracking = c.server.tracking;
  if (eqi(onoff, 'on')) {
    const f = c.trackingFlags;
    if ((options & TRACKING_BCAST) === 0 && prefixes.length > 0) throw new ReplyError('ERR PREFIX option requires BCAST mode to be enabled');
    if ((f & TRACKING_ON) !== 0 && ((f & TRACKING_BCAST) !== 0) !== ((options & TRACKING_BCAST) !== 0)) {
      throw new ReplyError("ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.");
    }
    if ((options & TRACKING_BCAST) !== 0 && (options & (TRACKING_OPTIN | TRACKING_OPTOUT)) !== 0) throw new ReplyError('ERR OPTIN and OPTOUT are not compatible with BCAST');
    if ((options & TRACKING_OPTIN) !== 0 && (options & TRACKING_OPTOUT) !== 0) throw new ReplyError("ERR You can't specify both OPTIN mode and OPTOUT mode");
    if (((options & TRACKING_OPTIN) !== 0 && (f & TRACKING_OPTOUT) !== 0) || ((options & TRACKING_OPTOUT) !== 0 && (f & TRACKING_OPTIN) !== 0)) {
      throw new ReplyError("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.");
    }
    if ((options & TRACKING_BCAST) !== 0) Tracking.checkPrefixes(c, prefixes);
    tracking.enable(c, redirect, options, prefixes);
  } else if (eqi(onoff, 'off')) {
    tracking.disable(c);
  } else {
    throw new ReplyError(ERR_SYNTAX);
  }
  c.reply.ok();
}

function clientCachingCommand(c: Client, argv: string[]): void {
  if ((c.trackingFlags & TRACKING_ON) === 0) {
    throw new ReplyError('ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled');
  }
  const opt = argv[2]!;
  if (eqi(opt, 'yes')) {
    if ((c.trackingFlags & TRACKING_OPTIN) === 0) throw new ReplyError('ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.');
  } else if (eqi(opt, 'no')) {
    if ((c.trackingFlags & TRACKING_OPTOUT) === 0) throw new ReplyError('ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.');
  } else {
    throw new ReplyError(ERR_SYNTAX);
  }
  c.trackingFlags |= TRACKING_CACHING;
  c.reply.ok();
}

function clientGetredirCommand(c: Client): void {
  c.reply.int((c.trackingFlags & TRACKING_ON) !== 0 ? c.trackingRedirect : -1);
}

function clientTrackinginfoCommand(c: Client): void {
  const w = c.reply;
  const f = c.trackingFlags;
  const flags: string[] = [(f & TRACKING_ON) !== 0 ? 'on' : 'off'];
  if ((f & TRACKING_BCAST) !== 0) flags.push('bcast');
  if ((f & TRACKING_OPTIN) !== 0) {
    flags.push('optin');
    if ((f & TRACKING_CACHING) !== 0) flags.push('caching-yes');
  }
  if ((f & TRACKING_OPTOUT) !== 0) {
    flags.push('optout');
    if ((f & TRACKING_CACHING) !== 0) flags.push('caching-no');
  }
  if ((f & TRACKING_NOLOOP) !== 0) flags.push('noloop');
  if ((f & TRACKING_BROKEN_REDIR) !== 0) flags.push('broken_redirect');
  w.mapLen(3);
  w.bulk('flags');
  w.setLen(flags.length);
  for (const x of flags) w.bulk(x);
  w.bulk('redirect');
  w.int((f & TRACKING_ON) !== 0 ? c.trackingRedirect : -1);
  w.bulk('prefixes');
  w.bulkArray(c.trackingPrefixes === null ? [] : [...c.trackingPrefixes].sort());
}

/** CLIENT SETINFO LIB-NAME|LIB-VER value (Redis 7.2 behaviour; see the file header). */
function clientSetinfoCommand(c: Client, argv: string[]): void {
  const attr = argv[2]!;
  const val = argv[3]!;
  const isName = eqi(attr, 'lib-name');
  if (!isName && !eqi(attr, 'lib-ver')) throw new ReplyError(`ERR Unrecognized option '${attr}'`);
  for (let i = 0; i < val.length; i++) {
    const ch = val.charCodeAt(i);
    if (ch < 33 || ch > 126) {
      throw new ReplyError(`ERR ${attr} cannot contain spaces, newlines or special characters.`);
    }
  }
  if (isName) c.libName = val;
  else c.libVer = val;
  c.reply.ok();
}

const C = { group: 'connection', acl: 'connection' } as const;
const ADMIN = 'admin noscript loading stale';
const PLAIN = 'noscript loading stale';

export const clientCommands: CommandDef[] = [
  {
    name: 'client', arity: -2, flags: '', group: 'connection', since: '2.4.0', summary: 'A container for client connection commands.', complexity: 'Depends on subcommand.',
    subcommands: [
      { name: 'unblock', arity: -3, flags: ADMIN, ...C, since: '5.0.0', summary: 'Wakes up a client blocked by a blocking command.', complexity: 'O(log N) where N is the number of client connections', handler: clientUnblockCommand },
      { name: 'tracking', arity: -3, flags: PLAIN, ...C, since: '6.0.0', summary: 'Turns server-assisted client-side caching on or off for the connection.', complexity: 'O(1). Some options may introduce additional complexity.', handler: clientTrackingCommand },
      { name: 'help', arity: 2, flags: 'loading stale', ...C, since: '5.0.0', summary: 'Lists the CLIENT subcommands.', complexity: 'O(1)', handler: (c) => replyHelp(c, CLIENT_HELP) },
      { name: 'pause', arity: -3, flags: ADMIN, ...C, since: '2.9.50', summary: 'Holds back commands from clients for a while.', complexity: 'O(1)', handler: clientPauseCommand },
      { name: 'reply', arity: 3, flags: PLAIN, ...C, since: '3.2.0', summary: 'Turns the replies to this connection on, off, or off for the next command.', complexity: 'O(1)', handler: clientReplyCommand },
      { name: 'getname', arity: 2, flags: PLAIN, ...C, since: '2.6.9', summary: 'Returns the name of the connection.', complexity: 'O(1)', handler: clientGetnameCommand },
      { name: 'unpause', arity: 2, flags: ADMIN, ...C, since: '6.2.0', summary: 'Ends a CLIENT PAUSE early.', complexity: 'O(N) Where N is the number of paused clients', handler: clientUnpauseCommand },
      { name: 'setname', arity: 3, flags: PLAIN, ...C, since: '2.6.9', summary: 'Names the connection.', complexity: 'O(1)', handler: clientSetnameCommand },
      { name: 'no-evict', arity: 3, flags: ADMIN, ...C, since: '7.0.0', summary: 'Exempts the connection from client eviction, or not.', complexity: 'O(1)', handler: clientNoEvictCommand },
      { name: 'id', arity: 2, flags: PLAIN, ...C, since: '5.0.0', summary: 'Returns the unique id of the connection.', complexity: 'O(1)', handler: clientIdCommand },
      { name: 'getredir', arity: 2, flags: PLAIN, ...C, since: '6.0.0', summary: 'Returns the client id that tracking notifications are redirected to.', complexity: 'O(1)', handler: clientGetredirCommand },
      { name: 'caching', arity: 3, flags: PLAIN, ...C, since: '6.0.0', summary: 'Tells the server whether to track the keys read by the next command.', complexity: 'O(1)', handler: clientCachingCommand },
      { name: 'kill', arity: -3, flags: ADMIN, ...C, since: '2.4.0', summary: 'Closes the connections that match a filter.', complexity: 'O(N) where N is the number of client connections', handler: clientKillCommand },
      { name: 'list', arity: -2, flags: ADMIN, ...C, since: '2.4.0', summary: 'Describes the open connections, one line each.', complexity: 'O(N) where N is the number of client connections', tips: ['nondeterministic_output'], handler: clientListCommand },
      { name: 'info', arity: 2, flags: PLAIN, ...C, since: '6.2.0', summary: 'Describes this connection.', complexity: 'O(1)', tips: ['nondeterministic_output'], handler: clientInfoCommand },
      { name: 'trackinginfo', arity: 2, flags: PLAIN, ...C, since: '6.2.0', summary: 'Reports the client-side caching state of the connection.', complexity: 'O(1)', handler: clientTrackinginfoCommand },
      // Redis 7.2 (see the file header): sent by client libraries on connect.
      { name: 'setinfo', arity: 4, flags: 'noscript loading stale allow_busy', ...C, since: '7.2.0', summary: 'Records the client library name or version for the connection.', complexity: 'O(1)', handler: clientSetinfoCommand },
    ],
  },
];
