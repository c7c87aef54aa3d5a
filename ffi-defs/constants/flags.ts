/**
 * Flag and enumeration values for MAPI calls, grouped by where they are used.
 *
 * Sources: MAPIDefS.h, MAPIX.h, MAPIUtil.h (checked against mingw-w64's copies); MAPIAux.h for the
 * Outlook-era additions (MAPI_NO_COINIT, MAPI_BG_SESSION, MDB_ONLINE, MAPI_NO_CACHE, MAPI_CACHE_ONLY,
 * STORE_UNICODE_OK, STORE_ITEMPROC, DT_ROOM...); EdkMdb.h for Exchange flags (SHOW_SOFT_DELETES...);
 * MFCMAPI's extraPropTags.h where it documents values missing from the public headers (marked [MFCMAPI]).
 *
 * MAPI reuses small bit values per method, so a value can appear under several names in one group
 * (MAPI_DEFERRED_ERRORS and MAPI_DIALOG are both 0x8; MAPI_CREATE and SHOW_SOFT_DELETES are both 0x2):
 * use the name documented for the method being called.
 */

/** MAPIINIT_0.ulVersion / ulFlags for MAPIInitialize. [MAPIX.h, MAPIDefS.h, MAPIAux.h] */
export const MAPI_INIT = {
  MAPI_INIT_VERSION: 0, // MAPIINIT_0.ulVersion
  MAPI_MULTITHREAD_NOTIFICATIONS: 0x00000001, // notifications on a MAPI-owned thread instead of the first caller's window
  MAPI_NO_COINIT: 0x00000008, // do not call CoInitialize (the thread already initialized COM, e.g. as MTA)
  MAPI_NT_SERVICE: 0x00010000, // caller is a Windows service
} as const;

/** ulFlags of MAPILogonEx. [MAPIX.h, MAPIDefS.h, MAPIAux.h] */
export const LOGON_FLAGS = {
  MAPI_LOGON_UI: 0x00000001, // may show the profile picker / logon dialogs
  MAPI_NEW_SESSION: 0x00000002, // do not reuse a shared session
  MAPI_APP_PROFILE: 0x00000004,
  MAPI_ALLOW_OTHERS: 0x00000008, // make this session shareable
  MAPI_EXPLICIT_PROFILE: 0x00000010, // do not fall back to the default profile
  MAPI_EXTENDED: 0x00000020, // Extended MAPI logon: always set it
  MAPI_USE_DEFAULT: 0x00000040, // use the default profile (lpszProfileName ignored)
  MAPI_FORCE_DOWNLOAD: 0x00001000,
  MAPI_SERVICE_UI_ALWAYS: 0x00002000,
  MAPI_NO_MAIL: 0x00008000, // do not start transports / the spooler; services should always pass it
  MAPI_NT_SERVICE: 0x00010000,
  MAPI_PASSWORD_UI: 0x00020000,
  MAPI_TIMEOUT_SHORT: 0x00100000,
  MAPI_BG_SESSION: 0x00200000, // background session [MAPIAux.h]
  MAPI_UNICODE: 0x80000000, // LPTSTR arguments are UTF-16
} as const;

