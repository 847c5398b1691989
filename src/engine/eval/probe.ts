import { formatIpv4, parseIpv4 } from '../addr/ip.ts';
import type { Diagnostic, Path } from '../model/diagnostics.ts';
import { didYouMean } from '../model/diagnostics.ts';
import type { Ase } from '../model/model.ts';
import type { ProbeInput } from '../model/schema.ts';
import { AZURE_HOST_IP } from '../model/validate.ts';
import { parseServer, redactConnectionString } from './connection-string.ts';
import { type AseHealth, aseHealth } from './health.ts';
import type { Assumption, FlowResult, FlowSummary, Hop, ResultCode } from './result.ts';
import { RESULT_CODES } from './result.ts';
import { ASSUMPTIONS, type RawTrace, type Source, type Target, Tracer } from './trace.ts';

/** A probe's result, or the reason it could not be evaluated at all. */
export interface ProbeResult {
  readonly result: FlowResult;
  readonly diagnostics: Diagnostic[];
}

/** Evaluates probes on one model, caching ASE health. */
export class ProbeEvaluator {
  readonly tracer: Tracer;
  readonly #health = new Map<Ase, AseHealth>();

  constructor(tracer: Tracer) {
    this.tracer = tracer;
  }

  health(ase: Ase): AseHealth {
    let h = this.#health.get(ase);
    if (!h) {
      h = aseHealth(this.tracer, ase);
      this.#health.set(ase, h);
    }
    return h;
  }

  /** Resolves a probe's `from`: an ASE, a VM, a host, "internet", or an address. */
  resolveSource(from: string): Source | undefined {
    const m = this.tracer.model;
    const name = from.trim();
    const lc = name.toLowerCase();
    if (lc === 'internet') {
      return { kind: 'internet', name: 'the Internet', addresses: this.tracer.internetSet(), requireAll: false };
    }
    const ip = parseIpv4(name);
    if (ip !== undefined) return this.tracer.sourceForAddress(ip);
    const ase = m.ases.find((a) => a.name.toLowerCase() === lc);
    if (ase) return this.tracer.sourceForAse(ase);
    const vm = m.vms.find((v) => v.name.toLowerCase() === lc);
    if (vm) return this.tracer.sourceForVm(vm);
    for (const net of m.onPremises) {
      const h = net.hosts.find((x) => x.name.toLowerCase() === lc || `${net.name}/${x.name}`.toLowerCase() === lc);
      if (h) return { ...this.tracer.sourceForAddress(h.address), kind: 'host', name: h.name };
    }
    return undefined;
  }

  sourceNames(): string[] {
    const m = this.tracer.model;
    return [...m.ases.map((a) => a.name), ...m.vms.map((v) => v.name), ...m.onPremises.flatMap((o) => o.hosts.map((h) => h.name)), 'internet'];
  }

