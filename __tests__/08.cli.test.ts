/**
 * The koffi-mapi command line against the sample provider: every command run as a child process
 * (`node bin/koffi-mapi.js ...`), human and --json output, exit codes, one-line failures, and trace
 * output line by line. Extra branches run in-process through main() with a capturing Io.
 *
 * The child processes run the TypeScript sources (KOFFI_MAPI_CLI_SOURCE=1) with
 * KOFFI_MAPI_CHECK_LEAKS=1: a command that leaves a provider object or buffer alive fails with exit 3.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile, spawn } from 'node:child_process';
import { sampleProviderPath } from '../lib';
import { main, preprocess, describeError } from '../lib/cli/main';
import { formatValue, jsonValue, table, displayWidth, hexShort, toJson, TableStream, JsonStream } from '../lib/cli/format';
import { describeHresult, lookupTags } from '../lib/cli/lookup';
import { parseSyncFlags, syncFlagNames } from '../lib/cli/sync';
import type { Io } from '../lib/cli/context';
import { PropError, MapiLoadError, setTrace } from '../lib';
import { knobs, expectNoLeaks, stats } from './helpers/provider';

const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'bin', 'koffi-mapi.js');
/** The DLL the suite uses: KMAPI_TEST_DLL, else (Windows) the registry's, else the sample provider. */
const dll = process.env.KMAPI_TEST_DLL ?? (process.platform === 'win32' ? undefined : sampleProviderPath());
const dllArgs = dll ? ['--dll', dll] : [];
const isSample = process.platform !== 'win32' || process.env.KMAPI_TEST_DLL !== undefined;

// Inbox message 1 of "Sample Mailbox": entry ids are documented and the same in every session.
const MSG1 = '000000004B4D4150492D53414D504C452D454944' + '05000000' + '01000000' + '03000000' + '01000000';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

function spawnCli(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, KOFFI_MAPI_CLI_SOURCE: '1', KOFFI_MAPI_CHECK_LEAKS: '1', NO_COLOR: '1' };
  for (const k of ['KOFFI_MAPI_TRACE', 'KOFFI_MAPI_TRACE_FORMAT', 'KOFFI_MAPI_PROFILE', 'MAPI_DLL']) delete childEnv[k];
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete childEnv[k];
    else childEnv[k] = v;
  }
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: childEnv, timeout: 60000, maxBuffer: 16 << 20, cwd: root }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr), ms: Date.now() - t0 });
    });
  });
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kmapi-cli-'));
const traceFile = path.join(tmp, 'trace.jsonl');

/** Every child process of the suite, started together (three at a time) before the tests read them. */
const SPECS: Record<string, { args: string[]; env?: Record<string, string | undefined> }> = {
  doctor: { args: [...dllArgs, 'doctor'] },
  doctorBad: { args: ['doctor', '--json', '--dll', path.join(tmp, 'no-such-mapi.dll')] },
  stores: { args: [...dllArgs, 'stores'] },
  storesJson: { args: [...dllArgs, 'stores', '--json'] },
  tree: { args: [...dllArgs, 'tree'], env: { KOFFI_MAPI_TRACE: '1' } },
  treeJson: { args: [...dllArgs, '--json', 'tree', 'Sample Archive'] },
  ls: { args: [...dllArgs, 'ls', 'Inbox', '--limit', '5', '--sort', '-received'] },
  lsJson: { args: [...dllArgs, 'ls', '--json', '--store', 'sample archive', 'Archive 2025/Q4'] },
  props: { args: [...dllArgs, 'props', MSG1] },
  propsJson: { args: [...dllArgs, 'props', MSG1, '--json'] },
  error: { args: ['error', '-2147221233'] },
  errorJson: { args: ['error', '--json', 'logon_failed'] },
  tag: { args: ['tag', 'PR_SUBJECT_W'] },
  tagJson: { args: ['tag', '0x0037', '--json'] },
  sync: { args: [...dllArgs, '--profile', 'Sample;sync.items=5;sync.failItem=2:0x80040115', 'sync', '--flags', 'download-hierarchy,SYNC_DOWNLOAD_CONTENTS'] },
  syncJson: { args: [...dllArgs, '--profile', 'Sample;sync.items=3;sync.fail=0x80040115', 'sync', '--json', '--flags', '0x80'] },
  notFound: { args: [...dllArgs, '--verbose', 'ls', 'Inbox/Nope'] },
  notFoundJson: { args: [...dllArgs, 'ls', 'Inbox/Nope', '--json'] },
  syncStartFails: { args: [...dllArgs, '--profile', 'Sample;fail=IMAPISync::SynchronizeInBackground:0x80040115', 'sync', '--json'] },
  syncMisuse: { args: [...dllArgs, '--profile', 'Sample;sync.items=3;sync.doneTwice=1;sync.callAfterDone=1;sync.errorAfterDone=1', 'sync', '--no-progress'] },
  syncCancelIgnored: { args: [...dllArgs, '--profile', 'Sample;sync.items=30;sync.delay=2', 'sync', '--cancel-after', '3', '--no-progress'] },
  usage: { args: ['ls'] },
  trace: { args: [...dllArgs, '--trace', 'stores'] },
  traceJson: { args: [...dllArgs, 'tree', `--trace=${traceFile}`, '--trace-json'] },
};

