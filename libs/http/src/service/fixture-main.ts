import { bootstrapService } from '../index.js';
import { FixtureModule } from './fixture.module.js';

// Run by bootstrap-service.int.spec.ts as a real process to test shutdown on signals.
await bootstrapService({ name: 'fixture', module: FixtureModule, port: 0 });
