import type { InterfaceDef } from '../schema';
import { IMAPIProp } from './IMAPIProp';

/**
 * IMAPIContainer — objects that contain other objects (folders, address book containers).
 * [MAPIDefS.h MAPI_IMAPICONTAINER_METHODS; learn.microsoft.com imapicontainerimapiprop.md]
 */
export const IMAPIContainer = {
  name: 'IMAPIContainer',
  iid: '{0002030B-0000-0000-C000-000000000046}',
  base: IMAPIProp,
  methods: [
    {
      name: 'GetContentsTable',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_ASSOCIATED, MAPI_DEFERRED_ERRORS, MAPI_UNICODE, SHOW_SOFT_DELETES.' },
        { name: 'lppTable', type: 'IMAPITable **', dir: 'out' },
      ],
    },
    {
      name: 'GetHierarchyTable',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'CONVENIENT_DEPTH, MAPI_DEFERRED_ERRORS, MAPI_UNICODE, SHOW_SOFT_DELETES.' },
        { name: 'lppTable', type: 'IMAPITable **', dir: 'out' },
      ],
    },
    {
      name: 'OpenEntry',
      params: [
        { name: 'cbEntryID', type: 'ULONG' },
        { name: 'lpEntryID', type: 'ENTRYID *', sizedBy: 'cbEntryID', doc: 'NULL (with cbEntryID 0) opens the container itself.' },
        { name: 'lpInterface', type: 'const GUID *', doc: 'NULL = the object\'s standard interface.' },
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_BEST_ACCESS, MAPI_MODIFY, MAPI_DEFERRED_ERRORS.' },
        { name: 'lpulObjType', type: 'ULONG *', dir: 'out', doc: 'MAPI_FOLDER, MAPI_MESSAGE, …' },
        { name: 'lppUnk', type: 'IUnknown **', dir: 'out', doc: 'An interface pointer of type *lpInterface (or the standard one).' },
      ],
    },
    {
      name: 'SetSearchCriteria',
      doc: 'Search folders: sets the restriction and the folders searched.',
      params: [
        { name: 'lpRestriction', type: 'SRestriction *', doc: 'NULL keeps the current restriction.' },
        { name: 'lpContainerList', type: 'SBinaryArray *', doc: 'ENTRYLIST of folder entry IDs; NULL keeps the current list.' },
        { name: 'ulSearchFlags', type: 'ULONG', doc: 'STOP_SEARCH, RESTART_SEARCH, RECURSIVE_SEARCH, SHALLOW_SEARCH, FOREGROUND_SEARCH, BACKGROUND_SEARCH.' },
      ],
    },
    {
      name: 'GetSearchCriteria',
      params: [
        { name: 'ulFlags', type: 'ULONG', doc: 'MAPI_UNICODE' },
        { name: 'lppRestriction', type: 'SRestriction **', dir: 'out', doc: 'May be NULL. Free with MAPIFreeBuffer.' },
        { name: 'lppContainerList', type: 'SBinaryArray **', dir: 'out', doc: 'ENTRYLIST; may be NULL. Free with MAPIFreeBuffer.' },
        { name: 'lpulSearchState', type: 'ULONG *', dir: 'out', doc: 'SEARCH_RUNNING, SEARCH_REBUILD, SEARCH_RECURSIVE, SEARCH_FOREGROUND; may be NULL.' },
      ],
    },
  ],
  source: 'MAPIDefS.h; imapicontainerimapiprop.md',
} as const satisfies InterfaceDef;
