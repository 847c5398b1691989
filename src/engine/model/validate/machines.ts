/** ASEs, VMs (endpoints and their ACLs, appliances, application security groups) and hosts. */
import { AddressSet } from '../../addr/address-set.ts';
import { formatCidr, formatIpv4 } from '../../addr/ip.ts';
import type { Path } from '../diagnostics.ts';
import type { AclRule, Endpoint, Host, Listener, Vm } from '../model.ts';
import { sourcePath as at, sourcePathUnder as under } from '../parse.ts';
import type { FirewallRuleInput, HostInput } from '../schema.ts';
import type { Check } from './check.ts';
import { findSubnetOf } from './networks.ts';
import { firewallRulesOf, parseListen } from './rules.ts';

export const listensOf = (c: Check, list: string[] | undefined, path: Path): Listener[] | undefined =>
  list?.flatMap((l, k) => {
    const r = parseListen(l);
    if (!r) c.report('BAD_LISTEN', [...path, k], `"${l}" is not a listening port.`, 'Write protocol/port, like tcp/1433 or udp/1434.');
    return r ? [r] : [];
  });

export const hostsOf = (c: Check, list: HostInput[], path: Path): Host[] => {
  c.leaveDropped(list, list, true);
  return list.flatMap((h, k) => {
    const hp = under(h, path, k);
    const mark = c.diagnostics.length;
    const address = c.ipAt(h.address, [...hp, 'address'], `Address of host "${h.name}"`);
    if (address === undefined) c.setAside(list, h.name, mark, true);
    return address === undefined ? [] : [{ name: h.name, address, listens: listensOf(c, h.listens, [...hp, 'listens']), path: hp }];
  });
};

/** Reads the ASEs into `c.ases`. */
export function readAses(c: Check): void {
  const { report, ipAt, unique, t, ases } = c;
  const findSubnet = (ref: string, p: Path) => findSubnetOf(c, ref, p);
  // ASEs
  unique(t.ases, (i) => ['topology', 'ases', i], 'ASE');
  c.leaveDropped(t.ases, ases, true);
  const aseNames = new Set<string>();
  t.ases.forEach((a, i) => {
    const p: Path = at(a, ['topology', 'ases', i]);
    if (aseNames.has(a.name.toLowerCase())) return;
    aseNames.add(a.name.toLowerCase());
    const mark = c.diagnostics.length;
    const leaveOut = (since = mark) => c.setAside(ases, a.name, since, true);
    const subnet = findSubnet(a.subnet, [...p, 'subnet']);
    const outboundVip = ipAt(a.outboundVip, [...p, 'outboundVip'], 'outboundVip');
    const ilbAddress = a.ilbAddress === undefined ? undefined : ipAt(a.ilbAddress, [...p, 'ilbAddress'], 'ilbAddress');
    const dnsSeen = a.dnsSeen?.map((d, j) => ipAt(d, [...p, 'dnsSeen', j], 'DNS server')).filter((d): d is number => d !== undefined);
    if (!subnet || outboundVip === undefined) return leaveOut();
    if (subnet.prefix.bits > 29) {
      report('SUBNET_TOO_SMALL', [...p, 'subnet'], `Subnet "${subnet.id}" has ${2 ** (32 - subnet.prefix.bits)} addresses; an ASE needs at least 8 (64 recommended).`, 'Give the ASE a /29 or larger subnet, ideally /26; it cannot grow later.');
    }
    const other = ases.find((x) => x.subnet === subnet);
    if (other) {
      const since = c.diagnostics.length;
      report('ASE_SUBNET_NOT_EMPTY', [...p, 'subnet'], `ASE "${a.name}" is in subnet "${subnet.id}", which already holds ASE "${other.name}".`, 'Only one ASE can exist in a subnet: give each its own.');
      return leaveOut(since);
    }
    if (ilbAddress !== undefined && !subnet.set.contains(ilbAddress)) {
      report('IP_OUTSIDE_SUBNET', [...p, 'ilbAddress'], `ilbAddress ${formatIpv4(ilbAddress)} is not inside the ASE subnet ${formatCidr(subnet.prefix)}.`, `Pick an address inside ${formatCidr(subnet.prefix)}.`);
    }
    ases.push({ name: a.name, subnet, kind: a.kind, outboundVip, ilbAddress, state: a.state, dnsSeen: dnsSeen ?? subnet.vnet.dns, path: p });
  });
}

/**
 * ACL remote subnets written as a prefix without host bits (read without a report), by their
 * text: an export repeats the same few thousand blocks in 50,000 rules. Bounded.
 */
const plainRemotes = new Map<string, AddressSet>();

function rememberRemote(text: string, set: AddressSet): void {
  if (plainRemotes.size >= 50_000) plainRemotes.clear();
  plainRemotes.set(text, set);
}

