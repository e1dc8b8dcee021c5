import { describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../commands/all-commands.js';
import { CliError } from '../errors/cli-error.js';
import { EXIT } from '../errors/exit-codes.js';
import { parseExactVersion, parseRequirement } from '../project/package-requirement.js';
import { parseCommandLine } from './parse-command-line.js';

const parse = (line: string[]) => parseCommandLine(line, ALL_COMMANDS);

const usageFailure = (line: string[]): CliError => {
  try {
    parse(line);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(EXIT.usage);
    return error as CliError;
  }
  throw new Error(`expected ${line.join(' ')} to fail`);
};

describe('command line', () => {
  it('finds one- and two-word commands, with global options before or after', () => {
    const a = parse(['--url', 'http://r:1', 'install', 'acme/x@^1', '--frozen', '--json']);
    expect(a.kind === 'command' && a.command.name).toBe('install');
    expect(a.kind === 'command' && a.positionals).toEqual(['acme/x@^1']);
    expect(a.kind === 'command' && a.options).toMatchObject({ url: 'http://r:1', frozen: true, json: true });
    const b = parse(['dist-tag', 'add', 'acme/x@1.0.0', 'beta', '-C', '/p']);
    expect(b.kind === 'command' && b.command.name).toBe('dist-tag add');
    expect(b.kind === 'command' && b.positionals).toEqual(['acme/x@1.0.0', 'beta']);
    expect(b.kind === 'command' && b.options.dir).toBe('/p');
  });

  it('collects repeatable options', () => {
    const r = parse(['key', 'register', '--namespace', 'a', '--namespace', 'b', '--owner', 'me']);
    expect(r.kind === 'command' && r.options.namespace).toEqual(['a', 'b']);
  });

  it('answers help in every form', () => {
    expect(parse([]).kind).toBe('help');
    expect(parse(['--help']).kind).toBe('help');
    const h = parse(['help', 'key', 'register']);
    expect(h.kind === 'help' && h.command?.name).toBe('key register');
    const i = parse(['install', '--help']);
    expect(i.kind === 'help' && i.command?.name).toBe('install');
    expect(parse(['dist-tag', '--help'])).toEqual({ kind: 'help', topic: 'dist-tag' });
    expect(parse(['--version']).kind).toBe('version');
  });

  it('refuses typos and wrong arity with exit code 2 and a hint', () => {
    expect(usageFailure(['instal']).message).toMatch(/unknown command "instal"/);
    expect(usageFailure(['install', '--frozn']).message).toMatch(/unknown option --frozn/);
    expect(usageFailure(['install', '--frozn']).hint).toMatch(/market install --help/);
    expect(usageFailure(['dist-tag']).message).toMatch(/needs a sub-command: add, rm, ls/);
    expect(usageFailure(['dist-tag', 'move']).message).toMatch(/unknown sub-command "dist-tag move"/);
    expect(usageFailure(['yank']).message).toMatch(/missing argument/);
    expect(usageFailure(['info', 'a/b', 'c/d']).message).toMatch(/unexpected argument "c\/d"/);
    expect(usageFailure(['search', '--page']).message).toMatch(/--page needs a value/);
    expect(usageFailure(['list', '--json=yes']).message).toMatch(/--json takes no value/);
  });

  it('reads name[@range|@tag] and name@version', () => {
    expect(parseRequirement('acme/x')).toEqual({ name: 'acme/x' });
    expect(parseRequirement('acme/x@^1.2.0')).toEqual({ name: 'acme/x', spec: { kind: 'range', range: '^1.2.0' } });
    expect(parseRequirement('acme/x@>=1 <2')).toEqual({ name: 'acme/x', spec: { kind: 'range', range: '>=1 <2' } });
    expect(parseRequirement('acme/x@beta')).toEqual({ name: 'acme/x', spec: { kind: 'tag', tag: 'beta' } });
    expect(parseExactVersion('acme/x@1.0.0-rc.1')).toEqual({ name: 'acme/x', version: '1.0.0-rc.1' });
    for (const bad of ['x', 'acme/x@', 'acme/x@!!', '../x@1', 'acme/x y'])
      expect(() => parseRequirement(bad), bad).toThrow(CliError);
    for (const bad of ['acme/x', 'acme/x@^1.0.0', 'acme/x@latest'])
      expect(() => parseExactVersion(bad), bad).toThrow(/exact version/);
  });
});
