// Access control lists (Redis 7.0 ACLs): users, their selectors (command bits, key and
// channel patterns), rule parsing (ACL SETUSER syntax), rule descriptions (ACL LIST,
// GETUSER), the permission check the dispatcher, EXEC and scripts run, the ACL LOG and
// the ACL file.
//
// The hot path: a client's `aclUser` points at its user; a user whose root selector
// allows every command, key and channel has `unrestricted` set, and the dispatcher skips
// the check on that one flag (the default user is unrestricted unless changed).
//
// Command permissions are a bit per command and per subcommand, as in Redis: categories
// and "+cmd" rules set bits, and descriptions are re-derived from the bits (the
// category-then-commands approximation of Redis 7.0's ACLDescribeSelectorCommandRules),
// so the same SETUSER sequence prints the same rules. Redis emits single-command rules
// in its command dict's order, which is randomized per process; here it is table order.

import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import type { Client } from './client.js';
import type { Server } from './server.js';
import type { CommandSpec } from '../commands/spec.js';
import { keysOfCommand, ACL_CATEGORIES } from '../commands/command.js';
import { stringMatch } from '../util/glob.js';
import { splitArgs } from '../protocol/parser.js';
import { now } from '../util/clock.js';
import { clientInfoString } from '../commands/client.js';

export const ACL_OK = 0;
export const ACL_DENIED_CMD = 1;
export const ACL_DENIED_KEY = 2;
export const ACL_DENIED_AUTH = 3;
export const ACL_DENIED_CHANNEL = 4;

const PERM_READ = 1;
const PERM_WRITE = 2;
const PERM_ALL = 3;

export const WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.';

/** A rule that cannot be applied: `message` is ACLSetUserStringError's text. */
export class AclRuleError extends Error {}

const ERR_UNKNOWN = 'Unknown command or category name in ACL';
const ERR_SYNTAX = 'Syntax error';
const ERR_KEYS_AFTER_ALL = "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns";
const ERR_CHANNELS_AFTER_ALL = "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels";
const ERR_NOPASS = 'The password you are trying to remove from the user does not exist';
const ERR_BADHASH = 'The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters';
const ERR_FIRSTARG_SUB = 'Allowing first-arg of a subcommand is not supported';

/** Commands, subcommands and their bit ids; built once from the (fixed) command table. */
export class CommandIds {
  readonly ids = new Map<CommandSpec, number>();
  /** Specs in table order, each container followed by its subcommands. */
  readonly specs: CommandSpec[] = [];
  readonly tops: CommandSpec[] = [];
  constructor(commands: Iterable<CommandSpec>) {
    for (const spec of commands) {
      this.tops.push(spec);
      this.add(spec);
      if (spec.subcommands !== undefined) for (const sub of spec.subcommands.values()) this.add(sub);
    }
  }
  private add(spec: CommandSpec): void {
    this.ids.set(spec, this.specs.length);
    this.specs.push(spec);
  }
  get count(): number {
    return this.specs.length;
  }
}

export class KeyPattern {
  constructor(
    readonly pattern: string,
    public flags: number,
  ) {}
  describe(): string {
    if (this.flags === PERM_ALL) return '~' + this.pattern;
    if (this.flags === PERM_READ) return '%R~' + this.pattern;
    return '%W~' + this.pattern;
  }
}

export class Selector {
  root: boolean;
  allCommands = false;
  allKeys = false;
  allChannels = false;
  /** Set by +@all (and cleared by -@all): commands added later are allowed too. */
  future = false;
  allowed: Uint8Array;
  /** Allowed first arguments of otherwise blocked commands (+select|0), by command id. */
  firstArgs: Map<number, string[]> | null = null;
  patterns: KeyPattern[] = [];
  channels: string[] = [];

  constructor(
    readonly ids: CommandIds,
    root: boolean,
    pubsubDefaultAll: boolean,
  ) {
    this.root = root;
    this.allowed = new Uint8Array(ids.count);
    this.allChannels = pubsubDefaultAll;
  }

  clone(): Selector {
    const s = new Selector(this.ids, this.root, this.allChannels);
    s.allCommands = this.allCommands;
    s.allKeys = this.allKeys;
    s.future = this.future;
    s.allowed.set(this.allowed);
    if (this.firstArgs !== null) {
      s.firstArgs = new Map();
      for (const [k, v] of this.firstArgs) s.firstArgs.set(k, v.slice());
    }
    s.patterns = this.patterns.map((p) => new KeyPattern(p.pattern, p.flags));
    s.channels = this.channels.slice();
    return s;
  }

  /** Set or clear a command's bit, and its subcommands' (ACLChangeSelectorPerm). */
  changePerm(spec: CommandSpec, allow: boolean): void {
    const id = this.ids.ids.get(spec)!;
    this.setBit(id, allow);
    if (this.firstArgs !== null) this.firstArgs.delete(id);
    if (spec.subcommands !== undefined) {
      for (const sub of spec.subcommands.values()) this.setBit(this.ids.ids.get(sub)!, allow);
    }
  }

