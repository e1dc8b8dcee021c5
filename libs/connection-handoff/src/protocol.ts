/** Set to `1` in a child's environment by a parent that will hand it connections over IPC. */
export const HANDOFF_ENV = 'MARKET_CONNECTION_HANDOFF';

/** Parent → child, with the connection's socket as the handle: serve the request on it. */
export interface HandedConnection {
  type: 'market:connection';
  /** The bytes the parent already read off the socket (latin1), starting with the request head. */
  head: string;
}

/** Child → parent, once its HTTP server listens and takes handed connections. */
export interface AcceptingConnections {
  type: 'market:accepting-connections';
}

export const isHandedConnection = (message: unknown): message is HandedConnection =>
  typeof message === 'object' &&
  message !== null &&
  (message as HandedConnection).type === 'market:connection' &&
  typeof (message as HandedConnection).head === 'string';

export const isAcceptingConnections = (message: unknown): message is AcceptingConnections =>
  typeof message === 'object' &&
  message !== null &&
  (message as AcceptingConnections).type === 'market:accepting-connections';

/** The first request read off a new connection, when its whole head is there. */
export interface FirstRequest {
  method: string;
  target: string;
  /** It declares a body (Content-Length other than 0, or Transfer-Encoding). */
  hasBody: boolean;
  /** Where the head ends in the bytes read (after its blank line). */
  headEnd: number;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const REQUEST_LINE = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/;

/**
 * The request line of the first request in `bytes` (the first read off a connection), or
 * undefined when its head is not complete there or does not look like HTTP/1.x: the caller then
 * leaves the connection to its HTTP server, which parses it properly (and refuses what is malformed).
 */
export const readFirstRequest = (bytes: Buffer): FirstRequest | undefined => {
  const end = bytes.indexOf(HEAD_END);
  if (end < 0) return undefined;
  const lines = bytes.toString('latin1', 0, end).split('\r\n');
  const match = REQUEST_LINE.exec(lines[0]!);
  if (!match) return undefined;
  const hasBody = lines.slice(1).some((line) => {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    return name === 'transfer-encoding' || (name === 'content-length' && line.slice(colon + 1).trim() !== '0');
  });
  return { method: match[1]!, target: match[2]!, hasBody, headEnd: end + HEAD_END.length };
};

/**
 * `bytes` with the first request's Connection and Keep-Alive headers replaced by
 * `Connection: close`: the child answers that request and closes, so the client's next request
 * comes back to the parent on a new connection. What follows the head is kept as it was.
 */
export const closingAfterFirstRequest = (bytes: Buffer, request: FirstRequest): Buffer => {
  const lines = bytes.toString('latin1', 0, request.headEnd - HEAD_END.length).split('\r\n');
  const kept = lines.filter((line, i) => {
    if (i === 0) return true;
    const name = line.slice(0, line.indexOf(':')).trim().toLowerCase();
    return name !== 'connection' && name !== 'keep-alive';
  });
  const head = Buffer.from(`${[...kept, 'Connection: close'].join('\r\n')}\r\n\r\n`, 'latin1');
  return Buffer.concat([head, bytes.subarray(request.headEnd)]);
};
