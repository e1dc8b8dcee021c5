import { MarketError } from './market-error.js';

const MAX_DETAIL = 2000;

/**
 * Turns an error answer into a MarketError: RFC 9457 problem+json keeps its `code` and
 * `detail`; anything else (a proxy's HTML page) becomes `http_<status>` with the text's start.
 */
export const problemToError = (status: number, contentType: string | null, body: string, what: string): MarketError => {
  if (contentType?.includes('json')) {
    try {
      const doc = JSON.parse(body) as unknown;
      if (typeof doc === 'object' && doc !== null && !Array.isArray(doc)) {
        const problem = doc as Record<string, unknown>;
        const code = typeof problem.code === 'string' && problem.code !== '' ? problem.code : `http_${status}`;
        const detail =
          typeof problem.detail === 'string' && problem.detail !== ''
            ? problem.detail
            : typeof problem.title === 'string'
              ? problem.title
              : `${what} answered ${status}`;
        return new MarketError(code, status, detail.slice(0, MAX_DETAIL), problem);
      }
    } catch {
      // Not JSON after all: fall through to the text form.
    }
  }
  const text = body.trim().replace(/\s+/g, ' ').slice(0, 200);
  return new MarketError(`http_${status}`, status, `${what} answered ${status}${text ? `: ${text}` : ''}`);
};
