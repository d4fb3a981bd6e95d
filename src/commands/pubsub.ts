// Pub/Sub group: (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PUBLISH, SPUBLISH and PUBSUB
// introspection. Registries and delivery are in server/pubsub.ts; the RESP2 "subscribed
// context" restriction is the dispatcher's (Server.processCommand).

import type { CommandDef } from './spec.js';
import type { Client } from '../server/client.js';
import { SubKind } from '../server/pubsub.js';
import { ReplyError } from '../util/errors.js';
import { stringMatch } from '../util/glob.js';

/**
 * A client that must get exactly one reply per command (a script) cannot subscribe;
 * EXEC also denies blocking but is allowed for backward compatibility, except for
 * SSUBSCRIBE (as Redis 7.0).
 */
function checkMaySubscribe(c: Client, name: string, allowInMulti: boolean): void {
  if (c.denyBlocking && !(allowInMulti && c.inMulti)) {
    throw new ReplyError(`ERR ${name} isn't allowed for a DENY BLOCKING client`);
  }
}

function subscribeCommand(c: Client, argv: string[]): void {
  checkMaySubscribe(c, 'SUBSCRIBE', true);
  const ps = c.server.pubsub;
  for (let j = 1; j < argv.length; j++) ps.subscribe(c, SubKind.Channel, argv[j]!);
}

function psubscribeCommand(c: Client, argv: string[]): void {
  checkMaySubscribe(c, 'PSUBSCRIBE', true);
  const ps = c.server.pubsub;
  for (let j = 1; j < argv.length; j++) ps.subscribe(c, SubKind.Pattern, argv[j]!);
}

function ssubscribeCommand(c: Client, argv: string[]): void {
  checkMaySubscribe(c, 'SSUBSCRIBE', false);
  const ps = c.server.pubsub;
  for (let j = 1; j < argv.length; j++) ps.subscribe(c, SubKind.Shard, argv[j]!);
}

function unsubscribeGeneric(c: Client, argv: string[], kind: SubKind): void {
  const ps = c.server.pubsub;
  if (argv.length === 1) ps.unsubscribeAll(c, kind, true);
  else for (let j = 1; j < argv.length; j++) ps.unsubscribe(c, kind, argv[j]!, true);
}

function unsubscribeCommand(c: Client, argv: string[]): void {
  unsubscribeGeneric(c, argv, SubKind.Channel);
}

function punsubscribeCommand(c: Client, argv: string[]): void {
  unsubscribeGeneric(c, argv, SubKind.Pattern);
}

function sunsubscribeCommand(c: Client, argv: string[]): void {
  unsubscribeGeneric(c, argv, SubKind.Shard);
}

function publishCommand(c: Client, argv: string[]): void {
  c.reply.int(c.server.pubsub.publish(argv[1]!, argv[2]!));
}

function spublishCommand(c: Client, argv: string[]): void {
  c.reply.int(c.server.pubsub.spublish(argv[1]!, argv[2]!));
}

// ------------------------------------------------------------------ PUBSUB

function subcommandSyntaxError(argv: string[]): ReplyError {
  return new ReplyError(`ERR unknown subcommand or wrong number of arguments for '${argv[1]!.slice(0, 128)}'. Try PUBSUB HELP.`);
}

/** Names of a registry matching an optional glob (PUBSUB CHANNELS / SHARDCHANNELS). */
function channelList(c: Client, argv: string[], reg: Map<string, unknown>): void {
  if (argv.length > 3) throw subcommandSyntaxError(argv);
  const pat = argv.length === 3 ? argv[2]! : null;
  const out: string[] = [];
  for (const name of reg.keys()) if (pat === null || stringMatch(pat, name)) out.push(name);
  c.reply.bulkArray(out);
}

function numsubReply(c: Client, argv: string[], reg: Map<string, Set<Client>>): void {
  const w = c.reply;
  w.arrayLen((argv.length - 2) * 2);
  for (let j = 2; j < argv.length; j++) {
    w.bulk(argv[j]!);
    w.int(reg.get(argv[j]!)?.size ?? 0);
  }
}

function pubsubChannelsCommand(c: Client, argv: string[]): void {
  channelList(c, argv, c.server.pubsub.channels);
}

function pubsubShardchannelsCommand(c: Client, argv: string[]): void {
  channelList(c, argv, c.server.pubsub.shardChannels);
}

function pubsubNumsubCommand(c: Client, argv: string[]): void {
  numsubReply(c, argv, c.server.pubsub.channels);
}

function pubsubShardnumsubCommand(c: Client, argv: string[]): void {
  numsubReply(c, argv, c.server.pubsub.shardChannels);
}

