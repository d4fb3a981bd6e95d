// TODO(owner): client commands.
import type { CommandDef } from './spec.js';

export const clientCommands: CommandDef[] = [];
