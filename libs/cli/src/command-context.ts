import type { OptionValues } from './args/parse-command-line.js';
import type { ResolvedConfig } from './config/resolve-config.js';
import type { Settings } from './config/settings.js';
import type { CliIo } from './output/cli-io.js';
import type { Output } from './output/output.js';
import type { MarketplaceClient, Signer } from './sdk.js';

export interface CommandContext {
  positionals: string[];
  options: OptionValues;
  settings: Settings;
  config: ResolvedConfig & { file?: string };
  out: Output;
  io: CliIo;
  /** `--dir` or the current directory: the project (or pack) to work on. */
  workDir: string;
  client(): MarketplaceClient;
  /** The publisher key from `--key` / MARKET_KEY / the config (checked: exists, 0600, Ed25519). */
  signer(): Promise<Signer>;
}

export const stringOption = (ctx: CommandContext, name: string): string | undefined => {
  const value = ctx.options[name];
  return typeof value === 'string' ? value : undefined;
};

export const listOption = (ctx: CommandContext, name: string): string[] => {
  const value = ctx.options[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
};

export const flag = (ctx: CommandContext, name: string): boolean => ctx.options[name] === true;
