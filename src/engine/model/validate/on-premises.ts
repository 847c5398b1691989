/** On-premises networks: address space, connection, firewall and hosts. */
import { AddressSet } from '../../addr/address-set.ts';
import { type Cidr, formatIpv4 } from '../../addr/ip.ts';
import type { Path } from '../diagnostics.ts';
import type { OnPremises } from '../model.ts';
import { sourcePath as at } from '../parse.ts';
import type { FirewallRuleInput, HostInput } from '../schema.ts';
import type { Check } from './check.ts';
import { hostsOf } from './machines.ts';
import { firewallRulesOf } from './rules.ts';

/** Reads the on-premises networks into `c.onPremises`. */
export function readOnPremises(c: Check): void {
  const { report, cidrAt, unique, lookup, t, vnets, onPremises } = c;
  const firewallRulesAt = (list: readonly FirewallRuleInput[], p: Path) => firewallRulesOf(c, list, p);
  const hostsAt = (list: HostInput[], p: Path) => hostsOf(c, list, p);
  // On-premises networks
  unique(t.onPremises, (i) => ['topology', 'onPremises', i], 'on-premises network');
  t.onPremises.forEach((o, i) => {
    const p: Path = at(o, ['topology', 'onPremises', i]);
    const spaceMark = c.diagnostics.length;
    const cidrs = o.addressSpace.map((c, j) => cidrAt(c, [...p, 'addressSpace', j], `Address space of "${o.name}"`)).filter((c): c is Cidr => !!c);
    // A range that could not be read may be the one a host is in: such hosts are left out for
    // that error, not reported again.
    const spaceBroken = cidrs.length < o.addressSpace.length;
    const space = AddressSet.fromCidrs(cidrs);
    let connection: OnPremises['connection'];
    if (o.connection) {
      const cp: Path = [...p, 'connection'];
      const vnet = lookup(vnets, o.connection.vnet, [...cp, 'vnet'], 'VNet');
      const advertised = (o.connection.advertisedRoutes ?? []).map((c, j) => cidrAt(c, [...cp, 'advertisedRoutes', j], 'Advertised route')).filter((c): c is Cidr => !!c);
      if (vnet) {
        if (vnet.space.overlaps(space)) {
          report('ADDRESS_SPACE_OVERLAP', [...p, 'addressSpace'], `On-premises network "${o.name}" (${space.toString()}) overlaps VNet "${vnet.name}" (${vnet.space.toString()}) it connects to.`, 'Connected networks need distinct address ranges; renumber one side.');
        }
        connection = {
          vnet,
          type: o.connection.type,
          up: o.connection.state === 'up',
          advertised: o.connection.type === 'expressroute' && o.connection.advertisedRoutes === undefined ? cidrs : advertised,
          path: cp,
        };
      }
    }
    let firewall: OnPremises['firewall'];
    if (o.firewall) {
      const fp: Path = [...p, 'firewall'];
      firewall = { defaultAction: o.firewall.defaultAction, rules: firewallRulesAt(o.firewall.rules, fp), path: fp };
    }
    const hosts = hostsAt(o.hosts, [...p, 'hosts']);
    hosts.forEach((h) => {
      if (!space.contains(h.address)) {
        if (spaceBroken) return c.setAside(o.hosts, h.name, spaceMark, true);
        const since = c.diagnostics.length;
        report('IP_OUTSIDE_SUBNET', [...h.path, 'address'], `Host "${h.name}" (${formatIpv4(h.address)}) is not inside "${o.name}" (${space.toString()}).`, `Pick an address inside ${space.toString()}.`);
        c.setAside(o.hosts, h.name, since, true);
      }
    });
    onPremises.push({ name: o.name, space, connection, firewall, hosts: hosts.filter((h) => space.contains(h.address)), path: p });
  });
}
