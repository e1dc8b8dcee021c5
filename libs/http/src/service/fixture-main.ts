import { bootstrapService, exitOnSignalWhileStarting } from '../index.js';
import { FixtureModule } from './fixture.module.js';

// Run by bootstrap-service.int.spec.ts as a real process to test shutdown on signals.
// FIXTURE_STARTING=1: says `starting` and waits for a signal before bootstrapping (a long catch-up).
exitOnSignalWhileStarting('fixture');
if (process.env.FIXTURE_STARTING === '1') {
  process.stdout.write(`${JSON.stringify({ msg: 'starting' })}\n`);
  await new Promise((resolve) => setTimeout(resolve, 60_000));
}
await bootstrapService({ name: 'fixture', module: FixtureModule, port: 0 });
