/**
 * Checking the import against the effective views: `az network nic show-effective-route-table`
 * and `az network nic list-effective-nsg` say what Azure really applies to a NIC. Where they
 * disagree with the imported routes and NSGs, or show something the scenario cannot hold
 * (peering routes, gateway transit, service endpoints, a wider VirtualNetwork tag), say so.
 */
import { AddressSet, parseCidr } from '../engine/index.ts';
import type { Extra } from './build.ts';
import type { ImportDiagnostic } from './diagnostics.ts';
import type { ImportedTopology } from './model.ts';
import { serviceEndpointRanges, serviceEndpointService } from '../engine/model/service-endpoints.ts';
import { type At, type Found, field, idKey, items, parseId, refId, str, txt } from './resources.ts';

const setOf = (prefixes: string[]): AddressSet =>
  AddressSet.fromCidrs(prefixes.map((p) => parseCidr(p)).flatMap((r) => (r.ok ? [r.cidr] : [])));

/** Runs both checks over every effective view found. */
export function checkEffective(found: Found[], t: ImportedTopology & Extra, diags: ImportDiagnostic[]): void {
  for (const f of found) {
    if (f.kind === 'effectiveRoutes') checkRoutes(f, t, diags);
    if (f.kind === 'effectiveNsg') checkNsg(f, t, diags);
  }
}

/** The VNets peered (and connected) with `name`. */
function peersOf(t: ImportedTopology, name: string) {
  const names = t.peerings.filter((p) => p.value.state === 'connected' && p.value.between.includes(name)).map((p) => (p.value.between[0] === name ? p.value.between[1] : p.value.between[0]));
  return t.vnets.filter((v) => names.includes(v.value.name));
}

/**
 * What the engine's VirtualNetwork tag covers for a VNet (eval/context.ts): the VNet, the networks
 * connected to its gateway, VNets joined through gateways, peered VNets with access allowed, the
 * sites of a hub whose gateway it uses, and Azure's host address.
 */
function vnetTag(t: ImportedTopology, home: string): AddressSet {
  const linked = t.vnetConnections.filter((c) => c.value.between.includes(home)).flatMap((c) => c.value.between);
  const peers = t.peerings.filter((p) => p.value.state === 'connected' && p.value.between.includes(home));
  const allowed = peers.filter((p) => p.value.access === 'allow').flatMap((p) => p.value.between);
  const hubs = peers.filter((p) => p.value.gatewayTransit && p.value.gatewayTransit !== home).map((p) => p.value.gatewayTransit!);
  return setOf([
    ...t.vnets.filter((v) => v.value.name === home || linked.includes(v.value.name) || allowed.includes(v.value.name)).flatMap((v) => v.value.addressSpace),
    ...t.onPremises.filter((o) => o.value.connection && (o.value.connection.vnet === home || hubs.includes(o.value.connection.vnet))).flatMap((o) => o.value.addressSpace),
    '168.63.129.16/32',
  ]);
}

function list(f: Found): At[] {
  return Array.isArray(f.at.v) ? items(f.at) : items(f.at, 'value');
}