function pubsubNumpatCommand(c: Client): void {
  c.reply.int(c.server.pubsub.patterns.size);
}

const PUBSUB_HELP = [
  'PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
  'HELP',
  '    Prints this help.',
];

function pubsubHelpCommand(c: Client): void {
  c.reply.arrayLen(PUBSUB_HELP.length);
  for (const line of PUBSUB_HELP) c.reply.simple(line);
}

const P = { group: 'pubsub' } as const;
const PS = { group: 'pubsub', since: '2.8.0' } as const;

export const pubsubCommands: CommandDef[] = [
  { name: 'subscribe', arity: -2, flags: 'pubsub noscript loading stale', ...P, since: '2.0.0', summary: 'Listens for messages published to the given channels.', complexity: 'O(N) where N is the number of channels to subscribe to.', handler: subscribeCommand },
  { name: 'unsubscribe', arity: -1, flags: 'pubsub noscript loading stale', ...P, since: '2.0.0', summary: 'Stops listening to the given channels, or to all of them.', complexity: 'O(N) where N is the number of clients already subscribed to a channel.', handler: unsubscribeCommand },
  { name: 'psubscribe', arity: -2, flags: 'pubsub noscript loading stale', ...P, since: '2.0.0', summary: 'Listens for messages published to channels matching the given glob patterns.', complexity: 'O(N) where N is the number of patterns the client is already subscribed to.', handler: psubscribeCommand },
  { name: 'punsubscribe', arity: -1, flags: 'pubsub noscript loading stale', ...P, since: '2.0.0', summary: 'Stops listening to the given patterns, or to all of them.', complexity: 'O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).', handler: punsubscribeCommand },
  { name: 'publish', arity: 3, flags: 'pubsub loading stale fast', ...P, since: '2.0.0', summary: 'Sends a message to a channel and reports how many clients received it.', complexity: 'O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).', handler: publishCommand },
  { name: 'ssubscribe', arity: -2, flags: 'pubsub noscript loading stale', keys: [1, -1, 1], ...P, since: '7.0.0', summary: 'Listens for messages published to the given shard channels.', complexity: 'O(N) where N is the number of shard channels to subscribe to.', handler: ssubscribeCommand },
  { name: 'sunsubscribe', arity: -1, flags: 'pubsub noscript loading stale', keys: [1, -1, 1], ...P, since: '7.0.0', summary: 'Stops listening to the given shard channels, or to all of them.', complexity: 'O(N) where N is the number of clients already subscribed to a shard channel.', handler: sunsubscribeCommand },
  { name: 'spublish', arity: 3, flags: 'pubsub loading stale fast', keys: [1, 1, 1], ...P, since: '7.0.0', summary: 'Sends a message to a shard channel and reports how many clients received it.', complexity: 'O(N) where N is the number of clients subscribed to the receiving shard channel.', handler: spublishCommand },
  {
    name: 'pubsub', arity: -2, flags: '', ...PS, summary: 'Introspection of the Pub/Sub state.', complexity: 'Depends on subcommand.',
    subcommands: [
      { name: 'channels', arity: -2, flags: 'pubsub loading stale', ...PS, summary: 'Lists the channels that have subscribers, optionally filtered by a glob pattern.', complexity: 'O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)', handler: pubsubChannelsCommand },
      { name: 'numpat', arity: 2, flags: 'pubsub loading stale', ...PS, summary: 'Counts the distinct patterns that have subscribers.', complexity: 'O(1)', handler: pubsubNumpatCommand },
      { name: 'numsub', arity: -2, flags: 'pubsub loading stale', ...PS, summary: 'Counts the channel subscribers of each given channel (patterns excluded).', complexity: 'O(N) for the NUMSUB subcommand, where N is the number of requested channels', handler: pubsubNumsubCommand },
      { name: 'shardchannels', arity: -2, flags: 'pubsub loading stale', ...P, since: '7.0.0', summary: 'Lists the shard channels that have subscribers, optionally filtered by a glob pattern.', complexity: 'O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).', handler: pubsubShardchannelsCommand },
      { name: 'shardnumsub', arity: -2, flags: 'pubsub loading stale', ...P, since: '7.0.0', summary: 'Counts the subscribers of each given shard channel.', complexity: 'O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels', handler: pubsubShardnumsubCommand },
      { name: 'help', arity: 2, flags: 'loading stale', ...P, since: '6.2.0', summary: 'Shows what the PUBSUB subcommands do.', complexity: 'O(1)', handler: pubsubHelpCommand },
    ],
  },
];
