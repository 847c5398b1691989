import { AddressSet } from '../addr/address-set.ts';
import { formatIpv4 } from '../addr/ip.ts';
import type { Ase, Host, Model, OnPremises, Subnet, Vm, Vnet } from '../model/model.ts';
import { AZURE_HOST_IP } from '../model/validate.ts';
import { EvalContext, assertNever } from './context.ts';
import { type FilterOutcome, evalAcl, evalFirewall, evalNsg } from './filters.ts';
import { type RouteEntry, chooseRoute, effectiveRoutes, routeRef } from './routing.ts';
import type { Assumption, FlowSummary, Hop, Outcome, ResultCode } from './result.ts';
import { RESULT_CODES } from './result.ts';

/** Who starts a flow, resolved against the model. */
export interface Source {
  readonly kind: FlowSummary['sourceKind'];
  readonly name: string;
  /** The addresses the flow may start from (an ASE: its whole subnet, since any worker may run the app). */
  readonly addresses: AddressSet;
  readonly subnet?: Subnet;
  readonly onPremises?: OnPremises;
  readonly ase?: Ase;
  readonly vm?: Vm;
  /** The public address used for calls that leave the VNet topology. */
  readonly natAddress?: number;
  /** All addresses must pass (ASE workers), or any (the Internet, a range). */
  readonly requireAll: boolean;
}

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
  readonly sourceSeen: string;
  readonly path: FlowSummary['path'];
  readonly assumptions: Assumption[];
  readonly warnings: string[];
}

export const ASSUMPTIONS = {
  LISTENER_ASSUMED: 'The destination lists no listening ports, so it is assumed to listen on the probed port.',
  TAG_INTERNET_PUBLIC_ONLY: 'The INTERNET tag is taken as public address space outside VIRTUAL_NETWORK; unconnected private ranges are in neither tag.',
  SOURCE_PORT_EPHEMERAL: 'The client uses an ephemeral source port (49152-65535); NSG rules with a narrower sourcePort do not match it.',
  ACL_MIXED_FALLBACK: 'An ACL with both permit and deny rules treats unmatched addresses by the aclMixedFallback setting (the documentation does not say).',
  ONPREM_SOURCE_WORKER_RANGE: 'On-premises hosts see ASE calls from the ASE subnet range (the documentation implies it but never states it).',
  ONPREM_SOURCE_VIP: 'On-premises hosts see ASE calls from the outbound VIP (assumption onPremisesSourceSeen: outbound-vip).',
  NSG_STATEFUL: 'NSGs are stateful, so replies are allowed; classic-era documentation does not use the word.',
  NAMES_CASE_INSENSITIVE: 'Resource names are matched without regard to letter case.',
  DNS_FORWARDS_PUBLIC: 'A custom DNS server answers its own records and forwards other names to public DNS.',
  SOURCE_NAT_UNKNOWN: 'A source without a cloud service VIP leaves for the Internet from an address the model does not know.',
} as const;

function assumption(id: keyof typeof ASSUMPTIONS): Assumption {
  return { id, text: ASSUMPTIONS[id] };
}

/** Evaluates flows on one model, caching routes per subnet. */
export class Tracer {
  readonly ctx: EvalContext;
  readonly #routes = new Map<Subnet, RouteEntry[]>();
  readonly #vmByIp = new Map<number, Vm>();
  readonly #vmByVip = new Map<number, Vm[]>();
  readonly #hostByIp = new Map<number, { host: Host; net?: OnPremises }>();

