import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, spawnTsx, tempDir, type TempDir, type TsxProcess } from '@market/testing';

/** The relay as the launcher runs it: its own process, stopped by a signal. */
describe('relay process (e2e)', () => {
  let dir: TempDir | undefined;
  let relay: TsxProcess | undefined;

  afterEach(async () => {
    relay?.kill('SIGKILL');
    await relay?.exited;
    dir?.remove();
  });

  it('exits 0 on SIGTERM while it is still starting (here: waiting for a NATS server that is not up)', async () => {
    dir = tempDir('relay-process');
    relay = spawnTsx('libs/relay/src/main.ts', {
      NATS_URL: `nats://127.0.0.1:${await freePort()}`,
      MARKET_EVENT_STORE_URL: `sqlite:${join(dir.path, 'events.sqlite')}`,
    });
    await relay.waitForOutput(/relay starting/);
    relay.kill('SIGTERM');
    expect(await relay.exited).toEqual({ code: 0, signal: null });
    expect(relay.output()).toContain('relay stopped while starting');
  });
});
