/** Every diagnostic code the engine emits. Each is documented in the error reference lesson. */
export const DIAGNOSTIC_CODES = {
  // Reading the text
  YAML_SYNTAX: 'The text is not valid YAML.',
  NOT_A_MAPPING: 'The scenario must be a YAML mapping (key: value lines).',
  INPUT_TOO_LARGE: 'The text is larger than the engine reads.',
  NESTING_TOO_DEEP: 'The text nests lists, mappings or brackets deeper than the engine reads.',
  // Shape
  UNKNOWN_FIELD: 'A field the format does not have.',
  MISSING_FIELD: 'A required field is missing.',
  WRONG_TYPE: 'A value of the wrong kind (a list where a word was expected, …).',
  BAD_VALUE: 'A value that is not one of the allowed words or numbers.',
  // Meaning
  BAD_IP: 'Not an IPv4 address.',
  BAD_CIDR: 'Not an IPv4 prefix in CIDR notation.',
  CIDR_HOST_BITS: 'A prefix with bits set after its length.',
  BAD_PORT: 'Not a port, a port range or *.',
  BAD_LISTEN: 'A listening port not written as protocol/port.',
  BAD_ADDRESS_PREFIX: 'An NSG or firewall address that is not an address, a prefix, * or a tag.',
  SUBNET_OUTSIDE_VNET: "A subnet's prefix is not inside its VNet's address space.",
  SUBNET_OVERLAP: 'Two subnets of one VNet overlap.',
  ADDRESS_SPACE_OVERLAP: 'Two networks that are connected use overlapping addresses.',
  SUBNET_TOO_SMALL: 'An ASE subnet with fewer than 8 addresses.',
  IP_OUTSIDE_SUBNET: "A VM's private address is not inside its subnet.",
  DUPLICATE_NAME: 'Two objects of one kind share a name.',
  DUPLICATE_ADDRESS: 'Two objects share one address.',
  DUPLICATE_PRIORITY: 'Two NSG rules of one direction share a priority.',
  DUPLICATE_ORDER: 'Two ACL rules of one endpoint share an order number.',
  PRIORITY_OUT_OF_RANGE: 'An NSG rule priority outside 100-4096.',
  PORT_OUT_OF_RANGE: 'A port outside 1-65535.',
  UNKNOWN_REFERENCE: 'A name that refers to nothing defined.',
  LIMIT_EXCEEDED: 'More rules or objects than Azure allows.',
  BAD_ROUTE: 'A route whose next hop is incomplete.',
  BAD_SERVICE_ENDPOINT: 'A subnet service endpoint that Azure does not offer: an unknown service name, or a classic VNet.',
  LEFT_OUT: 'A probe from or to an object that an error elsewhere leaves out of the network; fixing that error brings it back.',
  BAD_PROBE: 'A probe that says neither where to connect nor how.',
  BAD_CONNECTION_STRING: 'A connection string that cannot be read.',
  NETWORK_FILE: 'A shared network file (network:) that cannot be read or used.',
  // Warnings (lint)
  SHADOWED_RULE: 'A rule that can never match, because earlier rules decide every packet it covers.',
  ACL_IGNORED_WITH_NSG: 'An endpoint ACL on a VM whose VM or subnet has an NSG: the NSG replaces it.',
  ASE_SUBNET_NOT_EMPTY: 'Something other than the ASE placed in the ASE subnet.',
  DNS_CHANGED_SINCE_RESTART: 'The VNet DNS changed after the ASE last read it.',
  ACL_PERMITS_VNET_ON_PUBLIC_ENDPOINT: 'An ACL that permits VNet ranges on a public endpoint, which VNet clients never reach with those addresses.',
  NSG_CASE_MISMATCH: 'An NSG referred to with different letter case.',
  ENDPOINT_WITHOUT_LISTENER: 'An endpoint forwards to a port nothing listens on.',
  ASE_UNHEALTHY: 'The ASE cannot reach what it depends on.',
  CLASSIC_LIST: 'A list of addresses or ports in a rule of a classic NSG, which takes one value per field.',
  ASG_ACROSS_VNETS: 'An application security group with members in more than one VNet.',
  APPLIANCE_NO_FORWARDING: 'A virtual appliance whose network interface does not forward traffic.',
  INTERNAL_ERROR: 'A bug in Reachlab, not in your text.',
} as const;

/** A stable, closed code for every diagnostic. */
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** A position in the text: offset (0-based), line and column (1-based). */
export interface SourcePos {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** A span of the text. */
export interface SourceRange {
  readonly start: SourcePos;
  readonly end: SourcePos;
}

/** A path into the scenario, like ['topology', 'vnets', 0, 'subnets', 1, 'prefix']. */
export type Path = ReadonlyArray<string | number>;

/** A problem with the text, as data: what, where, and how to fix it. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: 'error' | 'warning';
  /** What is wrong, naming the offending value, in a sentence a learner understands. */
  readonly message: string;
  /** What would fix it. */
  readonly hint?: string;
  readonly path: Path;
  readonly range?: SourceRange;
}

/** Formats a path as the YAML a learner sees: topology.vnets[0].subnets[1].prefix. */
export function formatPath(path: Path): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out || '(top level)';
}

// The lines of the last source printed: a report prints many diagnostics of one text, and
// splitting it again for each would be quadratic.
let lastSource: string | undefined;
let lastLines: string[] = [];
function linesOf(source: string): string[] {
  if (source !== lastSource) {
    lastSource = source;
    lastLines = source.split(/\r?\n/);
  }
  return lastLines;
}

/**
 * Prints a diagnostic for a terminal or a golden file: `file:line:col: severity CODE: message`,
 * the offending line with a caret, then the hint.
 */
export function prettyDiagnostic(source: string, d: Diagnostic, file = '<scenario>'): string {
  const where = d.range ? `${file}:${d.range.start.line}:${d.range.start.column}` : file;
  const lines = [`${where}: ${d.severity} ${d.code}: ${d.message}`];
  if (d.range) {
    const text = linesOf(source)[d.range.start.line - 1] ?? '';
    const width =
      d.range.end.line === d.range.start.line ? Math.max(1, d.range.end.column - d.range.start.column) : 1;
    lines.push(`  ${text}`, `  ${' '.repeat(d.range.start.column - 1)}${'^'.repeat(Math.min(width, 60))}`);
  }
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join('\n');
}

/** Names longer than this get no "did you mean": a typo is made in a word, not in a page. */
export const MAX_SUGGESTED_LENGTH = 64;

/**
 * Levenshtein distance, for "did you mean". With `bound`, it stops as soon as the distance is
 * known to be at least `bound` and returns `bound`: comparing is then O(length × bound).
 */
export function editDistance(a: string, b: string, bound = Infinity): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) >= bound) return bound;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin >= bound) return bound;
    prev = cur;
  }
  return Math.min(prev[n]!, bound);
}

/** The closest candidate to `word`, when it is close enough to be a likely typo. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > MAX_SUGGESTED_LENGTH) return undefined;
  let best: string | undefined;
  // Only distances within the typo threshold matter: anything further is cut short.
  let bestD = Math.max(2, Math.floor(word.length / 3)) + 1;
  const w = word.toLowerCase();
  for (const c of candidates) {
    if (c.length > MAX_SUGGESTED_LENGTH + bestD) continue;
    const d = editDistance(w, c.toLowerCase(), bestD);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}