  constructor(model: Model) {
    this.ctx = new EvalContext(model);
    for (const vm of model.vms) {
      this.#vmByIp.set(vm.privateIp, vm);
      if (vm.vip !== undefined) this.#vmByVip.set(vm.vip, [...(this.#vmByVip.get(vm.vip) ?? []), vm]);
    }
    for (const net of model.onPremises) for (const h of net.hosts) this.#hostByIp.set(h.address, { host: h, net });
    for (const h of model.internetHosts) if (!this.#hostByIp.has(h.address)) this.#hostByIp.set(h.address, { host: h });
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
    return this.#vmByIp.get(ip);
  }

  vmsWithVip(ip: number): Vm[] {
    return this.#vmByVip.get(ip) ?? [];
  }

  hostAt(ip: number): { host: Host; net?: OnPremises } | undefined {
    return this.#hostByIp.get(ip);
  }

  subnetOf(ip: number): Subnet | undefined {
    return this.model.subnets.find((s) => s.set.contains(ip));
  }

  onPremisesOf(ip: number): OnPremises | undefined {
    return this.model.onPremises.find((o) => o.space.contains(ip));
  }

  /** The source for a bare address: the VM, ASE worker, on-premises or Internet host there. */
  sourceForAddress(ip: number): Source {
    const vm = this.vmAt(ip);
    if (vm) return this.sourceForVm(vm);
    const subnet = this.subnetOf(ip);
    const one = AddressSet.single(ip);
    if (subnet) {
      const ase = this.model.ases.find((a) => a.subnet === subnet);
      if (ase) return { kind: 'ase', name: `${ase.name} worker ${formatIpv4(ip)}`, addresses: one, subnet, ase, natAddress: ase.outboundVip, requireAll: true };
      return { kind: 'address', name: formatIpv4(ip), addresses: one, subnet, requireAll: true };
    }
    const net = this.onPremisesOf(ip);
    if (net) return { kind: 'address', name: formatIpv4(ip), addresses: one, onPremises: net, requireAll: true };
    if (!this.internetSet().contains(ip)) return { kind: 'address', name: formatIpv4(ip), addresses: one, requireAll: true };
    return { kind: 'internet', name: formatIpv4(ip), addresses: one, requireAll: true };
  }

  sourceForVm(vm: Vm): Source {
    return { kind: 'vm', name: vm.name, addresses: AddressSet.single(vm.privateIp), subnet: vm.subnet, vm, natAddress: vm.vip, requireAll: true };
  }

  sourceForAse(ase: Ase): Source {
    return { kind: 'ase', name: ase.name, addresses: ase.subnet.set, subnet: ase.subnet, ase, natAddress: ase.outboundVip, requireAll: true };
  }

  /** Every address outside the modelled networks: "the Internet". */
  internetSet(): AddressSet {
    let known = this.ctx.privateRanges.union(this.ctx.azureHost);
    for (const v of this.model.vnets) known = known.union(v.space);
    for (const o of this.model.onPremises) known = known.union(o.space);
    return known.complement();
  }

  /** Traces one flow from a source to a target (fact sheet §10). */
  trace(src: Source, target: Target): RawTrace {
    return new TraceRun(this, src, target).run();
  }
}

/** One flow's walk through the model. */
class TraceRun {
  readonly hops: Hop[] = [];
  readonly assumptions = new Map<string, Assumption>();
  readonly warnings: string[] = [];
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
  readonly dstText: string;

  constructor(t: Tracer, src: Source, target: Target) {
    this.t = t;
    this.src = src;
    this.target = target;
    this.origin = src.addresses;
    this.seen = src.addresses;
    this.dstText = formatIpv4(target.ip);
  }

  hop(h: Hop): number {
    this.hops.push(h);
    return this.hops.length - 1;
  }

  assume(id: keyof typeof ASSUMPTIONS): void {
    this.assumptions.set(id, assumption(id));
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
      sourceSeen: this.seenText(),
      path: this.path,
      assumptions: [...this.assumptions.values()],
      warnings: this.warnings,
    };
  }

  seenText(): string {
    if (this.natted) return this.seen.toShortString();
    if (this.src.kind === 'ase') return `${this.seen.toShortString()} (any worker in ${this.src.subnet!.id})`;
    return this.seen.toShortString();
  }

