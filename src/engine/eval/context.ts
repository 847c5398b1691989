import { AddressSet } from '../addr/address-set.ts';
import { PRIVATE_RANGES } from '../addr/ip.ts';
import type { AddressMatch, Model, Vnet } from '../model/model.ts';
import { AZURE_HOST_IP } from '../model/validate.ts';

/** Caches per model: tag expansions and address lookups. */
export class EvalContext {
  readonly model: Model;
  readonly #vnetTag = new Map<Vnet, AddressSet>();
  readonly #internetTag = new Map<Vnet, AddressSet>();
  readonly privateRanges = AddressSet.parse(...PRIVATE_RANGES);
  readonly azureHost = AddressSet.single(AZURE_HOST_IP);

  constructor(model: Model) {
    this.model = model;
  }

  /**
   * VIRTUAL_NETWORK as seen from a VNet: its address space, every on-premises space connected to
   * it, and every VNet joined to it (fact sheet §6.3, 2015/2016 wording).
   */
  vnetTag(vnet: Vnet): AddressSet {
    let s = this.#vnetTag.get(vnet);
    if (!s) {
      s = vnet.space;
      for (const o of this.model.onPremises) if (o.connection?.vnet === vnet) s = s.union(o.space);
      for (const l of this.model.vnetLinks) {
        if (l.a === vnet) s = s.union(l.b.space);
        if (l.b === vnet) s = s.union(l.a.space);
      }
      // Peered VNets (Service tags article: "peered virtual networks"), when access is allowed,
      // and the on-premises space a spoke reaches through its hub's gateway (gateway transit).
      for (const p of this.model.peerings) {
        const other = p.a === vnet ? p.b : p.b === vnet ? p.a : undefined;
        if (!other || !p.connected) continue;
        if (p.access) s = s.union(other.space);
        if (p.gatewayHub === other) for (const o of this.model.onPremises) if (o.connection?.vnet === other) s = s.union(o.space);
      }
      // Today's tag also holds "address prefixes used on user-defined routes" (Service tags
      // article); the default route is left out (assumption VNET_TAG_UDR_PREFIXES).
      if (this.model.assumptions.era === 'current') {
        for (const sub of vnet.subnets) for (const r of sub.routeTable?.routes ?? []) if (r.prefix.bits > 0) s = s.union(AddressSet.fromCidrs([r.prefix]));
      }
      this.#vnetTag.set(vnet, s);
    }
    return s;
  }

  /**
   * INTERNET: public address space outside VIRTUAL_NETWORK. Assumption TAG_INTERNET_PUBLIC_ONLY:
   * private ranges (RFC 1918, 100.64.0.0/10) that are not part of the VNet are in neither tag.
   */
  internetTag(vnet: Vnet): AddressSet {
    let s = this.#internetTag.get(vnet);
    if (!s) {
      s = this.vnetTag(vnet).union(this.privateRanges).union(this.azureHost).complement();
      this.#internetTag.set(vnet, s);
    }
    return s;
  }

  /** The addresses an NSG address field stands for, where the NSG applies (a VNet). */
  resolve(m: AddressMatch, vnet: Vnet): AddressSet {
    switch (m.kind) {
      case 'any':
        return AddressSet.ALL;
      case 'set':
        return m.set;
      case 'asg':
        return this.model.asgs.get(m.name) ?? AddressSet.EMPTY;
      case 'tag':
        switch (m.tag) {
          case 'VIRTUAL_NETWORK':
            return this.vnetTag(vnet);
          case 'INTERNET':
            return this.internetTag(vnet);
          case 'AZURE_LOADBALANCER':
            return this.azureHost;
          default:
            return assertNever(m.tag);
        }
      default:
        return assertNever(m);
    }
  }
}

/** For exhaustive switches: a bug if reached. */
export function assertNever(x: never): never {
  throw new Error(`IMPOSSIBLE: unexpected ${JSON.stringify(x)}`);
}
