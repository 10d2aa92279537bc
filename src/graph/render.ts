/**
 * Draws an `AccessGraph` as Mermaid (`flowchart LR`) or Graphviz dot. Families are subgraphs
 * holding their services; node shapes tell kinds apart (databases are cylinders, topics hexagons,
 * queues parallelograms: a resource kind's shape is in its registry spec). Identifiers are
 * generated (`n1`, `n2`, … in key order), so any Compose name is safe; labels are quoted and
 * escaped.
 */
import { RESOURCE_KINDS, RESOURCE_SPECS, type NodeShape } from '../resolve/resources/registry';
import type { AccessGraph, GraphNode } from './graph';

export type GraphFormat = 'mermaid' | 'dot';

export function formatGraph(graph: AccessGraph, format: GraphFormat): string {
  return format === 'dot' ? toDot(graph) : toMermaid(graph);
}

function identifiers(graph: AccessGraph): Map<string, string> {
  const ids = new Map<string, string>();
  graph.nodes.forEach((n, i) => ids.set(n.key, `n${i + 1}`));
  [...graph.families.keys()].sort().forEach((f, i) => ids.set(`family:${f}`, `f${i + 1}`));
  return ids;
}

/** Mermaid labels are double-quoted; a quote is written as its entity. */
function mermaidText(text: string): string {
  return `"${text.replace(/"/g, '#quot;')}"`;
}

/** Each shape in Mermaid (opening and closing brackets) and in dot. */
const SHAPES: Readonly<Record<NodeShape, { readonly mermaid: readonly [string, string]; readonly dot: string }>> = {
  circle: { mermaid: ['((', '))'], dot: 'circle' },
  box: { mermaid: ['[', ']'], dot: 'box' },
  roundedBox: { mermaid: ['(', ')'], dot: 'box, style=rounded' },
  parallelogram: { mermaid: ['[/', '/]'], dot: 'parallelogram' },
  trapezoid: { mermaid: ['[/', '\\]'], dot: 'trapezium' },
  hexagon: { mermaid: ['{{', '}}'], dot: 'hexagon' },
  cylinder: { mermaid: ['[(', ')]'], dot: 'cylinder' },
  flag: { mermaid: ['>', ']'], dot: 'cds' },
  stadium: { mermaid: ['([', '])'], dot: 'ellipse' },
};

/** The shape of each node kind; a resource kind's comes from its spec. */
const SHAPE_OF: Readonly<Record<GraphNode['kind'], NodeShape>> = {
  internet: 'circle',
  loadBalancer: 'box',
  service: 'roundedBox',
  volume: 'cylinder',
  external: 'flag',
  ...(Object.fromEntries(RESOURCE_KINDS.map((kind) => [kind, RESOURCE_SPECS[kind].graph.shape])) as Record<(typeof RESOURCE_KINDS)[number], NodeShape>),
};

const shape = (n: GraphNode) => SHAPES[SHAPE_OF[n.kind]];

export function toMermaid(graph: AccessGraph): string {
  const ids = identifiers(graph);
  const node = (n: GraphNode) => `${ids.get(n.key)}${shape(n).mermaid[0]}${mermaidText(n.label)}${shape(n).mermaid[1]}`;
  const lines = ['flowchart LR'];
  for (const family of [...graph.families.keys()].sort()) {
    lines.push(`  subgraph ${ids.get(`family:${family}`)}[${mermaidText(`family ${family}`)}]`);
    for (const n of graph.nodes.filter((x) => x.family === family)) lines.push(`    ${node(n)}`);
    lines.push('  end');
  }
  for (const n of graph.nodes.filter((x) => x.family === undefined)) lines.push(`  ${node(n)}`);
  for (const e of graph.edges) {
    const arrow = e.kind === 'network' ? '-->' : e.kind === 'access' ? '==>' : '-.->';
    lines.push(`  ${ids.get(e.from)} ${arrow}|${mermaidText(e.label)}| ${ids.get(e.to)}`);
  }
  return lines.join('\n') + '\n';
}

function dotText(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function toDot(graph: AccessGraph): string {
  const ids = identifiers(graph);
  const node = (n: GraphNode) => `${ids.get(n.key)} [label=${dotText(n.label)}, shape=${shape(n).dot}];`;
  const lines = ['digraph composex {', '  rankdir=LR;'];
  for (const family of [...graph.families.keys()].sort()) {
    const id = ids.get(`family:${family}`)!;
    lines.push(`  subgraph cluster_${id} {`, `    label=${dotText(`family ${family}`)};`);
    // An invisible anchor: edges to and from the family attach to its cluster (compound=true).
    lines.push(`    ${id} [label="", shape=point, style=invis];`);
    for (const n of graph.nodes.filter((x) => x.family === family)) lines.push(`    ${node(n)}`);
    lines.push('  }');
  }
  for (const n of graph.nodes.filter((x) => x.family === undefined)) lines.push(`  ${node(n)}`);
  for (const e of graph.edges) {
    const style = e.kind === 'network' ? '' : e.kind === 'access' ? ', style=bold' : ', style=dashed';
    const from = ids.get(e.from)!;
    const to = ids.get(e.to)!;
    const clusters = [from.startsWith('f') ? `ltail=cluster_${from}` : '', to.startsWith('f') ? `lhead=cluster_${to}` : ''].filter(Boolean);
    lines.push(`  ${from} -> ${to} [label=${dotText(e.label)}${style}${clusters.length ? ', ' + clusters.join(', ') : ''}];`);
  }
  lines.splice(2, 0, '  compound=true;');
  lines.push('}');
  return lines.join('\n') + '\n';
}
