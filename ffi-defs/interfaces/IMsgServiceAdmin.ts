import type { InterfaceDef } from '../schema';
import { IUnknown } from './IUnknown';

const LPTSTR_DOC = 'LPTSTR: UTF-16 when MAPI_UNICODE is passed in ulFlags, else 8-bit';

const GET_LAST_ERROR = {
  name: 'GetLastError',
  params: [
    { name: 'hResult', type: 'HRESULT' },
    { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE: the MAPIERROR strings are UTF-16, else 8-bit.' },
    { name: 'lppMAPIError', type: 'MAPIERROR **', dir: 'out', doc: 'May receive NULL. Free with MAPIFreeBuffer.' },
  ],
} as const;

/**
 * IMsgServiceAdmin — the message services of one profile (IProfAdmin::AdminServices,
 * IMAPISession::AdminServices). Derives from IUnknown. Vtable order as MAPIX.h's
 * MAPI_IMSGSERVICEADMIN_METHODS. The service's MAPIUID is PR_SERVICE_UID of the services table.
 * [MAPIX.h; MAPIGuid.h IID_IMsgServiceAdmin 0x0002031D; learn.microsoft.com imsgserviceadminiunknown.md]
 */
export const IMsgServiceAdmin = {
  name: 'IMsgServiceAdmin',
  iid: '{0002031D-0000-0000-C000-000000000046}',
  base: IUnknown,
  methods: [
    GET_LAST_ERROR,
    {
      name: 'GetMsgServiceTable',
      doc: 'One row per service: PR_SERVICE_UID, PR_SERVICE_NAME, PR_DISPLAY_NAME, PR_RESOURCE_FLAGS…',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
        { name: 'lppTable', type: 'IMAPITable **', dir: 'out' },
      ],
    },
    {
      name: 'CreateMsgService',
      doc: 'Deprecated for IMsgServiceAdmin2::CreateMsgServiceEx, which also returns the new service UID.',
      params: [
        { name: 'lpszService', type: 'void *', doc: `Service name ([Services] of MapiSvc.inf). ${LPTSTR_DOC}` },
        { name: 'lpszDisplayName', type: 'void *', doc: LPTSTR_DOC },
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'SERVICE_UI_ALWAYS, SERVICE_UI_ALLOWED, SERVICE_NO_RESTART_WARNING, MAPI_UNICODE.' },
      ],
    },
    {
      name: 'DeleteMsgService',
      params: [{ name: 'lpUID', type: 'MAPIUID *', doc: 'PR_SERVICE_UID of the service.' }],
    },
    {
      name: 'CopyMsgService',
      params: [
        { name: 'lpUID', type: 'MAPIUID *' },
        { name: 'lpszDisplayName', type: 'void *', doc: 'Ignored.' },
        { name: 'lpInterfaceToCopy', type: 'const GUID *', doc: 'NULL = IID_IMsgServiceAdmin.' },
        { name: 'lpInterfaceDst', type: 'const GUID *', doc: 'Interface of lpObjectDst (IID_IProfAdmin or IID_IMsgServiceAdmin).' },
        { name: 'lpObjectDst', type: 'void *', doc: 'The destination profile\'s admin object.' },
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'Reserved; 0.' },
      ],
    },
    {
      name: 'RenameMsgService',
      doc: 'Obsolete (MAPI_E_NO_SUPPORT in current MAPI).',
      params: [
        { name: 'lpUID', type: 'MAPIUID *' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
        { name: 'lpszDisplayName', type: 'void *', doc: LPTSTR_DOC },
      ],
    },
    {
      name: 'ConfigureMsgService',
      doc: 'Calls the service\'s entry point with MSG_SERVICE_CONFIGURE; the properties go to its profile section.',
      params: [
        { name: 'lpUID', type: 'MAPIUID *' },
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MSG_SERVICE_UI_READ_ONLY, SERVICE_UI_ALLOWED, SERVICE_UI_ALWAYS, MAPI_UNICODE.' },
        { name: 'cValues', type: 'ULONG' },
        { name: 'lpProps', type: 'SPropValue *', countedBy: 'cValues', doc: 'Array of cValues configuration values.' },
      ],
    },
    {
      name: 'OpenProfileSection',
      params: [
        { name: 'lpUID', type: 'MAPIUID *', doc: 'Section UID (a service UID opens the service\'s own section).' },
        { name: 'lpInterface', type: 'const GUID *', doc: 'NULL = IID_IProfSect.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_MODIFY, MAPI_DEFERRED_ERRORS.' },
        { name: 'lppProfSect', type: 'IProfSect **', dir: 'out' },
      ],
    },
    {
      name: 'MsgServiceTransportOrder',
      params: [
        { name: 'cUID', type: 'ULONG' },
        { name: 'lpUIDList', type: 'MAPIUID *', countedBy: 'cUID', doc: 'Transport provider UIDs, in the new order.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'Reserved; 0.' },
      ],
    },
    {
      name: 'AdminProviders',
      params: [
        { name: 'lpUID', type: 'MAPIUID *', doc: 'PR_SERVICE_UID of the service.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'Reserved; 0.' },
        { name: 'lppProviderAdmin', type: 'IProviderAdmin **', dir: 'out' },
      ],
    },
    {
      name: 'SetPrimaryIdentity',
      params: [
        { name: 'lpUID', type: 'MAPIUID *', doc: 'NULL = no primary identity.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'Reserved; 0.' },
      ],
    },
    {
      name: 'GetProviderTable',
      doc: 'One row per provider of every service in the profile.',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
        { name: 'lppTable', type: 'IMAPITable **', dir: 'out' },
      ],
    },
  ],
  source: 'MAPIX.h MAPI_IMSGSERVICEADMIN_METHODS; imsgserviceadminiunknown.md',
} as const satisfies InterfaceDef;

/**
 * IMsgServiceAdmin2 — IMsgServiceAdmin's methods in the same slots, then CreateMsgServiceEx (MAPIAux.h
 * declares it on IUnknown with MAPI_IMSGSERVICEADMIN_METHODS then MAPI_IMSGSERVICEADMIN2_METHODS, so the
 * vtable is IMsgServiceAdmin's plus one). Obtained by QueryInterface on an IMsgServiceAdmin.
 * [MAPIAux.h (mingw-w64 mapiaux.h: DEFINE_OLEGUID(IID_IMsgServiceAdmin2, 0x00020387, 0, 0));
 * learn.microsoft.com imsgserviceadmin2-createmsgserviceex.md]
 */
export const IMsgServiceAdmin2 = {
  name: 'IMsgServiceAdmin2',
  iid: '{00020387-0000-0000-C000-000000000046}',
  base: IMsgServiceAdmin,
  methods: [
    {
      name: 'CreateMsgServiceEx',
      params: [
        { name: 'lpszService', type: 'void *', doc: LPTSTR_DOC },
        { name: 'lpszDisplayName', type: 'void *', doc: LPTSTR_DOC },
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'SERVICE_UI_ALWAYS, SERVICE_UI_ALLOWED, SERVICE_NO_RESTART_WARNING, MAPI_UNICODE.' },
        { name: 'lpuidService', type: 'MAPIUID *', dir: 'out', doc: 'Receives the new service\'s PR_SERVICE_UID (caller\'s 16 bytes).' },
      ],
    },
  ],
  source: 'MAPIAux.h MAPI_IMSGSERVICEADMIN2_METHODS; imsgserviceadmin2-createmsgserviceex.md',
} as const satisfies InterfaceDef;
