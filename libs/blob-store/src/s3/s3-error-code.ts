/** The S3 error code of a minio client failure (`NoSuchKey`, `NotFound`, `InvalidRange`...). */
export const s3ErrorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;

export const isS3NotFound = (error: unknown): boolean => {
  const code = s3ErrorCode(error);
  return code === 'NoSuchKey' || code === 'NotFound' || code === 'NoSuchObject';
};
