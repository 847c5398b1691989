import { problemText } from '../explain/words.ts';
import type { AddressSet } from '../addr/address-set.ts';
import { formatIpv4 } from '../addr/ip.ts';
import type { Diagnostic } from '../model/diagnostics.ts';
import type { Nsg, NsgRule, Vnet } from '../model/model.ts';
import type { ProbeEvaluator } from '../eval/probe.ts';
import { shadowedRules } from './shadow.ts';

/**
 * Warnings for configurations the article and the docs warn against. They never change a
 * verdict; they explain one before a learner is surprised by it.
 */
export function lintModel(ev: ProbeEvaluator): Diagnostic[] {
  const t = ev.tracer;
  const m = t.model;
  const out: Diagnostic[] = [];
  const warn = (code: Diagnostic['code'], path: Diagnostic['path'], message: string, hint: string) =>
    out.push({ code, severity: 'warning', message, hint, path, range: m.locate(path) });

  // Anything else in the ASE subnet (fact sheet §2.2, §2.3).
  for (const ase of m.ases) {
    for (const vm of m.vms.filter((v) => v.subnet === ase.subnet)) {
      warn('ASE_SUBNET_NOT_EMPTY', [...vm.path, 'subnet'], `VM "${vm.name}" is in ${ase.subnet.id}, the subnet of ASE "${ase.name}"; the ASE cannot reach it, and nothing else may share that subnet.`, 'Move the VM to another subnet of the VNet.');
    }
    if (ase.state === 'running' && ase.dnsSeen.join() !== ase.subnet.vnet.dns.join()) {
      warn('DNS_CHANGED_SINCE_RESTART', [...ase.path, 'dnsSeen'], `VNet "${ase.subnet.vnet.name}" now uses DNS ${ase.subnet.vnet.dns.map(formatIpv4).join(', ') || 'Azure DNS'}, but ASE "${ase.name}" last read ${ase.dnsSeen.map(formatIpv4).join(', ') || 'Azure DNS'}.`, 'Restart the ASE (remove dnsSeen, or set it to the VNet dns list) so it picks up the new DNS servers.');
    }
    const h = ev.health(ase);
    if (h.status !== 'healthy') {
      warn('ASE_UNHEALTHY', ase.path, `ASE "${ase.name}" ${h.status === 'creation-failed' ? 'cannot be created' : 'is unhealthy'}: ${h.problems.filter((p) => p.code !== 'DNS_STALE').map(problemText).join(' ')}`, 'Let its dependencies leave through the Internet route (for a forced tunnel, add a UDR 0.0.0.0/0 → Internet on the ASE subnet), allow 454-455 inbound from the Internet, and keep its DNS servers reachable.');
      // The rule that breaks it, at its own line (fact sheet §4.1: "Do not block traffic to this port").
      for (const p of h.problems) {
        if (p.code === 'MANAGEMENT_BLOCKED' && p.rule && p.rule.path.length) {
          warn('ASE_UNHEALTHY', p.rule.path, `NSG rule "${p.rule.name}" blocks Azure's management traffic to ASE "${ase.name}" on tcp/${p.dependency?.port}; the ASE becomes unhealthy.`, 'Add an inbound rule before it: allow tcp from INTERNET to * on 454-455 (the documented "ALLOW AzureMngmt" rule).');
        }
      }
    }
  }

  // Endpoint ACLs beside NSGs, and permit-VNet ACLs on public endpoints (fact sheet §5.5, §5.6).
  for (const vm of m.vms) {
    const nsg = vm.nsg ?? vm.subnet.nsg;
    for (const e of vm.endpoints) {
      if (nsg && e.acl.length) {
        warn('ACL_IGNORED_WITH_NSG', [...e.path, 'acl'], `The ACL of endpoint "${e.name}" on VM "${vm.name}" is not enforced: NSG "${nsg.name}" applies to the VM, and an NSG replaces endpoint ACLs.`, 'Express the restriction as NSG rules, or remove the ACL to avoid confusion.');
      }
      const vnetSpace = spaceOf(vm.subnet.vnet, ev);
      e.acl.forEach((r) => {
        if (r.action === 'permit' && r.remote.overlaps(vnetSpace) && !r.remote.overlaps(t.ctx.internetTag(vm.subnet.vnet))) {
          warn('ACL_PERMITS_VNET_ON_PUBLIC_ENDPOINT', r.path, `ACL rule ${r.order} of "${e.name}" permits ${r.remoteText}, a VNet range; but VNet clients reach the public endpoint with their public NAT address, never from ${r.remoteText}.`, `Have VNet clients use the private address ${formatIpv4(vm.privateIp)} instead, which needs no endpoint; this rule admits no one.`);
        }
      });
      if (vm.listens && !vm.listens.some((l) => l.protocol === e.protocol && l.port === e.privatePort)) {
        warn('ENDPOINT_WITHOUT_LISTENER', e.path, `Endpoint "${e.name}" forwards to ${e.protocol}/${e.privatePort} on "${vm.name}", but nothing listens there.`, `Add ${e.protocol}/${e.privatePort} to listens, or fix privatePort.`);
      }
      // Shadowed ACL rules: an earlier rule set covers it entirely.
      const covered = new Covered();
      for (const r of e.acl) {
        if (covered.has(r.remote)) {
          warn('SHADOWED_RULE', r.path, `ACL rule ${r.order} (${r.action} ${r.remoteText}) of "${e.name}" never matches: earlier rules already decide every address in ${r.remoteText}.`, 'Remove it, or give it a lower order number than the rules that cover it.');
        } else covered.add(r.remote);
      }
    }
  }

  // Shadowed NSG rules, per VNet where the NSG applies (tags depend on it).
  const nsgPlaces = new Map<Nsg, Vnet>();
  for (const s of m.subnets) if (s.nsg && !nsgPlaces.has(s.nsg)) nsgPlaces.set(s.nsg, s.vnet);
  for (const vm of m.vms) if (vm.nsg && !nsgPlaces.has(vm.nsg)) nsgPlaces.set(vm.nsg, vm.subnet.vnet);
  for (const [nsg, vnet] of nsgPlaces) {
    for (const dir of ['inbound', 'outbound'] as const) {
      for (const [r, by] of shadowedRules(t.ctx, nsg[dir], vnet)) {
        warn('SHADOWED_RULE', r.path, `NSG "${nsg.name}" rule "${r.name}" (${dir}, priority ${r.priority}) never matches: ${by.map((x: NsgRule) => `"${x.name}" (${x.priority})`).join(', ')} decide${by.length === 1 ? 's' : ''} every packet it covers first.`, 'Give it a lower priority number than the rules that cover it, or remove it.');
      }
    }
  }
  // Unused NSGs and gateways do not change verdicts; they are not flagged.
  return out;
}

