/**
 * The koffi-mapi command line (bin/koffi-mapi.js runs it):
 *
 *   koffi-mapi doctor | profiles | profile create|copy|rename|delete|services|default NAME | stores | tree [store] | ls <folder> | props <entry id | folder | message>
 *              | cat <message> | attachments <message> | save-attachments <message> --out DIR | send ...
 *              | mv <message...> <folder> | cp <message...> <folder> | rm <message...>
 *              | sync [store] | check | watch [folder] | error <hresult> | tag <name | number> | repl | build-sample
 *
 * Every command takes --dll, --profile, --json, --verbose, --trace, --trace-file FILE and --trace-json. Failures
 * print `koffi-mapi: <message>` on stderr and exit 1 (2 for usage errors); --verbose adds the stack.
 * See docs/cli.md.
 */
import { Command, CommanderError } from 'commander';
import { KoffiMapiError, MapiArgumentError, MapiError, MapiLoadError, hex32 } from '../errors';
import { packageVersion } from '../paths';
import { CliError, JsonReported, UsageError, applyTrace, processIo, watchStdout, type GlobalOptions, type Io } from './io';

const EXAMPLES = `
Examples:
  koffi-mapi doctor                         which MAPI loads, and whether a logon works
  koffi-mapi profiles                       the MAPI profiles (profile create NAME --service S makes one)
  koffi-mapi tree                           folders of the default store, with counts
  koffi-mapi ls Inbox --limit 10            messages of a folder
  koffi-mapi props Inbox                    every property of a folder (or of an entry id)
  koffi-mapi cat Inbox:1                    message 1 of the Inbox, as ls numbers it
  koffi-mapi save-attachments Inbox:1 --out att   its attachments as files
  koffi-mapi send --to a@example.com --subject Hi --body 'Hello' --attach report.pdf
  koffi-mapi mv Inbox:1 Inbox:2 'Deleted Items'   move messages (cp copies, rm --yes deletes)
  koffi-mapi sync --flags download          IMAPISync::SynchronizeInBackground with progress
  koffi-mapi check --report check.html      conformance run for a store provider, with a sync timeline
  koffi-mapi error 0x8004010F               what an HRESULT means
  koffi-mapi tag PR_SUBJECT_W               a property tag by name or number
  koffi-mapi --trace stores                 every call crossing the bridge, on stderr
  koffi-mapi repl                           Node's REPL with a logged-on session
  koffi-mapi build-sample                   build the sample provider (Linux, macOS: needs cc)

The sample provider takes knobs in the profile name: --profile 'Sample;messages=1000'.
Docs: docs/cli.md`;

/**
 * `--trace` is a flag (stderr) and `--trace-file FILE` names a file, so `--trace` never takes the next
 * word (`koffi-mapi --trace stores` traces `stores`). `--trace=FILE` is accepted as the short form of
 * `--trace-file FILE`. Negative numbers given to `error` are turned into hex so they are not read as
 * options.
 */
export function preprocess(argv: readonly string[]): string[] {
  const out: string[] = [];
  let rest = false;
  let command: string | undefined;
  for (const a of argv) {
    if (rest) out.push(a);
    else if (a === '--') {
      rest = true;
      out.push(a);
    } else if (a.startsWith('--trace=')) {
      out.push('--trace-file', a.slice('--trace='.length));
    }
    else if (command === 'error' && /^-\d+$/.test(a)) out.push('0x' + (Number(a) >>> 0).toString(16).toUpperCase());
    else {
      if (command === undefined && !a.startsWith('-') && !out[out.length - 1]?.match(/^--(dll|profile)$/)) command = a;
      out.push(a);
    }
  }
  return out;
}

/** One line for an error; the stack (and causes) with --verbose. */
export function describeError(e: unknown, verbose: boolean): string {
  if (verbose && e instanceof Error) {
    let s = e.stack ?? `${e.name}: ${e.message}`;
    for (let c = e.cause; c instanceof Error; c = c.cause) s += `\nCaused by: ${c.stack ?? c.message}`;
    return s;
  }
  if (e instanceof MapiLoadError && e.message.includes('\n')) {
    const tried = e.tried.map((t) => `${t.path}: ${t.problem}`).join('; ');
    return `${e.message.split('\n')[0].replace(/\.? Looked at:$/, '')} (${tried}); \`koffi-mapi doctor\` explains`;
  }
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0];
}

