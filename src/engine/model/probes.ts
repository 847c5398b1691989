/**
 * Probes resolved against the model: who starts the flow, where it goes (host and port, or a
 * connection string's facts), and the diagnostics of a probe that cannot be asked. The evaluator
 * works on resolved probes only, so it reports no diagnostics of its own.
 */
import { parseIpv4 } from '../addr/ip.ts';
import { type ServerSpec, parseServer, redactConnectionString, redactSecrets } from './connection-string.ts';
import { type Diagnostic, type Path, didYouMean } from './diagnostics.ts';
import type { Ase, Host, Model, OnPremises, Vm } from './model.ts';
import type { ProbeInput } from './schema.ts';
import { type HostPort, parseHostPort } from './target.ts';

/** Who starts a probe's flow. */
export type SourceSpec =
  | { readonly kind: 'internet' }
  | { readonly kind: 'address'; readonly ip: number }
  | { readonly kind: 'ase'; readonly ase: Ase }
  | { readonly kind: 'vm'; readonly vm: Vm }
  | { readonly kind: 'host'; readonly host: Host; readonly net: OnPremises };

/** Where a probe's flow goes. */
export type TargetSpec =
  /** host:port; the host is an address or a name resolved through DNS. Default port 1433. */
  | { readonly kind: 'host'; readonly host: string; readonly port?: number }
  /** A SQL Server connection string, read. */
  | { readonly kind: 'sql'; readonly server: Extract<ServerSpec, { ok: true }> }
  /** A connection string that cannot be read. */
  | { readonly kind: 'sql-unreadable'; readonly message: string };

/** A probe (or goal) ready to evaluate. */
export interface ResolvedProbe {
  readonly path: Path;
  /** The source as written (for messages); undefined source: the probe names nothing known. */
  readonly from: string;
  readonly source?: SourceSpec;
  /** Undefined: the probe says neither where nor how (a diagnostic was reported). */
  readonly target?: TargetSpec;
  readonly protocol: 'tcp' | 'udp';
  /** The connection string with any password masked. */
  readonly connectionString?: string;
}

/** The longest piece of typed text a message repeats; the rest is cut. */
const ECHO_MAX = 80;

/** Text a learner typed, safe to repeat in a message: passwords masked, cut to a length. */
export function echo(text: string): string {
  const t = redactSecrets(text.length > 4 * ECHO_MAX ? text.slice(0, 4 * ECHO_MAX) : text);
  return t.length > ECHO_MAX ? `${t.slice(0, ECHO_MAX)}…` : t;
}

/** The names a probe may start from, for "did you mean". */
export function sourceNames(m: Model): string[] {
  return [...m.ases.map((a) => a.name), ...m.vms.map((v) => v.name), ...m.onPremises.flatMap((o) => o.hosts.map((h) => h.name)), 'internet'];
}

/** Resolves a source name: an ASE, a VM, an on-premises host (name or network/name), internet, or an address. */
export function resolveSourceName(m: Model, from: string): SourceSpec | undefined {
  const name = from.trim();
  const lc = name.toLowerCase();
  if (lc === 'internet') return { kind: 'internet' };
  const ip = parseIpv4(name);
  if (ip !== undefined) return { kind: 'address', ip };
  const ase = m.ases.find((a) => a.name.toLowerCase() === lc);
  if (ase) return { kind: 'ase', ase };
  const vm = m.vms.find((v) => v.name.toLowerCase() === lc);
  if (vm) return { kind: 'vm', vm };
  for (const net of m.onPremises) {
    const h = net.hosts.find((x) => x.name.toLowerCase() === lc || `${net.name}/${x.name}`.toLowerCase() === lc);
    if (h) return { kind: 'host', host: h, net };
  }
  return undefined;
}

/**
 * A target written as TARGET:PORT for who-can-reach and diff: an address, a VM (its private
 * address) or a named host. Returns the address, or a sentence saying what is wrong.
 */
export function resolveTargetText(m: Model, text: string): { readonly ip: number; readonly port: number; readonly name?: string } | string {
  const hp = parseHostPort(text, true);
  if (!hp.ok) return `"${echo(text)}" is not TARGET:PORT (for example 10.0.1.6:1433 or sql01:1433).`;
  const port = hp.port!;
  const ip = parseIpv4(hp.host);
  if (ip !== undefined) return { ip, port };
  const lc = hp.host.toLowerCase();
  const vm = m.vms.find((v) => v.name.toLowerCase() === lc || v.hostName === lc);
  if (vm) return { ip: vm.privateIp, port, name: vm.name };
  const h = [...m.onPremises.flatMap((o) => o.hosts), ...m.internetHosts].find((x) => x.name.toLowerCase() === lc);
  if (h) return { ip: h.address, port, name: h.name };
  const why = leftOutWhy(m, hp.host);
  if (why) return `"${echo(hp.host)}" is left out of the network until ${why.where} is fixed: ${why.message}`;
  return `"${echo(hp.host)}" is neither an address nor a VM or host of this scenario.`;
}

