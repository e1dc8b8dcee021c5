/** Injection tokens (explicit: the runtime has no emitDecoratorMetadata). */
export const BLOB_STORE = Symbol('BLOB_STORE');
export const BLOB_INDEX_DB = Symbol('BLOB_INDEX_DB');
export const DOWNLOAD_TALLY = Symbol('DOWNLOAD_TALLY');
export const SHUTDOWN = Symbol('SHUTDOWN');
export const BUFFER_POOL = Symbol('BUFFER_POOL');
