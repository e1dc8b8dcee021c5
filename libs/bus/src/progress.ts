import { subjectFor } from '@market/contracts';
import type { EventStore } from '@market/event-store';
import { BusError } from './bus-error.js';
import { subjectMatches } from './subject-filter.js';

/**
 * How far a consumer has got: every event up to `position` was handled, parked, or is not for
 * this consumer. A filtered consumer never sees the events it does not want, so when asked to
 * wait for a position it looks at the store itself and steps over the unwanted ones, stopping
 * at the first wanted event (which only the consumer may pass).
 */
export class Progress {
  private current: bigint;
  private waiters = new Set<() => void>();
  private stopped = false;

  constructor(
    start: bigint,
    private readonly store: EventStore,
    private readonly filterSubject: string | undefined,
  ) {
    this.current = start;
  }

  get position(): bigint {
    return this.current;
  }

  advance(position: bigint): void {
    if (position <= this.current) return;
    this.current = position;
    this.waiters.forEach((wake) => wake());
  }

  stop(): void {
    this.stopped = true;
    this.waiters.forEach((wake) => wake());
  }

  async waitFor(target: bigint, { timeoutMs }: { timeoutMs?: number } = {}): Promise<void> {
    const deadline = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
    while (this.current < target) {
      if (this.stopped) throw new BusError('stopped', `consumer stopped at ${this.current} before reaching ${target}`);
      if (Date.now() >= deadline)
        throw new BusError(
          'wait_timeout',
          `consumer at ${this.current} did not reach ${target} within ${timeoutMs} ms`,
        );
      if (this.filterSubject) await this.stepOverUnwanted(target);
      if (this.current >= target) return;
      await this.nextChange(Math.min(25, deadline - Date.now()));
    }
  }

  private async stepOverUnwanted(target: bigint): Promise<void> {
    let from = this.current;
    for (;;) {
      const batch = await this.store.readAll({ after: from, maxCount: 500 });
      let last = from;
      for (const event of batch) {
        if (event.position > target || subjectMatches(this.filterSubject, subjectFor(event.stream, event.type))) {
          this.advance(last);
          return;
        }
        last = event.position;
      }
      this.advance(last);
      if (batch.length < 500) return;
      from = last;
    }
  }

  private nextChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(ms, 0));
      this.waiters.add(wake);
    });
  }
}
