/**
 * Who starts a flow, resolved against the model: one way for single probes and for who-can-reach,
 * so the two always agree. An address that lies in more than one place (overlapping subnets of
 * unconnected VNets, overlapping on-premises networks) is ambiguous, never silently the first.
 */
import { AddressSet } from '../addr/address-set.ts';
import { formatIpv4 } from '../addr/ip.ts';
import type { Ase, Model, OnPremises, Subnet, Vm } from '../model/model.ts';
import { type ObjectRef, ref } from '../model/refs.ts';
import type { FlowSummary } from './result.ts';

/** Azure's platform address (DNS, DHCP, health probes). */
const AZURE_HOST = 0xa83f8110;

/** Who starts a flow. */
export interface Source {
  readonly kind: FlowSummary['sourceKind'];
  readonly name: string;
  /** The object the source is, when it is one. */
  readonly ref?: ObjectRef;
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
  /** Azure's platform address 168.63.129.16 (health probes): it reaches NICs directly. */
  readonly platform?: boolean;
}

/** A place an address can be: a subnet or an on-premises network. */
export type Place = { readonly kind: 'subnet'; readonly subnet: Subnet } | { readonly kind: 'onprem'; readonly net: OnPremises };

/** Places of a model, with the addresses that are in exactly one of them. */
export class Places {
  readonly #model: Model;
  readonly #vmByIp = new Map<number, Vm>();
  /** Addresses in two or more places. */
  readonly ambiguous: AddressSet;
  /** Every address of a subnet or an on-premises network. */
  readonly placed: AddressSet;
  readonly #internet: AddressSet;

  constructor(model: Model, known: AddressSet) {
    this.#model = model;
    for (const vm of model.vms) this.#vmByIp.set(vm.privateIp, vm);
    // One sweep over every place's intervals, sorted by start: an interval that starts before the
    // furthest end seen so far overlaps an earlier place (n log n, not a union per place).
    const ivs: Array<[number, number]> = [];
    for (const s of model.subnets) ivs.push(...s.set.intervals());
    for (const o of model.onPremises) ivs.push(...o.space.intervals());
    ivs.sort((a, b) => a[0] - b[0]);
    const overlaps: Array<[number, number]> = [];
    let maxEnd = -1;
    for (const [a, b] of ivs) {
      if (a <= maxEnd) overlaps.push([a, Math.min(b, maxEnd)]);
      if (b > maxEnd) maxEnd = b;
    }
    this.ambiguous = AddressSet.fromRanges(overlaps);
    this.placed = AddressSet.fromRanges(ivs);
    const vnetIvs: Array<[number, number]> = [...known.intervals(), ...ivs];
    for (const v of model.vnets) vnetIvs.push(...v.space.intervals());
    this.#internet = AddressSet.fromRanges(vnetIvs).complement();
  }

  /** Every address outside the modelled networks and private ranges: "the Internet". */
  internet(): AddressSet {
    return this.#internet;
  }

  /** The places that hold an address (more than one: ambiguous). */
  placesOf(ip: number): Place[] {
    const out: Place[] = [];
    for (const s of this.#model.subnets) if (s.set.contains(ip)) out.push({ kind: 'subnet', subnet: s });
    for (const o of this.#model.onPremises) if (o.space.contains(ip)) out.push({ kind: 'onprem', net: o });
    return out;
  }

  /** The addresses of a place that are in no other place. */
  ownAddresses(p: Place): AddressSet {
    return (p.kind === 'subnet' ? p.subnet.set : p.net.space).subtract(this.ambiguous);
  }

  vmAt(ip: number): Vm | undefined {
    return this.#vmByIp.get(ip);
  }

  /**
   * The source for a bare address: the VM, ASE worker, subnet address, on-premises address or
   * Internet address there; a string saying why when the address is in several places.
   */
  sourceForAddress(ip: number): Source | { readonly ambiguous: Place[] } {
    const text = formatIpv4(ip);
    const one = AddressSet.single(ip);
    const places = this.placesOf(ip);
    if (places.length > 1) return { ambiguous: places };
    const place = places[0];
    if (place?.kind === 'subnet') {
      const subnet = place.subnet;
      const vm = this.vmAt(ip);
      if (vm && vm.subnet === subnet) return sourceForVm(vm);
      const ase = this.#model.ases.find((a) => a.subnet === subnet);
      if (ase) return { kind: 'ase', name: `${ase.name} worker ${text}`, ref: ref.ase(ase), addresses: one, subnet, ase, natAddress: ase.outboundVip, requireAll: true };
      return { kind: 'address', name: text, ref: ref.address(text), addresses: one, subnet, requireAll: true };
    }
    if (place?.kind === 'onprem') {
      const h = place.net.hosts.find((x) => x.address === ip);
      if (h) return { kind: 'host', name: h.name, ref: ref.host(h), addresses: one, onPremises: place.net, requireAll: true };
      return { kind: 'address', name: text, ref: ref.address(text), addresses: one, onPremises: place.net, requireAll: true };
    }
    if (ip === AZURE_HOST) return { kind: 'address', name: `${text} (Azure platform)`, ref: ref.platform('azure'), addresses: one, requireAll: true, platform: true };
    if (!this.#internet.contains(ip)) return { kind: 'address', name: text, ref: ref.address(text), addresses: one, requireAll: true };
    return { kind: 'internet', name: text, ref: ref.internet(), addresses: one, requireAll: true };
  }
}

export function sourceForVm(vm: Vm): Source {
  return { kind: 'vm', name: vm.name, ref: ref.vm(vm), addresses: AddressSet.single(vm.privateIp), subnet: vm.subnet, vm, natAddress: vm.vip, requireAll: true };
}

export function sourceForAse(ase: Ase): Source {
  return { kind: 'ase', name: ase.name, ref: ref.ase(ase), addresses: ase.subnet.set, subnet: ase.subnet, ase, natAddress: ase.outboundVip, requireAll: true };
}

/** The whole Internet as a source: any address of it may try. */
export function internetSource(places: Places): Source {
  return { kind: 'internet', name: 'the Internet', ref: ref.internet(), addresses: places.internet(), requireAll: false };
}
