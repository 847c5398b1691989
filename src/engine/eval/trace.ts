/**
 * The walk of one flow through the model (fact sheet §10): the same-subnet rule, the route, the
 * source side's NSGs, NAT, gateways, the destination side's filters and the listener. Hops are
 * values with references to model objects; `explain/` words them.
 */
import { AddressSet } from '../addr/address-set.ts';
import { formatIpv4 } from '../addr/ip.ts';
import type { Ase, Host, Model, OnPremises, Peering, Subnet, Vm, Vnet } from '../model/model.ts';
import { type ObjectRef, ref } from '../model/refs.ts';
import { AZURE_HOST_IP } from '../model/validate.ts';
import { type AssumptionId, AssumptionSet } from './assumptions.ts';
import { EvalContext, assertNever } from './context.ts';
import { type FilterOutcome, evalAcl, evalFirewall, evalNsg } from './filters.ts';
import type { Assumption, FlowSummary, HealthProblem, Hop, HopFacts, Outcome, ResultCode, RuleRef } from './result.ts';
import { RESULT_CODES } from './result.ts';
import { type RouteEntry, chooseRoute, effectiveRoutes, routeRef } from './routing.ts';
import { Places, type Source, sourceForAse, sourceForVm } from './sources.ts';

export { ASSUMPTIONS } from './assumptions.ts';
export type { Source } from './sources.ts';

/** Where a flow goes. */
export interface Target {
  readonly ip: number;
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
  readonly name?: string;
}

/** A trace before it is summarised: the hops and what survived. */
export interface RawTrace {
  readonly outcome: Outcome;
  readonly code: ResultCode;
  readonly hops: Hop[];
  readonly decidingHop?: number;
  /** The source addresses (before any NAT) whose flow gets through. */
  readonly allowedSources: AddressSet;
  readonly sourceSeen: AddressSet;
  readonly sourceSeenAs: FlowSummary['sourceSeenAs'];
  readonly path: FlowSummary['path'];
  readonly assumptions: Assumption[];
  readonly warnings: HealthProblem[];
}

/** Ports the apps of an ASE listen on (S-IN: 80 and 443 by default). */
const ASE_APP_PORTS = [80, 443] as const;
/** Management ports, always bound to the ASE's public VIP (fact sheet §4.1). */
export const ASE_MANAGEMENT_PORTS = [454, 455] as const;
const DNS_LISTENS = ['udp/53', 'tcp/53'] as const;

/** Evaluates flows on one model, caching routes per subnet. */
export class Tracer {
  readonly ctx: EvalContext;
  readonly places: Places;
  readonly #routes = new Map<Subnet, RouteEntry[]>();
  readonly #vmByVip = new Map<number, Vm[]>();
  readonly #hostByIp = new Map<number, { host: Host; net?: OnPremises }>();
  readonly #aseByVip = new Map<number, Ase>();