/** Commander's collector for repeatable options (--to a --to b). */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The commands that list rows and so can print them as JSON lines. */
const JSONL_COMMANDS = ['ls', 'stores', 'tree'];

/** A command's action: runs it with the global options and reports its exit code. */
type Runner = (fn: (o: GlobalOptions, ...rest: never[]) => number | Promise<number>) => (...a: unknown[]) => Promise<void>;

// long: the command table, one declaration per command, read top to bottom like the help it prints.
function buildProgram(io: Io, setCode: (code: number) => void): Command {
  const program = new Command('koffi-mapi');
  const globals = (cmd: Command) => cmd.optsWithGlobals<GlobalOptions>();
  const run: Runner = (fn) =>
    async (...a: unknown[]) => {
      const cmd = a[a.length - 1] as Command;
      const o = globals(cmd);
      if (o.jsonl && !JSONL_COMMANDS.includes(cmd.name())) throw new UsageError(`--jsonl is for ${JSONL_COMMANDS.join(', ')}; ${cmd.name()} takes --json`);
      if (o.jsonl && o.json) throw new UsageError('--json and --jsonl: one or the other');
      applyTrace(o);
      setCode(await fn(o, ...(a.slice(0, -1) as never[])));
    };

  program
    .description('Extended MAPI from the command line: diagnose, browse, read, send and move messages, synchronize, look up codes.')
    .version(packageVersion(), '-V, --version')
    .option('--dll <path>', 'MAPI DLL to load (default: MAPI_DLL, else the registry on Windows, else the sample provider)')
    .option('--profile <name>', 'profile to log on to (default: KOFFI_MAPI_PROFILE, else the default profile)')
    .option('--json', 'print JSON for scripts instead of tables')
    .option('--jsonl', 'print one JSON object per line (ls, stores, tree: one per message, store, folder)')
    .option('--verbose', 'print stack traces on failure')
    .option('--trace', 'log every call crossing the bridge, one line each, on stderr')
    .option('--trace-file <file>', 'log every call crossing the bridge to this file (appended); --trace=FILE is the same')
    .option('--trace-json', 'trace as JSON lines (on stderr, or in the --trace-file file)')
    .configureHelp({ showGlobalOptions: true })
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, '')),
      writeErr: (s) => io.err(s.replace(/\n$/, '')),
      outputError: () => undefined, // reported below, as one line
    });

  program
    .command('doctor')
    .description('which MAPI DLL would load and why, what it is, and whether MAPIInitialize and a logon work')
    .action(run(async (o) => (await import('./doctor')).doctorCommand(io, o)));

  program
    .command('profiles')
    .description('the MAPI profiles, the default one marked (IProfAdmin::GetProfileTable; no logon)')
    .action(run(async (o) => (await import('./profiles')).profilesCommand(io, o)));

  const profile = program.command('profile').description('create, copy, rename, delete, inspect profiles: profile create|copy|rename|delete|services|default NAME');
  profile
    .command('create')
    .description('create a profile with message services (CreateProfile, CreateMsgServiceEx, ConfigureMsgService)')
    .argument('<name>', 'profile name')
    .option('--service <service>', "a message service to add (repeat for more): 'MSUPST MS' (Outlook's PST), KMAPI_SAMPLE...", collect)
    .option('--pst <path>', 'PR_PST_PATH_W of the first --service')
    .option('--default', 'make it the default profile')
    .action(run(async (o, name: string, c: object) => (await import('./profiles')).profileCreateCommand(io, o, name, c)));
  profile
    .command('delete')
    .description('delete a profile and its services; asks on a terminal, else needs --yes')
    .argument('<name>', 'profile name')
    .option('--yes', 'delete without asking')
    .action(run(async (o, name: string, d: object) => (await import('./profiles')).profileDeleteCommand(io, o, name, d)));
  profile
    .command('services')
    .description("a profile's message services (IMsgServiceAdmin::GetMsgServiceTable)")
    .argument('<name>', 'profile name')
    .action(run(async (o, name: string) => (await import('./profiles')).profileServicesCommand(io, o, name)));
  profile
    .command('copy')
    .description("copy a profile and its services under a new name (IProfAdmin::CopyProfile)")
    .argument('<name>', 'profile to copy')
    .argument('<new-name>', 'name of the copy')
    .action(run(async (o, name: string, newName: string) => (await import('./profiles')).profileCopyCommand(io, o, name, newName)));
  profile
    .command('rename')
    .description('rename a profile (IProfAdmin::RenameProfile; one in use is renamed when its last session ends)')
    .argument('<name>', 'profile to rename')
    .argument('<new-name>', 'its new name')
    .action(run(async (o, name: string, newName: string) => (await import('./profiles')).profileRenameCommand(io, o, name, newName)));
  profile
    .command('default')
    .description('make a profile the default one (IProfAdmin::SetDefaultProfile)')
    .argument('<name>', 'profile name')
    .action(run(async (o, name: string) => (await import('./profiles')).profileDefaultCommand(io, o, name)));

  program
    .command('stores')
    .description('the message stores of the profile')
    .action(run(async (o) => (await import('./browse')).storesCommand(io, o)));

  program
    .command('tree')
    .description('folders of a store (default: the default store) with message and unread counts')
    .argument('[store]', 'store display name or entry id')
    .option('--root', 'start at the root folder instead of the IPM subtree')
    .action(run(async (o, store: string | undefined, t: { root?: boolean }) => (await import('./browse')).treeCommand(io, o, store, t)));

  program
    .command('ls')
    .description('messages of a folder: subject, received, size, entry id')
    .argument('<folder>', "folder path under the IPM subtree ('Inbox/Projects'; '/' for the root) or a folder entry id")
    .option('--store <store>', 'store display name or entry id (default: the default store)')
    .option('--limit <n>', 'at most n messages')
    .option('--sort <column>', "received, subject or size; '-received' for descending")
    .action(run(async (o, folder: string, l: object) => (await import('./browse')).lsCommand(io, o, folder, l)));

  program
    .command('props')
    .description('every property of a store, folder or message: tag, name, type, value')
    .argument('<target>', 'an entry id (store, folder or message), a folder path, or <folder>:<n> for a message')
    .option('--store <store>', 'store for a folder path (default: the default store)')
    .option('--full', 'show long strings and binaries in full')
    .action(run(async (o, target: string, p: object) => (await import('./browse')).propsCommand(io, o, target, p)));

  const MESSAGE = "an entry id, or <folder>:<n> with n as `ls <folder>` numbers it (Inbox:3)";
  program
    .command('cat')
    .description('a message: headers, recipients, attachments and the text body (--html, --rtf: those bodies; --json: everything)')
    .argument('<message>', MESSAGE)
    .option('--html', 'the HTML body instead of the text body')
    .option('--rtf', 'the RTF body (PR_RTF_COMPRESSED through WrapCompressedRTFStream)')
    .option('--body-only', 'only the body, no headers')
    .option('--store <store>', 'store for a folder path (default: the default store)')
    .action(run(async (o, ref: string, c: object) => (await import('./messages')).catCommand(io, o, ref, c)));

  program
    .command('attachments')
    .description("a message's attachments: number, name, method, MIME type, size")
    .argument('<message>', MESSAGE)
    .option('--store <store>', 'store for a folder path (default: the default store)')
    .action(run(async (o, ref: string, a: object) => (await import('./messages')).attachmentsCommand(io, o, ref, a)));

  program
    .command('save-attachments')
    .description("a message's by-value attachments as files in DIR, byte for byte, under safe unique names")
    .argument('<message>', MESSAGE)
    .requiredOption('--out <dir>', 'the folder to write to (created if missing); nothing is written outside it')
    .option('--force', 'replace files that already exist')
    .option('--store <store>', 'store for a folder path (default: the default store)')
    .action(run(async (o, ref: string, so: { out: string }) => (await import('./messages')).saveAttachmentsCommand(io, o, ref, so)));

  program
    .command('send')
    .description('compose a message in the Outbox and submit it (--draft: save it in Drafts)')
    .option('--to <address>', 'a recipient (repeat for more)', collect)
    .option('--cc <address>', 'a Cc recipient (repeat for more)', collect)
    .option('--bcc <address>', 'a Bcc recipient (repeat for more)', collect)
    .option('--subject <text>', 'the subject')
    .option('--body <text>', 'the text body')
    .option('--body-file <file>', 'the text body from a UTF-8 file')
    .option('--attach <file>', 'a file to attach (repeat for more)', collect)
    .option('--store <store>', 'the store to send from (default: the default store)')
    .option('--draft', 'save in Drafts, do not submit')
    .action(run(async (o, so: object) => (await import('./send')).sendCommand(io, o, so)));

  for (const [name, move] of [['mv', true], ['cp', false]] as const) {
    program
      .command(name)
      .usage('[options] <message...> <folder>')
      .description(`${move ? 'move' : 'copy'} messages into a folder (one CopyMessages per source folder)`)
      .argument('<args...>', `messages (${MESSAGE}), then the destination folder (path or entry id)`)
      .option('--store <store>', 'store for folder paths (default: the default store)')
      .action(run(async (o, args: string[], t: object) => (await import('./move')).transferCommand(io, o, args, t, move)));
  }

  program
    .command('rm')
    .description('delete messages for good (IMAPIFolder::DeleteMessages); asks on a terminal, else needs --yes')
    .argument('<message...>', MESSAGE)
    .option('--yes', 'delete without asking')
    .option('--store <store>', 'store for folder paths (default: the default store)')
    .action(run(async (o, refs: string[], r: object) => (await import('./move')).rmCommand(io, o, refs, r)));

  program
    .command('sync')
    .description('IMAPISync::SynchronizeInBackground on a store, with live progress, errors as they come and a summary')
    .argument('[store]', 'store display name or entry id (default: the default store)')
    .option('--flags <flags>', 'SYNC_* names, short forms (download-contents, download, upload) or numbers, comma-separated', 'download')
    .option('--cancel-after <n>', 'cancel after n progress calls (the next Progress returns MAPI_E_USER_CANCEL)')
    .option('--timeout <ms>', 'give up when the provider has not finished after this long (default 300000)')
    .option('--no-progress', 'no progress bar or progress lines: errors and the summary only')
    .option('--report <file.html>', 'write the sync\'s timeline (threads, every callback call) as a self-contained HTML page')
    .action(run(async (o, store: string | undefined, so: object) => (await import('./sync')).syncCommand(io, o, store, so)));

  program
    .command('check')
    .description('conformance run for a store provider: COM rules, IMAPISync, stores and tables, clean-up; a verdict per check')
    .option('--store <store>', 'the store to check (default: the default store)')
    .option('--only <groups|ids>', 'comma-separated groups (com, sync, store, cleanup) or check ids')
    .option('--skip <groups|ids>', 'comma-separated groups or check ids to leave out')
    .option('--report <file.html>', 'write a self-contained HTML report with the sync timelines')
    .option('--junit <file.xml>', 'write the results as JUnit XML for CI')
    .option('--timeout <ms>', 'how long a sync may take before it counts as never ending (default 10000)')
    .option('--prompt-ms <ms>', 'the most SynchronizeInBackground may take to return (default 250)')
    .option('--cancel-within <n>', 'Progress calls allowed after a cancel (default 3)')
    .option('--grace-ms <ms>', 'how long to watch after MAPIUninitialize (default 1000)')
    .option('--flags <flags>', 'a SYNC_* combination for sync.flags (repeat for more; default: six combinations)', collect)
    .option('--list', 'list the checks and exit')
    .action(run(async (o, c: object) => (await import('./check')).checkCommand(io, o, c)));

  program
    .command('watch')
    .description('notifications (IMsgStore::Advise) from a store or a folder, one line or JSON object each, until Ctrl+C')
    .argument('[folder]', 'folder path or entry id (default: the whole store)')
    .option('--events <events>', 'comma-separated: new-mail, created, modified, deleted, moved, copied, search-complete, table (the folder\'s contents table), critical-error... (default: all of a store\'s)')
    .option('--store <store>', 'store for folder paths, or to watch (default: the default store)')
    .option('--count <n>', 'stop after n notifications')
    .option('--for <ms>', 'stop after ms milliseconds')
    .action(run(async (o, folder: string | undefined, w: object) => (await import('./watch')).watchCommand(io, o, folder, w)));

  program
    .command('resolve')
    .description('resolve names against the address book (IAddrBook::ResolveName): resolved, ambiguous with its candidates, or unresolved; exit 1 unless all resolved')
    .argument('<name...>', "display names, parts of names or addresses ('Alice Martin', 'chen', bob@example.com)")
    .action(run(async (o, names: string[]) => (await import('./addrbook')).resolveCommand(io, o, names)));

  program
    .command('ab')
    .description('the address book: its containers, a container\'s entries, or the entries --search finds (PR_ANR prefix)')
    .argument('[container]', 'container display name or entry id (default: the containers; with --search: the search path)')
    .option('--search <text>', 'entries whose names or addresses start with text')
    .action(run(async (o, which: string | undefined, a: object) => (await import('./addrbook')).abCommand(io, o, which, a)));

  program
    .command('error')
    .description('name and meaning of an HRESULT')
    .argument('<hresult>', 'a value (0x8004010F, -2147221233) or a name (MAPI_E_NOT_FOUND)')
    .action(run(async (o, hr: string) => (await import('./lookup')).errorCommand(io, o, hr)));

  program
    .command('tag')
    .description('property tag lookup: by name (exact, or every name containing it) or number (tag or property id)')
    .argument('<query>', 'PR_SUBJECT_W, subject, 0x0037001F or 0x0037')
    .action(run(async (o, q: string) => (await import('./lookup')).tagCommand(io, o, q)));

  program
    .command('build-sample')
    .description("build the C sample provider for this platform with the system C compiler (its sources ship with the package)")
    .option('--out <dir>', 'put the library here instead of the package (then point --dll or MAPI_DLL at it)')
    .option('--force', 'rebuild even if the library is newer than its sources')
    .action(run(async (o, b: object) => (await import('./build-sample')).buildSampleCommand(io, o, b)));

  program
    .command('repl')
    .description("Node's REPL with the library, constants, a logged-on session and the default store")
    .action(run(async (o) => (await import('./repl')).replCommand(o)));
  return program;
}

