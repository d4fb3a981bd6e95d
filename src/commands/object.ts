// OBJECT ENCODING | REFCOUNT | IDLETIME | FREQ | HELP, plus the LRU/LFU stamp helpers
// they (and RESTORE IDLETIME/FREQ) need.
//
// Every key carries one 24-bit access stamp in the keyspace, read by OBJECT through peek()
// so inspecting a key does not count as using it. Its meaning follows maxmemory-policy,
// as in Redis:
//  - LRU policies and noeviction: the LRU clock (seconds, 24 bits, wrapping) of the last
//    access; OBJECT IDLETIME is the difference to the current clock.
//  - LFU policies: (minutes since the epoch mod 2^16) << 8 | a logarithmic counter. The
//    counter decays by one per lfu-decay-time minutes; OBJECT FREQ reports it decayed.

import type { CommandDef } from './spec.js';
import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';
import type { Value } from '../types/value.js';
import { ReplyError } from '../util/errors.js';
import { string2ll } from '../util/numbers.js';
import { now } from '../util/clock.js';
import { lruClock } from '../store/keyspace.js';
import { stringEncoding } from '../types/string.js';

export const LRU_CLOCK_MAX = (1 << 24) - 1;
export const LFU_INIT_VAL = 5;
/** refcount Redis reports for its shared objects (the integers 0..9999 among them). */
const OBJ_SHARED_REFCOUNT = 2147483647;
const OBJ_SHARED_INTEGERS = 10000;

// ---------------------------------------------------------------- policy and LFU math

/** True when maxmemory-policy is allkeys-lfu or volatile-lfu. */
export function isLfuPolicy(server: Server): boolean {
  const p = server.config.raw('maxmemory-policy');
  return p === 'allkeys-lfu' || p === 'volatile-lfu';
}

/** LRU and LFU policies make Redis stop sharing integer objects (when maxmemory is set). */
function noSharedIntegers(server: Server): boolean {
  const mm = server.config.raw('maxmemory');
  if (typeof mm !== 'number' || mm === 0) return false;
  const p = String(server.config.raw('maxmemory-policy'));
  return p.endsWith('-lru') || p.endsWith('-lfu');
}

/**
 * Keep every db's noSharedInts in step with maxmemory / maxmemory-policy, as Redis decides
 * at creation time whether a small integer value is a shared object. Call once the dbs
 * exist.
 */
export function bindIntSharing(server: Server): void {
  const apply = (): void => {
    const off = noSharedIntegers(server);
    for (const db of server.dbs) db.noSharedInts = off;
  };
  apply();
  server.config.on('maxmemory', apply);
  server.config.on('maxmemory-policy', apply);
}

function numConfig(server: Server, name: string, dflt: number): number {
  const v = server.config.raw(name);
  return typeof v === 'number' ? v : dflt;
}

/** LFUGetTimeInMinutes: minutes since the epoch, 16 bits. */
export function lfuMinutes(): number {
  return Math.floor(now() / 60000) & 65535;
}

/** A fresh LFU stamp with counter `freq` (RESTORE FREQ). */
export function lfuStampWithFreq(freq: number): number {
  return (lfuMinutes() << 8) | (freq & 255);
}

/** The stamp Redis gives a newly created object under an LFU policy. */
export function lfuInitStamp(): number {
  return lfuStampWithFreq(LFU_INIT_VAL);
}

/** LFUDecrAndReturn: the counter after `decayTime`-minute periods of decay. */
export function lfuDecayed(stamp: number, decayTime: number): number {
  const ldt = stamp >>> 8;
  const counter = stamp & 255;
  const t = lfuMinutes();
  const elapsed = t >= ldt ? t - ldt : 65535 - ldt + t;
  const periods = decayTime > 0 ? Math.floor(elapsed / decayTime) : 0;
  if (periods === 0) return counter;
  return periods > counter ? 0 : counter - periods;
}

/**
 * The stamp after one access under an LFU policy (updateLFU): decay, then a logarithmic
 * increment that gets less likely as the counter grows. A zero stamp means a new object.
 */
export function lfuAccess(stamp: number, logFactor: number, decayTime: number): number {
  if (stamp === 0) return lfuInitStamp();
  let counter = lfuDecayed(stamp, decayTime);
  if (counter < 255) {
    const base = Math.max(0, counter - LFU_INIT_VAL);
    if (Math.random() < 1 / (base * logFactor + 1)) counter++;
  }
  return (lfuMinutes() << 8) | counter;
}

