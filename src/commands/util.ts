// Helpers shared by command handlers: typed key lookups that throw WRONGTYPE, the
// write epilogue (signal + dirty), and small argument parsers.

import type { Client } from '../server/client.js';
import type { Db } from '../store/keyspace.js';
import { ObjType, type RedisObject, type Value } from '../types/value.js';
import { ReplyError, WRONGTYPE } from '../util/errors.js';

/** Value of key for reading, or undefined; WRONGTYPE unless it is of `type`. */
export function lookupRead<T extends RedisObject>(c: Client, key: string, type: ObjType): T | undefined {
  const v = c.db.get(key);
  if (v === undefined) return undefined;
  if (typeof v === 'string' ? type !== ObjType.String : v.type !== type) throw new ReplyError(WRONGTYPE);
  return v as T;
}

/** Value of key for writing, or undefined; WRONGTYPE unless it is of `type`. */
export function lookupWrite<T extends RedisObject>(c: Client, key: string, type: ObjType): T | undefined {
  const v = c.db.getForWrite(key);
  if (v === undefined) return undefined;
  if (typeof v === 'string' ? type !== ObjType.String : v.type !== type) throw new ReplyError(WRONGTYPE);
  return v as T;
}

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

export function isString(v: Value): v is string {
  return typeof v === 'string';
}
