import { constants } from 'node:fs';
import { chmod, mkdir, open, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CliError } from '../errors/cli-error.js';
import { EXIT } from '../errors/exit-codes.js';
import { Signer } from '../sdk.js';

/**
 * Writes a private key readable by its owner only. O_EXCL unless `force`, so an existing key
 * (whose public half may be registered) is never overwritten by accident; the mode is set at
 * creation and again after, whatever the umask.
 */
export const writeKeyFile = async (path: string, pem: string, force: boolean): Promise<void> => {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const flags =
    constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (force ? constants.O_TRUNC : constants.O_EXCL);
  const handle = await open(path, flags, 0o600).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST') {
      throw new CliError(
        'key_exists',
        `${path} already exists`,
        EXIT.refused,
        'keep it (its public key may be registered), choose another --key path, or pass --force to replace it',
      );
    }
    throw error;
  });
  try {
    await handle.chmod(0o600);
    await handle.truncate(0);
    await handle.writeFile(pem);
  } finally {
    await handle.close();
  }
  await chmod(path, 0o600);
};

/** Loads the publisher key, refusing one that others can read (like ssh does). */
export const readSigner = async (path: string): Promise<Signer> => {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      throw new CliError(
        'key_missing',
        `no key at ${path}`,
        EXIT.localFile,
        'create one with `market keygen`, or point --key / MARKET_KEY at yours',
      );
    }
    throw error;
  });
  if ((info.mode & 0o077) !== 0) {
    throw new CliError(
      'key_permissions',
      `${path} is readable by others (mode ${(info.mode & 0o777).toString(8).padStart(4, '0')})`,
      EXIT.localFile,
      `run: chmod 600 ${path}`,
    );
  }
  return Signer.fromPem(await readFile(path, 'utf8'));
};
