import { describe, expect, it } from 'vitest';
import { decidePackageCommand } from './decide-package-command.js';
import { foldPackage, initialPackageState } from './package-state.js';
import { distTagSet, submitted, stored, yanked } from './package-events.fixture.js';

const N = 'acme/widgets';
const S1 = '0190f0e0-0000-7000-8000-000000000001';
const S2 = '0190f0e0-0000-7000-8000-000000000002';
const published = foldPackage([submitted(N, '1.0.0', S1), stored(N, '1.0.0', S1), submitted(N, '2.0.0', S2)]);

describe('decidePackageCommand', () => {
  it('yanks a published version once, and unyanks only a yanked one', () => {
    const yank = decidePackageCommand(published, { action: 'yank', name: N, version: '1.0.0', reason: 'cve' });
    expect(yank).toEqual({
      ok: true,
      event: { type: 'PackageVersionYanked', data: { name: N, version: '1.0.0', reason: 'cve' } },
    });
    const after = foldPackage([submitted(N, '1.0.0', S1), stored(N, '1.0.0', S1), yanked(N, '1.0.0')]);
    expect(decidePackageCommand(after, { action: 'yank', name: N, version: '1.0.0', reason: 'x' })).toMatchObject({
      status: 409,
      code: 'already_yanked',
    });
    expect(decidePackageCommand(after, { action: 'unyank', name: N, version: '1.0.0', reason: '' }).ok).toBe(true);
    expect(decidePackageCommand(published, { action: 'unyank', name: N, version: '1.0.0', reason: '' })).toMatchObject({
      code: 'not_yanked',
    });
  });

  it('answers 404 for an unknown package or version, 409 for one not yet published', () => {
    expect(
      decidePackageCommand(initialPackageState(), { action: 'yank', name: N, version: '1.0.0', reason: 'x' }),
    ).toMatchObject({ status: 404, code: 'package_not_found' });
    expect(
      decidePackageCommand(published, { action: 'deprecate', name: N, version: '9.9.9', message: 'x' }),
    ).toMatchObject({ status: 404, code: 'version_not_found' });
    expect(
      decidePackageCommand(published, { action: 'deprecate', name: N, version: '2.0.0', message: 'x' }),
    ).toMatchObject({ status: 409, code: 'version_not_published' });
  });

  it('sets a dist-tag only on a published, non-yanked version and removes only an existing tag', () => {
    expect(
      decidePackageCommand(published, { action: 'dist-tag-set', name: N, tag: 'beta', version: '1.0.0' }),
    ).toMatchObject({ ok: true, event: { type: 'DistTagSet' } });
    expect(
      decidePackageCommand(published, { action: 'dist-tag-set', name: N, tag: 'beta', version: '2.0.0' }),
    ).toMatchObject({ status: 409 });
    const yankedState = foldPackage([submitted(N, '1.0.0', S1), stored(N, '1.0.0', S1), yanked(N, '1.0.0')]);
    expect(
      decidePackageCommand(yankedState, { action: 'dist-tag-set', name: N, tag: 'beta', version: '1.0.0' }),
    ).toMatchObject({ code: 'version_yanked' });
    expect(decidePackageCommand(published, { action: 'dist-tag-remove', name: N, tag: 'beta' })).toMatchObject({
      status: 404,
      code: 'dist_tag_not_found',
    });
    const tagged = foldPackage([submitted(N, '1.0.0', S1), stored(N, '1.0.0', S1), distTagSet(N, 'beta', '1.0.0')]);
    expect(decidePackageCommand(tagged, { action: 'dist-tag-remove', name: N, tag: 'beta' })).toEqual({
      ok: true,
      event: { type: 'DistTagRemoved', data: { name: N, tag: 'beta' } },
    });
  });
});
