/** Injection tokens (explicit: the runtime has no emitDecoratorMetadata). */
export const SEARCH_BACKEND = Symbol('SEARCH_BACKEND');
export const SHUTDOWN = Symbol('SHUTDOWN');
