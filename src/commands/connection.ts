// Connection commands: PING, ECHO, QUIT, RESET, HELLO, AUTH, SELECT.

import type { CommandDef } from './spec.js';
import { dbIndexArg } from './util.js';
import type { Client } from '../server/client.js';
import { ReplyMode } from '../server/client.js';
import { ReplyError } from '../util/errors.js';
import { string2ll } from '../util/numbers.js';
import { REDIS_VERSION } from '../server/server.js';
import { eqi } from '../util/strings.js';
import { discardTransaction } from '../server/multi.js';
import { WRONGPASS } from '../server/acl.js';

function pingCommand(c: Client, argv: string[]): void {
  if (argv.length > 2) throw new ReplyError(`ERR wrong number of arguments for 'ping' command`);
  if (c.subscriptionCount !== 0 && c.resp === 2) {
    // RESP2 subscribed context: replies look like messages ("pong" and the argument).
    c.reply.arrayLen(2);
    c.reply.bulk('pong');
    c.reply.bulk(argv.length === 1 ? '' : argv[1]!);
    return;
  }
  if (argv.length === 1) c.reply.simple('PONG');
  else c.reply.bulk(argv[1]!);
}

function echoCommand(c: Client, argv: string[]): void {
  c.reply.bulk(argv[1]!);
}

function quitCommand(c: Client): void {
  c.reply.ok();
  c.server.closeAfterReply(c);
}

function authCommand(c: Client, argv: string[]): void {
  if (argv.length > 3) throw new ReplyError('ERR syntax error');
  if (argv.length === 2 && c.server.acl.defaultUser.nopass) {
    throw new ReplyError('ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?');
  }
  const user = argv.length === 3 ? argv[1]! : 'default';
  const pass = argv[argv.length - 1]!;
  if (!c.server.acl.authenticate(c, user, pass, argv)) {
    c.server.log.verbose(`auth failed for user '${user}' from ${c.addr}`);
    throw new ReplyError(WRONGPASS);
  }
  c.reply.ok();
}

function helloCommand(c: Client, argv: string[]): void {
  let ver = 0;
  let next = 1;
  if (argv.length >= 2) {
    const v = string2ll(argv[1]!);
    if (v === null) throw new ReplyError('ERR Protocol version is not an integer or out of range');
    next = 2;
    if (v < 2 || v > 3) throw new ReplyError('NOPROTO unsupported protocol version');
    ver = Number(v);
  }
  let authUser: string | null = null;
  let authPass = '';
  let setName: string | null = null;
  for (let j = next; j < argv.length; j++) {
    const more = argv.length - j - 1;
    const opt = argv[j]!;
    if (eqi(opt, 'auth') && more >= 2) {
      authUser = argv[j + 1]!;
      authPass = argv[j + 2]!;
      j += 2;
    } else if (eqi(opt, 'setname') && more >= 1) {
      setName = argv[j + 1]!;
      j += 1;
    } else {
      throw new ReplyError(`ERR Syntax error in HELLO option '${opt}'`);
    }
  }
  if (authUser !== null) {
    if (!c.server.acl.authenticate(c, authUser, authPass, argv)) throw new ReplyError(WRONGPASS);
  }
  if (!c.authenticated) {
    throw new ReplyError('NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time');
  }
  if (setName !== null) validateClientName(setName), (c.name = setName);
  if (ver !== 0) c.setResp(ver as 2 | 3);
  const w = c.reply;
  w.mapLen(7);
  w.bulk('server');
  w.bulk('redis');
  w.bulk('version');
  w.bulk(REDIS_VERSION);
  w.bulk('proto');
  w.int(c.resp);
  w.bulk('id');
  w.int(c.id);
  w.bulk('mode');
  w.bulk(c.server.cluster !== null ? 'cluster' : 'standalone');
  w.bulk('role');
  w.bulk('master');
  w.bulk('modules');
  w.arrayLen(0);
}

/** CLIENT SETNAME rules: no spaces, newlines or other special characters. */
export function validateClientName(name: string): void {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (ch < 33 || ch > 126) {
      throw new ReplyError('ERR Client names cannot contain spaces, newlines or special characters.');
    }
  }
}

function selectCommand(c: Client, argv: string[]): void {
  if (c.server.cluster !== null) {
    const id = string2ll(argv[1]!);
    if (id !== null && id !== 0 && id >= -2147483648 && id <= 2147483647) throw new ReplyError('ERR SELECT is not allowed in cluster mode');
  }
  c.selectDb(dbIndexArg(c, argv[1]!));
  c.reply.ok();
}

function resetCommand(c: Client): void {
  c.selectDb(0);
  c.setResp(2);
  c.name = '';
  c.replyMode = ReplyMode.On;
  c.skipNext = false;
  c.noEvict = false;
  c.noTouch = false;
  if (c.isMonitor) {
    c.isMonitor = false;
    c.server.monitors.delete(c);
  }
  discardTransaction(c);
  c.server.pubsub.removeClient(c);
  c.server.tracking.disable(c);
  c.aclUser = c.server.acl.defaultUser;
  c.user = 'default';
  c.setAuthenticated(!c.server.acl.authRequired());
  c.reply.simple('RESET');
}

export const connectionCommands: CommandDef[] = [
  { name: 'ping', arity: -1, flags: 'fast sentinel', acl: 'connection', group: 'connection', since: '1.0.0', summary: 'Returns PONG, or the given message, to test that the connection is alive.', complexity: 'O(1)', handler: pingCommand },
  { name: 'echo', arity: 2, flags: 'loading stale fast', acl: 'connection', group: 'connection', since: '1.0.0', summary: 'Returns its argument.', complexity: 'O(1)', handler: echoCommand },
  { name: 'quit', arity: -1, flags: 'allow_busy noscript loading stale fast no_auth', acl: 'connection', group: 'connection', since: '1.0.0', summary: 'Closes the connection after replying OK.', complexity: 'O(1)', handler: quitCommand },
  { name: 'reset', arity: 1, flags: 'noscript loading stale fast no_auth allow_busy', acl: 'connection', group: 'connection', since: '6.2.0', summary: 'Restores the connection to its initial state.', complexity: 'O(1)', handler: resetCommand },
  { name: 'auth', arity: -2, flags: 'noscript loading stale fast no_auth sentinel allow_busy', acl: 'connection', group: 'connection', since: '1.0.0', summary: 'Authenticates the connection.', complexity: 'O(N) where N is the number of passwords defined for the user', handler: authCommand },
  { name: 'hello', arity: -1, flags: 'noscript loading stale fast no_auth sentinel allow_busy', acl: 'connection', group: 'connection', since: '6.0.0', summary: 'Negotiates the protocol version, optionally authenticating and naming the connection.', complexity: 'O(1)', handler: helloCommand },
  { name: 'select', arity: 2, flags: 'loading stale fast', acl: 'connection', group: 'connection', since: '1.0.0', summary: 'Switches the connection to another logical database.', complexity: 'O(1)', handler: selectCommand },
];
