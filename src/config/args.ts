// Command-line and config-file parsing in redis-server's syntax:
//   tsredis-server [config-file] [--directive value ...]
// A config file holds one directive per line ("port 7000", "save 900 1", quoted values
// allowed); flags are "--name value [value ...]" where the values run to the next "--".

import { readFileSync } from 'node:fs';
import { splitArgs } from '../protocol/parser.js';

/** Parse a redis.conf text into [name, value] pairs (value = remaining args joined by space). */
export function parseConfigText(text: string, source = 'config'): [string, string][] {
  const out: [string, string][] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const args = splitArgs(line);
    if (args === null) throw new Error(`>>> '${line}'\nUnbalanced quotes in configuration line (${source}:${i + 1})`);
    if (args.length === 0) continue;
    const name = args[0]!.toLowerCase();
    if (name === 'include') {
      out.push(...parseConfigText(readFileSync(args[1] ?? '', 'latin1'), args[1]));
      continue;
    }
    out.push([name, args.slice(1).join(' ')]);
  }
  return out;
}

/** Parse redis-server style argv into directives. */
export function parseServerArgs(argv: string[]): [string, string][] {
  const out: [string, string][] = [];
  let i = 0;
  if (argv.length > 0 && !argv[0]!.startsWith('--') && argv[0] !== '-') {
    out.push(...parseConfigText(readFileSync(argv[0]!, 'latin1'), argv[0]));
    i = 1;
  }
  while (i < argv.length) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`Invalid argument '${a}'`);
    const name = a.slice(2).toLowerCase();
    const vals: string[] = [];
    i++;
    while (i < argv.length && !argv[i]!.startsWith('--')) vals.push(argv[i++]!);
    out.push([name, vals.join(' ')]);
  }
  return out;
}
