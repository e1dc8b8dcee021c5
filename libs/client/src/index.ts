export { MarketplaceClient, type PublishInput, type WaitOptions, type CommandResult } from './marketplace-client.js';
export {
  MarketplaceClientBuilder,
  DEFAULT_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_CONCURRENCY,
} from './marketplace-client-builder.js';
export { MarketError, isMarketError, INTEGRITY_CODES, type ClientErrorCode } from './errors/market-error.js';
export { Signer } from './signing/signer.js';
export { ContentCache, compareDigest } from './cache/content-cache.js';
export { defaultCacheDir } from './cache/default-cache-dir.js';
export { checkSignature, type SignatureCheck } from './verify/check-signature.js';
export { mapWithConcurrency } from './download/map-with-concurrency.js';
export type { DownloadProgress, DownloadProgressListener, FetchedArchive } from './download/download-progress.js';
export type { PackageView, VersionView, PackageHistory } from './api/version-view.js';
export type { KeyView, RegisterKeyInput } from './api/key-view.js';
export type { Resolution, ResolvedEntry, ArchiveRef } from './api/resolution.js';
export type { SearchQuery, SearchResult, SearchHit, Suggestion } from './api/search-result.js';
export type { PublishAccepted, Submission } from './api/submission.js';
