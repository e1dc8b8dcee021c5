/**
 * JSON.stringify that never throws on what services actually log: bigints (positions and
 * revisions) become strings, errors keep name/message/stack/code, cycles are cut.
 */
export const jsonLine = (record: Record<string, unknown>): string => {
  const seen = new WeakSet<object>();
  return JSON.stringify(record, (_key, value: unknown) => {
    if (typeof value === 'bigint') return value.toString();
    if (value instanceof Error) return errorFields(value);
    if (typeof value === 'object' && value !== null) {
      if (seen.has(value)) return '[Circular]';
      seen.add(value);
    }
    return value;
  });
};

const errorFields = (error: Error): Record<string, unknown> => {
  const { code, type, cause } = error as Error & { code?: unknown; type?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(code !== undefined && { code }),
    ...(type !== undefined && { type }),
    stack: error.stack,
    ...(cause !== undefined && { cause }),
  };
};