  /**
   * Resolves a host name through DNS as the source would (fact sheet §4.4): an ASE uses the
   * servers it saw at creation or last restart; custom servers must be reachable on port 53.
   */
  resolveName(src: Source, name: string, hops: Hop[], assumptions: Map<string, Assumption>): { ip?: number; code?: ResultCode; decided?: number } {
    const m = this.tracer.model;
    const n = name.toLowerCase().replace(/\.$/, '');
    const servers = src.ase ? src.ase.dnsSeen : src.subnet ? src.subnet.vnet.dns : [];
    const azure = (): number | undefined => {
      const vm = m.vms.find((v) => (v.hostName === n || `${v.hostName}.internal.cloudapp.net` === n) && src.subnet && v.subnet.vnet === src.subnet.vnet);
      if (vm) return vm.privateIp;
      return this.publicName(n);
    };
    const via = src.ase && servers !== src.subnet?.vnet.dns ? ' (as the ASE saw them at its last restart)' : '';
    if (servers.length === 0 || !src.subnet) {
      const ip = src.subnet ? azure() : this.publicName(n) ?? this.onPremName(src, n);
      const who = src.subnet ? 'Azure-provided DNS (168.63.129.16)' : 'public DNS';
      if (ip === undefined) {
        hops.push({ kind: 'dns', node: who, action: 'dropped', detail: `${who} has no record for "${name}"${src.subnet ? '; it knows the VMs of this VNet and public names' : ''}.` });
        return { code: 'DNS_NAME_NOT_FOUND', decided: hops.length - 1 };
      }
      hops.push({ kind: 'dns', node: who, action: 'resolved', detail: `${who} resolves "${name}" to ${formatIpv4(ip)}.` });
      return { ip };
    }
    for (const server of servers) {
      if (server === AZURE_HOST_IP) {
        const ip = azure();
        if (ip !== undefined) {
          hops.push({ kind: 'dns', node: 'Azure DNS', action: 'resolved', detail: `Azure DNS resolves "${name}" to ${formatIpv4(ip)}.` });
          return { ip };
        }
        continue;
      }
      const probe = this.tracer.trace(src, { ip: server, port: 53, protocol: 'udp' });
      if (probe.outcome !== 'allowed') {
        const d = probe.decidingHop !== undefined ? probe.hops[probe.decidingHop] : undefined;
        hops.push({ kind: 'dns', node: `DNS ${formatIpv4(server)}`, action: 'dropped', detail: `The DNS server ${formatIpv4(server)}${via} cannot be reached on udp/53: ${d?.detail ?? probe.code}`, rule: d?.rule });
        continue;
      }
      const rec = m.dnsServers.get(server);
      const ip = rec?.records.get(n) ?? this.publicName(n);
      if (!rec?.records.has(n)) assumptions.set('DNS_FORWARDS_PUBLIC', { id: 'DNS_FORWARDS_PUBLIC', text: ASSUMPTIONS.DNS_FORWARDS_PUBLIC });
      if (ip === undefined) {
        hops.push({ kind: 'dns', node: `DNS ${formatIpv4(server)}`, action: 'dropped', detail: `The DNS server ${formatIpv4(server)}${via} has no record for "${name}".`, rule: rec ? { kind: 'platform', owner: `DNS ${formatIpv4(server)}`, name: 'records', text: `records: ${[...rec.records.keys()].join(', ') || 'none'}`, matched: [], path: rec.path, range: m.locate([...rec.path, 'records']) } : undefined });
        return { code: 'DNS_NAME_NOT_FOUND', decided: hops.length - 1 };
      }
      hops.push({ kind: 'dns', node: `DNS ${formatIpv4(server)}`, action: 'resolved', detail: `The DNS server ${formatIpv4(server)}${via} resolves "${name}" to ${formatIpv4(ip)}.` });
      return { ip };
    }
    return { code: 'DNS_SERVER_UNREACHABLE', decided: hops.length - 1 };
  }

  publicName(n: string): number | undefined {
    const m = this.tracer.model;
    const h = m.internetHosts.find((x) => x.name.toLowerCase() === n);
    if (h) return h.address;
    const vm = m.vms.find((v) => v.vip !== undefined && `${v.cloudServiceName ?? v.name.toLowerCase()}.cloudapp.net` === n);
    return vm?.vip;
  }

  onPremName(src: Source, n: string): number | undefined {
    const net = src.onPremises;
    return net?.hosts.find((h) => h.name.toLowerCase() === n)?.address;
  }

