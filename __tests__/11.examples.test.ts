/**
 * Every example listed in examples/README.md runs as its own process against the sample provider,
 * exits 0 and prints its key line. The list comes from the README, so the README and the examples
 * cannot drift apart: an example that is not listed fails here, and so does a listed one that fails.
 *
 * The examples run with `node -r ts-node/register/transpile-only` (what `npx ts-node --transpile-only`
 * does, without npx's start-up), a few at a time. Their output goes to files, not pipes: Windows Node
 * under Wine (the win32 tier, scripts/windows/jest.sh) cannot write to a pipe that leads to a Linux
 * process, and files work the same on every platform. Verified on Linux and under Wine, x64 and ia32.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runToFiles, type ChildOutcome } from './helpers/child';

const root = path.resolve(__dirname, '..');
const examplesDir = path.join(root, 'examples');
const COMMAND = /`npx ts-node --transpile-only (examples\/[\w.-]+\.ts)`/g;

/** The key lines each example must print (stdout). */
const EXPECTED: Record<string, RegExp[]> = {
  'examples/demo.ts': [
    /^Stores$/m, /Sample Mailbox/, /^Done: S_OK \(ok\)/m,
    // What it sets up is said before the tree that shows it (Outbox: 1 message, then 1 -> 0).
    /^Set up: one message in the Outbox[^\n]*\n\nFolders of "Sample Mailbox"[\s\S]*^ {4}Outbox \(1 message, [\s\S]*^ {2}~ Outbox: 1 -> 0 messages/m,
  ],
  'examples/01-logon.ts': [/^Logged on to profile 'Sample'$/m, /MAPI_E_LOGON_FAILED \(hr 0x80040111\) from MAPILogonEx/, /^Logged off and uninitialized\.$/m],
  'examples/02-stores.ts': [/^2 stores in profile 'Sample':$/m, /^Default store: Sample Mailbox; by name: Sample Archive$/m],
  'examples/03-walk-folders.ts': [/^ {6}2026 {2}\[2 messages/m, /\[1 message, /, /^(?!.*\[1 messages)[\s\S]*$/, /^walk: opened \d+ folders$/m, /^By path: 2026 \(2 messages\); receive folder: Inbox$/m],
  'examples/04-properties.ts': [/PT_MV_UNICODE +0x8000101F/, /^Reopened: Props example \(edited\) \/ 2026-03-01T09:30:00\.000Z \/ example-1$/m, /^Read-only: PR_ENTRYID MAPI_E_COMPUTED$/m],
  'examples/05-table.ts': [/^Inbox: 500 messages; unread and .*: \d+$/m, /^Delivered on 2026-01-10: \d+ messages/m, /^The 3 newest of 500: /m],
  'examples/06-implement-com.ts': [/^Limits through the vtable: 0\.\.10, flags 1$/m, /^QueryInterface\(IMsgStore\): E_NOINTERFACE$/m, /^IMAPIProgress object destroyed$/m],
  'examples/07-sync.ts': [/^ {2}! MAPI_E_NETWORK_ERROR: /m, /^Done: S_OK \(ok\) in \d+ ms: \d+ progress, 1 error\(s\)/m, /^Cancelled: status cancelled, the provider ended with MAPI_E_USER_CANCEL/m, /ERR_NO_IMAPISYNC/],
  'examples/08-trace.ts': [/^ {2}=> IMAPISync::SynchronizeInBackground\(/m, /^ {2}<= IMAPISyncProgressCallback::Done\(.*\[foreign thread\]$/m, /^Calls into JS objects: \d+, of which [1-9]\d* came from the provider's own thread$/m],
  'examples/09-read-message.ts': [/^Message: Quarterly report #1$/m, /^ {2}to {2}Sample User <user@sample\.kmapi>$/m, /^ {2}\[1\] embedded message "Fwd: sample message #1" with 1 recipient\(s\)$/m, /^ {2}\[2\] data-1\.bin \(application\/octet-stream\): saved 40000 bytes$/m, /^Saved 2 file\(s\) to /m],
  'examples/10-save-attachments.ts': [/^ {2}"\.\.\/\.\.\/outside\.txt" -> outside\.txt \(3 bytes\)$/m, /^ {2}"con\.txt" -> _con\.txt/m, /^Files in the folder: _con\.txt, notes \(2\)\.txt, notes\.txt, outside\.txt$/m, /^Outside it: nothing$/m],
  'examples/11-compose-send.ts': [/^Composed "Quarterly numbers" to ann@example\.com; Sample User; cc finance@example\.com$/m, /^Sent Items: "Quarterly numbers", 3 recipients, attachments: numbers\.csv, read$/m, /^Inbox: "Quarterly numbers", 3 recipients, attachments: numbers\.csv, unread$/m],
  'examples/12-stream.ts': [/^get\(PR_BODY_W\): MAPI_E_NOT_ENOUGH_MEMORY/m, /^Read back 1048576 bytes in 4 chunks; getLarge gives 524288 characters$/m],
  // At least 3 received: on a busy machine the OnNotify call that brings the third brings later deliveries too.
  'examples/13-watch-inbox.ts': [/^Watching Inbox \(connection \d+\)$/m, /^(New mail: "Delivery \d+" \(IPM\.Note, from the provider's thread\)\n){3}/m, /^Received ([3-9]|\d\d+) notification\(s\) in [1-3] OnNotify call\(s\)$/m, /^Unadvised; the provider released the sink$/m],
  'examples/14-profile.ts': [/^Created profile 'koffi-mapi example 14' with KMAPI_SAMPLE \("Sample Mailbox"\)$/m, /^Logged on to 'koffi-mapi example 14': 1 store\(s\): Sample Mailbox$/m, /^Creating it again: MAPI_E_NO_ACCESS from IProfAdmin::CreateProfile$/m, /^Deleted 'koffi-mapi example 14'; profiles left: 0$/m],
  'examples/15-resolve-send.ts': [/^Resolved: Alice Martin -> Alice Martin <alice@example\.com> \(mailUser\)$/m, /^Ambiguous: chen matches \d+ entries \(Bob Chen, .*\); picked Bob Chen$/m, /^Unresolved: Nobody Xyzzy \(left out\)$/m, /^Inbox: "Team update", 4 recipients, entry ids as resolved: yes$/m],
};

const readme = fs.readFileSync(path.join(examplesDir, 'README.md'), 'utf8');
const listed = [...new Set([...readme.matchAll(COMMAND)].map((m) => m[1]))];

type Outcome = ChildOutcome;

const PER_EXAMPLE_MS = 90_000;

/** Runs one example with its output in files; resolves when it exits (or is killed at the timeout). */
function runExample(file: string, dir: string): Promise<Outcome> {
  const base = path.join(dir, path.basename(file, '.ts'));
  const env = { ...process.env };
  delete env.KOFFI_MAPI_TRACE; // a trace would only slow the examples down
  if (process.env.KMAPI_TEST_DLL && !env.MAPI_DLL) env.MAPI_DLL = process.env.KMAPI_TEST_DLL;
  return runToFiles(['-r', 'ts-node/register/transpile-only', file], { base, cwd: root, env, timeoutMs: PER_EXAMPLE_MS });
}

const outcomes = new Map<string, Outcome>();
let tmp = '';

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kmapi-examples-'));
  // A few at a time: each is a separate Node process that transpiles lib/ on start.
  const queue = [...listed];
  const workers = Array.from({ length: Math.max(2, Math.min(4, os.cpus().length)) }, async () => {
    for (let f = queue.shift(); f; f = queue.shift()) outcomes.set(f, await runExample(f, tmp));
  });
  await Promise.all(workers);
}, 300_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test('examples/README.md lists every example file, and each has its key lines here', () => {
  const files = fs
    .readdirSync(examplesDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `examples/${f}`)
    .sort();
  expect([...listed].sort()).toEqual(files);
  expect(listed.filter((f) => !EXPECTED[f])).toEqual([]);
});

describe.each(listed)('%s', (file) => {
  test('exits 0 and prints its key lines', () => {
    const o = outcomes.get(file);
    expect(o).toBeDefined();
    const report = `exit ${o!.code}${o!.signal ? ` (signal ${o!.signal})` : ''} after ${o!.ms} ms\n--- stdout\n${o!.stdout}\n--- stderr\n${o!.stderr}`;
    expect({ file, code: o!.code, report: o!.code === 0 ? '' : report }).toEqual({ file, code: 0, report: '' });
    for (const re of EXPECTED[file] ?? []) {
      if (!re.test(o!.stdout)) throw new Error(`${file}: no line matching ${re}\n${report}`);
    }
  });
});

test('demo: the Inbox rows line up in terminal columns, with CJK sender names (two columns a character)', () => {
  const stringWidth = require('string-width') as (s: string) => number;
  const out = outcomes.get('examples/demo.ts')!.stdout.split('\n');
  const start = out.indexOf('First messages in the Inbox');
  const rows = out.slice(start + 1, start + 6);
  expect(rows.some((r) => /[\u3000-\u9fff]/.test(r))).toBe(true); // a wide name is among them
  // The subject column starts where the sender column's padding ends: the same display column on every row.
  const subjectColumn = rows.map((r) => stringWidth(/^ {2}\S+ \S+ {2}.*? {2,}/u.exec(r)?.[0] ?? r));
  expect(new Set(subjectColumn).size).toBe(1);
});