  /** Applies a filter outcome: narrows the flow; returns the hop index and whether anything passed. */
  filter(kind: Hop['kind'], node: string, f: FilterOutcome, what: string): { index: number; passed: boolean } {
    const all = f.denied.isEmpty();
    const none = f.allowed.isEmpty();
    const action = all ? 'passed' : none ? 'denied' : 'partial';
    const rule = none || !all ? f.denyRule : f.allowRule;
    const detail = all
      ? `${what} allows ${this.seen.toShortString()}${f.allowRule ? ` (${f.allowRule.name})` : ''}.`
      : none
        ? `${what} denies ${this.seen.toShortString()}${f.denyRule ? ` (${f.denyRule.name})` : ''}.`
        : `${what} allows ${f.allowed.toShortString()} but denies ${f.denied.toShortString()}${f.denyRule ? ` (${f.denyRule.name})` : ''}.`;
    const index = this.hop({ kind, node, action, detail, rule });
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
      const i = this.hop({
        kind: 'same-subnet',
        node: src.ase.name,
        action: 'dropped',
        detail: `${this.dstText} is inside the ASE's own subnet ${src.subnet!.id}; an ASE cannot reach VMs in its own subnet.`,
        rule: { kind: 'platform', owner: src.ase.name, name: 'same-subnet restriction', text: 'An ASE cannot reach endpoints of VMs in its own subnet', matched: [`${src.subnet!.set.toString()} contains ${this.dstText}`], path: src.ase.path, range: this.t.model.locate([...src.ase.path, 'subnet']) },
      });
      return this.end('SAME_SUBNET_AS_ASE', i);
    }
    if (src.subnet) return this.fromSubnet(src.subnet);
    if (src.onPremises) return this.fromOnPremises(src.onPremises);
    if (src.kind === 'address') {
      const i = this.hop({ kind: 'route', node: src.name, action: 'dropped', detail: `${src.name} is a private address outside every modelled network, so it has no route anywhere.` });
      return this.end('NO_ROUTE', i);
    }
    return this.fromInternet();
  }

  fromSubnet(subnet: Subnet): RawTrace {
    const { target, src } = this;
    const route = chooseRoute(this.t.routesOf(subnet), target.ip)!;
    const ref = routeRef(this.t.ctx, subnet, route, this.dstText);
    const nh = route.nextHop;
    switch (nh.type) {
      case 'None': {
        const i = this.hop({ kind: 'route', node: subnet.id, action: 'dropped', detail: `No route leads to ${this.dstText}: the chosen route (${ref.text}) drops the traffic.`, rule: ref });
        return this.end('NO_ROUTE', i);
      }
      case 'VirtualAppliance': {
        const i = this.hop({ kind: 'route', node: subnet.id, action: 'unknown', detail: `The route ${ref.text} sends the traffic to a virtual appliance${nh.ip !== undefined ? ` at ${formatIpv4(nh.ip)}` : ''}, which Reachlab does not model.`, rule: ref });
        return this.end('APPLIANCE_NOT_MODELLED', i);
      }
      case 'VNetLocal':
        this.hop({ kind: 'route', node: subnet.id, action: 'forwarded', detail: `${this.dstText} is in the VNet: the traffic stays on the virtual network (${ref.text}).`, rule: ref });
        this.path = 'private';
        if (!this.outboundNsgs(subnet)) return this.stopped();
        return this.toVnet(subnet.vnet);
      case 'Internet': {
        this.hop({ kind: 'route', node: subnet.id, action: 'forwarded', detail: `${this.dstText} is outside the VNet topology: the traffic goes to the Internet (${ref.text}).`, rule: ref });
        this.path = 'public';
        if (!this.outboundNsgs(subnet)) return this.stopped();
        if (src.natAddress === undefined) {
          this.assume('SOURCE_NAT_UNKNOWN');
          const i = this.hop({ kind: 'nat', node: src.name, action: 'unknown', detail: `${src.name} has no public address in the model, so the address the destination sees is unknown.` });
          return this.end('DESTINATION_NOT_MODELLED', i);
        }
        this.nat(src.natAddress, src.ase ? `the ASE's outbound VIP` : `the cloud service VIP of ${src.name}`);
        return this.toPublic();
      }
      case 'Gateway': {
        const site = nh.onPremises && nh.onPremises.space.contains(target.ip) ? nh.onPremises : this.t.model.onPremises.find((o) => o.connection?.vnet === subnet.vnet && o.space.contains(target.ip));
        if (nh.link) {
          this.hop({ kind: 'route', node: subnet.id, action: 'forwarded', detail: `${this.dstText} is in a joined VNet: the traffic goes through the gateway (${ref.text}).`, rule: ref });
          this.path = 'private';
          if (!this.outboundNsgs(subnet)) return this.stopped();
          const other = nh.link.a === subnet.vnet ? nh.link.b : nh.link.a;
          if (!nh.link.up) {
            const i = this.hop({ kind: 'gateway', node: `${subnet.vnet.name} ↔ ${other.name}`, action: 'dropped', detail: `The VNet-to-VNet connection is down.` });
            return this.end('GATEWAY_DOWN', i);
          }
          this.hop({ kind: 'gateway', node: `${subnet.vnet.name} ↔ ${other.name}`, action: 'forwarded', detail: `The VNet-to-VNet connection carries the traffic to ${other.name}.` });
          return this.toVnet(other);
        }
        if (!site) {
          this.hop({ kind: 'route', node: subnet.id, action: 'forwarded', detail: `${this.dstText} is sent to the VNet gateway by ${ref.text}: forced tunnelling to ${nh.onPremises?.name ?? 'no site'}.`, rule: ref });
          this.path = 'gateway';
          if (!this.outboundNsgs(subnet)) return this.stopped();
          const i = this.hop({ kind: 'gateway', node: nh.onPremises?.name ?? `${subnet.vnet.name} gateway`, action: nh.onPremises ? 'unknown' : 'dropped', detail: nh.onPremises ? `Traffic for the public address ${this.dstText} leaves through ${nh.onPremises.name}; its exit and NAT on-premises are not modelled.` : `The gateway has no site to send ${this.dstText} to.` });
          return this.end(nh.onPremises ? 'FORCED_TUNNEL' : 'NO_ROUTE', i);
        }
        this.hop({ kind: 'route', node: subnet.id, action: 'forwarded', detail: `${this.dstText} is on-premises (${site.name}): the traffic goes through the VNet gateway (${ref.text}).`, rule: ref });
        this.path = 'gateway';
        if (!this.outboundNsgs(subnet)) return this.stopped();
        if (src.ase) {
          if (this.t.model.assumptions.onPremisesSourceSeen === 'outbound-vip') {
            this.assume('ONPREM_SOURCE_VIP');
            this.nat(src.ase.outboundVip, `the ASE's outbound VIP (assumption)`);
          } else this.assume('ONPREM_SOURCE_WORKER_RANGE');
        }
        return this.toOnPremises(site);
      }
      default:
        return assertNever(nh);
    }
  }

  stoppedAt: number | undefined;
  stopped(): RawTrace {
    return this.end(this.stoppedCode, this.stoppedAt);
  }
  stoppedCode: ResultCode = 'NSG_DENIED_OUTBOUND';

  nat(address: number, what: string): void {
    const before = this.seen.toShortString();
    this.seen = AddressSet.single(address);
    this.natted = true;
    this.hop({ kind: 'nat', node: this.src.name, action: 'translated', detail: `The source ${before} is translated to ${formatIpv4(address)}, ${what}.` });
  }

  /** Outbound NSGs on the source side: VM NSG, then subnet NSG (fact sheet §6.5). */
  outboundNsgs(subnet: Subnet): boolean {
    const nsgs = [this.src.vm?.nsg, subnet.nsg].filter((n) => n !== undefined);
    if (this.target.ip === AZURE_HOST_IP && nsgs.length) {
      this.hop({ kind: 'nsg-outbound', node: subnet.id, action: 'passed', detail: 'Traffic to the Azure host address 168.63.129.16 (DNS, DHCP, health probes) is always allowed, whatever the NSGs say.', rule: { kind: 'platform', owner: 'Azure', name: 'platform traffic', text: '168.63.129.16 is always allowed', matched: [], path: [] } });
      return true;
    }
    for (const nsg of nsgs) {
      const f = evalNsg(this.t.ctx, nsg, 'outbound', { sources: this.seen, destination: this.target.ip, port: this.target.port, protocol: this.target.protocol }, subnet.vnet);
      const where = nsg === this.src.vm?.nsg ? `VM ${this.src.vm.name}` : `subnet ${subnet.id}`;
      const r = this.filter('nsg-outbound', nsg.name, f, `Outbound NSG ${nsg.name} on ${where}`);
      if (!r.passed) {
        this.stoppedCode = 'NSG_DENIED_OUTBOUND';
        this.stoppedAt = r.index;
        return false;
      }
    }
    return true;
  }

  /** Inbound NSGs on the destination side: subnet NSG, then VM NSG (fact sheet §6.5). */
  inboundNsgs(subnet: Subnet, vm: Vm | undefined, dst: number, port: number): boolean {
    const nsgs = [subnet.nsg, vm?.nsg].filter((n) => n !== undefined);
    for (const nsg of nsgs) {
      const f = evalNsg(this.t.ctx, nsg, 'inbound', { sources: this.seen, destination: dst, port, protocol: this.target.protocol }, subnet.vnet);
      const where = nsg === subnet.nsg ? `subnet ${subnet.id}` : `VM ${vm!.name}`;
      const r = this.filter('nsg-inbound', nsg.name, f, `Inbound NSG ${nsg.name} on ${where}`);
      if (!r.passed) {
        this.stoppedCode = 'NSG_DENIED_INBOUND';
        this.stoppedAt = r.index;
        return false;
      }
    }
    return true;
  }

  listener(node: string, listens: ReadonlyArray<{ protocol: string; port: number }> | undefined, port: number, path: readonly (string | number)[]): RawTrace {
    const proto = this.target.protocol;
    if (listens === undefined) {
      this.assume('LISTENER_ASSUMED');
      const i = this.hop({ kind: 'listener', node, action: 'passed', detail: `${node} is assumed to listen on ${proto}/${port} (no listens list).` });
      return this.end('ALLOWED', i);
    }
    if (listens.some((l) => l.protocol === proto && l.port === port)) {
      this.hop({ kind: 'listener', node, action: 'passed', detail: `${node} listens on ${proto}/${port}.` });
      return this.end('ALLOWED', this.lastRuleHop());
    }
    const i = this.hop({
      kind: 'listener',
      node,
      action: 'denied',
      detail: `Nothing on ${node} listens on ${proto}/${port}${listens.length ? ` (it listens on ${listens.map((l) => `${l.protocol}/${l.port}`).join(', ')})` : ''}.`,
      rule: { kind: 'platform', owner: node, name: 'listens', text: `listens: ${listens.map((l) => `${l.protocol}/${l.port}`).join(', ') || 'nothing'}`, matched: [`${proto}/${port} not listed`], path: [...path, 'listens'], range: this.t.model.locate([...path, 'listens']) },
    });
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
    if (subnet && vm && vm.subnet === subnet) {
      if (!this.inboundNsgs(subnet, vm, dst, this.target.port)) return this.stopped();
      return this.listener(vm.name, vm.listens, this.target.port, vm.path);
    }
    const ase = subnet && this.t.model.ases.find((a) => a.subnet === subnet);
    if (subnet && ase && (dst === ase.ilbAddress || ase.kind === 'external')) {
      if (!this.inboundNsgs(subnet, undefined, dst, this.target.port)) return this.stopped();
      return this.listener(`ASE ${ase.name}`, ASE_LISTENS, this.target.port, ase.path);
    }
    const dns = this.t.model.dnsServers.get(dst);
    if (subnet && dns) {
      if (!this.inboundNsgs(subnet, undefined, dst, this.target.port)) return this.stopped();
      return this.listener(`DNS server ${this.dstText}`, DNS_LISTENS, this.target.port, dns.path);
    }
    const i = this.hop({ kind: 'listener', node: subnet?.id ?? vnet.name, action: 'dropped', detail: `Nothing in the model has the address ${this.dstText}${subnet ? ` in subnet ${subnet.id}` : ` (no subnet of ${vnet.name} holds it)`}.` });
    return this.end('NO_HOST_AT_ADDRESS', i);
  }

  /** Delivery to a public address: a cloud service endpoint, an ASE, or an Internet host. */
  toPublic(): RawTrace {
    const dst = this.target.ip;
    const vms = this.t.vmsWithVip(dst);
    if (vms.length) {
      const ep = vms.flatMap((vm) => vm.endpoints.map((e) => ({ vm, e }))).find(({ e }) => e.publicPort === this.target.port && e.protocol === this.target.protocol);
      if (!ep) {
        const vm = vms[0]!;
        const i = this.hop({
          kind: 'endpoint',
          node: `${vm.name} (${this.dstText})`,
          action: 'denied',
          detail: `The cloud service VIP ${this.dstText} has no ${this.target.protocol} endpoint on public port ${this.target.port}; a VM blocks every other inbound port.`,
          rule: { kind: 'platform', owner: vm.name, name: 'endpoints', text: `endpoints: ${vm.endpoints.map((e) => `${e.name} ${e.protocol}/${e.publicPort}`).join(', ') || 'none'}`, matched: [`no endpoint for ${this.target.protocol}/${this.target.port}`], path: [...vm.path, 'endpoints'], range: this.t.model.locate([...vm.path, vm.endpoints.length ? 'endpoints' : 'name']) },
        });
        return this.end('NO_ENDPOINT', i);
      }
      const { vm, e } = ep;
      this.hop({ kind: 'endpoint', node: `${vm.name}/${e.name}`, action: 'translated', detail: `Endpoint ${e.name} takes ${this.target.protocol}/${e.publicPort} on ${this.dstText} and forwards it to ${formatIpv4(vm.privateIp)}:${e.privatePort}.`, rule: { kind: 'platform', owner: vm.name, name: e.name, text: `${e.name}: ${e.protocol} ${e.publicPort} → ${e.privatePort}`, matched: [`public port ${e.publicPort}`], path: e.path, range: this.t.model.locate(e.path) } });
      const nsgPresent = vm.nsg !== undefined || vm.subnet.nsg !== undefined;
      if (nsgPresent) {
        this.hop({ kind: 'acl', node: `${vm.name}/${e.name}`, action: 'noted', detail: e.acl.length ? `The endpoint ACL is not enforced: an NSG on the VM or its subnet replaces it.` : `An NSG applies to this VM, so NSG rules decide, not an ACL.` });
        if (!this.inboundNsgs(vm.subnet, vm, vm.privateIp, e.privatePort)) return this.stopped();
      } else {
        const f = evalAcl(this.t.ctx, vm.name, e, this.seen, this.t.model.assumptions);
        if (e.acl.some((r) => r.action === 'permit') && e.acl.some((r) => r.action === 'deny')) this.assume('ACL_MIXED_FALLBACK');
        const r = this.filter('acl', `${vm.name}/${e.name}`, f, `The endpoint ACL of ${e.name}`);
        if (!r.passed) return this.end('ACL_DENIED', r.index);
      }
      return this.listener(vm.name, vm.listens, e.privatePort, vm.path);
    }
    const ase = this.t.model.ases.find((a) => a.outboundVip === dst && a.kind === 'external');
    if (ase) {
      this.hop({ kind: 'endpoint', node: `ASE ${ase.name}`, action: 'forwarded', detail: `${this.dstText} is the public VIP of ASE ${ase.name}; calls between ASEs are Internet calls.` });
      if (!this.inboundNsgs(ase.subnet, undefined, ase.outboundVip, this.target.port)) return this.stopped();
      return this.listener(`ASE ${ase.name}`, ASE_LISTENS, this.target.port, ase.path);
    }
    const h = this.t.hostAt(dst);
    if (h && !h.net) return this.listener(h.host.name, h.host.listens, this.target.port, h.host.path);
    const dns = this.t.model.dnsServers.get(dst);
    if (dns) return this.listener(`DNS server ${this.dstText}`, DNS_LISTENS, this.target.port, dns.path);
    const i = this.hop({ kind: 'listener', node: this.dstText, action: 'unknown', detail: `${this.dstText} is a public address that no modelled host has; add it under internetHosts to model it.` });
    return this.end('DESTINATION_NOT_MODELLED', i);
  }

  /** Delivery into an on-premises network over its connection. */
  toOnPremises(site: OnPremises): RawTrace {
    const conn = site.connection!;
    if (!conn.up) {
      const i = this.hop({ kind: 'gateway', node: `${conn.vnet.name} gateway → ${site.name}`, action: 'dropped', detail: `The ${conn.type === 'vpn' ? 'site-to-site VPN' : 'ExpressRoute circuit'} to ${site.name} is down.`, rule: { kind: 'platform', owner: site.name, name: 'connection state', text: 'state: down', matched: [], path: conn.path, range: this.t.model.locate([...conn.path, 'state']) } });
      return this.end('GATEWAY_DOWN', i);
    }
    this.hop({ kind: 'gateway', node: `${conn.vnet.name} gateway → ${site.name}`, action: 'forwarded', detail: `The ${conn.type === 'vpn' ? 'site-to-site VPN' : 'ExpressRoute private peering'} carries the traffic to ${site.name}.` });
    return this.deliverOnPremises(site);
  }

  deliverOnPremises(site: OnPremises): RawTrace {
    if (site.firewall) {
      const f = evalFirewall(this.t.ctx, site, { sources: this.seen, destination: this.target.ip, port: this.target.port, protocol: this.target.protocol });
      const r = this.filter('firewall', `${site.name} firewall`, f, `The ${site.name} firewall`);
      if (!r.passed) return this.end('FIREWALL_DENIED', r.index);
    }
    const h = this.t.hostAt(this.target.ip);
    if (h && h.net === site) return this.listener(h.host.name, h.host.listens, this.target.port, h.host.path);
    const dns = this.t.model.dnsServers.get(this.target.ip);
    if (dns) return this.listener(`DNS server ${this.dstText}`, DNS_LISTENS, this.target.port, dns.path);
    const i = this.hop({ kind: 'listener', node: site.name, action: 'dropped', detail: `No host of ${site.name} has the address ${this.dstText}.` });
    return this.end('NO_HOST_AT_ADDRESS', i);
  }

  fromOnPremises(net: OnPremises): RawTrace {
    const dst = this.target.ip;
    if (net.space.contains(dst)) {
      this.path = 'private';
      this.hop({ kind: 'route', node: net.name, action: 'forwarded', detail: `${this.dstText} is on the same on-premises network.` });
      const h = this.t.hostAt(dst);
      if (h) return this.listener(h.host.name, h.host.listens, this.target.port, h.host.path);
      const i = this.hop({ kind: 'listener', node: net.name, action: 'dropped', detail: `No host of ${net.name} has the address ${this.dstText}.` });
      return this.end('NO_HOST_AT_ADDRESS', i);
    }
    const conn = net.connection;
    if (conn && conn.vnet.space.contains(dst)) {
      this.path = 'gateway';
      if (!conn.up) {
        const i = this.hop({ kind: 'gateway', node: `${net.name} → ${conn.vnet.name}`, action: 'dropped', detail: `The connection from ${net.name} to ${conn.vnet.name} is down.` });
        return this.end('GATEWAY_DOWN', i);
      }
      this.hop({ kind: 'gateway', node: `${net.name} → ${conn.vnet.name}`, action: 'forwarded', detail: `The ${conn.type === 'vpn' ? 'site-to-site VPN' : 'ExpressRoute circuit'} carries the traffic into ${conn.vnet.name}.` });
      return this.toVnet(conn.vnet);
    }
    const i = this.hop({ kind: 'route', node: net.name, action: 'dropped', detail: `${net.name} has no route to ${this.dstText}: only ${conn ? `VNet ${conn.vnet.name}` : 'no VNet'} is connected (Internet exits of on-premises networks are not modelled).` });
    return this.end('NO_ROUTE', i);
  }

  fromInternet(): RawTrace {
    const dst = this.target.ip;
    const privateOrModelled = this.t.ctx.privateRanges.contains(dst) || this.t.model.vnets.some((v) => v.space.contains(dst) && !this.t.vmsWithVip(dst).length) || this.t.model.onPremises.some((o) => o.space.contains(dst));
    if (privateOrModelled) {
      const i = this.hop({ kind: 'route', node: 'Internet', action: 'dropped', detail: `${this.dstText} is a private or VNet-internal address, which the Internet cannot route to.` });
      return this.end('NO_ROUTE', i);
    }
    this.path = 'public';
    this.hop({ kind: 'route', node: 'Internet', action: 'forwarded', detail: `The Internet routes the traffic to ${this.dstText}.` });
    return this.toPublic();
  }
}

/** Ports the apps of an ASE listen on (S-IN: 80 and 443 by default). */
const ASE_LISTENS = [
  { protocol: 'tcp', port: 80 },
  { protocol: 'tcp', port: 443 },
] as const;
const DNS_LISTENS = [
  { protocol: 'udp', port: 53 },
  { protocol: 'tcp', port: 53 },
] as const;

