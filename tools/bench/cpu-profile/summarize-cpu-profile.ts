/**
 * Summarises a V8 .cpuprofile (from `npm run bench -- --cpu-prof <dir>` or `node --cpu-prof`):
 * self time by function, by package or source file, and inclusive time of Herald's own functions.
 * Frames of the webpack bundle are mapped back to their TypeScript sources through main.js.map.
 *
 *   node --import tsx tools/bench/cpu-profile/summarize-cpu-profile.ts <file.cpuprofile> [--top 25]
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapping } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };
type Frame = { name: string; location: string; group: string };

const sourceMaps = new Map<string, SourceMap | undefined>();

function sourceMapOf(url: string): SourceMap | undefined {
  if (!sourceMaps.has(url)) {
    const mapFile = `${fileURLToPath(url)}.map`;
    sourceMaps.set(url, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : undefined);
  }
  return sourceMaps.get(url);
}

function describeFrame({ functionName, url, lineNumber, columnNumber }: CallFrame): Frame {
  const name = functionName || '(anonymous)';
  if (!url) return { name, location: '', group: name.startsWith('(') ? name : '(native)' };
  if (url.startsWith('node:')) return { name, location: url, group: 'node internals' };
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (packageMatch) return { name, location: `${packageMatch[1]}:${lineNumber + 1}`, group: packageMatch[1] };
  const entry = url.startsWith('file://') ? sourceMapOf(url)?.findEntry(lineNumber, columnNumber) : undefined;
  if (entry && isMapping(entry)) {
    const source = workspacePath(entry.originalSource, path);
    const packageInSource = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
    const group = packageInSource ? packageInSource[1] : source;
    return { name, location: `${source}:${entry.originalLine + 1}`, group };
  }
  return { name, location: `${path}:${lineNumber + 1}`, group: path };
}

/** `webpack://webhooks/./src/x.ts` → `apps/webhooks/src/x.ts`; `…/../../libs/y.ts` → `libs/y.ts`. */
function workspacePath(originalSource: string, bundlePath: string): string {
  const source = originalSource.replace(/^webpack:\/\/[^/]*\//, '').replace(/^(\.\.\/)+/, '');
  const app = /dist\/apps\/([^/]+)\//.exec(bundlePath)?.[1];
  return app && source.startsWith('./') ? `apps/${app}/${source.slice(2)}` : source;
}

function isMapping(entry: SourceMapping | object): entry is SourceMapping {
  return 'originalSource' in entry && typeof entry.originalSource === 'string';
}

function summarize(profile: CpuProfile, top: number): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const total = [...self.values()].reduce((sum, value) => sum + value, 0);
  const frames = new Map(profile.nodes.map((node) => [node.id, describeFrame(node.callFrame)]));

  const selfByFunction = new Map<string, number>();
  const selfByGroup = new Map<string, number>();
  for (const [id, micros] of self) {
    const frame = frames.get(id) as Frame;
    const key = `${frame.name}  ${frame.location}`;
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + micros);
    selfByGroup.set(frame.group, (selfByGroup.get(frame.group) ?? 0) + micros);
  }

  // Inclusive time of Herald's own functions (apps/, libs/): where the hot paths start.
  const inclusive = new Map<string, number>();
  const visit = (id: number, onStack: Set<string>): number => {
    const node = byId.get(id) as ProfileNode;
    const frame = frames.get(id) as Frame;
    let time = self.get(id) ?? 0;
    const key = `${frame.name}  ${frame.location}`;
    const ours = /^(apps|libs)\//.test(frame.location) && !onStack.has(key);
    if (ours) onStack.add(key);
    for (const child of node.children ?? []) time += visit(child, onStack);
    if (ours) {
      inclusive.set(key, (inclusive.get(key) ?? 0) + time);
      onStack.delete(key);
    }
    return time;
  };
  visit(profile.nodes[0].id, new Set());

  const percent = (micros: number) => `${((micros / total) * 100).toFixed(1).padStart(5)} %`;
  const rows = (map: Map<string, number>, count: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([key, micros]) => `${percent(micros)}  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${key}`);
  const seconds = (profile.endTime - profile.startTime) / 1e6;
  return [
    `profile: ${seconds.toFixed(1)} s wall, ${(total / 1e6).toFixed(1)} s sampled`,
    '',
    `self time by function (top ${top}):`,
    ...rows(selfByFunction, top),
    '',
    'self time by package / source file:',
    ...rows(selfByGroup, top),
    '',
    "inclusive time of Herald's functions (apps/, libs/):",
    ...rows(inclusive, top),
  ].join('\n');
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' } },
});
if (positionals.length !== 1) {
  console.error('usage: summarize-cpu-profile.ts <file.cpuprofile> [--top N]');
  process.exit(1);
}
console.log(summarize(JSON.parse(readFileSync(positionals[0], 'utf8')) as CpuProfile, Number(values.top)));
