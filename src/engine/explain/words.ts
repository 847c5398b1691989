/**
 * The one place where results become words: hop details, node labels, rule texts, the sentence
 * of a verdict, and health problems. The CLI, the golden files and the site all use it; `eval/`
 * builds no sentences.
 */
import type { AddressSet } from '../addr/address-set.ts';
import { formatIpv4 } from '../addr/ip.ts';
import type { FlowResult, FlowSummary, HealthProblem, Hop, HopFacts, RuleRef } from '../eval/result.ts';
import { RESULT_CODES } from '../eval/result.ts';
import { type ObjectRef, idBody } from '../model/refs.ts';

const ip = formatIpv4;
const short = (s: AddressSet) => s.toShortString();

/** A short label for an object, as a person would name it. */
export function labelOf(r: ObjectRef): string {
  const body = idBody(r);
  switch (r.kind) {
    case 'internet':
      return 'Internet';
    case 'ase':
      return `ASE ${body}`;
    case 'vm':
    case 'host':
    case 'subnet':
    case 'nsg':
    case 'endpoint':
      return body;
    case 'vnet':
      return `VNet ${body}`;
    case 'acl':
      return `ACL of ${body}`;
    case 'gateway':
      return `${body} gateway`;
    case 'vnet-link':
      return body.replace('/', ' ↔ ');
    case 'onprem':
      return body;
    case 'connection':
      return `connection to ${body}`;
    case 'firewall':
      return `${body} firewall`;
    case 'dns-server':
      return `DNS ${body}`;
    case 'connection-string':
      return 'connection string';
    case 'platform':
      return body === 'public-dns' ? 'public DNS' : body;
    default:
      return body || r.id;
  }
}

/** Where a hop happened, in words. */
export function hopNode(h: Hop): string {
  const f = h.facts;
  switch (f.type) {
    case 'connection':
      return f.inbound ? `${f.site} → ${f.vnet}` : `${f.vnet} gateway → ${f.site}`;
    case 'tunnel-exit':
      return f.site ?? labelOf(h.at);
    case 'no-endpoint':
      return `${labelOf(h.at)} (${ip(f.vip)})`;
    case 'endpoint':
    case 'acl-not-enforced':
      return idBody(h.at);
    case 'filter':
      return f.filter === 'acl' ? idBody(h.at) : labelOf(h.at);
    case 'listener':
      return f.what;
    case 'public-unknown':
      return ip(f.destination);
    case 'dns':
      return f.server === 'azure-provided' ? 'Azure-provided DNS (168.63.129.16)' : f.server === 'public' ? 'public DNS' : f.server === 'azure' ? 'Azure DNS' : `DNS ${ip(f.server)}`;
    case 'ase-health':
    case 'same-subnet':
      return f.ase;
    case 'nat':
    case 'nat-unknown':
      return f.source;
    case 'no-route-outside':
      return f.source;
    case 'peering':
      return `${f.from} ↔ ${f.to} peering`;
    case 'appliance':
      return f.name;
    case 'platform-source':
      return 'Azure platform (168.63.129.16)';
    case 'sql-browser':
      return f.outcome === 'blocked' ? f.target : f.target;
    default:
      return labelOf(h.at);
  }
}

function routeWords(rule: RuleRef | undefined): string {
  return rule ? ruleText(rule) : 'no route';
}

