/** NSGs (fact sheet §6): unique names, priorities unique per direction, rules, and the defaults. */
import type { Path } from '../diagnostics.ts';
import type { NsgRule } from '../model.ts';
import { sourcePathUnder as under } from '../parse.ts';
import type { NsgRuleInput } from '../schema.ts';
import type { Check } from './check.ts';
import { addressMatchAt, defaultRules, fieldText, parsePorts, plainMatch, portsAtOf } from './rules.ts';

/** Reads the NSGs into `c.nsgs`. */
export function readNsgs(c: Check): void {
  const { report, unique, t, era, limits, nsgs } = c;
  // NSGs
  const nsgBase = ['topology', 'nsgs'];
  unique(t.nsgs, (i) => [...nsgBase, i], 'network security group');
  c.leaveDropped(t.nsgs, c.nsgs);
  t.nsgs.forEach((n, i) => {
    const p: Path = under(n, nsgBase, i);
    if (nsgs.has(n.name)) return;
    const rules: NsgRule[] = [];
    // Priority per direction (inbound as is, outbound above 4096): a number, not a string per rule.
    const prios = new Map<number, number>();
    if (n.rules.length > limits.nsgRules) {
      report('LIMIT_EXCEEDED', [...p, 'rules'], `NSG "${n.name}" has ${n.rules.length} rules; Azure allows ${limits.nsgRules} (${era}).`, 'Merge rules, or split the traffic over subnets.');
    }
    n.rules.forEach((r, j) => {
      const rp: Path = under(r, p, 'rules', j);
      const rule = nsgRuleOf(c, r, rp);
      if (!rule) return;
      const key = r.direction === 'inbound' ? r.priority : r.priority + 10_000;
      if (prios.has(key)) {
        report('DUPLICATE_PRIORITY', [...rp, 'priority'], `Rules "${n.rules[prios.get(key)!]!.name}" and "${r.name}" are both ${r.direction} with priority ${r.priority}.`, 'Priorities must be unique within each direction: give one of them another number.');
        return;
      }
      prios.set(key, j);
      rules.push(rule);
    });
    const byPrio = (a: NsgRule, b: NsgRule) => a.priority - b.priority;
    const defaults = defaultRules(p);
    nsgs.set(n.name, {
      name: n.name,
      inbound: [...rules.filter((r) => r.direction === 'inbound').sort(byPrio), ...defaults.filter((r) => r.direction === 'inbound')],
      outbound: [...rules.filter((r) => r.direction === 'outbound').sort(byPrio), ...defaults.filter((r) => r.direction === 'outbound')],
      path: p,
    });
  });
}

function nsgRuleOf(c: Check, r: NsgRuleInput, rp: Path): NsgRule | undefined {
  const { report } = c;
  if (r.priority < 100 || r.priority > 4096) {
    report('PRIORITY_OUT_OF_RANGE', [...rp, 'priority'], `Priority ${r.priority} of rule "${r.name}" is outside 100-4096.`, 'Use a number from 100 to 4096; 65000 and above belong to the default rules.');
    return undefined;
  }
  // Spellings read before, and reported nothing, are not read again (no paths built for them).
  const source = plainMatch(r.source) ?? addressMatchAt(c, r.source, [...rp, 'source']);
  const destination = plainMatch(r.destination) ?? addressMatchAt(c, r.destination, [...rp, 'destination']);
  const sourcePorts = (typeof r.sourcePort !== 'object' && parsePorts(r.sourcePort)) || portsAtOf(c, r.sourcePort, [...rp, 'sourcePort']);
  const destinationPorts = (typeof r.destinationPort !== 'object' && parsePorts(r.destinationPort)) || portsAtOf(c, r.destinationPort, [...rp, 'destinationPort']);
  if (!source || !destination || !sourcePorts || !destinationPorts) return undefined;
  return {
    name: r.name,
    direction: r.direction,
    priority: r.priority,
    action: r.action,
    protocol: r.protocol,
    source,
    sourceText: fieldText(r.source),
    sourcePorts,
    destination,
    destinationText: fieldText(r.destination),
    destinationPorts,
    destinationPortText: fieldText(r.destinationPort),
    isDefault: false,
    path: rp,
  };
}