function hostPortProblem(hp: Extract<HostPort, { ok: false }>): string {
  switch (hp.reason) {
    case 'empty':
      return 'it is empty';
    case 'space-in-host':
      return 'the host part has a space, a colon or a comma in it';
    case 'bad-port':
      return 'the part after the colon is not a port number';
    case 'port-range':
      return 'the port is not between 1 and 65535';
  }
}

/**
 * Why a name the probe uses is not in the network, when an error left it out: the place and words
 * of that error (placed in this text), so the learner goes to the cause, not to the probe.
 */
export function leftOutWhy(m: Model, name: string): { where: string; message: string; fix: string } | undefined {
  const cause = m.leftOut?.get(name.trim().toLowerCase());
  if (!cause) return undefined;
  const at = m.locate(cause.path)?.start;
  const where = at ? `the error at line ${at.line}, column ${at.column}` : 'an error above it';
  return { where, message: cause.message, fix: at ? `Fix line ${at.line} first${cause.hint ? `: ${cause.hint}` : '.'}` : `Fix that error first${cause.hint ? `: ${cause.hint}` : '.'}` };
}

/** Resolves one probe; diagnostics go to `out`. Never throws. */
export function resolveProbe(m: Model, input: ProbeInput, path: Path, out: Diagnostic[]): ResolvedProbe {
  const from = input.from ?? '';
  const source = from.trim() === '' ? undefined : resolveSourceName(m, from);
  let why: ReturnType<typeof leftOutWhy>;
  if (from.trim() === '') {
    out.push({ code: 'BAD_PROBE', severity: 'error', message: 'The probe says where to connect but not from where.', hint: 'Add from: with an ASE, a VM, a host, internet or an address; or leave out from: and write expect: { reachableFrom: … } to ask who can reach the target.', path, range: m.locate(path) });
  } else if (!source && (why = leftOutWhy(m, from))) {
    out.push({ code: 'LEFT_OUT', severity: 'error', message: `The probe starts from "${echo(from.trim())}", which is left out of the network until ${why.where} is fixed: ${why.message}`, hint: why.fix, path: [...path, 'from'], range: m.locate([...path, 'from']) });
  } else if (!source) {
    const names = sourceNames(m);
    const guess = from.length <= 200 ? didYouMean(from, names) : undefined;
    out.push({
      code: 'UNKNOWN_REFERENCE',
      severity: 'error',
      message: `The probe starts from "${echo(from)}", which is not an ASE, a VM, an on-premises host, internet or an address.`,
      hint: guess ? `Did you mean "${guess}"?` : `Sources here: ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''}.`,
      path: [...path, 'from'],
      range: m.locate([...path, 'from']),
    });
  }
  const base = { path, from, ...(source ? { source } : {}), protocol: input.protocol };
  if (input.connectionString !== undefined) {
    const connectionString = redactConnectionString(input.connectionString);
    const s = parseServer(input.connectionString);
    if (!s.ok) {
      out.push({ code: 'BAD_CONNECTION_STRING', severity: 'error', message: s.message, hint: s.hint, path: [...path, 'connectionString'], range: m.locate([...path, 'connectionString']) });
      return { ...base, protocol: 'tcp', connectionString, target: { kind: 'sql-unreadable', message: s.message } };
    }
    return { ...base, protocol: 'tcp', connectionString, target: { kind: 'sql', server: s } };
  }
  if (input.to !== undefined) {
    const hp = parseHostPort(input.to);
    if (!hp.ok) {
      out.push({
        code: 'BAD_PROBE',
        severity: 'error',
        message: `"${echo(input.to)}" is not host:port: ${hostPortProblem(hp)}.`,
        hint: 'Write the target as an address or name and a port, like 10.0.1.6:1433 or sql01:1433.',
        path: [...path, 'to'],
        range: m.locate([...path, 'to']),
      });
      return base;
    }
    const gone = parseIpv4(hp.host) === undefined ? leftOutWhy(m, hp.host) : undefined;
    if (gone) out.push({ code: 'LEFT_OUT', severity: 'error', message: `The probe goes to "${echo(hp.host)}", which is left out of the network until ${gone.where} is fixed: ${gone.message}`, hint: gone.fix, path: [...path, 'to'], range: m.locate([...path, 'to']) });
    return { ...base, target: { kind: 'host', host: hp.host, ...(hp.port !== undefined ? { port: hp.port } : {}) } };
  }
  out.push({ code: 'BAD_PROBE', severity: 'error', message: 'The probe has neither "to" nor "connectionString".', hint: 'Add to: <address>:<port>, or connectionString: Server=tcp:<address>,<port>.', path, range: m.locate(path) });
  return base;
}
