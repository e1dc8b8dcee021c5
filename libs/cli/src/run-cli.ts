import { resolve } from 'node:path';
import { commandHelp, groupHelp, mainHelp } from './args/help-text.js';
import { parseCommandLine } from './args/parse-command-line.js';
import { ALL_COMMANDS, CONSUMER_COMMANDS, OTHER_COMMANDS, PUBLISHER_COMMANDS } from './commands/all-commands.js';
import type { CommandContext } from './command-context.js';
import { readConfigFile } from './config/read-config-file.js';
import { configFilePath, resolveConfig } from './config/resolve-config.js';
import { describeError } from './errors/describe-error.js';
import { EXIT } from './errors/exit-codes.js';
import type { CliIo } from './output/cli-io.js';
import { Output } from './output/output.js';
import { readSigner } from './publish/key-file.js';
import { MarketplaceClient, type Signer } from './sdk.js';

export const CLI_VERSION = '0.1.0';

/**
 * Runs one command line and returns the exit code; never calls process.exit, so the
 * benchmark and the tests can run it in-process. Stack traces only with --verbose.
 */
export const runCli = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const json = argv.includes('--json');
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  let out = new Output(io, json, verbose);
  let url: string | undefined;
  try {
    const parsed = parseCommandLine(argv, ALL_COMMANDS);
    if (parsed.kind === 'version') {
      out.result({ version: CLI_VERSION }, CLI_VERSION);
      return EXIT.ok;
    }
    if (parsed.kind === 'help') {
      const text = parsed.command
        ? commandHelp(parsed.command)
        : parsed.topic
          ? groupHelp(parsed.topic, ALL_COMMANDS)
          : mainHelp([
              { title: 'publishers', commands: PUBLISHER_COMMANDS },
              { title: 'consumers', commands: CONSUMER_COMMANDS },
              { title: 'other', commands: OTHER_COMMANDS },
            ]);
      out.result({ help: text }, text);
      return EXIT.ok;
    }
    const { command, options, positionals } = parsed;
    out = new Output(io, options.json === true, options.verbose === true);
    const location = configFilePath(options, io.env, io.home, io.cwd);
    const file = await readConfigFile(location.path, location.explicit);
    const config = resolveConfig({ flags: options, env: io.env, file, home: io.home, cwd: io.cwd });
    const { settings } = config;
    url = settings.url;
    out.debug(`registry ${settings.url}, cache ${settings.cacheDir}, config ${file?.path ?? '(none)'}`);
    let client: MarketplaceClient | undefined;
    let signer: Promise<Signer> | undefined;
    const ctx: CommandContext = {
      positionals,
      options,
      settings,
      config: { ...config, file: file?.path },
      out,
      io,
      workDir: typeof options.dir === 'string' ? resolve(io.cwd, options.dir) : io.cwd,
      client: () =>
        (client ??= MarketplaceClient.builder()
          .baseUrl(settings.url)
          .timeout(settings.timeoutMs)
          .cacheDir(settings.cacheDir)
          .concurrency(settings.concurrency)
          .userAgent(`market-cli/${CLI_VERSION}`)
          .build()),
      signer: () => (signer ??= readSigner(settings.keyFile)),
    };
    const outcome = await command.run(ctx);
    out.result(outcome.json, outcome.human);
    return outcome.exitCode ?? EXIT.ok;
  } catch (error) {
    const report = describeError(error, { url });
    out.error(report, report.exitCode === EXIT.internal && error instanceof Error ? error.stack : undefined);
    if (out.verbose && report.exitCode !== EXIT.internal && error instanceof Error && error.stack)
      io.stderr.write(`${error.stack}\n`);
    return report.exitCode;
  }
};
