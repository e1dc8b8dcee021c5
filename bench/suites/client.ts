import { join } from 'node:path';
import { runClientBench } from '../../libs/cli/src/bench/client-bench.js';
import { freePort, tempDir } from '@market/testing';
import { startMarketplace } from '../../test/e2e/support/marketplace.js';
import { round, type Metrics } from '../lib/metrics.js';

export const targets: Record<string, string> = { verify_signature_ms: '<= 0.2' };

/** The client against a real stack: install a 30-pack graph cold and warm, and signature checks. */
export const run = async (): Promise<Metrics> => {
  const dir = tempDir('bench-client');
  const market = await startMarketplace({ dataDir: join(dir.path, 'data'), port: await freePort() });
  try {
    const r = await runClientBench(market.url);
    return {
      install_cold_s: { value: round(r.install_cold_s, 3), unit: 's' },
      install_warm_s: { value: round(r.install_warm_s, 3), unit: 's' },
      verify_signature_ms: { value: round(r.verify_signature_ms, 4), unit: 'ms' },
    };
  } finally {
    await market.stop();
    dir.remove();
  }
};