/** General ulFlags shared by OpenEntry, OpenMsgStore, GetProps, SaveChanges, CopyTo, folder methods... */
export const MAPI_FLAGS = {
  // OpenEntry / OpenProperty / OpenMsgStore / CreateMessage
  MAPI_MODIFY: 0x00000001, // open read/write
  MAPI_CREATE: 0x00000002, // OpenProperty, GetIDsFromNames: create if missing
  MAPI_DEFERRED_ERRORS: 0x00000008, // let the call succeed now and report errors later
  MAPI_DIALOG: 0x00000008, // CopyTo/CopyProps/CopyMessages: show progress UI (same value as MAPI_DEFERRED_ERRORS)
  MAPI_BEST_ACCESS: 0x00000010, // open with the highest access allowed
  MAPI_ASSOCIATED: 0x00000040, // folder-associated (hidden) contents: GetContentsTable, CreateMessage
  MAPI_NO_CACHE: 0x00000200, // cached mode: go to the server [MAPIAux.h]
  MAPI_CACHE_ONLY: 0x00004000, // cached mode: use the local copy only [MAPIAux.h]
  MAPI_FORCE_ACCESS: 0x00080000, // [MFCMAPI]
  MAPI_UNICODE: 0x80000000, // strings in and out are UTF-16

  // CopyTo / CopyProps / CopyMessages / CopyFolder
  MAPI_MOVE: 0x00000001,
  MAPI_NOREPLACE: 0x00000002,
  MAPI_DECLINE_OK: 0x00000004,
  MESSAGE_MOVE: 0x00000001, // CopyMessages
  MESSAGE_DIALOG: 0x00000002, // CopyMessages / DeleteMessages: show progress UI
  FOLDER_MOVE: 0x00000001, // CopyFolder
  FOLDER_DIALOG: 0x00000002, // CopyFolder / DeleteFolder: show progress UI
  COPY_SUBFOLDERS: 0x00000010, // CopyFolder

  // GetNamesFromIDs
  MAPI_NO_STRINGS: 0x00000001,
  MAPI_NO_IDS: 0x00000002,

  // IMAPIProp::SaveChanges
  KEEP_OPEN_READONLY: 0x00000001,
  KEEP_OPEN_READWRITE: 0x00000002,
  FORCE_SAVE: 0x00000004,

  // IMAPIFolder::CreateFolder: folder type, and flag
  FOLDER_ROOT: 0x00000000,
  FOLDER_GENERIC: 0x00000001,
  FOLDER_SEARCH: 0x00000002,
  OPEN_IF_EXISTS: 0x00000001,

  // IMAPIFolder::DeleteFolder / EmptyFolder
  DEL_MESSAGES: 0x00000001,
  DEL_FOLDERS: 0x00000004,
  DEL_ASSOCIATED: 0x00000008, // EmptyFolder: also delete associated contents
  DELETE_HARD_DELETE: 0x00000010, // Exchange: do not keep for recovery [EdkMdb.h]

  // GetHierarchyTable / GetContentsTable
  CONVENIENT_DEPTH: 0x00000001, // hierarchy table: all levels, with PR_DEPTH
  SHOW_SOFT_DELETES: 0x00000002, // Exchange: soft-deleted items only [EdkMdb.h]
  SHOW_SUBFOLDERS: 0x00000004, // Exchange [EdkMdb.h]
} as const;

/** IMessage::SetReadFlag / IMAPIFolder::SetReadFlags. [MAPIDefS.h] */
export const READ_FLAGS = {
  SUPPRESS_RECEIPT: 0x00000001,
  CLEAR_READ_FLAG: 0x00000004,
  MAPI_DEFERRED_ERRORS: 0x00000008,
  GENERATE_RECEIPT_ONLY: 0x00000010,
  CLEAR_RN_PENDING: 0x00000020,
  CLEAR_NRN_PENDING: 0x00000040,
} as const;

/** PR_ACCESS bits (what the caller may do to an object). [MAPIDefS.h] */
export const ACCESS_FLAGS = {
  MAPI_ACCESS_MODIFY: 0x00000001,
  MAPI_ACCESS_READ: 0x00000002,
  MAPI_ACCESS_DELETE: 0x00000004,
  MAPI_ACCESS_CREATE_HIERARCHY: 0x00000008,
  MAPI_ACCESS_CREATE_CONTENTS: 0x00000010,
  MAPI_ACCESS_CREATE_ASSOCIATED: 0x00000020,
} as const;