  private setBit(id: number, allow: boolean): void {
    this.allowed[id] = allow ? 1 : 0;
    if (!allow) this.allCommands = false;
  }

  /** +@cat / -@cat over every command and subcommand carrying the category. */
  setCategory(cat: string, allow: boolean): void {
    for (const spec of this.ids.tops) {
      if (spec.aclCategories.includes(cat)) this.changePerm(spec, allow);
      if (spec.subcommands !== undefined) {
        for (const sub of spec.subcommands.values()) if (sub.aclCategories.includes(cat)) this.changePerm(sub, allow);
      }
    }
  }

  private setAll(allow: boolean): void {
    this.allowed.fill(allow ? 1 : 0);
    this.allCommands = allow;
    this.future = allow;
    this.firstArgs = null;
  }

  /** Apply one rule (ACLSetSelector). Throws AclRuleError. */
  apply(op: string, table: CommandLookup): void {
    const lower = op.toLowerCase();
    if (lower === 'allkeys' || op === '~*') {
      this.allKeys = true;
      this.patterns = [];
    } else if (lower === 'resetkeys') {
      this.allKeys = false;
      this.patterns = [];
    } else if (lower === 'allchannels' || op === '&*') {
      this.allChannels = true;
      this.channels = [];
    } else if (lower === 'resetchannels') {
      this.allChannels = false;
      this.channels = [];
    } else if (lower === 'allcommands' || lower === '+@all') {
      this.setAll(true);
    } else if (lower === 'nocommands' || lower === '-@all') {
      this.setAll(false);
    } else if (op[0] === '~' || op[0] === '%') {
      if (this.allKeys) throw new AclRuleError(ERR_KEYS_AFTER_ALL);
      let flags = 0;
      let offset = 1;
      if (op[0] === '%') {
        for (; offset < op.length; offset++) {
          const ch = op[offset]!.toUpperCase();
          if (ch === 'R' && (flags & PERM_READ) === 0) flags |= PERM_READ;
          else if (ch === 'W' && (flags & PERM_WRITE) === 0) flags |= PERM_WRITE;
          else if (op[offset] === '~') {
            offset++;
            break;
          } else throw new AclRuleError(ERR_SYNTAX);
        }
      } else {
        flags = PERM_ALL;
      }
      if (flags === 0) throw new AclRuleError(ERR_SYNTAX);
      const pat = op.slice(offset);
      const existing = this.patterns.find((p) => p.pattern === pat);
      if (existing === undefined) this.patterns.push(new KeyPattern(pat, flags));
      else existing.flags |= flags;
      this.allKeys = false;
    } else if (op[0] === '&') {
      if (this.allChannels) throw new AclRuleError(ERR_CHANNELS_AFTER_ALL);
      const pat = op.slice(1);
      if (!this.channels.includes(pat)) this.channels.push(pat);
      this.allChannels = false;
    } else if ((op[0] === '+' || op[0] === '-') && op[1] === '@') {
      const cat = lower.slice(2);
      if (!(ACL_CATEGORIES as readonly string[]).includes(cat)) throw new AclRuleError(ERR_UNKNOWN);
      this.setCategory(cat, op[0] === '+');
    } else if (op[0] === '+') {
      const name = op.slice(1);
      const bar = name.lastIndexOf('|');
      if (bar === -1) {
        const spec = table.lookupFull(name);
        if (spec === undefined) throw new AclRuleError(ERR_UNKNOWN);
        this.changePerm(spec, true);
        return;
      }
      const base = table.lookupFull(name.slice(0, bar));
      if (base === undefined) throw new AclRuleError(ERR_UNKNOWN);
      if (base.parent !== undefined) throw new AclRuleError(ERR_FIRSTARG_SUB);
      const sub = name.slice(bar + 1);
      if (sub.length === 0) throw new AclRuleError(ERR_SYNTAX);
      if (base.subcommands !== undefined) {
        const spec = table.lookupFull(name);
        if (spec === undefined) throw new AclRuleError(ERR_UNKNOWN);
        this.changePerm(spec, true);
      } else {
        const id = this.ids.ids.get(base)!;
        if (this.firstArgs === null) this.firstArgs = new Map();
        let list = this.firstArgs.get(id);
        if (list === undefined) this.firstArgs.set(id, (list = []));
        const argLower = sub.toLowerCase();
        if (!list.includes(argLower)) list.push(argLower);
      }
    } else if (op[0] === '-') {
      const spec = table.lookupFull(op.slice(1));
      if (spec === undefined) throw new AclRuleError(ERR_UNKNOWN);
      this.changePerm(spec, false);
    } else {
      throw new AclRuleError(ERR_SYNTAX);
    }
  }

  /** on/off counts of a category over top-level commands (ACLCountCategoryBitsForSelector). */
  private countCategory(cat: string): [number, number] {
    let on = 0;
    let off = 0;
    for (const spec of this.ids.tops) {
      if (!spec.aclCategories.includes(cat)) continue;
      if (this.allowed[this.ids.ids.get(spec)!] === 1) on++;
      else off++;
    }
    return [on, off];
  }

