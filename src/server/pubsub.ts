// Pub/Sub registries (channels, patterns, shard channels) and message delivery, as
// Redis's pubsub.c. A client's own subscriptions live on the Client (channels, patterns,
// shardChannels, subscriptionCount); the server-wide maps here answer PUBLISH and PUBSUB.
//
// Delivery order for one PUBLISH: channel subscribers in subscription order, then pattern
// subscribers, patterns in the order they were first subscribed (Redis walks a hash table
// there: its order is not something clients can rely on).

import type { Client } from './client.js';
import { ReplyMode } from './client.js';
import { ReplyWriter } from '../protocol/writer.js';
import { compileGlob } from '../util/glob.js';

/** What the registry needs from the server. */
export interface PubSubHost {
  /** The client whose command is running (its reply may be dropped by CLIENT REPLY). */
  readonly currentClient: Client | null;
  /** Queue a client's output for writing. */
  schedule(c: Client): void;
}

interface PatternEntry {
  readonly match: (subject: string) => boolean;
  readonly clients: Set<Client>;
}

/** Which kind of subscription: decides the reply words and the registry used. */
export const enum SubKind {
  Channel = 0,
  Pattern = 1,
  Shard = 2,
}

const SUBSCRIBE_WORD = ['subscribe', 'psubscribe', 'ssubscribe'];
const UNSUBSCRIBE_WORD = ['unsubscribe', 'punsubscribe', 'sunsubscribe'];

export class PubSub {
  readonly channels = new Map<string, Set<Client>>();
  readonly patterns = new Map<string, PatternEntry>();
  readonly shardChannels = new Map<string, Set<Client>>();

  /** Holds pushes for a client whose command reply is being dropped (see out()). */
  private readonly scratch = new ReplyWriter();

  constructor(private readonly host: PubSubHost) {}

  /**
   * Where a push to c is written: its reply buffer, except while c itself runs a command
   * whose reply CLIENT REPLY OFF / SKIP drops. Pushes are sent even then (Redis writes them
   * with CLIENT_PUSHING), so they are held aside and the dispatcher appends them after
   * dropping the reply (Client.heldPushes).
   */
  private out(c: Client): ReplyWriter {
    if (c !== this.host.currentClient || (c.replyMode === ReplyMode.On && !c.skipNext)) return c.reply;
    const w = this.scratch;
    w.resp = c.resp;
    return w;
  }

  /** The push written to out(c) is complete. */
  private done(c: Client, w: ReplyWriter): void {
    if (w !== c.reply) (c.heldPushes ??= []).push(w.take()!);
    this.host.schedule(c);
  }

  /** Nobody subscribed to anything: publishing (and keyspace events) can stop early. */
  get idle(): boolean {
    return this.channels.size === 0 && this.patterns.size === 0;
  }

  // ------------------------------------------------------------ subscribe / unsubscribe

  /** SUBSCRIBE / PSUBSCRIBE / SSUBSCRIBE one name, with its confirmation reply. */
  subscribe(c: Client, kind: SubKind, name: string): void {
    let mine = kind === SubKind.Channel ? c.channels : kind === SubKind.Pattern ? c.patterns : c.shardChannels;
    if (mine === null) {
      mine = new Set();
      if (kind === SubKind.Channel) c.channels = mine;
      else if (kind === SubKind.Pattern) c.patterns = mine;
      else c.shardChannels = mine;
    }
    if (!mine.has(name)) {
      mine.add(name);
      c.subscriptionCount++;
      if (kind === SubKind.Pattern) {
        let e = this.patterns.get(name);
        if (e === undefined) this.patterns.set(name, (e = { match: patternMatcher(name), clients: new Set() }));
        e.clients.add(c);
      } else {
        const reg = kind === SubKind.Channel ? this.channels : this.shardChannels;
        let set = reg.get(name);
        if (set === undefined) reg.set(name, (set = new Set()));
        set.add(c);
      }
    }
    this.confirm(c, SUBSCRIBE_WORD[kind]!, name, kind);
  }

  /** Drop one subscription; with `notify`, write the unsubscribe confirmation. */
  unsubscribe(c: Client, kind: SubKind, name: string, notify: boolean): void {
    const mine = kind === SubKind.Channel ? c.channels : kind === SubKind.Pattern ? c.patterns : c.shardChannels;
    if (mine !== null && mine.delete(name)) {
      c.subscriptionCount--;
      if (kind === SubKind.Pattern) {
        const e = this.patterns.get(name);
        if (e !== undefined && e.clients.delete(c) && e.clients.size === 0) this.patterns.delete(name);
      } else {
        const reg = kind === SubKind.Channel ? this.channels : this.shardChannels;
        const set = reg.get(name);
        if (set !== undefined && set.delete(c) && set.size === 0) reg.delete(name);
      }
    }
    if (notify) this.confirm(c, UNSUBSCRIBE_WORD[kind]!, name, kind);
  }

