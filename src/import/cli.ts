/**
 * The `reachlab import DIR [-o FILE] [--probes FILE] [--title TEXT]` command: Node-side file
 * handling around the pure importer. Diagnostics go to stderr as `file:jsonpath: severity CODE:
 * message`; the scenario to stdout or FILE. Exit 0: imported (warnings do not fail); 2: an
 * unreadable or malformed input, or a usage error (nothing is written).
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { type ExportFile, decodeExport, formatImportDiagnostic, importExports } from './index.ts';

export const IMPORT_HELP = `usage: reachlab import DIR [-o FILE] [--probes FILE] [--title TEXT]
  Reads the raw JSON exports in DIR (and its subfolders) and writes a scenario.
  Diagnostics on stderr; exit 0 when imported (warnings included), 2 on unreadable or malformed input.
`;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** Every .json file under dir, relative to it, sorted. */
function listJson(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.json$/i.test(e.name)) out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** Runs `reachlab import` with the arguments after `import`; returns the exit code. */
export function runImport(args: string[], io: Io): number {
  let dir: string | undefined;
  let outFile: string | undefined;
  let probesFile: string | undefined;
  let title: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-o' || a === '--output') outFile = args[++i];
    else if (a === '--probes') probesFile = args[++i];
    else if (a === '--title') title = args[++i];
    else if (a === '--help' || a === '-h') {
      io.out(IMPORT_HELP);
      return 0;
    } else if (!a.startsWith('-') && dir === undefined) dir = a;
    else {
      io.err(`reachlab import: unexpected argument "${a}"\n${IMPORT_HELP}`);
      return 2;
    }
  }
  if (!dir) {
    io.err(`reachlab import: name the folder of exports\n${IMPORT_HELP}`);
    return 2;
  }
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    names = listJson(dir);
  } catch (e) {
    io.err(`${dir}:$: error UNREADABLE: cannot read the folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
    return 2;
  }
  const files: ExportFile[] = [];
  let unreadable = false;
  for (const n of names) {
    try {
      files.push({ file: n, text: decodeExport(readFileSync(join(dir, n))) });
    } catch (e) {
      io.err(`${n}:$: error UNREADABLE: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
      unreadable = true;
    }
  }
  let probes: { file: string; text: string } | undefined;
  if (probesFile) {
    try {
      probes = { file: probesFile, text: readFileSync(probesFile, 'utf8') };
    } catch (e) {
      io.err(`${probesFile}:$: error UNREADABLE: cannot read the probes file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
      return 2;
    }
  }
  const r = importExports(files, { title: title ?? `Imported from ${basename(dir)}`, probes });
  for (const d of r.diagnostics) io.err(`${formatImportDiagnostic(d)}\n`);
  if (unreadable || !r.yaml) return 2;
  if (outFile) writeFileSync(outFile, r.yaml);
  else io.out(r.yaml);
  return 0;
}
