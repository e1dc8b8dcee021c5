// What other parts of the repository may use (tests, the launcher, benchmarks).
export {
  startRegistryService,
  SERVICE_NAME,
  type RegistryService,
  type RegistryServiceDeps,
} from './registry-service.js';
export { dumpReadModel } from './read-model/dump-read-model.js';
export { resolve } from './resolver/resolve.js';
export type {
  CandidateVersion,
  Conflict,
  GetVersions,
  Requirement,
  ResolveResult,
} from './resolver/resolution-types.js';
