import type { InterfaceDef } from '../schema';
import { IMAPIProp } from './IMAPIProp';

const LPTSTR_DOC = 'UTF-16 when MAPI_UNICODE is passed in ulFlags, else 8-bit';

/**
 * IAddrBook — the MAPI address book: the merged view of every address book provider of the session
 * (IMAPISession::OpenAddressBook). Opens containers, mail users and distribution lists, resolves names,
 * makes one-off entry ids. Derives from IMAPIProp.
 * [MAPIX.h MAPI_IADDRBOOK_METHODS (mingw-w64's mapix.h has the same slot order); learn.microsoft.com iaddrbookimapiprop.md]
 */
export const IAddrBook = {
  name: 'IAddrBook',
  iid: '{00020309-0000-0000-C000-000000000046}',
  base: IMAPIProp,
  methods: [
    {
      name: 'OpenEntry',
      params: [
        { name: 'cbEntryID', type: 'ULONG' },
        { name: 'lpEntryID', type: 'ENTRYID *', sizedBy: 'cbEntryID', doc: 'NULL (with cbEntryID 0) opens the root container.' },
        { name: 'lpInterface', type: 'const GUID *', doc: 'NULL = the object\'s standard interface (IABContainer, IMailUser, IDistList).' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_BEST_ACCESS, MAPI_MODIFY, MAPI_DEFERRED_ERRORS, MAPI_CACHE_ONLY.' },
        { name: 'lpulObjType', type: 'ULONG *', dir: 'out', doc: 'MAPI_ABCONT, MAPI_MAILUSER, MAPI_DISTLIST.' },
        { name: 'lppUnk', type: 'IUnknown **', dir: 'out' },
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
        { name: 'lpulResult', type: 'ULONG *', dir: 'out', doc: 'TRUE (1) when both refer to the same entry.' },
      ],
    },
    {
      name: 'Advise',
      params: [
        { name: 'cbEntryID', type: 'ULONG' },
        { name: 'lpEntryID', type: 'ENTRYID *', sizedBy: 'cbEntryID', doc: 'The entry to watch.' },
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
      name: 'CreateOneOff',
      doc: 'The one-off entry id of an address that is in no container ([MS-OXCDATA] 2.2.5.1).',
      params: [
        { name: 'lpszName', type: 'void *', doc: `Display name. ${LPTSTR_DOC}` },
        { name: 'lpszAdrType', type: 'void *', doc: `Address type, e.g. "SMTP". ${LPTSTR_DOC}` },
        { name: 'lpszAddress', type: 'void *', doc: `The address. ${LPTSTR_DOC}` },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE, MAPI_SEND_NO_RICH_INFO.' },
        { name: 'lpcbEntryID', type: 'ULONG *', dir: 'out' },
        { name: 'lppEntryID', type: 'ENTRYID **', dir: 'out', doc: 'Free with MAPIFreeBuffer.' },
      ],
    },
    {
      name: 'NewEntry',
      doc: 'Shows the new-entry dialog, or creates an entry from a template.',
      params: [
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'Reserved; 0.' },
        { name: 'cbEIDContainer', type: 'ULONG' },
        { name: 'lpEIDContainer', type: 'ENTRYID *', sizedBy: 'cbEIDContainer' },
        { name: 'cbEIDNewEntryTpl', type: 'ULONG' },
        { name: 'lpEIDNewEntryTpl', type: 'ENTRYID *', sizedBy: 'cbEIDNewEntryTpl' },
        { name: 'lpcbEIDNewEntry', type: 'ULONG *', dir: 'out' },
        { name: 'lppEIDNewEntry', type: 'ENTRYID **', dir: 'out', doc: 'Free with MAPIFreeBuffer.' },
      ],
    },
    {
      name: 'ResolveName',
      doc: 'Resolves each row of the ADRLIST (PR_DISPLAY_NAME) against the search path; replaces resolved rows\' properties.',
      params: [
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND for the ambiguity dialog.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_DIALOG, MAPI_UNICODE.' },
        { name: 'lpszNewEntryTitle', type: 'void *', doc: `Title of the dialog; may be NULL. ${LPTSTR_DOC}` },
        {
          name: 'lpAdrList',
          type: 'ADRLIST *',
          doc: 'MAPIAllocateBuffer memory, each row\'s rgPropVals a separate MAPIAllocateBuffer root: the provider frees and replaces resolved rows.',
        },
      ],
    },
    {
      name: 'Address',
      doc: 'Shows the common address dialog.',
      params: [
        { name: 'lpulUIParam', type: 'ULONG_PTR *', dir: 'inout' },
        { name: 'lpAdrParms', type: 'void *', doc: 'ADRPARM *.' },
        { name: 'lppAdrList', type: 'ADRLIST **', dir: 'inout' },
      ],
    },
    {
      name: 'Details',
      doc: 'Shows the details dialog of an entry.',
      params: [
        { name: 'lpulUIParam', type: 'ULONG_PTR *', dir: 'inout' },
        { name: 'lpfnDismiss', type: 'void *', doc: 'LPFNDISMISS callback; may be NULL.' },
        { name: 'lpvDismissContext', type: 'void *' },
        { name: 'cbEntryID', type: 'ULONG' },
        { name: 'lpEntryID', type: 'ENTRYID *', sizedBy: 'cbEntryID' },
        { name: 'lpfButtonCallback', type: 'void *', doc: 'LPFNBUTTON callback; may be NULL.' },
        { name: 'lpvButtonContext', type: 'void *' },
        { name: 'lpszButtonText', type: 'void *', doc: LPTSTR_DOC },
        { name: 'ulFlags', type: 'ULONG', doc: 'AB_TELEPHONE..., DIALOG_MODAL, DIALOG_SDI, MAPI_UNICODE.' },
      ],
    },
    {
      name: 'RecipOptions',
      params: [
        { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
        { name: 'lpRecip', type: 'ADRENTRY *', doc: 'The recipient; the provider may replace its rgPropVals.' },
      ],
    },
    {
      name: 'QueryDefaultRecipOpt',
      params: [
        { name: 'lpszAdrType', type: 'void *', doc: LPTSTR_DOC },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
        { name: 'lpcValues', type: 'ULONG *', dir: 'out' },
        { name: 'lppOptions', type: 'SPropValue **', dir: 'out', doc: 'Free with MAPIFreeBuffer.' },
      ],
    },
    {
      name: 'GetPAB',
      doc: 'Entry id of the personal address book container.',
      params: [
        { name: 'lpcbEntryID', type: 'ULONG *', dir: 'out' },
        { name: 'lppEntryID', type: 'ENTRYID **', dir: 'out', doc: 'Free with MAPIFreeBuffer.' },
      ],
    },
    {
      name: 'SetPAB',
      params: [
        { name: 'cbEntryID', type: 'ULONG' },
        { name: 'lpEntryID', type: 'ENTRYID *', sizedBy: 'cbEntryID' },
      ],
    },
    {
      name: 'GetDefaultDir',
      doc: 'Entry id of the container the address dialog opens first.',
      params: [
        { name: 'lpcbEntryID', type: 'ULONG *', dir: 'out' },
        { name: 'lppEntryID', type: 'ENTRYID **', dir: 'out', doc: 'Free with MAPIFreeBuffer.' },
      ],
    },
    {
      name: 'SetDefaultDir',
      params: [
        { name: 'cbEntryID', type: 'ULONG' },
        { name: 'lpEntryID', type: 'ENTRYID *', sizedBy: 'cbEntryID' },
      ],
    },
    {
      name: 'GetSearchPath',
      doc: 'The containers ResolveName searches, in order: rows with PR_ENTRYID, PR_DISPLAY_NAME...',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
        { name: 'lppSearchPath', type: 'SRowSet **', dir: 'out', doc: 'Free with FreeProws.' },
      ],
    },
    {
      name: 'SetSearchPath',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'Reserved; 0.' },
        { name: 'lpSearchPath', type: 'SRowSet *' },
      ],
    },
    {
      name: 'PrepareRecips',
      doc: 'Makes the listed properties of each recipient current (opens each entry).',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_CACHE_ONLY' },
        { name: 'lpPropTagArray', type: 'SPropTagArray *', doc: 'Properties wanted first; may be NULL.' },
        { name: 'lpRecipList', type: 'ADRLIST *', doc: 'Rows updated in place (their rgPropVals replaced).' },
      ],
    },
  ],
  source: 'MAPIX.h; iaddrbookimapiprop.md',
} as const satisfies InterfaceDef;