  /** Evaluates one probe (or goal). Never throws. */
  evaluate(probe: ProbeInput, path: Path): ProbeResult {
    const m = this.tracer.model;
    const diagnostics: Diagnostic[] = [];
    const hops: Hop[] = [];
    const assumptions = new Map<string, Assumption>();
    const warnings: string[] = [];
    const connectionString = probe.connectionString === undefined ? undefined : redactConnectionString(probe.connectionString);
    const src = this.resolveSource(probe.from);
    const base: FlowSummary = { source: probe.from, sourceKind: 'address', sourceSeen: '', destination: probe.to ?? '', port: 0, protocol: probe.protocol, path: 'none', connectionString };
    const fail = (code: ResultCode, sentence: string, flow: FlowSummary = base, decidingHop?: number): ProbeResult => ({
      result: { outcome: RESULT_CODES[code][0], code, sentence, flow, hops, decidingHop, assumptions: [...assumptions.values()], warnings },
      diagnostics,
    });
    if (!src) {
      const guess = didYouMean(probe.from, this.sourceNames());
      diagnostics.push({ code: 'UNKNOWN_REFERENCE', severity: 'error', message: `The probe starts from "${probe.from}", which is not an ASE, a VM, an on-premises host, internet or an address.`, hint: guess ? `Did you mean "${guess}"?` : `Sources here: ${this.sourceNames().join(', ')}.`, path: [...path, 'from'], range: m.locate([...path, 'from']) });
      return fail('UNKNOWN_SOURCE', `There is no source named "${probe.from}".`);
    }
    const flowBase: FlowSummary = { ...base, source: src.name, sourceKind: src.kind };

    // An ASE that failed to be created runs nothing; an unhealthy one is reported but still traced.
    if (src.ase) {
      const h = this.health(src.ase);
      if (h.status === 'creation-failed') {
        hops.push({ kind: 'ase-health', node: src.ase.name, action: 'dropped', detail: `Creation of ${src.ase.name} fails: ${h.problems.map((p) => p.message).join(' ')}`, rule: h.problems[0]?.rule });
        return fail('ASE_CREATION_FAILED', `${src.ase.name} was never created, so no app runs there: ${h.problems[0]?.message ?? ''}`, flowBase, 0);
      }
      for (const p of h.problems) warnings.push(p.message);
      hops.push({ kind: 'ase-health', node: src.ase.name, action: h.status === 'healthy' ? 'passed' : 'noted', detail: h.status === 'healthy' ? `${src.ase.name} reaches its dependencies${h.problems.length ? ` (${h.problems.map((p) => p.message).join(' ')})` : ''}.` : `${src.ase.name} is unhealthy: ${h.problems.map((p) => p.message).join(' ')}` });
    }

    // Where to: a connection string or host:port.
    let host: string;
    let port: number | undefined;
    let instance: string | undefined;
    const protocol = probe.protocol;
    if (probe.connectionString !== undefined) {
      const s = parseServer(probe.connectionString);
      if (!s.ok) {
        diagnostics.push({ code: 'BAD_CONNECTION_STRING', severity: 'error', message: s.message, hint: s.hint, path: [...path, 'connectionString'], range: m.locate([...path, 'connectionString']) });
        hops.push({ kind: 'connection-string', node: 'connection string', action: 'unknown', detail: s.message });
        return fail('BAD_TARGET', s.message, flowBase, hops.length - 1);
      }
      if (s.protocol !== 'tcp') {
        const what = s.protocol === 'np' ? 'named pipes' : s.protocol === 'lpc' ? 'shared memory (a server on the same machine)' : 'LocalDB (a server on the same machine)';
        hops.push({ kind: 'connection-string', node: 'connection string', action: 'dropped', detail: `Server=${s.raw} uses ${what}, which does not reach a server across the network from an App Service app.` });
        return fail('NOT_NETWORK_PROTOCOL', `The connection string asks for ${what}; use Server=tcp:<address>,<port> to reach SQL Server over the network.`, flowBase, hops.length - 1);
      }
      host = s.host;
      port = s.port;
      instance = s.instance;
      hops.push({ kind: 'connection-string', node: 'connection string', action: 'resolved', detail: `Server=${s.raw}: TCP to ${s.host}${s.port ? ` port ${s.port}` : instance ? `, instance ${instance} (port from SQL Browser)` : ' on the default port 1433'}.` });
      if (['.', '(local)', 'localhost', '127.0.0.1'].includes(s.host.toLowerCase())) {
        hops.push({ kind: 'connection-string', node: 'connection string', action: 'dropped', detail: `"${s.host}" is the app's own machine; no SQL Server runs on an ASE worker.` });
        return fail('NOT_NETWORK_PROTOCOL', `"${s.host}" points at the app's own worker, not at a SQL Server.`, flowBase, hops.length - 1);
      }
    } else if (probe.to !== undefined) {
      const mt = /^\s*([^\s:,]+)\s*(?:[:,]\s*(\d{1,5}))?\s*$/.exec(probe.to);
      if (!mt || (mt[2] !== undefined && (Number(mt[2]) < 1 || Number(mt[2]) > 65535))) {
        diagnostics.push({ code: 'BAD_PROBE', severity: 'error', message: `"${probe.to}" is not host:port.`, hint: 'Write the target as an address or name and a port, like 10.0.1.6:1433 or sql01:1433.', path: [...path, 'to'], range: m.locate([...path, 'to']) });
        return fail('BAD_TARGET', `"${probe.to}" is not host:port.`, flowBase);
      }
      host = mt[1]!;
      port = mt[2] === undefined ? undefined : Number(mt[2]);
    } else {
      diagnostics.push({ code: 'BAD_PROBE', severity: 'error', message: 'The probe has neither "to" nor "connectionString".', hint: 'Add to: <address>:<port>, or connectionString: Server=tcp:<address>,<port>.', path, range: m.locate(path) });
      return fail('BAD_TARGET', 'The probe says neither where to connect nor how.', flowBase);
    }

    // DNS.
    let ip = parseIpv4(host);
    if (ip === undefined) {
      const r = this.resolveName(src, host, hops, assumptions);
      if (r.ip === undefined) {
        const code = r.code ?? 'DNS_NAME_NOT_FOUND';
        return fail(code, code === 'DNS_SERVER_UNREACHABLE' ? `None of the DNS servers ${src.name} uses can be reached, so "${host}" is not resolved.` : `"${host}" does not resolve from ${src.name}.`, { ...flowBase, destination: host, destinationName: host }, r.decided);
      }
      ip = r.ip;
    }

    // A named instance without a port: SQL Browser on UDP 1434 first.
    if (instance !== undefined && port === undefined) {
      const browser = this.tracer.trace(src, { ip, port: 1434, protocol: 'udp' });
      if (browser.outcome !== 'allowed') {
        const d = browser.decidingHop !== undefined ? browser.hops[browser.decidingHop] : undefined;
        hops.push({ kind: 'sql-browser', node: formatIpv4(ip), action: 'denied', detail: `The SQL Browser query for instance ${instance} (udp/1434) fails: ${d?.detail ?? browser.code}`, rule: d?.rule });
        return fail('SQL_BROWSER_BLOCKED', `Instance ${instance} is found through SQL Browser on udp/1434, which fails from ${src.name}; give the port in the connection string (Server=host,port) or open udp/1434.`, { ...flowBase, destination: formatIpv4(ip), destinationName: parseIpv4(host) === undefined ? host : undefined, port: 1434, protocol: 'udp', sourceSeen: browser.sourceSeen, path: browser.path }, hops.length - 1);
      }
      const vm = this.tracer.vmAt(ip) ?? this.tracer.vmsWithVip(ip)[0];
      const p = vm?.sqlInstances.get(instance.toLowerCase());
      if (p === undefined) {
        hops.push({ kind: 'sql-browser', node: formatIpv4(ip), action: 'denied', detail: `SQL Browser answers, but ${vm?.name ?? formatIpv4(ip)} has no instance named ${instance}${vm?.sqlInstances.size ? ` (it has ${[...vm.sqlInstances.keys()].join(', ')})` : ''}.` });
        return fail('UNKNOWN_INSTANCE', `There is no SQL Server instance ${instance} on ${vm?.name ?? formatIpv4(ip)}.`, { ...flowBase, destination: formatIpv4(ip), destinationName: parseIpv4(host) === undefined ? host : undefined }, hops.length - 1);
      }
      hops.push({ kind: 'sql-browser', node: vm!.name, action: 'resolved', detail: `SQL Browser (udp/1434) answers that instance ${instance} listens on tcp/${p}.` });
      port = p;
    }
    const target: Target = { ip, port: port ?? 1433, protocol: probe.connectionString !== undefined ? 'tcp' : protocol, name: host };
    const raw = this.tracer.trace(src, target);
    return { result: this.summarise(src, target, raw, hops, assumptions, warnings, connectionString, host), diagnostics };
  }

