import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createInterface } from 'node:readline';

export type StartOptions = SpawnOptions & {
  /** Append the child's stdout and stderr to this file instead of echoing them (no cost to this process). */
  logFile?: string;
};

const STOP_GRACE_MS = 10_000;

/** Children the dev runner owns: every one is stopped when the runner stops, whatever the reason. */
export class ProcessGroup {
  private readonly children = new Map<string, ChildProcess>();
  private stopping = false;

  /** Starts a child whose output lines are prefixed with its name (or written to `logFile`). */
  /** The process id of a running child, by name. */
  pid(name: string): number | undefined {
    return this.children.get(name)?.pid;
  }

  start(name: string, command: string, args: string[], options: StartOptions = {}): ChildProcess {
    const { logFile, ...spawnOptions } = options;
    const child = logFile
      ? spawnLogged(command, args, spawnOptions, logFile)
      : spawnEchoed(name, command, args, spawnOptions);
    child.once('exit', (code, signal) => {
      this.children.delete(name);
      if (!this.stopping) this.onUnexpectedExit(name, code, signal);
    });
    this.children.set(name, child);
    return child;
  }

  /** Called when a child exits while the group is not stopping. */
  onUnexpectedExit: (name: string, code: number | null, signal: NodeJS.Signals | null) => void = () => undefined;

  /** Stops the named children first (SIGTERM, SIGKILL after the grace period), e.g. apps before their broker. */
  async stopFirst(names: readonly string[]): Promise<void> {
    this.stopping = true;
    const running = names.map((name) => this.children.get(name)).filter((child) => child !== undefined);
    await Promise.all(running.filter((child) => child.exitCode === null && child.signalCode === null).map(stop));
  }

  /** SIGTERM to every child, SIGKILL to any still running after the grace period. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    const running = [...this.children.values()].filter((child) => child.exitCode === null && child.signalCode === null);
    await Promise.all(running.map((child) => stop(child)));
  }
}

function spawnEchoed(name: string, command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => console.log(`[${name}] ${line}`));
  }
  return child;
}

function spawnLogged(command: string, args: string[], options: SpawnOptions, logFile: string): ChildProcess {
  const fd = openSync(logFile, 'a');
  try {
    return spawn(command, args, { ...options, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Resolves with the first stdout line that matches, or rejects if the child exits first. */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${pattern.source}" within ${timeoutMs} ms`)), timeoutMs);
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const match = pattern.exec(line);
      if (!match) return;
      clearTimeout(timer);
      lines.close();
      resolve(match);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with code ${code} before it was ready`));
    });
  });
}
