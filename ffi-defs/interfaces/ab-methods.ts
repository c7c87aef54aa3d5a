/** Not an interface: shared by two definitions (this module is not re-exported by ./definitions). */

/**
 * The methods IABContainer and IDistList add to IMAPIContainer (the same four, in the same order, in
 * MAPIDefS.h's MAPI_IABCONTAINER_METHODS and MAPI_IDISTLIST_METHODS).
 */
export const AB_CONTAINER_METHODS = [
  {
    name: 'CreateEntry',
    params: [
      { name: 'cbEntryID', type: 'ULONG' },
      { name: 'lpEntryID', type: 'ENTRYID *', sizedBy: 'cbEntryID', doc: 'A template entry id (one of the container\'s PR_CREATE_TEMPLATES).' },
      { name: 'ulCreateFlags', type: 'ULONG', doc: 'CREATE_CHECK_DUP_STRICT, CREATE_CHECK_DUP_LOOSE, CREATE_REPLACE.' },
      { name: 'lppMAPIPropEntry', type: 'IMAPIProp **', dir: 'out' },
    ],
  },
  {
    name: 'CopyEntries',
    params: [
      { name: 'lpEntries', type: 'SBinaryArray *', doc: 'ENTRYLIST of the entries to copy in.' },
      { name: 'ulUIParam', type: 'ULONG_PTR', doc: 'Parent HWND for progress UI.' },
      { name: 'lpProgress', type: 'IMAPIProgress *', doc: 'May be NULL.' },
      { name: 'ulFlags', type: 'ULONG', doc: 'AB_NO_DIALOG, CREATE_CHECK_DUP_STRICT, ...' },
    ],
  },
  {
    name: 'DeleteEntries',
    params: [
      { name: 'lpEntries', type: 'SBinaryArray *', doc: 'ENTRYLIST of the entries to delete.' },
      { name: 'ulFlags', type: 'ULONG', doc: 'Reserved; 0.' },
    ],
  },
  {
    name: 'ResolveNames',
    doc: 'Resolves the unresolved rows of the ADRLIST against this container; lpFlagList says, row by row, MAPI_UNRESOLVED, MAPI_AMBIGUOUS or MAPI_RESOLVED.',
    params: [
      { name: 'lpPropTagArray', type: 'SPropTagArray *', doc: 'Columns wanted in the resolved rows; NULL = the container\'s default.' },
      { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
      { name: 'lpAdrList', type: 'ADRLIST *', doc: 'As IAddrBook::ResolveName: resolved rows are freed and replaced.' },
      { name: 'lpFlagList', type: 'FlagList *', doc: 'cFlags = cEntries; in: the rows to resolve are MAPI_UNRESOLVED; out: each row\'s state.' },
    ],
  },
] as const;
