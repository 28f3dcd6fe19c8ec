import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ModuleDependencyError, orderModules, type ModuleDependencies } from './module-order.js';

const names = (modules: readonly ModuleDependencies[]) => orderModules(modules).map((m) => m.name);

describe('module order', () => {
  it('keeps the given order where nothing is declared', () => {
    assert.deepEqual(names([{ name: 'a' }, { name: 'b' }, { name: 'c' }]), ['a', 'b', 'c']);
  });

  it('loads what a module requires first, and what it comes after when that is loaded', () => {
    assert.deepEqual(
      names([
        { name: 'presence', requires: ['roster'] },
        { name: 'carbons', after: ['mam'] },
        { name: 'roster' },
        { name: 'mam' },
        { name: 'late', after: ['absent'] },
      ]),
      ['roster', 'presence', 'mam', 'carbons', 'late'],
    );
  });

  it('refuses a requirement that is not loaded, naming both modules', () => {
    assert.throws(
      () => names([{ name: 'offline', requires: ['message'] }]),
      (error: unknown) =>
        error instanceof ModuleDependencyError &&
        error.message === 'module offline requires message, which is not loaded',
    );
  });

  it('refuses a cycle, naming the modules in it', () => {
    assert.throws(
      () =>
        names([
          { name: 'a', requires: ['b'] },
          { name: 'b', after: ['c'] },
          { name: 'c', requires: ['b'] },
          { name: 'd' },
        ]),
      /modules depend on each other in a cycle: b → c → b/,
    );
  });

  it('refuses a module listed twice', () => {
    assert.throws(() => names([{ name: 'a' }, { name: 'a' }]), /module a is listed twice/);
  });
});
