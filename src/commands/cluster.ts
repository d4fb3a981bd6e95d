// CLUSTER subcommands, READONLY, READWRITE, ASKING. The state they act on is
// src/cluster/state.ts; with cluster-enabled no they answer as Redis 7.0 does then.

import type { Client } from '../server/client.js';
import type { CommandDef } from './spec.js';
import { ReplyError } from '../util/errors.js';
import { string2ll } from '../util/numbers.js';
import { CLUSTER_SLOTS, keyHashSlot } from '../cluster/slots.js';
import type { ClusterNode, ClusterState } from '../cluster/state.js';
import { replyHelp } from './server.js';
import { FORGET_TTL_MS } from '../cluster/bus.js';

const DISABLED = 'ERR This instance has cluster support disabled';

function cluster(c: Client): ClusterState {
  const st = (c.server as unknown as { cluster: ClusterState | null }).cluster;
  if (st === null || st === undefined) throw new ReplyError(DISABLED);
  return st;
}

/** A slot argument (getSlotOrReply). */
function slotArg(s: string): number {
  const v = string2ll(s);
  if (v === null || v < 0 || v >= CLUSTER_SLOTS) throw new ReplyError('ERR Invalid or out of range slot');
  return Number(v);
}

function nodeArg(st: ClusterState, id: string): ClusterNode {
  const n = st.nodes.get(id);
  if (n === undefined) throw new ReplyError(`ERR Unknown node ${id}`);
  return n;
}

function infoCommand(c: Client): void {
  const st = cluster(c);
  const assigned = st.assignedSlots();
  const lines = [
    `cluster_state:${st.isOk() ? 'ok' : 'fail'}`,
    `cluster_slots_assigned:${assigned}`,
    `cluster_slots_ok:${assigned}`,
    'cluster_slots_pfail:0',
    'cluster_slots_fail:0',
    `cluster_known_nodes:${st.nodes.size}`,
    `cluster_size:${st.size()}`,
    `cluster_current_epoch:${st.currentEpoch}`,
    `cluster_my_epoch:${st.myself.configEpoch}`,
    `cluster_stats_messages_sent:${st.statsSent}`,
    `cluster_stats_messages_received:${st.statsReceived}`,
    'total_cluster_links_buffer_limit_exceeded:0',
  ];
  c.reply.verbatim(lines.join('\r\n') + '\r\n');
}

function myidCommand(c: Client): void {
  c.reply.bulk(cluster(c).myself.id);
}

function nodesCommand(c: Client): void {
  c.reply.verbatim(cluster(c).nodesText(false));
}

function slotsCommand(c: Client): void {
  const st = cluster(c);
  const ranges: [number, number, ClusterNode][] = [];
  for (const n of st.nodes.values()) for (const [a, b] of st.slotRanges(n)) ranges.push([a, b, n]);
  ranges.sort((x, y) => x[0] - y[0]);
  c.reply.arrayLen(ranges.length);
  for (const [a, b, n] of ranges) {
    c.reply.arrayLen(3);
    c.reply.int(a);
    c.reply.int(b);
    c.reply.arrayLen(4);
    c.reply.bulk(n.ip);
    c.reply.int(n.port);
    c.reply.bulk(n.id);
    c.reply.mapLen(0);
  }
}

function shardsCommand(c: Client): void {
  const st = cluster(c);
  const masters = [...st.nodes.values()].filter((n) => n.flags.includes('master'));
  c.reply.arrayLen(masters.length);
  for (const n of masters) {
    c.reply.mapLen(2);
    c.reply.bulk('slots');
    const ranges = st.slotRanges(n);
    c.reply.arrayLen(ranges.length * 2);
    for (const [a, b] of ranges) {
      c.reply.int(a);
      c.reply.int(b);
    }
    c.reply.bulk('nodes');
    c.reply.arrayLen(1);
    c.reply.mapLen(7);
    c.reply.bulk('id');
    c.reply.bulk(n.id);
    c.reply.bulk('port');
    c.reply.int(n.port);
    c.reply.bulk('ip');
    c.reply.bulk(n.ip);
    c.reply.bulk('endpoint');
    c.reply.bulk(n.ip);
    c.reply.bulk('role');
    c.reply.bulk('master');
    c.reply.bulk('replication-offset');
    c.reply.int(0);
    c.reply.bulk('health');
    c.reply.bulk(n.linkState === 'connected' ? 'online' : 'failed');
  }
}

