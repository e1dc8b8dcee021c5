import { describe, expect, it } from 'vitest';
import { decideSubmit } from './decide-submit.js';
import { evolve, foldPackage, initialPackageState, versionOf } from './package-state.js';
import { distTagSet, rejected, stored, submitted, unyanked, yanked } from './package-events.fixture.js';

const N = 'acme/widgets';
const S1 = '0190f0e0-0000-7000-8000-000000000001';
const S2 = '0190f0e0-0000-7000-8000-000000000002';
const submit = (version: string, submissionId = S2) => ({ submissionId, name: N, version });

describe('evolve', () => {
  it('follows a version from pending to published, and a yank keeps it published', () => {
    let state = evolve(initialPackageState(), submitted(N, '1.0.0', S1));
    expect(versionOf(state, '1.0.0')).toEqual({ status: 'pending', submissionId: S1 });
    state = evolve(state, stored(N, '1.0.0', S1));
    expect(versionOf(state, '1.0.0')?.status).toBe('published');
    state = evolve(state, yanked(N, '1.0.0'));
    expect(versionOf(state, '1.0.0')).toMatchObject({ status: 'published', yanked: true });
    state = evolve(state, unyanked(N, '1.0.0'));
    expect(versionOf(state, '1.0.0')).toMatchObject({ status: 'published', yanked: false });
  });

  it('ignores a late rejection of an older submission', () => {
    const state = foldPackage([
      submitted(N, '1.0.0', S1),
      rejected(N, '1.0.0', S1),
      submitted(N, '1.0.0', S2),
      rejected(N, '1.0.0', S1),
    ]);
    expect(versionOf(state, '1.0.0')).toEqual({ status: 'pending', submissionId: S2 });
  });

  it('never demotes a published version, whatever follows', () => {
    const state = foldPackage([
      submitted(N, '1.0.0', S1),
      stored(N, '1.0.0', S1),
      submitted(N, '1.0.0', S2),
      rejected(N, '1.0.0', S2),
    ]);
    expect(versionOf(state, '1.0.0')?.status).toBe('published');
  });

  it('does not touch its input state (pure)', () => {
    const before = foldPackage([submitted(N, '1.0.0', S1)]);
    evolve(before, stored(N, '1.0.0', S1));
    evolve(before, distTagSet(N, 'beta', '1.0.0'));
    expect(versionOf(before, '1.0.0')?.status).toBe('pending');
    expect(before.distTags.size).toBe(0);
  });

  it('treats build metadata as the same version', () => {
    const state = foldPackage([submitted(N, '1.0.0+a', S1), stored(N, '1.0.0+a', S1)]);
    expect(versionOf(state, '1.0.0+b')?.status).toBe('published');
  });
});

describe('decideSubmit', () => {
  it('accepts a version never seen', () => {
    expect(decideSubmit(initialPackageState(), submit('1.0.0'))).toEqual({ ok: true });
    expect(decideSubmit(foldPackage([submitted(N, '1.0.0', S1)]), submit('1.0.1')).ok).toBe(true);
  });

  it('refuses a published version forever, even after a yank', () => {
    const published = foldPackage([submitted(N, '1.0.0', S1), stored(N, '1.0.0', S1)]);
    expect(decideSubmit(published, submit('1.0.0'))).toMatchObject({ ok: false, code: 'version_exists' });
    const yankedState = evolve(published, yanked(N, '1.0.0'));
    expect(decideSubmit(yankedState, submit('1.0.0'))).toMatchObject({ ok: false, code: 'version_exists' });
    expect(decideSubmit(yankedState, submit('1.0.0+rebuild'))).toMatchObject({ ok: false, code: 'version_exists' });
  });

  it('refuses while a submission is pending, allows a retry after a rejection', () => {
    const pending = foldPackage([submitted(N, '1.0.0', S1)]);
    expect(decideSubmit(pending, submit('1.0.0'))).toMatchObject({ ok: false, code: 'version_pending' });
    const rejectedState = evolve(pending, rejected(N, '1.0.0', S1));
    expect(decideSubmit(rejectedState, submit('1.0.0'))).toEqual({ ok: true });
  });
});
