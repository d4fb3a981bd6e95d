// String commands (minimal core; the strings owner completes the group).
import type { CommandDef } from './spec.js';
import type { Client } from '../server/client.js';
import { ReplyError, WRONGTYPE } from '../util/errors.js';
import { keyWritten } from './util.js';

function getCommand(c: Client, argv: string[]): void {
  const v = c.db.get(argv[1]!);
  if (v === undefined) c.reply.nullBulk();
  else if (typeof v === 'string') c.reply.bulk(v);
  else throw new ReplyError(WRONGTYPE);
}

function setCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  c.db.set(key, argv[2]!);
  keyWritten(c, c.db, key, '$', 'set');
  c.reply.ok();
}

export const stringCommands: CommandDef[] = [
  { name: 'get', arity: 2, flags: 'readonly fast', keys: [1, 1, 1], acl: 'string', group: 'string', since: '1.0.0', summary: 'Returns the string value of a key.', complexity: 'O(1)', handler: getCommand },
  { name: 'set', arity: -3, flags: 'write denyoom', keys: [1, 1, 1], acl: 'string', group: 'string', since: '1.0.0', summary: 'Sets the string value of a key, ignoring its type. The key is created if it doesn\'t exist.', complexity: 'O(1)', handler: setCommand },
];
