/**
 * The CLI's options, output and failures: what every command needs before (or without) MAPI. No Koffi
 * here, so `koffi-mapi error` and `tag` start without loading the FFI (context.ts opens MAPI).
 */
import { setTrace } from '../trace';

/** Options every command accepts (see main.ts). */
export interface GlobalOptions {
  /** MAPI DLL to load (else MAPI_DLL, else the registry on Windows, else the sample provider). */
  dll?: string;
  /** Profile to log on to (else KOFFI_MAPI_PROFILE, else the default profile). */
  profile?: string;
  json?: boolean;
  /** --jsonl: one JSON object per line (commands that list rows: ls, stores, tree). */
  jsonl?: boolean;
  verbose?: boolean;
  /** --trace: every call on stderr. */
  trace?: boolean;
  /** --trace-file FILE (or --trace=FILE): every call appended to FILE. */
  traceFile?: string;
  traceJson?: boolean;
}

/** A failure the CLI reports as one line and an exit code (1; 2 for usage errors). */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}
Object.defineProperty(CliError.prototype, 'name', { value: 'CliError', writable: true });

/** Bad arguments: exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
  }
}
Object.defineProperty(UsageError.prototype, 'name', { value: 'UsageError', writable: true });

/**
 * A failure of a --json command that carries what the command had gathered (the sync's events): main
 * prints `{ ...context, error }` on stdout, and the exit code of the failure itself. A command that had
 * started streaming its document gives `close` instead: main prints what it returns for the error (the
 * end of the open document, see JsonStream.fail).
 */
export class JsonReported extends Error {
  readonly context: Readonly<Record<string, unknown>>;
  readonly close?: (error: Readonly<Record<string, unknown>>) => string;
  constructor(cause: unknown, context: Readonly<Record<string, unknown>>, close?: (error: Readonly<Record<string, unknown>>) => string) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.context = context;
    this.close = close;
  }
}
Object.defineProperty(JsonReported.prototype, 'name', { value: 'JsonReported', writable: true });

/** Where a command writes. Tests and the REPL can swap it; the CLI uses the process streams. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal (progress bars, colours). */
  readonly tty: boolean;
  /**
   * Asks a yes/no question (`rm`); true for y or yes. Absent when stdin is not a terminal: there is
   * nobody to ask, and a command that needs an answer wants its --yes instead.
   */
  readonly confirm?: (question: string) => Promise<boolean>;
  /**
   * True once the reader of stdout has gone (`koffi-mapi ls Inbox | head -1`: EPIPE). Later output is
   * dropped; a command that streams stops reading at its next page.
   */
  readonly closed?: boolean;
  /** Resolves when stdout has taken what was written (a slow reader), so a stream holds one page, not all. */
  readonly drain?: () => Promise<void>;
}

/** The question on stderr (stdout stays the command's output), the answer from the terminal. */
async function askTerminal(question: string): Promise<boolean> {
  const readline = await import('node:readline/promises');
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^\s*y(es)?\s*$/i.test(await rl.question(question));
  } finally {
    rl.close();
  }
}

/**
 * Set by the stdout 'error' listener when the reader has gone. Node reports a write to a closed pipe
 * as EPIPE (Windows sometimes as EOF) on the stream's 'error' event, and leaves the stream open, so
 * the state is kept here. Any other error on stdout is a real failure and is thrown.
 */
let stdoutClosed = false;
let listening = false;

/** Starts watching stdout for a reader that goes away (main() does, before any command writes). */
export function watchStdout(): void {
  if (listening) return;
  listening = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'EOF') throw e;
    stdoutClosed = true;
  });
}

function writeOut(t: string): void {
  watchStdout();
  if (!stdoutClosed) process.stdout.write(t.endsWith('\n') ? t : t + '\n');
}

function drainOut(): Promise<void> {
  if (stdoutClosed || !process.stdout.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      process.stdout.off('drain', done).off('error', done);
      resolve();
    };
    process.stdout.on('drain', done).on('error', done);
  });
}

export const processIo: Io = {
  out: writeOut,
  err: (t) => void process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
  get tty() {
    return process.stdout.isTTY === true;
  },
  get confirm() {
    return process.stdin.isTTY === true ? askTerminal : undefined;
  },
  get closed() {
    return stdoutClosed;
  },
  drain: drainOut,
};

/** Applies --trace / --trace-file / --trace-json (KOFFI_MAPI_TRACE from the environment is applied by the library). */
export function applyTrace(o: GlobalOptions): void {
  if (!o.trace && !o.traceFile && !o.traceJson) return;
  const file = o.traceFile && o.traceFile !== '-' ? o.traceFile : undefined;
  if (!file && !o.traceJson) setTrace('stderr');
  else setTrace({ file, json: o.traceJson === true });
}

