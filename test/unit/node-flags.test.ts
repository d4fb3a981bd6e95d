// The server's V8 flags are spelled in three places that cannot share code: the bin's
// shebang, `npm start`, and src/cli/node-flags.ts (used by the benchmarks and the compat
// harness). Fail when they drift apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER_NODE_FLAGS } from '../../src/cli/node-flags.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

test('shebang, npm start and SERVER_NODE_FLAGS name the same V8 flags', () => {
  const shebang = readFileSync(path.join(root, 'src/cli/server-main.ts'), 'utf8').split('\n')[0]!;
  assert.equal(shebang, `#!/usr/bin/env -S node ${SERVER_NODE_FLAGS.join(' ')}`);
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.equal(pkg.scripts.start, `node ${SERVER_NODE_FLAGS.join(' ')} dist/src/cli/server-main.js`);
  // The built bin keeps the shebang (tsc copies it).
  const built = readFileSync(path.join(root, 'dist/src/cli/server-main.js'), 'utf8').split('\n')[0]!;
  assert.equal(built, shebang);
});