/** ulFlags of IMAPISession::OpenMsgStore (with MAPI_BEST_ACCESS, MAPI_DEFERRED_ERRORS). [MAPIDefS.h, MAPIAux.h] */
export const MDB_FLAGS = {
  MDB_NO_DIALOG: 0x00000001,
  MDB_WRITE: 0x00000004,
  MDB_TEMPORARY: 0x00000020, // not added to the stores table
  MDB_NO_MAIL: 0x00000080, // store not used for sending/receiving mail
  MDB_ONLINE: 0x00000100, // cached-mode Exchange: open the online store [MAPIAux.h]
} as const;

/** IMAPISession::Logoff and IMsgStore::StoreLogoff flags. [MAPIX.h, MAPIDefS.h] */
export const LOGOFF_FLAGS = {
  // IMAPISession::Logoff
  MAPI_LOGOFF_SHARED: 0x00000001,
  MAPI_LOGOFF_UI: 0x00000002,
  // IMsgStore::StoreLogoff (in)
  LOGOFF_NO_WAIT: 0x00000001,
  LOGOFF_ORDERLY: 0x00000002,
  LOGOFF_PURGE: 0x00000004,
  LOGOFF_ABORT: 0x00000008,
  LOGOFF_QUIET: 0x00000010,
  // IMsgStore::StoreLogoff (out)
  LOGOFF_COMPLETE: 0x00010000,
  LOGOFF_INBOUND: 0x00020000,
  LOGOFF_OUTBOUND: 0x00040000,
  LOGOFF_OUTBOUND_QUEUE: 0x00080000,
} as const;

/** Object types returned by OpenEntry (lpulObjType) and in PR_OBJECT_TYPE. [MAPIDefS.h] */
export const OBJECT_TYPES = {
  MAPI_STORE: 0x00000001,
  MAPI_ADDRBOOK: 0x00000002,
  MAPI_FOLDER: 0x00000003,
  MAPI_ABCONT: 0x00000004,
  MAPI_MESSAGE: 0x00000005,
  MAPI_MAILUSER: 0x00000006,
  MAPI_ATTACH: 0x00000007,
  MAPI_DISTLIST: 0x00000008,
  MAPI_PROFSECT: 0x00000009,
  MAPI_STATUS: 0x0000000a,
  MAPI_SESSION: 0x0000000b,
  MAPI_FORMINFO: 0x0000000c,
} as const;

/** IMAPITable flags, sort orders, bookmarks, status and notifications. [MAPIDefS.h] */
export const TABLE_FLAGS = {
  // QueryRows / SeekRow / SetColumns / SortTable / Restrict
  TBL_ASYNC: 0x00000001,
  TBL_NOWAIT: 0x00000001, // same value as TBL_ASYNC
  TBL_BATCH: 0x00000002,
  TBL_ALL_COLUMNS: 0x00000001, // QueryColumns: every available column, not just the current set
  TBL_NOADVANCE: 0x00000001, // QueryRows: do not move the cursor
  DIR_BACKWARD: 0x00000001, // FindRow: search backwards from the origin [MAPIDefS.h]

  // SSortOrder.ulOrder (there is no TBL_ASCEND in the headers)
  TABLE_SORT_ASCEND: 0x00000000,
  TABLE_SORT_DESCEND: 0x00000001,
  TABLE_SORT_COMBINE: 0x00000002,
  TABLE_SORT_CATEG_MAX: 0x00000004, // [MFCMAPI]
  TABLE_SORT_CATEG_MIN: 0x00000008, // [MFCMAPI]

  // BOOKMARK (ULONG_PTR) values for SeekRow / FindRow
  BOOKMARK_BEGINNING: 0,
  BOOKMARK_CURRENT: 1,
  BOOKMARK_END: 2,

  // PR_ROW_TYPE values in categorized tables
  TBL_LEAF_ROW: 1,
  TBL_EMPTY_CATEGORY: 2,
  TBL_EXPANDED_CATEGORY: 3,
  TBL_COLLAPSED_CATEGORY: 4,

  // GetStatus: table status
  TBLSTAT_COMPLETE: 0,
  TBLSTAT_QCHANGED: 7,
  TBLSTAT_SORTING: 9,
  TBLSTAT_SORT_ERROR: 10,
  TBLSTAT_SETTING_COLS: 11,
  TBLSTAT_SETCOL_ERROR: 13,
  TBLSTAT_RESTRICTING: 14,
  TBLSTAT_RESTRICT_ERROR: 15,

  // GetStatus: table type
  TBLTYPE_SNAPSHOT: 0,
  TBLTYPE_KEYSET: 1,
  TBLTYPE_DYNAMIC: 2,

  // TABLE_NOTIFICATION.ulTableEvent (fnevTableModified)
  TABLE_CHANGED: 1,
  TABLE_ERROR: 2,
  TABLE_ROW_ADDED: 3,
  TABLE_ROW_DELETED: 4,
  TABLE_ROW_MODIFIED: 5,
  TABLE_SORT_DONE: 6,
  TABLE_RESTRICT_DONE: 7,
  TABLE_SETCOL_DONE: 8,
  TABLE_RELOAD: 9,
} as const;