function checkRoutes(f: Found, t: ImportedTopology, diags: ImportDiagnostic[]): void {
  const warn = (code: ImportDiagnostic['code'], path: At['p'], message: string, hint?: string) => diags.push({ code, severity: 'warning', file: f.file, path, message, hint });
  const routes = list(f).map((r) => ({
    at: r,
    source: (str(r, 'source') ?? '').toLowerCase(),
    state: (str(r, 'state') ?? 'Active').toLowerCase(),
    prefixes: items(r, 'addressPrefix').map((x) => txt(x.v)),
    hop: (str(r, 'nextHopType') ?? '').toLowerCase(),
    ips: items(r, 'nextHopIpAddress').map((x) => txt(x.v)),
  }));
  // The NIC's VNet: the one whose address space is exactly the VnetLocal routes.
  const local = routes.filter((r) => r.source === 'default' && r.hop === 'vnetlocal').flatMap((r) => r.prefixes);
  const vnet = t.vnets.find((v) => setOf(v.value.addressSpace).equals(setOf(local)));
  if (!vnet) {
    warn('EFFECTIVE_VIEW_UNMATCHED', f.at.p, `These effective routes have the local address space ${local.join(', ') || '(none)'}, which no imported VNet has: they check nothing.`, 'Export the NIC\'s VNet too, or remove this file.');
    return;
  }
  const userKey = (prefix: string, hop: string, ip?: string) => `${prefix} → ${hop}${ip ? ` ${ip}` : ''}`;
  const HOP: Record<string, string> = { VPNGateway: 'virtualnetworkgateway', VNetLocal: 'vnetlocal', Internet: 'internet', VirtualAppliance: 'virtualappliance', None: 'none' };
  const effUser = routes.filter((r) => r.source === 'user');
  const effKeys = new Set(effUser.flatMap((r) => r.prefixes.map((p) => userKey(p, r.hop, r.ips[0]))));
  const tableKeys = (name: string | undefined) => new Set((t.routeTables.find((rt) => rt.value.name === name)?.value.routes ?? []).map((r) => userKey(r.value.prefix, HOP[r.value.nextHop]!, r.value.nextHopIp)));
  // The subnet: the one whose route table matches the user routes best.
  const scored = vnet.value.subnets
    .map((s) => {
      const keys = tableKeys(s.value.routeTable);
      const missing = [...effKeys].filter((k) => !keys.has(k));
      const extra = [...keys].filter((k) => !effKeys.has(k));
      return { s, missing, extra, score: missing.length + extra.length };
    })
    .sort((a, b) => a.score - b.score);
  const best = scored[0];
  const candidates = best ? scored.filter((x) => x.score === best.score).map((x) => x.s) : [];
  const defaultRouted = (rt: string | undefined) => (t.routeTables.find((x) => x.value.name === rt)?.value.routes ?? []).some((x) => x.value.prefix === '0.0.0.0/0');
  const which = best
    ? `subnet ${scored
        .filter((x) => x.score === best.score)
        .map((x) => `${vnet.value.name}/${x.s.value.name}`)
        .join(' or ')}`
    : `VNet ${vnet.value.name}`;
  if (best && best.score > 0) {
    warn(
      'EFFECTIVE_ROUTES_DIFFER',
      f.at.p,
      `Azure's effective user routes for this NIC (in ${which}) differ from the imported route table${best.s.value.routeTable ? ` "${best.s.value.routeTable}"` : ' (none)'}: ${[...best.missing.map((k) => `Azure applies ${k}, the scenario lacks it`), ...best.extra.map((k) => `the scenario has ${k}, Azure does not apply it`)].join('; ')}.`,
      'Export the route table and the VNet again at the same moment as the effective routes; an invalid next hop or a route table attached elsewhere shows here.',
    );
  }
  for (const r of routes) {
    const route = r.prefixes.join(', ');
    if (r.state === 'invalid' && r.source === 'user') {
      warn('EFFECTIVE_ROUTES_DIFFER', r.at.p, `Azure marks the user route ${route} → ${str(r.at, 'nextHopType')} as Invalid for this NIC (in ${which}) and ignores it; the engine applies it.`, 'An appliance next hop that does not exist makes a route invalid.');
      continue;
    }
    if (r.state === 'invalid' && r.source === 'default' && r.hop === 'none') {
      // Today's platform (era current): a subnet whose route table has a 0.0.0.0/0 route loses
      // the reserved None routes in the engine too (routing.ts); otherwise the engine keeps them.
      if (candidates.every((s) => defaultRouted(s.value.routeTable))) continue;
      warn('EFFECTIVE_SHOWS_UNMODELLED', r.at.p, `Azure has set aside (Invalid) the reserved route ${route} → None for ${which}, so traffic there follows a longer or user route; the engine keeps dropping private addresses outside the VNet, so flows to ${route} outside the VNet come out unreachable where Azure sends them on.`);
      continue;
    }
    if (r.state !== 'active') continue;
    if (r.hop === 'vnetpeering' || r.hop === 'vnetglobalpeering') {
      const peered = setOf(peersOf(t, vnet.value.name).flatMap((v) => v.value.addressSpace));
      const missing = r.prefixes.filter((p) => !setOf([p]).isSubsetOf(peered));
      if (missing.length) warn('EFFECTIVE_ROUTES_DIFFER', r.at.p, `Azure routes ${missing.join(', ')} from ${which} over a VNet peering; the scenario has no connected peering of "${vnet.value.name}" with a VNet holding ${missing.length > 1 ? 'them' : 'it'}, so the engine finds no route there (unreachable, or the private-range drop).`, 'Export the peered VNet too (`az network vnet show`), at the same moment as the effective routes.');
    } else if (r.hop === 'virtualnetworkserviceendpoint') {
      // The subnet's modelled endpoints (Microsoft.Storage, Microsoft.Sql) give the engine these
      // routes; a prefix outside their published ranges, in any candidate subnet, it does not have.
      const uncovered = (names: readonly string[] | undefined) => {
        const covered = (names ?? []).map((n) => serviceEndpointService(n)).map((x) => (x ? serviceEndpointRanges(x) : undefined)).reduce<AddressSet>((a, b) => (b ? a.union(b) : a), AddressSet.EMPTY);
        return r.prefixes.filter((p) => !setOf([p]).isSubsetOf(covered));
      };
      const missing = [...new Set(candidates.flatMap((s) => uncovered(s.value.serviceEndpoints)))];
      if (missing.length || !candidates.length) warn('EFFECTIVE_SHOWS_UNMODELLED', r.at.p, `Azure sends ${missing.length ? missing.join(', ') : route} from ${which} to a service endpoint, past any user or BGP route; the scenario's subnet has no service endpoint whose published ranges cover ${missing.length > 1 ? 'them' : 'it'}, so the engine routes ${missing.length > 1 ? 'them' : 'it'} as ordinary Internet traffic.`, 'Add the service to the subnet\'s serviceEndpoints (Microsoft.Storage or Microsoft.Sql); for other services the engine holds no ranges.');
    } else if (r.source === 'virtualnetworkgateway') {
      // The VNet's own gateway, or its hub's through gateway transit.
      const hubs = t.peerings.filter((p) => p.value.state === 'connected' && p.value.gatewayTransit && p.value.gatewayTransit !== vnet.value.name && p.value.between.includes(vnet.value.name)).map((p) => p.value.gatewayTransit!);
      const sites = t.onPremises.filter((o) => o.value.connection && (o.value.connection.vnet === vnet.value.name || hubs.includes(o.value.connection.vnet)));
      const known = setOf(sites.flatMap((o) => o.value.addressSpace));
      const missing = r.prefixes.filter((p) => !setOf([p]).isSubsetOf(known));
      if (missing.length) warn('EFFECTIVE_SHOWS_UNMODELLED', r.at.p, `Azure gives ${which} the gateway route ${missing.join(', ')}${sites.length ? '' : ', although this VNet has no gateway connection in the scenario, neither its own nor its hub\'s through gateway transit'}; the engine has no such route, so flows there come out unreachable.`, 'Export the local network gateway and the connection that advertise it, or the peering that shares the hub\'s gateway.');
    }
  }
}

