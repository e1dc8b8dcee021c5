const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes canonical padded base64 only. Buffer.from(s, 'base64') silently skips junk
 * characters, so two different strings could stand for one key or signature.
 */
export const decodeStrictBase64 = (text: unknown): Buffer | undefined => {
  if (typeof text !== 'string' || !BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
};
