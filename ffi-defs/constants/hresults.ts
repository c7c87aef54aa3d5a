/**
 * HRESULTs a MAPI client meets, with one sentence each of what they mean and what to try.
 *
 * Sources: MAPICode.h (every MAPI_E_* / MAPI_W_*; MAKE_MAPI_E(x) = 0x80040000 | x, MAKE_MAPI_S(x) =
 * 0x00040000 | x); codes MAPICode.h lacks but MFCMAPI's errorArray.h and [MS-OXCDATA] define
 * (MAPI_E_RECONNECTED, MAPI_E_OFFLINE, MAPI_E_PROFILE_DELETED, MAPI_E_STORE_FULL, MAPI_E_LOCKID_LIMIT,
 * MAPI_E_NAMED_PROP_QUOTA_EXCEEDED); the ICS codes of EdkMdb.h (SYNC_E_* / SYNC_W_*); winerror.h for COM.
 *
 * Several names share a value. lib/errors.ts shows the FIRST entry listed for a value, so:
 * - MAPI names come before their COM twins (MAPI_E_CALL_FAILED before E_FAIL, MAPI_E_NOT_ENOUGH_MEMORY before
 *   E_OUTOFMEMORY, MAPI_E_INVALID_PARAMETER before E_INVALIDARG, MAPI_E_NO_ACCESS before E_ACCESSDENIED,
 *   MAPI_E_VERSION before CLASS_E_NOAGGREGATION): a MAPI user searches for the MAPI name.
 * - Except 0x80004002: E_NOINTERFACE comes first, because almost every occurrence is a QueryInterface
 *   failure (IMAPISync not exposed by a store, an unknown IID) and COM documents it under that name.
 * EdkMdb.h's SYNC_E_UNKNOWN_FLAGS, SYNC_E_INVALID_PARAMETER and SYNC_E_ERROR are mere aliases of
 * MAPI_E_UNKNOWN_FLAGS, E_INVALIDARG and E_FAIL and are not listed.
 *
 * ERROR_* entries are HRESULT_FROM_WIN32(ERROR_*) = 0x80070000 | code, the form LoadLibrary / registry
 * failures take when reported as an HRESULT; the names are the Win32 ones, as error viewers show them.
 *
 * Warnings (MAPI_W_*, SYNC_W_*, S_FALSE) are successes: test FAILED(hr) (the sign bit), never hr !== 0.
 */
import type { HResultDef } from '../schema';

