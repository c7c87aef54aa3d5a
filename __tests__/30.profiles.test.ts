/**
 * Profiles and services (issue 15) against the sample provider's profile subsystem: each test has a
 * profile file of its own in a temp dir (the provider's profiles=PATH knob), so tests share nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { initialize, load, MapiArgumentError, MapiError, setTrace, type Mapi, type TraceRecord } from '../lib';
import { IMsgServiceAdmin2, IProfAdmin } from '../ffi-defs/interfaces';
import { expectNoLeaks, init, knobs, providerLibrary, stats } from './helpers/provider';
import { childWorkspace, runToFiles } from './helpers/child';
import { testIf } from './helpers/skip';

expectNoLeaks();

let dir: string;
let file: string;
let mapi: Mapi;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kmapi-prof-'));
  file = join(dir, 'profiles.txt');
  knobs(`profiles=${file}`);
  mapi = init();
});

afterEach(() => {
  mapi.uninitialize();
  knobs('');
  const s = stats();
  expect({ objects: s.objects, buffers: s.buffers }).toEqual({ objects: 0, buffers: 0 });
  rmSync(dir, { recursive: true, force: true });
});

/** The sample service's knobs (sample-provider/src/profile.h). */
const PR_KMAPI_KNOBS_W = 0x67f0001f;

const TWO = [{ service: 'KMAPI_SAMPLE' }, { service: 'KMAPI_ARCHIVE', displayName: 'The archive' }];

function hrOf(fn: () => unknown): MapiError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MapiError);
    return e as MapiError;
  }
  throw new Error('no error');
}

