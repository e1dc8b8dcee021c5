import type { DomainEvent } from '@market/contracts';
import type { EventStore } from '@market/event-store';
import { foldPackage } from '../domain/evolve-package.js';
import { emptyPackageState } from '../domain/package-state.js';
import { packageView, type PackageView } from '../domain/package-view.js';
import { decodedPackageEvents } from './read-package-stream.js';

/**
 * The package as it was at `asOf`: its stream's events with occurredAt ≤ asOf, folded through
 * the same evolve function as the live projection. Dependents are a cross-package figure that one
 * stream cannot give, so they are null here.
 */
export const packageAsOf = async (store: EventStore, name: string, asOf: Date): Promise<PackageView | null> => {
  const limit = asOf.getTime();
  const events: DomainEvent[] = [];
  for await (const event of decodedPackageEvents(store, name)) {
    if (Date.parse(event.occurredAt) <= limit) events.push(event);
  }
  return packageView(foldPackage(emptyPackageState(name), events), null);
};
