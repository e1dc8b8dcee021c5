import type { CommandSpec } from '../args/command-spec.js';
import { configCommand } from './config.command.js';
import { infoCommand } from './info.command.js';
import { initCommand } from './init.command.js';
import { installCommand } from './install.command.js';
import { keyRegisterCommand } from './key-register.command.js';
import { keygenCommand } from './keygen.command.js';
import { listCommand } from './list.command.js';
import { outdatedCommand } from './outdated.command.js';
import {
  deprecateCommand,
  distTagAddCommand,
  distTagLsCommand,
  distTagRmCommand,
  unyankCommand,
  yankCommand,
} from './package-commands.js';
import { packCommand } from './pack.command.js';
import { publishCommand } from './publish.command.js';
import { searchCommand } from './search.command.js';
import { uninstallCommand } from './uninstall.command.js';
import { updateCommand } from './update.command.js';

/** In the order `market --help` lists them: publishers first, then consumers. */
export const PUBLISHER_COMMANDS: readonly CommandSpec[] = [
  initCommand,
  keygenCommand,
  keyRegisterCommand,
  packCommand,
  publishCommand,
  yankCommand,
  unyankCommand,
  deprecateCommand,
  distTagAddCommand,
  distTagRmCommand,
  distTagLsCommand,
];

export const CONSUMER_COMMANDS: readonly CommandSpec[] = [
  searchCommand,
  infoCommand,
  installCommand,
  uninstallCommand,
  listCommand,
  outdatedCommand,
  updateCommand,
];

export const OTHER_COMMANDS: readonly CommandSpec[] = [configCommand];

export const ALL_COMMANDS: readonly CommandSpec[] = [...PUBLISHER_COMMANDS, ...CONSUMER_COMMANDS, ...OTHER_COMMANDS];
