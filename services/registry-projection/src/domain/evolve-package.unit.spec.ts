import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '@market/contracts';
import { evolvePackage, foldPackage } from './evolve-package.js';
import { emptyPackageState } from './package-state.js';
import { packageView } from './package-view.js';
import {
  deprecateEvent,
  distTagSetEvent,
  publishEvents,
  rejectedEvents,
  unyankEvent,
  yankEvent,
} from '../testing/package-event-builders.js';

const NAME = 'acme/widgets';
const fold = (events: DomainEvent[]) => foldPackage(emptyPackageState(NAME), events);

describe('evolvePackage', () => {
  it('keeps a verified version pending and publishes it only when stored', () => {
    const [submitted, verified, stored] = publishEvents({
      name: NAME,
      version: '1.0.0',
      dependencies: { 'Acme/Base_Lib': '^1.0.0' },
    }) as [DomainEvent, DomainEvent, DomainEvent];
    const pending = fold([submitted, verified]);
    expect(pending.versions.size).toBe(0);
    expect(pending.pending.get('1.0.0')?.dependencies.get('acme/base-lib')).toBe('^1.0.0');
    expect(packageView(pending, 0)).toBeNull();

    const published = evolvePackage(pending, stored);
    expect(published.pending.size).toBe(0);
    const v = published.versions.get('1.0.0')!;
    expect(v.publishedAt).toBe(stored.occurredAt);
    expect(published.createdAt).toBe(stored.occurredAt);
    expect(published.displayName).toBe(NAME);
  });

  it('drops a rejected submission so that a retry can publish the same version', () => {
    const rejected = fold(rejectedEvents({ name: NAME, version: '1.0.0' }));
    expect(rejected.pending.size).toBe(0);
    const retried = fold([
      ...rejectedEvents({ name: NAME, version: '1.0.0' }),
      ...publishEvents({ name: NAME, version: '1.0.0' }),
    ]);
    expect([...retried.versions.keys()]).toEqual(['1.0.0']);
  });

  it('ignores a Stored whose submission is not the pending one, and never republishes a version', () => {
    const first = publishEvents({ name: NAME, version: '1.0.0', description: 'first' });
    const second = publishEvents({ name: NAME, version: '1.0.0', description: 'second' });
    const state = fold([...first, ...second]);
    expect(state.versions.get('1.0.0')?.manifest.description).toBe('first');
    expect(state.pending.size).toBe(0);
    const strayStored = second[2]!;
    expect(fold([...first, strayStored]).versions.get('1.0.0')?.submissionId).toBe(
      state.versions.get('1.0.0')?.submissionId,
    );
  });

  it('yanks, unyanks and deprecates published versions, ignoring unknown ones', () => {
    const base = fold(publishEvents({ name: NAME, version: '1.0.0' }));
    const yanked = evolvePackage(base, yankEvent(NAME, '1.0.0', 'CVE-1'));
    expect(yanked.versions.get('1.0.0')?.yanked).toEqual({ reason: 'CVE-1' });
    expect(evolvePackage(yanked, unyankEvent(NAME, '1.0.0')).versions.get('1.0.0')?.yanked).toBeNull();
    expect(evolvePackage(base, yankEvent(NAME, '9.9.9'))).toBe(base);
    const deprecated = evolvePackage(base, deprecateEvent(NAME, '1.0.0', 'use 2.x'));
    expect(deprecated.versions.get('1.0.0')?.deprecated).toBe('use 2.x');
    expect(evolvePackage(deprecated, deprecateEvent(NAME, '1.0.0', '')).versions.get('1.0.0')?.deprecated).toBeNull();
  });

  it('keeps unchanged versions by reference so writers can diff by identity', () => {
    const base = fold([
      ...publishEvents({ name: NAME, version: '1.0.0' }),
      ...publishEvents({ name: NAME, version: '1.1.0' }),
    ]);
    const next = evolvePackage(base, yankEvent(NAME, '1.1.0'));
    expect(next.versions.get('1.0.0')).toBe(base.versions.get('1.0.0'));
    expect(next.versions.get('1.1.0')).not.toBe(base.versions.get('1.1.0'));
  });

  it('keeps tag names like constructor as plain data', () => {
    const state = fold([
      ...publishEvents({ name: NAME, version: '1.0.0' }),
      distTagSetEvent(NAME, 'constructor', '1.0.0'),
    ]);
    expect(packageView(state, 0)?.distTags).toEqual({ constructor: '1.0.0', latest: '1.0.0' });
  });

  it('keeps the spelling of the first publication as the display name', () => {
    const state = fold([
      ...publishEvents({ name: 'Acme/Widgets', version: '1.0.0' }),
      ...publishEvents({ name: 'acme/widgets', version: '1.1.0' }),
    ]);
    expect(state.displayName).toBe('Acme/Widgets');
  });
});