export const HRESULTS = [
  // --- Success and warnings ---
  { name: 'S_OK', value: 0x00000000, text: 'The call succeeded.' },
  { name: 'S_FALSE', value: 0x00000001, text: 'The call succeeded but returned a negative or empty answer (a success code, not a failure).' },
  { name: 'MAPI_W_NO_SERVICE', value: 0x00040203, text: 'Logon succeeded, but at least one service in the profile could not be loaded or started.' },
  { name: 'MAPI_W_ERRORS_RETURNED', value: 0x00040380, text: 'The call succeeded, but some properties could not be read: their values are PT_ERROR with an SCODE in Value.err.' },
  { name: 'MAPI_W_POSITION_CHANGED', value: 0x00040481, text: 'The table cursor moved to a different row than the bookmark, because the bookmarked row was deleted.' },
  { name: 'MAPI_W_APPROX_COUNT', value: 0x00040482, text: 'The row count or position returned is an approximation.' },
  { name: 'MAPI_W_CANCEL_MESSAGE', value: 0x00040580, text: 'The transport provider cancelled the message that was being sent.' },
  { name: 'MAPI_W_PARTIAL_COMPLETION', value: 0x00040680, text: 'The operation succeeded for some items but not all (for example some messages could not be copied or deleted).' },
  { name: 'SYNC_W_PROGRESS', value: 0x00040820, text: 'ICS synchronization is still in progress: call Synchronize again until it returns S_OK.' },
  { name: 'SYNC_W_CLIENT_CHANGE_NEWER', value: 0x00040821, text: 'ICS import: the client\'s version of the object is newer than the server\'s, so the server change was not applied.' },

  // --- COM codes MAPI passes through (and the MAPI names that alias them) ---
  { name: 'E_UNEXPECTED', value: 0x8000ffff, text: 'Catastrophic or unexpected failure inside the provider or MAPI subsystem.' },
  { name: 'E_NOTIMPL', value: 0x80004001, text: 'The method is not implemented by this object or provider.' },
  { name: 'E_NOINTERFACE', value: 0x80004002, text: 'The object does not support the requested interface (QueryInterface failed); for IMAPISync the store does not offer background sync.' },
  { name: 'MAPI_E_INTERFACE_NOT_SUPPORTED', value: 0x80004002, text: 'The object does not support the requested interface (same value as E_NOINTERFACE).' },
  { name: 'E_POINTER', value: 0x80004003, text: 'A required pointer argument was NULL or invalid.' },
  { name: 'E_ABORT', value: 0x80004004, text: 'The operation was aborted.' },
  { name: 'MAPI_E_CALL_FAILED', value: 0x80004005, text: 'Unspecified failure; call GetLastError on the object for details, and check that MAPI and Outlook have the same bitness.' },
  { name: 'E_FAIL', value: 0x80004005, text: 'Unspecified failure (same value as MAPI_E_CALL_FAILED).' },
  { name: 'RPC_E_CHANGED_MODE', value: 0x80010106, text: 'COM is already initialized on this thread in another apartment model; pass MAPI_NO_COINIT to MAPIInitialize.' },
  { name: 'REGDB_E_CLASSNOTREG', value: 0x80040154, text: 'The COM class is not registered; the Outlook or MAPI installation is missing or broken.' },
  { name: 'STG_E_INVALIDFUNCTION', value: 0x80030001, text: 'IStream: the operation is not supported (region locking, an unknown seek origin, or a seek before the start).' },
  { name: 'STG_E_ACCESSDENIED', value: 0x80030005, text: 'IStream: the stream is read-only (open the property with MAPI_MODIFY to write it).' },
  { name: 'STG_E_INVALIDPOINTER', value: 0x80030009, text: 'IStream: a NULL buffer or argument.' },
  { name: 'STG_E_INVALIDPARAMETER', value: 0x80030057, text: 'IStream: an argument is invalid.' },
  { name: 'STG_E_MEDIUMFULL', value: 0x80030070, text: 'IStream: the stream cannot grow that much.' },
  { name: 'STG_E_INVALIDFLAG', value: 0x800300ff, text: 'IStream: an unknown flag (Stat, Commit).' },
  { name: 'STG_E_REVERTED', value: 0x80030102, text: 'IStream: the object was reverted or released under the stream.' },
  { name: 'CO_E_NOTINITIALIZED', value: 0x800401f0, text: 'CoInitialize has not been called on this thread (MAPIInitialize was called with MAPI_NO_COINIT).' },
  { name: 'MAPI_E_NO_ACCESS', value: 0x80070005, text: 'Access denied: the object is read-only, was opened without MAPI_MODIFY/MAPI_BEST_ACCESS, or the user lacks rights.' },
  { name: 'E_ACCESSDENIED', value: 0x80070005, text: 'Access denied (same value as MAPI_E_NO_ACCESS).' },
  { name: 'E_HANDLE', value: 0x80070006, text: 'An invalid handle was passed.' },
  { name: 'MAPI_E_NOT_ENOUGH_MEMORY', value: 0x8007000e, text: 'Out of memory.' },
  { name: 'E_OUTOFMEMORY', value: 0x8007000e, text: 'Out of memory (same value as MAPI_E_NOT_ENOUGH_MEMORY).' },
  { name: 'MAPI_E_INVALID_PARAMETER', value: 0x80070057, text: 'An argument is invalid: a NULL or malformed pointer, a bad size, or an unsupported combination of values.' },
  { name: 'E_INVALIDARG', value: 0x80070057, text: 'An argument is invalid (same value as MAPI_E_INVALID_PARAMETER).' },

  // --- HRESULT_FROM_WIN32 codes seen when loading MAPI ---
  { name: 'ERROR_FILE_NOT_FOUND', value: 0x80070002, text: 'HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND): a file or registry value (for example the MAPI DLL path) does not exist.' },
  { name: 'ERROR_PATH_NOT_FOUND', value: 0x80070003, text: 'HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND): a directory in the path does not exist.' },
  { name: 'ERROR_MOD_NOT_FOUND', value: 0x8007007e, text: 'HRESULT_FROM_WIN32(ERROR_MOD_NOT_FOUND): the DLL or one of its dependencies (such as the VC++ runtime) could not be found.' },
  { name: 'ERROR_PROC_NOT_FOUND', value: 0x8007007f, text: 'HRESULT_FROM_WIN32(ERROR_PROC_NOT_FOUND): the DLL does not export the requested function (check the x86 @N decorated name).' },
  { name: 'ERROR_BAD_EXE_FORMAT', value: 0x800700c1, text: 'HRESULT_FROM_WIN32(ERROR_BAD_EXE_FORMAT): the DLL has the wrong bitness; Node and Outlook must both be 32-bit or both 64-bit.' },
  { name: 'ERROR_TIMEOUT', value: 0x800705b4, text: 'HRESULT_FROM_WIN32(ERROR_TIMEOUT): the operation timed out.' },

  // --- MAPI general errors (MAPICode.h) ---
  { name: 'MAPI_E_NO_SUPPORT', value: 0x80040102, text: 'The provider does not support this operation or interface method.' },
  { name: 'MAPI_E_BAD_CHARWIDTH', value: 0x80040103, text: 'The provider cannot return strings of the requested width: retry without MAPI_UNICODE, or ask for the _A tag.' },
  { name: 'MAPI_E_STRING_TOO_LONG', value: 0x80040105, text: 'A string is longer than the provider accepts.' },
  { name: 'MAPI_E_UNKNOWN_FLAGS', value: 0x80040106, text: 'A flag passed in ulFlags is not supported by this method or provider.' },
  { name: 'MAPI_E_INVALID_ENTRYID', value: 0x80040107, text: 'The entry ID is malformed or not recognized by any loaded provider.' },
  { name: 'MAPI_E_INVALID_OBJECT', value: 0x80040108, text: 'The object is no longer usable (its provider was shut down or it was released).' },
  { name: 'MAPI_E_OBJECT_CHANGED', value: 0x80040109, text: 'The object was changed by someone else since it was opened; reopen it and retry.' },
  { name: 'MAPI_E_OBJECT_DELETED', value: 0x8004010a, text: 'The object was deleted since it was opened.' },
  { name: 'MAPI_E_BUSY', value: 0x8004010b, text: 'The provider or object is busy with another operation; retry later.' },
  { name: 'MAPI_E_NOT_ENOUGH_DISK', value: 0x8004010d, text: 'Not enough disk space for the operation.' },
  { name: 'MAPI_E_NOT_ENOUGH_RESOURCES', value: 0x8004010e, text: 'Not enough system resources (handles, connections or memory) for the operation.' },
  { name: 'MAPI_E_NOT_FOUND', value: 0x8004010f, text: 'The requested object, property, row or profile does not exist.' },
  { name: 'MAPI_E_VERSION', value: 0x80040110, text: 'Version mismatch between the caller and MAPI or a provider (for example an unsupported MAPIINIT_0.ulVersion).' },
  { name: 'CLASS_E_NOAGGREGATION', value: 0x80040110, text: 'COM: the class does not support aggregation (same value as MAPI_E_VERSION).' },
  { name: 'MAPI_E_LOGON_FAILED', value: 0x80040111, text: 'Logon failed: the profile or a required service could not log on (wrong profile name, credentials or server).' },
  { name: 'MAPI_E_SESSION_LIMIT', value: 0x80040112, text: 'No more sessions can be opened; log off other sessions or use MAPI_ALLOW_OTHERS.' },
  { name: 'MAPI_E_USER_CANCEL', value: 0x80040113, text: 'The user cancelled a dialog (such as profile or password selection).' },
  { name: 'MAPI_E_UNABLE_TO_ABORT', value: 0x80040114, text: 'The operation could not be aborted.' },
  { name: 'MAPI_E_NETWORK_ERROR', value: 0x80040115, text: 'A network error occurred, or the server could not be reached.' },
  { name: 'MAPI_E_DISK_ERROR', value: 0x80040116, text: 'A disk read or write failed (for example on the PST or OST file).' },
  { name: 'MAPI_E_TOO_COMPLEX', value: 0x80040117, text: 'The request (restriction, sort order or operation) is too complex for the provider.' },
  { name: 'MAPI_E_BAD_COLUMN', value: 0x80040118, text: 'A column or property tag in the request is not valid for this table or object.' },
  { name: 'MAPI_E_EXTENDED_ERROR', value: 0x80040119, text: 'An extended error occurred; call GetLastError for details.' },
  { name: 'MAPI_E_COMPUTED', value: 0x8004011a, text: 'The property is computed by the provider and cannot be set or deleted.' },
  { name: 'MAPI_E_CORRUPT_DATA', value: 0x8004011b, text: 'Corrupt data was found; repair the store (for example with ScanPST) and retry.' },
  { name: 'MAPI_E_UNCONFIGURED', value: 0x8004011c, text: 'The profile or a service in it is not fully configured.' },
  { name: 'MAPI_E_FAILONEPROVIDER', value: 0x8004011d, text: 'One of the providers in the profile failed; the others may have succeeded.' },
  { name: 'MAPI_E_UNKNOWN_CPID', value: 0x8004011e, text: 'The code page is not supported by the server or provider.' },
  { name: 'MAPI_E_UNKNOWN_LCID', value: 0x8004011f, text: 'The locale is not supported by the server or provider.' },
  { name: 'MAPI_E_PASSWORD_CHANGE_REQUIRED', value: 0x80040120, text: 'Logon refused: the account password must be changed first.' },
  { name: 'MAPI_E_PASSWORD_EXPIRED', value: 0x80040121, text: 'Logon refused: the account password has expired.' },
  { name: 'MAPI_E_INVALID_WORKSTATION_ACCOUNT', value: 0x80040122, text: 'Logon refused: the account may not log on from this workstation.' },
  { name: 'MAPI_E_INVALID_ACCESS_TIME', value: 0x80040123, text: 'Logon refused: the account may not log on at this time of day.' },
  { name: 'MAPI_E_ACCOUNT_DISABLED', value: 0x80040124, text: 'Logon refused: the account is disabled.' },
  { name: 'MAPI_E_RECONNECTED', value: 0x80040125, text: 'The connection to the server was lost and re-established; retry the call.' },
  { name: 'MAPI_E_OFFLINE', value: 0x80040126, text: 'The operation needs the server but the store is offline.' },

  // --- MAPI base function and status object errors ---
  { name: 'MAPI_E_END_OF_SESSION', value: 0x80040200, text: 'The session has been logged off or shut down; log on again.' },
  { name: 'MAPI_E_UNKNOWN_ENTRYID', value: 0x80040201, text: 'No provider in the session recognizes this entry ID (the store or address book that owns it is not loaded).' },
  { name: 'MAPI_E_MISSING_REQUIRED_COLUMN', value: 0x80040202, text: 'A column the operation needs is missing from the table or row.' },
  { name: 'MAPI_E_PROFILE_DELETED', value: 0x80040204, text: 'The profile was deleted while in use.' },

  // --- Property errors ---
  { name: 'MAPI_E_BAD_VALUE', value: 0x80040301, text: 'A property value is not valid for that property.' },
  { name: 'MAPI_E_INVALID_TYPE', value: 0x80040302, text: 'The property type in a tag is not valid.' },
  { name: 'MAPI_E_TYPE_NO_SUPPORT', value: 0x80040303, text: 'The provider does not support this property type.' },
  { name: 'MAPI_E_UNEXPECTED_TYPE', value: 0x80040304, text: 'The property type is not the one expected for this property.' },
  { name: 'MAPI_E_TOO_BIG', value: 0x80040305, text: 'The value is too large to return through GetProps; open it as a stream with OpenProperty(IID_IStream).' },
  { name: 'MAPI_E_DECLINE_COPY', value: 0x80040306, text: 'The provider declined to copy the object or some of its properties.' },
  { name: 'MAPI_E_UNEXPECTED_ID', value: 0x80040307, text: 'The property ID is not valid or not expected here.' },

  // --- Table errors ---
  { name: 'MAPI_E_UNABLE_TO_COMPLETE', value: 0x80040400, text: 'The table operation could not be completed.' },
  { name: 'MAPI_E_TIMEOUT', value: 0x80040401, text: 'The operation timed out (for example waiting for an asynchronous table or a logon lock).' },
  { name: 'MAPI_E_TABLE_EMPTY', value: 0x80040402, text: 'The table has no rows.' },
  { name: 'MAPI_E_TABLE_TOO_BIG', value: 0x80040403, text: 'The table has more rows than the limit given to HrQueryAllRows; page through it with QueryRows instead.' },
  { name: 'MAPI_E_INVALID_BOOKMARK', value: 0x80040405, text: 'The table bookmark is invalid or was freed.' },

  // --- Transport errors ---
  { name: 'MAPI_E_WAIT', value: 0x80040500, text: 'The transport asks the caller to wait and retry later.' },
  { name: 'MAPI_E_CANCEL', value: 0x80040501, text: 'The operation was cancelled.' },
  { name: 'MAPI_E_NOT_ME', value: 0x80040502, text: 'The transport provider does not handle this message or address type.' },

  // --- Message store, folder and message errors ---
  { name: 'MAPI_E_CORRUPT_STORE', value: 0x80040600, text: 'The message store is corrupt; repair it (ScanPST for PST/OST) and retry.' },
  { name: 'MAPI_E_NOT_IN_QUEUE', value: 0x80040601, text: 'The message is no longer in the outgoing queue.' },
  { name: 'MAPI_E_NO_SUPPRESS', value: 0x80040602, text: 'The store cannot suppress read receipts.' },
  { name: 'MAPI_E_COLLISION', value: 0x80040604, text: 'An object with that name already exists (for example a folder of the same name).' },
  { name: 'MAPI_E_NOT_INITIALIZED', value: 0x80040605, text: 'MAPIInitialize has not been called on this thread.' },
  { name: 'MAPI_E_NON_STANDARD', value: 0x80040606, text: 'A non-standard operation was attempted.' },
  { name: 'MAPI_E_NO_RECIPIENTS', value: 0x80040607, text: 'The message has no recipients and cannot be submitted.' },
  { name: 'MAPI_E_SUBMITTED', value: 0x80040608, text: 'The message has already been submitted and can no longer be changed.' },
  { name: 'MAPI_E_HAS_FOLDERS', value: 0x80040609, text: 'The folder still contains subfolders; pass DEL_FOLDERS to delete them too.' },
  { name: 'MAPI_E_HAS_MESSAGES', value: 0x8004060a, text: 'The folder still contains messages; pass DEL_MESSAGES to delete them too.' },
  { name: 'MAPI_E_FOLDER_CYCLE', value: 0x8004060b, text: 'The folder cannot be moved or copied into itself or one of its subfolders.' },
  { name: 'MAPI_E_STORE_FULL', value: 0x8004060c, text: 'The store has reached its size limit or quota; delete items and retry.' },
  { name: 'MAPI_E_LOCKID_LIMIT', value: 0x8004060d, text: 'Too many lock IDs are in use on the server.' },

  // --- Address book errors ---
  { name: 'MAPI_E_AMBIGUOUS_RECIP', value: 0x80040700, text: 'The recipient name matches more than one address-book entry.' },

  // --- Incremental change synchronization (EdkMdb.h) ---
  { name: 'SYNC_E_OBJECT_DELETED', value: 0x80040800, text: 'ICS: the object to be changed has been deleted.' },
  { name: 'SYNC_E_IGNORE', value: 0x80040801, text: 'ICS: the change was ignored (returned by an importer to skip an item).' },
  { name: 'SYNC_E_CONFLICT', value: 0x80040802, text: 'ICS: the change conflicts with another change to the same object.' },
  { name: 'SYNC_E_NO_PARENT', value: 0x80040803, text: 'ICS: the parent folder of the object has not been synchronized yet.' },
  { name: 'SYNC_E_CYCLE', value: 0x80040804, text: 'ICS: the hierarchy change would make a folder its own ancestor.' },
  { name: 'SYNC_E_UNSYNCHRONIZED', value: 0x80040805, text: 'ICS: the object is not synchronized; do a full synchronization.' },

  // --- Named properties ---
  { name: 'MAPI_E_NAMED_PROP_QUOTA_EXCEEDED', value: 0x80040900, text: 'The store has no room for more named properties (GetIDsFromNames with MAPI_CREATE).' },
] as const satisfies readonly HResultDef[];

/** Each HRESULT's value by its name, from HRESULTS: HR.MAPI_E_NOT_FOUND === 0x8004010F. */
export const HR = Object.fromEntries(HRESULTS.map((h) => [h.name, h.value])) as {
  readonly [H in (typeof HRESULTS)[number] as H['name']]: H['value'];
};
