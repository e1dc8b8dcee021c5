import { normalizePackageName } from './package-name.js';

/**
 * Stream names are `<category>-<id>`. The category is the prefix up to the first `-` and is
 * what NATS subjects and consumers filter on.
 */
export const streams = {
  package: (name: string) => `package-${normalizePackageName(name)}`,
  key: (keyId: string) => `key-${keyId}`,
  /** One stream for every first claim of a namespace: its revision serialises claims across replicas. */
  namespaceClaims: () => 'namespace-claims',
  consumer: (consumer: string) => `consumer-${consumer}`,
} as const;

export type StreamCategory = keyof typeof streams;

export const categoryOf = (stream: string): string => {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
};
