// Runs the reachlab CLI in-process with captured output and a file system of given texts.
import { readFileSync } from 'node:fs';
import { main } from '../../../src/cli/main.ts';

/** `files` first; other paths come from the disk, or (`disk: false`) are missing (ENOENT). */
export function runCli(args: string[], files: Record<string, string> = {}, disk = true): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(args, {
    out: (s) => void (out += s),
    err: (s) => void (err += s),
    read: (f) => {
      if (Object.hasOwn(files, f)) return files[f]!;
      if (disk) return readFileSync(f, 'utf8');
      throw Object.assign(new Error('not found'), { code: 'ENOENT' });
    },
  });
  return { code, out, err };
}
