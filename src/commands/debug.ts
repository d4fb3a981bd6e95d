// TODO(owner): debug commands.
import type { CommandDef } from './spec.js';

export const debugCommands: CommandDef[] = [];
