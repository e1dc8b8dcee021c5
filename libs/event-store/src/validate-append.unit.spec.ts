import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '@market/contracts';
import { InvalidAppendError } from './errors/event-store-error.js';
import { matchesExpected } from './expected-revision.js';
import { limitOf } from './read-limit.js';
import { tagEvent } from './testing/sample-events.js';
import { validateAppend } from './validate-append.js';

describe('validateAppend', () => {
  it('accepts a batch of distinct events of the stream', () => {
    expect(() => validateAppend('a-1', [tagEvent('a-1'), tagEvent('a-1')])).not.toThrow();
  });

  it.each([
    ['an empty stream name', '', [tagEvent('')]],
    ['a reserved $ stream', '$all', [tagEvent('$all')]],
    ['an empty batch', 'a-1', []],
    ['an event of another stream', 'a-1', [tagEvent('b-1')]],
    ['a non-object', 'a-1', [null]],
    ['a missing eventId', 'a-1', [{ ...tagEvent('a-1'), eventId: '' }]],
    ['a missing type', 'a-1', [{ ...tagEvent('a-1'), type: 42 }]],
  ])('rejects %s', (_what, stream, events) => {
    expect(() => validateAppend(stream, events as unknown as DomainEvent[])).toThrow(InvalidAppendError);
  });

  it('rejects a repeated eventId within one batch', () => {
    const event = tagEvent('a-1');
    expect(() => validateAppend('a-1', [event, tagEvent('a-1'), event])).toThrow(/appears twice/);
  });
});

describe('matchesExpected', () => {
  it('follows the expected-revision rules for every state of the stream', () => {
    fc.assert(
      fc.property(
        fc.option(fc.bigInt({ min: 0n, max: 1n << 62n }), { nil: undefined }),
        fc.bigInt({ min: 0n, max: 1n << 62n }),
        (actual, exact) => {
          expect(matchesExpected('any', actual)).toBe(true);
          expect(matchesExpected('no_stream', actual)).toBe(actual === undefined);
          expect(matchesExpected('stream_exists', actual)).toBe(actual !== undefined);
          expect(matchesExpected(exact, actual)).toBe(actual === exact);
        },
      ),
    );
  });
});

describe('limitOf', () => {
  it('maps undefined to no limit and refuses nonsense', () => {
    expect(limitOf(undefined)).toBe(-1);
    expect(limitOf(0)).toBe(0);
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => limitOf(bad)).toThrow(RangeError);
  });
});