/** Reads the VMs into `c.vms`, and their application security groups into `c.asgs`. */
export function readVms(c: Check): void {
  const { report, ipAt, cidrAt, unique, lookup, t, limits, nsgs, vms, asgs, asgVnet, asgRefs } = c;
  const findSubnet = (ref: string, p: Path) => findSubnetOf(c, ref, p);
  const listensAt = (list: string[] | undefined, p: Path) => listensOf(c, list, p);
  const firewallRulesAt = (list: readonly FirewallRuleInput[], p: Path) => firewallRulesOf(c, list, p);
  // VMs
  unique(t.vms, (i) => ['topology', 'vms', i], 'VM');
  c.leaveDropped(t.vms, vms, true);
  const usedIps = new Map<number, string>();
  const vmNames = new Set<string>();
  t.vms.forEach((v, i) => {
    const p: Path = at(v, ['topology', 'vms', i]);
    if (vmNames.has(v.name.toLowerCase())) return;
    vmNames.add(v.name.toLowerCase());
    const mark = c.diagnostics.length;
    const leaveOut = (since = mark) => c.setAside(vms, v.name, since, true);
    const subnet = findSubnet(v.subnet, [...p, 'subnet']);
    const privateIp = ipAt(v.privateIp, [...p, 'privateIp'], 'privateIp');
    const vip = v.cloudService ? ipAt(v.cloudService.vip, [...p, 'cloudService', 'vip'], 'Cloud service VIP') : undefined;
    const nsg = v.nsg === undefined ? undefined : lookup(nsgs, v.nsg, [...p, 'nsg'], 'network security group');
    const listens = listensAt(v.listens, [...p, 'listens']);
    const endpoints: Endpoint[] = [];
    v.endpoints.forEach((e, j) => {
      const ep: Path = under(e, p, 'endpoints', j);
      let ok = true;
      for (const k of ['publicPort', 'privatePort'] as const) {
        if (e[k] < 1 || e[k] > 65535) {
          report('PORT_OUT_OF_RANGE', [...ep, k], `${k} ${e[k]} of endpoint "${e.name}" is not a port.`, 'Ports run from 1 to 65535.');
          ok = false;
        }
      }
      if (e.acl.length > limits.aclRules) {
        report('LIMIT_EXCEEDED', [...ep, 'acl'], `Endpoint "${e.name}" has ${e.acl.length} ACL rules; Azure allows ${limits.aclRules} per endpoint.`, 'Summarise the remote subnets into fewer rules.');
      }
      const orders = new Map<number, number>();
      const acl: AclRule[] = [];
      e.acl.forEach((r, k) => {
        const rp: Path = under(r, ep, 'acl', k);
        if (orders.has(r.order)) {
          report('DUPLICATE_ORDER', [...rp, 'order'], `Two ACL rules of endpoint "${e.name}" have order ${r.order}.`, 'Give each rule its own order number (assumption ACL_ORDER_UNIQUE: the docs do not say what a tie does).');
          return;
        }
        // A spelling read before without a report is not read again (no path built for it).
        let remote = plainRemotes.get(r.remoteSubnet);
        if (!remote) {
          const c = cidrAt(r.remoteSubnet, [...rp, 'remoteSubnet'], 'remoteSubnet');
          if (!c) return;
          remote = AddressSet.ofCidr(c);
          if (formatCidr(c) === r.remoteSubnet) rememberRemote(r.remoteSubnet, remote);
        }
        orders.set(r.order, k);
        acl.push({ order: r.order, action: r.action, remote, remoteText: r.remoteSubnet, path: rp });
      });
      acl.sort((a, b) => a.order - b.order);
      if (ok) endpoints.push({ name: e.name, protocol: e.protocol, publicPort: e.publicPort, privatePort: e.privatePort, acl, path: ep });
    });
    if (!subnet || privateIp === undefined) return leaveOut();
    if (!subnet.set.contains(privateIp)) {
      const since = c.diagnostics.length;
      report('IP_OUTSIDE_SUBNET', [...p, 'privateIp'], `VM "${v.name}" has privateIp ${formatIpv4(privateIp)}, which is not inside its subnet "${subnet.id}" (${formatCidr(subnet.prefix)}).`, `Pick an address inside ${formatCidr(subnet.prefix)}, or move the VM to the subnet that holds it.`);
      return leaveOut(since);
    }
    const key = privateIp;
    if (usedIps.has(key)) {
      const since = c.diagnostics.length;
      report('DUPLICATE_ADDRESS', [...p, 'privateIp'], `VM "${v.name}" and VM "${usedIps.get(key)}" both use ${formatIpv4(privateIp)}.`, 'Give each VM its own private address.');
      return leaveOut(since);
    }
    usedIps.set(key, v.name);
    const sqlInstances = new Map(Object.entries(v.sqlInstances).map(([k, n]) => [k.toLowerCase(), n] as const));
    for (const g of v.asgs ?? []) {
      const k = g.trim().toLowerCase();
      asgs.set(k, (asgs.get(k) ?? AddressSet.EMPTY).union(AddressSet.single(privateIp)));
      const first = asgVnet.get(k);
      if (first === undefined) asgVnet.set(k, subnet.vnet.name);
      else if (first !== subnet.vnet.name) report('ASG_ACROSS_VNETS', [...p, 'asgs'], `VM "${v.name}" is in VNet "${subnet.vnet.name}", but application security group "${g}" already has members in VNet "${first}".`, 'All network interfaces of an application security group must be in the VNet of its first member.');
    }
    let appliance: Vm['appliance'];
    if (v.appliance) {
      const ap: Path = [...p, 'appliance'];
      appliance = { defaultAction: v.appliance.defaultAction, rules: firewallRulesAt(v.appliance.rules, ap), path: ap };
      if (!v.ipForwarding) report('APPLIANCE_NO_FORWARDING', ap, `VM "${v.name}" is a virtual appliance, but IP forwarding is off on its network interface: Azure drops traffic it would forward.`, 'Add ipForwarding: true (Azure: Enable IP forwarding on the NIC).', 'warning');
    }
    vms.push({ name: v.name, hostName: (v.hostName ?? v.name).toLowerCase(), subnet, privateIp, nsg, vip, cloudServiceName: v.cloudService?.name?.toLowerCase(), listens, endpoints, sqlInstances, ipForwarding: v.ipForwarding, appliance, path: p });
  });
  for (const r of asgRefs) {
    if (!asgs.has(r.name.toLowerCase())) report('UNKNOWN_REFERENCE', r.path, `No VM belongs to the application security group "${r.name}".`, asgs.size ? `Groups here: ${[...asgs.keys()].join(', ')}.` : 'Add asgs: [name] to the VMs that belong to it.', 'warning');
  }
}
