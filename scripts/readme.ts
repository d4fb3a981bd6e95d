// Regenerates the generated sections of README.md from the command table and the
// configuration table, so the documented command list cannot drift from the code.
//
//   npm run docs            (rewrite README.md)
//   test/unit/readme.test.ts checks that README.md is up to date.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommandTable } from '../src/commands/table.js';
import { effectiveParams, inertParams } from '../src/config/params.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const README_PATH = path.resolve(here, '../../README.md');

/** Markdown list of implemented commands grouped by Redis group. */
export function commandSection(): string {
  const table = new CommandTable();
  const groups = new Map<string, string[]>();
  for (const spec of table.commands.values()) {
    const names: string[] = [];
    if (spec.subcommands && spec.subcommands.size > 0) {
      for (const sub of [...spec.subcommands.values()].sort((a, b) => a.name.localeCompare(b.name))) {
        names.push(`${spec.name.toUpperCase()} ${sub.name.toUpperCase()}`);
      }
    } else {
      names.push(spec.name.toUpperCase());
    }
    const list = groups.get(spec.group) ?? [];
    list.push(...names);
    groups.set(spec.group, list);
  }
  let out = '';
  let total = 0;
  for (const g of [...groups.keys()].sort()) {
    const names = groups.get(g)!.sort();
    total += names.length;
    out += `- **${g}** (${names.length}): ${names.map((n) => '`' + n + '`').join(', ')}\n`;
  }
  return `${total} commands and subcommands:\n\n${out}`;
}

/** Markdown list of configuration parameters accepted but not acted on yet. */
export function configSection(): string {
  const inert = inertParams().map((n) => '`' + n + '`');
  const live = effectiveParams().map((n) => '`' + n + '`');
  return `Parameters with an effect (${live.length}): ${live.join(', ')}.\n\nAccepted, validated and reported by CONFIG GET, but without an effect yet (${inert.length}): ${inert.join(', ')}.\n`;
}

export function replaceSection(text: string, name: string, body: string): string {
  const begin = `<!-- BEGIN GENERATED: ${name} -->`;
  const end = `<!-- END GENERATED: ${name} -->`;
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i === -1 || j === -1) throw new Error(`README.md lacks the ${name} markers`);
  return text.slice(0, i + begin.length) + '\n' + body + text.slice(j);
}

export function renderReadme(text: string): string {
  return replaceSection(replaceSection(text, 'commands', commandSection()), 'config', configSection());
}

if (process.argv[1] && process.argv[1].endsWith('readme.js')) {
  const before = readFileSync(README_PATH, 'utf8');
  const after = renderReadme(before);
  if (after !== before) {
    writeFileSync(README_PATH, after);
    console.log('README.md updated');
  } else {
    console.log('README.md already up to date');
  }
}