/** One plain sentence about what happened at a hop. */
export function hopDetail(h: Hop): string {
  const f: HopFacts = h.facts;
  switch (f.type) {
    case 'same-subnet':
      return `${ip(f.destination)} is inside the ASE's own subnet ${f.subnet}; an ASE cannot reach VMs in its own subnet.`;
    case 'no-route-outside':
      return `${f.source} is a private address outside every modelled network, so it has no route anywhere.`;
    case 'route': {
      const d = ip(f.destination);
      const r = routeWords(h.rule);
      switch (f.verdict) {
        case 'drop':
          return `No route leads to ${d}: the chosen route (${r}) drops the traffic.`;
        case 'appliance':
          return h.action === 'unknown'
            ? `The route ${r} sends the traffic to a virtual appliance${f.applianceIp !== undefined ? ` at ${ip(f.applianceIp)}` : ''} that is not in the scenario; add it as a VM with ipForwarding and its appliance rules to model it.`
            : `The route ${r} sends the traffic to the virtual appliance at ${f.applianceIp !== undefined ? ip(f.applianceIp) : '?'}.`;
        case 'vnet':
          return `${d} is in the VNet: the traffic stays on the virtual network (${r}).`;
        case 'internet':
          return `${d} is outside the VNet topology: the traffic goes to the Internet (${r}).`;
        case 'vnet-link':
          return `${d} is in a joined VNet: the traffic goes through the gateway (${r}).`;
        case 'forced-tunnel':
          return `${d} is sent to the VNet gateway by ${r}: forced tunnelling to ${f.site ?? 'no site'}.`;
        case 'on-premises':
          return `${d} is on-premises (${f.site}): the traffic goes through the VNet gateway (${r}).`;
        case 'peering':
          return `${d} is in a peered VNet: the traffic crosses the peering (${r}).`;
        case 'service-endpoint':
          return `${d} is an address of ${f.service ?? 'an Azure service'}: the subnet's service endpoint sends the traffic straight to the service over Azure's backbone, past any user or BGP route (${r}), and the service sees the private source address.`;
      }
    }
    case 'nat-unknown':
      return `${f.source} has no public address in the model, so the address the destination sees is unknown.`;
    case 'nat': {
      const what = f.via === 'ase-vip' ? `the ASE's outbound VIP` : f.via === 'ase-vip-assumed' ? `the ASE's outbound VIP (assumption)` : `the cloud service VIP of ${f.source}`;
      return `The source ${short(f.before)} is translated to ${ip(f.after)}, ${what}.`;
    }
    case 'link':
      return f.up ? `The VNet-to-VNet connection carries the traffic to ${f.b}.` : 'The VNet-to-VNet connection is down.';
    case 'tunnel-exit':
      return f.site
        ? `Traffic for the public address ${ip(f.destination)} is sent on-premises through ${f.site} instead of to the Internet; it leaves, if at all, from an on-premises address.`
        : `The gateway has no site to send ${ip(f.destination)} to.`;
    case 'azure-host':
      return 'Traffic to the Azure host address 168.63.129.16 (DNS, DHCP, health probes) is always allowed, whatever the NSGs say.';
    case 'peering':
      if (f.forwarded === 'disconnected') return `The peering between ${f.from} and ${f.to} is not connected, so no traffic crosses it.`;
      if (f.forwarded === 'refused') return `The peering into ${f.to} refuses traffic that a virtual appliance in ${f.from} forwards (allowForwardedTraffic is off), and this flow did not start in ${f.from}.`;
      return `The peering carries the traffic from ${f.from} to ${f.to}${f.forwarded === 'accepted' ? ' (forwarded traffic is allowed on it)' : ''}.`;
    case 'appliance':
      switch (f.outcome) {
        case 'no-forwarding':
          return `The route leads to the virtual appliance ${f.name} (${ip(f.address)}), but IP forwarding is off on its network interface, so Azure drops traffic it would forward.`;
        case 'unreachable':
          return `The virtual appliance ${f.name} (${ip(f.address)}) is neither in this VNet nor in a peered one, so the route's next hop cannot be reached.`;
        case 'loop':
          return `The routes send the flow through virtual appliances in a loop; it never arrives.`;
        case 'forwards':
          return `The virtual appliance ${f.name} (${ip(f.address)}) forwards the flow${f.rulesStated === false ? ' (it lists no rules)' : ''}; it is routed again from its subnet.`;
      }
    // falls through: the switch above returns for every outcome
    case 'platform-source':
      return `Azure's platform address 168.63.129.16 (the load balancer's health probes) reaches ${ip(f.destination)} directly; NSGs still apply (the AzureLoadBalancer tag).`;
    case 'filter': {
      const what =
        f.filter === 'acl'
          ? `The endpoint ACL of ${f.name}`
          : f.filter === 'firewall'
            ? `The ${f.name} firewall`
            : f.filter === 'appliance'
              ? `The virtual appliance ${f.name}`
            : `${f.filter === 'nsg-inbound' ? 'Inbound' : 'Outbound'} NSG ${f.name} on ${f.on?.kind === 'vm' ? 'VM' : 'subnet'} ${f.on?.name ?? ''}`;
      const name = h.rule ? ` (${h.rule.name})` : '';
      if (f.denied.isEmpty()) return `${what} allows ${short(f.seen)}${name}.`;
      if (f.allowed.isEmpty()) return `${what} denies ${short(f.seen)}${name}.`;
      return `${what} allows ${short(f.allowed)} but denies ${short(f.denied)}${name}.`;
    }
    case 'listener':
      if (f.assumed) return `${f.what} is assumed to listen on ${f.protocol}/${f.port} (no listens list).`;
      if (h.action === 'passed') return `${f.what} listens on ${f.protocol}/${f.port}.`;
      return `Nothing on ${f.what} listens on ${f.protocol}/${f.port}${f.listens?.length ? ` (it listens on ${f.listens.join(', ')})` : ''}.`;
    case 'no-host':
      return `Nothing in the model has the address ${ip(f.destination)}${f.subnet ? ` in subnet ${f.subnet}` : ` (no subnet of ${f.vnet} holds it)`}.`;
    case 'no-endpoint':
      return `The cloud service VIP ${ip(f.vip)} has no ${f.protocol} endpoint on public port ${f.port}; a VM blocks every other inbound port.`;
    case 'endpoint':
      return `Endpoint ${f.endpoint} takes ${f.protocol}/${f.publicPort} on ${ip(f.vip)} and forwards it to ${ip(f.privateIp)}:${f.privatePort}.`;
    case 'acl-not-enforced':
      return f.hasAcl ? 'The endpoint ACL is not enforced: an NSG on the VM or its subnet replaces it.' : 'An NSG applies to this VM, so NSG rules decide, not an ACL.';
    case 'ase-vip':
      return `${ip(f.vip)} is the public VIP of ASE ${f.ase}; calls between ASEs are Internet calls, and Azure's management reaches it on 454-455.`;
    case 'public-unknown':
      return `${ip(f.destination)} is a public address that no modelled host has; add it under internetHosts to model it.`;
    case 'on-premises-edge':
      return `The traffic is delivered into ${f.site}, but no host of ${f.site} is listed at ${ip(f.destination)}, and what happens inside that network is not modelled; add the server under the network's hosts to model it.`;
    case 'connection': {
      const kind = f.connection === 'vpn' ? 'site-to-site VPN' : f.inbound ? 'ExpressRoute circuit' : 'ExpressRoute private peering';
      if (!f.up) return f.inbound ? `The connection from ${f.site} to ${f.vnet} is down.` : `The ${f.connection === 'vpn' ? 'site-to-site VPN' : 'ExpressRoute circuit'} to ${f.site} is down.`;
      return f.inbound ? `The ${kind} carries the traffic into ${f.vnet}.` : `The ${kind} carries the traffic to ${f.site}.`;
    }
    case 'on-premises-local':
      return `${ip(f.destination)} is on the same on-premises network.`;
    case 'on-premises-no-route':
      return `${f.site} has no route to ${ip(f.destination)}: only ${f.connectedVnet ? `VNet ${f.connectedVnet}` : 'no VNet'} is connected (Internet exits of on-premises networks are not modelled).`;
    case 'internet-private':
      return `${ip(f.destination)} is a private or VNet-internal address, which the Internet cannot route to.`;
    case 'internet-route':
      return `The Internet routes the traffic to ${ip(f.destination)}.`;
    case 'dns': {
      const who = hopNode(h);
      const via = f.stale ? ' (as the ASE saw them at its last restart)' : '';
      const server = typeof f.server === 'number' ? `The DNS server ${ip(f.server)}${via}` : who;
      if (f.outcome === 'resolved') return `${server === who && typeof f.server !== 'number' ? who : server} resolves "${f.name}" to ${ip(f.address!)}.`;
      if (f.outcome === 'unreachable') return `${server} cannot be reached on udp/53: ${f.cause ? hopDetail(f.cause) : (f.causeCode ?? '')}`;
      return `${server} has no record for "${f.name}"${f.inVnet ? '; it knows the VMs of this VNet and public names' : ''}.`;
    }
    case 'ase-health':
      if (f.status === 'creation-failed') return `Creation of ${f.ase} fails: ${f.problems.map(problemText).join(' ')}`;
      if (f.status === 'healthy') return `${f.ase} reaches its dependencies${f.problems.length ? ` (${f.problems.map(problemText).join(' ')})` : ''}.`;
      return `${f.ase} is unhealthy: ${f.problems.map(problemText).join(' ')}`;
    case 'connection-string':
      switch (f.outcome) {
        case 'bad':
          return f.message ?? 'The connection string cannot be read.';
        case 'not-network': {
          const what = f.protocol === 'np' ? 'named pipes' : f.protocol === 'lpc' ? 'shared memory (a server on the same machine)' : 'LocalDB (a server on the same machine)';
          return `Server=${f.server} uses ${what}, which does not reach a server across the network from an App Service app.`;
        }
        case 'local':
          return `"${f.host}" is the app's own machine; no SQL Server runs on an ASE worker.`;
        case 'resolved':
          return `Server=${f.server}: TCP to ${f.host}${f.port ? ` port ${f.port}` : f.instance ? `, instance ${f.instance} (port from SQL Browser)` : ' on the default port 1433'}.`;
      }
    // falls through: the switch above returns for every outcome
    case 'sql-browser':
      if (f.outcome === 'blocked') return `The SQL Browser query for instance ${f.instance} (udp/1434) fails: ${f.cause ? hopDetail(f.cause) : (f.causeCode ?? '')}`;
      if (f.outcome === 'unknown-instance') return `SQL Browser answers, but ${f.target} has no instance named ${f.instance}${f.known?.length ? ` (it has ${f.known.join(', ')})` : ''}.`;
      return `SQL Browser (udp/1434) answers that instance ${f.instance} listens on tcp/${f.port}.`;
  }
}

