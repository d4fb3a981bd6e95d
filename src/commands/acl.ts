// ACL commands: CAT, DELUSER, DRYRUN, GENPASS, GETUSER, HELP, LIST, LOAD, LOG, SAVE,
// SETUSER, USERS, WHOAMI. The users, rules and checks live in server/acl.ts.

import type { CommandDef, CommandSpec } from './spec.js';
import type { Client } from '../server/client.js';
import { ReplyError } from '../util/errors.js';
import { ACL_OK, Acl, aclErrorText } from '../server/acl.js';
import { ACL_CATEGORIES } from './command.js';
import { string2ll } from '../util/numbers.js';
import { now } from '../util/clock.js';

const NO_ACLFILE = 'ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.';

function aclCatCommand(c: Client, argv: string[]): void {
  if (argv.length > 3) throw new ReplyError(`ERR Unknown subcommand or wrong number of arguments for 'cat'. Try ACL HELP.`);
  if (argv.length === 2) {
    c.reply.bulkArray(ACL_CATEGORIES as readonly string[] as string[]);
    return;
  }
  const cat = argv[2]!.toLowerCase();
  if (!(ACL_CATEGORIES as readonly string[]).includes(cat)) throw new ReplyError(`ERR Unknown category '${argv[2]}'`);
  const out: string[] = [];
  const add = (spec: CommandSpec): void => {
    if (spec.aclCategories.includes(cat)) out.push(spec.fullName);
    if (spec.subcommands !== undefined) for (const sub of spec.subcommands.values()) add(sub);
  };
  for (const spec of c.server.table.commands.values()) add(spec);
  c.reply.bulkArray(out);
}

function aclDeluserCommand(c: Client, argv: string[]): void {
  const acl = c.server.acl;
  let n = 0;
  for (let i = 2; i < argv.length; i++) {
    if (argv[i] === 'default') throw new ReplyError("ERR The 'default' user cannot be removed");
  }
  for (let i = 2; i < argv.length; i++) if (acl.deleteUser(argv[i]!)) n++;
  c.reply.int(n);
}

function aclDryrunCommand(c: Client, argv: string[]): void {
  const acl = c.server.acl;
  const u = acl.users.get(argv[2]!);
  if (u === undefined) throw new ReplyError(`ERR User '${argv[2]}' not found`);
  const sub = argv.slice(3);
  const spec = c.server.table.lookupArgv(sub);
  if (spec === undefined) throw new ReplyError(`ERR Command '${argv[3]}' not found`);
  if ((spec.arity > 0 && spec.arity !== sub.length) || sub.length < -spec.arity) {
    throw new ReplyError(`ERR wrong number of arguments for '${spec.fullName}' command`);
  }
  const pos = [0];
  const r = acl.checkCommand(u, spec, sub, pos);
  if (r === ACL_OK) c.reply.ok();
  else c.reply.bulk(aclErrorText(r, spec, sub[pos[0]!]!));
}

function aclGenpassCommand(c: Client, argv: string[]): void {
  if (argv.length > 3) throw new ReplyError(`ERR Unknown subcommand or wrong number of arguments for 'genpass'. Try ACL HELP.`);
  let bits = 256;
  if (argv.length === 3) {
    const v = string2ll(argv[2]!);
    if (v === null) throw new ReplyError('ERR value is not an integer or out of range');
    if (v <= 0n || v > 4096n) {
      throw new ReplyError('ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096');
    }
    bits = Number(v);
  }
  c.reply.bulk(Acl.genpass(bits));
}

function aclGetuserCommand(c: Client, argv: string[]): void {
  const acl = c.server.acl;
  const u = acl.users.get(argv[2]!);
  const w = c.reply;
  if (u === undefined) {
    w.nullBulk();
    return;
  }
  w.mapLen(6);
  w.bulk('flags');
  const flags = u.flags();
  w.setLen(flags.length);
  for (const f of flags) w.bulk(f);
  w.bulk('passwords');
  w.bulkArray(u.passwords);
  const root = u.root;
  w.bulk('commands');
  w.bulk(root.describeCommands(acl.table));
  w.bulk('keys');
  w.bulk(root.keysText());
  w.bulk('channels');
  w.bulk(root.channelsText());
  w.bulk('selectors');
  w.arrayLen(u.selectors.length - 1);
  for (let i = 1; i < u.selectors.length; i++) {
    const s = u.selectors[i]!;
    w.mapLen(3);
    w.bulk('commands');
    w.bulk(s.describeCommands(acl.table));
    w.bulk('keys');
    w.bulk(s.keysText());
    w.bulk('channels');
    w.bulk(s.channelsText());
  }
}

const HELP = [
  'ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CAT [<category>]',
  '    List all commands that belong to <category>, or all command categories',
  '    when no category is specified.',
  'DELUSER <username> [<username> ...]',
  '    Delete a list of users.',
  'DRYRUN <username> <command> [<arg> ...]',
  '    Returns whether the user can execute the given command without executing the command.',
  'GETUSER <username>',
  "    Get the user's details.",
  'GENPASS [<bits>]',
  '    Generate a secure 256-bit user password. The optional `bits` argument can',
  '    be used to specify a different size.',
  'LIST',
  '    Show users details in config file format.',
  'LOAD',
  '    Reload users from the ACL file.',
  'LOG [<count> | RESET]',
  '    Show the ACL log entries.',
  'SAVE',
  '    Save the current config to the ACL file.',
  'SETUSER <username> <attribute> [<attribute> ...]',
  '    Create or modify a user with the specified attributes.',
  'USERS',
  '    List all the registered usernames.',
  'WHOAMI',
  '    Return the current connection username.',
  'HELP',
  '    Prints this help.',
];