/** SRestriction.rt, relational operators, fuzzy levels, bitmask relations. [MAPIDefS.h] */
export const RESTRICTION = {
  RES_AND: 0x00000000,
  RES_OR: 0x00000001,
  RES_NOT: 0x00000002,
  RES_CONTENT: 0x00000003,
  RES_PROPERTY: 0x00000004,
  RES_COMPAREPROPS: 0x00000005,
  RES_BITMASK: 0x00000006,
  RES_SIZE: 0x00000007,
  RES_EXIST: 0x00000008,
  RES_SUBRESTRICTION: 0x00000009,
  RES_COMMENT: 0x0000000a,
  RES_COUNT: 0x0000000b, // [MFCMAPI; MS-OXCDATA]
  RES_ANNOTATION: 0x0000000c, // [MFCMAPI; MS-OXCDATA]

  RELOP_LT: 0,
  RELOP_LE: 1,
  RELOP_GT: 2,
  RELOP_GE: 3,
  RELOP_EQ: 4,
  RELOP_NE: 5,
  RELOP_RE: 6,

  // SContentRestriction.ulFuzzyLevel: low word = match kind, high word = options
  FL_FULLSTRING: 0x00000000,
  FL_SUBSTRING: 0x00000001,
  FL_PREFIX: 0x00000002,
  FL_PREFIX_ON_ANY_WORD: 0x00000010, // [MFCMAPI]
  FL_PHRASE_MATCH: 0x00000020, // [MFCMAPI]
  FL_IGNORECASE: 0x00010000,
  FL_IGNORENONSPACE: 0x00020000,
  FL_LOOSE: 0x00040000,

  // SBitMaskRestriction.relBMR
  BMR_EQZ: 0,
  BMR_NEZ: 1,
} as const;

/** ACTION.acttype of a rule action (PT_ACTIONS), EDK_RULES_VERSION and the action flavors. [EdkMdb.h] */
export const RULE_ACTIONS = {
  OP_MOVE: 1,
  OP_COPY: 2,
  OP_REPLY: 3,
  OP_OOF_REPLY: 4,
  OP_DEFER_ACTION: 5,
  OP_BOUNCE: 6,
  OP_FORWARD: 7,
  OP_DELEGATE: 8,
  OP_TAG: 9,
  OP_DELETE: 10,
  OP_MARK_AS_READ: 11,
  EDK_RULES_VERSION: 1,
  // ulActionFlavor of OP_REPLY
  DO_NOT_SEND_TO_ORIGINATOR: 1,
  STOCK_REPLY_TEMPLATE: 2,
  // ulActionFlavor of OP_FORWARD
  FWD_PRESERVE_SENDER: 1,
  FWD_DO_NOT_MUNGE_MSG: 2,
  FWD_AS_ATTACHMENT: 4,
} as const;

