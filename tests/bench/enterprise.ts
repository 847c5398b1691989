// A generated enterprise scenario for benchmarks: 50 VNets of 20 subnets (1,000), 200 NSGs of
// `rulesPerNsg` rules, VMs with 50-rule endpoint ACLs, 500 on-premises prefixes, 1,000 probes.
export interface EnterpriseOptions {
  readonly rulesPerNsg: number;
  readonly probes: number;
}

export function enterpriseScenario({ rulesPerNsg, probes }: EnterpriseOptions): Record<string, unknown> {
  const vnets = [];
  const vms: Array<{ name: string; subnet: string; privateIp: string; cloudService: { vip: string }; listens: string[]; endpoints: unknown[] }> = [];
  for (let v = 0; v < 50; v++) {
    const subnets = [];
    for (let s = 0; s < 20; s++) {
      const i = v * 20 + s;
      subnets.push({ name: `s${s}`, prefix: `10.${v}.${s}.0/24`, ...(s > 0 ? { nsg: `nsg${i % 200}` } : {}) });
      if (s > 0 && s % 4 === 1) {
        vms.push({
          name: `vm-${v}-${s}`,
          subnet: `v${v}/s${s}`,
          privateIp: `10.${v}.${s}.10`,
          cloudService: { vip: `52.${v}.${s}.10` },
          listens: ['tcp/1433', 'tcp/443'],
          endpoints: [
            {
              name: 'sql',
              publicPort: 1433,
              privatePort: 1433,
              acl: Array.from({ length: 50 }, (_, k) => ({ order: k + 1, action: k % 7 === 6 ? 'deny' : 'permit', remoteSubnet: `${20 + k}.${v}.0.0/16` })),
            },
          ],
        });
      }
    }
    vnets.push({ name: `v${v}`, addressSpace: [`10.${v}.0.0/16`], subnets });
  }
  const nsgs = Array.from({ length: 200 }, (_, n) => ({
    name: `nsg${n}`,
    rules: Array.from({ length: rulesPerNsg }, (_, r) => ({
      name: `r${r}`,
      direction: r % 2 ? 'outbound' : 'inbound',
      priority: 100 + (Math.floor(r / 2) % 3996),
      action: r % 5 === 4 ? 'deny' : 'allow',
      protocol: r % 3 === 0 ? 'udp' : 'tcp',
      source: `10.${r % 50}.${(r >> 3) % 20}.0/24`,
      destination: '*',
      destinationPort: 2000 + (r % 60000),
    })),
  }));
  const onPremises = Array.from({ length: 10 }, (_, o) => ({
    name: `site${o}`,
    addressSpace: Array.from({ length: 50 }, (_, p) => `172.${16 + (o % 16)}.${p * 5 + (o >> 4)}.0/24`),
    connection: { vnet: `v${o}`, type: o % 2 ? 'expressroute' : 'vpn' },
    hosts: [{ name: `host${o}`, address: `172.${16 + (o % 16)}.0.10`, listens: ['tcp/443'] }],
  }));
  const ases = Array.from({ length: 50 }, (_, v) => ({ name: `ase${v}`, subnet: `v${v}/s0`, outboundVip: `40.0.${v}.1` }));
  const probeList = Array.from({ length: probes }, (_, k) => {
    const vm = vms[k % vms.length]!;
    const from = `ase${(k * 7) % 10}`;
    return k % 3 === 0 ? { from, to: `${vm.cloudService.vip}:1433` } : { from, to: `${vm.privateIp}:1433` };
  });
  return { topology: { vnets, nsgs, vms, onPremises, ases }, probes: probeList };
}

/** A lesson-sized scenario: the article's network. */
export const LESSON_SCENARIO = `
topology:
  vnets:
    - name: testVNet
      addressSpace: [10.0.0.0/16]
      subnets:
        - { name: ase-subnet, prefix: 10.0.2.0/24 }
        - { name: Subnet-1, prefix: 10.0.1.0/24, nsg: testNSGexample }
  nsgs:
    - name: testNSGexample
      rules:
        - { name: sql-from-ase, direction: inbound, priority: 100, action: allow, protocol: tcp, source: 10.0.2.0/24, destinationPort: 1433 }
        - { name: deny-vnet, direction: inbound, priority: 200, action: deny, source: VIRTUAL_NETWORK }
  ases:
    - { name: contoso-ase, subnet: testVNet/ase-subnet, outboundVip: 40.1.1.1 }
  vms:
    - name: sql01
      subnet: testVNet/Subnet-1
      privateIp: 10.0.1.6
      cloudService: { vip: 52.1.1.1 }
      listens: [tcp/1433]
      endpoints:
        - name: MSSQL
          publicPort: 1433
          privatePort: 1433
          acl:
            - { order: 100, action: permit, remoteSubnet: 10.0.0.0/16 }
probes:
  - from: contoso-ase
    to: 10.0.1.6:1433
`;
