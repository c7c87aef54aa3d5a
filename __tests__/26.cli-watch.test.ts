/**
 * `koffi-mapi watch`: notifications as lines or JSON objects from a child process, its stopping
 * conditions (--count, --for, SIGINT) and its usage errors. KOFFI_MAPI_CHECK_LEAKS=1 (helpers/cli.ts):
 * a process that left a provider object or buffer behind exits 3, so exit 0 also says the watcher
 * unadvised cleanly.
 */
import path from 'node:path';
import { spawn } from 'node:child_process';
import { dllArgs, root, spawnCli } from './helpers/cli';
import { testIf } from './helpers/skip';

const cli = (...args: string[]) => spawnCli([...dllArgs, ...args]);
const lines = (s: string) => s.split(/\r?\n/).filter((l) => l.length > 0);
const DELIVERING = 'Sample;deliver.every=40';

test('--json: one object per line, newMail with the message class, until --count', async () => {
  const r = await cli('--profile', DELIVERING, '--json', 'watch', 'Inbox', '--events', 'new-mail', '--count', '3');
  expect(r.code).toBe(0);
  const objs = lines(r.stdout).map((l) => JSON.parse(l));
  expect(objs).toHaveLength(3);
  for (const o of objs) expect(o).toMatchObject({ type: 'newMail', messageClass: 'IPM.Note', thread: 'provider', entryId: expect.stringMatching(/^[0-9A-F]+$/), time: expect.any(String) });
  expect(lines(r.stderr)).toEqual([expect.stringMatching(/^watching folder 'Inbox' for newMail, up to 3; Ctrl\+C ends$/), 'stopped (--count 3): 3 notifications']);
});

test('text lines name the event and the parent folder; --events table watches the contents table', async () => {
  // Six events, three deliveries' worth: the store's objectCreated and the table's rowAdded come from
  // two registrations, so the first two can both be objectCreated on a busy machine (seen under Wine).
  const r = await cli('--profile', DELIVERING, 'watch', 'Inbox', '--events', 'created,table', '--count', '6');
  expect(r.code).toBe(0);
  const out = lines(r.stdout);
  expect(out).toHaveLength(6);
  expect(out.some((l) => /^\d\d:\d\d:\d\d\.\d{3} {2}objectCreated {4}message [0-9A-F]{8}…[0-9A-F]{8} in 'Inbox'$/.test(l))).toBe(true);
  expect(out.some((l) => /^\d\d:\d\d:\d\d\.\d{3} {2}tableRowAdded {4}row [0-9A-F]+ after [0-9A-F(]/.test(l) && l.includes('PR_SUBJECT_W=Delivery'))).toBe(true);
});

test('--for ends a quiet watch; the whole store by default', async () => {
  const r = await cli('watch', '--for', '150');
  expect(r.code).toBe(0);
  expect(r.stdout).toBe('');
  expect(lines(r.stderr)).toEqual(["watching store 'Sample Mailbox'; Ctrl+C ends", 'stopped (--for 150): 0 notifications']);
});

test('usage errors: an unknown event, table without a folder, a bad count', async () => {
  const a = await cli('watch', '--events', 'bogus');
  expect({ code: a.code, err: a.stderr }).toEqual({ code: 2, err: expect.stringContaining("unknown event 'bogus' (events: new-mail, created") });
  const b = await cli('watch', '--events', 'table');
  expect({ code: b.code, err: b.stderr }).toEqual({ code: 2, err: expect.stringContaining('--events table needs a folder') });
  const c = await cli('watch', '--count', '0');
  expect(c.code).toBe(2);
});

testIf(process.platform !== 'win32', 'POSIX signals: Windows Node under Wine gets no SIGINT from the Linux side')('Ctrl+C (SIGINT) unadvises and exits 0, the provider back to zero', async () => {
  const child = spawn(process.execPath, [path.join(root, 'bin', 'koffi-mapi.js'), ...dllArgs, '--profile', DELIVERING, 'watch', 'Inbox'], {
    cwd: root,
    env: { ...process.env, KOFFI_MAPI_CLI_SOURCE: '1', KOFFI_MAPI_CHECK_LEAKS: '1', NO_COLOR: '1' },
  });
  let out = '';
  let err = '';
  let sent = false;
  child.stdout.on('data', (d) => {
    out += d;
    if (!sent && lines(out).length >= 2) sent = child.kill('SIGINT'); // once: a second Ctrl+C is Node's default, an immediate exit
  });
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  expect(code).toBe(0);
  expect(lines(err).pop()).toMatch(/^stopped \(SIGINT\): \d+ notifications$/);
}, 30_000);

testIf(process.platform !== 'win32', 'a shell pipe: Windows Node under Wine is run without one here')('| head -1: the watch ends quietly once its reader has gone, the provider back to zero', async () => {
  const { execFile } = await import('node:child_process');
  const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(root, 'bin', 'koffi-mapi.js'))} ${dllArgs.map((a) => JSON.stringify(a)).join(' ')} --profile '${DELIVERING}' watch Inbox | head -1; echo "status \${PIPESTATUS[0]}" >&2`;
  const r = await new Promise<{ out: string; err: string }>((resolve) =>
    execFile('bash', ['-c', cmd], { cwd: root, timeout: 30_000, env: { ...process.env, KOFFI_MAPI_CLI_SOURCE: '1', KOFFI_MAPI_CHECK_LEAKS: '1', NO_COLOR: '1' } }, (_e, out, err) => resolve({ out: String(out), err: String(err) })),
  );
  expect(lines(r.out)).toHaveLength(1);
  expect(lines(r.err).slice(-2)).toEqual([expect.stringMatching(/^stopped \(stdout closed\): \d+ notifications$/), 'status 0']);
}, 40_000);
