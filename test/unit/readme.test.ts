// The README's command and config lists are generated from the tables: fail when stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { README_PATH, renderReadme } from '../../scripts/readme.js';

test('README command and config lists match the tables (run `npm run docs`)', () => {
  const text = readFileSync(README_PATH, 'utf8');
  assert.equal(renderReadme(text), text, 'README.md is stale: run `npm run docs`');
});
