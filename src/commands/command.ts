// TODO(owner): command commands.
import type { CommandDef } from './spec.js';

export const introspectionCommands: CommandDef[] = [];
