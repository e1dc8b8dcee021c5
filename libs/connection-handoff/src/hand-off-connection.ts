import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import type { HandedConnection } from './protocol.js';

/**
 * Sends a connection (a socket no HTTP parser has touched, and the bytes already read from it) to
 * `child`, which answers on its own HTTP server: the parent stays out of the response's byte path.
 * Returns false, having touched nothing, when the child's channel is closed. If the send fails
 * later, `onFailed` runs and the socket is still the parent's (unless it was destroyed).
 */
export const handOffConnection = (
  child: ChildProcess,
  socket: Socket,
  bytes: Buffer,
  onFailed: () => void,
): boolean => {
  if (!child.connected || socket.destroyed) return false;
  const message: HandedConnection = { type: 'market:connection', head: bytes.toString('latin1') };
  // send() answers false when the channel's queue is long; the handle is sent all the same.
  // On success the socket object here is left as it is, without its handle: send() has already
  // taken it off its server's count, and destroying it would take it off a second time.
  child.send(message, socket, { keepOpen: false }, (error) => {
    if (error) onFailed();
  });
  return true;
};