/** The object that holds a rule, in words. */
export function ruleOwner(r: RuleRef): string {
  const s = r.spec;
  if (s.kind === 'route' || s.kind === 'platform') return s.ownerName;
  if (r.kind === 'acl-rule' || r.kind === 'acl-implicit') return idBody(r.owner);
  return labelOf(r.owner);
}

const IMPLICIT_WHY = {
  empty: 'an endpoint with no ACL permits everyone',
  'permits-only': 'once a list has a permit rule, every other range is denied',
  'denies-only': 'a list of deny rules only permits every other range',
} as const;

/** A one-line rendering of a rule's definition. */
export function ruleText(r: RuleRef): string {
  const s = r.spec;
  switch (s.kind) {
    case 'nsg-rule':
      return `${s.priority} ${r.name}: ${s.action} ${s.protocol} ${s.source} → ${s.destination}:${s.ports}`;
    case 'acl-rule':
      return `${s.order} ${s.action} ${s.remote}`;
    case 'acl-implicit':
      return `implicit ${s.fallback}: ${s.reason === 'mixed' ? `a list of permits and denies ${s.fallback}s what no rule matches (assumption ACL_MIXED_FALLBACK)` : IMPLICIT_WHY[s.reason]}`;
    case 'route': {
      const hop = s.nextHop === 'gateway-site' ? `gateway to ${s.site}` : s.nextHop === 'gateway-link' ? 'VNet-to-VNet gateway' : s.nextHop === 'gateway-none' ? 'gateway (no site)' : s.nextHop;
      return `${s.prefix} → ${hop} (${s.origin})`;
    }
    case 'firewall-rule':
      return `${s.order} ${s.text}`;
    case 'firewall-default':
      return `defaultAction: ${s.action}`;
    case 'platform':
      switch (s.what) {
        case 'same-subnet':
          return 'An ASE cannot reach endpoints of VMs in its own subnet';
        case 'azure-host':
          return '168.63.129.16 is always allowed';
        case 'listens':
          return `listens: ${s.items?.join(', ') || 'nothing'}`;
        case 'endpoints':
          return r.name === 'endpoints' ? `endpoints: ${s.items?.join(', ') || 'none'}` : (s.items?.[0] ?? r.name);
        case 'connection-state':
          return 'state: down';
        case 'dns-records':
          return `records: ${s.items?.join(', ') || 'none'}`;
      }
  }
}