  /** The command rules as ACL LIST / GETUSER print them. */
  describeCommands(table: CommandLookup): string {
    const additive = !this.future;
    const fake = new Selector(this.ids, false, false);
    const temp = new Selector(this.ids, false, false);
    temp.allowed.set(this.allowed);
    let rules = additive ? '-@all ' : '+@all ';
    fake.apply(additive ? '-@all' : '+@all', table);
    // Greedy: apply the category with the fewest differences (then the most in common)
    // while one has more in common with the bits than not.
    for (;;) {
      let best: string | null = null;
      let minDiff = Number.MAX_SAFE_INTEGER;
      let maxSame = 0;
      for (const cat of ACL_CATEGORIES) {
        const [on, off] = temp.countCategory(cat);
        const diff = additive ? off : on;
        const same = additive ? on : off;
        if (same > diff && (diff < minDiff || (diff === minDiff && same > maxSame))) {
          best = cat;
          minDiff = diff;
          maxSame = same;
        }
      }
      if (best === null) break;
      fake.setCategory(best, additive);
      temp.setCategory(best, !additive);
      rules += (additive ? '+@' : '-@') + best + ' ';
    }
    for (const spec of this.ids.tops) {
      rules = this.describeSingle(spec, fake, rules);
      if (spec.subcommands !== undefined) for (const sub of spec.subcommands.values()) rules = this.describeSingle(sub, fake, rules);
    }
    return rules.slice(0, -1);
  }

  private describeSingle(spec: CommandSpec, fake: Selector, rules: string): string {
    const id = this.ids.ids.get(spec)!;
    const userbit = this.allowed[id]!;
    if (userbit !== fake.allowed[id]) {
      rules += (userbit === 1 ? '+' : '-') + spec.fullName + ' ';
      fake.changePerm(spec, userbit === 1);
    }
    if (userbit === 0 && this.firstArgs !== null) {
      const list = this.firstArgs.get(id);
      if (list !== undefined) for (const a of list) rules += '+' + spec.fullName + '|' + a + ' ';
    }
    return rules;
  }

  keysText(): string {
    if (this.allKeys) return '~*';
    return this.patterns.map((p) => p.describe()).join(' ');
  }

  channelsText(): string {
    if (this.allChannels) return '&*';
    return this.channels.map((c) => '&' + c).join(' ');
  }

  /** ACLDescribeSelector: keys, channels, command rules. */
  describe(table: CommandLookup): string {
    let res = '';
    if (this.allKeys) res += '~* ';
    else for (const p of this.patterns) res += p.describe() + ' ';
    if (this.allChannels) res += '&* ';
    else {
      res += 'resetchannels ';
      for (const c of this.channels) res += '&' + c + ' ';
    }
    return res + this.describeCommands(table);
  }

  /** ACLSelectorCheckCmd: ACL_OK or a denial, with the offending argv index in pos[0]. */
  check(spec: CommandSpec, argv: string[], pos: number[]): number {
    if (!this.allCommands && !spec.isNoAuth) {
      const id = this.ids.ids.get(spec);
      if (id === undefined || this.allowed[id] === 0) {
        const list = id === undefined || this.firstArgs === null ? undefined : this.firstArgs.get(id);
        if (list === undefined || argv.length < 2) return ACL_DENIED_CMD;
        const arg = argv[spec.parent !== undefined ? 2 : 1];
        if (arg === undefined || !list.includes(arg.toLowerCase())) return ACL_DENIED_CMD;
      }
    }
    if (!this.allKeys) {
      const keys = keysOfCommand(spec, argv);
      for (const k of keys) {
        let want = 0;
        for (const f of k.flags) {
          if (f === 'access') want |= PERM_READ;
          else if (f === 'insert' || f === 'delete' || f === 'update') want |= PERM_WRITE;
        }
        const key = argv[k.pos]!;
        let ok = false;
        for (const p of this.patterns) {
          if ((p.flags & want) !== want) continue;
          if (stringMatch(p.pattern, key)) {
            ok = true;
            break;
          }
        }
        if (!ok) {
          pos[0] = k.pos;
          return ACL_DENIED_KEY;
        }
      }
    }
    if (!this.allChannels) {
      const kind = channelKind(spec);
      if (kind !== CH_NONE) {
        const last = kind === CH_PUBLISH ? 1 : argv.length - 1;
        for (let i = 1; i <= last; i++) {
          if (!this.channelAllowed(argv[i]!, kind === CH_PATTERN)) {
            pos[0] = i;
            return ACL_DENIED_CHANNEL;
          }
        }
      }
    }
    return ACL_OK;
  }

  /** ACLCheckChannelAgainstList: patterns are compared literally, channels matched. */
  channelAllowed(channel: string, isPattern: boolean): boolean {
    if (this.allChannels) return true;
    for (const p of this.channels) {
      if (isPattern ? p === channel : stringMatch(p, channel)) return true;
    }
    return false;
  }
}

const CH_NONE = 0;
const CH_PUBLISH = 1;
const CH_SUBSCRIBE = 2;
const CH_PATTERN = 3;

