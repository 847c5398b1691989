/**
 * Evaluates resolved probes: the source's ASE health, the connection string, DNS as the source
 * resolves (fact sheet §4.4), SQL Browser for named instances, then the trace. Reports no
 * diagnostics: probes are resolved (and their problems reported) in `model/probes.ts`.
 */
import { AddressSet } from '../addr/address-set.ts';
import { formatIpv4, parseIpv4 } from '../addr/ip.ts';
import type { Diagnostic, Path } from '../model/diagnostics.ts';
import type { Ase } from '../model/model.ts';
import { type ResolvedProbe, type SourceSpec, resolveProbe } from '../model/probes.ts';
import { ref } from '../model/refs.ts';
import type { ProbeInput } from '../model/schema.ts';
import { AZURE_HOST_IP } from '../model/validate.ts';
import { AssumptionSet } from './assumptions.ts';
import { type AseHealth, aseHealth } from './health.ts';
import type { FlowResult, FlowSummary, HealthProblem, Hop, ResultCode } from './result.ts';
import { RESULT_CODES } from './result.ts';
import { type Source, internetSource, sourceForAse, sourceForVm } from './sources.ts';
import { type RawTrace, type Target, Tracer } from './trace.ts';

/** A probe's result, and the diagnostics of resolving it. */
export interface ProbeResult {
  readonly result: FlowResult;
  readonly diagnostics: Diagnostic[];
}

/** Evaluates probes on one model, caching ASE health. */
export class ProbeEvaluator {
  readonly tracer: Tracer;
  readonly #health = new Map<Ase, AseHealth>();
  /**
   * Results by what decides them: the source as written, the target, the protocol and the
   * (masked) connection string; not where the probe is written. A keystroke that leaves a probe
   * as it was (in the title, another probe, a comment) gets the same result object again, which
   * the steps after (moving places, masking, the view) pass over cheaply. Results are not
   * changed once made. Bounded: a scenario has at most a few thousand probes.
   */
  readonly #flows = new Map<string, FlowResult>();

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

  /** The flow's source for a resolved source; `ambiguous` for an address in several places. */
  sourceOf(spec: SourceSpec): Source | 'ambiguous' {
    const t = this.tracer;
    switch (spec.kind) {
      case 'internet':
        return internetSource(t.places);
      case 'ase':
        return sourceForAse(spec.ase);
      case 'vm':
        return sourceForVm(spec.vm);
      case 'host':
        return { kind: 'host', name: spec.host.name, ref: ref.host(spec.host), addresses: AddressSet.single(spec.host.address), onPremises: spec.net, requireAll: true };
      case 'address': {
        const s = t.places.sourceForAddress(spec.ip);
        return 'ambiguous' in s ? 'ambiguous' : s;
      }
    }
  }

