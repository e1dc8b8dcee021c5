import { readFile } from 'node:fs/promises';
import { parse, TomlError } from 'smol-toml';
import { CliError } from '../errors/cli-error.js';
import { EXIT } from '../errors/exit-codes.js';

/** The config file's table; a missing default file is no config, a missing explicit one is an error. */
export const readConfigFile = async (
  path: string,
  explicit: boolean,
): Promise<{ path: string; values: Record<string, unknown> } | undefined> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !explicit) return undefined;
    throw new CliError(
      'config_invalid',
      `cannot read config file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      EXIT.localFile,
      'check --config / MARKET_CONFIG',
    );
  }
  try {
    return { path, values: parse(text) as Record<string, unknown> };
  } catch (error) {
    const where = error instanceof TomlError ? ` line ${error.line}, column ${error.column}` : '';
    throw new CliError('config_invalid', `${path}${where}: not valid TOML`, EXIT.localFile);
  }
};
