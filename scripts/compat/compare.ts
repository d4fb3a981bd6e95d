// Reply comparison for differential fuzzing: byte for byte, except the few shapes where
// Redis itself is nondeterministic (see CompareMode in gen.ts).

import { replyLength } from './conn.js';
import type { CompareMode } from './gen.js';

interface Aggregate {
  type: string;
  count: number;
  elems: string[];
}

/** Split an array/set/map/push reply into its top-level element replies (raw). */
export function splitAggregate(raw: string): Aggregate | null {
  const type = raw[0]!;
  if (!'*~%>'.includes(type)) return null;
  const nl = raw.indexOf('\r\n');
  const count = parseInt(raw.slice(1, nl), 10);
  if (count < 0) return null;
  const elems: string[] = [];
  let p = nl + 2;
  const n = type === '%' ? count * 2 : count;
  for (let i = 0; i < n; i++) {
    const l = replyLength(raw, p);
    if (l < 0) return null;
    elems.push(raw.slice(p, p + l));
    p += l;
  }
  return { type, count, elems };
}

function sortedElems(agg: Aggregate, pairs: boolean): string[] {
  if (!pairs) return [...agg.elems].sort();
  const out: string[] = [];
  for (let i = 0; i + 1 < agg.elems.length; i += 2) out.push(agg.elems[i]! + agg.elems[i + 1]!);
  return out.sort();
}

function unorderedEqual(a: string, b: string, pairs: boolean): boolean {
  if (a === b) return true;
  const x = splitAggregate(a);
  const y = splitAggregate(b);
  if (!x || !y || x.type !== y.type || x.count !== y.count) return false;
  const sx = sortedElems(x, pairs || x.type === '%');
  const sy = sortedElems(y, pairs || y.type === '%');
  return sx.every((e, i) => e === sy[i]);
}

/** Same reply type; same length for aggregates; both null or both non-null. */
function sameShape(a: string, b: string): boolean {
  if (a === b) return true;
  if (a[0] !== b[0]) return false;
  if (a[0] === '-') return a === b;
  if ('*~%$'.includes(a[0]!)) {
    const la = a.slice(0, a.indexOf('\r\n'));
    const lb = b.slice(0, b.indexOf('\r\n'));
    if (a[0] === '$') return (la === '$-1') === (lb === '$-1');
    return la === lb;
  }
  return true;
}

function scanEqual(a: string, b: string): boolean {
  if (a === b) return true;
  const x = splitAggregate(a);
  const y = splitAggregate(b);
  if (!x || !y || x.count !== 2 || y.count !== 2) return false;
  // Both finished in one call: the element sets must be equal. Otherwise Redis only
  // promises eventual coverage, which one call cannot check.
  if (x.elems[0] === '$1\r\n0\r\n' && y.elems[0] === '$1\r\n0\r\n') return unorderedEqual(x.elems[1]!, y.elems[1]!, false);
  return x.elems[1]![0] === y.elems[1]![0];
}

/** RDB object types whose payload order is a hashtable's: set (2), zset2 (5), hash (4). */
const HASHTABLE_RDB_TYPES = new Set([2, 4, 5]);

function dumpEqual(a: string, b: string): boolean {
  if (a === b) return true;
  const m = /^\$(\d+)\r\n/.exec(a);
  if (!m || !b.startsWith(m[0])) return false;
  const type = a.charCodeAt(m[0].length);
  return type === b.charCodeAt(m[0].length) && HASHTABLE_RDB_TYPES.has(type);
}

function approxEqual(a: string, b: string, tol: number): boolean {
  if (a === b) return true;
  if (a[0] !== ':' || b[0] !== ':') return false;
  const x = Number(a.slice(1, -2));
  const y = Number(b.slice(1, -2));
  if (x < 0 || y < 0) return false; // -1 / -2 are exact answers
  return Math.abs(x - y) <= tol;
}

/** Whether two raw replies agree under a compare mode. */
export function repliesAgree(mode: CompareMode, a: string, b: string): boolean {
  if (typeof mode === 'object') return approxEqual(a, b, mode.approx);
  switch (mode) {
    case 'exact': return a === b;
    case 'skip': return true;
    case 'unordered': return unorderedEqual(a, b, false);
    case 'unordered-pairs': return unorderedEqual(a, b, true);
    case 'scan': return scanEqual(a, b);
    case 'shape': return sameShape(a, b);
    case 'dump': return dumpEqual(a, b);
  }
}
