export interface WaitUntilOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Says what was awaited, for the failure message. */
  message?: string;
}

export type Truthy<T> = Exclude<T, false | null | undefined | 0 | 0n | ''>;

/** Thrown from a condition to fail at once instead of waiting for the deadline (e.g. the process died). */
export class GiveUp extends Error {
  readonly type = 'give_up' as const;
}

/**
 * Polls `condition` until it returns a truthy value (which is returned) or the deadline passes.
 * Errors thrown by the condition count as "not yet" (the last one is reported on timeout),
 * except `GiveUp`, which fails at once.
 */
export const waitUntil = async <T>(
  condition: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 20, message }: WaitUntilOptions = {},
): Promise<Truthy<T>> => {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  let lastValue: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as Truthy<T>;
      lastValue = value;
      lastError = undefined;
    } catch (error) {
      if (error instanceof GiveUp) throw error;
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const what = message ?? condition.toString().slice(0, 200);
      const why = lastError
        ? `last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`
        : `last value: ${String(lastValue)}`;
      throw new Error(`waitUntil timed out after ${timeoutMs} ms waiting for ${what} (${why})`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
};