describe('mapi.profiles', () => {
  test('create / list / setDefault / delete', () => {
    expect(mapi.profiles.list()).toEqual([]);
    mapi.profiles.create('Work');
    mapi.profiles.create('Home', { services: ['KMAPI_SAMPLE'], setDefault: true });
    expect(mapi.profiles.list().map((p) => [p.name, p.isDefault]).sort()).toEqual([['Home', true], ['Work', false]]);
    mapi.profiles.setDefault('work');
    expect(mapi.profiles.default()?.name).toBe('Work');
    mapi.profiles.delete('Work');
    expect(mapi.profiles.list().map((p) => p.name)).toEqual(['Home']);
    expect(readFileSync(file, 'utf8')).toContain('Home');
  });

  test('services() and configure(); logon shows both stores of the two services', () => {
    const p = mapi.profiles.create('Two', { services: TWO });
    const svcs = p.services();
    expect(svcs.map((s) => s.service).sort()).toEqual(['KMAPI_ARCHIVE', 'KMAPI_SAMPLE']);
    expect(svcs.find((s) => s.service === 'KMAPI_ARCHIVE')!.displayName).toBe('The archive');
    for (const s of svcs) expect(s.uid).toMatch(/^[0-9A-F]{32}$/);
    svcs[0].configure({ PR_DISPLAY_NAME_W: 'Renamed' });
    expect(p.services().find((s) => s.uid === svcs[0].uid)!.displayName).toBe('Renamed');
    using s = mapi.logon({ profile: 'Two' });
    expect(s.stores().map((x) => x.name).sort()).toEqual(['Sample Archive', 'Sample Mailbox']);
  });

  test('a service is added with CreateMsgServiceEx (its UID handed back); without IMsgServiceAdmin2, with CreateMsgService', () => {
    const calls = (fn: () => void) => {
      const seen: string[] = [];
      setTrace((r: TraceRecord) => void (r.dir === 'out' && /CreateMsgService/.test(r.call) && seen.push(r.call)));
      try {
        fn();
      } finally {
        setTrace(null);
      }
      return seen;
    };
    expect(calls(() => mapi.profiles.create('New', { services: TWO }))).toEqual(['IMsgServiceAdmin2::CreateMsgServiceEx', 'IMsgServiceAdmin2::CreateMsgServiceEx']);
    // MAPI before Outlook 2010: the sample provider's profiles.noAdmin2 knob.
    knobs(`profiles=${file};profiles.noAdmin2=1`);
    expect(calls(() => mapi.profiles.create('Old', { services: TWO }))).toEqual(['IMsgServiceAdmin::CreateMsgService', 'IMsgServiceAdmin::CreateMsgService']);
    for (const name of ['New', 'Old']) {
      const svcs = mapi.profiles.get(name).services();
      expect(svcs.map((x) => [x.service, x.displayName]).sort()).toEqual([['KMAPI_ARCHIVE', 'The archive'], ['KMAPI_SAMPLE', 'Sample Mailbox']]);
    }
    // Either way the service returned is the one added, and its configuration is the one given.
    for (const [name, knob] of [['New2', ''], ['Old2', ';profiles.noAdmin2=1']]) {
      knobs(`profiles=${file}${knob}`);
      const p = mapi.profiles.create(name, { services: ['KMAPI_ARCHIVE'] });
      const added = p.addService({ service: 'KMAPI_SAMPLE', props: [{ tag: PR_KMAPI_KNOBS_W, value: 'messages=2' }] });
      expect(added.service).toBe('KMAPI_SAMPLE');
      expect(p.services().find((x) => x.service === 'KMAPI_SAMPLE')!.uid).toBe(added.uid);
      using session = mapi.logon({ profile: name });
      using store = session.openStore(session.stores().find((x) => x.name === 'Sample Mailbox')!.entryId);
      using inbox = store.receiveFolder();
      expect(inbox.get('PR_CONTENT_COUNT')).toBe(2);
    }
    knobs(`profiles=${file}`);
  });

  test("configure() takes effect at the next logon: the service's knobs shape its store", () => {
    const p = mapi.profiles.create('Knobbed', { services: [{ service: 'KMAPI_SAMPLE', props: [{ tag: PR_KMAPI_KNOBS_W, value: 'messages=7' }] }] });
    const count = () => {
      using s = mapi.logon({ profile: 'Knobbed' });
      using store = s.defaultStore();
      using inbox = store.receiveFolder();
      return inbox.get('PR_CONTENT_COUNT');
    };
    expect(count()).toBe(7);
    p.services()[0].configure([{ tag: PR_KMAPI_KNOBS_W, value: 'messages=3' }]);
    expect(count()).toBe(3);
  });

  test('copy(): a new profile with copies of the services (new UIDs, the same configuration); rename() keeps the default', () => {
    const p = mapi.profiles.create('Two', { services: TWO, setDefault: true });
    p.services().find((s) => s.service === 'KMAPI_SAMPLE')!.configure([{ tag: PR_KMAPI_KNOBS_W, value: 'messages=4' }]);
    const copy = mapi.profiles.copy('two', 'Two copy');
    expect(copy).toMatchObject({ name: 'Two copy', isDefault: false });
    const [a, b] = [p.services(), copy.services()].map((l) => l.sort((x, y) => x.service.localeCompare(y.service)));
    expect(b.map((s) => [s.service, s.displayName])).toEqual(a.map((s) => [s.service, s.displayName]));
    for (let i = 0; i < a.length; i++) expect(b[i].uid).not.toBe(a[i].uid);
    {
      using s = mapi.logon({ profile: 'Two copy' });
      using store = s.openStore(s.stores().find((x) => x.name === 'Sample Mailbox')!.entryId);
      using inbox = store.receiveFolder();
      expect(inbox.get('PR_CONTENT_COUNT')).toBe(4);
    }
    const renamed = p.rename('Work');
    expect(renamed).toMatchObject({ name: 'Work', isDefault: true });
    expect(mapi.profiles.list().map((x) => [x.name, x.isDefault]).sort()).toEqual([['Two copy', false], ['Work', true]]);
    {
      using d = mapi.logon();
      expect(d.stores().map((x) => x.name).sort()).toEqual(['Sample Archive', 'Sample Mailbox']);
    }
    // A new name that exists, an unknown profile: MAPI's errors, the file unchanged.
    const before = readFileSync(file, 'utf8');
    expect(hrOf(() => mapi.profiles.copy('Work', 'two COPY'))).toMatchObject({ code: 'MAPI_E_NO_ACCESS', call: 'IProfAdmin::CopyProfile' });
    expect(hrOf(() => mapi.profiles.rename('Work', 'Two copy'))).toMatchObject({ code: 'MAPI_E_NO_ACCESS', call: 'IProfAdmin::RenameProfile' });
    expect(hrOf(() => mapi.profiles.rename('Nope', 'Other'))).toMatchObject({ code: 'MAPI_E_NOT_FOUND', call: 'IProfAdmin::RenameProfile' });
    expect(hrOf(() => mapi.profiles.copy('Nope', 'Other'))).toMatchObject({ code: 'MAPI_E_NOT_FOUND', call: 'IProfAdmin::CopyProfile' });
    expect(readFileSync(file, 'utf8')).toBe(before);
    // Only the case changes: the same profile, renamed.
    expect(mapi.profiles.rename('work', 'WORK')).toMatchObject({ name: 'WORK', isDefault: true });
    expect(() => mapi.profiles.copy('WORK', 7 as never)).toThrow(MapiArgumentError);
  });

  test('a profile in use: rename() and delete() are carried out when its last session ends, as MAPI marks them', () => {
    mapi.profiles.create('Busy', { services: ['KMAPI_SAMPLE'], setDefault: true });
    const first = mapi.logon({ profile: 'Busy' });
    const second = mapi.logon();
    // What can be checked at once still is: a taken name.
    mapi.profiles.create('Taken');
    expect(hrOf(() => mapi.profiles.rename('Busy', 'taken'))).toMatchObject({ code: 'MAPI_E_NO_ACCESS' });
    expect(mapi.profiles.rename('Busy', 'Idle')).toMatchObject({ name: 'Busy', isDefault: true });
    expect(mapi.profiles.list().map((p) => p.name).sort()).toEqual(['Busy', 'Taken']);
    expect(first.stores().map((x) => x.name)).toEqual(['Sample Mailbox']);
    first.logoff();
    expect(mapi.profiles.get('busy').name).toBe('Busy');
    second.release(); // never logged off: the last release ends it
    expect(mapi.profiles.list().map((p) => [p.name, p.isDefault]).sort()).toEqual([['Idle', true], ['Taken', false]]);
    first.release();
    {
      using s = mapi.logon({ profile: 'Idle' });
      mapi.profiles.delete('Idle');
      expect(mapi.profiles.get('Idle').isDefault).toBe(true);
    }
    expect(mapi.profiles.list().map((p) => p.name)).toEqual(['Taken']);
    expect(readFileSync(file, 'utf8')).not.toContain('Idle');
  });

  test('names MAPI refuses (over 64 characters, empty, a space first or last): a named error, nothing written', () => {
    mapi.profiles.create('Keep');
    const before = readFileSync(file, 'utf8');
    for (const bad of [' Lead', 'Trail ']) {
      for (const e of [hrOf(() => mapi.profiles.create(bad)), hrOf(() => mapi.profiles.copy('Keep', bad)), hrOf(() => mapi.profiles.rename('Keep', bad))]) {
        expect(e).toMatchObject({ code: 'MAPI_E_INVALID_PARAMETER' });
        expect(e.message).toContain('begin or end with a space');
      }
    }
    expect(mapi.profiles.create('Embedded space').name).toBe('Embedded space');
    mapi.profiles.delete('Embedded space');
    for (const bad of ['x'.repeat(65), '']) {
      const e = hrOf(() => mapi.profiles.create(bad));
      expect(e.call).toBe('IProfAdmin::CreateProfile');
      expect(e.code).toMatch(/^MAPI_E_/);
    }
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  test('a profile with one service shows only its store; the default profile is the one logon() takes', () => {
    mapi.profiles.create('Arch', { services: ['KMAPI_ARCHIVE'], setDefault: true });
    {
      using s = mapi.logon({ profile: 'Arch' });
      expect(s.stores().map((x) => x.name)).toEqual(['Sample Archive']);
    }
    using d = mapi.logon();
    expect(d.stores().map((x) => x.name)).toEqual(['Sample Archive']);
  });

  test('a duplicate name: MAPI_E_NO_ACCESS from CreateProfile, the file unchanged', () => {
    mapi.profiles.create('Dup', { services: ['KMAPI_SAMPLE'] });
    const before = readFileSync(file, 'utf8');
    const e = hrOf(() => mapi.profiles.create('dup'));
    expect(e).toMatchObject({ code: 'MAPI_E_NO_ACCESS', hr: 0x80070005, call: 'IProfAdmin::CreateProfile' });
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  test('an unknown profile: MAPI_E_NOT_FOUND (delete, services, get); logon: MAPI_E_LOGON_FAILED', () => {
    expect(hrOf(() => mapi.profiles.delete('Nope'))).toMatchObject({ code: 'MAPI_E_NOT_FOUND', call: 'IProfAdmin::DeleteProfile' });
    expect(hrOf(() => mapi.profiles.get('Nope'))).toMatchObject({ code: 'MAPI_E_NOT_FOUND' });
    expect(hrOf(() => mapi.profiles.admin().services('Nope'))).toMatchObject({ code: 'MAPI_E_NOT_FOUND', call: 'IProfAdmin::AdminServices' });
    expect(hrOf(() => mapi.logon({ profile: 'Nope' }))).toMatchObject({ code: 'MAPI_E_LOGON_FAILED' });
  });

  test('a service that refuses its configuration: the named error, the half-made profile gone, the file intact', () => {
    mapi.profiles.create('Keep');
    const before = readFileSync(file, 'utf8');
    const e = hrOf(() => mapi.profiles.create('Bad', { services: [{ service: 'KMAPI_SAMPLE', props: [{ tag: PR_KMAPI_KNOBS_W, value: 'nosuchknob=1' }] }] }));
    expect(e.call).toBe('IMsgServiceAdmin::ConfigureMsgService');
    expect(e.code).toMatch(/^MAPI_E_/);
    expect(e.message).toContain(e.code);
    expect(mapi.profiles.list().map((p) => p.name)).toEqual(['Keep']);
    expect(readFileSync(file, 'utf8')).toBe(before);
    const unknown = hrOf(() => mapi.profiles.create('Bad2', { services: ['NO_SUCH_SERVICE'] }));
    expect(unknown.call).toBe('IMsgServiceAdmin2::CreateMsgServiceEx');
    expect(mapi.profiles.list().map((p) => p.name)).toEqual(['Keep']);
  });

  test('bad arguments: typed errors before any call', () => {
    expect(() => mapi.profiles.create(42 as never)).toThrow(MapiArgumentError);
    expect(() => mapi.profiles.create('X', { services: 'KMAPI_SAMPLE' as never })).toThrow(MapiArgumentError);
    expect(() => mapi.profiles.create('X', { services: [{ nope: 1 } as never] })).toThrow(MapiArgumentError);
    expect(() => mapi.profiles.create('X', { services: [{ service: 'KMAPI_SAMPLE', props: 7 as never }] })).toThrow(MapiArgumentError);
    expect(mapi.profiles.list()).toEqual([]);
  });

  test('a corrupt file: MAPI_E_CORRUPT_DATA naming the file, left as it was', () => {
    writeFileSync(file, 'this is not a profile file\n');
    const e = hrOf(() => mapi.profiles.list());
    expect(e.code).toBe('MAPI_E_CORRUPT_DATA');
    expect(e.message).toContain('profiles.txt');
    expect(hrOf(() => mapi.profiles.create('X')).code).toBe('MAPI_E_CORRUPT_DATA');
    expect(readFileSync(file, 'utf8')).toBe('this is not a profile file\n');
  });

  test('released and uninitialized: typed errors, not crashes', () => {
    const a = mapi.profiles.admin();
    a.release();
    expect(() => a.profileRows()).toThrow(expect.objectContaining({ code: 'ERR_RELEASED' }));
    const p = mapi.profiles.create('Z', { services: ['KMAPI_SAMPLE'] });
    const [svc] = p.services();
    mapi.uninitialize();
    expect(() => mapi.profiles.list()).toThrow(expect.objectContaining({ code: 'ERR_RELEASED' }));
    expect(() => svc.configure({ PR_DISPLAY_NAME_W: 'x' })).toThrow(expect.objectContaining({ code: 'ERR_RELEASED' }));
    mapi = init();
  });

  test('the raw interfaces stay reachable', () => {
    using a = mapi.profiles.admin();
    expect(a.raw.interface).toBe(IProfAdmin);
    expect(IMsgServiceAdmin2.methods.map((m) => m.name)).toEqual(['CreateMsgServiceEx']);
  });
});

describe("Windows: Wine's mapi32.dll (the system stub) forwards MAPIAdminProfiles to the registered provider", () => {
  // scripts/windows/test.sh registers the sample provider as the default mail client (DLLPathEx).
  testIf(process.platform === 'win32', 'Windows only (the Wine tier)')('create, list, services and logon through mapi32.dll', () => {
    const stub = load({ path: 'mapi32.dll' });
    expect(stub.path.toLowerCase()).toMatch(/system32.mapi32\.dll$|syswow64.mapi32\.dll$/);
    const m = initialize({ library: stub });
    try {
      m.profiles.create('ViaStub', { services: TWO });
      expect(m.profiles.list().map((p) => p.name)).toEqual(['ViaStub']);
      expect(m.profiles.get('ViaStub').services()).toHaveLength(2);
      expect(hrOf(() => m.profiles.create('viastub'))).toMatchObject({ code: 'MAPI_E_NO_ACCESS' });
      using s = m.logon({ profile: 'ViaStub' });
      expect(s.stores()).toHaveLength(2);
    } finally {
      m.uninitialize();
    }
    // The provider behind the stub wrote the file this test's knob names.
    expect(readFileSync(file, 'utf8')).toContain('ViaStub');
  });
});

/** The child: argv = [compiled lib, MAPI DLL, profile file, prefix, count]: creates `count` profiles, each with a service. */
const CHILD = `'use strict';
const [lib, dll, file, prefix, count] = process.argv.slice(2);
const { initialize, load, sampleProvider } = require(lib);
const library = load({ path: dll });
sampleProvider(library).setKnobs('profiles=' + file);
const mapi = initialize({ library });
for (let i = 0; i < Number(count); i++) mapi.profiles.create(prefix + i, { services: ['KMAPI_SAMPLE'] });
mapi.uninitialize();
console.log('ok ' + prefix);
`;

describe('two processes', () => {
  const ws = childWorkspace(path.resolve(__dirname, '..'), 'profiles', CHILD);
  const N = process.platform === 'win32' ? 6 : 12;

  test('changing the file at once keep it valid: every profile is there, none lost', async () => {
    mapi.profiles.create('before');
    const runs = await Promise.all(
      ['a', 'b'].map((w) =>
        runToFiles([ws.script, ws.lib, providerLibrary().path, file, w, String(N)], { base: path.join(ws.dir, w), cwd: ws.dir, env: process.env, timeoutMs: 120_000 }),
      ),
    );
    for (const r of runs) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const names = mapi.profiles.list().map((p) => p.name).sort();
    const want = ['before', ...['a', 'b'].flatMap((w) => Array.from({ length: N }, (_, i) => `${w}${i}`))].sort();
    expect(names).toEqual(want);
    for (const n of ['a0', `b${N - 1}`]) expect(mapi.profiles.get(n).services().map((s) => s.service)).toEqual(['KMAPI_SAMPLE']);
  }, 180_000);
});
