import type { ExpectedRevision } from '../expected-revision.js';
import { describeExpected } from '../expected-revision.js';

/** Every error an adapter raises has a literal `type`, so callers switch on it rather than on classes. */
export abstract class EventStoreError extends Error {
  abstract readonly type: 'wrong_expected_revision' | 'invalid_append' | 'store_unavailable';
}

export class WrongExpectedRevisionError extends EventStoreError {
  readonly type = 'wrong_expected_revision' as const;
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | undefined,
  ) {
    super(
      `stream ${stream}: expected ${describeExpected(expected)}, found ${actual === undefined ? 'no stream' : `revision ${actual}`}`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

export class InvalidAppendError extends EventStoreError {
  readonly type = 'invalid_append' as const;
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}

export class StoreUnavailableError extends EventStoreError {
  readonly type = 'store_unavailable' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

export const isWrongExpectedRevision = (e: unknown): e is WrongExpectedRevisionError =>
  e instanceof EventStoreError && e.type === 'wrong_expected_revision';