function checkNsg(f: Found, t: ImportedTopology & Extra, diags: ImportDiagnostic[]): void {
  const warn = (code: ImportDiagnostic['code'], path: At['p'], message: string, hint?: string) => diags.push({ code, severity: 'warning', file: f.file, path, message, hint });
  for (const entry of list(f)) {
    const nsgId = refId(entry, 'networkSecurityGroup');
    const nsgName = nsgId ? parseId(txt(nsgId.v))?.names[0] : undefined;
    const nsg = t.nsgs.find((n) => n.value.name.toLowerCase() === (nsgName ?? '').toLowerCase());
    const assoc = field(entry, 'association');
    const nicId = refId(assoc, 'networkInterface');
    const subnetId = refId(assoc, 'subnet');
    const nic = nicId ? t.nicVm.get(idKey(txt(nicId.v))) : undefined;
    if (!nsg) {
      warn('EFFECTIVE_VIEW_UNMATCHED', nsgId?.p ?? entry.p, `Azure applies the NSG "${nsgName ?? '?'}" here, which is in none of the exports: the scenario lacks it entirely.`, 'Add `az network nsg show` for it.');
      continue;
    }
    if (nicId) {
      if (!nic) warn('EFFECTIVE_VIEW_UNMATCHED', nicId.p, `The effective NSG is for the network interface "${parseId(txt(nicId.v))?.names[0] ?? '?'}", which is in none of the exports.`);
      else if ((nic.nsg ?? '').toLowerCase() !== nsg.value.name.toLowerCase()) warn('EFFECTIVE_NSG_DIFFER', nicId.p, `Azure applies NSG "${nsg.value.name}" to VM "${nic.vm}"'s network interface; the scenario gives it ${nic.nsg ? `"${nic.nsg}"` : 'none'}.`);
    }
    if (subnetId) {
      const ids = parseId(txt(subnetId.v))?.names ?? [];
      const vnet = t.vnets.find((v) => v.value.name.toLowerCase() === (ids[0] ?? '').toLowerCase());
      const subnet = vnet?.value.subnets.find((s) => s.value.name.toLowerCase() === (ids[1] ?? '').toLowerCase());
      if (!subnet) warn('EFFECTIVE_VIEW_UNMATCHED', subnetId.p, `The effective NSG is for subnet "${ids.join('/')}", which is in none of the exports.`);
      else if ((subnet.value.nsg ?? '').toLowerCase() !== nsg.value.name.toLowerCase()) warn('EFFECTIVE_NSG_DIFFER', subnetId.p, `Azure applies NSG "${nsg.value.name}" to subnet "${ids.join('/')}"; the scenario gives it ${subnet.value.nsg ? `"${subnet.value.nsg}"` : 'none'}.`);
    }
    const homeVnet = subnetId ? parseId(txt(subnetId.v))?.names[0] : nic?.subnet.split('/')[0];
    const leftOut = t.nsgLeftOut.get(nsg.value.name) ?? new Set<string>();
    const seen = new Set<string>();
    for (const r of items(entry, 'effectiveSecurityRules')) {
      const full = str(r, 'name') ?? '';
      const [kind, rname] = full.includes('/') ? [full.split('/')[0]!, full.slice(full.indexOf('/') + 1)] : ['defaultSecurityRules', full];
      if (kind.toLowerCase() === 'securityrules') {
        seen.add(rname.toLowerCase());
        const imported = nsg.value.rules.filter((x) => x.value.name === rname);
        const prio = field(r, 'priority')?.v;
        const access = str(r, 'access')?.toLowerCase();
        if (!imported.length) {
          if (leftOut.has(rname)) warn('EFFECTIVE_SHOWS_UNMODELLED', r.p, `Azure applies rule "${rname}" of NSG "${nsg.value.name}" (${access}, priority ${txt(prio)}), which the import left out (see its diagnostic): verdicts it decides are not accounted for.`);
          else warn('EFFECTIVE_NSG_DIFFER', r.p, `Azure applies rule "${rname}" of NSG "${nsg.value.name}" (${access}, priority ${txt(prio)}), which the exported NSG does not have.`, 'Export the NSG again at the same moment as the effective view.');
        } else if (imported[0]!.value.priority !== prio || imported[0]!.value.action !== access) {
          warn('EFFECTIVE_NSG_DIFFER', r.p, `Azure applies rule "${rname}" of NSG "${nsg.value.name}" as ${access} at priority ${txt(prio)}; the import has ${imported[0]!.value.action} at ${imported[0]!.value.priority}.`);
        } else {
          // An application security group as Azure expands it: its members' addresses.
          for (const side of ['Source', 'Destination'] as const) {
            const value = imported[0]!.value[side === 'Source' ? 'source' : 'destination'];
            if (typeof value !== 'string' || !/^asg:/i.test(value)) continue;
            const group = value.slice(4);
            const expanded = items(r, `expanded${side}AddressPrefix`).map((x) => txt(x.v));
            const members = setOf((t.asgMembers.get(group.toLowerCase()) ?? []).map((a) => `${a}/32`));
            const beyond = expanded.filter((p) => !setOf([p]).isSubsetOf(members));
            if (beyond.length) warn('EFFECTIVE_SHOWS_UNMODELLED', field(r, `expanded${side}AddressPrefix`)!.p, `Azure's application security group "${group}" in rule "${rname}" of NSG "${nsg.value.name}" holds ${beyond.join(', ')}, which no exported network interface has: in the engine the rule does not match ${beyond.length > 1 ? 'them' : 'it'}.`, 'Add the network interfaces of the group\'s members to the folder (`az network nic list`).');
          }
        }
      }
      // The VirtualNetwork tag as Azure expands it: peered VNets and gateway routes widen it.
      for (const side of ['Source', 'Destination'] as const) {
        if ((str(r, `${side.toLowerCase()}AddressPrefix`) ?? '').toLowerCase() !== 'virtualnetwork') continue;
        const expanded = items(r, `expanded${side}AddressPrefix`).map((x) => txt(x.v));
        if (!expanded.length) continue;
        // What the engine's VirtualNetwork tag covers for this NIC's VNet.
        const modelled = homeVnet ? vnetTag(t, homeVnet) : setOf(['168.63.129.16/32']);
        const beyond = expanded.filter((p) => !setOf([p]).isSubsetOf(modelled));
        if (beyond.length && !seen.has(`vnet-tag-${side}`)) {
          seen.add(`vnet-tag-${side}`);
          warn('EFFECTIVE_SHOWS_UNMODELLED', field(r, `expanded${side}AddressPrefix`)!.p, `Here Azure's VirtualNetwork tag also covers ${beyond.join(', ')} (peered VNets or routes learnt through a gateway); the engine's VirtualNetwork tag for "${homeVnet ?? '?'}" does not, so flows from there are judged as Internet traffic.`, 'Export the peered VNets, the peerings and the gateway connections of this VNet.');
        }
      }
    }
    for (const r of nsg.value.rules) {
      const base = r.value.name;
      if (!seen.has(base.toLowerCase()) && items(entry, 'effectiveSecurityRules').length) {
        seen.add(base.toLowerCase());
        warn('EFFECTIVE_NSG_DIFFER', entry.p, `The imported NSG "${nsg.value.name}" has rule "${base}", which Azure does not list among the effective rules here.`, 'Export the NSG again at the same moment as the effective view.');
      }
    }
  }
}
