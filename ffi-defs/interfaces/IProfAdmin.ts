import type { InterfaceDef } from '../schema';
import { IUnknown } from './IUnknown';

const LPTSTR_DOC = 'LPTSTR: UTF-16 when MAPI_UNICODE is passed in ulFlags, else 8-bit';

/**
 * IProfAdmin — profile administration, from MAPIAdminProfiles. Derives from IUnknown.
 * Vtable order as MAPIX.h's MAPI_IPROFADMIN_METHODS: GetLastError, GetProfileTable, CreateProfile,
 * DeleteProfile, ChangeProfilePassword, CopyProfile, RenameProfile, SetDefaultProfile, AdminServices.
 * [MAPIX.h; MAPIGuid.h IID_IProfAdmin 0x0002031C; learn.microsoft.com iprofadminiunknown.md and its method pages]
 */
export const IProfAdmin = {
  name: 'IProfAdmin',
  iid: '{0002031C-0000-0000-C000-000000000046}',
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
      name: 'GetProfileTable',
      doc: 'One row per profile: PR_DISPLAY_NAME, PR_DEFAULT_PROFILE.',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
        { name: 'lppTable', type: 'IMAPITable **', dir: 'out' },
      ],
    },
    {
      name: 'CreateProfile',
      doc: 'MAPI_E_NO_ACCESS when a profile of that name exists (iprofadmin-createprofile.md).',
      params: [
        { name: 'lpszProfileName', type: 'void *', doc: `Up to 64 characters. ${LPTSTR_DOC}` },
        { name: 'lpszPassword', type: 'void *', doc: `Must be NULL. ${LPTSTR_DOC}` },
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_DEFAULT_SERVICES, MAPI_DIALOG, MAPI_UNICODE.' },
      ],
    },
    {
      name: 'DeleteProfile',
      doc: 'MAPI_E_NOT_FOUND when there is no such profile.',
      params: [
        { name: 'lpszProfileName', type: 'void *', doc: LPTSTR_DOC },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
      ],
    },
    {
      name: 'ChangeProfilePassword',
      doc: 'Obsolete: profile passwords are not supported.',
      params: [
        { name: 'lpszProfileName', type: 'void *', doc: LPTSTR_DOC },
        { name: 'lpszOldPassword', type: 'void *', doc: LPTSTR_DOC },
        { name: 'lpszNewPassword', type: 'void *', doc: LPTSTR_DOC },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
      ],
    },
    {
      name: 'CopyProfile',
      params: [
        { name: 'lpszOldProfileName', type: 'void *', doc: LPTSTR_DOC },
        { name: 'lpszOldPassword', type: 'void *', doc: `Must be NULL. ${LPTSTR_DOC}` },
        { name: 'lpszNewProfileName', type: 'void *', doc: LPTSTR_DOC },
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_DIALOG, MAPI_UNICODE.' },
      ],
    },
    {
      name: 'RenameProfile',
      params: [
        { name: 'lpszOldProfileName', type: 'void *', doc: LPTSTR_DOC },
        { name: 'lpszOldPassword', type: 'void *', doc: `Must be NULL. ${LPTSTR_DOC}` },
        { name: 'lpszNewProfileName', type: 'void *', doc: LPTSTR_DOC },
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_DIALOG, MAPI_UNICODE.' },
      ],
    },
    {
      name: 'SetDefaultProfile',
      params: [
        { name: 'lpszProfileName', type: 'void *', doc: `NULL clears the default. ${LPTSTR_DOC}` },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
      ],
    },
    {
      name: 'AdminServices',
      doc: 'The message services of a profile, without logging on to it.',
      params: [
        { name: 'lpszProfileName', type: 'void *', doc: LPTSTR_DOC },
        { name: 'lpszPassword', type: 'void *', doc: `Must be NULL. ${LPTSTR_DOC}` },
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
        { name: 'lppServiceAdmin', type: 'IMsgServiceAdmin **', dir: 'out' },
      ],
    },
  ],
  source: 'MAPIX.h MAPI_IPROFADMIN_METHODS; iprofadminiunknown.md',
} as const satisfies InterfaceDef;
