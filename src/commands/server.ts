// TODO(owner): server commands.
import type { CommandDef } from './spec.js';

export const serverCommands: CommandDef[] = [];