/** Which fields of a rule matched the flow, in words. */
export function ruleMatched(r: RuleRef): string[] {
  const s = r.spec;
  const h = r.hit;
  switch (s.kind) {
    case 'nsg-rule':
      return [
        `source ${s.source} contains ${h.sources ? short(h.sources) : '?'}`,
        `destination ${s.destination} contains ${h.destination !== undefined ? ip(h.destination) : '?'}`,
        `port ${s.ports} contains ${h.port}`,
        `protocol ${s.protocol} matches ${h.protocol}`,
      ];
    case 'acl-rule':
      return [`remoteSubnet ${s.remote} contains ${h.sources ? short(h.sources) : '?'}`];
    case 'acl-implicit':
    case 'firewall-default':
      return [`no rule matches ${h.sources ? short(h.sources) : '?'}`];
    case 'firewall-rule':
      return [`source contains ${h.sources ? short(h.sources) : '?'}`, `port ${h.port}`];
    case 'route': {
      const bits = s.prefix.split('/')[1];
      if (s.nextHop === 'VirtualNetworkServiceEndpoint') return [`${s.prefix} contains ${h.destination !== undefined ? ip(h.destination) : '?'}`, 'service endpoint route: wins over user and BGP routes'];
      return [`${s.prefix} contains ${h.destination !== undefined ? ip(h.destination) : '?'}`, `longest prefix /${bits}`, `${s.origin} route`];
    }
    case 'platform':
      switch (s.what) {
        case 'same-subnet':
          return [`${h.range?.toString() ?? ''} contains ${h.destination !== undefined ? ip(h.destination) : ''}`];
        case 'listens':
          return [`${h.protocol}/${h.port} not listed`];
        case 'endpoints':
          return r.name === 'endpoints' ? [`no endpoint for ${h.protocol}/${h.port}`] : [`public port ${h.port}`];
        default:
          return [];
      }
  }
}