function keyslotCommand(c: Client, argv: string[]): void {
  cluster(c);
  c.reply.int(keyHashSlot(argv[2]!));
}

function countKeysInSlotCommand(c: Client, argv: string[]): void {
  cluster(c);
  const v = string2ll(argv[2]!);
  if (v === null || v < 0 || v >= CLUSTER_SLOTS) throw new ReplyError('ERR Invalid slot');
  const slot = Number(v);
  // No per-slot index yet: a walk of the keyspace (O(N), Redis is O(1)).
  let n = 0;
  c.db.forEachKey((key) => {
    if (keyHashSlot(key) === slot) n++;
  });
  c.reply.int(n);
}

function getKeysInSlotCommand(c: Client, argv: string[]): void {
  cluster(c);
  const s = string2ll(argv[2]!);
  const count = string2ll(argv[3]!);
  if (s === null || count === null || s < 0 || s >= CLUSTER_SLOTS || count < 0) throw new ReplyError('ERR Invalid slot or number of keys');
  const slot = Number(s);
  const max = Number(count);
  const keys: string[] = [];
  c.db.forEachKey((key) => {
    if (keys.length < max && keyHashSlot(key) === slot) keys.push(key);
  });
  c.reply.bulkArray(keys);
}

/** Validate then assign/unassign the given slots (all or nothing, as Redis). */
function changeSlots(c: Client, slots: number[], add: boolean): void {
  const st = cluster(c);
  const seen = new Set<number>();
  for (const s of slots) {
    if (add && st.slots[s] !== null) throw new ReplyError(`ERR Slot ${s} is already busy`);
    if (!add && st.slots[s] === null) throw new ReplyError(`ERR Slot ${s} is already unassigned`);
    if (seen.has(s)) throw new ReplyError(`ERR Slot ${s} specified multiple times`);
    seen.add(s);
  }
  for (const s of slots) {
    if (add) {
      st.slots[s] = st.myself;
      // Assigning a slot being imported ends the import (clusterAddSlot).
      st.importing.delete(s);
    } else {
      st.slots[s] = null;
    }
  }
  st.save();
  c.reply.ok();
}

function addSlotsCommand(c: Client, argv: string[]): void {
  cluster(c);
  changeSlots(c, argv.slice(2).map(slotArg), true);
}

function delSlotsCommand(c: Client, argv: string[]): void {
  cluster(c);
  changeSlots(c, argv.slice(2).map(slotArg), false);
}

function rangeSlots(argv: string[]): number[] {
  if (argv.length % 2 === 1) throw new ReplyError(`ERR wrong number of arguments for 'cluster|${argv[1]!.toLowerCase()}' command`);
  const out: number[] = [];
  const pairs: [number, number][] = [];
  for (let i = 2; i < argv.length; i += 2) {
    const a = slotArg(argv[i]!);
    const b = slotArg(argv[i + 1]!);
    if (a > b) throw new ReplyError(`ERR start slot number ${a} is greater than end slot number ${b}`);
    pairs.push([a, b]);
  }
  for (const [a, b] of pairs) for (let s = a; s <= b; s++) out.push(s);
  return out;
}

function addSlotsRangeCommand(c: Client, argv: string[]): void {
  cluster(c);
  changeSlots(c, rangeSlots(argv), true);
}

function delSlotsRangeCommand(c: Client, argv: string[]): void {
  cluster(c);
  changeSlots(c, rangeSlots(argv), false);
}

function flushSlotsCommand(c: Client): void {
  const st = cluster(c);
  if (c.server.dbs[0]!.size !== 0) throw new ReplyError("ERR DB must be empty to perform CLUSTER FLUSHSLOTS.");
  for (let s = 0; s < CLUSTER_SLOTS; s++) if (st.slots[s] === st.myself) st.slots[s] = null;
  st.save();
  c.reply.ok();
}

