// Value representation shared by the keyspace and the commands.
// A string value is a latin1 JS string (one char per byte); collections and mutable
// string buffers are objects implementing RedisObject with a numeric type tag.

export const enum ObjType {
  String = 0,
  List = 1,
  Set = 2,
  ZSet = 3,
  Hash = 4,
  Stream = 6,
}

export const TYPE_NAMES: Record<number, string> = {
  0: 'string',
  1: 'list',
  2: 'set',
  3: 'zset',
  4: 'hash',
  6: 'stream',
};

/** Every non-plain-string value implements this. */
export interface RedisObject {
  readonly type: ObjType;
  /** OBJECT ENCODING name ("raw", "listpack", "hashtable", "quicklist", ...). */
  encoding(): string;
  /** An independent deep copy with the same encoding (COPY); COPY errors without it. */
  clone?(): RedisObject;
}

export type Value = string | RedisObject;

export function typeOf(v: Value): ObjType {
  return typeof v === 'string' ? ObjType.String : v.type;
}

export function typeName(v: Value): string {
  return TYPE_NAMES[typeOf(v)]!;
}