/** Search-folder criteria (SetSearchCriteria) and state (GetSearchCriteria). [MAPIDefS.h] */
export const SEARCH_FLAGS = {
  STOP_SEARCH: 0x00000001,
  RESTART_SEARCH: 0x00000002,
  RECURSIVE_SEARCH: 0x00000004,
  SHALLOW_SEARCH: 0x00000008,
  FOREGROUND_SEARCH: 0x00000010,
  BACKGROUND_SEARCH: 0x00000020,
  SEARCH_RUNNING: 0x00000001,
  SEARCH_REBUILD: 0x00000002,
  SEARCH_RECURSIVE: 0x00000004,
  SEARCH_FOREGROUND: 0x00000008,
} as const;

/** PR_STORE_SUPPORT_MASK / PR_STORE_UNICODE_MASK bits. [MAPIDefS.h, MAPIAux.h, MFCMAPI] */
export const STORE_SUPPORT = {
  STORE_ENTRYID_UNIQUE: 0x00000001,
  STORE_READONLY: 0x00000002,
  STORE_SEARCH_OK: 0x00000004,
  STORE_MODIFY_OK: 0x00000008,
  STORE_CREATE_OK: 0x00000010,
  STORE_ATTACH_OK: 0x00000020,
  STORE_OLE_OK: 0x00000040,
  STORE_SUBMIT_OK: 0x00000080,
  STORE_NOTIFY_OK: 0x00000100,
  STORE_MV_PROPS_OK: 0x00000200,
  STORE_CATEGORIZE_OK: 0x00000400,
  STORE_RTF_OK: 0x00000800,
  STORE_RESTRICTION_OK: 0x00001000,
  STORE_SORT_OK: 0x00002000,
  STORE_PUBLIC_FOLDERS: 0x00004000,
  STORE_UNCOMPRESSED_RTF: 0x00008000,
  STORE_HTML_OK: 0x00010000,
  STORE_ANSI_OK: 0x00020000,
  STORE_UNICODE_OK: 0x00040000, // the store accepts and returns PT_UNICODE properties
  STORE_LOCALSTORE: 0x00080000, // reserved
  STORE_ITEMPROC: 0x00200000, // [MAPIAux.h]
  STORE_PUSHER_OK: 0x00800000,
  STORE_HAS_SEARCHES: 0x01000000,
  STORE_FULLTEXT_QUERY_OK: 0x02000000, // [MFCMAPI]
  STORE_FILTER_SEARCH_OK: 0x04000000, // [MFCMAPI]
} as const;

/** PR_RESOURCE_FLAGS bits in the stores table and status table. [MAPIDefS.h] */
export const STATUS_FLAGS = {
  STATUS_DEFAULT_OUTBOUND: 0x00000001,
  STATUS_DEFAULT_STORE: 0x00000002, // the default store of the profile
  STATUS_PRIMARY_IDENTITY: 0x00000004,
  STATUS_SIMPLE_STORE: 0x00000008,
  STATUS_XP_PREFER_LAST: 0x00000010,
  STATUS_NO_PRIMARY_IDENTITY: 0x00000020,
  STATUS_NO_DEFAULT_STORE: 0x00000040,
  STATUS_TEMP_SECTION: 0x00000080,
  STATUS_OWN_STORE: 0x00000100,
  STATUS_NEED_IPM_TREE: 0x00000800,
  STATUS_PRIMARY_STORE: 0x00001000,
  STATUS_SECONDARY_STORE: 0x00002000,
} as const;

/** PR_STATUS_CODE bits of a status-table row (not the same family as STATUS_FLAGS). [MAPIDefS.h] */
export const STATUS_CODE_FLAGS = {
  STATUS_AVAILABLE: 0x00000001,
  STATUS_OFFLINE: 0x00000002,
  STATUS_FAILURE: 0x00000004,
  STATUS_INBOUND_ENABLED: 0x00010000,
  STATUS_INBOUND_ACTIVE: 0x00020000,
  STATUS_INBOUND_FLUSH: 0x00040000,
  STATUS_OUTBOUND_ENABLED: 0x00100000,
  STATUS_OUTBOUND_ACTIVE: 0x00200000,
  STATUS_OUTBOUND_FLUSH: 0x00400000,
  STATUS_REMOTE_ACCESS: 0x00800000,
} as const;