function setSlotCommand(c: Client, argv: string[]): void {
  const st = cluster(c);
  if (st.myself.flags.includes('slave')) throw new ReplyError('ERR Please use SETSLOT only with masters.');
  const slot = slotArg(argv[2]!);
  const action = argv[3]!.toLowerCase();
  if (action === 'migrating' && argv.length === 5) {
    if (st.slots[slot] !== st.myself) throw new ReplyError(`ERR I'm not the owner of hash slot ${slot}`);
    const n = st.nodes.get(argv[4]!);
    if (n === undefined) throw new ReplyError(`ERR I don't know about node ${argv[4]!}`);
    if (n.flags.includes('slave')) throw new ReplyError('ERR Target node is not a master');
    st.migrating.set(slot, n);
  } else if (action === 'importing' && argv.length === 5) {
    if (st.slots[slot] === st.myself) throw new ReplyError(`ERR I'm already the owner of hash slot ${slot}`);
    const n = st.nodes.get(argv[4]!);
    if (n === undefined) throw new ReplyError(`ERR I don't know about node ${argv[4]!}`);
    if (n.flags.includes('slave')) throw new ReplyError('ERR Target node is not a master');
    st.importing.set(slot, n);
  } else if (action === 'stable' && argv.length === 4) {
    st.migrating.delete(slot);
    st.importing.delete(slot);
  } else if (action === 'node' && argv.length === 5) {
    const n = nodeArg(st, argv[4]!);
    if (n.flags.includes('slave')) throw new ReplyError('ERR Target node is not a master');
    if (st.slots[slot] === st.myself && n !== st.myself) {
      // Giving away a slot that still holds keys here is refused.
      let keys = 0;
      c.server.dbs[0]!.forEachKey((k) => {
        if (keyHashSlot(k) === slot) keys++;
      });
      if (keys !== 0) throw new ReplyError(`ERR Can't assign hashslot ${slot} to a different node while I still hold keys for this hash slot.`);
    }
    if (n === st.myself) st.migrating.delete(slot);
    if (n === st.myself && st.importing.has(slot)) {
      st.importing.delete(slot);
      // Redis bumps the config epoch when an import completes without agreement.
      st.currentEpoch++;
      st.myself.configEpoch = st.currentEpoch;
    }
    if (n !== st.myself) st.migrating.delete(slot);
    st.slots[slot] = n;
  } else {
    throw new ReplyError('ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP');
  }
  st.save();
  c.reply.ok();
}

function forgetCommand(c: Client, argv: string[]): void {
  const st = cluster(c);
  const n = nodeArg(st, argv[2]!);
  if (n === st.myself) throw new ReplyError("ERR I tried hard but I can't forget myself...");
  if (st.myself.flags.includes('slave') && st.myself.masterId === n.id) throw new ReplyError("ERR Can't forget my master!");
  st.nodes.delete(n.id);
  st.bus?.forgotten.set(n.id, Date.now() + FORGET_TTL_MS);
  st.bus?.dropLink(n.id);
  for (let s = 0; s < CLUSTER_SLOTS; s++) if (st.slots[s] === n) st.slots[s] = null;
  st.save();
  c.reply.ok();
}

function countFailureReportsCommand(c: Client, argv: string[]): void {
  nodeArg(cluster(c), argv[2]!);
  c.reply.int(0);
}

function replicasCommand(c: Client, argv: string[]): void {
  const st = cluster(c);
  const n = nodeArg(st, argv[2]!);
  if (n.flags.includes('slave')) throw new ReplyError('ERR The specified node is not a master');
  const lines: string[] = [];
  for (const r of st.nodes.values()) if (r.masterId === n.id) lines.push(st.nodeLine(r, false));
  c.reply.bulkArray(lines);
}

function bumpEpochCommand(c: Client): void {
  const st = cluster(c);
  // Bumped only when this node's epoch is 0 or not the greatest (clusterBumpConfigEpochWithoutConsensus).
  let max = 0;
  for (const n of st.nodes.values()) max = Math.max(max, n.configEpoch);
  if (st.myself.configEpoch === 0 || st.myself.configEpoch !== max) {
    st.currentEpoch++;
    st.myself.configEpoch = st.currentEpoch;
    st.save();
    c.reply.simple(`BUMPED ${st.myself.configEpoch}`);
  } else {
    c.reply.simple(`STILL ${st.myself.configEpoch}`);
  }
}

function setConfigEpochCommand(c: Client, argv: string[]): void {
  const st = cluster(c);
  const v = string2ll(argv[2]!);
  if (v === null) throw new ReplyError('ERR value is not an integer or out of range');
  if (v < 0) throw new ReplyError(`ERR Invalid config epoch specified: ${argv[2]!}`);
  if (st.nodes.size > 1) throw new ReplyError('ERR The user can assign a config epoch only when the node does not know any other node.');
  if (st.myself.configEpoch !== 0) throw new ReplyError('ERR Node config epoch is already non-zero');
  st.myself.configEpoch = Number(v);
  if (st.currentEpoch < st.myself.configEpoch) st.currentEpoch = st.myself.configEpoch;
  st.save();
  c.reply.ok();
}

