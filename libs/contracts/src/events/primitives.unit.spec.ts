import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isoDateTimeSchema } from './primitives.js';

describe('isoDateTimeSchema', () => {
  // What every event's occurredAt was checked with before: the schema must accept exactly the same.
  const reference = z.string().datetime({ offset: true });
  const samples = [
    '2026-12-04T15:36:36.123Z',
    '2026-12-04T15:36:36Z',
    '2026-12-04T15:36Z',
    '2026-12-04T15:36:36+01:00',
    '2026-12-04T15:36:36.5-0530',
    '2024-02-29T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-12-04 15:36:36Z',
    '2026-12-04T15:36:36',
    '2026-12-04T24:00:00Z',
    '2026-12-04T15:36:36.123Zjunk',
    '',
    'yesterday',
  ];

  it.each(samples)('agrees with z.string().datetime({ offset: true }) on %j', (sample) => {
    expect(isoDateTimeSchema.safeParse(sample).success).toBe(reference.safeParse(sample).success);
  });

  it('names the problem as zod did', () => {
    const result = isoDateTimeSchema.safeParse('yesterday');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('Invalid datetime');
  });
});
