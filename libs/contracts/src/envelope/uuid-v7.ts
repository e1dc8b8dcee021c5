import { v7 } from 'uuid';

/** Time-ordered identifiers (RFC 9562 UUIDv7) for events and submissions. */
export const uuidv7 = (): string => v7();
