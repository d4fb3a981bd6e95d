// TODO(owner): bits commands.
import type { CommandDef } from './spec.js';

export const bitCommands: CommandDef[] = [];
