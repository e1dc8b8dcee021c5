import type { Server } from 'node:http';
import { Socket } from 'node:net';
import { HANDOFF_ENV, isHandedConnection, type AcceptingConnections } from './protocol.js';

/**
 * In a child process with an IPC channel (the launcher's services): takes connections the parent
 * hands over with their request head already read, and serves them with `server` as if they had
 * arrived on its own port. Tells the parent it accepts them. The channel does not keep the process
 * alive. Once the server has stopped listening (the service is closing), a handed socket is closed,
 * not served. Only where the parent asked for it (HANDOFF_ENV, set by the launcher) and an IPC
 * channel exists; elsewhere (a container, a test runner's worker) it does nothing.
 */
export const acceptHandedConnections = (server: Server, env: NodeJS.ProcessEnv = process.env): void => {
  if (env[HANDOFF_ENV] !== '1' || !process.send) return;
  const onMessage = (message: unknown, handle: unknown) => {
    if (!isHandedConnection(message) || !(handle instanceof Socket)) return;
    if (!server.listening) return void handle.destroy();
    handle.unshift(Buffer.from(message.head, 'latin1'));
    server.emit('connection', handle);
  };
  process.on('message', onMessage);
  process.channel?.unref();
  const ready: AcceptingConnections = { type: 'market:accepting-connections' };
  // The listener stays after the server closes: a socket handed then must still be closed here,
  // not leaked (a handle no listener takes stays open, and its client waits forever).
  process.send(ready);
};
