import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// One source of truth for the path aliases: tsconfig.base.json.
const base = JSON.parse(readFileSync(new URL('./tsconfig.base.json', import.meta.url), 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
const alias = Object.fromEntries(
  Object.entries(base.compilerOptions.paths).map(([name, [target]]) => [name, resolve(import.meta.dirname, target!)]),
);

const level = (name: string, timeout: number) => ({
  extends: true as const,
  test: {
    name,
    include: [`{libs,services,infra,test}/**/*.${name}.spec.ts`],
    testTimeout: timeout,
    hookTimeout: timeout,
  },
});

export default defineConfig({
  resolve: { alias },
  test: {
    pool: 'forks',
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [level('unit', 10_000), level('int', 120_000), level('e2e', 600_000)],
  },
});
