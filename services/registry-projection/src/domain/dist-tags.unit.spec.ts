import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '@market/contracts';
import { effectiveDistTags } from './dist-tags.js';
import { foldPackage } from './evolve-package.js';
import { emptyPackageState } from './package-state.js';
import { distTagRemovedEvent, distTagSetEvent, publishEvents, yankEvent } from '../testing/package-event-builders.js';

const NAME = 'acme/widgets';
const tags = (...events: DomainEvent[]) =>
  Object.fromEntries(
    [...effectiveDistTags(foldPackage(emptyPackageState(NAME), events))].map(([t, v]) => [
      t,
      `${v.version}${v.explicit ? '!' : ''}`,
    ]),
  );
const publish = (...versions: string[]) => versions.flatMap((version) => publishEvents({ name: NAME, version }));

describe('dist-tags', () => {
  it('latest follows the highest stable, non-yanked version, not the last published', () => {
    expect(tags(...publish('1.0.0', '2.0.0', '1.5.0'))).toEqual({ latest: '2.0.0' });
    expect(tags(...publish('1.0.0', '2.0.0-beta.1'))).toEqual({ latest: '1.0.0' });
    expect(tags(...publish('1.0.0', '2.0.0'), yankEvent(NAME, '2.0.0'))).toEqual({ latest: '1.0.0' });
  });

  it('a package with only prereleases gets its highest prerelease; all yanked gets none', () => {
    expect(tags(...publish('1.0.0-alpha.1', '1.0.0-alpha.10', '1.0.0-alpha.2'))).toEqual({ latest: '1.0.0-alpha.10' });
    expect(tags(...publish('1.0.0'), yankEvent(NAME, '1.0.0'))).toEqual({});
  });

  it('a pending version is not a candidate', () => {
    const [, verified] = publishEvents({ name: NAME, version: '3.0.0' });
    expect(tags(...publish('1.0.0'), verified!)).toEqual({ latest: '1.0.0' });
  });

  it('an explicit latest wins while it points at a published, non-yanked version', () => {
    const base = publish('1.0.0', '2.0.0');
    expect(tags(...base, distTagSetEvent(NAME, 'latest', '1.0.0'))).toEqual({ latest: '1.0.0!' });
    expect(tags(...base, distTagSetEvent(NAME, 'latest', '1.0.0'), ...publish('3.0.0'))).toEqual({ latest: '1.0.0!' });
    expect(tags(...base, distTagSetEvent(NAME, 'latest', '1.0.0'), yankEvent(NAME, '1.0.0'))).toEqual({
      latest: '2.0.0',
    });
    expect(tags(...base, distTagSetEvent(NAME, 'latest', '1.0.0'), distTagRemovedEvent(NAME, 'latest'))).toEqual({
      latest: '2.0.0',
    });
  });

  it('a tag set ahead of its version appears once the version is published', () => {
    const early = [...publish('1.0.0'), distTagSetEvent(NAME, 'next', '2.0.0-rc.1')];
    expect(tags(...early)).toEqual({ latest: '1.0.0' });
    expect(tags(...early, ...publish('2.0.0-rc.1'))).toEqual({ latest: '1.0.0', next: '2.0.0-rc.1!' });
  });

  it('other tags keep pointing at a yanked version (they are explicit names, not install defaults)', () => {
    expect(tags(...publish('1.0.0', '2.0.0'), distTagSetEvent(NAME, 'lts', '1.0.0'), yankEvent(NAME, '1.0.0'))).toEqual(
      {
        latest: '2.0.0',
        lts: '1.0.0!',
      },
    );
  });
});
