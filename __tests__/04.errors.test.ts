/** HRESULTs become named, typed errors. */
import { MapiError, MapiArgumentError, hresultName, hresultInfo, hresult, check, failed, guidBytes } from '../lib';
import { paramType, parseType, structType } from '../lib/ffi/types';

describe('MapiError', () => {
  test('carries the HRESULT, its name, the call and a readable message', () => {
    const e = new MapiError(0x8004010f, 'IMsgStore::OpenEntry');
    expect(e.hr).toBe(0x8004010f);
    expect(e.name).toBe('MAPI_E_NOT_FOUND');
    expect(e.code).toBe('MAPI_E_NOT_FOUND');
    expect(e.call).toBe('IMsgStore::OpenEntry');
    expect(e.message).toBe('IMsgStore::OpenEntry failed: MAPI_E_NOT_FOUND (0x8004010F)');
    expect(e.text).toMatch(/\w/);
    expect(e).toBeInstanceOf(Error);
    expect(String(e.stack)).toContain('IMsgStore::OpenEntry failed');
  });

  test('accepts signed HRESULTs as Koffi returns them', () => {
    expect(new MapiError(0x80040111 | 0, 'MAPILogonEx').hr).toBe(0x80040111);
    expect(new MapiError(-2147221233, 'x').name).toBe('MAPI_E_NOT_FOUND');
  });

  test('an unknown HRESULT is named by its hex value', () => {
    const e = new MapiError(0x8badf00d, 'IFoo::Bar');
    expect(e.name).toBe('0x8BADF00D');
    expect(e.message).toBe('IFoo::Bar failed: 0x8BADF00D');
  });

  test('shared values use the MAPI name, except E_NOINTERFACE', () => {
    expect(hresultName(0x80004005)).toBe('MAPI_E_CALL_FAILED');
    expect(hresultName(0x80070057)).toBe('MAPI_E_INVALID_PARAMETER');
    expect(hresultName(0x80004002)).toBe('E_NOINTERFACE');
    expect(hresultInfo('E_FAIL')?.value).toBe(0x80004005);
    expect(hresultInfo('0x80040605')?.name).toBe('MAPI_E_NOT_INITIALIZED');
    expect(hresult('MAPI_W_ERRORS_RETURNED')).toBe(0x00040380);
  });

  test('warnings and S_FALSE are successes: check() returns them', () => {
    expect(check(0x00040380, 'IMAPIProp::GetProps')).toBe(0x00040380);
    expect(check(1, 'x')).toBe(1);
    expect(failed(0x00040380)).toBe(false);
    expect(failed(0x80040380 | 0)).toBe(true);
    expect(() => check(0x80040102 | 0, 'IMAPIFolder::CopyFolder')).toThrow('IMAPIFolder::CopyFolder failed: MAPI_E_NO_SUPPORT (0x80040102)');
  });
});

describe('errors the library throws for its own inputs are KoffiMapiErrors with a code', () => {
  const codeOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return [e instanceof MapiArgumentError, (e as MapiArgumentError).code];
    }
    return 'no error';
  };

  test('unknown HRESULT names, malformed GUIDs, bad definitions', () => {
    expect(codeOf(() => hresult('MAPI_E_NO_SUCH_THING'))).toEqual([true, 'ERR_UNKNOWN_HRESULT']);
    expect(codeOf(() => guidBytes('{not-a-guid}'))).toEqual([true, 'ERR_GUID']);
    expect(codeOf(() => parseType('SPropValue &'))).toEqual([true, 'ERR_DEFINITION']);
    expect(codeOf(() => structType('SNoSuchStruct' as never))).toEqual([true, 'ERR_DEFINITION']);
    expect(codeOf(() => paramType({ name: 'lpulCount', type: 'ULONG', dir: 'out' }))).toEqual([true, 'ERR_DEFINITION']);
  });
});
