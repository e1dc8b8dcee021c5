/**
 * What the caller believes about a stream before appending:
 * - `no_stream`: the stream must not exist yet (first write wins, e.g. `name@version` reservation);
 * - `stream_exists`: it must exist, at any revision;
 * - `any`: no check;
 * - a bigint: the revision of the stream's last event must be exactly this.
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

export const describeExpected = (expected: ExpectedRevision): string =>
  typeof expected === 'bigint' ? `revision ${expected}` : expected;

/** Whether `actual` (undefined = stream absent) satisfies `expected`. */
export const matchesExpected = (expected: ExpectedRevision, actual: bigint | undefined): boolean => {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === undefined;
  if (expected === 'stream_exists') return actual !== undefined;
  return actual === expected;
};
