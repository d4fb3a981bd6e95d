// Transactions group: MULTI, EXEC, DISCARD, WATCH, UNWATCH. The queueing itself is the
// dispatcher's (Server.processCommand); state and WATCH bookkeeping are in server/multi.ts.

import type { CommandDef } from './spec.js';
import type { Client } from '../server/client.js';
import { ReplyMode } from '../server/client.js';
import { ReplyError } from '../util/errors.js';
import { MULTI_DIRTY_CAS, MULTI_DIRTY_EXEC, discardTransaction } from '../server/multi.js';
import { aclCheck, execDeniedMessage } from '../server/acl.js';

function multiCommand(c: Client): void {
  if (c.inMulti) throw new ReplyError('ERR MULTI calls can not be nested');
  c.inMulti = true;
  c.multiQueue = [];
  c.reply.ok();
}

function discardCommand(c: Client): void {
  if (!c.inMulti) throw new ReplyError('ERR DISCARD without MULTI');
  discardTransaction(c);
  c.reply.ok();
}

/**
 * EXEC: run the queued commands back to back, or fail as a whole (EXECABORT after a
 * queue-time error, a null array when a WATCHed key changed or expired). Blocking
 * commands inside answer as timed out; the writes propagate wrapped in MULTI/EXEC when
 * there are several of them (as Redis 7.0's propagatePendingCommands).
 */
function execCommand(c: Client): void {
  if (!c.inMulti) throw new ReplyError('ERR EXEC without MULTI');
  const server = c.server;
  if (server.watches.expiredSinceWatch(c)) c.multiFlags |= MULTI_DIRTY_CAS;
  if ((c.multiFlags & (MULTI_DIRTY_CAS | MULTI_DIRTY_EXEC)) !== 0) {
    const aborted = (c.multiFlags & MULTI_DIRTY_EXEC) !== 0;
    discardTransaction(c);
    if (aborted) throw new ReplyError('EXECABORT Transaction discarded because of previous errors.');
    c.reply.nullArray();
    return;
  }
  const queue = c.multiQueue ?? [];
  const denyBefore = c.denyBlocking;
  c.denyBlocking = true;
  server.watches.unwatchAll(c);
  const outer = server.propagationBuffer;
  const ops: [number, string[]][] = [];
  server.propagationBuffer = ops;
  // CLIENT REPLY, as Redis applies it while writing: SKIP (set before EXEC) drops the
  // whole reply; OFF drops what is written while it is on, here the array header and, in
  // Server.call, each command's reply (a CLIENT REPLY ON inside turns replies back on).
  const start = c.reply.len;
  const skipped = c.skipNext;
  const execClientBefore = server.execClient;
  server.execClient = c;
  try {
    if (c.replyMode !== ReplyMode.Off) c.reply.arrayLen(queue.length);
    for (const q of queue) {
      // ACL rules may have changed since the command was queued (checked again, as Redis).
      const user = c.aclUser;
      if (user !== null && !user.unrestricted) {
        const denied = aclCheck(c, q.spec, q.argv, 'multi');
        if (denied !== null) {
          c.error(execDeniedMessage(denied[0]));
          continue;
        }
      }
      server.call(c, q.spec, q.argv);
    }
  } finally {
    server.execClient = execClientBefore;
    if (skipped) {
      c.reply.truncate(start);
      c.skipNext = false;
    }
    // CLIENT REPLY SKIP inside the transaction skips the command after EXEC.
    if (c.replyMode === ReplyMode.Skip) {
      c.replyMode = ReplyMode.On;
      c.skipNext = true;
    }
    server.releaseHeldPushes(c);
    server.replyHandled = true;
    c.denyBlocking = denyBefore;
    discardTransaction(c);
    server.propagationBuffer = outer;
    // EXEC itself is never propagated: its commands were (below), one by one.
    c.propagateArgv = [];
    if (ops.length === 1) {
      server.propagate(ops[0]![0], ops[0]![1]);
    } else if (ops.length > 1) {
      server.propagate(ops[0]![0], ['MULTI']);
      for (const [db, argv] of ops) server.propagate(db, argv);
      server.propagate(ops[ops.length - 1]![0], ['EXEC']);
    }
  }
}

function watchCommand(c: Client, argv: string[]): void {
  if (c.inMulti) throw new ReplyError('ERR WATCH inside MULTI is not allowed');
  // Already doomed: watching more changes nothing.
  if ((c.multiFlags & MULTI_DIRTY_CAS) === 0) {
    const watches = c.server.watches;
    for (let j = 1; j < argv.length; j++) watches.watch(c, argv[j]!);
  }
  c.reply.ok();
}

function unwatchCommand(c: Client): void {
  c.server.watches.unwatchAll(c);
  c.multiFlags &= ~MULTI_DIRTY_CAS;
  c.reply.ok();
}

const T = { group: 'transactions', acl: 'transaction' } as const;

export const transactionCommands: CommandDef[] = [
  { name: 'multi', arity: 1, flags: 'noscript loading stale fast allow_busy', ...T, since: '1.2.0', summary: 'Opens a transaction: later commands are queued until EXEC or DISCARD.', complexity: 'O(1)', handler: multiCommand },
  { name: 'exec', arity: 1, flags: 'noscript loading stale skip_slowlog', ...T, since: '1.2.0', summary: 'Runs every command queued since MULTI, atomically.', complexity: 'Depends on commands in the transaction', handler: execCommand },
  { name: 'discard', arity: 1, flags: 'noscript loading stale fast allow_busy', ...T, since: '2.0.0', summary: 'Drops the commands queued since MULTI and leaves the transaction.', complexity: 'O(N), when N is the number of queued commands', handler: discardCommand },
  { name: 'watch', arity: -2, flags: 'noscript loading stale fast allow_busy', keys: [1, -1, 1], ...T, since: '2.2.0', summary: 'Makes the next EXEC fail if any of the given keys changes before it.', complexity: 'O(1) for every key.', handler: watchCommand },
  { name: 'unwatch', arity: 1, flags: 'noscript loading stale fast allow_busy', ...T, since: '2.2.0', summary: 'Forgets every key watched by this connection.', complexity: 'O(1)', handler: unwatchCommand },
];
