export { acceptHandedConnections } from './accept-handed-connections.js';
export { handOffConnection } from './hand-off-connection.js';
export {
  HANDOFF_ENV,
  isAcceptingConnections,
  isHandedConnection,
  readFirstRequest,
  closingAfterFirstRequest,
  type AcceptingConnections,
  type FirstRequest,
  type HandedConnection,
} from './protocol.js';
