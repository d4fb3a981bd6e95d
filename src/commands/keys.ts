// TODO(owner): keys commands.
import type { CommandDef } from './spec.js';

export const keyCommands: CommandDef[] = [];
