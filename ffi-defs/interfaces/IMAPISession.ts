import type { InterfaceDef } from '../schema';
import { IUnknown } from './IUnknown';

const LPTSTR_DOC = 'UTF-16 when MAPI_UNICODE is passed in ulFlags, else 8-bit';

/**
 * IMAPISession — the session returned by MAPILogonEx. Derives from IUnknown, NOT IMAPIProp.
 * ShowForm/PrepareForm belong to the (obsolete) MAPI form architecture.
 * [MAPIX.h MAPI_IMAPISESSION_METHODS; learn.microsoft.com imapisessioniunknown.md]
 */
export const IMAPISession = {
  name: 'IMAPISession',
  iid: '{00020300-0000-0000-C000-000000000046}',
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
      name: 'GetMsgStoresTable',
      doc: 'One row per message store in the profile (PR_ENTRYID, PR_DISPLAY_NAME, PR_DEFAULT_STORE…).',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
        { name: 'lppTable', type: 'IMAPITable **', dir: 'out' },
      ],
    },
    {
      name: 'OpenMsgStore',
      params: [
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND for any dialog.' },
        { name: 'cbEntryID', type: 'ULONG' },
        { name: 'lpEntryID', type: 'ENTRYID *', sizedBy: 'cbEntryID', doc: 'PR_ENTRYID from the message stores table.' },
        { name: 'lpInterface', type: 'const GUID *', doc: 'NULL = IID_IMsgStore.' },
        {
          name: 'ulFlags',
          type: 'ULONG',
          doc: 'MAPI_BEST_ACCESS, MDB_WRITE, MDB_NO_DIALOG, MDB_NO_MAIL, MDB_TEMPORARY, MAPI_DEFERRED_ERRORS.',
        },
        { name: 'lppMDB', type: 'IMsgStore **', dir: 'out' },
      ],
    },
    {
      name: 'OpenAddressBook',
      params: [
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND for any dialog.' },
        { name: 'lpInterface', type: 'const GUID *', doc: 'NULL = IID_IAddrBook.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'AB_NO_DIALOG' },
        { name: 'lppAdrBook', type: 'IAddrBook **', dir: 'out', doc: 'May be set even when MAPI_W_ERRORS_RETURNED is returned.' },
      ],
    },
    {
      name: 'OpenProfileSection',
      params: [
        { name: 'lpUID', type: 'MAPIUID *', doc: 'Identifies the profile section.' },
        { name: 'lpInterface', type: 'const GUID *', doc: 'NULL = IID_IProfSect.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_MODIFY, MAPI_DEFERRED_ERRORS.' },
        { name: 'lppProfSect', type: 'IProfSect **', dir: 'out' },
      ],
    },
    {
      name: 'GetStatusTable',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
        { name: 'lppTable', type: 'IMAPITable **', dir: 'out' },
      ],
    },
    {
      name: 'OpenEntry',
      params: [
        { name: 'cbEntryID', type: 'ULONG' },
        { name: 'lpEntryID', type: 'ENTRYID *', sizedBy: 'cbEntryID', doc: 'NULL (with cbEntryID 0) opens the address book root container.' },
        { name: 'lpInterface', type: 'const GUID *', doc: 'NULL = the object\'s standard interface.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_BEST_ACCESS, MAPI_MODIFY, MAPI_DEFERRED_ERRORS.' },
        { name: 'lpulObjType', type: 'ULONG *', dir: 'out' },
        { name: 'lppUnk', type: 'IUnknown **', dir: 'out', doc: 'An interface pointer of type *lpInterface (or the standard one).' },
      ],
    },
    {
      name: 'CompareEntryIDs',
      params: [
        { name: 'cbEntryID1', type: 'ULONG' },
        { name: 'lpEntryID1', type: 'ENTRYID *', sizedBy: 'cbEntryID1' },
        { name: 'cbEntryID2', type: 'ULONG' },
        { name: 'lpEntryID2', type: 'ENTRYID *', sizedBy: 'cbEntryID2' },
        { name: 'ulFlags', type: 'ULONG', doc: 'Reserved; 0.' },
        { name: 'lpulResult', type: 'ULONG *', dir: 'out', doc: 'TRUE (1) when both refer to the same object.' },
      ],
    },
    {
      name: 'Advise',
      params: [
        { name: 'cbEntryID', type: 'ULONG' },
        { name: 'lpEntryID', type: 'ENTRYID *', sizedBy: 'cbEntryID', doc: 'Object (store, folder, message, address book entry…) to watch.' },
        { name: 'ulEventMask', type: 'ULONG', doc: 'fnev* bits.' },
        { name: 'lpAdviseSink', type: 'IMAPIAdviseSink *' },
        { name: 'lpulConnection', type: 'ULONG_PTR *', dir: 'out' },
      ],
    },
    {
      name: 'Unadvise',
      params: [{ name: 'ulConnection', type: 'ULONG_PTR' }],
    },
    {
      name: 'MessageOptions',
      doc: 'Shows the per-address-type message options dialog.',
      params: [
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
        { name: 'lpszAdrType', type: 'void *', doc: `Address type, e.g. "SMTP". ${LPTSTR_DOC}` },
        { name: 'lpMessage', type: 'IMessage *' },
      ],
    },
    {
      name: 'QueryDefaultMessageOpt',
      params: [
        { name: 'lpszAdrType', type: 'void *', doc: LPTSTR_DOC },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
        { name: 'lpcValues', type: 'ULONG *', dir: 'out' },
        { name: 'lppOptions', type: 'SPropValue **', dir: 'out', doc: 'Free with MAPIFreeBuffer.' },
      ],
    },
    {
      name: 'EnumAdrTypes',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
        { name: 'lpcAdrTypes', type: 'ULONG *', dir: 'out' },
        {
          name: 'lpppszAdrTypes',
          type: 'void ***',
          dir: 'out',
          doc: `Receives an array of lpcAdrTypes string pointers (LPTSTR **); free with MAPIFreeBuffer. ${LPTSTR_DOC}`,
        },
      ],
    },
    {
      name: 'QueryIdentity',
      doc: 'Entry ID of the primary identity (usually the user\'s mail user object).',
      params: [
        { name: 'lpcbEntryID', type: 'ULONG *', dir: 'out' },
        { name: 'lppEntryID', type: 'ENTRYID **', dir: 'out', doc: 'Free with MAPIFreeBuffer.' },
      ],
    },
    {
      name: 'Logoff',
      params: [
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_LOGOFF_SHARED, MAPI_LOGOFF_UI.' },
        { name: 'ulReserved', type: 'ULONG', doc: 'Reserved; 0.' },
      ],
    },
    {
      name: 'SetDefaultStore',
      params: [
        {
          name: 'ulFlags',
          type: 'ULONG',
          doc: 'One of MAPI_DEFAULT_STORE, MAPI_SIMPLE_STORE_TEMPORARY, MAPI_SIMPLE_STORE_PERMANENT, MAPI_PRIMARY_STORE, MAPI_SECONDARY_STORE.',
        },
        { name: 'cbEntryID', type: 'ULONG' },
        { name: 'lpEntryID', type: 'ENTRYID *', sizedBy: 'cbEntryID' },
      ],
    },
    {
      name: 'AdminServices',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'Reserved; 0.' },
        { name: 'lppServiceAdmin', type: 'IMsgServiceAdmin **', dir: 'out' },
      ],
    },
    {
      name: 'ShowForm',
      doc: 'Displays a message in a form (MAPI form architecture).',
      params: [
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND.' },
        { name: 'lpMsgStore', type: 'IMsgStore *' },
        { name: 'lpParentFolder', type: 'IMAPIFolder *' },
        { name: 'lpInterface', type: 'const GUID *', doc: 'NULL or IID_IMessage.' },
        { name: 'ulMessageToken', type: 'ULONG_PTR', doc: 'Token from PrepareForm. ULONG_PTR in MAPIX.h (the doc page still shows ULONG).' },
        { name: 'lpMessageSent', type: 'IMessage *', doc: 'Reserved; NULL.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_NEW_MESSAGE, MAPI_POST_MESSAGE.' },
        { name: 'ulMessageStatus', type: 'ULONG', doc: 'PR_MSG_STATUS of the message.' },
        { name: 'ulMessageFlags', type: 'ULONG', doc: 'PR_MESSAGE_FLAGS of the message.' },
        { name: 'ulAccess', type: 'ULONG', doc: 'PR_ACCESS of the message.' },
        { name: 'lpszMessageClass', type: 'CHAR *', doc: 'LPSTR: always 8-bit, whatever the flags.' },
      ],
    },
    {
      name: 'PrepareForm',
      doc: 'Creates a token for a message, to pass to ShowForm.',
      params: [
        { name: 'lpInterface', type: 'const GUID *', doc: 'NULL or IID_IMessage.' },
        { name: 'lpMessage', type: 'IMessage *', doc: 'PrepareForm AddRefs it.' },
        { name: 'lpulMessageToken', type: 'ULONG_PTR *', dir: 'out', doc: 'ULONG_PTR * in MAPIX.h (the doc page still shows ULONG *).' },
      ],
    },
  ],
  source: 'MAPIX.h; imapisessioniunknown.md',
} as const satisfies InterfaceDef;
