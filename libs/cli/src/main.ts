import { homedir } from 'node:os';
import { runCli } from './run-cli.js';

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  home: process.env.HOME || homedir(),
});
process.exitCode = code;
// Idle keep-alive sockets must not hold the exit back; stdout/stderr are synchronous on Linux pipes and files.
setTimeout(() => process.exit(code), 100).unref();
