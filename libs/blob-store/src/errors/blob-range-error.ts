/** A byte range that selects nothing of the blob (start past the end, or end before start). HTTP 416. */
export class BlobRangeError extends Error {
  readonly type = 'blob_range_invalid' as const;

  constructor(
    readonly key: string,
    readonly range: { start: number; end: number },
    readonly size?: number,
  ) {
    super(
      `range ${range.start}-${range.end} is not satisfiable for '${key}'${size === undefined ? '' : ` (size ${size})`}`,
    );
    this.name = 'BlobRangeError';
  }
}