function resetCommand(c: Client, argv: string[]): void {
  const st = cluster(c);
  let hard = false;
  if (argv.length === 3) {
    const m = argv[2]!.toLowerCase();
    if (m === 'hard') hard = true;
    else if (m !== 'soft') throw new ReplyError('ERR syntax error');
  } else if (argv.length > 3) throw new ReplyError('ERR syntax error');
  if (st.myself.flags.includes('master') && c.server.dbs[0]!.size !== 0) {
    throw new ReplyError("ERR CLUSTER RESET can't be called with master nodes containing keys");
  }
  st.reset(hard);
  c.reply.ok();
}

function saveConfigCommand(c: Client): void {
  cluster(c).save();
  c.reply.ok();
}

function linksCommand(c: Client): void {
  cluster(c);
  c.reply.arrayLen(0);
}

function meetCommand(c: Client, argv: string[]): void {
  cluster(c);
  const port = string2ll(argv[3]!);
  if (port === null) throw new ReplyError(`ERR Invalid TCP base port specified: ${argv[3]!}`);
  if (argv.length > 5) throw new ReplyError('ERR syntax error');
  if (argv.length === 5 && string2ll(argv[4]!) === null) throw new ReplyError(`ERR Invalid TCP bus port specified: ${argv[4]!}`);
  const ip = argv[2]!;
  const validIp = /^(\d{1,3}\.){3}\d{1,3}$/.test(ip) || (ip.includes(':') && /^[0-9a-fA-F:.]+$/.test(ip));
  if (!validIp || port < 0 || port > 65535) throw new ReplyError(`ERR Invalid node address specified: ${ip}:${argv[3]!}`);
  // tsredis's own bus (src/cluster/bus.ts): the handshake completes in the background.
  const st = cluster(c);
  st.bus?.meet(ip, Number(port), argv.length === 5 ? Number(argv[4]) : Number(port) + 10000);
  c.reply.ok();
}

function failoverCommand(c: Client, argv: string[]): void {
  const st = cluster(c);
  if (argv.length > 3) throw new ReplyError('ERR syntax error');
  if (argv.length === 3 && !['force', 'takeover'].includes(argv[2]!.toLowerCase())) throw new ReplyError('ERR syntax error');
  if (!st.myself.flags.includes('slave')) throw new ReplyError('ERR You should send CLUSTER FAILOVER to a replica');
  throw new ReplyError('ERR CLUSTER FAILOVER is not supported by tsredis yet');
}

function replicateCommand(c: Client, argv: string[]): void {
  const st = cluster(c);
  const n = nodeArg(st, argv[2]!);
  if (n === st.myself) throw new ReplyError("ERR Can't replicate myself");
  throw new ReplyError('ERR CLUSTER REPLICATE is not supported by tsredis yet');
}

function readonlyCommand(c: Client): void {
  cluster(c).readonly.add(c);
  c.reply.ok();
}

function readwriteCommand(c: Client): void {
  cluster(c).readonly.delete(c);
  c.reply.ok();
}

function askingCommand(c: Client): void {
  cluster(c).asking.add(c);
  c.reply.ok();
}

/** CLUSTER HELP: Redis 7.0's text (clients and tools may parse it). */
const CLUSTER_HELP = [
  'CLUSTER <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'ADDSLOTS <slot> [<slot> ...]',
  '    Assign slots to current node.',
  'ADDSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]',
  '    Assign slots which are between <start-slot> and <end-slot> to current node.',
  'BUMPEPOCH',
  '    Advance the cluster config epoch.',
  'COUNT-FAILURE-REPORTS <node-id>',
  '    Return number of failure reports for <node-id>.',
  'COUNTKEYSINSLOT <slot>',
  '    Return the number of keys in <slot>.',
  'DELSLOTS <slot> [<slot> ...]',
  '    Delete slots information from current node.',
  'DELSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]',
  '    Delete slots information which are between <start-slot> and <end-slot> from current node.',
  'FAILOVER [FORCE|TAKEOVER]',
  '    Promote current replica node to being a master.',
  'FORGET <node-id>',
  '    Remove a node from the cluster.',
  'GETKEYSINSLOT <slot> <count>',
  '    Return key names stored by current node in a slot.',
  'FLUSHSLOTS',
  '    Delete current node own slots information.',
  'INFO',
  '    Return information about the cluster.',
  'KEYSLOT <key>',
  '    Return the hash slot for <key>.',
  'MEET <ip> <port> [<bus-port>]',
  '    Connect nodes into a working cluster.',
  'MYID',
  '    Return the node id.',
  'NODES',
  '    Return cluster configuration seen by node. Output format:',
  '    <id> <ip:port> <flags> <master> <pings> <pongs> <epoch> <link> <slot> ...',
  'REPLICATE <node-id>',
  '    Configure current node as replica to <node-id>.',
  'RESET [HARD|SOFT]',
  '    Reset current node (default: soft).',
  'SET-CONFIG-EPOCH <epoch>',
  '    Set config epoch of current node.',
  'SETSLOT <slot> (IMPORTING <node-id>|MIGRATING <node-id>|STABLE|NODE <node-id>)',
  '    Set slot state.',
  'REPLICAS <node-id>',
  '    Return <node-id> replicas.',
  'SAVECONFIG',
  '    Force saving cluster configuration on disk.',
  'SLOTS',
  '    Return information about slots range mappings. Each range is made of:',
  '    start, end, master and replicas IP addresses, ports and ids',
  'SHARDS',
  '    Return information about slot range mappings and the nodes associated with them.',
  'LINKS',
  '    Return information about all network links between this node and its peers.',
  '    Output format is an array where each array element is a map containing attributes of a link',
  'HELP',
  '    Prints this help.',
];

