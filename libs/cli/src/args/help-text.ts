import type { CommandSpec, OptionSpecs } from './command-spec.js';
import { GLOBAL_OPTIONS } from './global-options.js';

const optionLines = (specs: OptionSpecs): string[] => {
  const entries = Object.entries(specs).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.value ? ` <${spec.value}>` : ''}`;
    return [flag, `${spec.description}${spec.multiple ? ' (repeatable)' : ''}`] as const;
  });
  const width = Math.max(...entries.map(([f]) => f.length));
  return entries.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`);
};

export const commandHelp = (command: CommandSpec): string =>
  [
    `${command.summary}`,
    '',
    `usage: ${command.usage}`,
    ...(command.description ? ['', command.description] : []),
    ...(Object.keys(command.options).length ? ['', 'options:', ...optionLines(command.options)] : []),
    '',
    'examples:',
    ...command.examples.map((e) => `  ${e}`),
    '',
    'global options:',
    ...optionLines(GLOBAL_OPTIONS),
  ].join('\n');

export const groupHelp = (group: string, commands: readonly CommandSpec[]): string =>
  [
    `market ${group} <sub-command>`,
    '',
    ...commands.filter((c) => c.name.startsWith(`${group} `)).map((c) => `  ${c.name.padEnd(16)} ${c.summary}`),
  ].join('\n');

export const mainHelp = (sections: { title: string; commands: readonly CommandSpec[] }[]): string => {
  const width = Math.max(...sections.flatMap((s) => s.commands.map((c) => c.name.length)));
  return [
    'market: publish, find, verify and install code-generation packs',
    '',
    'usage: market <command> [options]      market <command> --help   for options and examples',
    ...sections.flatMap((s) => [
      '',
      `${s.title}:`,
      ...s.commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    ]),
    '',
    'global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'examples:',
    '  market keygen && market key register --namespace demo --owner "Platform Team"',
    '  market publish examples/base-templates examples/rest-api examples/service-skeleton',
    '  market search rest && market install demo/service-skeleton',
    '',
    'exit codes: 0 ok, 1 unexpected, 2 usage, 3 not found, 4 registry unreachable, 5 refused,',
    '            6 integrity failure, 7 publication rejected, 8 local file invalid or lockfile out of date',
    'settings: --flag > environment (MARKET_URL, MARKET_CACHE_DIR, MARKET_KEY, ...) > ~/.config/market/config.toml > default',
  ].join('\n');
};
