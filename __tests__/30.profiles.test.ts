/**
 * Profiles and services (issue 15). So far: the definitions are bound, and a MAPI DLL without
 * MAPIAdminProfiles (the sample provider, until its profile subsystem lands) fails that one call with a
 * typed load error naming the DLL, not the load of the library nor a crash.
 */
import { MapiLoadError } from '../lib';
import { EXPORTS } from '../ffi-defs/exports';
import { IMsgServiceAdmin, IMsgServiceAdmin2, IProfAdmin } from '../ffi-defs/interfaces';
import { providerLibrary, expectNoLeaks, init } from './helpers/provider';
import { testIf } from './helpers/skip';

// Under Wine the call goes to Wine's mapi32.dll, which exports MAPIAdminProfiles itself.
const direct = process.platform !== 'win32' && !process.env.KMAPI_TEST_DLL;

expectNoLeaks();

describe('MAPIAdminProfiles', () => {
  testIf(direct, "the sample provider loaded directly only: under Wine the call goes to Wine's mapi32.dll, which exports MAPIAdminProfiles")('a DLL without the export: ERR_NO_EXPORT naming the DLL, and the library still works', () => {
    const lib = providerLibrary();
    const out = [null];
    let err: unknown;
    try {
      lib.call(EXPORTS.MAPIAdminProfiles, 0, out);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MapiLoadError);
    expect(err).toMatchObject({ code: 'ERR_NO_EXPORT', tried: [expect.objectContaining({ path: lib.path, problem: 'missing export MAPIAdminProfiles' })] });
    expect(out[0]).toBeNull();
    const mapi = init();
    try {
      using s = mapi.logon({ profile: 'Sample' });
      expect(s).toBeDefined();
    } finally {
      mapi.uninitialize();
    }
  });
});

describe('definitions', () => {
  test('IMsgServiceAdmin2 keeps IMsgServiceAdmin\'s slots and appends CreateMsgServiceEx; AdminServices is IProfAdmin\'s last method', () => {
    expect(IMsgServiceAdmin2.base).toBe(IMsgServiceAdmin);
    expect(IMsgServiceAdmin2.methods.map((m) => m.name)).toEqual(['CreateMsgServiceEx']);
    expect(IProfAdmin.methods.map((m) => m.name).at(-1)).toBe('AdminServices');
  });
});
