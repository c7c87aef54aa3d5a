/**
 * The profile commands (lib/cli/profiles.ts): profiles [--json], profile create NAME --service ...
 * [--pst PATH] [--default], profile copy|rename NAME NEW, profile services NAME, profile default NAME,
 * profile delete NAME --yes;
 * run in-process against the sample provider's profile subsystem, each test with a profile file of
 * its own (knob profiles=PATH), and once as a child process (exit codes, leak check).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../lib/cli/main';
import { capture, dllArgs, spawnCli } from './helpers/cli';
import { expectNoLeaks, init, knobs, stats } from './helpers/provider';

expectNoLeaks();

let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kmapi-cliprof-'));
  file = path.join(dir, 'profiles.txt');
  knobs(`profiles=${file}`);
});

afterEach(() => {
  knobs('');
  expect([stats().objects, stats().buffers]).toEqual([0, 0]);
  fs.rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[], code = 0): Promise<string> {
  const io = capture();
  const got = await main([...dllArgs, ...args], io);
  expect({ code: got, err: io.e.join('\n') }).toEqual({ code, err: code === 0 ? '' : expect.any(String) });
  return code === 0 ? io.o.join('\n') : io.e.join('\n');
}

test('create, list, services, default, delete', async () => {
  expect(await cli(['profiles'])).toMatch(/^no profiles/);
  expect(await cli(['profile', 'create', 'Two', '--service', 'KMAPI_SAMPLE', '--service', 'KMAPI_ARCHIVE'])).toBe(
    "created profile 'Two' with 2 services: KMAPI_SAMPLE, KMAPI_ARCHIVE",
  );
  await cli(['profile', 'create', 'Empty', '--default']);
  const rows = (await cli(['profiles'])).split('\n');
  expect(rows[0]).toMatch(/^DEFAULT +NAME$/);
  expect(rows.slice(1).map((r) => r.trim().replace(/ +/g, ' ')).sort()).toEqual(['* Empty', 'Two']);
  expect(JSON.parse(await cli(['--json', 'profiles']))).toEqual(expect.arrayContaining([{ name: 'Two', isDefault: false }, { name: 'Empty', isDefault: true }]));
  const svcs = JSON.parse(await cli(['--json', 'profile', 'services', 'Two']));
  expect(svcs.map((s: { service: string }) => s.service).sort()).toEqual(['KMAPI_ARCHIVE', 'KMAPI_SAMPLE']);
  expect(await cli(['profile', 'services', 'Empty'])).toBe("profile 'Empty' has no message services");
  expect((await cli(['profile', 'services', 'Two'])).split('\n')[0]).toMatch(/^SERVICE +DISPLAY NAME +UID$/);
  await cli(['profile', 'default', 'Two']);
  expect(JSON.parse(await cli(['--json', 'profiles'])).find((p: { isDefault: boolean }) => p.isDefault).name).toBe('Two');
  expect(await cli(['profile', 'delete', 'Empty', '--yes'])).toBe("deleted profile 'Empty'");
  expect(JSON.parse(await cli(['--json', 'profiles'])).map((p: { name: string }) => p.name)).toEqual(['Two']);
});

test('copy and rename: the copy has the services, the renamed default stays the default; errors named', async () => {
  await cli(['profile', 'create', 'Two', '--service', 'KMAPI_SAMPLE', '--service', 'KMAPI_ARCHIVE', '--default']);
  expect(await cli(['profile', 'copy', 'Two', 'Spare'])).toBe("copied profile 'Two' to 'Spare' with 2 services: KMAPI_SAMPLE, KMAPI_ARCHIVE");
  expect(await cli(['profile', 'rename', 'two', 'Work'])).toBe("renamed profile 'two' to 'Work' (default)");
  expect(JSON.parse(await cli(['--json', 'profile', 'rename', 'Spare', 'Spare 2']))).toEqual({ renamed: 'Spare', name: 'Spare 2', isDefault: false, pending: false });
  const copied = JSON.parse(await cli(['--json', 'profile', 'copy', 'Work', 'Third']));
  expect(copied).toMatchObject({ copied: 'Work', name: 'Third' });
  expect(copied.services.map((x: { service: string }) => x.service).sort()).toEqual(['KMAPI_ARCHIVE', 'KMAPI_SAMPLE']);
  expect(JSON.parse(await cli(['--json', 'profiles'])).map((p: { name: string; isDefault: boolean }) => [p.name, p.isDefault]).sort()).toEqual([
    ['Spare 2', false],
    ['Third', false],
    ['Work', true],
  ]);
  const before = fs.readFileSync(file, 'utf8');
  expect(await cli(['profile', 'copy', 'Work', 'third'], 1)).toMatch(/^koffi-mapi: IProfAdmin::CopyProfile failed: MAPI_E_NO_ACCESS \(0x80070005\)/);
  expect(await cli(['profile', 'rename', 'Nope', 'X'], 1)).toMatch(/IProfAdmin::RenameProfile failed: MAPI_E_NOT_FOUND/);
  expect(await cli(['profile', 'rename', 'Work', 'Work '], 1)).toMatch(/MAPI_E_INVALID_PARAMETER .*begin or end with a space/);
  expect(await cli(['profile', 'copy', 'Work'], 2)).toMatch(/new-name/);
  expect(fs.readFileSync(file, 'utf8')).toBe(before);
});

test('rename of a profile in use: the command says MAPI renames it when its last session ends', async () => {
  await cli(['profile', 'create', 'Busy', '--service', 'KMAPI_SAMPLE']);
  const mapi = init();
  try {
    const s = mapi.logon({ profile: 'Busy' });
    expect(await cli(['profile', 'rename', 'Busy', 'Idle'])).toBe("profile 'Busy' is in use: MAPI renames it to 'Idle' when its last session ends");
    expect(JSON.parse(await cli(['--json', 'profile', 'rename', 'Busy', 'Later']))).toEqual({ renamed: 'Busy', name: 'Busy', isDefault: false, pending: true });
    s.logoff();
    s.release();
    expect(JSON.parse(await cli(['--json', 'profiles']))).toEqual([{ name: 'Later', isDefault: false }]);
  } finally {
    mapi.uninitialize();
  }
});

test('--pst sets PR_PST_PATH_W of the first service (absolute); the store then lives in that file', async () => {
  const pst = path.join(dir, 'mail.store');
  await cli(['profile', 'create', 'P', '--service', 'KMAPI_SAMPLE', '--pst', pst]);
  expect(fs.readFileSync(file, 'utf8')).toContain('mail.store');
  expect(await cli(['--profile', 'P', 'stores'])).toMatch(/Sample Mailbox/);
  expect(fs.existsSync(pst)).toBe(true);
});

test('errors: named, exit 1; usage errors exit 2; nothing changed', async () => {
  await cli(['profile', 'create', 'A']);
  const before = fs.readFileSync(file, 'utf8');
  expect(await cli(['profile', 'create', 'a'], 1)).toMatch(/^koffi-mapi: IProfAdmin::CreateProfile failed: MAPI_E_NO_ACCESS \(0x80070005\)/);
  expect(await cli(['profile', 'delete', 'Nope', '--yes'], 1)).toMatch(/MAPI_E_NOT_FOUND \(0x8004010F\)/);
  expect(await cli(['profile', 'services', 'Nope'], 1)).toMatch(/MAPI_E_NOT_FOUND/);
  expect(await cli(['profile', 'create', 'B', '--service', 'NO_SUCH'], 1)).toMatch(/IMsgServiceAdmin2::CreateMsgServiceEx failed/);
  expect(await cli(['profile', 'create', 'B', '--pst', 'x.pst'], 2)).toMatch(/--pst .* --service/);
  expect(await cli(['profile', 'delete', 'A'], 2)).toMatch(/--yes/);
  expect(fs.readFileSync(file, 'utf8')).toBe(before);
});

test('as a child process: --json output, exit codes, no leak (KOFFI_MAPI_CHECK_LEAKS)', async () => {
  const env = { KMAPI_PROFILES: file };
  const made = await spawnCli([...dllArgs, '--json', 'profile', 'create', 'Kid', '--service', 'KMAPI_ARCHIVE'], env);
  expect(made).toMatchObject({ code: 0, stderr: '' });
  expect(JSON.parse(made.stdout)).toMatchObject({ name: 'Kid', services: [{ service: 'KMAPI_ARCHIVE' }] });
  const dup = await spawnCli([...dllArgs, 'profile', 'create', 'Kid'], env);
  expect(dup.code).toBe(1);
  expect(dup.stderr).toMatch(/MAPI_E_NO_ACCESS/);
  knobs('');
  expect((await spawnCli([...dllArgs, '--profile', 'Kid', 'stores'], env)).stdout).toMatch(/Sample Archive/);
}, 120_000);
