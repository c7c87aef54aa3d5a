import type { InterfaceDef } from '../schema';
import { IUnknown } from './IUnknown';

/**
 * IProviderAdmin — the providers of one message service (IMsgServiceAdmin::AdminProviders, or handed to a
 * service entry point). Derives from IUnknown. Vtable order as MAPIX.h's MAPI_IPROVIDERADMIN_METHODS.
 * [MAPIX.h; MAPIGuid.h IID_IProviderAdmin 0x00020325; learn.microsoft.com iprovideradminiunknown.md]
 */
export const IProviderAdmin = {
  name: 'IProviderAdmin',
  iid: '{00020325-0000-0000-C000-000000000046}',
  base: IUnknown,
  methods: [
    {
      name: 'GetLastError',
      params: [
        { name: 'hResult', type: 'HRESULT' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE: the MAPIERROR strings are UTF-16, else 8-bit.' },
        { name: 'lppMAPIError', type: 'MAPIERROR **', dir: 'out', doc: 'May receive NULL. Free with MAPIFreeBuffer.' },
      ],
    },
    {
      name: 'GetProviderTable',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
        { name: 'lppTable', type: 'IMAPITable **', dir: 'out' },
      ],
    },
    {
      name: 'CreateProvider',
      params: [
        { name: 'lpszProvider', type: 'void *', doc: 'Provider section name in MapiSvc.inf. LPTSTR: UTF-16 with MAPI_UNICODE, else 8-bit' },
        { name: 'cValues', type: 'ULONG' },
        { name: 'lpProps', type: 'SPropValue *', countedBy: 'cValues', doc: 'Properties for the provider\'s profile section.' },
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'Reserved; 0 (MAPI_UNICODE).' },
        { name: 'lpUID', type: 'MAPIUID *', dir: 'out', doc: 'Receives the new provider\'s UID (caller\'s 16 bytes).' },
      ],
    },
    {
      name: 'DeleteProvider',
      params: [{ name: 'lpUID', type: 'MAPIUID *' }],
    },
    {
      name: 'OpenProfileSection',
      params: [
        { name: 'lpUID', type: 'MAPIUID *' },
        { name: 'lpInterface', type: 'const GUID *', doc: 'NULL = IID_IProfSect.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_MODIFY, MAPI_DEFERRED_ERRORS, MAPI_FORCE_ACCESS.' },
        { name: 'lppProfSect', type: 'IProfSect **', dir: 'out' },
      ],
    },
  ],
  source: 'MAPIX.h MAPI_IPROVIDERADMIN_METHODS; iprovideradminiunknown.md',
} as const satisfies InterfaceDef;
