import { CliError } from '../errors/cli-error.js';
import { EXIT } from '../errors/exit-codes.js';
import type { Lockfile } from '../project/lockfile.js';
import { mapWithConcurrency, type MarketplaceClient } from '../sdk.js';

/**
 * A locked version must still be what the registry says it is: name@version is immutable, so
 * a different digest, key or signature means the registry (or the lock) was tampered with.
 * Returns warnings for locked versions that were yanked since (they are still installed: the
 * lock pins them on purpose).
 */
export const checkLockAgainstRegistry = async (
  client: MarketplaceClient,
  lock: Lockfile,
  concurrency: number,
): Promise<string[]> => {
  const warnings: string[] = [];
  await mapWithConcurrency(Object.entries(lock.packages), concurrency, async ([name, locked]) => {
    const current = await client.getVersion(name, locked.version);
    for (const field of ['sha256', 'blake3', 'size', 'keyId', 'signature'] as const) {
      if (current[field] !== locked[field]) {
        throw new CliError(
          'lock_mismatch',
          `${name}@${locked.version}: the registry now says ${field} ${String(current[field])}, market.lock says ${String(locked[field])}`,
          EXIT.integrity,
          'a published version never changes: someone altered the registry or market.lock; nothing was installed',
        );
      }
    }
    if (current.yanked)
      warnings.push(
        `${name}@${locked.version} is yanked${current.yankedReason ? ` (${current.yankedReason})` : ''}; installing it because market.lock pins it`,
      );
  });
  return warnings;
};
