import type { AnyStateMachine } from 'xstate';
import { escapeHtml } from '../core/index.js';
import type { FlowDefinition } from '../flows/index.js';

export interface DiagramNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  description?: string;
}

export interface DiagramEdge {
  from: string;
  to: string;
  /** The event that takes it: an intent, `next`, `error`, `paid`… or a button's label. */
  label: string;
  /** `transition`: in the machine; `choice`: a button the state offers (`goto`). */
  kind: 'transition' | 'choice';
}

export interface FlowDiagram {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  /** Transitions taken from any state (the flow's top-level `on:`). */
  global: { event: string; to: string }[];
  width: number;
  height: number;
}

interface NodeLike {
  key: string;
  path: string[];
  states: Record<string, NodeLike>;
  transitions: Map<string, { target?: readonly NodeLike[] }[]>;
  always?: readonly { target?: readonly NodeLike[] }[];
}

const boxWidth = 150;
const boxHeight = 34;
const columnGap = 70;
const rowGap = 22;
const margin = 20;
const maxRows = 5;

/** `xstate.done.actor.0.flow.cart.run` → `next`; `go.cart` → `cart`; intents as they are. */
function eventLabel(event: string): string {
  if (event.startsWith('xstate.done.')) return 'next';
  if (event.startsWith('xstate.error.')) return 'error';
  if (event.startsWith('go.')) return event.slice(3);
  return event;
}

/**
 * The flow as a state diagram, read from the compiled XState machine: one box per flow state
 * (the machine's top-level states; the runner's internal `__` states are left out), its own
 * transitions and the buttons it offers as edges, laid out in columns by distance from the
 * initial state.
 */
export function flowDiagram(machine: AnyStateMachine, definition: FlowDefinition): FlowDiagram {
  const root = machine.root as unknown as NodeLike;
  const states = Object.keys(root.states).filter((key) => !key.startsWith('__'));
  const edges: DiagramEdge[] = [];
  const seen = new Set<string>();
  const add = (edge: DiagramEdge) => {
    const key = `${edge.from}>${edge.to}>${edge.label}`;
    if (edge.from === edge.to || !states.includes(edge.to) || seen.has(key)) return;
    seen.add(key);
    edges.push(edge);
  };
  const walk = (top: string, node: NodeLike) => {
    for (const [event, transitions] of node.transitions)
      for (const transition of transitions)
        for (const target of transition.target ?? [])
          add({ from: top, to: target.path[0]!, label: eventLabel(event), kind: 'transition' });
    for (const transition of node.always ?? [])
      for (const target of transition.target ?? [])
        add({ from: top, to: target.path[0]!, label: 'next', kind: 'transition' });
    for (const child of Object.values(node.states ?? {})) walk(top, child);
  };
  for (const key of states) walk(key, root.states[key]!);
  for (const key of states) {
    for (const choice of definition.states[key]?.choices ?? []) {
      if (choice.kind === 'goto')
        add({ from: key, to: choice.value, label: Object.values(choice.label)[0] ?? choice.value, kind: 'choice' });
    }
  }
  const global: FlowDiagram['global'] = [];
  for (const [event, transitions] of root.transitions) {
    if (event.startsWith('go.')) continue;
    for (const transition of transitions)
      for (const target of transition.target ?? [])
        if (states.includes(target.path[0]!)) global.push({ event: eventLabel(event), to: target.path[0]! });
  }

  // Columns by breadth-first distance from the initial state; states nothing reaches go last.
  const depth = new Map<string, number>([[definition.initial, 0]]);
  const queue = [definition.initial];
  while (queue.length > 0) {
    const from = queue.shift()!;
    for (const edge of edges) {
      if (edge.from !== from || depth.has(edge.to)) continue;
      depth.set(edge.to, depth.get(from)! + 1);
      queue.push(edge.to);
    }
  }
  for (const { to } of global) if (!depth.has(to)) depth.set(to, 1);
  const last = Math.max(0, ...depth.values()) + 1;
  const columns: string[][] = [];
  for (const key of states) (columns[depth.get(key) ?? last] ??= []).push(key);
  // A tall column (a menu reaching ten states) is split so the diagram stays readable.
  const packed = columns
    .filter((column) => column && column.length > 0)
    .flatMap((column) =>
      Array.from({ length: Math.ceil(column.length / maxRows) }, (_, index) =>
        column.slice(index * maxRows, (index + 1) * maxRows),
      ),
    );
  const nodes: DiagramNode[] = packed.flatMap((column, x) =>
    column.map((id, y) => ({
      id,
      x: margin + x * (boxWidth + columnGap),
      y: margin + y * (boxHeight + rowGap),
      width: boxWidth,
      height: boxHeight,
      ...(definition.states[id]?.description ? { description: definition.states[id]!.description } : {}),
    })),
  );
  const rows = Math.max(1, ...packed.map((column) => column.length));
  return {
    nodes,
    edges,
    global,
    width: margin * 2 + packed.length * (boxWidth + columnGap) - columnGap,
    height: margin * 2 + rows * (boxHeight + rowGap) - rowGap,
  };
}

/** The diagram as SVG; each state is a `<g data-state="…">` the page highlights. */
export function diagramSvg(diagram: FlowDiagram): string {
  const byId = new Map(diagram.nodes.map((node) => [node.id, node]));
  const paths = diagram.edges.map((edge) => {
    const a = byId.get(edge.from)!;
    const b = byId.get(edge.to)!;
    const forward = b.x > a.x;
    const [x1, y1] = forward
      ? [a.x + a.width, a.y + a.height / 2]
      : [a.x + a.width / 2, a.y + (b.y >= a.y ? a.height : 0)];
    const [x2, y2] = forward ? [b.x, b.y + b.height / 2] : [b.x + b.width / 2, b.y + (b.y >= a.y ? 0 : b.height)];
    // Backward and same-column edges bow out sideways so they do not run through boxes.
    const bow = forward ? 0 : b.x === a.x ? 60 : -40;
    const cx = (x1 + x2) / 2 + bow;
    const cy = (y1 + y2) / 2 - (forward ? 0 : 20);
    return `<path class="edge ${edge.kind}" data-from="${escapeHtml(edge.from)}" data-to="${escapeHtml(edge.to)}" d="M${x1},${y1} Q${cx},${cy} ${x2},${y2}"><title>${escapeHtml(edge.from)} → ${escapeHtml(edge.to)}: ${escapeHtml(edge.label)}</title></path>`;
  });
  const boxes = diagram.nodes.map(
    (node) =>
      `<g class="state" data-state="${escapeHtml(node.id)}"><rect x="${node.x}" y="${node.y}" width="${node.width}" height="${node.height}" rx="8"/><text x="${node.x + node.width / 2}" y="${node.y + node.height / 2 + 4}" text-anchor="middle">${escapeHtml(node.id)}</text>${node.description ? `<title>${escapeHtml(node.description)}</title>` : ''}</g>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" class="flow-diagram" viewBox="0 0 ${diagram.width} ${diagram.height}" width="${diagram.width}" height="${diagram.height}" role="img" aria-label="flow state diagram"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>${paths.join('')}${boxes.join('')}</svg>`;
}
