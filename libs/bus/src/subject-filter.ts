/**
 * NATS subject matching, so events read from the store are filtered exactly as JetStream filters
 * the live ones: `*` matches one token, a final `>` one or more.
 */
export const subjectMatches = (filter: string | undefined, subject: string): boolean => {
  if (!filter) return true;
  const want = filter.split('.');
  const have = subject.split('.');
  for (let i = 0; i < want.length; i++) {
    const token = want[i];
    if (token === '>') return have.length > i;
    if (i >= have.length) return false;
    if (token !== '*' && token !== have[i]) return false;
  }
  return want.length === have.length;
};