/** PR_RESOURCE_TYPE values of a status-table row. [MAPIDefS.h] */
export const RESOURCE_TYPES = {
  MAPI_STORE_PROVIDER: 33,
  MAPI_AB: 34,
  MAPI_AB_PROVIDER: 35,
  MAPI_TRANSPORT_PROVIDER: 36,
  MAPI_SPOOLER: 37,
  MAPI_PROFILE_PROVIDER: 38,
  MAPI_SUBSYSTEM: 39,
  MAPI_HOOK_PROVIDER: 40,
} as const;

/** PR_RESOURCE_FLAGS bits in the message service table. [MAPIX.h] */
export const SERVICE_FLAGS = {
  SERVICE_DEFAULT_STORE: 0x00000001,
  SERVICE_SINGLE_COPY: 0x00000002,
  SERVICE_CREATE_WITH_STORE: 0x00000004,
  SERVICE_PRIMARY_IDENTITY: 0x00000008,
  SERVICE_NO_PRIMARY_IDENTITY: 0x00000020,
} as const;

/** PR_MESSAGE_FLAGS bits. [MAPIDefS.h; origin bits from MFCMAPI] */
export const MSGFLAGS = {
  MSGFLAG_READ: 0x00000001,
  MSGFLAG_UNMODIFIED: 0x00000002,
  MSGFLAG_SUBMIT: 0x00000004,
  MSGFLAG_UNSENT: 0x00000008, // draft
  MSGFLAG_HASATTACH: 0x00000010,
  MSGFLAG_FROMME: 0x00000020,
  MSGFLAG_ASSOCIATED: 0x00000040,
  MSGFLAG_RESEND: 0x00000080,
  MSGFLAG_RN_PENDING: 0x00000100,
  MSGFLAG_NRN_PENDING: 0x00000200,
  MSGFLAG_ORIGIN_X400: 0x00001000, // [MFCMAPI]
  MSGFLAG_ORIGIN_INTERNET: 0x00002000, // [MFCMAPI]
  MSGFLAG_ORIGIN_MISC_EXT: 0x00008000, // [MFCMAPI]
  MSGFLAG_OUTLOOK_NON_EMS_XP: 0x00010000, // [MFCMAPI]
} as const;

/** PR_MSG_STATUS bits (IMAPIFolder::Get/SetMessageStatus). [MAPIDefS.h; MFCMAPI; EdkMdb.h] */
export const MSGSTATUS = {
  MSGSTATUS_HIGHLIGHTED: 0x00000001,
  MSGSTATUS_TAGGED: 0x00000002,
  MSGSTATUS_HIDDEN: 0x00000004,
  MSGSTATUS_DELMARKED: 0x00000008,
  MSGSTATUS_DRAFT: 0x00000100, // [MFCMAPI]
  MSGSTATUS_ANSWERED: 0x00000200, // [MFCMAPI]
  MSGSTATUS_IN_CONFLICT: 0x00000800, // [EdkMdb.h]
  MSGSTATUS_REMOTE_DOWNLOAD: 0x00001000,
  MSGSTATUS_REMOTE_DELETE: 0x00002000,
  MSGSTATUS_MDNSENT: 0x00004000, // [EdkMdb.h]
} as const;

/** RTFSync ulFlags. [MAPIUtil.h] */
export const RTF_SYNC = {
  RTF_SYNC_RTF_CHANGED: 0x00000001,
  RTF_SYNC_BODY_CHANGED: 0x00000002,
} as const;

