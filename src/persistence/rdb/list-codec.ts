// How the RDB codec sees lists: as quicklist nodes when saving, and as a flat element
// array to build a list from when loading.
//
// Node boundaries are rebuilt the way a quicklist filled from the tail splits them
// (Redis 7.0's _quicklistNodeAllowInsert under list-max-listpack-size): a node takes
// the next element while its listpack plus the element plus 8 bytes of estimated
// overhead stays within the size limit (negative fill), or while it holds fewer than
// `fill` elements and stays within 8 KiB (positive fill). That is the layout RPUSH and
// RESTORE of RPUSH-built payloads produce, so DUMP matches Redis byte for byte for such
// lists. Lists built otherwise (LPUSH, LINSERT, LREM, a fill changed after the fact, old
// payloads with other node boundaries) hold the same elements but Redis keeps its own
// node boundaries, so their payloads can differ from Redis's (they restore identically).

import type { RedisObject, Value } from '../../types/value.js';
import { ListValue } from '../../types/list.js';
import { lpEntrySize } from './listpack.js';

export interface ListNode {
  plain: boolean;
  items: string[];
  /** Listpack bytes of the node. */
  bytes: number;
}

const OPTIMIZATION_LEVEL = [4096, 8192, 16384, 32768, 65536];
const SIZE_SAFETY_LIMIT = 8192;
const SIZE_ESTIMATE_OVERHEAD = 8;
const FILL_MAX = 32767;

/** Split elements into quicklist nodes as tail pushes under `fill` would. */
export function quicklistNodes(items: Iterable<string>, fill: number): ListNode[] {
  if (fill > FILL_MAX) fill = FILL_MAX;
  else if (fill < -5) fill = -5;
  const limit = fill < 0 ? OPTIMIZATION_LEVEL[-fill - 1]! : 0;
  const nodes: ListNode[] = [];
  let cur: ListNode | null = null;
  for (const s of items) {
    if (cur !== null) {
      const newSz = cur.bytes + s.length + SIZE_ESTIMATE_OVERHEAD;
      const ok = fill < 0 ? newSz <= limit : newSz <= SIZE_SAFETY_LIMIT && cur.items.length < fill;
      if (ok) {
        cur.items.push(s);
        cur.bytes += lpEntrySize(s);
        continue;
      }
    }
    cur = { plain: false, items: [s], bytes: 7 + lpEntrySize(s) };
    nodes.push(cur);
  }
  return nodes;
}

/** How the codec builds and reads lists (a seam kept for a list type with real nodes). */
export const listCodec = {
  create(items: string[], _fill: number): Value {
    return new ListValue(items);
  },
  nodes(v: RedisObject, fill: number): ListNode[] {
    return quicklistNodes(v instanceof ListValue ? v.toArray() : (v as unknown as Iterable<string>), fill);
  },
};