  /**
   * Resolves a host name through DNS as the source would (fact sheet §4.4): an ASE uses the
   * servers it saw at creation or last restart; custom servers must be reachable on port 53.
   */
  resolveName(src: Source, name: string, hops: Hop[], assumptions: AssumptionSet): { ip?: number; code?: ResultCode; decided?: number } {
    const m = this.tracer.model;
    const n = name.toLowerCase().replace(/\.$/, '');
    const servers = src.ase ? src.ase.dnsSeen : src.subnet ? src.subnet.vnet.dns : [];
    const azure = (): number | undefined => {
      const vm = m.vms.find((v) => (v.hostName === n || `${v.hostName}.internal.cloudapp.net` === n) && src.subnet && v.subnet.vnet === src.subnet.vnet);
      if (vm) return vm.privateIp;
      return this.publicName(n);
    };
    const stale = !!src.ase && servers !== src.subnet?.vnet.dns;
    if (servers.length === 0 || !src.subnet) {
      const ip = src.subnet ? azure() : (this.publicName(n) ?? this.onPremName(src, n));
      const server = src.subnet ? 'azure-provided' : 'public';
      const at = src.subnet ? ref.dnsServer(formatIpv4(AZURE_HOST_IP)) : ref.platform('public-dns');
      if (ip === undefined) {
        hops.push({ kind: 'dns', at, action: 'dropped', facts: { type: 'dns', server, outcome: 'not-found', name, inVnet: !!src.subnet } });
        return { code: 'DNS_NAME_NOT_FOUND', decided: hops.length - 1 };
      }
      hops.push({ kind: 'dns', at, action: 'resolved', facts: { type: 'dns', server, outcome: 'resolved', name, address: ip } });
      return { ip };
    }
    for (const server of servers) {
      const at = ref.dnsServer(formatIpv4(server));
      if (server === AZURE_HOST_IP) {
        const ip = azure();
        if (ip !== undefined) {
          hops.push({ kind: 'dns', at, action: 'resolved', facts: { type: 'dns', server: 'azure', outcome: 'resolved', name, address: ip } });
          return { ip };
        }
        continue;
      }
      const probe = this.tracer.trace(src, { ip: server, port: 53, protocol: 'udp' });
      if (probe.outcome !== 'allowed') {
        const d = probe.decidingHop !== undefined ? probe.hops[probe.decidingHop] : undefined;
        hops.push({ kind: 'dns', at, action: 'dropped', ...(d?.rule ? { rule: d.rule } : {}), facts: { type: 'dns', server, outcome: 'unreachable', name, stale, ...(d ? { cause: d } : {}), causeCode: probe.code } });
        continue;
      }
      const rec = m.dnsServers.get(server);
      const ip = rec?.records.get(n) ?? this.publicName(n);
      if (!rec?.records.has(n)) assumptions.add('DNS_FORWARDS_PUBLIC');
      if (ip === undefined) {
        const rule = rec
          ? { kind: 'platform' as const, ref: ref.platform(`dns-records:${formatIpv4(server)}`), owner: at, name: 'records', spec: { kind: 'platform' as const, what: 'dns-records' as const, items: [...rec.records.keys()], ownerName: `DNS ${formatIpv4(server)}` }, hit: {}, path: rec.path, range: m.locate([...rec.path, 'records']) ?? m.locate(rec.path) }
          : undefined;
        hops.push({ kind: 'dns', at, action: 'dropped', ...(rule ? { rule } : {}), facts: { type: 'dns', server, outcome: 'not-found', name, stale } });
        return { code: 'DNS_NAME_NOT_FOUND', decided: hops.length - 1 };
      }
      hops.push({ kind: 'dns', at, action: 'resolved', facts: { type: 'dns', server, outcome: 'resolved', name, address: ip, stale } });
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
    return src.onPremises?.hosts.find((h) => h.name.toLowerCase() === n)?.address;
  }

  /** Resolves and evaluates one probe (or goal) given as input. Never throws. */
  evaluate(probe: ProbeInput, path: Path): ProbeResult {
    const diagnostics: Diagnostic[] = [];
    const rp = resolveProbe(this.tracer.model, probe, path, diagnostics);
    return { result: this.evaluateResolved(rp), diagnostics };
  }

  /** Evaluates a resolved probe, or gives its earlier result. Never throws. */
  evaluateResolved(rp: ResolvedProbe): FlowResult {
    const key = `${rp.from}\u0000${rp.protocol}\u0000${rp.connectionString ?? ''}\u0000${rp.target === undefined ? '' : JSON.stringify(rp.target)}`;
    let r = this.#flows.get(key);
    if (!r) {
      if (this.#flows.size >= 10_000) this.#flows.clear();
      r = this.#evaluate(rp);
      this.#flows.set(key, r);
    }
    return r;
  }

  #evaluate(rp: ResolvedProbe): FlowResult {
    const hops: Hop[] = [];
    const assumptions = new AssumptionSet();
    const warnings: HealthProblem[] = [];
    const base: FlowSummary = {
      source: rp.from,
      sourceKind: 'address',
      sourceSeen: AddressSet.EMPTY,
      sourceSeenAs: 'as-is',
      destination: rp.target?.kind === 'host' ? rp.target.host : rp.target?.kind === 'sql' ? rp.target.server.host : '',
      port: rp.target?.kind === 'host' ? (rp.target.port ?? 1433) : rp.target?.kind === 'sql' ? (rp.target.server.port ?? (rp.target.server.instance ? 0 : 1433)) : 0,
      protocol: rp.protocol,
      path: 'none',
      ...(rp.connectionString !== undefined ? { connectionString: rp.connectionString } : {}),
    };
    const fail = (code: ResultCode, flow: FlowSummary = base, decidingHop?: number): FlowResult => ({
      outcome: RESULT_CODES[code][0],
      code,
      flow,
      hops,
      ...(decidingHop !== undefined ? { decidingHop } : {}),
      assumptions: assumptions.list(),
      warnings,
    });
    if (!rp.source) return fail('UNKNOWN_SOURCE');
    const src = this.sourceOf(rp.source);
    const sourceName = rp.source.kind === 'ase' ? rp.source.ase.name : rp.source.kind === 'vm' ? rp.source.vm.name : rp.source.kind === 'host' ? rp.source.host.name : undefined;
    if (sourceName !== undefined && sourceName !== rp.from.trim() && !rp.from.includes('/')) assumptions.add('NAMES_CASE_INSENSITIVE');
    if (src === 'ambiguous') return fail('AMBIGUOUS_SOURCE');
    const flowBase: FlowSummary = { ...base, source: src.name, sourceKind: src.kind, ...(src.ref ? { sourceRef: src.ref } : {}), sourceSeen: src.addresses, sourceSeenAs: src.kind === 'ase' && src.addresses.size() > 1 ? 'any-worker' : 'as-is', ...(src.subnet ? { sourceSubnet: src.subnet.id } : {}) };

    // An ASE that failed to be created runs nothing; an unhealthy one is reported but still traced.
    if (src.ase) {
      const h = this.health(src.ase);
      for (const id of h.assumptions) assumptions.add(id);
      if (h.status === 'creation-failed') {
        hops.push({ kind: 'ase-health', at: ref.ase(src.ase), action: 'dropped', ...(h.problems[0]?.rule ? { rule: h.problems[0].rule } : {}), facts: { type: 'ase-health', ase: src.ase.name, status: h.status, problems: h.problems } });
        return fail('ASE_CREATION_FAILED', flowBase, 0);
      }
      warnings.push(...h.problems);
      hops.push({ kind: 'ase-health', at: ref.ase(src.ase), action: h.status === 'healthy' ? 'passed' : 'noted', facts: { type: 'ase-health', ase: src.ase.name, status: h.status, problems: h.problems } });
    }

    // Where to: a connection string or host:port.
    const target = rp.target;
    if (!target) return fail('BAD_TARGET', flowBase);
    let host: string;
    let port: number | undefined;
    let instance: string | undefined;
    const csAt = ref.connectionString();
    if (target.kind === 'sql-unreadable') {
      hops.push({ kind: 'connection-string', at: csAt, action: 'unknown', facts: { type: 'connection-string', outcome: 'bad', message: target.message } });
      return fail('BAD_TARGET', flowBase, hops.length - 1);
    }
    if (target.kind === 'sql') {
      const s = target.server;
      if (s.protocol !== 'tcp') {
        hops.push({ kind: 'connection-string', at: csAt, action: 'dropped', facts: { type: 'connection-string', outcome: 'not-network', server: s.raw, protocol: s.protocol } });
        return fail('NOT_NETWORK_PROTOCOL', flowBase, hops.length - 1);
      }
      host = s.host;
      port = s.port;
      instance = s.instance;
      hops.push({ kind: 'connection-string', at: csAt, action: 'resolved', facts: { type: 'connection-string', outcome: 'resolved', server: s.raw, host: s.host, ...(s.port !== undefined ? { port: s.port } : {}), ...(instance !== undefined ? { instance } : {}) } });
      if (['.', '(local)', 'localhost', '127.0.0.1'].includes(s.host.toLowerCase())) {
        hops.push({ kind: 'connection-string', at: csAt, action: 'dropped', facts: { type: 'connection-string', outcome: 'local', host: s.host } });
        return fail('NOT_NETWORK_PROTOCOL', flowBase, hops.length - 1);
      }
    } else {
      host = target.host;
      port = target.port;
    }
    const named = parseIpv4(host) === undefined;

    // DNS.
    let ip = parseIpv4(host);
    if (ip === undefined) {
      const r = this.resolveName(src, host, hops, assumptions);
      if (r.ip === undefined) return fail(r.code ?? 'DNS_NAME_NOT_FOUND', { ...flowBase, destination: host, destinationName: host }, r.decided);
      ip = r.ip;
    }

    // A named instance without a port: SQL Browser on UDP 1434 first.
    if (instance !== undefined && port === undefined) {
      const browser = this.tracer.trace(src, { ip, port: 1434, protocol: 'udp' });
      const targetText = formatIpv4(ip);
      if (browser.outcome !== 'allowed') {
        const d = browser.decidingHop !== undefined ? browser.hops[browser.decidingHop] : undefined;
        hops.push({ kind: 'sql-browser', at: ref.address(targetText), action: 'denied', ...(d?.rule ? { rule: d.rule } : {}), facts: { type: 'sql-browser', outcome: 'blocked', instance, target: targetText, ...(d ? { cause: d } : {}), causeCode: browser.code } });
        for (const a of browser.assumptions) assumptions.addAll([a]);
        return fail('SQL_BROWSER_BLOCKED', { ...flowBase, destination: targetText, ...(named ? { destinationName: host } : {}), port: 1434, protocol: 'udp', sourceSeen: browser.sourceSeen, sourceSeenAs: browser.sourceSeenAs, path: browser.path }, hops.length - 1);
      }
      const vm = this.tracer.vmAt(ip) ?? this.tracer.vmsWithVip(ip)[0];
      const p = vm?.sqlInstances.get(instance.toLowerCase());
      const at = vm ? ref.vm(vm) : ref.address(targetText);
      if (p === undefined) {
        hops.push({ kind: 'sql-browser', at, action: 'denied', facts: { type: 'sql-browser', outcome: 'unknown-instance', instance, target: vm?.name ?? targetText, known: vm ? [...vm.sqlInstances.keys()] : [] } });
        return fail('UNKNOWN_INSTANCE', { ...flowBase, destination: targetText, ...(named ? { destinationName: host } : {}) }, hops.length - 1);
      }
      hops.push({ kind: 'sql-browser', at, action: 'resolved', facts: { type: 'sql-browser', outcome: 'resolved', instance, target: vm!.name, port: p } });
      port = p;
    }
    const t: Target = { ip, port: port ?? 1433, protocol: target.kind === 'sql' ? 'tcp' : rp.protocol, name: host };
    const raw = this.tracer.trace(src, t);
    return this.summarise(src, t, raw, hops, assumptions, warnings, rp.connectionString, named ? host : undefined);
  }

  summarise(src: Source, target: Target, raw: RawTrace, pre: Hop[], assumptions: AssumptionSet, warnings: HealthProblem[], connectionString: string | undefined, name: string | undefined): FlowResult {
    const hops = [...pre, ...raw.hops];
    assumptions.addAll(raw.assumptions);
    const decidingHop = raw.decidingHop === undefined ? undefined : raw.decidingHop + pre.length;
    const flow: FlowSummary = {
      source: src.name,
      sourceKind: src.kind,
      ...(src.ref ? { sourceRef: src.ref } : {}),
      sourceSeen: raw.sourceSeen,
      sourceSeenAs: raw.sourceSeenAs,
      ...(src.subnet ? { sourceSubnet: src.subnet.id } : {}),
      destination: formatIpv4(target.ip),
      ...(name !== undefined ? { destinationName: name } : {}),
      port: target.port,
      protocol: target.protocol,
      path: raw.path,
      ...(connectionString !== undefined ? { connectionString } : {}),
    };
    return {
      outcome: raw.outcome,
      code: raw.code,
      flow,
      hops,
      ...(decidingHop !== undefined ? { decidingHop } : {}),
      assumptions: assumptions.list(),
      warnings: [...warnings, ...raw.warnings],
    };
  }
}