/** Runs the CLI with these arguments (without node and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  if (io === processIo) watchStdout();
  const args = preprocess(argv);
  let code = 0;
  const program = buildProgram(io, (c) => void (code = c));
  try {
    if (args.length === 0) {
      program.outputHelp({ error: true });
      return 2;
    }
    await program.parseAsync(args, { from: 'user' });
    return code;
  } catch (e) {
    return e instanceof CommanderError ? usageFailure(e, program, args, io) : failure(e, args, io);
  }
}

/** A parse error from commander: one line, exit 2 (0 for --help and --version). */
function usageFailure(e: CommanderError, program: Command, args: readonly string[], io: Io): number {
  if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0) return 0;
  if (e.code === 'commander.help') return 2;
  const sub = program.commands.find((c) => args.includes(c.name()));
  // `--trace FILE`: the file was read as an argument of the command.
  const t = args.indexOf('--trace');
  const traceHint =
    e.code === 'commander.excessArguments' && t >= 0 && args[t + 1] !== undefined && !args[t + 1].startsWith('-')
      ? '; --trace takes no value: to trace into a file use --trace-file FILE (or --trace=FILE)'
      : '';
  io.err(`koffi-mapi: ${e.message.replace(/^error: /, '').replace(/\.$/, traceHint ? '' : '.')}${traceHint} (see koffi-mapi ${sub ? `${sub.name()} ` : ''}--help)`);
  return 2;
}