/** Notification event types (Advise ulEventMask, NOTIFICATION.ulEventType). [MAPIDefS.h] */
export const NOTIFICATION_EVENTS = {
  fnevCriticalError: 0x00000001,
  fnevNewMail: 0x00000002,
  fnevObjectCreated: 0x00000004,
  fnevObjectDeleted: 0x00000008,
  fnevObjectModified: 0x00000010,
  fnevObjectMoved: 0x00000020,
  fnevObjectCopied: 0x00000040,
  fnevSearchComplete: 0x00000080,
  fnevTableModified: 0x00000100,
  fnevStatusObjectModified: 0x00000200,
  fnevIndexing: 0x00010000, // [MFCMAPI]
  fnevReservedForMapi: 0x40000000,
  fnevExtended: 0x80000000,
} as const;

/**
 * MAPISIB.ulFlags for IMAPISync::SynchronizeInBackground (mapisib.md, reference §1.3). The docs say "one of"
 * these values; whether they may be OR-ed is unconfirmed.
 *
 * Only these are listed. Two other SYNC_* families reuse the same names with different meanings and
 * overlapping values: the ICS flags of EdkMdb.h (SYNC_UNICODE 0x01, SYNC_NO_DELETIONS 0x02, ...: ulFlags of
 * IExchangeExportChanges::Config) and the Replication API / IOSTX flags (SYNC_BACKGROUND 0x1000,
 * SYNC_THESE_FOLDERS 0x20000, SYNC_HEADERS 0x02000000). Mixing them up would silently request a different
 * sync, so they are left out rather than merged.
 */
export const SYNC_FLAGS = {
  SYNC_UPLOAD_HIERARCHY: 0x00000001, // push hierarchy changes to the server
  SYNC_DOWNLOAD_HIERARCHY: 0x00000002, // pull hierarchy changes from the server
  SYNC_UPLOAD_CONTENTS: 0x00000040, // push message changes to the server
  SYNC_DOWNLOAD_CONTENTS: 0x00000080, // pull message changes from the server
  SYNC_OUTGOING_MAIL: 0x00000200, // send mail (documented as not currently in use)
  SYNC_GLOBAL_HEADERS: 0x02000000, // headers only, no full bodies
  SYNC_ON_DEMAND: 0x20000000, // user-initiated, higher priority
} as const;

/** IPropData access flags (HrSetObjAccess / HrSetPropAccess). [MAPIUtil.h] */
export const IPROP_FLAGS = {
  IPROP_READONLY: 0x00000001,
  IPROP_READWRITE: 0x00000002,
  IPROP_CLEAN: 0x00010000,
  IPROP_DIRTY: 0x00020000,
} as const;

/** MAPINAMEID.ulKind. [MAPIDefS.h] */
export const MNID = {
  MNID_ID: 0,
  MNID_STRING: 1,
} as const;

/** PR_RECIPIENT_TYPE values (ModifyRecipients). [MAPIDefS.h] */
export const RECIPIENT_TYPES = {
  MAPI_ORIG: 0,
  MAPI_TO: 1,
  MAPI_CC: 2,
  MAPI_BCC: 3,
  MAPI_P1: 0x10000000, // flag: resend recipient (P1 envelope only)
  MAPI_SUBMITTED: 0x80000000, // flag: already processed by the transport
} as const;

/** IMessage::ModifyRecipients (0 replaces every recipient), DeleteAttach and SubmitMessage. [MAPIDefS.h] */
export const MESSAGE_FLAGS = {
  MODRECIP_ADD: 0x00000002,
  MODRECIP_MODIFY: 0x00000004,
  MODRECIP_REMOVE: 0x00000008,
  ATTACH_DIALOG: 0x00000001,
  FORCE_SUBMIT: 0x00000001,
} as const;

/** IStream's flags: open modes, seek origins, Stat and Commit flags. [objidl.h; WTypes.h] */
export const STREAM_FLAGS = {
  STGM_READ: 0x00000000,
  STGM_WRITE: 0x00000001,
  STGM_READWRITE: 0x00000002,
  STGM_CREATE: 0x00001000,
  STREAM_SEEK_SET: 0,
  STREAM_SEEK_CUR: 1,
  STREAM_SEEK_END: 2,
  STATFLAG_DEFAULT: 0,
  STATFLAG_NONAME: 1,
  STGC_DEFAULT: 0,
  STGC_OVERWRITE: 1,
  STGTY_STREAM: 2,
} as const;