function channelKind(spec: CommandSpec): number {
  if (spec.parent !== undefined) return CH_NONE;
  switch (spec.name) {
    case 'publish':
    case 'spublish':
      return CH_PUBLISH;
    case 'subscribe':
    case 'ssubscribe':
      return CH_SUBSCRIBE;
    case 'psubscribe':
      return CH_PATTERN;
    default:
      return CH_NONE;
  }
}

/** Command lookup by "name" or "container|sub" (any case). */
export interface CommandLookup {
  lookupFull(name: string): CommandSpec | undefined;
}

const USER_FLAGS = ['on', 'off', 'nopass', 'skip-sanitize-payload', 'sanitize-payload'] as const;

export class AclUser {
  enabled = false;
  nopass = false;
  /** 0 = neither, 1 = skip-sanitize-payload, 2 = sanitize-payload. */
  sanitize = 0;
  /** SHA-256 hex digests. */
  passwords: string[] = [];
  selectors: Selector[];
  /** The root selector allows every command, key and channel: no check needed. */
  unrestricted = false;

  constructor(
    readonly name: string,
    ids: CommandIds,
    pubsubDefaultAll: boolean,
  ) {
    this.selectors = [new Selector(ids, true, pubsubDefaultAll)];
  }

  get root(): Selector {
    return this.selectors[0]!;
  }

  refresh(): void {
    const r = this.root;
    this.unrestricted = r.allCommands && r.allKeys && r.allChannels;
  }

  /** Copy another user's rules into this one (ACLCopyUser). */
  copyFrom(o: AclUser): void {
    this.enabled = o.enabled;
    this.nopass = o.nopass;
    this.sanitize = o.sanitize;
    this.passwords = o.passwords.slice();
    this.selectors = o.selectors.map((s) => s.clone());
    this.refresh();
  }

  flags(): string[] {
    const out: string[] = [];
    for (const f of USER_FLAGS) {
      if ((f === 'on' && this.enabled) || (f === 'off' && !this.enabled) || (f === 'nopass' && this.nopass) ||
        (f === 'skip-sanitize-payload' && this.sanitize === 1) || (f === 'sanitize-payload' && this.sanitize === 2)) out.push(f);
    }
    return out;
  }

  /** ACLDescribeUser: the rules after "user <name> " in ACL LIST. */
  describe(table: CommandLookup): string {
    let res = '';
    for (const f of this.flags()) res += f + ' ';
    for (const p of this.passwords) res += '#' + p + ' ';
    for (const s of this.selectors) {
      const d = s.describe(table);
      res += s.root ? d : ` (${d})`;
    }
    return res;
  }

  checkPassword(pass: string): boolean {
    if (!this.enabled) return false;
    if (this.nopass) return true;
    if (this.passwords.length === 0) return false;
    const h = hashPassword(pass);
    return this.passwords.includes(h);
  }
}

export function hashPassword(pass: string): string {
  return createHash('sha256').update(Buffer.from(pass, 'latin1')).digest('hex');
}

function isValidHash(h: string): boolean {
  return /^[0-9a-f]{64}$/.test(h);
}

/** One ACL LOG entry. */
export interface AclLogEntry {
  count: number;
  reason: number;
  context: string;
  object: string;
  username: string;
  ctime: number;
  cinfo: string;
}

const REASONS = ['', 'command', 'key', 'auth', 'channel'];
const LOG_GROUPING_MS = 60000;

export class Acl {
  readonly users = new Map<string, AclUser>();
  defaultUser: AclUser;
  log: AclLogEntry[] = [];
  private idsCache: CommandIds | null = null;
  private readonly lookup: CommandLookup;
  /** Reused argv-index out-parameters of the per-command check (no allocation per command). */
  private readonly scratchPos = [0];
  private readonly scratchOut = [0];

  constructor(private readonly server: Server) {
    this.lookup = {
      lookupFull: (name: string) => {
        const bar = name.indexOf('|');
        const table = this.server.table;
        if (bar === -1) return table.lookup(name.toLowerCase());
        const rest = name.slice(bar + 1);
        if (rest.includes('|')) return undefined;
        const base = table.lookup(name.slice(0, bar).toLowerCase());
        return base?.subcommands?.get(rest.toLowerCase());
      },
    };
    this.defaultUser = this.createDefault();
  }

  get ids(): CommandIds {
    if (this.idsCache === null) this.idsCache = new CommandIds(this.server.table.commands.values());
    return this.idsCache;
  }

  get table(): CommandLookup {
    return this.lookup;
  }

  private pubsubDefaultAll(): boolean {
    return this.server.config.str('acl-pubsub-default') === 'allchannels';
  }

  /** The default user: on, nopass (or requirepass), ~* &* +@all. */
  private createDefault(): AclUser {
    const u = new AclUser('default', this.ids, this.pubsubDefaultAll());
    for (const op of ['+@all', '~*', '&*', 'on', 'nopass']) this.applyRule(u, op);
    this.users.set('default', u);
    this.updateDefaultPassword(this.server.requirePass);
    return u;
  }

