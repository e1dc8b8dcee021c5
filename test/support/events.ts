import { newEvent, streams, type DomainEvent } from '@market/contracts';

/** A real contract event whose `count` tests can sum: DownloadsCounted for `test/pkg-<n>`. */
export const downloadsCounted = (
  pkg: number | string,
  count: number,
  context: { traceparent?: string } = {},
): DomainEvent => {
  const name = `test/pkg-${pkg}`;
  return newEvent(
    'DownloadsCounted',
    streams.package(name),
    { name, version: '1.0.0', count, windowEnd: new Date().toISOString() },
    { actor: 'test', ...context },
  );
};
