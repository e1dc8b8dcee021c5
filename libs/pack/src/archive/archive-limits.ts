export interface ArchiveLimits {
  /** Files plus directories. */
  maxEntries: number;
  /** Decompressed bytes of one file. */
  maxEntryBytes: number;
  /** Decompressed bytes of all files together (the gzip-bomb guard). */
  maxTotalBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = Object.freeze({
  maxEntries: 10_000,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
});

export const resolveLimits = (limits: Partial<ArchiveLimits> = {}): ArchiveLimits => ({
  ...DEFAULT_ARCHIVE_LIMITS,
  ...Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined)),
});

/**
 * Headers, pax records and padding are not file content but still cost decompression work;
 * they get their own allowance on top of maxTotalBytes (a pax record is at most 64 KiB but a
 * typical entry needs about 1 KiB, long paths included).
 */
export const tarStreamBudget = (limits: ArchiveLimits): number =>
  limits.maxTotalBytes + limits.maxEntries * 8 * 1024 + 1024 * 1024;