  newUser(name: string): AclUser {
    return new AclUser(name, this.ids, this.pubsubDefaultAll());
  }

  /** requirepass → the default user's password (ACLUpdateDefaultUserPassword). */
  updateDefaultPassword(pass: string): void {
    const u = this.users.get('default');
    if (u === undefined) return;
    this.applyRule(u, 'resetpass');
    this.applyRule(u, pass === '' ? 'nopass' : '>' + pass);
  }

  /** Whether an unauthenticated client must authenticate (Redis authRequired). */
  authRequired(): boolean {
    const d = this.defaultUser;
    return !d.nopass || !d.enabled;
  }

  /** Apply one rule to a user (ACLSetUser). Throws AclRuleError. */
  applyRule(u: AclUser, op: string): void {
    const lower = op.toLowerCase();
    if (lower === 'on') u.enabled = true;
    else if (lower === 'off') u.enabled = false;
    else if (lower === 'skip-sanitize-payload') u.sanitize = 1;
    else if (lower === 'sanitize-payload') u.sanitize = 2;
    else if (lower === 'nopass') {
      u.nopass = true;
      u.passwords = [];
    } else if (lower === 'resetpass') {
      u.nopass = false;
      u.passwords = [];
    } else if (op[0] === '>' || op[0] === '#') {
      let h: string;
      if (op[0] === '>') h = hashPassword(op.slice(1));
      else {
        h = op.slice(1);
        if (!isValidHash(h)) throw new AclRuleError(ERR_BADHASH);
      }
      if (!u.passwords.includes(h)) u.passwords.push(h);
      u.nopass = false;
    } else if (op[0] === '<' || op[0] === '!') {
      let h: string;
      if (op[0] === '<') h = hashPassword(op.slice(1));
      else {
        h = op.slice(1);
        if (!isValidHash(h)) throw new AclRuleError(ERR_BADHASH);
      }
      const i = u.passwords.indexOf(h);
      if (i === -1) throw new AclRuleError(ERR_NOPASS);
      u.passwords.splice(i, 1);
    } else if (op[0] === '(' && op[op.length - 1] === ')') {
      const sel = new Selector(this.ids, false, this.pubsubDefaultAll());
      const parts = splitArgs(op.slice(1, -1));
      if (parts === null) throw new AclRuleError(ERR_SYNTAX);
      for (const p of parts) sel.apply(p, this.lookup);
      u.selectors.push(sel);
    } else if (lower === 'clearselectors') {
      u.selectors.length = 1;
    } else if (lower === 'reset') {
      for (const r of ['resetpass', 'resetkeys', 'resetchannels']) this.applyRule(u, r);
      if (this.pubsubDefaultAll()) this.applyRule(u, 'allchannels');
      for (const r of ['off', 'sanitize-payload', 'clearselectors', '-@all']) this.applyRule(u, r);
    } else {
      u.root.apply(op, this.lookup);
    }
    u.refresh();
  }

  /**
   * ACL SETUSER: apply `args` to a copy of the user (created if missing) and commit only
   * when all apply. Returns an error reply text or null.
   */
  setUser(name: string, args: string[]): string | null {
    if (/[\s\0]/.test(name)) return "ERR Usernames can't contain spaces or null characters";
    const merged = mergeSelectorArgs(args);
    if (typeof merged === 'number') return `ERR Unmatched parenthesis in acl selector starting at '${args[merged]}'.`;
    const existing = this.users.get(name);
    const temp = this.newUser(name);
    if (existing !== undefined) temp.copyFrom(existing);
    for (const op of merged) {
      try {
        this.applyRule(temp, op);
      } catch (e) {
        if (e instanceof AclRuleError) return `ERR Error in ACL SETUSER modifier '${op}': ${e.message}`;
        throw e;
      }
    }
    if (existing !== undefined) {
      this.killPubsubClientsIfNeeded(existing, temp);
      existing.copyFrom(temp);
    } else {
      this.users.set(name, temp);
    }
    return null;
  }

  /** Clients of `old` subscribed to channels `upcoming` no longer allows are disconnected. */
  private killPubsubClientsIfNeeded(old: AclUser, upcoming: AclUser): void {
    if (upcoming.selectors.some((s) => s.allChannels)) return;
    const ok = (ch: string, pattern: boolean): boolean => upcoming.selectors.some((s) => s.channelAllowed(ch, pattern));
    for (const c of this.server.clients.values()) {
      if (c.aclUser !== old || c.subscriptionCount === 0) continue;
      let kill = false;
      for (const ch of c.channels ?? []) if (!ok(ch, false)) kill = true;
      for (const ch of c.shardChannels ?? []) if (!ok(ch, false)) kill = true;
      for (const ch of c.patterns ?? []) if (!ok(ch, true)) kill = true;
      if (kill) this.killClient(c);
    }
  }

  private killClient(c: Client): void {
    if (c === this.server.currentClient) this.server.closeAfterReply(c);
    else this.server.freeClient(c);
  }

  /** Delete a user, disconnecting the clients authenticated as it. */
  deleteUser(name: string): boolean {
    const u = this.users.get(name);
    if (u === undefined) return false;
    this.users.delete(name);
    this.killClientsOf(u);
    return true;
  }

