import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizePackageName } from '@market/contracts';
import { tempDir } from '@market/testing';
import { openProjectionHarness, type ProjectionHarness } from '../testing/projection-harness.js';
import { downloadsEvent, publishEvents, yankEvent } from '../testing/package-events.js';
import { findDocument } from './document-store.js';
import {
  clearSearchSync,
  enableSearchSync,
  markAllForSearchSync,
  pendingSearchSync,
  takeSearchSync,
} from './search-sync.js';

const dir = tempDir('search-sync');
afterAll(() => dir.remove());

const WINDOW = new Date('2025-06-01T00:00:00Z');
const marked = (h: ProjectionHarness) => takeSearchSync(h.db, 100).map((m) => m.pkg);

describe('search_sync: the outbox of the external search index (real SQLite file)', () => {
  let h: ProjectionHarness;
  beforeEach(() => {
    h = openProjectionHarness(dir.path);
  });
  afterEach(() => h.close());

  it('marks nothing unless enabled (the embedded profile)', () => {
    h.apply(...publishEvents({ name: 'acme/widgets', version: '1.0.0' }));
    expect(findDocument(h.db, 'acme/widgets')).toBeDefined();
    expect(pendingSearchSync(h.db)).toBe(0);
  });

  it('marks each package whose document was written, re-ranked, given downloads or removed', () => {
    enableSearchSync(h.db);
    const [submitted, verified] = publishEvents({ name: 'acme/pending', version: '1.0.0' }, { stored: false });
    h.apply(submitted!, verified!);
    expect(marked(h)).toEqual([]); // not published: no document
    h.apply(
      ...publishEvents({ name: 'Acme/Widgets', version: '1.0.0' }),
      ...publishEvents({ name: 'acme/gears', version: '1.0.0' }),
    );
    expect(marked(h)).toEqual(['acme/gears', normalizePackageName('Acme/Widgets')]);
    clearSearchSync(h.db, takeSearchSync(h.db, 100));
    expect(pendingSearchSync(h.db)).toBe(0);

    // Downloads that keep the rank bucket (1 → 1 download: no change at all) and ones that move it.
    h.apply(downloadsEvent('acme/gears', '1.0.0', 1, WINDOW));
    expect(marked(h)).toEqual(['acme/gears']);
    clearSearchSync(h.db, takeSearchSync(h.db, 100));
    h.apply(yankEvent('acme/widgets', '1.0.0'));
    expect(marked(h)).toEqual(['acme/widgets']);
    expect(findDocument(h.db, 'acme/widgets')).toBeUndefined(); // the writer deletes it
  });

  it('a mark made while a write was in flight survives that write being acknowledged', () => {
    enableSearchSync(h.db);
    h.apply(...publishEvents({ name: 'acme/gears', version: '1.0.0' }));
    const inFlight = takeSearchSync(h.db, 100);
    h.apply(downloadsEvent('acme/gears', '1.0.0', 500, WINDOW));
    clearSearchSync(h.db, inFlight);
    expect(marked(h)).toEqual(['acme/gears']);
  });

  it('an event that fails leaves no mark (the mark is in its transaction)', () => {
    enableSearchSync(h.db);
    const events = publishEvents({ name: 'acme/gears', version: '1.0.0' });
    h.apply(...events.slice(0, 2));
    expect(() =>
      h.db.transaction(() => {
        h.apply(events[2]!);
        throw new Error('crash before commit');
      })(),
    ).toThrow('crash before commit');
    expect(findDocument(h.db, 'acme/gears')).toBeUndefined();
    expect(pendingSearchSync(h.db)).toBe(0);
  });

  it('markAll marks every indexed package (a new, empty external index)', () => {
    h.apply(
      ...publishEvents({ name: 'acme/a', version: '1.0.0' }),
      ...publishEvents({ name: 'acme/b', version: '1.0.0' }),
    );
    expect(pendingSearchSync(h.db)).toBe(0);
    markAllForSearchSync(h.db);
    expect(marked(h)).toEqual(['acme/a', 'acme/b']);
  });
});
