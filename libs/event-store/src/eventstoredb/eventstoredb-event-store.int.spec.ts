import { describe } from 'vitest';
import { describeEventStoreContract } from '../testing/event-store-contract.js';
import { openEventStoreDb } from './eventstoredb-event-store.js';

// Set EVENTSTORE_URL (e.g. esdb://127.0.0.1:2113?tls=false) to run the contract against a real
// EventStoreDB/KurrentDB; the suite never starts one itself.
const url = process.env.EVENTSTORE_URL;

if (url) {
  describeEventStoreContract(`EventStoreDB (${url})`, async () => {
    const store = openEventStoreDb({ connectionString: url });
    return { store, cleanup: () => store.close() };
  });
} else {
  console.warn('EventStoreDB contract suite skipped: set EVENTSTORE_URL=esdb://host:2113?tls=false to run it.');
  describe.skip('EventStore contract: EventStoreDB (EVENTSTORE_URL not set)', () => {
    describeEventStoreContract('EventStoreDB', () => Promise.reject(new Error('EVENTSTORE_URL not set')));
  });
}