  constructor(model: Model) {
    this.ctx = new EvalContext(model);
    this.places = new Places(model, this.ctx.privateRanges.union(this.ctx.azureHost));
    for (const vm of model.vms) {
      if (vm.vip !== undefined) {
        const list = this.#vmByVip.get(vm.vip);
        if (list) list.push(vm);
        else this.#vmByVip.set(vm.vip, [vm]);
      }
    }
    for (const net of model.onPremises) for (const h of net.hosts) if (!this.#hostByIp.has(h.address)) this.#hostByIp.set(h.address, { host: h, net });
    for (const h of model.internetHosts) if (!this.#hostByIp.has(h.address)) this.#hostByIp.set(h.address, { host: h });
    for (const a of model.ases) if (!this.#aseByVip.has(a.outboundVip)) this.#aseByVip.set(a.outboundVip, a);
  }

  get model(): Model {
    return this.ctx.model;
  }

  routesOf(subnet: Subnet): RouteEntry[] {
    let r = this.#routes.get(subnet);
    if (!r) {
      r = effectiveRoutes(this.ctx, subnet);
      this.#routes.set(subnet, r);
    }
    return r;
  }

  vmAt(ip: number): Vm | undefined {
    return this.places.vmAt(ip);
  }

  vmsWithVip(ip: number): Vm[] {
    return this.#vmByVip.get(ip) ?? [];
  }

  aseWithVip(ip: number): Ase | undefined {
    return this.#aseByVip.get(ip);
  }

  hostAt(ip: number): { host: Host; net?: OnPremises } | undefined {
    return this.#hostByIp.get(ip);
  }

  sourceForVm(vm: Vm): Source {
    return sourceForVm(vm);
  }

  sourceForAse(ase: Ase): Source {
    return sourceForAse(ase);
  }

  /** Every address outside the modelled networks: "the Internet". */
  internetSet(): AddressSet {
    return this.places.internet();
  }

  /** Traces one flow from a source to a target (fact sheet §10). */
  trace(src: Source, target: Target): RawTrace {
    return new TraceRun(this, src, target).run();
  }
}

/** One flow's walk through the model. */
class TraceRun {
  readonly hops: Hop[] = [];
  readonly assumptions = new AssumptionSet();
  readonly warnings: HealthProblem[] = [];
  /** Source addresses still alive (before NAT). */
  origin: AddressSet;
  /** The addresses as the next hop sees them. */
  seen: AddressSet;
  natted = false;
  partialHop: number | undefined;
  path: FlowSummary['path'] = 'none';
  readonly t: Tracer;
  readonly src: Source;
  readonly target: Target;
  stoppedAt: number | undefined;
  stoppedCode: ResultCode = 'NSG_DENIED_OUTBOUND';
  /** The VM the flow leaves from now: the source VM, or a virtual appliance after it forwarded. */
  here: Vm | undefined;
  /** The public address for calls that leave for the Internet from where the flow is now. */
  natAddress: number | undefined;
  /** The VNet of the appliance that forwarded the flow (traffic that did not start there). */
  forwardedFrom: Vnet | undefined;
  appliances = 0;

  constructor(t: Tracer, src: Source, target: Target) {
    this.t = t;
    this.src = src;
    this.target = target;
    this.origin = src.addresses;
    this.seen = src.addresses;
    this.here = src.vm;
    this.natAddress = src.natAddress;
  }

  hop(kind: Hop['kind'], at: ObjectRef, action: Hop['action'], facts: HopFacts, rule?: RuleRef): number {
    this.hops.push(rule ? { kind, at, action, rule, facts } : { kind, at, action, facts });
    return this.hops.length - 1;
  }

  assume(id: AssumptionId): void {
    this.assumptions.add(id);
  }

  end(code: ResultCode, decidingHop?: number): RawTrace {
    let outcome: Outcome = RESULT_CODES[code][0];
    let finalCode = code;
    let deciding = decidingHop;
    const allowedSources = outcome === 'allowed' ? this.origin : AddressSet.EMPTY;
    if (outcome === 'allowed' && this.partialHop !== undefined && this.src.requireAll) {
      outcome = 'blocked';
      finalCode = 'SOURCE_RANGE_PARTIALLY_DENIED';
      deciding = this.partialHop;
    }
    if (this.src.subnet && this.src.kind !== 'internet') this.assume('NSG_STATEFUL');
    return {
      outcome,
      code: finalCode,
      hops: this.hops,
      decidingHop: deciding,
      allowedSources,
      sourceSeen: this.seen,
      sourceSeenAs: this.natted ? 'translated' : this.src.kind === 'ase' && this.src.addresses.size() > 1 ? 'any-worker' : 'as-is',
      path: this.path,
      assumptions: this.assumptions.list(),
      warnings: this.warnings,
    };
  }

  /** Applies a filter outcome: narrows the flow; returns the hop index and whether anything passed. */
  filter(kind: 'nsg-outbound' | 'nsg-inbound' | 'acl' | 'firewall' | 'appliance', at: ObjectRef, f: FilterOutcome, name: string, on?: { kind: 'vm' | 'subnet'; name: string }): { index: number; passed: boolean } {
    const all = f.denied.isEmpty();
    const none = f.allowed.isEmpty();
    const action = all ? 'passed' : none ? 'denied' : 'partial';
    const rule = none || !all ? f.denyRule : f.allowRule;
    const facts: HopFacts = { type: 'filter', filter: kind, name, seen: this.seen, allowed: f.allowed, denied: f.denied, ...(on ? { on } : {}) };
    const index = this.hop(kind, at, action, facts, rule);
    if (!all && !none && this.partialHop === undefined) this.partialHop = index;
    if (this.natted) {
      if (none) this.origin = AddressSet.EMPTY;
    } else {
      this.origin = this.origin.intersect(f.allowed);
    }
    if (!none) this.seen = f.allowed;
    return { index, passed: !none };
  }

  run(): RawTrace {
    const { src, target } = this;
    const dst = target.ip;
    // 1. The same-subnet restriction (fact sheet §2.3), before any filter.
    if (src.ase && src.subnet!.set.contains(dst) && dst !== src.ase.ilbAddress) {
      const rule: RuleRef = {
        kind: 'platform',
        ref: ref.platform('same-subnet'),
        owner: ref.ase(src.ase),
        name: 'same-subnet restriction',
        spec: { kind: 'platform', what: 'same-subnet', ownerName: src.ase.name },
        hit: { range: src.subnet!.set, destination: dst },
        path: src.ase.path,
        range: this.t.model.locate([...src.ase.path, 'subnet']),
      };
      const i = this.hop('same-subnet', ref.ase(src.ase), 'dropped', { type: 'same-subnet', ase: src.ase.name, subnet: src.subnet!.id, destination: dst }, rule);
      return this.end('SAME_SUBNET_AS_ASE', i);
    }
    if (src.platform) return this.fromPlatform();
    if (src.subnet) return this.fromSubnet(src.subnet);
    if (src.onPremises) return this.fromOnPremises(src.onPremises);
    if (src.kind === 'address') {
      const i = this.hop('route', src.ref ?? ref.address(src.name), 'dropped', { type: 'no-route-outside', source: src.name });
      return this.end('NO_ROUTE', i);
    }
    return this.fromInternet();
  }

  fromSubnet(subnet: Subnet): RawTrace {
    const { target, src } = this;
    const route = chooseRoute(this.t.routesOf(subnet), target.ip)!;
    const rule = routeRef(this.t.ctx, subnet, route, target.ip);
    const at = ref.subnet(subnet);
    const dst = target.ip;
    const nh = route.nextHop;
    switch (nh.type) {
      case 'None': {
        const i = this.hop('route', at, 'dropped', { type: 'route', verdict: 'drop', destination: dst }, rule);
        return this.end('NO_ROUTE', i);
      }
      case 'VirtualAppliance': {
        const appliance = nh.ip !== undefined ? this.t.vmAt(nh.ip) : undefined;
        if (!appliance) {
          const i = this.hop('route', at, 'unknown', { type: 'route', verdict: 'appliance', destination: dst, ...(nh.ip !== undefined ? { applianceIp: nh.ip } : {}) }, rule);
          return this.end('APPLIANCE_NOT_MODELLED', i);
        }
        this.hop('route', at, 'forwarded', { type: 'route', verdict: 'appliance', destination: dst, applianceIp: appliance.privateIp }, rule);
        this.path = 'private';
        if (!this.outboundNsgs(subnet)) return this.stopped();
        return this.throughAppliance(subnet, appliance);
      }
      case 'Peering': {
        this.hop('route', at, 'forwarded', { type: 'route', verdict: 'peering', destination: dst }, rule);
        this.path = 'private';
        if (!this.outboundNsgs(subnet)) return this.stopped();
        if (!this.crossPeering(nh.peering, subnet.vnet, nh.other)) return this.stopped();
        return this.toVnet(nh.other);
      }
      case 'VNetLocal':
        this.hop('route', at, 'forwarded', { type: 'route', verdict: 'vnet', destination: dst }, rule);
        this.path = 'private';
        if (!this.outboundNsgs(subnet)) return this.stopped();
        return this.toVnet(subnet.vnet);
      case 'Internet': {
        this.hop('route', at, 'forwarded', { type: 'route', verdict: 'internet', destination: dst }, rule);
        this.path = 'public';
        if (!this.outboundNsgs(subnet)) return this.stopped();
        if (this.natAddress === undefined) {
          this.assume('SOURCE_NAT_UNKNOWN');
          const who = this.here && this.here !== src.vm ? this.here.name : src.name;
          const i = this.hop('nat', this.here && this.here !== src.vm ? ref.vm(this.here) : (src.ref ?? ref.address(src.name)), 'unknown', { type: 'nat-unknown', source: who });
          return this.end('DESTINATION_NOT_MODELLED', i);
        }
        this.nat(this.natAddress, src.ase && this.here === undefined ? 'ase-vip' : 'cloud-service-vip');
        return this.toPublic();
      }
      case 'ServiceEndpoint': {
        // Virtual network service endpoints: "Endpoints always take service traffic directly from
        // your virtual network to the service on the Microsoft Azure backbone network", and "service
        // traffic switches to use virtual network private addresses as the source IP addresses": no
        // NAT, the service sees the source's private address.
        this.assume('SERVICE_ENDPOINT_RANGES');
        this.hop('route', at, 'forwarded', { type: 'route', verdict: 'service-endpoint', destination: dst, service: nh.endpoint.service }, rule);
        this.path = 'public';
        if (!this.outboundNsgs(subnet)) return this.stopped();
        return this.toPublic();
      }
      case 'Gateway': {
        const site = nh.onPremises && nh.onPremises.space.contains(dst) ? nh.onPremises : this.t.model.onPremises.find((o) => (o.connection?.vnet === subnet.vnet || (nh.via && o.connection?.vnet === (nh.via.a === subnet.vnet ? nh.via.b : nh.via.a))) && o.space.contains(dst));
        if (nh.link) {
          this.hop('route', at, 'forwarded', { type: 'route', verdict: 'vnet-link', destination: dst }, rule);
          this.path = 'private';
          if (!this.outboundNsgs(subnet)) return this.stopped();
          const other = nh.link.a === subnet.vnet ? nh.link.b : nh.link.a;
          const linkFacts: HopFacts = { type: 'link', a: subnet.vnet.name, b: other.name, up: nh.link.up };
          if (!nh.link.up) {
            const i = this.hop('gateway', ref.vnetLink(nh.link), 'dropped', linkFacts);
            return this.end('GATEWAY_DOWN', i);
          }
          this.hop('gateway', ref.vnetLink(nh.link), 'forwarded', linkFacts);
          return this.toVnet(other);
        }
        if (!site) {
          this.hop('route', at, 'forwarded', { type: 'route', verdict: 'forced-tunnel', destination: dst, ...(nh.onPremises ? { site: nh.onPremises.name } : {}) }, rule);
          this.path = 'gateway';
          if (!this.outboundNsgs(subnet)) return this.stopped();
          // The route decides where the flow goes: it is the rule of the hop where it leaves.
          const i = this.hop('gateway', nh.onPremises ? ref.connection(nh.onPremises) : ref.gateway(subnet.vnet), nh.onPremises ? 'forwarded' : 'dropped', { type: 'tunnel-exit', destination: dst, ...(nh.onPremises ? { site: nh.onPremises.name } : {}) }, rule);
          return this.end(nh.onPremises ? 'FORCED_TUNNEL' : 'NO_ROUTE', i);
        }
        this.hop('route', at, 'forwarded', { type: 'route', verdict: 'on-premises', destination: dst, site: site.name }, rule);
        this.path = 'gateway';
        if (!this.outboundNsgs(subnet)) return this.stopped();
        // Gateway transit: to the hub over the peering, then out through the hub's gateway.
        if (nh.via && !this.crossPeering(nh.via, subnet.vnet, nh.via.a === subnet.vnet ? nh.via.b : nh.via.a)) return this.stopped();
        if (src.ase) {
          if (this.t.model.assumptions.onPremisesSourceSeen === 'outbound-vip') {
            this.assume('ONPREM_SOURCE_VIP');
            this.nat(src.ase.outboundVip, 'ase-vip-assumed');
          } else this.assume('ONPREM_SOURCE_WORKER_RANGE');
        }
        return this.toOnPremises(site);
      }
      default:
        return assertNever(nh);
    }
  }

  /**
   * Crosses a peering from one VNet to the other (Virtual network peering: not transitive). Traffic
   * a virtual appliance forwarded, that did not start in the appliance's VNet, needs
   * allowForwardedTraffic. Returns false (with the hop that stopped it) when it cannot cross.
   */
  crossPeering(p: Peering, from: Vnet, to: Vnet): boolean {
    const at = ref.peering(p);
    if (!p.connected) {
      this.stoppedAt = this.hop('peering', at, 'dropped', { type: 'peering', from: from.name, to: to.name, forwarded: 'disconnected' });
      this.stoppedCode = 'NO_ROUTE';
      return false;
    }
    const forwarded = this.forwardedFrom !== undefined && !this.origin.isSubsetOf(this.forwardedFrom.space);
    if (forwarded) {
      this.assume('PEERING_FORWARDED_BOTH_SIDES');
      if (!p.allowForwardedTraffic) {
        this.stoppedAt = this.hop('peering', at, 'dropped', { type: 'peering', from: from.name, to: to.name, forwarded: 'refused' });
        this.stoppedCode = 'FORWARDED_TRAFFIC_REFUSED';
        return false;
      }
    }
    this.hop('peering', at, 'forwarded', { type: 'peering', from: from.name, to: to.name, ...(forwarded ? { forwarded: 'accepted' as const } : {}) });
    return true;
  }

  /**
   * Through a virtual appliance (a user route's VirtualAppliance next hop): it must be reachable
   * from the subnet (same or peered VNet) and forward (IP forwarding on its NIC); the flow is
   * checked inbound at the appliance (its subnet's and NIC's NSGs, then its rules), then routed
   * again from the appliance's subnet (assumption APPLIANCE_TWO_LEGS).
   */
  throughAppliance(from: Subnet, vm: Vm): RawTrace {
    const dst = this.target.ip;
    const at = ref.vm(vm);
    const facts = (outcome: 'forwards' | 'no-forwarding' | 'unreachable' | 'loop', rulesStated?: boolean): HopFacts => ({ type: 'appliance', name: vm.name, address: vm.privateIp, outcome, ...(rulesStated !== undefined ? { rulesStated } : {}) });
    this.assume('APPLIANCE_TWO_LEGS');
    if (++this.appliances > 4) return this.end('ROUTING_LOOP', this.hop('appliance', at, 'dropped', facts('loop')));
    const sameVnet = vm.subnet.vnet === from.vnet;
    const peering = sameVnet ? undefined : this.t.model.peerings.find((p) => p.connected && ((p.a === from.vnet && p.b === vm.subnet.vnet) || (p.b === from.vnet && p.a === vm.subnet.vnet)));
    if (!sameVnet && !peering) return this.end('APPLIANCE_NOT_FORWARDING', this.hop('appliance', at, 'dropped', facts('unreachable')));
    if (peering && !this.crossPeering(peering, from.vnet, vm.subnet.vnet)) return this.stopped();
    if (!vm.ipForwarding) return this.end('APPLIANCE_NOT_FORWARDING', this.hop('appliance', at, 'dropped', facts('no-forwarding')));
    // The packet still has the final destination: NSGs at the appliance see that, not the appliance's address.
    if (!this.inboundNsgs(vm.subnet, vm, AddressSet.single(dst), this.target.port)) return this.stopped();
    if (vm.appliance) {
      const f = evalFirewall(this.t.ctx, { name: vm.name, firewall: vm.appliance }, { sources: this.seen, destinations: AddressSet.single(dst), port: this.target.port, protocol: this.target.protocol });
      const r = this.filter('appliance', at, f, vm.name);
      if (!r.passed) return this.end('APPLIANCE_DENIED', r.index);
    } else {
      this.assume('APPLIANCE_FORWARDS_ALL');
      this.hop('appliance', at, 'forwarded', facts('forwards', false));
    }
    this.here = vm;
    this.natAddress = vm.vip;
    this.forwardedFrom = vm.subnet.vnet;
    return this.fromSubnet(vm.subnet);
  }

  stopped(): RawTrace {
    return this.end(this.stoppedCode, this.stoppedAt);
  }

  nat(address: number, via: 'ase-vip' | 'cloud-service-vip' | 'ase-vip-assumed'): void {
    const before = this.seen;
    this.seen = AddressSet.single(address);
    this.natted = true;
    this.hop('nat', this.src.ref ?? ref.address(this.src.name), 'translated', { type: 'nat', before, after: address, via, source: this.src.name });
  }

  /** Outbound NSGs on the source side: VM NSG, then subnet NSG (fact sheet §6.5). */
  outboundNsgs(subnet: Subnet): boolean {
    const nsgs = [this.here?.nsg, subnet.nsg].filter((n) => n !== undefined);
    if (this.target.ip === AZURE_HOST_IP && nsgs.length) {
      const rule: RuleRef = { kind: 'platform', ref: ref.platform('azure-host'), owner: ref.platform('azure'), name: 'platform traffic', spec: { kind: 'platform', what: 'azure-host', ownerName: 'Azure' }, hit: { destination: AZURE_HOST_IP }, path: [] };
      this.hop('nsg-outbound', ref.subnet(subnet), 'passed', { type: 'azure-host' }, rule);
      return true;
    }
    this.assume('SOURCE_PORT_EPHEMERAL');
    for (const nsg of nsgs) {
      const f = evalNsg(this.t.ctx, nsg, 'outbound', { sources: this.seen, destinations: AddressSet.single(this.target.ip), port: this.target.port, protocol: this.target.protocol }, subnet.vnet);
      if (f.usedInternetTag) this.assume('TAG_INTERNET_PUBLIC_ONLY');
      const on = nsg === this.here?.nsg ? { kind: 'vm' as const, name: this.here.name } : { kind: 'subnet' as const, name: subnet.id };
      const r = this.filter('nsg-outbound', ref.nsg(nsg), f, nsg.name, on);
      if (!r.passed) {
        this.stoppedCode = 'NSG_DENIED_OUTBOUND';
        this.stoppedAt = r.index;
        return false;
      }
    }
    return true;
  }

  /** Inbound NSGs on the destination side: subnet NSG, then VM NSG (fact sheet §6.5), after translation. */
  inboundNsgs(subnet: Subnet, vm: Vm | undefined, destinations: AddressSet, port: number): boolean {
    const nsgs = [subnet.nsg, vm?.nsg].filter((n) => n !== undefined);
    if (nsgs.length) this.assume('SOURCE_PORT_EPHEMERAL');
    for (const nsg of nsgs) {
      const f = evalNsg(this.t.ctx, nsg, 'inbound', { sources: this.seen, destinations, port, protocol: this.target.protocol }, subnet.vnet);
      if (f.usedInternetTag) this.assume('TAG_INTERNET_PUBLIC_ONLY');
      const on = nsg === subnet.nsg ? { kind: 'subnet' as const, name: subnet.id } : { kind: 'vm' as const, name: vm!.name };
      const r = this.filter('nsg-inbound', ref.nsg(nsg), f, nsg.name, on);
      if (!r.passed) {
        this.stoppedCode = 'NSG_DENIED_INBOUND';
        this.stoppedAt = r.index;
        return false;
      }
    }
    return true;
  }

  listener(at: ObjectRef, what: string, listens: readonly string[] | undefined, port: number, path: readonly (string | number)[]): RawTrace {
    const proto = this.target.protocol;
    if (listens === undefined) {
      this.assume('LISTENER_ASSUMED');
      const i = this.hop('listener', at, 'passed', { type: 'listener', what, protocol: proto, port, assumed: true });
      return this.end('ALLOWED', i);
    }
    if (listens.includes(`${proto}/${port}`)) {
      this.hop('listener', at, 'passed', { type: 'listener', what, protocol: proto, port, listens });
      return this.end('ALLOWED', this.lastRuleHop());
    }
    const rule: RuleRef = {
      kind: 'platform',
      ref: ref.platform(`listens:${at.id}`),
      owner: at,
      name: 'listens',
      spec: { kind: 'platform', what: 'listens', items: listens, ownerName: what },
      hit: { port, protocol: proto },
      path: [...path, 'listens'],
      range: this.t.model.locate([...path, 'listens']) ?? this.t.model.locate(path),
    };
    const i = this.hop('listener', at, 'denied', { type: 'listener', what, protocol: proto, port, listens }, rule);
    return this.end('NOT_LISTENING', i);
  }

  /** For an allowed flow, the hop whose rule let it through last (the most telling one). */
  lastRuleHop(): number | undefined {
    for (let i = this.hops.length - 1; i >= 0; i--) if (this.hops[i]!.rule && this.hops[i]!.kind !== 'route') return i;
    for (let i = this.hops.length - 1; i >= 0; i--) if (this.hops[i]!.rule) return i;
    return undefined;
  }

  /** Delivery to an address inside a VNet. */
  toVnet(vnet: Vnet): RawTrace {
    const dst = this.target.ip;
    const subnet = vnet.subnets.find((s) => s.set.contains(dst));
    const vm = this.t.vmAt(dst);
    const one = AddressSet.single(dst);
    if (subnet && vm && vm.subnet === subnet) {
      if (!this.inboundNsgs(subnet, vm, one, this.target.port)) return this.stopped();
      return this.listener(ref.vm(vm), vm.name, listensOf(vm.listens), this.target.port, vm.path);
    }
    const ase = subnet && this.t.model.ases.find((a) => a.subnet === subnet);
    if (subnet && ase && (dst === ase.ilbAddress || ase.kind === 'external')) {
      if (!this.inboundNsgs(subnet, undefined, one, this.target.port)) return this.stopped();
      return this.listener(ref.ase(ase), `ASE ${ase.name}`, ASE_APP_PORTS.map((p) => `tcp/${p}`), this.target.port, ase.path);
    }
    const dns = this.t.model.dnsServers.get(dst);
    if (subnet && dns) {
      if (!this.inboundNsgs(subnet, undefined, one, this.target.port)) return this.stopped();
      return this.listener(ref.dnsServer(formatIpv4(dst)), `DNS server ${formatIpv4(dst)}`, DNS_LISTENS, this.target.port, dns.path);
    }
    const i = this.hop('listener', subnet ? ref.subnet(subnet) : ref.vnet(vnet), 'dropped', { type: 'no-host', destination: dst, ...(subnet ? { subnet: subnet.id } : { vnet: vnet.name }) });
    return this.end('NO_HOST_AT_ADDRESS', i);
  }

  /** Delivery to a public address: a cloud service endpoint, an ASE's VIP, or an Internet host. */
  toPublic(): RawTrace {
    const dst = this.target.ip;
    const vms = this.t.vmsWithVip(dst);
    if (vms.length) {
      const ep = vms.flatMap((vm) => vm.endpoints.map((e) => ({ vm, e }))).find(({ e }) => e.publicPort === this.target.port && e.protocol === this.target.protocol);
      if (!ep) {
        const vm = vms[0]!;
        const rule: RuleRef = {
          kind: 'platform',
          ref: ref.platform(`endpoints:vm:${vm.name}`),
          owner: ref.vm(vm),
          name: 'endpoints',
          spec: { kind: 'platform', what: 'endpoints', items: vm.endpoints.map((e) => `${e.name} ${e.protocol}/${e.publicPort}`), ownerName: vm.name },
          hit: { port: this.target.port, protocol: this.target.protocol },
          path: [...vm.path, 'endpoints'],
          range: this.t.model.locate([...vm.path, vm.endpoints.length ? 'endpoints' : 'name']),
        };
        const i = this.hop('endpoint', ref.vm(vm), 'denied', { type: 'no-endpoint', vip: dst, protocol: this.target.protocol, port: this.target.port }, rule);
        return this.end('NO_ENDPOINT', i);
      }
      const { vm, e } = ep;
      const epRule: RuleRef = {
        kind: 'platform',
        ref: ref.endpoint(vm, e),
        owner: ref.vm(vm),
        name: e.name,
        spec: { kind: 'platform', what: 'endpoints', items: [`${e.name}: ${e.protocol} ${e.publicPort} → ${e.privatePort}`], ownerName: vm.name },
        hit: { port: e.publicPort },
        path: e.path,
        range: this.t.model.locate(e.path),
      };
      this.hop('endpoint', ref.endpoint(vm, e), 'translated', { type: 'endpoint', endpoint: e.name, vip: dst, protocol: this.target.protocol, publicPort: e.publicPort, privateIp: vm.privateIp, privatePort: e.privatePort }, epRule);
      const nsgPresent = vm.nsg !== undefined || vm.subnet.nsg !== undefined;
      if (nsgPresent) {
        this.hop('acl', ref.acl(vm, e), 'noted', { type: 'acl-not-enforced', hasAcl: e.acl.length > 0 });
        if (!this.inboundNsgs(vm.subnet, vm, AddressSet.single(vm.privateIp), e.privatePort)) return this.stopped();
      } else {
        const f = evalAcl(this.t.ctx, vm, e, this.seen, this.t.model.assumptions);
        if (e.acl.some((r) => r.action === 'permit') && e.acl.some((r) => r.action === 'deny')) this.assume('ACL_MIXED_FALLBACK');
        if (e.acl.length > 1) this.assume('ACL_ORDER_UNIQUE');
        const r = this.filter('acl', ref.acl(vm, e), f, e.name);
        if (!r.passed) return this.end('ACL_DENIED', r.index);
      }
      return this.listener(ref.vm(vm), vm.name, listensOf(vm.listens), e.privatePort, vm.path);
    }
    const ase = this.t.aseWithVip(dst);
    if (ase) {
      const ports: number[] = [...ASE_MANAGEMENT_PORTS, ...(ase.kind === 'external' ? ASE_APP_PORTS : [])];
      this.hop('endpoint', ref.ase(ase), 'forwarded', { type: 'ase-vip', ase: ase.name, vip: dst });
      // Inbound NSGs see the traffic after translation: its destination is a worker of the ASE subnet
      // (fact sheet §3, S-NSGOV, S-NSG-2016), any of them (assumption ASE_INBOUND_ANY_WORKER).
      this.assume('ASE_INBOUND_ANY_WORKER');
      if (!this.inboundNsgs(ase.subnet, undefined, ase.subnet.set, this.target.port)) return this.stopped();
      return this.listener(ref.ase(ase), `ASE ${ase.name}`, ports.sort((a, b) => a - b).map((p) => `tcp/${p}`), this.target.port, ase.path);
    }
    const h = this.t.hostAt(dst);
    if (h && !h.net) return this.listener(ref.host(h.host), h.host.name, listensOf(h.host.listens), this.target.port, h.host.path);
    const dns = this.t.model.dnsServers.get(dst);
    if (dns) return this.listener(ref.dnsServer(formatIpv4(dst)), `DNS server ${formatIpv4(dst)}`, DNS_LISTENS, this.target.port, dns.path);
    const i = this.hop('listener', ref.address(formatIpv4(dst)), 'unknown', { type: 'public-unknown', destination: dst });
    return this.end('DESTINATION_NOT_MODELLED', i);
  }

  /** Delivery into an on-premises network over its connection. */
  toOnPremises(site: OnPremises): RawTrace {
    const conn = site.connection!;
    const facts: HopFacts = { type: 'connection', site: site.name, vnet: conn.vnet.name, connection: conn.type, up: conn.up, inbound: false };
    if (!conn.up) {
      const rule: RuleRef = { kind: 'platform', ref: ref.platform(`connection-state:${site.name}`), owner: ref.connection(site), name: 'connection state', spec: { kind: 'platform', what: 'connection-state', items: ['down'], ownerName: site.name }, hit: {}, path: conn.path, range: this.t.model.locate([...conn.path, 'state']) };
      const i = this.hop('gateway', ref.connection(site), 'dropped', facts, rule);
      return this.end('GATEWAY_DOWN', i);
    }
    this.hop('gateway', ref.connection(site), 'forwarded', facts);
    return this.deliverOnPremises(site);
  }

  deliverOnPremises(site: OnPremises): RawTrace {
    if (site.firewall) {
      const f = evalFirewall(this.t.ctx, site, { sources: this.seen, destinations: AddressSet.single(this.target.ip), port: this.target.port, protocol: this.target.protocol });
      const r = this.filter('firewall', ref.firewall(site), f, site.name);
      if (!r.passed) return this.end('FIREWALL_DENIED', r.index);
    }
    const h = this.t.hostAt(this.target.ip);
    if (h && h.net === site) return this.listener(ref.host(h.host), h.host.name, listensOf(h.host.listens), this.target.port, h.host.path);
    const dns = this.t.model.dnsServers.get(this.target.ip);
    if (dns) return this.listener(ref.dnsServer(formatIpv4(this.target.ip)), `DNS server ${formatIpv4(this.target.ip)}`, DNS_LISTENS, this.target.port, dns.path);
    return this.onPremisesEdge(site);
  }

  /**
   * An address of an on-premises network that no listed host has. Azure hands the flow to the
   * network (its gateway and firewall, when modelled, have let it through); the hosts, routes and
   * filters inside it are not in Azure's exports, so the verdict is undetermined rather than "no
   * host": a list of on-premises hosts is never known to be complete.
   */
  onPremisesEdge(site: OnPremises): RawTrace {
    const i = this.hop('listener', ref.onprem(site), 'unknown', { type: 'on-premises-edge', destination: this.target.ip, site: site.name });
    return this.end('ON_PREMISES_NOT_MODELLED', i);
  }

  fromOnPremises(net: OnPremises): RawTrace {
    const dst = this.target.ip;
    if (net.space.contains(dst)) {
      this.path = 'private';
      this.hop('route', ref.onprem(net), 'forwarded', { type: 'on-premises-local', destination: dst });
      const h = this.t.hostAt(dst);
      if (h) return this.listener(ref.host(h.host), h.host.name, listensOf(h.host.listens), this.target.port, h.host.path);
      return this.onPremisesEdge(net);
    }
    const conn = net.connection;
    // A spoke that uses the hub's gateway (gateway transit) is reached through the hub and the peering.
    const spoke = conn ? this.t.model.peerings.find((p) => p.connected && p.gatewayHub === conn.vnet && (p.a === conn.vnet ? p.b : p.a).space.contains(dst)) : undefined;
    if (conn && spoke && conn.up) {
      this.path = 'gateway';
      this.hop('gateway', ref.connection(net), 'forwarded', { type: 'connection', site: net.name, vnet: conn.vnet.name, connection: conn.type, up: conn.up, inbound: true });
      const other = spoke.a === conn.vnet ? spoke.b : spoke.a;
      if (!this.crossPeering(spoke, conn.vnet, other)) return this.stopped();
      return this.toVnet(other);
    }
    if (conn && conn.vnet.space.contains(dst)) {
      this.path = 'gateway';
      const facts: HopFacts = { type: 'connection', site: net.name, vnet: conn.vnet.name, connection: conn.type, up: conn.up, inbound: true };
      if (!conn.up) {
        const i = this.hop('gateway', ref.connection(net), 'dropped', facts);
        return this.end('GATEWAY_DOWN', i);
      }
      this.hop('gateway', ref.connection(net), 'forwarded', facts);
      return this.toVnet(conn.vnet);
    }
    const i = this.hop('route', ref.onprem(net), 'dropped', { type: 'on-premises-no-route', site: net.name, destination: dst, ...(conn ? { connectedVnet: conn.vnet.name } : {}) });
    return this.end('NO_ROUTE', i);
  }

  /**
   * From Azure's platform address 168.63.129.16 (the load balancer's health probes): it reaches a
   * VM's NIC directly, checked by the NSGs (admitted by the default rule AllowAzureLoadBalancerInBound
   * through the AzureLoadBalancer tag, and refused by a deny rule before it).
   */
  fromPlatform(): RawTrace {
    const dst = this.target.ip;
    const subnet = this.t.model.subnets.find((s) => s.set.contains(dst));
    if (!subnet) {
      const i = this.hop('route', ref.platform('azure'), 'dropped', { type: 'internet-private', destination: dst });
      return this.end('NO_ROUTE', i);
    }
    this.path = 'private';
    this.hop('route', ref.platform('azure'), 'forwarded', { type: 'platform-source', destination: dst });
    return this.toVnet(subnet.vnet);
  }

  fromInternet(): RawTrace {
    const dst = this.target.ip;
    const privateOrModelled = this.t.ctx.privateRanges.contains(dst) || this.t.model.vnets.some((v) => v.space.contains(dst) && !this.t.vmsWithVip(dst).length) || this.t.model.onPremises.some((o) => o.space.contains(dst));
    if (privateOrModelled) {
      const i = this.hop('route', ref.internet(), 'dropped', { type: 'internet-private', destination: dst });
      return this.end('NO_ROUTE', i);
    }
    this.path = 'public';
    this.hop('route', ref.internet(), 'forwarded', { type: 'internet-route', destination: dst });
    return this.toPublic();
  }
}

function listensOf(listens: ReadonlyArray<{ protocol: string; port: number }> | undefined): string[] | undefined {
  return listens?.map((l) => `${l.protocol}/${l.port}`);
}