/** Access-stamp function for the keyspace hook, following the server's current policy. */
export function accessStampFor(server: Server): (old: number) => number {
  // The policy is cached (this runs on every key access) and refreshed on CONFIG SET.
  let lfu = isLfuPolicy(server);
  server.config.on('maxmemory-policy', () => {
    lfu = isLfuPolicy(server);
  });
  return (old) =>
    lfu ? lfuAccess(old, numConfig(server, 'lfu-log-factor', 10), numConfig(server, 'lfu-decay-time', 1)) : lruClock();
}

// ---------------------------------------------------------------- string encodings

/** OBJECT ENCODING of any value (string rules live with the string type). */
export function encodingOf(v: Value): string {
  return typeof v === 'string' ? stringEncoding(v) : v.encoding();
}

// ---------------------------------------------------------------- OBJECT

/** objectCommandLookup: no LRU/LFU touch, but hits/misses are counted as Redis does. */
function lookup(c: Client, key: string): Value | undefined {
  const v = c.db.peek(key);
  if (v === undefined) {
    c.db.counters.keyspaceMisses++;
    c.reply.nullBulk();
  } else {
    c.db.counters.keyspaceHits++;
  }
  return v;
}

function encodingCommand(c: Client, argv: string[]): void {
  const v = lookup(c, argv[2]!);
  if (v !== undefined) c.reply.bulk(encodingOf(v));
}

function refcountCommand(c: Client, argv: string[]): void {
  const v = lookup(c, argv[2]!);
  if (v === undefined) return;
  // Sharing was decided when the value was stored (see Db.noSharedInts / isUnsharedInt).
  if (typeof v === 'string' && stringEncoding(v) === 'int' && !c.db.isUnsharedInt(argv[2]!)) {
    const n = string2ll(v)!;
    if (n >= 0 && n < OBJ_SHARED_INTEGERS) {
      c.reply.int(OBJ_SHARED_REFCOUNT);
      return;
    }
  }
  c.reply.int(1);
}

function idletimeCommand(c: Client, argv: string[]): void {
  const key = argv[2]!;
  const v = lookup(c, key);
  if (v === undefined) return;
  if (isLfuPolicy(c.server)) {
    throw new ReplyError('ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.');
  }
  const stamp = c.db.getAccessStamp(key);
  const clock = lruClock();
  const idle = clock >= stamp ? clock - stamp : clock + (LRU_CLOCK_MAX - stamp);
  c.reply.int(idle);
}

function freqCommand(c: Client, argv: string[]): void {
  const key = argv[2]!;
  const v = lookup(c, key);
  if (v === undefined) return;
  if (!isLfuPolicy(c.server)) {
    throw new ReplyError('ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.');
  }
  c.reply.int(lfuDecayed(c.db.getAccessStamp(key), numConfig(c.server, 'lfu-decay-time', 1)));
}

const HELP = [
  'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
  'HELP',
  '    Prints this help.',
];

function helpCommand(c: Client): void {
  c.reply.arrayLen(HELP.length);
  for (const line of HELP) c.reply.simple(line);
}

const NONDET = ['nondeterministic_output'];

export const objectCommands: CommandDef[] = [
  {
    name: 'object',
    arity: -2,
    flags: '',
    group: 'generic',
    since: '2.2.3',
    summary: 'Inspects how a key\'s value is stored and used.',
    complexity: 'Depends on subcommand.',
    subcommands: [
      { name: 'encoding', arity: 3, flags: 'readonly', keys: [2, 2, 1], acl: 'keyspace', group: 'generic', since: '2.2.3', summary: 'Names the internal representation of a key\'s value.', complexity: 'O(1)', tips: NONDET, handler: encodingCommand },
      { name: 'freq', arity: 3, flags: 'readonly', keys: [2, 2, 1], acl: 'keyspace', group: 'generic', since: '4.0.0', summary: 'The logarithmic access-frequency counter of a key (LFU policies).', complexity: 'O(1)', tips: NONDET, handler: freqCommand },
      { name: 'help', arity: 2, flags: 'loading stale', acl: 'keyspace', group: 'generic', since: '6.2.0', summary: 'Lists the OBJECT subcommands.', complexity: 'O(1)', handler: helpCommand },
      { name: 'idletime', arity: 3, flags: 'readonly', keys: [2, 2, 1], acl: 'keyspace', group: 'generic', since: '2.2.3', summary: 'Seconds since a key was last read or written (LRU policies).', complexity: 'O(1)', tips: NONDET, handler: idletimeCommand },
      { name: 'refcount', arity: 3, flags: 'readonly', keys: [2, 2, 1], acl: 'keyspace', group: 'generic', since: '2.2.3', summary: 'How many references the value of a key has.', complexity: 'O(1)', tips: NONDET, handler: refcountCommand },
    ],
  },
];
