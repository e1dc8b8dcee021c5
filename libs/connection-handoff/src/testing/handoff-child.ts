// A child process for the hand-off tests: an HTTP server that accepts handed connections and
// says which process answered. It sends 'listening' after acceptHandedConnections has run (so any
// accepting message comes before it). IPC message 'close-server' closes its server.
import http from 'node:http';
import { acceptHandedConnections } from '../accept-handed-connections.js';

const server = http.createServer((req, res) => {
  res.end(JSON.stringify({ by: 'child', pid: process.pid, url: req.url, connection: req.headers.connection }));
});
server.listen(0, '127.0.0.1', () => {
  acceptHandedConnections(server);
  process.send?.('listening');
});
process.on('message', (message) => {
  if (message !== 'close-server') return;
  // Still alive after its server closed, as a service is while its consumers drain.
  setInterval(() => undefined, 1_000);
  server.close(() => process.send?.('server-closed'));
});
