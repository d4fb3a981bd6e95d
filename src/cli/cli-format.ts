// tsredis-cli reply formatting: the three output styles of redis-cli 7.0.
//
//   formatTTY  - the human format used when stdout is a terminal (or --no-raw):
//                OK, (integer) 1, "bar", (nil), numbered and indented aggregates,
//                RESP3 maps as `1# "k" => "v"` and sets as `1~ ...`.
//   formatRaw  - the format used when stdout is not a terminal (or --raw): bare values,
//                aggregate elements joined by the -d delimiter.
//   formatCSV  - --csv.
//
// All functions take and return latin1 strings (one char per byte); the caller writes
// them with Buffer.from(s, 'latin1') so binary replies come out byte for byte.

import {
  type Reply, repr,
  REPLY_STRING, REPLY_ARRAY, REPLY_INTEGER, REPLY_NIL, REPLY_STATUS, REPLY_ERROR,
  REPLY_DOUBLE, REPLY_BOOL, REPLY_MAP, REPLY_SET, REPLY_PUSH, REPLY_VERB,
} from './cli-reply.js';

/** A reply type redis-cli cannot print: it reports it and exits 1. */
export class UnknownReplyTypeError extends Error {
  constructor(readonly replyType: number) {
    super(`Unknown reply type: ${replyType}`);
  }
}

function isAggregate(t: number): boolean {
  return t === REPLY_ARRAY || t === REPLY_MAP || t === REPLY_SET || t === REPLY_PUSH;
}

/** Whether formatTTY renders r on more than one line (map values then start a new line). */
function isMultiline(r: Reply): boolean {
  switch (r.type) {
    case REPLY_ARRAY:
    case REPLY_SET:
    case REPLY_PUSH:
      if (r.elements.length === 0) return false;
      if (r.elements.length > 1) return true;
      return isMultiline(r.elements[0]!);
    case REPLY_MAP:
      if (r.elements.length === 0) return false;
      if (r.elements.length > 2) return true;
      return isMultiline(r.elements[1]!);
    default:
      return false;
  }
}

/** The terminal format. prefix is the indentation of the enclosing aggregate. */
export function formatTTY(r: Reply, prefix = ''): string {
  switch (r.type) {
    case REPLY_ERROR:
      return `(error) ${cstr(r.str)}\n`;
    case REPLY_STATUS:
      return `${cstr(r.str)}\n`;
    case REPLY_INTEGER:
      return `(integer) ${r.integer}\n`;
    case REPLY_DOUBLE:
      return `(double) ${cstr(r.str)}\n`;
    case REPLY_STRING:
      return repr(r.str) + '\n';
    case REPLY_VERB:
      return r.str + '\n';
    case REPLY_NIL:
      return '(nil)\n';
    case REPLY_BOOL:
      return r.integer ? '(true)\n' : '(false)\n';
    case REPLY_ARRAY:
    case REPLY_MAP:
    case REPLY_SET:
    case REPLY_PUSH: {
      const els = r.elements;
      if (els.length === 0) {
        if (r.type === REPLY_ARRAY) return '(empty array)\n';
        if (r.type === REPLY_MAP) return '(empty hash)\n';
        if (r.type === REPLY_SET) return '(empty set)\n';
        return '(empty push)\n';
      }
      const isMap = r.type === REPLY_MAP;
      const count = isMap ? els.length >> 1 : els.length;
      const idxlen = String(count).length;
      const childPrefix = prefix + ' '.repeat(idxlen + 2);
      const sep = r.type === REPLY_SET ? '~' : isMap ? '#' : ')';
      let out = '';
      for (let i = 0; i < els.length; i++) {
        const human = (isMap ? i >> 1 : i) + 1;
        // The first element goes right after the index the parent already printed.
        out += (i === 0 ? '' : prefix) + String(human).padStart(idxlen, ' ') + sep + ' ';
        out += formatTTY(els[i]!, childPrefix);
        if (isMap) {
          i++;
          out = out.slice(0, -1) + ' => ';
          const v = els[i]!;
          if (isMultiline(v)) out += '\n' + childPrefix;
          out += formatTTY(v, childPrefix);
        }
      }
      return out;
    }
    default:
      throw new UnknownReplyTypeError(r.type);
  }
}

/** The non-terminal format (no trailing command delimiter; the caller adds -D). */
export function formatRaw(r: Reply, mbDelim = '\n'): string {
  switch (r.type) {
    case REPLY_NIL:
      return '';
    case REPLY_ERROR:
      return r.str + '\n';
    case REPLY_STATUS:
    case REPLY_STRING:
    case REPLY_VERB:
      return r.str;
    case REPLY_BOOL:
      return r.integer ? '(true)' : '(false)';
    case REPLY_INTEGER:
      return String(r.integer);
    case REPLY_DOUBLE:
      return cstr(r.str);
    case REPLY_SET:
    case REPLY_ARRAY:
    case REPLY_PUSH: {
      let out = '';
      for (let i = 0; i < r.elements.length; i++) {
        if (i > 0) out += mbDelim;
        out += formatRaw(r.elements[i]!, mbDelim);
      }
      return out;
    }
    case REPLY_MAP: {
      let out = '';
      for (let i = 0; i < r.elements.length; i += 2) {
        if (i > 0) out += mbDelim;
        out += formatRaw(r.elements[i]!, mbDelim) + ' ' + formatRaw(r.elements[i + 1]!, mbDelim);
      }
      return out;
    }
    default:
      throw new UnknownReplyTypeError(r.type);
  }
}

/** --csv (no trailing newline; the caller adds it). */
export function formatCSV(r: Reply): string {
  switch (r.type) {
    case REPLY_ERROR:
      return 'ERROR,' + repr(cstr(r.str));
    case REPLY_STATUS:
    case REPLY_STRING:
    case REPLY_VERB:
      return repr(r.str);
    case REPLY_INTEGER:
      return String(r.integer);
    case REPLY_DOUBLE:
      return cstr(r.str);
    case REPLY_NIL:
      return 'NULL';
    case REPLY_BOOL:
      return r.integer ? 'true' : 'false';
    case REPLY_ARRAY:
    case REPLY_SET:
    case REPLY_PUSH:
    case REPLY_MAP: // CSV has no map type: a flat list.
      return r.elements.map(formatCSV).join(',');
    default:
      throw new UnknownReplyTypeError(r.type);
  }
}

/** Client-tracking invalidation push: ["invalidate", [keys...]]. */
export function isInvalidate(r: Reply): boolean {
  return r.type === REPLY_PUSH && r.elements.length === 2 &&
    r.elements[0]!.type === REPLY_STRING && r.elements[0]!.str.startsWith('invalidate') &&
    r.elements[1]!.type === REPLY_ARRAY;
}

/** How redis-cli shows an invalidation push on a terminal. */
export function formatInvalidateTTY(r: Reply): string {
  const keys = r.elements[1]!.elements;
  return '-> invalidate: ' + keys.map((k) => `'${cstr(k.str)}'`).join(', ') + '\n';
}

/** Strings printed with %s in C stop at the first NUL byte. */
function cstr(s: string): string {
  const z = s.indexOf('\0');
  return z === -1 ? s : s.slice(0, z);
}

export { isAggregate };
