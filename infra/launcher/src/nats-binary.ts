import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** nats-server from PATH, or where Debian's package puts it (/usr/sbin is not on every PATH). */
export const findNatsServer = (): string | undefined => {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/bin', '/usr/bin'];
  return dirs.map((d) => join(d, 'nats-server')).find((p) => existsSync(p));
};
