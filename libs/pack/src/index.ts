export * from './errors/pack-error.js';

export * from './manifest/parse-pack-toml.js';
export * from './manifest/render-pack-toml.js';

export type { Digest } from './digest/digest.js';
export { digestBytes } from './digest/digest-bytes.js';
export { digestStream } from './digest/digest-stream.js';
export * from './digest/digesting-transform.js';

export { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from './archive/archive-limits.js';
export { MANIFEST_PATH, type PackFile } from './archive/pack-file.js';
export { pathProblem } from './archive/pack-path.js';
export * from './archive/create-pack-archive.js';
export * from './archive/inspect-pack-archive.js';
export { extractPackArchive } from './archive/extract-pack-archive.js';

export * from './signing/canonical-statement.js';
export * from './signing/canonical-command.js';
export { generateSigningKey, keyIdOf, publicKeyOf, type SigningKey } from './signing/ed25519-keys.js';
export * from './signing/ed25519-signatures.js';