/** The source addresses the destination sees, in words. */
export function seenText(f: FlowSummary): string {
  const s = f.sourceSeen.toShortString();
  if (f.sourceSeenAs === 'any-worker') return `${s} (any worker in ${f.sourceSubnet ?? 'the ASE subnet'})`;
  return s;
}

/** One plain sentence for a result. */
export function sentenceOf(r: FlowResult): string {
  const flow = r.flow;
  const decided = r.decidingHop === undefined ? undefined : r.hops[r.decidingHop];
  const to = `${flow.destinationName ? `${flow.destinationName} (${flow.destination})` : flow.destination}:${flow.port}`;
  const viaEndpoint = r.hops.some((h) => h.facts.type === 'route' && h.facts.verdict === 'service-endpoint');
  const pathText = flow.path === 'private' ? 'over the virtual network' : flow.path === 'gateway' ? 'through the VNet gateway' : viaEndpoint ? "through a service endpoint, over Azure's backbone" : flow.path === 'public' ? 'over the Internet' : '';
  const why = decided ? hopDetail(decided) : RESULT_CODES[r.code][1];
  switch (r.code) {
    case 'UNKNOWN_SOURCE':
      return `There is no source named "${flow.source}".`;
    case 'AMBIGUOUS_SOURCE':
      return `${flow.source} lies in more than one modelled network (their address spaces overlap), so Reachlab cannot tell where the flow starts.`;
    case 'BAD_TARGET':
      return decided ? hopDetail(decided) : 'The probe says neither where to connect nor how (see the error at its line).';
    case 'ASE_CREATION_FAILED': {
      const f = decided?.facts;
      const first = f?.type === 'ase-health' && f.problems[0] ? problemText(f.problems[0]) : '';
      return `${flow.source} was never created, so no app runs there: ${first}`;
    }
    case 'NOT_NETWORK_PROTOCOL': {
      const f = decided?.facts;
      if (f?.type === 'connection-string' && f.outcome === 'local') return `"${f.host}" points at the app's own worker, not at a SQL Server.`;
      const what = f?.type === 'connection-string' ? (f.protocol === 'np' ? 'named pipes' : f.protocol === 'lpc' ? 'shared memory (a server on the same machine)' : 'LocalDB (a server on the same machine)') : 'a local protocol';
      return `The connection string asks for ${what}; use Server=tcp:<address>,<port> to reach SQL Server over the network.`;
    }
    case 'DNS_SERVER_UNREACHABLE':
      return `None of the DNS servers ${flow.source} uses can be reached, so "${flow.destination}" is not resolved.`;
    case 'DNS_NAME_NOT_FOUND':
      return `"${flow.destination}" does not resolve from ${flow.source}.`;
    case 'SQL_BROWSER_BLOCKED': {
      const f = decided?.facts;
      const inst = f?.type === 'sql-browser' ? f.instance : '';
      return `Instance ${inst} is found through SQL Browser on udp/1434, which fails from ${flow.source}; give the port in the connection string (Server=host,port) or open udp/1434.`;
    }
    case 'UNKNOWN_INSTANCE': {
      const f = decided?.facts;
      return f?.type === 'sql-browser' ? `There is no SQL Server instance ${f.instance} on ${f.target}.` : why;
    }
    default:
      break;
  }
  switch (r.outcome) {
    case 'allowed':
      return `${flow.source} reaches ${to} ${pathText}; the back end sees the source ${seenText(flow)}${decided?.rule ? `, allowed by ${ruleOwner(decided.rule)}: ${decided.rule.name}` : ''}.`;
    case 'blocked':
      return `${flow.source} is blocked from ${to}: ${why}`;
    case 'unreachable':
      return `${flow.source} cannot reach ${to}: ${why}`;
    case 'diverted':
      return `${flow.source}'s traffic for ${to} is diverted: ${why}`;
    case 'undetermined':
      return `Reachlab cannot tell whether ${flow.source} reaches ${to}: ${why}`;
  }
}

