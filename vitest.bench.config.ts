import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { benchmark: { include: ['tests/bench/**/*.bench.ts'] }, environment: 'node', testTimeout: 900_000 },
});