const runs: Record<string, Run> = {};
beforeAll(async () => {
  const keys = Object.keys(SPECS);
  // The first start fills the transpile cache; the rest share it.
  runs[keys[0]] = await spawnCli(SPECS[keys[0]].args, SPECS[keys[0]].env);
  let next = 1;
  const worker = async () => {
    while (next < keys.length) {
      const k = keys[next++];
      runs[k] = await spawnCli(SPECS[k].args, SPECS[k].env);
    }
  };
  await Promise.all([worker(), worker(), worker()]);
}, 240000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const json = (k: string) => JSON.parse(runs[k].stdout);
const lines = (s: string) => s.split(/\r?\n/).filter((l) => l.length > 0);
/** A successful run: exit 0 and nothing on stderr (no leak report either). */
const ok = (k: string) => {
  expect({ k, code: runs[k].code, stderr: runs[k].stderr }).toEqual({ k, code: 0, stderr: '' });
  return runs[k].stdout;
};

describe('doctor', () => {
  test('reports where MAPI was looked for, what loaded, and the checks; exit 0', () => {
    const out = ok('doctor');
    expect(out).toMatch(/^Environment\n {2}Node\.js {7}v\d+/);
    expect(out).toContain('Where MAPI was looked for');
    expect(out).toMatch(/found by: /);
    expect(out).toMatch(/file: (ELF|PE) 64-bit x64 \(matches this Node\.js\)|file: (ELF|PE) .* \(matches this Node\.js\)/);
    for (const step of ['load', 'MAPIInitialize', 'MAPILogonEx', 'stores', 'logoff']) expect(out).toMatch(new RegExp(`^ {2}ok {4}${step} `, 'm'));
    expect(out).toMatch(/stores +2: Sample Mailbox \(default\), Sample Archive/);
    if (isSample) expect(out).toContain('provider      the koffi-mapi sample provider');
    if (process.platform === 'win32') expect(out).toMatch(/^Registry \(MAPI discovery\)\n {2}HKLM\\Software\\Clients\\Mail \(default\) = /m);
    expect(lines(out).pop()).toBe('MAPI is usable.');
  });

  test('--json: a DLL that does not exist is a failed load, exit 1, with every place looked at', () => {
    const r = runs.doctorBad;
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const j = json('doctorBad');
    expect(j.usable).toBe(false);
    expect(j.loaded).toBeNull();
    expect(j.checks).toEqual([expect.objectContaining({ step: 'load', ok: false })]);
    expect(j.attempts).toEqual([expect.objectContaining({ via: 'path option', problem: 'file not found', loaded: false })]);
    expect(j.node).toMatchObject({ version: process.version, platform: process.platform, arch: process.arch });
    expect(j.versions.koffi).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('stores, tree, ls', () => {
  test('stores: a table with the default store marked', () => {
    const [head, ...rows] = lines(ok('stores'));
    expect(head).toMatch(/^DEFAULT +NAME +PROVIDER +ENTRY ID$/);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^\* +Sample Mailbox +koffi-mapi Sample Provider +000000004B4D4150[0-9A-F]+$/);
    expect(rows[1]).toMatch(/^ +Sample Archive /);
  });

  test('stores --json', () => {
    ok('storesJson');
    const j = json('storesJson');
    expect(j.map((s: { name: string; isDefault: boolean }) => [s.name, s.isDefault])).toEqual([
      ['Sample Mailbox', true],
      ['Sample Archive', false],
    ]);
    expect(j[0].entryId).toMatch(/^([0-9A-F]{2})+$/);
  });

  test('tree: indented folders with right-aligned counts (and KOFFI_MAPI_TRACE=1 traces to stderr)', () => {
    const r = runs.tree;
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toBe('Sample Mailbox');
    expect(out[1]).toMatch(/^FOLDER +MESSAGES +UNREAD +CLASS$/);
    expect(out).toContainEqual(expect.stringMatching(/^ {2}Inbox +25 +\d+ +IPF\.Note$/));
    expect(out).toContainEqual(expect.stringMatching(/^ {4}Projects +3 +\d+ +IPF\.Note$/));
    expect(out).toContainEqual(expect.stringMatching(/^ {6}2026 +2 +\d+ +IPF\.Note$/));
    // Counts end in the same column.
    const ends = out.slice(2).map((l) => {
      const m = / +(\d+) +\d+(?: +\S+)?$/.exec(l)!;
      return m.index + m[0].indexOf(m[1]) + m[1].length;
    });
    expect(new Set(ends).size).toBe(1);
    expect(lines(r.stderr).every((l) => l.startsWith('=> '))).toBe(true);
    expect(r.stderr).toContain('=> IMAPIFolder::GetHierarchyTable(');
  });

  test('tree --json of another store: folders with depth and path', () => {
    ok('treeJson');
    const j = json('treeJson');
    expect(j.store).toBe('Sample Archive');
    expect(j.top.name).toBe('Top of Personal Folders');
    expect(j.folders.map((f: { path: string }) => f.path)).toEqual(expect.arrayContaining(['Archive 2024', 'Archive 2025', 'Archive 2025/Q4']));
    expect(j.folders.find((f: { path: string }) => f.path === 'Archive 2025/Q4')).toMatchObject({ depth: 2, contentCount: 2 });
  });

  test('ls: subject, received, size and entry id, sorted and limited', () => {
    const [head, ...rows] = lines(ok('ls'));
    expect(head).toMatch(/^ +# +SUBJECT +RECEIVED \(UTC\) +SIZE +ENTRY ID$/);
    expect(rows).toHaveLength(5);
    const dates = rows.map((r) => /(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/.exec(r)![1]);
    expect(dates).toEqual([...dates].sort().reverse());
    for (const r of rows) expect(r).toMatch(/ \d+ {2}([0-9A-F]{2}){36}$/);
    expect(rows[0]).toContain('#25');
    // Sorted, each row keeps the number of its place in the folder's own order (what Inbox:<n> names).
    expect(rows.map((r) => Number(/^ *(\d+) /.exec(r)![1]))).toEqual([25, 24, 23, 22, 21]);
  });

  test('ls --json with --store: full entry ids, ISO dates, numbers', () => {
    ok('lsJson');
    const j = json('lsJson');
    expect(j.folder).toBe('Q4');
    expect(j.messages).toHaveLength(2);
    for (const m of j.messages) {
      expect(m.entryId).toMatch(/^([0-9A-F]{2}){36}$/);
      expect(m.received).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(typeof m.size).toBe('number');
    }
    expect(j.messages.map((m: { index: number }) => m.index)).toEqual([1, 2]);
  });
});

/** The trace of a child run (--trace-json into a file): the calls made on the contents table of `ls`. */
function contentsCalls(file: string): { call: string; args: string[] }[] {
  const calls = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { call: string; args: string[] });
  const from = calls.findIndex((c) => c.call === 'IMAPIFolder::GetContentsTable');
  expect(from).toBeGreaterThan(0);
  const to = calls.findIndex((c, i) => i > from && c.call === 'IMAPITable::Release');
  return calls.slice(from + 1, to + 1);
}

/**
 * Runs the CLI and, after `headLines` lines on stdout, closes the pipe as `| head -n` does (the CLI's
 * next write is EPIPE); resolves with the exit code, the lines read and stderr.
 */
function spawnHead(args: readonly string[], headLines: number): Promise<{ code: number | null; signal: string | null; lines: string[]; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, KOFFI_MAPI_CLI_SOURCE: '1', KOFFI_MAPI_CHECK_LEAKS: '1', NO_COLOR: '1' };
  for (const k of ['KOFFI_MAPI_TRACE', 'KOFFI_MAPI_TRACE_FORMAT', 'KOFFI_MAPI_PROFILE', 'MAPI_DLL']) delete env[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let closed = false;
    child.stdout.on('data', (d) => {
      if (closed) return;
      out += d;
      if (out.split('\n').length > headLines) {
        closed = true;
        child.stdout.destroy();
      }
    });
    child.stdout.on('error', () => undefined);
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    const timer = setTimeout(() => child.kill(), 60000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, lines: out.split('\n').slice(0, headLines), stderr });
    });
  });
}