  summarise(src: Source, target: Target, raw: RawTrace, pre: Hop[], assumptions: Map<string, Assumption>, warnings: string[], connectionString: string | undefined, host: string): FlowResult {
    const hops = [...pre, ...raw.hops];
    for (const a of raw.assumptions) assumptions.set(a.id, a);
    const decidingHop = raw.decidingHop === undefined ? undefined : raw.decidingHop + pre.length;
    const flow: FlowSummary = {
      source: src.name,
      sourceKind: src.kind,
      sourceSeen: raw.sourceSeen,
      destination: formatIpv4(target.ip),
      destinationName: parseIpv4(host) === undefined ? host : undefined,
      port: target.port,
      protocol: target.protocol,
      path: raw.path,
      connectionString,
    };
    return {
      outcome: raw.outcome,
      code: raw.code,
      sentence: sentenceFor(raw, flow, decidingHop === undefined ? undefined : hops[decidingHop]),
      flow,
      hops,
      decidingHop,
      assumptions: [...assumptions.values()],
      warnings: [...warnings, ...raw.warnings],
    };
  }
}

/** One plain sentence for a result. */
export function sentenceFor(raw: Pick<RawTrace, 'outcome' | 'code'>, flow: FlowSummary, decided: Hop | undefined): string {
  const to = `${flow.destinationName ? `${flow.destinationName} (${flow.destination})` : flow.destination}:${flow.port}`;
  const pathText = flow.path === 'private' ? 'over the virtual network' : flow.path === 'gateway' ? 'through the VNet gateway' : flow.path === 'public' ? 'over the Internet' : '';
  switch (raw.outcome) {
    case 'allowed':
      return `${flow.source} reaches ${to} ${pathText}; the back end sees the source ${flow.sourceSeen}${decided?.rule ? `, allowed by ${decided.rule.owner}: ${decided.rule.name}` : ''}.`;
    case 'blocked':
      return `${flow.source} is blocked from ${to}: ${decided?.detail ?? RESULT_CODES[raw.code][1]}`;
    case 'unreachable':
      return `${flow.source} cannot reach ${to}: ${decided?.detail ?? RESULT_CODES[raw.code][1]}`;
    case 'undetermined':
      return `Reachlab cannot tell whether ${flow.source} reaches ${to}: ${decided?.detail ?? RESULT_CODES[raw.code][1]}`;
  }
}