  private killClientsOf(u: AclUser): void {
    for (const c of [...this.server.clients.values()]) {
      if (c.aclUser !== u) continue;
      c.aclUser = this.defaultUser;
      c.user = 'default';
      c.setAuthenticated(false);
      this.killClient(c);
    }
  }

  /**
   * Check a command against a user's selectors (ACLCheckAllUserCommandPerm). Returns
   * ACL_OK or the most relevant denial; pos[0] gets the offending argv index.
   */
  checkCommand(u: AclUser, spec: CommandSpec, argv: string[], pos: number[]): number {
    let relevant = ACL_DENIED_CMD;
    let lastIdx = 0;
    const local = this.scratchPos;
    for (const s of u.selectors) {
      local[0] = 0;
      const r = s.check(spec, argv, local);
      if (r === ACL_OK) return ACL_OK;
      if (r > relevant || (r === relevant && local[0]! > lastIdx)) {
        relevant = r;
        lastIdx = local[0]!;
      }
    }
    pos[0] = lastIdx;
    return relevant;
  }

  /** addACLLogEntry. `object` defaults from the reason and argv. */
  addLog(c: Client, reason: number, context: string, spec: CommandSpec | null, argv: string[], argpos: number, username?: string, object?: string): void {
    const max = this.server.config.num('acllog-max-len');
    let obj = object;
    if (obj === undefined) {
      if (reason === ACL_DENIED_CMD) obj = spec?.fullName ?? '';
      else if (reason === ACL_DENIED_KEY || reason === ACL_DENIED_CHANNEL) obj = argv[argpos] ?? '';
      else if (reason === ACL_DENIED_AUTH) obj = argv[0] ?? '';
      else obj = '';
    }
    const who = username ?? c.user;
    const t = now();
    const real = this.server.currentClient ?? c;
    const cmd = real === c && spec !== null ? spec.fullName : (argv[0] ?? '').toLowerCase();
    const cinfo = clientInfoString(real, real, cmd, real === c ? argv : []);
    const log = this.log;
    for (let i = 0; i < log.length && i < 10; i++) {
      const e = log[i]!;
      if (e.reason === reason && e.context === context && Math.abs(e.ctime - t) <= LOG_GROUPING_MS && e.object === obj && e.username === who) {
        e.count++;
        e.ctime = t;
        e.cinfo = cinfo;
        log.splice(i, 1);
        log.unshift(e);
        return;
      }
    }
    log.unshift({ count: 1, reason, context, object: obj, username: who, ctime: t, cinfo });
    while (log.length > max) log.pop();
  }

  reasonName(reason: number): string {
    return REASONS[reason] ?? '';
  }

  /** Authenticate c as user/pass (ACLAuthenticateUser): false logs the failure. */
  authenticate(c: Client, username: string, pass: string, argv: string[]): boolean {
    const u = this.users.get(username);
    if (u !== undefined && u.checkPassword(pass)) {
      c.aclUser = u;
      c.user = u.name;
      c.setAuthenticated(true);
      return true;
    }
    this.addLog(c, ACL_DENIED_AUTH, c.inMulti ? 'multi' : 'toplevel', null, argv, 0, username);
    return false;
  }

