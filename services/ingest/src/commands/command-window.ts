/** A signed command is accepted this long either side of the server's clock (replay bound, clock skew). */
export const COMMAND_WINDOW_MS = 5 * 60 * 1000;

export const withinCommandWindow = (issuedAt: string, now: Date): boolean => {
  const t = Date.parse(issuedAt);
  return Number.isFinite(t) && Math.abs(now.getTime() - t) <= COMMAND_WINDOW_MS;
};
