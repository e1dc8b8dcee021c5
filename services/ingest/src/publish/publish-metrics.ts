import { counter } from '@market/observability';
import { isProblemError } from '@market/http';

const publishes = counter<'outcome'>({
  name: 'market_ingest_publishes_total',
  help: 'Publish requests by outcome: accepted, or the problem code that refused them',
  labelNames: ['outcome'],
});

export const countPublish = (error?: unknown): void => {
  publishes.inc({ outcome: error === undefined ? 'accepted' : isProblemError(error) ? error.code : 'internal' });
};
