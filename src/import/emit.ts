/**
 * Writing the imported topology as YAML that reads like a hand-written scenario: names, not ids;
 * a comment above each object naming the export it came from; a stable order, so that importing
 * changed exports again gives a readable diff. Comments go through the yaml Document API.
 */
import { Document, isMap, isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { formatJsonPath } from './diagnostics.ts';
import type { Emitted, ImportedTopology } from './model.ts';

const comment = (e: Emitted<unknown>): string => [` from ${e.origin.file} ${formatJsonPath(e.origin.path)}`, ...e.notes.map((n) => ` ${n}`)].join('\n');

/** The scenario YAML; `header` lines go at the top, `probes` (already YAML) replaces the example. */
export function emitScenario(t: ImportedTopology, opts: { title: string; header: string[]; era: 'current' | 'classic-2016'; probesYaml?: string }): string {
  const doc = new Document({}) as Document<YAMLMap>;
  doc.commentBefore = opts.header.map((l) => ` ${l}`).join('\n');
  const root = doc.contents!;
  root.set('title', opts.title);
  root.set('assumptions', doc.createNode({ era: opts.era }));
  const topo = doc.createNode({}) as YAMLMap;
  root.set('topology', topo);

  /** A sequence of emitted objects, each with its comment; `inner` handles nested emitted lists. */
  const seq = <T>(list: Emitted<T>[], shape: (v: T) => Record<string, unknown>, inner?: (v: T, node: YAMLMap) => void): YAMLSeq => {
    const s = doc.createNode([]) as YAMLSeq;
    for (const e of list) {
      const node = doc.createNode(shape(e.value)) as YAMLMap;
      node.commentBefore = comment(e);
      inner?.(e.value, node);
      flowScalars(node);
      s.items.push(node);
    }
    return s;
  };
  /** Lists of plain scalars (address spaces, DNS servers) read best on one line. */
  const flowScalars = (n: Node) => {
    if (isMap(n)) for (const p of n.items) if (isSeq(p.value) && p.value.items.every((i) => !isMap(i) && !isSeq(i))) p.value.flow = true;
  };
  const set = (key: string, list: Emitted<unknown>[], make: () => YAMLSeq) => {
    if (list.length) topo.set(key, make());
  };
  // Undefined fields and empty DNS lists (Azure-provided DNS, the default) are left out.
  const drop = <T extends object>(v: T, ...keys: string[]) =>
    Object.fromEntries(Object.entries(v).filter(([k, x]) => !keys.includes(k) && x !== undefined && !(k === 'dns' && Array.isArray(x) && x.length === 0)));

  set('vnets', t.vnets, () =>
    seq(
      t.vnets,
      (v) => drop(v, 'subnets'),
      (v, node) => node.set('subnets', seq(v.subnets, (s) => drop(s))),
    ),
  );
  set('peerings', t.peerings, () => seq(t.peerings, (c) => drop(c)));
  set('nsgs', t.nsgs, () =>
    seq(
      t.nsgs,
      (n) => drop(n, 'rules'),
      (n, node) => node.set('rules', seq(n.rules, (r) => drop(r))),
    ),
  );
  set('routeTables', t.routeTables, () =>
    seq(
      t.routeTables,
      (r) => drop(r, 'routes'),
      (r, node) => node.set('routes', seq(r.routes, (x) => drop(x))),
    ),
  );
  set('ases', t.ases, () => seq(t.ases, (a) => drop(a)));
  set('vms', t.vms, () =>
    seq(
      t.vms,
      (v) => drop(v, 'endpoints'),
      (v, node) => {
        if (v.endpoints.length) {
          node.set(
            'endpoints',
            seq(v.endpoints, (e) => ({ ...drop(e, 'acl'), acl: e.acl })),
          );
        }
      },
    ),
  );
  set('onPremises', t.onPremises, () => seq(t.onPremises, (o) => drop(o)));
  set('vnetConnections', t.vnetConnections, () => seq(t.vnetConnections, (c) => drop(c)));
  // Mark the (short) maps of rules, routes, ACL rules, connections as flow style where readable.
  for (const key of ['onPremises', 'vnetConnections', 'peerings']) {
    const s = topo.get(key) as YAMLSeq | undefined;
    for (const item of s?.items ?? []) if (isMap(item)) for (const p of item.items) if (isMap(p.value)) p.value.flow = true;
  }
  const vms = topo.get('vms') as YAMLSeq | undefined;
  for (const vm of vms?.items ?? []) {
    if (!isMap(vm)) continue;
    const cs = vm.get('cloudService');
    if (isMap(cs)) cs.flow = true;
    const eps = vm.get('endpoints');
    for (const ep of isSeq(eps) ? eps.items : []) {
      const acl = isMap(ep) ? ep.get('acl') : undefined;
      if (isSeq(acl)) for (const r of acl.items) if (isMap(r)) r.flow = true;
    }
  }
  let text = doc.toString({ lineWidth: 0 });
  text += opts.probesYaml ?? exampleProbes(t);
  return text;
}

/**
 * The importer cannot know what a team means to test: an example, commented out, with names
 * from this network (an ASE or VM as the client, a VM, preferably a SQL one, as the server).
 */
function exampleProbes(t: ImportedTopology): string {
  const server = t.vms.find((v) => /sql/i.test(v.value.name)) ?? t.vms[0];
  const client = t.ases[0]?.value.name ?? t.vms.find((v) => v !== server)?.value.name ?? 'CLIENT';
  const to = `${server?.value.privateIp ?? '10.0.0.4'}:1433`;
  return [
    '# The exports say what the network is, not what it is for: add the flows you expect',
    '# (or import again with --probes FILE).',
    '# probes:',
    `#   - name: ${client} reaches ${server?.value.name ?? 'the database'} over its private address`,
    `#     from: ${client}`,
    `#     to: ${to}`,
    '#     expect: allowed',
    `#   - name: an Internet host does not reach ${server?.value.name ?? 'the database'}`,
    '#     from: 198.51.100.7',
    `#     to: ${to}`,
    '#     expect: unreachable',
    '',
  ].join('\n');
}