/** PR_ATTACH_METHOD values. [MAPIDefS.h; ATTACH_BY_WEB_REF from MFCMAPI] */
export const ATTACH_METHODS = {
  NO_ATTACHMENT: 0,
  ATTACH_BY_VALUE: 1, // data in PR_ATTACH_DATA_BIN
  ATTACH_BY_REFERENCE: 2,
  ATTACH_BY_REF_RESOLVE: 3,
  ATTACH_BY_REF_ONLY: 4,
  ATTACH_EMBEDDED_MSG: 5, // open PR_ATTACH_DATA_OBJ as IID_IMessage
  ATTACH_OLE: 6,
  ATTACH_BY_WEB_REF: 7, // [MFCMAPI]
} as const;

/** PR_DISPLAY_TYPE values (address-book entries and recipients). [MAPIDefS.h; MAPIAux.h; MFCMAPI / MS-NSPI] */
export const DISPLAY_TYPES = {
  DT_MAILUSER: 0x00000000,
  DT_DISTLIST: 0x00000001,
  DT_FORUM: 0x00000002,
  DT_AGENT: 0x00000003,
  DT_ORGANIZATION: 0x00000004,
  DT_PRIVATE_DISTLIST: 0x00000005,
  DT_REMOTE_MAILUSER: 0x00000006,
  DT_ROOM: 0x00000007, // [MAPIAux.h]
  DT_EQUIPMENT: 0x00000008, // [MAPIAux.h]
  DT_SEC_DISTLIST: 0x00000009, // [MAPIAux.h]
  DT_CONTAINER: 0x00000100, // [MFCMAPI]
  DT_TEMPLATE: 0x00000101, // [MFCMAPI]
  DT_ADDRESS_TEMPLATE: 0x00000102, // [MFCMAPI]
  DT_SEARCH: 0x00000200, // [MFCMAPI]
  // Address-book container display types
  DT_MODIFIABLE: 0x00010000,
  DT_GLOBAL: 0x00020000,
  DT_LOCAL: 0x00030000,
  DT_WAN: 0x00040000,
  DT_NOT_SPECIFIC: 0x00050000,
  // Folder display types
  DT_FOLDER: 0x01000000,
  DT_FOLDER_LINK: 0x02000000,
  DT_FOLDER_SPECIAL: 0x04000000,
} as const;

/**
 * The address book: IABContainer::ResolveNames' FlagList values, PR_CONTAINER_FLAGS bits, ResolveName's
 * and OpenAddressBook's flags, CreateOneOff's. [MAPIDefS.h; MAPIX.h (mingw-w64's headers have the same values)]
 */
export const AB_FLAGS = {
  MAPI_UNRESOLVED: 0x00000000,
  MAPI_AMBIGUOUS: 0x00000001,
  MAPI_RESOLVED: 0x00000002,
  // PR_CONTAINER_FLAGS
  AB_RECIPIENTS: 0x00000001,
  AB_SUBCONTAINERS: 0x00000002,
  AB_MODIFIABLE: 0x00000004,
  AB_UNMODIFIABLE: 0x00000008,
  AB_FIND_ON_OPEN: 0x00000010,
  AB_NOT_DEFAULT: 0x00000020,
  // IMAPISession::OpenAddressBook
  AB_NO_DIALOG: 0x00000001,
  // IAddrBook::CreateOneOff
  MAPI_SEND_NO_RICH_INFO: 0x00010000,
  // One-off entry id wFlags ([MS-OXCDATA] 2.2.5.1)
  MAPI_ONE_OFF_UNICODE: 0x8000,
  MAPI_ONE_OFF_NO_RICH_INFO: 0x0001,
} as const;
