// Shared by command handlers: the write epilogue (signal + keyspace event + dirty) and
// the db-index argument.

import type { Client } from '../server/client.js';
import type { Db } from '../store/keyspace.js';
import { ReplyError, ERR_NOT_INTEGER, ERR_DB_INDEX } from '../util/errors.js';
import { string2ll } from '../util/numbers.js';

/**
 * The end of every write: modified-key hooks (WATCH, tracking, blocked clients), the
 * keyspace event, and the dirty counter that drives propagation and saves.
 */
export function keyWritten(c: Client, db: Db, key: string, eventClass: string, event: string, dirty = 1): void {
  const server = c.server;
  server.signalModifiedKey(db, key);
  server.notifyKeyspaceEvent(eventClass, event, key, db.id);
  server.dirty += dirty;
}

/**
 * A db index argument (SELECT, MOVE, COPY DB): Redis's getIntFromObjectOrReply (an int64
 * outside int range has its own message), then the range of configured databases.
 */
export function dbIndexArg(c: Client, s: string): number {
  const v = string2ll(s);
  if (v === null) throw new ReplyError(ERR_NOT_INTEGER);
  if (v < -2147483648 || v > 2147483647) {
    throw new ReplyError('ERR value is out of range, value must between -2147483648 and 2147483647');
  }
  const n = Number(v);
  if (n < 0 || n >= c.server.dbs.length) throw new ReplyError(ERR_DB_INDEX);
  return n;
}
