/** Injection tokens (explicit: the runtime has no emitDecoratorMetadata). */
export const SEARCH_ENGINE = Symbol('SEARCH_ENGINE');
export const NAME_SUGGESTER = Symbol('NAME_SUGGESTER');
export const SHUTDOWN = Symbol('SHUTDOWN');