  /**
   * UNSUBSCRIBE with no names (and RESET, disconnects): drop every subscription of a kind.
   * With `notify` and nothing to drop, one confirmation with a null name is written.
   */
  unsubscribeAll(c: Client, kind: SubKind, notify: boolean): void {
    const mine = kind === SubKind.Channel ? c.channels : kind === SubKind.Pattern ? c.patterns : c.shardChannels;
    if (mine === null || mine.size === 0) {
      if (notify) this.confirm(c, UNSUBSCRIBE_WORD[kind]!, null, kind);
      return;
    }
    for (const name of [...mine]) this.unsubscribe(c, kind, name, notify);
  }

  /** A client went away (or RESET): forget all of its subscriptions silently. */
  removeClient(c: Client): void {
    if (c.subscriptionCount === 0) return;
    this.unsubscribeAll(c, SubKind.Channel, false);
    this.unsubscribeAll(c, SubKind.Pattern, false);
    this.unsubscribeAll(c, SubKind.Shard, false);
  }

  /**
   * [p|s](un)subscribe confirmation: kind word, name (or null), and the count Redis
   * reports: channels + patterns for the classic kinds, shard channels for the shard kind.
   */
  private confirm(c: Client, word: string, name: string | null, kind: SubKind): void {
    const w = this.out(c);
    w.pushLen(3);
    w.bulk(word);
    if (name === null) w.nullBulk();
    else w.bulk(name);
    w.int(kind === SubKind.Shard ? (c.shardChannels?.size ?? 0) : (c.channels?.size ?? 0) + (c.patterns?.size ?? 0));
    if (w !== c.reply) this.done(c, w);
  }

  // ------------------------------------------------------------ publish

  /** PUBLISH: deliver to channel then pattern subscribers; returns how many received it. */
  publish(channel: string, message: string): number {
    let receivers = 0;
    const subs = this.channels.get(channel);
    if (subs !== undefined) {
      if (subs.size < FANOUT_ENCODE_ONCE) {
        for (const c of subs) {
          if (deliverable(c)) {
            const w = this.out(c);
            w.pushLen(3);
            w.bulk('message');
            w.bulk(channel);
            w.bulk(message);
            this.done(c, w);
          }
          receivers++;
        }
      } else {
        // Many receivers: encode the message once (per protocol) and copy the bytes.
        let resp2: Buffer | null = null;
        let resp3: Buffer | null = null;
        for (const c of subs) {
          if (deliverable(c)) {
            let bytes: Buffer;
            if (c.resp === 3) bytes = resp3 ??= encodeMessage('>', channel, message);
            else bytes = resp2 ??= encodeMessage('*', channel, message);
            const w = this.out(c);
            w.rawBytes(bytes);
            this.done(c, w);
          }
          receivers++;
        }
      }
    }
    if (this.patterns.size !== 0) {
      for (const [pattern, e] of this.patterns) {
        if (!e.match(channel)) continue;
        for (const c of e.clients) {
          if (deliverable(c)) {
            const w = this.out(c);
            w.pushLen(4);
            w.bulk('pmessage');
            w.bulk(pattern);
            w.bulk(channel);
            w.bulk(message);
            this.done(c, w);
          }
          receivers++;
        }
      }
    }
    return receivers;
  }

  /** SPUBLISH: deliver to shard channel subscribers. */
  spublish(channel: string, message: string): number {
    const subs = this.shardChannels.get(channel);
    if (subs === undefined) return 0;
    for (const c of subs) {
      if (!deliverable(c)) continue;
      const w = this.out(c);
      w.pushLen(3);
      w.bulk('smessage');
      w.bulk(channel);
      w.bulk(message);
      this.done(c, w);
    }
    return subs.size;
  }
}

/**
 * Redis's stringmatchlen for a subscribed pattern. compileGlob's "*" matches everything
 * (KEYS/SCAN special-case it); stringmatchlen does not match "*" against the empty channel.
 */
function patternMatcher(pattern: string): (subject: string) => boolean {
  return pattern === '*' ? nonEmpty : compileGlob(pattern);
}

function nonEmpty(subject: string): boolean {
  return subject.length !== 0;
}

/** Channel subscriber count from which PUBLISH encodes the message once for all of them. */
const FANOUT_ENCODE_ONCE = 4;

/** A "message" push (RESP3, '>') or array (RESP2, '*') as bytes. */
function encodeMessage(head: string, channel: string, message: string): Buffer {
  const text = `${head}3\r\n$7\r\nmessage\r\n$${channel.length}\r\n${channel}\r\n$${message.length}\r\n${message}\r\n`;
  return Buffer.from(text, 'latin1');
}

/** A closing client gets no messages (it is still counted as a receiver). */
function deliverable(c: Client): boolean {
  return !c.closed && !c.closeAfterReply;
}
