import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { complianceDocument } from '../scripts/compliance-table.js';
import { configTable } from '../scripts/config-table.js';
import { moduleDocument } from '../scripts/module-options-table.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('documents every configuration option exactly as the code declares it', () => {
    const between = readme.split('<!-- config-table:start -->')[1]?.split('<!-- config-table:end -->')[0];
    assert.ok(between, 'the README has a generated configuration table');
    assert.equal(between.trim(), configTable());
  });

  it('ships an XMPP compliance table that matches the module manifests', () => {
    const document = readFileSync(new URL('../docs/xmpp-compliance.md', import.meta.url), 'utf8');
    assert.equal(
      document,
      complianceDocument(),
      'run: node --import tsx scripts/compliance-table.ts --write',
    );
  });

  it('lists every XMPP module option as the manifests declare it', () => {
    const document = readFileSync(new URL('../docs/xmpp-modules.md', import.meta.url), 'utf8');
    assert.match(document, /<!-- module-options:start -->\n\| Module \| Option/);
    assert.equal(
      document,
      moduleDocument(),
      'run: node --import tsx scripts/module-options-table.ts --write',
    );
  });

  it('gives the two quick-start commands that CI runs', () => {
    assert.match(readme, /```sh\nnpm install && npm start\n```/);
    assert.match(readme, /```sh\nnpm install && npm test\n```/);
    const ci = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');
    assert.match(ci, /\nnpm install && npm test\n/);
  });
});