function spaceOf(vnet: Vnet, ev: ProbeEvaluator): AddressSet {
  return ev.tracer.ctx.vnetTag(vnet);
}

/**
 * The addresses the earlier rules of one ACL decide, as sorted, merged intervals changed in
 * place: an ACL of 50 rules would otherwise build 50 ever larger sets (1,000 endpoints: 20 MB).
 */
export class Covered {
  readonly #b: number[] = [];

  has(s: AddressSet): boolean {
    const f = s.flat();
    for (let k = 0; k < f.length; k += 2) {
      const lo = f[k]!;
      const hi = f[k + 1]!;
      const i = this.#at(lo);
      if (i >= this.#b.length || this.#b[i]! > lo || this.#b[i + 1]! < hi) return false;
    }
    return true;
  }

  add(s: AddressSet): void {
    const f = s.flat();
    for (let k = 0; k < f.length; k += 2) {
      const lo = f[k]!;
      const hi = f[k + 1]!;
      // Merge with every interval that touches [lo, hi].
      const i = this.#at(lo - 1);
      let a = lo;
      let z = hi;
      let j = i;
      while (j < this.#b.length && this.#b[j]! <= hi + 1) {
        a = Math.min(a, this.#b[j]!);
        z = Math.max(z, this.#b[j + 1]!);
        j += 2;
      }
      this.#b.splice(i, j - i, a, z);
    }
  }

  /** The index of the first interval that ends at or after x. */
  #at(x: number): number {
    let lo = 0;
    let hi = this.#b.length / 2;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#b[2 * mid + 1]! < x) lo = mid + 1;
      else hi = mid;
    }
    return 2 * lo;
  }
}