  /** Users sorted by name (rax order). */
  sortedUsers(): AclUser[] {
    return [...this.users.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** "user <name> <rules>" lines (ACL LIST, ACL SAVE, CONFIG REWRITE). */
  listLines(): string[] {
    return this.sortedUsers().map((u) => `user ${u.name} ${u.describe(this.lookup)}`);
  }

  /**
   * Parse an ACL file's text into a fresh user set, as Redis 7.0's ACLLoadFromFile: lines
   * split on single spaces (no quoting, no comments), every unknown command reported, only
   * the first other error of a line. Returns the users or the error text.
   */
  parseAclFile(text: string, file: string): Map<string, AclUser> | string {
    const users = new Map<string, AclUser>();
    let errors = '';
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const linenum = i + 1;
      const line = lines[i]!.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
      if (line === '') continue;
      const argv = line.split(' ').filter((a) => a.length > 0);
      if (argv.length === 0) continue;
      if (argv[0] !== 'user' || argv.length < 2) {
        errors += `${file}:${linenum} should start with user keyword followed by the username. `;
        continue;
      }
      const name = argv[1]!;
      if (/[\s\0]/.test(name)) {
        errors += `'${file}:${linenum}: username '${name}' contains invalid characters. `;
        continue;
      }
      if (users.has(name)) {
        errors += `WARNING: Duplicate user '${name}' found on line ${linenum}. `;
        continue;
      }
      const u = this.newUser(name);
      users.set(name, u);
      const merged = mergeSelectorArgs(argv.slice(2));
      if (typeof merged === 'number') {
        errors += `${file}:${linenum}: Unmatched parenthesis in selector definition.`;
        continue;
      }
      let syntaxError = false;
      for (const raw of merged) {
        const op = raw.replace(/^[\t\r\n]+|[\t\r\n]+$/g, '');
        try {
          this.applyRule(u, op);
        } catch (e) {
          if (!(e instanceof AclRuleError)) throw e;
          if (e.message === ERR_UNKNOWN) {
            errors += `${file}:${linenum}: Error in applying operation '${op}': ${e.message}. `;
          } else if (!syntaxError) {
            errors += `${file}:${linenum}: ${e.message}. `;
            syntaxError = true;
          }
        }
      }
    }
    if (errors !== '') return errors + 'WARNING: ACL errors detected, no change to the previously active ACL rules was performed';
    return users;
  }

  /**
   * Users of the config file's `user` directives (ACLLoadConfiguredUsers): the default
   * user starts from "reset". Returns the users or the error text.
   */
  parseConfigUsers(entries: string[][]): Map<string, AclUser> | string {
    const users = new Map<string, AclUser>();
    for (const argv of entries) {
      const name = argv[0]!;
      if (/[\s\0]/.test(name)) return `Error in user declaration '${name}': Usernames can't contain spaces or null characters`;
      if (users.has(name)) return `Error in user declaration '${name}': Duplicate user found. A user can only be defined once in config files`;
      const merged = mergeSelectorArgs(argv.slice(1));
      if (typeof merged === 'number') return `Error in user declaration '${name}': Unmatched parenthesis in acl selector starting at '${argv[merged + 1]}'.`;
      const u = this.newUser(name);
      if (name === 'default') this.applyRule(u, 'reset');
      for (const op of merged) {
        try {
          this.applyRule(u, op);
        } catch (e) {
          if (!(e instanceof AclRuleError)) throw e;
          return `Error loading ACL rule '${op}' for the user named '${name}': ${e.message}`;
        }
      }
      users.set(name, u);
    }
    return users;
  }

  /**
   * Server start: `user` directives of the config file, or the aclfile (not both).
   * Returns an error text (startup aborts) or null.
   */
  startup(configUsers: string[][], aclfile: string): string | null {
    if (configUsers.length > 0 && aclfile !== '') {
      return 'Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid. This setup is very likely to lead to configuration errors and security holes, please define either an ACL file or declare users directly in your redis.conf, but not both.';
    }
    if (configUsers.length > 0) {
      const users = this.parseConfigUsers(configUsers);
      if (typeof users === 'string') return users;
      this.install(users);
      return null;
    }
    if (aclfile !== '') {
      const err = this.loadFile(aclfile);
      if (err !== null) return `Aborting Redis startup because of ACL errors: ${err.slice(4)}`;
    }
    return null;
  }

  /**
   * Install a loaded user set: the default user object is kept (clients stay on it) and
   * takes the new default's rules; every other user is replaced and its clients
   * disconnected. A set without "default" keeps a fresh default user.
   */
  install(users: Map<string, AclUser>): void {
    const fresh = users.get('default') ?? (() => {
      const d = this.newUser('default');
      for (const op of ['+@all', '~*', '&*', 'on', 'nopass']) this.applyRule(d, op);
      return d;
    })();
    for (const [name, u] of this.users) {
      if (name === 'default') continue;
      this.killClientsOf(u);
    }
    this.users.clear();
    this.defaultUser.copyFrom(fresh);
    this.users.set('default', this.defaultUser);
    for (const [name, u] of users) if (name !== 'default') this.users.set(name, u);
  }

  /** ACL LOAD: read the aclfile. Returns an error reply text or null. */
  loadFile(file: string): string | null {
    let text: string;
    try {
      text = readFileSync(file, 'latin1');
    } catch (e) {
      return `ERR Error loading ACLs, opening file '${file}': ${strerror(e)}`;
    }
    const res = this.parseAclFile(text, file);
    if (typeof res === 'string') return `ERR ${res}`;
    this.install(res);
    return null;
  }

  /** ACL SAVE. Returns an error text or null. */
  saveFile(file: string): string | null {
    const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
    try {
      writeFileSync(tmp, this.listLines().map((l) => l + '\n').join(''), { encoding: 'latin1' });
      renameSync(tmp, file);
    } catch (e) {
      return `ERR There was an error trying to save the ACLs. Please check the server logs for more information`;
    }
    return null;
  }

  /** Random hex password of `bits` bits (ACL GENPASS). */
  static genpass(bits: number): string {
    const chars = Math.floor((bits + 3) / 4);
    return randomBytes(Math.ceil(chars / 2)).toString('hex').slice(0, chars);
  }

  /**
   * For the dispatcher: null when c may run the command, else the NOPERM error. Logs the
   * denial (context toplevel or multi).
   */
  checkClient(c: Client, spec: CommandSpec, argv: string[]): string | null {
    const u = c.aclUser;
    if (u === null) return null;
    const pos = this.scratchOut;
    const r = this.checkCommand(u, spec, argv, pos);
    if (r === ACL_OK) return null;
    this.addLog(c, r, c.inMulti ? 'multi' : 'toplevel', spec, argv, pos[0]!);
    return deniedMessage(r, spec);
  }
}

/** The NOPERM reply of a refused command. */
export function deniedMessage(r: number, spec: CommandSpec): string {
  if (r === ACL_DENIED_CMD) return `NOPERM this user has no permissions to run the '${spec.fullName}' command`;
  if (r === ACL_DENIED_KEY) return 'NOPERM this user has no permissions to access one of the keys used as arguments';
  if (r === ACL_DENIED_CHANNEL) return 'NOPERM this user has no permissions to access one of the channels used as arguments';
  return 'NOPERM no permission';
}

/** EXEC's reply for a queued command the user may no longer run. */
export function execDeniedMessage(r: number): string {
  const reason =
    r === ACL_DENIED_CMD ? 'no permission to execute the command or subcommand'
    : r === ACL_DENIED_KEY ? 'no permission to touch the specified keys'
    : r === ACL_DENIED_CHANNEL ? 'no permission to access one of the channels used as arguments'
    : 'no permission';
  return `NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. This command is no longer allowed for the following reason: ${reason}`;
}

/** ACL DRYRUN's and scripts' text (getAclErrorMessage). */
export function aclErrorText(r: number, spec: CommandSpec, arg: string): string {
  if (r === ACL_DENIED_CMD) return `This user has no permissions to run the '${spec.fullName}' command`;
  if (r === ACL_DENIED_KEY) return `This user has no permissions to access the '${arg}' key`;
  if (r === ACL_DENIED_CHANNEL) return `This user has no permissions to access the '${arg}' channel`;
  return 'no permission';
}

/**
 * For EXEC (at execution) and scripts' redis.call: null when c's user may run the command,
 * else [reason code, argv index]; the denial is logged with `context` ("multi", "lua").
 */
export function aclCheck(c: Client, spec: CommandSpec, argv: string[], context: string): [number, number] | null {
  const u = c.aclUser;
  if (u === null || u.unrestricted) return null;
  const acl = c.server.acl;
  const pos = [0];
  const r = acl.checkCommand(u, spec, argv, pos);
  if (r === ACL_OK) return null;
  acl.addLog(c, r, context, spec, argv, pos[0]!);
  return [r, pos[0]!];
}

/**
 * Join selector arguments: "(+get" "~x)" become "(+get ~x)" (ACLMergeSelectorArguments).
 * Returns the index of an unmatched opening argument.
 */
export function mergeSelectorArgs(args: string[]): string[] | number {
  const out: string[] = [];
  let acc: string | null = null;
  let openIdx = 0;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (acc === null && a.startsWith('(') && !a.endsWith(')')) {
      acc = a;
      openIdx = i;
    } else if (acc !== null) {
      acc += ' ' + a;
      if (a.endsWith(')')) {
        out.push(acc);
        acc = null;
      }
    } else {
      out.push(a);
    }
  }
  if (acc !== null) return openIdx;
  return out;
}