/** A health problem in words. */
export function problemText(p: HealthProblem): string {
  const d = p.dependency;
  const part = (s: AddressSet | undefined) => (s ? ` (${s.toShortString(3)})` : '');
  switch (p.code) {
    case 'FORCED_TUNNEL':
      return `${d?.what} on port ${d?.port}${part(p.addresses)} is not sent straight to the Internet (${p.rule ? ruleText(p.rule) : 'no route'}); forced tunnelling changes the ASE's NAT address and breaks it.`;
    case 'DEPENDENCY_BLOCKED':
      return `${d?.what} on port ${d?.port}${d?.portDocumented ? '' : ' (port assumed)'}${part(p.addresses)} is denied by ${p.rule ? ruleOwner(p.rule) : 'an NSG'} (${p.rule?.name ?? ''}).`;
    case 'MANAGEMENT_BLOCKED':
      return `Azure's management traffic to the public VIP on tcp/${d?.port}${part(p.addresses)} is refused${p.rule ? ` by ${ruleOwner(p.rule)} (${p.rule.name})` : p.cause ? `: ${hopDetail(p.cause)}` : ''}; the ASE cannot be managed, so it is unhealthy. Allow 454-455 from the Internet (fact sheet §4.1).`;
    case 'DNS_CHANGED_DURING_CREATION':
      return `The VNet DNS setting changed while ${p.ase ?? 'the ASE'} was being created; creation fails.`;
    case 'DNS_STALE':
      return `${p.ase ?? 'The ASE'} still uses the DNS servers it saw at its last restart (${(p.seen ?? []).map(ip).join(', ') || 'Azure DNS'}), not the VNet's current ones (${(p.current ?? []).map(ip).join(', ') || 'Azure DNS'}); restart it to pick them up.`;
    case 'DNS_UNREACHABLE':
      return `The DNS server ${p.server !== undefined ? ip(p.server) : '?'} cannot be reached on port 53 (${p.cause ? hopDetail(p.cause) : (p.causeCode ?? '')})${p.creating ? '; creation fails' : ''}.`;
  }
}
