// TODO(owner): config commands.
import type { CommandDef } from './spec.js';

export const configCommands: CommandDef[] = [];