/** strerror-like text of a Node fs error. */
function strerror(e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT': return 'No such file or directory';
    case 'EACCES': return 'Permission denied';
    case 'EISDIR': return 'Is a directory';
    default: return (e as Error).message;
  }
}

/**
 * For scripts' redis.call / redis.pcall (Redis scriptVerifyACL): null when the script's
 * caller may run the command, else the error text without its "ERR " prefix ("The user
 * executing the script can't ..."); the denial is logged with context "lua", as the caller.
 */
export function scriptAclError(caller: Client, spec: CommandSpec, argv: string[]): string | null {
  const denied = aclCheck(caller, spec, argv, 'lua');
  if (denied === null) return null;
  const r = denied[0];
  if (r === ACL_DENIED_CMD) return "The user executing the script can't run this command or subcommand";
  if (r === ACL_DENIED_KEY) return "The user executing the script can't access at least one of the keys mentioned in the command arguments";
  if (r === ACL_DENIED_CHANNEL) return "The user executing the script can't publish to the channel mentioned in the command";
  return 'no permission';
}

/** redis.acl_check_cmd: whether the caller's user may run the command (nothing logged). */
export function aclAllows(caller: Client, spec: CommandSpec, argv: string[]): boolean {
  const u = caller.aclUser;
  if (u === null || u.unrestricted) return true;
  return caller.server.acl.checkCommand(u, spec, argv, [0]) === ACL_OK;
}

/**
 * Whether c's user may run the command with read access to every key (Redis
 * ACLUserCheckCmdWithUnrestrictedKeyAccess with CMD_KEY_ACCESS): SORT's BY and GET
 * patterns read keys that no key spec names, so they need ~* (or %R~*) in a selector
 * that allows the command.
 */
export function aclFullKeyRead(c: Client, argv: string[]): boolean {
  const u = c.aclUser;
  if (u === null || u.unrestricted) return true;
  const spec = c.server.table.lookupArgv(argv);
  if (spec === undefined) return true;
  const pos = [0];
  for (const s of u.selectors) {
    if (s.check(spec, argv, pos) !== ACL_OK) continue;
    if (s.allKeys) return true;
    for (const p of s.patterns) if ((p.flags & PERM_READ) !== 0 && p.pattern === '*') return true;
  }
  return false;
}
