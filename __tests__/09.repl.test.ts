/**
 * `koffi-mapi repl` (and the sync progress bar) in a pseudo-terminal, driven with input like a person
 * would: python3's pty module runs the CLI, sends each step's keys, and waits for the step's expected
 * output (ANSI escapes stripped) with a time limit. Linux and macOS only: skipped on win32 (the Wine tier).
 */
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { sampleProviderPath } from '../lib';
import { completePropNames, replWriter } from '../lib/cli/repl';
import { PropError } from '../lib';
import { testIf } from './helpers/skip';

const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'bin', 'koffi-mapi.js');
const dll = process.env.KMAPI_TEST_DLL ?? sampleProviderPath();
const havePython = process.platform !== 'win32' && spawnSync('python3', ['-c', 'import pty'], { stdio: 'ignore' }).status === 0;
const ptyTest = testIf(havePython, process.platform === 'win32' ? 'needs a pseudo-terminal: Linux and macOS only' : 'needs python3 (its pty module drives the terminal): install python3');

/**
 * Runs argv in a pty (200 columns), then for each step: writes `send`, reads until `expect` (a regex on
 * the ANSI-stripped output since the send) matches or `timeout` seconds pass. Prints a JSON report.
 */
const DRIVER = String.raw`
import json, os, pty, re, select, signal, struct, sys, time, fcntl, termios
cfg = json.loads(sys.argv[1])
ansi = re.compile(r'\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]')
col1 = re.compile(r'\x1b\[[01]?G')
pid, fd = pty.fork()
if pid == 0:
    os.chdir(cfg['cwd'])
    os.environ.update(cfg['env'])
    os.execvp(cfg['argv'][0], cfg['argv'])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 50, 200, 0, 0))
raw = b''
def text(b):
    # A move to column 1 or a lone CR (a redrawn line: prompt, progress bar) starts a new line here;
    # empty lines are dropped.
    s = b.decode('utf-8', 'replace').replace('\r\n', '\n').replace('\r', '\n')
    s = col1.sub('\n', s)
    return re.sub(r'\n{2,}', '\n', ansi.sub('', s))
def read_until(start, pattern, timeout):
    global raw
    end = time.time() + timeout
    rx = re.compile(pattern, re.M) if pattern else None
    while True:
        if rx and rx.search(text(raw[start:])):
            return True
        left = end - time.time()
        if left <= 0:
            return rx is None
        r, _, _ = select.select([fd], [], [], min(left, 0.1))
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b''
            if not chunk:
                return bool(rx and rx.search(text(raw[start:])))
            raw += chunk
steps = []
ok = True
for st in cfg['steps']:
    start = len(raw)
    if st.get('send'):
        os.write(fd, st['send'].encode('utf-8'))
    found = read_until(start, st.get('expect'), st.get('timeout', 10))
    steps.append({'send': st.get('send'), 'ok': found, 'output': text(raw[start:])})
    if not found:
        ok = False
        break
status = None
end = time.time() + 15
while time.time() < end:
    read_until(len(raw), None, 0.1)
    p, s = os.waitpid(pid, os.WNOHANG)
    if p:
        status = os.waitstatus_to_exitcode(s) if hasattr(os, 'waitstatus_to_exitcode') else s >> 8
        break
if status is None:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
print(json.dumps({'ok': ok, 'status': status, 'steps': steps, 'all': text(raw)}))
`;

interface Step {
  send?: string;
  expect?: string;
  timeout?: number;
}

