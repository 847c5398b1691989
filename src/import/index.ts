/**
 * `reachlab import`: a folder of raw Azure exports in, a scenario out. Pure: takes the files'
 * texts, returns the YAML and the diagnostics; never throws on bad input. The engine checks the
 * result, and its errors and warnings become import diagnostics too.
 */
import { Document, parse as parseYaml } from 'yaml';
import { analyze, formatPath } from '../engine/index.ts';
import { type Extra, buildTopology } from './build.ts';
import type { ImportDiagnostic } from './diagnostics.ts';
import { checkEffective } from './effective.ts';
import { emitScenario } from './emit.ts';
import { readJson } from './json.ts';
import { type Found, detect } from './resources.ts';

export { IMPORT_CODES, type ImportCode, type ImportDiagnostic, formatImportDiagnostic, formatJsonPath } from './diagnostics.ts';
export { decodeExport } from './json.ts';

/** One export file: its name relative to the folder, and its text. */
export interface ExportFile {
  readonly file: string;
  readonly text: string;
}

export interface ImportOptions {
  /** A title for the scenario (default: the folder name). */
  readonly title?: string;
  /** YAML with a `probes:` list (or a bare list) to put in the scenario instead of the example. */
  readonly probes?: { readonly file: string; readonly text: string };
}

export interface ImportResult {
  /** The scenario text; undefined when an error stops the import. */
  readonly yaml?: string;
  readonly diagnostics: ImportDiagnostic[];
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Imports the exports; errors (unreadable or malformed input) leave `yaml` undefined. Never throws. */
export function importExports(files: readonly ExportFile[], opts: ImportOptions = {}): ImportResult {
  let r: ImportResult;
  try {
    r = importUnsafe(files, opts);
  } catch (e) {
    r = { diagnostics: [{ code: 'INTERNAL_ERROR', severity: 'error', file: '<import>', path: [], message: `The importer failed: ${e instanceof Error ? e.message : String(e)}.`, hint: 'This is a bug in Reachlab, not in your exports; please report it with the exports (ids removed).' }] };
  }
  // No id reaches the terminal either: a GUID quoted from an export becomes <id>.
  const scrub = (t: string) => t.replace(GUIDS, '<id>');
  return { ...r, diagnostics: r.diagnostics.map((d) => ({ ...d, message: scrub(d.message), hint: d.hint === undefined ? undefined : scrub(d.hint), path: d.path.map((k) => (typeof k === 'string' ? scrub(k) : k)) })) };
}

const GUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

function importUnsafe(files: readonly ExportFile[], opts: ImportOptions): ImportResult {
  const diagnostics: ImportDiagnostic[] = [];
  const found: Found[] = [];
  for (const f of [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    const r = readJson(f.text, f.file);
    if (!r.ok) {
      diagnostics.push(r.diagnostic);
      continue;
    }
    found.push(...detect(r.value, f.file, diagnostics));
  }
  if (!files.length) diagnostics.push({ code: 'EMPTY_EXPORT', severity: 'error', file: '.', path: [], message: 'The folder holds no .json export.', hint: 'Put the JSON output of the az commands (see `reachlab import --help`) in the folder.' });
  const topology = buildTopology(found, diagnostics) as ReturnType<typeof buildTopology> & Extra;
  checkEffective(found, topology, diagnostics);

  let probesYaml: string | undefined;
  if (opts.probes) {
    const parsed: unknown = (() => {
      try {
        return parseYaml(opts.probes.text) as unknown;
      } catch (e) {
        diagnostics.push({ code: 'JSON_SYNTAX', severity: 'error', file: opts.probes.file, path: [], message: `The probes file is not valid YAML: ${(e as Error).message.split('\n')[0]}.` });
        return undefined;
      }
    })();
    const list = Array.isArray(parsed) ? parsed : parsed && typeof parsed === 'object' && Array.isArray((parsed as { probes?: unknown }).probes) ? (parsed as { probes: unknown[] }).probes : undefined;
    if (parsed !== undefined && !list) diagnostics.push({ code: 'BAD_FIELD', severity: 'error', file: opts.probes.file, path: [], message: 'The probes file holds neither a `probes:` list nor a list.', hint: 'Write `probes:` followed by items with from, to and expect, as in a scenario.' });
    if (list) probesYaml = `# probes from ${opts.probes.file}\n${new Document({ probes: list }).toString({ lineWidth: 0 })}`;
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };

  const files1 = [...new Set(files.map((f) => f.file))].sort();
  const yaml = emitScenario(topology, {
    title: opts.title ?? 'Imported Azure network',
    header: ['Imported by `reachlab import` from these exports (regenerate rather than edit):', ...files1.map((f) => `  ${f}`)],
    era: topology.vnets.every((v) => v.value.model === 'classic') && topology.vnets.length > 0 ? 'classic-2016' : 'current',
    probesYaml,
  });
  // Belt and braces: an id that slipped through (in a name or a file name) stops the import.
  const leak = GUID.exec(yaml);
  if (leak) {
    diagnostics.push({ code: 'SCENARIO_INVALID', severity: 'error', file: '<scenario>', path: [], message: 'The scenario would contain a GUID (a subscription, tenant or resource id); nothing is written.', hint: 'Rename the export file or resource whose name holds the GUID.' });
    return { diagnostics };
  }
  const analysis = analyze(yaml);
  for (const d of analysis.diagnostics) {
    diagnostics.push({
      code: d.severity === 'error' ? 'SCENARIO_INVALID' : 'SCENARIO_WARNING',
      severity: d.severity,
      file: '<scenario>',
      path: [],
      message: `${formatPath(d.path)}: ${d.code}: ${d.message}`,
      hint: d.hint,
    });
  }
  return diagnostics.some((d) => d.severity === 'error') ? { diagnostics } : { yaml, diagnostics };
}
