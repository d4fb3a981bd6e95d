// BGREWRITEAOF: the command side of persistence/aof.ts (the rewrite itself lives there).

import type { CommandDef } from './spec.js';
import type { Client } from '../server/client.js';

function bgrewriteaofCommand(c: Client): void {
  c.reply.simple(c.server.aof.bgrewriteCommand());
}

export const aofCommands: CommandDef[] = [
  { name: 'bgrewriteaof', arity: 1, flags: 'admin noscript no_async_loading', group: 'server', since: '1.0.0', summary: 'Rewrites the append-only file in the background from the current dataset.', complexity: 'O(1)', handler: bgrewriteaofCommand },
];