function drive(args: string[], steps: Step[], env: Record<string, string> = {}) {
  const cfg = {
    cwd: root,
    argv: [process.execPath, bin, ...args],
    env: { KOFFI_MAPI_CLI_SOURCE: '1', KOFFI_MAPI_CHECK_LEAKS: '1', NO_COLOR: '1', TERM: 'xterm', ...env },
    steps,
  };
  const r = spawnSync('python3', ['-c', DRIVER, JSON.stringify(cfg)], { encoding: 'utf8', timeout: 120000, maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`pty driver failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as { ok: boolean; status: number | null; steps: { send: string; ok: boolean; output: string }[]; all: string };
}

const PROMPT = '^mapi> ';

ptyTest(
  'repl: preloaded session and store, tables, top-level await, PR_ completion, .trace, clean exit',
  () => {
    const r = drive(
      ['repl', '--dll', dll, '--profile', 'Sample'],
      [
        { expect: PROMPT, timeout: 60 },
        { send: 'store.name\r', expect: `^'Sample Mailbox'\\n${PROMPT}` },
        { send: 'stores()\r', expect: `^name +entryId +isDefault[^\\n]*\\nSample Mailbox +0000[^\\n]*\\n[\\s\\S]*\\(2 rows\\)\\n${PROMPT}` },
        // Top-level await; rows print as a table with right-aligned numbers.
        { send: "await ls('Inbox', 3)\r", expect: `^subject +received +size +entryId\\nQuarterly report #1 +2026-01-05 08:00:00 +\\d+ +0000[\\s\\S]*\\(3 rows\\)\\n${PROMPT}` },
        // A unique PR_ name completes inside a string...
        { send: "inbox = store.folder('Inbox'); inbox.get('PR_CONTENT_UNR", expect: 'PR_CONTENT_UNR$' },
        { send: '\t', expect: 'EAD$' },
        { send: "')\r", expect: `^'\\)\\n9\\n${PROMPT}` },
        // ... an ambiguous one lists the candidates on a second Tab; Ctrl-U clears the line.
        // (Keys go one write at a time: readline completes only on a Tab that ends its input chunk.)
        { send: 'PR_SUBJECT_', expect: 'PR_SUBJECT_$' },
        { send: '\t', timeout: 0.3 },
        { send: '\t', expect: 'PR_SUBJECT_A +PR_SUBJECT_PREFIX_A +PR_SUBJECT_PREFIX_W +PR_SUBJECT_W' },
        { send: '\x15inbox.props([PR_CONTENT_COUNT, PR_BODY_W])\r', expect: `^NAME +VALUE\\nPR_CONTENT_COUNT +25\\nPR_BODY_W +MAPI_E_NOT_FOUND\\n${PROMPT}` },
        { send: 'inbox.getProps([PR_BODY_W])[0].value\r', expect: `^MAPI_E_NOT_FOUND \\(0x8004010F\\)\\n${PROMPT}` },
        // Anything else completes as Node does.
        { send: 'session.prof', expect: 'prof$' },
        { send: '\t', expect: '^ile$' },
        { send: '\r', expect: `^'Sample'\\n${PROMPT}` },
        { send: 'inbox\r', expect: `^Folder "Inbox" \\(IMAPIFolder\\)\\n${PROMPT}` },
        { send: '.trace on\r', expect: `^trace on\\n${PROMPT}` },
        { send: 'store.get(PR_DISPLAY_NAME_W)\r', expect: `^=> IMsgStore::GetProps\\(lpPropTagArray=\\[PR_DISPLAY_NAME_W\\], ulFlags=0x80000000[^\\n]*-> S_OK [^\\n]* ms\\n=> MAPIFreeBuffer\\([^\\n]*\\n'Sample Mailbox'\\n${PROMPT}` },
        { send: '.trace off\r', expect: `^trace off\\n${PROMPT}` },
        { send: 'store.get(PR_DISPLAY_NAME_W)\r', expect: `^'Sample Mailbox'\\n${PROMPT}` },
        { send: "store.folder('Nope')\r", expect: `Uncaught[:\\s]+MAPI_E_NOT_FOUND: IMAPIFolder::OpenEntry failed[\\s\\S]*no folder 'Nope'[\\s\\S]*${PROMPT}` },
        { send: '.exit\r', expect: '^logged off$' },
      ],
    );
    const failed = r.steps.find((s) => !s.ok);
    expect({ failed: failed ? { send: failed.send, output: failed.output } : null }).toEqual({ failed: null });
    expect(r.status).toBe(0);
    expect(r.all).not.toContain('leak check');
  },
  130000,
);

ptyTest(
  'repl: Ctrl-D logs off and exits 0',
  () => {
    const r = drive(['repl', '--dll', dll], [{ expect: PROMPT, timeout: 60 }, { send: 'tree()\r', expect: `Inbox +25 +9 +IPF\\.Note[\\s\\S]*${PROMPT}` }, { send: '\x04', expect: '^logged off$' }]);
    expect(r.steps.map((s) => s.ok)).toEqual([true, true, true]);
    expect(r.status).toBe(0);
  },
  130000,
);

ptyTest(
  'sync on a terminal draws a live progress bar, logs errors above it, and ends with the summary',
  () => {
    const r = drive(['sync', '--dll', dll, '--profile', 'Sample;sync.items=8;sync.delay=40;sync.failItem=3:0x80040115'], [
      { expect: "^Synchronizing 'Sample Mailbox'", timeout: 60 },
      { expect: '\\[[█░]+\\] \\d+/11 ', timeout: 20 },
      { expect: '^Summary\\n {2}status +ok \\(S_OK, 0x00000000\\)', timeout: 30 },
    ]);
    expect(r.steps.map((s) => s.ok)).toEqual([true, true, true]);
    expect(r.status).toBe(0);
    expect(r.all).toMatch(/^ {2}! MAPI_E_NETWORK_ERROR \(0x80040115\): /m);
    expect(r.all).toMatch(/\[█+\] 11\/11 /); // the bar reached the end
  },
  130000,
);

describe('writer and completer', () => {
  test('rows print as tables, props objects as NAME/VALUE, PropErrors by name', () => {
    expect(replWriter([{ a: 1, b: 'x' }, { a: 22, b: 'yy' }]).split('\n')).toEqual([' a  b', ' 1  x', '22  yy', '(2 rows)']);
    expect(replWriter({ PR_SUBJECT_W: 'hi', PR_ENTRYID: Buffer.from('0102', 'hex') }).split('\n')).toEqual(['NAME          VALUE', 'PR_SUBJECT_W  hi', 'PR_ENTRYID    0102']);
    expect(replWriter(new PropError(0x8004010f))).toBe('MAPI_E_NOT_FOUND (0x8004010F)');
    expect(replWriter(42)).toBe('42');
    expect(replWriter([])).toBe('[]');
  });

  test('PR_ names complete in identifiers and strings; anything else is left to Node', () => {
    expect(completePropNames("m.get('PR_SUBJECT_P")).toEqual([['PR_SUBJECT_PREFIX_A', 'PR_SUBJECT_PREFIX_W'], 'PR_SUBJECT_P']);
    expect(completePropNames('x = PR_CONTENT_UNR')).toEqual([['PR_CONTENT_UNREAD'], 'PR_CONTENT_UNR']);
    expect(completePropNames('store.get')).toBeNull();
    expect(completePropNames('XPR_SUB')).toBeNull();
  });
});