/** A command that failed: one line on stderr (the stack with --verbose), JSON on stdout with --json. */
async function failure(e: unknown, args: readonly string[], io: Io): Promise<number> {
  const context = e instanceof JsonReported ? e.context : {};
  const err = e instanceof JsonReported ? e.cause : e;
  // With --json, a failure is JSON on stdout too (scripts parse stdout); the line on stderr stays.
  if (e instanceof JsonReported && e.close) io.out(e.close(errorJson(err)));
  else if (args.includes('--jsonl')) io.out(JSON.stringify((await import('./format')).jsonValue({ ...context, error: errorJson(err) })));
  else if (args.includes('--json')) io.out((await import('./format')).toJson({ ...context, error: errorJson(err) }));
  io.err(`koffi-mapi: ${describeError(err, args.includes('--verbose'))}`);
  return exitCode(err);
}

/** The exit code of a failure: 2 for usage errors, a CliError's own, else 1. */
function exitCode(e: unknown): number {
  if (e instanceof CliError) return e.exitCode;
  if (e instanceof MapiArgumentError) return 2;
  return 1;
}

/** A failure as --json prints it: `{ code, name, hr, call, message }` (hr and call for MAPI failures). */
export function errorJson(e: unknown): Record<string, unknown> {
  if (e instanceof MapiError) return { code: e.code, name: e.name, hr: hex32(e.hr), call: e.call, message: e.message, ...(e.detail ? { detail: e.detail } : {}) };
  if (e instanceof KoffiMapiError) return { code: e.code, name: e.name, message: e.message };
  if (e instanceof CliError) return { code: e.exitCode === 2 ? 'ERR_USAGE' : 'ERR_CLI', name: e.name, message: e.message };
  if (e instanceof Error) return { code: (e as { code?: unknown }).code ?? 'ERR_INTERNAL', name: e.name, message: e.message };
  return { code: 'ERR_INTERNAL', name: 'Error', message: String(e) };
}
