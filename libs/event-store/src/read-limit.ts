/** `maxCount` as an SQL LIMIT (-1 = none); a negative or fractional count is a caller bug. */
export const limitOf = (maxCount: number | undefined): number => {
  if (maxCount === undefined) return -1;
  if (!Number.isSafeInteger(maxCount) || maxCount < 0)
    throw new RangeError(`maxCount must be a non-negative integer, got ${maxCount}`);
  return maxCount;
};
