/** Injection token for the service's name (used by the health endpoint). */
export const SERVICE_NAME = Symbol('SERVICE_NAME');