function aclHelpCommand(c: Client): void {
  c.reply.arrayLen(HELP.length);
  for (const l of HELP) c.reply.simple(l);
}

function aclListCommand(c: Client): void {
  c.reply.bulkArray(c.server.acl.listLines());
}

function aclLoadCommand(c: Client): void {
  const file = c.server.config.str('aclfile');
  if (file === '') throw new ReplyError(NO_ACLFILE);
  const err = c.server.acl.loadFile(file);
  if (err !== null) throw new ReplyError(err);
  c.reply.ok();
}

function aclSaveCommand(c: Client): void {
  const file = c.server.config.str('aclfile');
  if (file === '') throw new ReplyError(NO_ACLFILE);
  const err = c.server.acl.saveFile(file);
  if (err !== null) throw new ReplyError(err);
  c.reply.ok();
}

function aclLogCommand(c: Client, argv: string[]): void {
  if (argv.length > 3) throw new ReplyError(`ERR Unknown subcommand or wrong number of arguments for 'log'. Try ACL HELP.`);
  const acl = c.server.acl;
  let count = 10;
  if (argv.length === 3) {
    if (argv[2]!.toLowerCase() === 'reset') {
      acl.log = [];
      c.reply.ok();
      return;
    }
    const v = string2ll(argv[2]!);
    if (v === null) throw new ReplyError('ERR value is not an integer or out of range');
    count = v < 0n ? 0 : v > 1000000000n ? 1000000000 : Number(v);
  }
  const n = Math.min(count, acl.log.length);
  const w = c.reply;
  const t = now();
  w.arrayLen(n);
  for (let i = 0; i < n; i++) {
    const e = acl.log[i]!;
    w.mapLen(7);
    w.bulk('count');
    w.int(e.count);
    w.bulk('reason');
    w.bulk(acl.reasonName(e.reason));
    w.bulk('context');
    w.bulk(e.context);
    w.bulk('object');
    w.bulk(e.object);
    w.bulk('username');
    w.bulk(e.username);
    w.bulk('age-seconds');
    w.double((t - e.ctime) / 1000);
    w.bulk('client-info');
    w.bulk(e.cinfo);
  }
}

function aclSetuserCommand(c: Client, argv: string[]): void {
  const err = c.server.acl.setUser(argv[2]!, argv.slice(3));
  if (err !== null) throw new ReplyError(err);
  c.reply.ok();
}

function aclUsersCommand(c: Client): void {
  c.reply.bulkArray(c.server.acl.sortedUsers().map((u) => u.name));
}

function aclWhoamiCommand(c: Client): void {
  c.reply.bulk(c.user);
}

const A = { group: 'server', since: '6.0.0' } as const;
const ADMIN = 'admin noscript loading stale';

export const aclCommands: CommandDef[] = [
  {
    name: 'acl', arity: -2, flags: '', ...A, summary: 'A container for access control list commands.', complexity: 'Depends on subcommand.',
    subcommands: [
      { name: 'cat', arity: -2, flags: 'noscript loading stale', ...A, summary: 'Lists the ACL categories, or the commands inside a category.', complexity: 'O(1) since the categories and commands are a fixed set.', handler: aclCatCommand },
      { name: 'deluser', arity: -3, flags: ADMIN, ...A, summary: 'Deletes users and disconnects the clients authenticated as them.', complexity: 'O(1) amortized time considering the typical user.', handler: aclDeluserCommand },
      { name: 'dryrun', arity: -4, flags: ADMIN, ...A, since: '7.0.0', summary: 'Tells whether a user could run a command, without running it.', complexity: 'O(1).', handler: aclDryrunCommand },
      { name: 'genpass', arity: -2, flags: 'noscript loading stale', ...A, summary: 'Generates a random password suitable for ACL users.', complexity: 'O(N)', handler: aclGenpassCommand },
      { name: 'getuser', arity: 3, flags: ADMIN, ...A, summary: 'Describes a user: flags, password hashes, commands, keys, channels, selectors.', complexity: 'O(N). Where N is the number of password, command and pattern rules that the user has.', handler: aclGetuserCommand },
      { name: 'help', arity: 2, flags: 'loading stale', ...A, summary: 'Lists the ACL subcommands.', complexity: 'O(1)', handler: aclHelpCommand },
      { name: 'list', arity: 2, flags: ADMIN, ...A, summary: 'Lists every user with its rules, in ACL file format.', complexity: 'O(N). Where N is the number of configured users.', handler: aclListCommand },
      { name: 'load', arity: 2, flags: ADMIN, ...A, summary: 'Replaces the users with those of the configured ACL file.', complexity: 'O(N). Where N is the number of configured users.', handler: aclLoadCommand },
      { name: 'log', arity: -2, flags: ADMIN, ...A, summary: 'Lists recent denied commands and failed authentications, or clears that log.', complexity: 'O(N) with N being the number of entries shown.', handler: aclLogCommand },
      { name: 'save', arity: 2, flags: ADMIN, ...A, summary: 'Writes the users to the configured ACL file.', complexity: 'O(N). Where N is the number of configured users.', handler: aclSaveCommand },
      { name: 'setuser', arity: -3, flags: ADMIN, ...A, summary: 'Creates a user or changes its rules.', complexity: 'O(N). Where N is the number of rules provided.', handler: aclSetuserCommand },
      { name: 'users', arity: 2, flags: ADMIN, ...A, summary: 'Lists the user names.', complexity: 'O(N). Where N is the number of configured users.', handler: aclUsersCommand },
      { name: 'whoami', arity: 2, flags: 'noscript loading stale', ...A, summary: 'Returns the user name of the connection.', complexity: 'O(1)', handler: aclWhoamiCommand },
    ],
  },
];