describe('ls streams its rows', () => {
  const big = [...dllArgs, '--profile', 'Sample;messages=100000'];

  test('a reader that goes after the first row (| head -1) ends it at once and quietly: a few pages read, logoff, exit 0', async () => {
    const trace = path.join(tmp, 'head.jsonl');
    const r = await spawnHead([...big, '--trace-json', '--trace-file', trace, 'ls', 'Inbox'], 2);
    expect(r).toMatchObject({ code: 0, signal: null, stderr: '' }); // KOFFI_MAPI_CHECK_LEAKS=1: nothing left alive either
    expect(r.lines[0]).toMatch(/^ +# +SUBJECT +RECEIVED \(UTC\) +SIZE +ENTRY ID$/);
    expect(r.lines[1]).toMatch(/^ +1 {2}Quarterly report #1 +2026-01-05 08:00:00 +798 {2}000000004B4D4150/);
    // 100,000 rows are 500 pages: the listing stopped at the first write that found the pipe closed.
    const pages = contentsCalls(trace).filter((c) => c.call === 'IMAPITable::QueryRows');
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages.length).toBeLessThan(20);
    const calls = fs.readFileSync(trace, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { call: string }).call);
    expect(calls.slice(-3)).toEqual(['IMAPISession::Logoff', 'IMAPISession::Release', 'MAPIUninitialize']);
  });

  test('--json of the whole table quits as early, and the same with --jsonl', async () => {
    for (const flag of ['--json', '--jsonl']) {
      const r = await spawnHead([...big, 'ls', 'Inbox', flag], 3);
      expect({ flag, code: r.code, stderr: r.stderr }).toEqual({ flag, code: 0, stderr: '' });
    }
  });

  test('--limit n reads n rows: QueryRows asks for the rest of the limit on its last page, and no more', async () => {
    const trace = path.join(tmp, 'limit.jsonl');
    const r = await spawnCli([...dllArgs, '--profile', 'Sample;messages=1000', '--trace-json', '--trace-file', trace, 'ls', 'Inbox', '--limit', '250']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(lines(r.stdout)).toHaveLength(251);
    const q = contentsCalls(trace).filter((c) => c.call === 'IMAPITable::QueryRows');
    expect(q.map((c) => c.args[0])).toEqual(['lRowCount=200', 'lRowCount=50']);
  });

  test('a listing of several pages lines up: every entry id starts in the same column', async () => {
    const r = await spawnCli([...dllArgs, '--profile', 'Sample;messages=1000', 'ls', 'Inbox', '--limit', '450']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const out = lines(r.stdout);
    expect(out).toHaveLength(451);
    expect(out[450]).toMatch(/^450 {2}/);
    const starts = new Set(out.slice(1).map((l) => displayWidth(l.slice(0, l.length - 72))));
    expect([...starts]).toEqual([displayWidth(out[0].slice(0, out[0].indexOf('ENTRY ID')))]);
  });

  test('--json is one document, laid out as a whole one; --jsonl is one message per line', async () => {
    const [j, jl] = await Promise.all([
      spawnCli([...dllArgs, '--profile', 'Sample;messages=1000', 'ls', '--json', 'Inbox']),
      spawnCli([...dllArgs, '--profile', 'Sample;messages=1000', 'ls', 'Inbox', '--jsonl', '--limit', '450']),
    ]);
    expect(j).toMatchObject({ code: 0, stderr: '' });
    const doc = JSON.parse(j.stdout);
    expect(doc).toMatchObject({ folder: 'Inbox', entryId: expect.stringMatching(/^([0-9A-F]{2})+$/) });
    expect(doc.messages.map((m: { index: number }) => m.index)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(j.stdout).toBe(toJson(doc) + '\n');
    expect(jl).toMatchObject({ code: 0, stderr: '' });
    const rows = jl.stdout.split('\n');
    expect(rows.pop()).toBe('');
    expect(rows.map((l) => (JSON.parse(l) as { index: number }).index)).toEqual(Array.from({ length: 450 }, (_, i) => i + 1));
    expect(JSON.parse(rows[0])).toEqual(doc.messages[0]);
  });
});

describe('props', () => {
  test('every property: tag, name, type, value; binary as hex shortened, long strings shortened, named properties named', () => {
    const out = lines(ok('props'));
    expect(out[0]).toMatch(/^message: \d+ properties$/);
    expect(out[1]).toMatch(/^TAG +NAME +TYPE +VALUE$/);
    const row = (name: string) => out.find((l) => l.includes(` ${name} `)) ?? '';
    expect(row('PR_SUBJECT_W')).toMatch(/^0x0037001F +PR_SUBJECT_W +PT_UNICODE +Quarterly report #1$/);
    expect(row('PR_ENTRYID')).toMatch(/PT_BINARY +000000004B4D4150492D53414D504C452D454944050000000100000003000000… \(36 bytes\)$/);
    expect(row('PR_SEARCH_KEY')).toMatch(/PT_BINARY +53414D504C45534B0300000001000000$/);
    expect(row('PR_MESSAGE_DELIVERY_TIME')).toMatch(/PT_SYSTIME +2026-01-05T08:00:00\.000Z$/);
    expect(row('PR_BODY_W')).toMatch(/PT_UNICODE +Hello,\\r\\n\\r\\nThis is sample message #1: .*…$/);
    expect(row('PR_HASATTACH')).toMatch(/PT_BOOLEAN +true$/);
    expect(out.find((l) => l.startsWith('0x8000101F'))).toMatch(/PS_PUBLIC_STRINGS:Keywords +PT_MV_UNICODE +\[Red\]$/);
    expect(out.find((l) => l.startsWith('0x80010014'))).toMatch(/:SampleCounter +PT_I8 +10000000019$/);
    expect(out.find((l) => l.startsWith('0x80090006'))).toMatch(/:SamplePrice +PT_CURRENCY +1\.2345$/);
    // Sorted by property id.
    const ids = out.slice(2).map((l) => parseInt(l.slice(2, 6), 16));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  test('--json gives full values: Buffers as hex, bigints as strings, Dates as ISO', () => {
    ok('propsJson');
    const j = json('propsJson');
    expect(j).toMatchObject({ object: 'message', interface: 'IMessage' });
    const by = (name: string) => j.props.find((p: { name: string }) => p.name === name || p.name.endsWith(`:${name}`));
    expect(by('PR_ENTRYID')).toEqual({ tag: '0x0FFF0102', name: 'PR_ENTRYID', type: 'PT_BINARY', value: MSG1 });
    expect(by('PR_BODY_W').value).toMatch(/^Hello,\r\n\r\nThis is sample message #1: Quarterly report\.\r\n\r\nGrüße,\r\nAlice Martin\r\n$/);
    expect(by('SampleCounter').value).toBe('10000000019');
    expect(by('SampleCounter').named).toEqual({ guid: '{4B4D4150-4953-414D-504C-455053455401}', set: null, kind: 'string', name: 'SampleCounter' });
    expect(by('SampleDates').value).toEqual(['2026-01-05T08:00:00.000Z', '2026-01-06T08:00:00.000Z']);
    expect(by('SampleBlobs').value).toEqual(['010203', '01000000']);
  });
});

describe('error and tag', () => {
  test('error: name, meaning and decoding of an HRESULT given as a negative number', () => {
    const out = lines(ok('error'));
    expect(out[0]).toBe('MAPI_E_NOT_FOUND 0x8004010F');
    expect(out[1]).toMatch(/does not exist/);
    expect(out[2]).toBe('failure, facility ITF (4), code 0x010F, signed -2147221233');
  });

  test('error --json by a short name', () => {
    ok('errorJson');
    expect(json('errorJson')).toMatchObject({ name: 'MAPI_E_LOGON_FAILED', value: '0x80040111', failure: true, facility: { value: 4, name: 'ITF' } });
  });

  test('tag by name: the tag and its siblings with the same property id', () => {
    expect(lines(ok('tag'))).toEqual([
      'NAME          TAG         ID      TYPE',
      'PR_SUBJECT_W  0x0037001F  0x0037  PT_UNICODE',
      'PR_SUBJECT_A  0x0037001E  0x0037  PT_STRING8',
    ]);
  });

  test('tag --json by property id', () => {
    ok('tagJson');
    expect(json('tagJson')).toEqual([
      { name: 'PR_SUBJECT_W', tag: '0x0037001F', id: '0x0037', type: 'PT_UNICODE' },
      { name: 'PR_SUBJECT_A', tag: '0x0037001E', id: '0x0037', type: 'PT_STRING8' },
    ]);
  });
});

describe('sync', () => {
  test('progress lines, errors as they come, and a summary', () => {
    const out = lines(ok('sync'));
    expect(out[0]).toBe("Synchronizing 'Sample Mailbox' (SYNC_DOWNLOAD_HIERARCHY | SYNC_DOWNLOAD_CONTENTS)");
    const progress = out.filter((l) => /^ {2}\d+\/\d+ /.test(l));
    expect(progress.length).toBeGreaterThanOrEqual(5);
    const err = out.findIndex((l) => l.startsWith('  ! MAPI_E_NETWORK_ERROR (0x80040115): '));
    expect(err).toBeGreaterThan(0);
    expect(out.findIndex((l) => l === 'Summary')).toBeGreaterThan(err);
    expect(out).toContain('  status    ok (S_OK, 0x00000000)');
    expect(out).toContain('  errors    1');
    expect(out).toContain('  callback  released by the provider');
  });

  test('--json: a failed sync prints its result and events, then fails with one line', () => {
    const r = runs.syncJson;
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("koffi-mapi: sync of 'Sample Mailbox' failed: MAPI_E_NETWORK_ERROR (0x80040115)\n");
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ store: 'Sample Mailbox', flags: '0x00000080', flagNames: ['SYNC_DOWNLOAD_CONTENTS'] });
    expect(j.result).toMatchObject({ status: 'failed', name: 'MAPI_E_NETWORK_ERROR', doneEvent: 'signalled' });
    expect(j.events[j.events.length - 1]).toMatchObject({ type: 'done', name: 'MAPI_E_NETWORK_ERROR' });
    expect(j.error).toMatchObject({ code: 'ERR_CLI', message: "sync of 'Sample Mailbox' failed: MAPI_E_NETWORK_ERROR (0x80040115)" });
    // Durations are printed to 0.1 ms, not as raw floats (6.941537999999994).
    const tenths = (v: number) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-6 && String(v).length <= String(Math.round(v)).length + 2;
    expect(tenths(j.result.durationMs)).toBe(true);
    expect(j.events.length).toBeGreaterThan(2);
    for (const e of j.events) expect([e.elapsedMs, tenths(e.elapsedMs)]).toEqual([e.elapsedMs, true]);
  });

  test('--json: when SynchronizeInBackground itself fails, stdout still has one object with the HRESULT, its name and the call', () => {
    const r = runs.syncStartFails;
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('koffi-mapi: IMAPISync::SynchronizeInBackground failed: MAPI_E_NETWORK_ERROR (0x80040115)\n');
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ store: 'Sample Mailbox', events: [] });
    expect(j.error).toEqual({
      code: 'MAPI_E_NETWORK_ERROR', name: 'MAPI_E_NETWORK_ERROR', hr: '0x80040115', call: 'IMAPISync::SynchronizeInBackground',
      message: 'IMAPISync::SynchronizeInBackground failed: MAPI_E_NETWORK_ERROR (0x80040115)',
    });
  });

  test('--json errors of any command are JSON on stdout, with the exit code unchanged', () => {
    const r = runs.notFoundJson;
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      error: expect.objectContaining({ code: 'MAPI_E_NOT_FOUND', hr: '0x8004010F', call: 'IMAPIFolder::OpenEntry', name: 'MAPI_E_NOT_FOUND' }),
    });
    expect(r.stderr).toMatch(/^koffi-mapi: IMAPIFolder::OpenEntry failed: MAPI_E_NOT_FOUND/);
  });

  test('the summary names a provider that called after Done, and one that ignored a cancel', () => {
    const m = lines(runs.syncMisuse.stdout);
    expect(runs.syncMisuse.code).toBe(0);
    expect(m).toContain('  misuse    Done called again after Done; Progress after Done; Error after Done');
    const c = lines(runs.syncCancelIgnored.stdout);
    expect(runs.syncCancelIgnored.code).toBe(0);
    expect(c).toContain('  status    ok (S_OK, 0x00000000)');
    expect(c.find((l) => l.startsWith('  cancel '))).toMatch(/^ {2}cancel {4}answered at Progress call 4; IGNORED: the provider went on for \d+ further Progress calls and finished with S_OK$/);
  });
});

describe('failures', () => {
  test('a MAPI failure is one line and exit 1; --verbose adds the stack', () => {
    const r = runs.notFound;
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const err = lines(r.stderr);
    expect(err[0]).toMatch(/^koffi-mapi: MAPI_E_NOT_FOUND: IMAPIFolder::OpenEntry failed: MAPI_E_NOT_FOUND \(0x8004010F\): no folder 'Nope'/);
    expect(err.some((l) => /^\s+at .*folders\.ts:\d+/.test(l))).toBe(true);
  });

  test('a usage error is one line and exit 2', () => {
    expect(runs.usage).toMatchObject({ code: 2, stdout: '', stderr: "koffi-mapi: missing required argument 'folder' (see koffi-mapi ls --help)\n" });
  });
});

describe('trace', () => {
  const LINE = /^(=>|<=) [A-Za-z_][\w:]*(\(.*\))? -> .+? \d+\.\d{3} ms( \[(caller|foreign) thread\])?$/;

  test('--trace (before the command) writes one line per call on stderr, from MAPIInitialize to MAPIUninitialize', () => {
    const r = runs.trace;
    expect(r.code).toBe(0);
    expect(lines(r.stdout)[0]).toMatch(/^DEFAULT +NAME/); // the command ran: 'stores' was not taken as a trace file
    const trace = lines(r.stderr);
    for (const l of trace) expect(l).toMatch(LINE);
    const calls = trace.map((l) => /^=> ([\w:]+)/.exec(l)![1]);
    expect(calls[0]).toBe('MAPIInitialize');
    expect(calls[1]).toBe('MAPILogonEx');
    expect(calls.slice(2, 4)).toEqual(['IMAPISession::GetMsgStoresTable', 'IMAPITable::SetColumns']);
    expect(calls).toContain('IMAPITable::QueryRows');
    expect(calls.indexOf('IMAPISession::Logoff')).toBeLessThan(calls.indexOf('MAPIUninitialize'));
    expect(calls[calls.length - 1]).toBe('MAPIUninitialize');
    expect(trace[1]).toMatch(/^=> MAPILogonEx\(ulUIParam=0, lpszProfileName=NULL, lpszPassword=NULL, ulFlags=0x8000806\d, lppSession=\[out\]\) -> S_OK \{lppSession=0x[0-9a-f]+\} /);
    expect(trace.find((l) => l.includes('SetColumns'))).toContain('lpPropTagArray=[PR_DISPLAY_NAME_W, PR_ENTRYID, PR_DEFAULT_STORE');
  });

  test('--trace=FILE --trace-json writes JSON lines to the file and nothing to stderr', () => {
    expect(runs.traceJson.code).toBe(0);
    expect(runs.traceJson.stderr).toBe('');
    const records = lines(fs.readFileSync(traceFile, 'utf8')).map((l) => JSON.parse(l));
    expect(records.length).toBeGreaterThan(10);
    for (const r of records) {
      expect(r).toEqual(expect.objectContaining({ dir: 'out', call: expect.any(String), result: expect.any(String), ms: expect.any(Number), t: expect.any(Number) }));
    }
    expect(records[0].call).toBe('MAPIInitialize');
    expect(records.map((r) => r.call)).toContain('IMAPIFolder::GetHierarchyTable');
    expect(records[records.length - 1].call).toBe('MAPIUninitialize');
  });

  test('spawn cost stays reasonable', () => {
    const times = Object.values(runs).map((r) => r.ms).sort((a, b) => a - b);
    // Median start-to-exit of a command, with up to three running at once on a loaded machine.
    expect(times[Math.floor(times.length / 2)]).toBeLessThan(15000);
  });
});

// ---- In-process: the same main() with a capturing Io, for branches not worth a process each ----------

function capture(): Io & { o: string[]; e: string[] } {
  const o: string[] = [];
  const e: string[] = [];
  return { o, e, tty: false, out: (t) => void o.push(t), err: (t) => void e.push(t) };
}

describe('in-process', () => {
  expectNoLeaks();
  afterEach(() => knobs(''));

  test('sync --cancel-after: the provider stops with MAPI_E_USER_CANCEL and the command succeeds', async () => {
    const io = capture();
    const code = await main([...dllArgs, '--profile', 'Sample;sync.items=50;sync.delay=5;sync.honourCancel=1', 'sync', '--cancel-after', '3', '--no-progress'], io);
    expect(io.e).toEqual([]);
    expect(code).toBe(0);
    const out = io.o.join('\n');
    expect(out).toContain('cancelling after 3 progress calls');
    expect(out).toContain('status    cancelled (MAPI_E_USER_CANCEL, 0x80040113)');
    expect(out).toMatch(/cancel {4}answered at Progress call 4; honoured: the provider stopped after 0 further Progress calls and ended with MAPI_E_USER_CANCEL/);
    expect(out).not.toMatch(/^ {2}\d+\/\d+/m); // --no-progress
  });

  test('sync --timeout: a provider that never calls Done is a one-line failure', async () => {
    const io = capture();
    const code = await main([...dllArgs, '--profile', 'Sample;sync.items=2;sync.noDone=1', 'sync', '--timeout', '300'], io);
    expect(code).toBe(1);
    expect(io.e).toEqual([expect.stringMatching(/^koffi-mapi: Sync of store 'Sample Mailbox' timed out after 300 ms: the provider never called IMAPISyncProgressCallback::Done/)]);
    for (let i = 0; i < 250 && stats().threads > 0; i++) await new Promise((r) => setTimeout(r, 20)); // let the provider thread end
  });

  test('usage errors exit 2; an unknown HRESULT or tag exits 1', async () => {
    const cases: [string[], number, RegExp][] = [
      [['sync', '--flags', 'sideways'], 2, /unknown sync flag 'sideways' \(known: upload-hierarchy, download-hierarchy, /],
      [['ls', 'Inbox', '--limit', '0'], 2, /--limit must be an integer >= 1, not '0'/],
      [['ls', 'Inbox', '--sort', 'colour'], 2, /--sort takes received, subject, size/],
      [['frobnicate'], 2, /unknown command 'frobnicate'/],
      [['error', 'what?'], 2, /'what\?' is not an HRESULT/],
      [['error', '0x80041234'], 1, /0x80041234 is not in koffi-mapi's HRESULT table/],
      [['tag', 'no_such_thing_anywhere'], 1, /no property tag matches 'no_such_thing_anywhere'/],
      [[...dllArgs, '--profile', 'Nope', 'stores'], 1, /^koffi-mapi: MAPILogonEx failed: MAPI_E_LOGON_FAILED \(0x80040111\): no profile 'Nope' \(the sample provider's is "Sample"\)$/],
    ];
    for (const [args, code, msg] of cases) {
      const io = capture();
      expect([args, await main(args, io)]).toEqual([args, code]);
      expect(io.e).toHaveLength(1);
      expect(io.e[0]).toMatch(msg);
    }
  });

  test('ls --json failing part way: the document still parses, with the rows so far and the error; --jsonl ends with an error line', async () => {
    for (const flag of ['--json', '--jsonl']) {
      const io = capture();
      const out = io.out;
      // After the first page is out, the next QueryRows fails.
      const failing: Io = { ...io, out: (t) => (out(t), knobs('fail=IMAPITable::QueryRows:0x80040115:1')) };
      expect(await main([...dllArgs, '--profile', 'Sample;messages=1000', 'ls', 'Inbox', flag], failing)).toBe(1);
      expect(io.e).toEqual([expect.stringMatching(/^koffi-mapi: IMAPITable::QueryRows failed: MAPI_E_NETWORK_ERROR \(0x80040115\)/)]);
      const error = { code: 'MAPI_E_NETWORK_ERROR', name: 'MAPI_E_NETWORK_ERROR', hr: '0x80040115', call: 'IMAPITable::QueryRows' };
      const text = io.o.join('');
      if (flag === '--json') {
        const doc = JSON.parse(text);
        expect(doc.messages).toHaveLength(200);
        expect(doc.error).toMatchObject(error);
        expect(text).toBe(toJson(doc) + '\n');
      } else {
        const rows = text.trimEnd().split('\n').map((l) => JSON.parse(l));
        expect(rows).toHaveLength(201);
        expect(rows[199]).toMatchObject({ index: 200 });
        expect(rows[200]).toEqual({ error: expect.objectContaining(error) });
      }
      knobs('');
    }
  });

  test('--jsonl: one store or folder per line for stores and tree; a usage error elsewhere or with --json', async () => {
    const st = capture();
    expect(await main([...dllArgs, 'stores', '--jsonl'], st)).toBe(0);
    expect(st.o.join('').trimEnd().split('\n').map((l) => JSON.parse(l).name)).toEqual(['Sample Mailbox', 'Sample Archive']);
    const tr = capture();
    expect(await main([...dllArgs, '--jsonl', 'tree'], tr)).toBe(0);
    expect(tr.o.join('').trimEnd().split('\n').map((l) => JSON.parse(l).path)).toEqual(expect.arrayContaining(['Inbox', 'Inbox/Projects', 'Inbox/Projects/2026']));
    for (const args of [[...dllArgs, 'props', 'Inbox', '--jsonl'], [...dllArgs, 'ls', 'Inbox', '--json', '--jsonl']]) {
      const io = capture();
      expect(await main(args, io)).toBe(2);
      expect(io.e).toEqual([expect.stringMatching(/^koffi-mapi: --json/)]);
    }
  });

  test('a streamed table keeps the widths it was given and widens a column for a wider cell from there on', () => {
    const t = new TableStream([{ title: '#', right: true }, 'NAME', 'ID'], [3, 6]);
    expect(t.lines([['1', 'ab', 'x']]).split('\n')).toEqual(['  #  NAME    ID', '  1  ab      x']);
    expect(t.lines([['100', 'abcdefgh', 'y'], ['101', 'c', 'z']]).split('\n')).toEqual(['100  abcdefgh  y', '101  c         z']);
    const j = new JsonStream('items', { a: 1 });
    expect(j.add([]) + j.end()).toBe('{\n  "a": 1,\n  "items": []\n}\n');
  });

  test('--help and --version exit 0', async () => {
    const io = capture();
    expect(await main(['--version'], io)).toBe(0);
    expect(io.o.join('')).toMatch(/^\d+\.\d+\.\d+$/);
    const h = capture();
    expect(await main(['sync', '--help'], h)).toBe(0);
    const help = h.o.join('\n');
    expect(help).toMatch(/--cancel-after <n>[\s\S]*Global Options:[\s\S]*--trace  [\s\S]*--trace-file <file>/);
    expect(help).not.toMatch(/--trace \[file\]/); // the help says what the parser does: --trace takes no value
  });

  test('--trace FILE (with a space) is a usage error that points to --trace-file; --trace-file FILE traces into FILE', async () => {
    const f = path.join(tmp, 'trace-file.log');
    const bad = capture();
    expect(await main([...dllArgs, 'stores', '--trace', f], bad)).toBe(2);
    expect(bad.e.join('\n')).toMatch(/too many arguments for 'stores'.*--trace takes no value: to trace into a file use --trace-file FILE \(or --trace=FILE\)/);
    expect(fs.existsSync(f)).toBe(false);
    const good = capture();
    try {
      expect(await main([...dllArgs, 'stores', '--trace-file', f], good)).toBe(0);
    } finally {
      setTrace(null);
    }
    expect(good.o.join('\n')).toMatch(/Sample Mailbox/);
    expect(fs.readFileSync(f, 'utf8')).toMatch(/^=> MAPIInitialize\(/m);
  });

  test('argument preprocessing: a bare --trace never swallows the command', () => {
    expect(preprocess(['--trace', 'stores'])).toEqual(['--trace', 'stores']);
    expect(preprocess(['ls', '--trace', 'Inbox'])).toEqual(['ls', '--trace', 'Inbox']);
    expect(preprocess(['--trace=t.log', 'stores'])).toEqual(['--trace-file', 't.log', 'stores']);
    expect(preprocess(['error', '-2147221233'])).toEqual(['error', '0x8004010F']);
    expect(preprocess(['--profile', 'error', 'ls', '-5'])).toEqual(['--profile', 'error', 'ls', '-5']);
  });

  test('a load error with several places looked at is still one line', () => {
    const e = new MapiLoadError('ERR_MAPI_NOT_FOUND', 'No MAPI DLL could be loaded. Looked at:\n  - a (x): file not found\n  - b (y): nope', [
      { path: 'a', via: 'x', problem: 'file not found' },
      { path: 'b', via: 'y', problem: 'nope' },
    ]);
    expect(describeError(e, false)).toBe('No MAPI DLL could be loaded (a: file not found; b: nope); `koffi-mapi doctor` explains');
    expect(describeError(e, true)).toContain('\n    at ');
  });
});

describe('formatting', () => {
  test('values: binary as hex shortened with the byte count, strings escaped and shortened, errors by name', () => {
    expect(formatValue(Buffer.from('0102', 'hex'))).toBe('0102');
    expect(formatValue(Buffer.alloc(40, 0xab))).toBe(`${'AB'.repeat(32)}… (40 bytes)`);
    expect(hexShort(Buffer.alloc(4, 1), 2)).toBe('0101… (4 bytes)');
    expect(formatValue('a\r\nb')).toBe('a\\r\\nb');
    expect(formatValue('x'.repeat(100))).toBe('x'.repeat(59) + '…');
    expect(formatValue(new PropError(0x8004010f))).toBe('MAPI_E_NOT_FOUND');
    expect(formatValue(new Date(Date.UTC(2026, 0, 5, 8)))).toBe('2026-01-05T08:00:00.000Z');
    expect(formatValue(12n)).toBe('12');
    expect(formatValue(null)).toBe('(null)');
    expect(formatValue([1, 'a', Buffer.from([1])])).toBe('[1, a, 01]');
  });

  test('JSON values: full hex, bigint strings, ISO dates, PropError objects', () => {
    expect(jsonValue({ b: Buffer.alloc(40, 1), n: 1n << 62n, d: new Date(0), e: new PropError(0x8004010f), u: undefined, a: [2n] })).toEqual({
      b: '01'.repeat(40),
      n: '4611686018427387904',
      d: '1970-01-01T00:00:00.000Z',
      e: { error: 'MAPI_E_NOT_FOUND', hr: '0x8004010F' },
      a: ['2'],
    });
  });

  test('tables align wide (CJK) characters by display width', () => {
    expect(displayWidth('日本 trip')).toBe(9);
    expect(table(['A', { title: 'N', right: true }, 'B'], [['日本', '1', 'x'], ['abcd', '22', 'y']]).split('\n')).toEqual([
      'A      N  B',
      '日本   1  x',
      'abcd  22  y',
    ]);
  });

  test('HRESULT and tag lookups', () => {
    expect(describeHresult('0x80004002')).toMatchObject({ name: 'E_NOINTERFACE', facility: { name: 'NULL' } });
    expect(describeHresult('0x80070005')).toMatchObject({ value: '0x80070005', facility: { value: 7, name: 'WIN32' } });
    expect(describeHresult('MAPI_W_ERRORS_RETURNED')).toMatchObject({ value: '0x00040380', failure: false });
    expect(lookupTags('subject_prefix').map((r) => r.name)).toEqual(['PR_SUBJECT_PREFIX_W', 'PR_SUBJECT_PREFIX_A']);
    expect(lookupTags('0x80010014')).toEqual([{ name: '', tag: '0x80010014', id: '0x8001', type: 'PT_I8' }]);
  });

  test('sync flags by name, short form, group and number', () => {
    expect(parseSyncFlags('download')).toBe(0x82);
    expect(parseSyncFlags('SYNC_UPLOAD_CONTENTS, download-contents')).toBe(0xc0);
    expect(parseSyncFlags('0x1|on-demand')).toBe(0x20000001);
    expect(syncFlagNames(0x82)).toEqual(['SYNC_DOWNLOAD_HIERARCHY', 'SYNC_DOWNLOAD_CONTENTS']);
    expect(syncFlagNames(0x84)).toEqual(['SYNC_DOWNLOAD_CONTENTS', '0x00000004']);
  });
});
