import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/engine/**/*.test.ts', 'tests/components/**/*.test.ts', 'tests/cli/**/*.test.ts', 'tests/import/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