const ADMIN = 'admin stale no_async_loading';
const C = { group: 'cluster', acl: '' } as const;

export const clusterCommands: CommandDef[] = [
  {
    name: 'cluster', arity: -2, flags: '', group: 'cluster', since: '3.0.0', summary: 'A container for Redis Cluster commands.', complexity: 'Depends on subcommand.',
    subcommands: [
      { name: 'help', arity: 2, flags: 'loading stale', ...C, since: '5.0.0', summary: 'Lists the CLUSTER subcommands.', complexity: 'O(1)', handler: (c) => { cluster(c); replyHelp(c, CLUSTER_HELP); } },
      { name: 'info', arity: 2, flags: 'stale', ...C, since: '3.0.0', summary: 'Reports this node\'s view of the cluster state.', complexity: 'O(1)', tips: ['nondeterministic_output'], handler: infoCommand },
      { name: 'myid', arity: 2, flags: 'stale', ...C, since: '3.0.0', summary: 'Returns the id of this node.', complexity: 'O(1)', handler: myidCommand },
      { name: 'nodes', arity: 2, flags: 'stale', ...C, since: '3.0.0', summary: 'Lists the known nodes in nodes.conf format.', complexity: 'O(N) where N is the total number of Cluster nodes', tips: ['nondeterministic_output'], handler: nodesCommand },
      { name: 'slots', arity: 2, flags: 'stale', ...C, since: '3.0.0', summary: 'Maps slot ranges to the nodes serving them.', complexity: 'O(N) where N is the total number of Cluster nodes', deprecatedSince: '7.0.0', replacedBy: '`CLUSTER SHARDS`', tips: ['nondeterministic_output'], handler: slotsCommand },
      { name: 'shards', arity: 2, flags: 'stale', ...C, since: '7.0.0', summary: 'Lists the shards: slot ranges and their nodes.', complexity: 'O(N) where N is the total number of cluster nodes', tips: ['nondeterministic_output'], handler: shardsCommand },
      { name: 'keyslot', arity: 3, flags: 'stale', ...C, since: '3.0.0', summary: 'Computes the hash slot of a key.', complexity: 'O(N) where N is the number of bytes in the key', handler: keyslotCommand },
      { name: 'countkeysinslot', arity: 3, flags: 'stale', ...C, since: '3.0.0', summary: 'Counts the keys of a hash slot.', complexity: 'O(1)', handler: countKeysInSlotCommand },
      { name: 'getkeysinslot', arity: 4, flags: 'stale', ...C, since: '3.0.0', summary: 'Lists up to count keys of a hash slot.', complexity: 'O(log(N)) where N is the number of requested keys', tips: ['nondeterministic_output'], handler: getKeysInSlotCommand },
      { name: 'addslots', arity: -3, flags: ADMIN, ...C, since: '3.0.0', summary: 'Assigns slots to this node.', complexity: 'O(N) where N is the total number of hash slot arguments', handler: addSlotsCommand },
      { name: 'addslotsrange', arity: -4, flags: ADMIN, ...C, since: '7.0.0', summary: 'Assigns ranges of slots to this node.', complexity: 'O(N) where N is the total number of the slots between the start slot and end slot arguments.', handler: addSlotsRangeCommand },
      { name: 'delslots', arity: -3, flags: ADMIN, ...C, since: '3.0.0', summary: 'Unassigns slots from this node.', complexity: 'O(N) where N is the total number of hash slot arguments', handler: delSlotsCommand },
      { name: 'delslotsrange', arity: -4, flags: ADMIN, ...C, since: '7.0.0', summary: 'Unassigns ranges of slots.', complexity: 'O(N) where N is the total number of the slots between the start slot and end slot arguments.', handler: delSlotsRangeCommand },
      { name: 'flushslots', arity: 2, flags: ADMIN, ...C, since: '3.0.0', summary: 'Unassigns every slot of this node.', complexity: 'O(1)', handler: flushSlotsCommand },
      { name: 'setslot', arity: -4, flags: ADMIN, ...C, since: '3.0.0', summary: 'Sets a slot\'s migration state or owner.', complexity: 'O(1)', handler: setSlotCommand },
      { name: 'forget', arity: 3, flags: ADMIN, ...C, since: '3.0.0', summary: 'Removes a node from this node\'s table.', complexity: 'O(1)', handler: forgetCommand },
      { name: 'meet', arity: -4, flags: ADMIN, ...C, since: '3.0.0', summary: 'Introduces another node to this one.', complexity: 'O(1)', handler: meetCommand },
      { name: 'reset', arity: -2, flags: 'admin noscript stale', ...C, since: '3.0.0', summary: 'Forgets the cluster configuration (soft or hard).', complexity: 'O(N) where N is the number of known nodes. The command may execute a FLUSHALL as a side effect.', handler: resetCommand },
      { name: 'saveconfig', arity: 2, flags: ADMIN, ...C, since: '3.0.0', summary: 'Writes nodes.conf now.', complexity: 'O(1)', handler: saveConfigCommand },
      { name: 'links', arity: 2, flags: 'stale', ...C, since: '7.0.0', summary: 'Lists the cluster bus links.', complexity: 'O(N) where N is the total number of Cluster nodes', tips: ['nondeterministic_output'], handler: linksCommand },
      { name: 'count-failure-reports', arity: 3, flags: 'admin stale', ...C, since: '3.0.0', summary: 'Counts the failure reports about a node.', complexity: 'O(N) where N is the number of failure reports', tips: ['nondeterministic_output'], handler: countFailureReportsCommand },
      { name: 'bumpepoch', arity: 2, flags: ADMIN, ...C, since: '3.0.0', summary: 'Raises this node\'s config epoch.', complexity: 'O(1)', tips: ['nondeterministic_output'], handler: bumpEpochCommand },
      { name: 'set-config-epoch', arity: 3, flags: ADMIN, ...C, since: '3.0.0', summary: 'Sets the config epoch of a fresh node.', complexity: 'O(1)', handler: setConfigEpochCommand },
      { name: 'failover', arity: -2, flags: ADMIN, ...C, since: '3.0.0', summary: 'Makes a replica take over from its master.', complexity: 'O(1)', handler: failoverCommand },
      { name: 'replicate', arity: 3, flags: ADMIN, ...C, since: '3.0.0', summary: 'Makes this node a replica of another.', complexity: 'O(1)', handler: replicateCommand },
      { name: 'replicas', arity: 3, flags: 'admin stale', ...C, since: '5.0.0', summary: 'Lists the replicas of a master.', complexity: 'O(1)', tips: ['nondeterministic_output'], handler: replicasCommand },
      { name: 'slaves', arity: 3, flags: 'admin stale', ...C, since: '3.0.0', summary: 'Lists the replicas of a master (old name).', complexity: 'O(1)', deprecatedSince: '5.0.0', replacedBy: '`CLUSTER REPLICAS`', tips: ['nondeterministic_output'], handler: replicasCommand },
    ],
  },
  { name: 'readonly', arity: 1, flags: 'loading stale fast', acl: 'connection', group: 'cluster', since: '3.0.0', summary: 'Allows reads from a replica for this connection.', complexity: 'O(1)', handler: readonlyCommand },
  { name: 'readwrite', arity: 1, flags: 'loading stale fast', acl: 'connection', group: 'cluster', since: '3.0.0', summary: 'Ends READONLY for this connection.', complexity: 'O(1)', handler: readwriteCommand },
  { name: 'asking', arity: 1, flags: 'fast', acl: 'connection', group: 'cluster', since: '3.0.0', summary: 'Lets the next command reach a slot being imported.', complexity: 'O(1)', handler: askingCommand },
];
