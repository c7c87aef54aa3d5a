/*
 * mapi.h - the Extended MAPI ABI as the sample provider sees it.
 *
 * These are this project's own declarations, written from the MAPI documentation
 * (MAPIDefS.h / MAPIX.h / MAPICode.h / MAPITags.h as documented on learn.microsoft.com and
 * summarised in the project's ABI notes, mapi-abi.md). They are not Microsoft's headers.
 *
 * Rules that matter for an FFI caller (and that this header enforces at compile time):
 *   - Windows is LLP64: ULONG/LONG/HRESULT are 32-bit everywhere. Never use C `long` for them
 *     (it is 64-bit on Linux x64). WCHAR is UTF-16 (uint16_t), never wchar_t.
 *   - Struct layouts follow the Windows x64 / x86 layouts (see the _Static_asserts at the end).
 *   - Every exported function and every vtable method uses STDMETHODCALLTYPE, which is
 *     __stdcall on 32-bit Windows and the platform's only calling convention elsewhere.
 *   - Vtables list methods in the exact slot order of the MAPI headers.
 *
 * This header must not be included together with <windows.h> (it defines ULONG, HRESULT, GUID...
 * with fixed-width types). Only platform.c includes <windows.h>, and it does not include this file.
 */
#ifndef KMAPI_SAMPLE_MAPI_H
#define KMAPI_SAMPLE_MAPI_H

#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------------------------------------------
 * Calling convention
 * --------------------------------------------------------------------------------------------- */
#if defined(_WIN32) && !defined(_WIN64)
#define STDMETHODCALLTYPE __stdcall
#define STDAPICALLTYPE __stdcall
#else
#define STDMETHODCALLTYPE
#define STDAPICALLTYPE
#endif

/* ------------------------------------------------------------------------------------------------
 * Scalars (fixed width, Windows sizes)
 * --------------------------------------------------------------------------------------------- */
typedef uint8_t BYTE;
typedef BYTE *LPBYTE;
typedef uint16_t WORD;
typedef uint16_t WCHAR; /* UTF-16 code unit */
typedef int32_t LONG;
typedef uint32_t ULONG;
typedef uint32_t DWORD;
typedef int32_t BOOL;
typedef int32_t HRESULT;
typedef int32_t SCODE;
typedef int64_t LONGLONG;
typedef uint64_t ULONGLONG;
typedef uintptr_t ULONG_PTR;
typedef intptr_t LONG_PTR;
typedef void *LPVOID;
typedef void *HANDLE;
typedef char *LPSTR;
typedef WCHAR *LPWSTR;
typedef const WCHAR *LPCWSTR;
/* LPTSTR parameters are WCHAR* when the call carries MAPI_UNICODE, char* otherwise. The provider
 * receives them as an untyped pointer and decides from the flags. */
typedef void *LPTSTR;
typedef ULONG_PTR BOOKMARK;

#ifndef TRUE
#define TRUE 1
#define FALSE 0
#endif

/* ------------------------------------------------------------------------------------------------
 * HRESULT / SCODE values (MAPICode.h). MAKE_MAPI_E(x) = 0x80040000 | x.
 * Written as (HRESULT)0x8...u so they are negative 32-bit values, as on Windows.
 * --------------------------------------------------------------------------------------------- */
#define S_OK ((HRESULT)0x00000000)
#define S_FALSE ((HRESULT)0x00000001)
#define E_NOINTERFACE ((HRESULT)0x80004002u)
#define E_FAIL ((HRESULT)0x80004005u)
#define E_OUTOFMEMORY ((HRESULT)0x8007000Eu)
#define E_INVALIDARG ((HRESULT)0x80070057u)
#define E_ACCESSDENIED ((HRESULT)0x80070005u)
#define FAILED(hr) (((HRESULT)(hr)) < 0)
#define SUCCEEDED(hr) (((HRESULT)(hr)) >= 0)

#define MAPI_E_CALL_FAILED E_FAIL
#define MAPI_E_NOT_ENOUGH_MEMORY E_OUTOFMEMORY
#define MAPI_E_INVALID_PARAMETER E_INVALIDARG
#define MAPI_E_INTERFACE_NOT_SUPPORTED E_NOINTERFACE
#define MAPI_E_NO_ACCESS E_ACCESSDENIED

#define MAPI_E_NO_SUPPORT ((HRESULT)0x80040102u)
#define MAPI_E_BAD_CHARWIDTH ((HRESULT)0x80040103u)
#define MAPI_E_STRING_TOO_LONG ((HRESULT)0x80040105u)
#define MAPI_E_UNKNOWN_FLAGS ((HRESULT)0x80040106u)
#define MAPI_E_INVALID_ENTRYID ((HRESULT)0x80040107u)
#define MAPI_E_INVALID_OBJECT ((HRESULT)0x80040108u)
#define MAPI_E_OBJECT_CHANGED ((HRESULT)0x80040109u)
#define MAPI_E_OBJECT_DELETED ((HRESULT)0x8004010Au)
#define MAPI_E_BUSY ((HRESULT)0x8004010Bu)
#define MAPI_E_NOT_ENOUGH_DISK ((HRESULT)0x8004010Du)
#define MAPI_E_NOT_ENOUGH_RESOURCES ((HRESULT)0x8004010Eu)
#define MAPI_E_NOT_FOUND ((HRESULT)0x8004010Fu)
#define MAPI_E_VERSION ((HRESULT)0x80040110u)
#define MAPI_E_LOGON_FAILED ((HRESULT)0x80040111u)
#define MAPI_E_SESSION_LIMIT ((HRESULT)0x80040112u)
#define MAPI_E_USER_CANCEL ((HRESULT)0x80040113u)
#define MAPI_E_UNABLE_TO_ABORT ((HRESULT)0x80040114u)
#define MAPI_E_NETWORK_ERROR ((HRESULT)0x80040115u)
#define MAPI_E_DISK_ERROR ((HRESULT)0x80040116u)
#define MAPI_E_TOO_COMPLEX ((HRESULT)0x80040117u)
#define MAPI_E_BAD_COLUMN ((HRESULT)0x80040118u)
#define MAPI_E_EXTENDED_ERROR ((HRESULT)0x80040119u)
#define MAPI_E_COMPUTED ((HRESULT)0x8004011Au)
#define MAPI_E_CORRUPT_DATA ((HRESULT)0x8004011Bu)
#define MAPI_E_END_OF_SESSION ((HRESULT)0x80040200u)
#define MAPI_E_UNKNOWN_ENTRYID ((HRESULT)0x80040201u)
#define MAPI_E_MISSING_REQUIRED_COLUMN ((HRESULT)0x80040202u)
#define MAPI_E_BAD_VALUE ((HRESULT)0x80040301u)
#define MAPI_E_INVALID_TYPE ((HRESULT)0x80040302u)
#define MAPI_E_TYPE_NO_SUPPORT ((HRESULT)0x80040303u)
#define MAPI_E_UNEXPECTED_TYPE ((HRESULT)0x80040304u)
#define MAPI_E_TOO_BIG ((HRESULT)0x80040305u)
#define MAPI_W_ERRORS_RETURNED ((HRESULT)0x00040380u)
#define MAPI_E_UNABLE_TO_COMPLETE ((HRESULT)0x80040400u)
#define MAPI_E_TIMEOUT ((HRESULT)0x80040401u)
#define MAPI_E_TABLE_EMPTY ((HRESULT)0x80040402u)
#define MAPI_E_TABLE_TOO_BIG ((HRESULT)0x80040403u)
#define MAPI_E_INVALID_BOOKMARK ((HRESULT)0x80040405u)
#define MAPI_W_POSITION_CHANGED ((HRESULT)0x00040481u)
#define MAPI_W_APPROX_COUNT ((HRESULT)0x00040482u)
#define MAPI_E_CORRUPT_STORE ((HRESULT)0x80040600u)
#define MAPI_E_COLLISION ((HRESULT)0x80040604u)
#define MAPI_E_NOT_INITIALIZED ((HRESULT)0x80040605u)
#define MAPI_E_HAS_FOLDERS ((HRESULT)0x80040609u)
#define MAPI_E_HAS_MESSAGES ((HRESULT)0x8004060Au)
#define MAPI_E_FOLDER_CYCLE ((HRESULT)0x8004060Bu)
#define MAPI_W_PARTIAL_COMPLETION ((HRESULT)0x00040680u)

/* ------------------------------------------------------------------------------------------------
 * Flags
 * --------------------------------------------------------------------------------------------- */
#define MAPI_UNICODE 0x80000000u

/* MAPIInitialize (MAPIINIT_0.ulFlags) */
#define MAPI_INIT_VERSION 0u
#define MAPI_MULTITHREAD_NOTIFICATIONS 0x00000001u
#define MAPI_NO_COINIT 0x00000008u
#define MAPI_NT_SERVICE 0x00010000u

/* MAPILogonEx */
#define MAPI_LOGON_UI 0x00000001u
#define MAPI_NEW_SESSION 0x00000002u
#define MAPI_APP_PROFILE 0x00000004u
#define MAPI_ALLOW_OTHERS 0x00000008u
#define MAPI_EXPLICIT_PROFILE 0x00000010u
#define MAPI_EXTENDED 0x00000020u
#define MAPI_USE_DEFAULT 0x00000040u
#define MAPI_FORCE_DOWNLOAD 0x00001000u
#define MAPI_SERVICE_UI_ALWAYS 0x00002000u
#define MAPI_NO_MAIL 0x00008000u
#define MAPI_PASSWORD_UI 0x00020000u
#define MAPI_TIMEOUT_SHORT 0x00100000u
#define MAPI_BG_SESSION 0x00200000u

/* Open / access */
#define MAPI_MODIFY 0x00000001u
#define MAPI_CREATE 0x00000002u
#define MAPI_DEFERRED_ERRORS 0x00000008u
#define MAPI_BEST_ACCESS 0x00000010u
#define MAPI_ASSOCIATED 0x00000040u
#define MAPI_NO_CACHE 0x00000200u
#define MAPI_CACHE_ONLY 0x00004000u

/* OpenMsgStore */
#define MDB_NO_DIALOG 0x00000001u
#define MDB_WRITE 0x00000004u
#define MDB_TEMPORARY 0x00000020u
#define MDB_NO_MAIL 0x00000080u
#define MDB_ONLINE 0x00000100u

/* Containers / folders */
#define CONVENIENT_DEPTH 0x00000001u
#define OPEN_IF_EXISTS 0x00000001u
#define DEL_MESSAGES 0x00000001u /* MAPIDefS.h (0x8 is DEL_ASSOCIATED, EmptyFolder) */
#define DEL_FOLDERS 0x00000004u
#define MESSAGE_DIALOG 0x00000002u
#define SHOW_SOFT_DELETES 0x00000002u
#define FOLDER_ROOT 0u
#define FOLDER_GENERIC 1u
#define FOLDER_SEARCH 2u

/* SaveChanges */
#define KEEP_OPEN_READONLY 0x00000001u
#define KEEP_OPEN_READWRITE 0x00000002u
#define FORCE_SAVE 0x00000004u

/* Logoff */
#define MAPI_LOGOFF_SHARED 0x00000001u
#define MAPI_LOGOFF_UI 0x00000002u
#define LOGOFF_NO_WAIT 0x00000001u
#define LOGOFF_ORDERLY 0x00000002u
#define LOGOFF_PURGE 0x00000004u
#define LOGOFF_ABORT 0x00000008u
#define LOGOFF_QUIET 0x00000010u
#define LOGOFF_COMPLETE 0x00010000u

/* Object types (PR_OBJECT_TYPE, lpulObjType) */
#define MAPI_STORE 0x1u
#define MAPI_ADDRBOOK 0x2u
#define MAPI_FOLDER 0x3u
#define MAPI_ABCONT 0x4u
#define MAPI_MESSAGE 0x5u
#define MAPI_MAILUSER 0x6u
#define MAPI_ATTACH 0x7u
#define MAPI_DISTLIST 0x8u
#define MAPI_PROFSECT 0x9u
#define MAPI_STATUS 0xAu
#define MAPI_SESSION 0xBu

/* PR_STORE_SUPPORT_MASK */
#define STORE_ENTRYID_UNIQUE 0x00000001u
#define STORE_READONLY 0x00000002u
#define STORE_SEARCH_OK 0x00000004u
#define STORE_MODIFY_OK 0x00000008u
#define STORE_CREATE_OK 0x00000010u
#define STORE_ATTACH_OK 0x00000020u
#define STORE_OLE_OK 0x00000040u
#define STORE_SUBMIT_OK 0x00000080u
#define STORE_NOTIFY_OK 0x00000100u
#define STORE_MV_PROPS_OK 0x00000200u
#define STORE_CATEGORIZE_OK 0x00000400u
#define STORE_RTF_OK 0x00000800u
#define STORE_RESTRICTION_OK 0x00001000u
#define STORE_SORT_OK 0x00002000u
#define STORE_PUBLIC_FOLDERS 0x00004000u
#define STORE_UNCOMPRESSED_RTF 0x00008000u
#define STORE_UNICODE_OK 0x00040000u

/* PR_RESOURCE_FLAGS */
#define STATUS_DEFAULT_OUTBOUND 0x00000001u
#define STATUS_DEFAULT_STORE 0x00000002u
#define STATUS_PRIMARY_IDENTITY 0x00000004u
#define STATUS_SIMPLE_STORE 0x00000008u
#define STATUS_NO_DEFAULT_STORE 0x00000040u
#define STATUS_OWN_STORE 0x00000100u
#define STATUS_PRIMARY_STORE 0x00001000u
#define STATUS_SECONDARY_STORE 0x00002000u

/* PR_MESSAGE_FLAGS */
#define MSGFLAG_READ 0x00000001u
#define MSGFLAG_UNMODIFIED 0x00000002u
#define MSGFLAG_SUBMIT 0x00000004u
#define MSGFLAG_UNSENT 0x00000008u
#define MSGFLAG_HASATTACH 0x00000010u
#define MSGFLAG_FROMME 0x00000020u
#define MSGFLAG_ASSOCIATED 0x00000040u

/* Tables */
#define TBL_ALL_COLUMNS 0x00000001u
#define TBL_ASYNC 0x00000001u
#define TBL_NOWAIT 0x00000001u
#define TBL_BATCH 0x00000002u
#define TBL_NOADVANCE 0x00000001u
#define DIR_BACKWARD 0x00000001u
/* PR_ROW_TYPE in categorized tables */
#define TBL_LEAF_ROW 1u
#define TBL_EMPTY_CATEGORY 2u
#define TBL_EXPANDED_CATEGORY 3u
#define TBL_COLLAPSED_CATEGORY 4u
#define BOOKMARK_BEGINNING ((BOOKMARK)0)
#define BOOKMARK_CURRENT ((BOOKMARK)1)
#define BOOKMARK_END ((BOOKMARK)2)
#define TBLSTAT_COMPLETE 0u
#define TBLTYPE_SNAPSHOT 0u
#define TBLTYPE_KEYSET 1u
#define TBLTYPE_DYNAMIC 2u
#define TABLE_SORT_ASCEND 0x00000000u
#define TABLE_SORT_DESCEND 0x00000001u
#define TABLE_SORT_COMBINE 0x00000002u

/* GetLastError */
#define MAPI_ERROR_VERSION 0x00000000u

/* CompareEntryIDs / misc */
#define MAPI_DIALOG 0x00000008u

/* ------------------------------------------------------------------------------------------------
 * Property types and tags (MAPIDefS.h / MAPITags.h)
 * --------------------------------------------------------------------------------------------- */
#define PT_UNSPECIFIED 0x0000u
#define PT_NULL 0x0001u
#define PT_I2 0x0002u
#define PT_LONG 0x0003u
#define PT_R4 0x0004u
#define PT_DOUBLE 0x0005u
#define PT_CURRENCY 0x0006u
#define PT_APPTIME 0x0007u
#define PT_ERROR 0x000Au
#define PT_BOOLEAN 0x000Bu
#define PT_OBJECT 0x000Du
#define PT_I8 0x0014u
#define PT_STRING8 0x001Eu
#define PT_UNICODE 0x001Fu
#define PT_SYSTIME 0x0040u
#define PT_CLSID 0x0048u
#define PT_BINARY 0x0102u
#define PT_PTR 0x0103u
/* Exchange types (EdkMdb.h; [MS-OXCDATA] 2.11.1): Value.bin, Value.lpv -> SRestriction, Value.lpv -> ACTIONS. */
#define PT_SVREID 0x00FBu
#define PT_SRESTRICTION 0x00FDu
#define PT_ACTIONS 0x00FEu
#define MV_FLAG 0x1000u
#define MV_INSTANCE 0x2000u
#define PT_MV_I2 (MV_FLAG | PT_I2)
#define PT_MV_LONG (MV_FLAG | PT_LONG)
#define PT_MV_R4 (MV_FLAG | PT_R4)
#define PT_MV_DOUBLE (MV_FLAG | PT_DOUBLE)
#define PT_MV_CURRENCY (MV_FLAG | PT_CURRENCY)
#define PT_MV_APPTIME (MV_FLAG | PT_APPTIME)
#define PT_MV_SYSTIME (MV_FLAG | PT_SYSTIME)
#define PT_MV_STRING8 (MV_FLAG | PT_STRING8)
#define PT_MV_BINARY (MV_FLAG | PT_BINARY)
#define PT_MV_UNICODE (MV_FLAG | PT_UNICODE)
#define PT_MV_CLSID (MV_FLAG | PT_CLSID)
#define PT_MV_I8 (MV_FLAG | PT_I8)

#define PROP_TYPE_MASK 0x0000FFFFu
#define PROP_TYPE(tag) ((ULONG)(tag) & PROP_TYPE_MASK)
#define PROP_ID(tag) ((ULONG)(tag) >> 16)
#define PROP_TAG(type, id) ((((ULONG)(id)) << 16) | ((ULONG)(type)))
#define CHANGE_PROP_TYPE(tag, type) (((ULONG)(tag) & 0xFFFF0000u) | (ULONG)(type))
#define PR_NULL PROP_TAG(PT_NULL, 0)

#define PR_ENTRYID PROP_TAG(PT_BINARY, 0x0FFF)
#define PR_OBJECT_TYPE PROP_TAG(PT_LONG, 0x0FFE)
#define PR_STORE_ENTRYID PROP_TAG(PT_BINARY, 0x0FFB)
#define PR_STORE_RECORD_KEY PROP_TAG(PT_BINARY, 0x0FFA)
#define PR_RECORD_KEY PROP_TAG(PT_BINARY, 0x0FF9)
#define PR_MAPPING_SIGNATURE PROP_TAG(PT_BINARY, 0x0FF8)
#define PR_ACCESS_LEVEL PROP_TAG(PT_LONG, 0x0FF7)
#define PR_INSTANCE_KEY PROP_TAG(PT_BINARY, 0x0FF6)
#define PR_ROW_TYPE PROP_TAG(PT_LONG, 0x0FF5)
#define PR_ACCESS PROP_TAG(PT_LONG, 0x0FF4)
#define PR_PARENT_ENTRYID PROP_TAG(PT_BINARY, 0x0E09)

#define PR_DISPLAY_NAME_W PROP_TAG(PT_UNICODE, 0x3001)
#define PR_DISPLAY_NAME_A PROP_TAG(PT_STRING8, 0x3001)
#define PR_COMMENT_W PROP_TAG(PT_UNICODE, 0x3004)
#define PR_DEPTH PROP_TAG(PT_LONG, 0x3005)
#define PR_PROVIDER_DISPLAY_W PROP_TAG(PT_UNICODE, 0x3006)
#define PR_CREATION_TIME PROP_TAG(PT_SYSTIME, 0x3007)
#define PR_LAST_MODIFICATION_TIME PROP_TAG(PT_SYSTIME, 0x3008)
#define PR_RESOURCE_FLAGS PROP_TAG(PT_LONG, 0x3009)
#define PR_SEARCH_KEY PROP_TAG(PT_BINARY, 0x300B)
#define PR_DEFAULT_STORE PROP_TAG(PT_BOOLEAN, 0x3400)
#define PR_RESOURCE_TYPE PROP_TAG(PT_LONG, 0x3E03)
#define MAPI_STORE_PROVIDER 33 /* PR_RESOURCE_TYPE of a message store */
#define PR_STORE_SUPPORT_MASK PROP_TAG(PT_LONG, 0x340D)
#define PR_STORE_STATE PROP_TAG(PT_LONG, 0x340E)
#define PR_MDB_PROVIDER PROP_TAG(PT_BINARY, 0x3414)
#define PR_VALID_FOLDER_MASK PROP_TAG(PT_LONG, 0x35DF)
#define PR_IPM_SUBTREE_ENTRYID PROP_TAG(PT_BINARY, 0x35E0)
#define PR_IPM_OUTBOX_ENTRYID PROP_TAG(PT_BINARY, 0x35E2)
#define PR_IPM_WASTEBASKET_ENTRYID PROP_TAG(PT_BINARY, 0x35E3)
#define PR_IPM_SENTMAIL_ENTRYID PROP_TAG(PT_BINARY, 0x35E4)
#define PR_IPM_DRAFTS_ENTRYID PROP_TAG(PT_BINARY, 0x36D7)
#define PR_CONTAINER_FLAGS PROP_TAG(PT_LONG, 0x3600)
#define PR_FOLDER_TYPE PROP_TAG(PT_LONG, 0x3601)
#define PR_CONTENT_COUNT PROP_TAG(PT_LONG, 0x3602)
#define PR_CONTENT_UNREAD PROP_TAG(PT_LONG, 0x3603)
#define PR_SUBFOLDERS PROP_TAG(PT_BOOLEAN, 0x360A)
#define PR_CONTAINER_CLASS_W PROP_TAG(PT_UNICODE, 0x3613)

#define PR_IMPORTANCE PROP_TAG(PT_LONG, 0x0017)
#define PR_MESSAGE_CLASS_W PROP_TAG(PT_UNICODE, 0x001A)
#define PR_MESSAGE_CLASS_A PROP_TAG(PT_STRING8, 0x001A)
#define PR_SUBJECT_W PROP_TAG(PT_UNICODE, 0x0037)
#define PR_SUBJECT_A PROP_TAG(PT_STRING8, 0x0037)
#define PR_CLIENT_SUBMIT_TIME PROP_TAG(PT_SYSTIME, 0x0039)
#define PR_CONVERSATION_INDEX PROP_TAG(PT_BINARY, 0x0071)
#define PR_SENDER_NAME_W PROP_TAG(PT_UNICODE, 0x0C1A)
#define PR_SENDER_EMAIL_ADDRESS_W PROP_TAG(PT_UNICODE, 0x0C1F)
#define PR_DISPLAY_TO_W PROP_TAG(PT_UNICODE, 0x0E04)
#define PR_MESSAGE_DELIVERY_TIME PROP_TAG(PT_SYSTIME, 0x0E06)
#define PR_MESSAGE_FLAGS PROP_TAG(PT_LONG, 0x0E07)
#define PR_MESSAGE_SIZE PROP_TAG(PT_LONG, 0x0E08)
#define PR_HASATTACH PROP_TAG(PT_BOOLEAN, 0x0E1B)
#define PR_NORMALIZED_SUBJECT_W PROP_TAG(PT_UNICODE, 0x0E1D)
#define PR_BODY_W PROP_TAG(PT_UNICODE, 0x1000)
#define PR_INTERNET_MESSAGE_ID_W PROP_TAG(PT_UNICODE, 0x1035)
#define PR_SENDER_NAME_A PROP_TAG(PT_STRING8, 0x0C1A)
#define PR_BODY_A PROP_TAG(PT_STRING8, 0x1000)
#define PR_EMAIL_ADDRESS_W PROP_TAG(PT_UNICODE, 0x3003)
#define PR_MESSAGE_CODEPAGE PROP_TAG(PT_LONG, 0x3FFD) /* EdkMdb.h */
#define PR_INTERNET_CPID PROP_TAG(PT_LONG, 0x3FDE)    /* EdkMdb.h */
#define PR_RULE_CONDITION PROP_TAG(PT_SRESTRICTION, 0x6679) /* EdkMdb.h: pidSpecialMin+0x09 */
#define PR_RULE_ACTIONS PROP_TAG(PT_ACTIONS, 0x6680)        /* EdkMdb.h: pidSpecialMin+0x10 */

/* ------------------------------------------------------------------------------------------------
 * Basic structures (§4.3 of mapi-abi.md)
 * --------------------------------------------------------------------------------------------- */
typedef struct GUID {
    ULONG Data1;
    WORD Data2;
    WORD Data3;
    BYTE Data4[8];
} GUID, IID, CLSID;
typedef GUID *LPGUID;
typedef const IID *REFIID;
typedef const IID *LPCIID;

typedef struct MAPIUID {
    BYTE ab[16];
} MAPIUID, *LPMAPIUID;

typedef struct FILETIME {
    DWORD dwLowDateTime;
    DWORD dwHighDateTime;
} FILETIME;

/* CURRENCY and LARGE_INTEGER are 8-byte unions (8-byte aligned on x64 and x86 MSVC/MinGW). */
typedef union CURRENCY {
    struct {
        ULONG Lo;
        LONG Hi;
    } s;
    LONGLONG int64;
} CURRENCY;

typedef union LARGE_INTEGER {
    struct {
        DWORD LowPart;
        LONG HighPart;
    } s;
    LONGLONG QuadPart;
} LARGE_INTEGER;

typedef struct ENTRYID {
    BYTE abFlags[4];
    BYTE ab[1]; /* variable length: always pass (cb, LPENTRYID) */
} ENTRYID, *LPENTRYID;

typedef struct SBinary {
    ULONG cb;
    LPBYTE lpb;
} SBinary, *LPSBinary;

/* Multi-valued arrays: { ULONG cValues; T *lp; } */
typedef struct SShortArray {
    ULONG cValues;
    int16_t *lpi;
} SShortArray;
typedef struct SLongArray {
    ULONG cValues;
    LONG *lpl;
} SLongArray;
typedef struct SRealArray {
    ULONG cValues;
    float *lpflt;
} SRealArray;
typedef struct SDoubleArray {
    ULONG cValues;
    double *lpdbl;
} SDoubleArray;
typedef struct SCurrencyArray {
    ULONG cValues;
    CURRENCY *lpcur;
} SCurrencyArray;
typedef struct SAppTimeArray {
    ULONG cValues;
    double *lpat;
} SAppTimeArray;
typedef struct SDateTimeArray {
    ULONG cValues;
    FILETIME *lpft;
} SDateTimeArray;
typedef struct SBinaryArray {
    ULONG cValues;
    SBinary *lpbin;
} SBinaryArray;
typedef struct SLPSTRArray {
    ULONG cValues;
    LPSTR *lppszA;
} SLPSTRArray;
typedef struct SWStringArray {
    ULONG cValues;
    LPWSTR *lppszW;
} SWStringArray;
typedef struct SGuidArray {
    ULONG cValues;
    GUID *lpguid;
} SGuidArray;
typedef struct SLargeIntegerArray {
    ULONG cValues;
    LARGE_INTEGER *lpli;
} SLargeIntegerArray;

typedef SBinaryArray ENTRYLIST, *LPENTRYLIST;

/* union _PV: one member per property type. PT_BOOLEAN is 16-bit (unsigned short b). */
typedef union _PV {
    int16_t i;               /* PT_I2 */
    LONG l;                  /* PT_LONG */
    ULONG ul;                /* PT_LONG */
    LPVOID lpv;              /* PT_PTR */
    float flt;               /* PT_R4 */
    double dbl;              /* PT_DOUBLE */
    uint16_t b;              /* PT_BOOLEAN */
    CURRENCY cur;            /* PT_CURRENCY */
    double at;               /* PT_APPTIME */
    FILETIME ft;             /* PT_SYSTIME */
    LPSTR lpszA;             /* PT_STRING8 */
    SBinary bin;             /* PT_BINARY */
    LPWSTR lpszW;            /* PT_UNICODE */
    LPGUID lpguid;           /* PT_CLSID */
    LARGE_INTEGER li;        /* PT_I8 */
    SShortArray MVi;         /* PT_MV_I2 */
    SLongArray MVl;          /* PT_MV_LONG */
    SRealArray MVflt;        /* PT_MV_R4 */
    SDoubleArray MVdbl;      /* PT_MV_DOUBLE */
    SCurrencyArray MVcur;    /* PT_MV_CURRENCY */
    SAppTimeArray MVat;      /* PT_MV_APPTIME */
    SDateTimeArray MVft;     /* PT_MV_SYSTIME */
    SBinaryArray MVbin;      /* PT_MV_BINARY */
    SLPSTRArray MVszA;       /* PT_MV_STRING8 */
    SWStringArray MVszW;     /* PT_MV_UNICODE */
    SGuidArray MVguid;       /* PT_MV_CLSID */
    SLargeIntegerArray MVli; /* PT_MV_I8 */
    SCODE err;               /* PT_ERROR */
    LONG x;                  /* PT_NULL, PT_OBJECT */
} __UPV;

typedef struct SPropValue {
    ULONG ulPropTag;
    ULONG dwAlignPad;
    union _PV Value;
} SPropValue, *LPSPropValue;

typedef struct SPropTagArray {
    ULONG cValues;
    ULONG aulPropTag[1]; /* variable length */
} SPropTagArray, *LPSPropTagArray;
#define CbNewSPropTagArray(n) (offsetof(SPropTagArray, aulPropTag) + (size_t)(n) * sizeof(ULONG))

typedef struct SPropProblem {
    ULONG ulIndex;
    ULONG ulPropTag;
    SCODE scode;
} SPropProblem;

typedef struct SPropProblemArray {
    ULONG cProblem;
    SPropProblem aProblem[1]; /* variable length */
} SPropProblemArray, *LPSPropProblemArray;
#define CbNewSPropProblemArray(n)                                                                  \
    (offsetof(SPropProblemArray, aProblem) + (size_t)(n) * sizeof(SPropProblem))

typedef struct SRow {
    ULONG ulAdrEntryPad;
    ULONG cValues;
    LPSPropValue lpProps;
} SRow, *LPSRow;

typedef struct SRowSet {
    ULONG cRows;
    SRow aRow[1]; /* variable length */
} SRowSet, *LPSRowSet;
#define CbNewSRowSet(n) (offsetof(SRowSet, aRow) + (size_t)(n) * sizeof(SRow))

typedef struct SSortOrder {
    ULONG ulPropTag;
    ULONG ulOrder; /* TABLE_SORT_ASCEND / _DESCEND / _COMBINE */
} SSortOrder;

typedef struct SSortOrderSet {
    ULONG cSorts;
    ULONG cCategories;
    ULONG cExpanded;
    SSortOrder aSort[1]; /* variable length */
} SSortOrderSet, *LPSSortOrderSet;
#define CbNewSSortOrderSet(n) (offsetof(SSortOrderSet, aSort) + (size_t)(n) * sizeof(SSortOrder))

typedef struct MAPIERROR {
    ULONG ulVersion;
    LPTSTR lpszError;     /* WCHAR* if GetLastError got MAPI_UNICODE, else char* */
    LPTSTR lpszComponent; /* idem */
    ULONG ulLowLevelError;
    ULONG ulContext;
} MAPIERROR, *LPMAPIERROR;

typedef struct MAPIINIT_0 {
    ULONG ulVersion;
    ULONG ulFlags;
} MAPIINIT_0, *LPMAPIINIT_0;

/* Named properties: a name is (property set GUID, integer id) or (GUID, UTF-16 string). */
#define MNID_ID 0u
#define MNID_STRING 1u
typedef struct MAPINAMEID {
    LPGUID lpguid;
    ULONG ulKind; /* MNID_ID or MNID_STRING */
    union {
        LONG lID;
        LPWSTR lpwstrName;
    } Kind;
} MAPINAMEID, *LPMAPINAMEID;
#define MAPI_NO_STRINGS 0x00000001u /* GetNamesFromIDs */
#define MAPI_NO_IDS 0x00000002u

/* ------------------------------------------------------------------------------------------------
 * Restrictions (MAPIDefS.h)
 * --------------------------------------------------------------------------------------------- */
typedef struct SRestriction SRestriction, *LPSRestriction;

typedef struct SAndRestriction {
    ULONG cRes;
    LPSRestriction lpRes;
} SAndRestriction;
typedef struct SOrRestriction {
    ULONG cRes;
    LPSRestriction lpRes;
} SOrRestriction;
typedef struct SNotRestriction {
    ULONG ulReserved;
    LPSRestriction lpRes;
} SNotRestriction;
typedef struct SContentRestriction {
    ULONG ulFuzzyLevel;
    ULONG ulPropTag;
    LPSPropValue lpProp;
} SContentRestriction;
typedef struct SPropertyRestriction {
    ULONG relop;
    ULONG ulPropTag;
    LPSPropValue lpProp;
} SPropertyRestriction;
typedef struct SBitMaskRestriction {
    ULONG relBMR;
    ULONG ulPropTag;
    ULONG ulMask;
} SBitMaskRestriction;
typedef struct SExistRestriction {
    ULONG ulReserved1;
    ULONG ulPropTag;
    ULONG ulReserved2;
} SExistRestriction;
typedef struct SComparePropsRestriction {
    ULONG relop;
    ULONG ulPropTag1;
    ULONG ulPropTag2;
} SComparePropsRestriction;
typedef struct SSizeRestriction {
    ULONG relop;
    ULONG ulPropTag;
    ULONG cb;
} SSizeRestriction;
typedef struct SSubRestriction {
    ULONG ulSubObject;
    LPSRestriction lpRes;
} SSubRestriction;
typedef struct SCommentRestriction {
    ULONG cValues;
    LPSRestriction lpRes;
    LPSPropValue lpProp;
} SCommentRestriction;
typedef struct SCountRestriction {
    ULONG ulCount;
    LPSRestriction lpRes;
} SCountRestriction;

struct SRestriction {
    ULONG rt;
    union {
        SComparePropsRestriction resCompareProps;
        SAndRestriction resAnd;
        SOrRestriction resOr;
        SNotRestriction resNot;
        SContentRestriction resContent;
        SPropertyRestriction resProperty;
        SBitMaskRestriction resBitMask;
        SSizeRestriction resSize;
        SExistRestriction resExist;
        SSubRestriction resSub;
        SCommentRestriction resComment;
        SCountRestriction resCount;
    } res;
};

#define RES_AND 0x00u
#define RES_OR 0x01u
#define RES_NOT 0x02u
#define RES_CONTENT 0x03u
#define RES_PROPERTY 0x04u
#define RES_COMPAREPROPS 0x05u
#define RES_BITMASK 0x06u
#define RES_SIZE 0x07u
#define RES_EXIST 0x08u
#define RES_SUBRESTRICTION 0x09u
#define RES_COMMENT 0x0Au
#define RES_COUNT 0x0Bu /* [MS-OXCDATA] 2.12.9: { ULONG ulCount; LPSRestriction lpRes; } */

#define RELOP_LT 0u
#define RELOP_LE 1u
#define RELOP_GT 2u
#define RELOP_GE 3u
#define RELOP_EQ 4u
#define RELOP_NE 5u
#define RELOP_RE 6u

#define FL_FULLSTRING 0x00000u
#define FL_SUBSTRING 0x00001u
#define FL_PREFIX 0x00002u
#define FL_IGNORECASE 0x10000u
#define FL_IGNORENONSPACE 0x20000u
#define FL_LOOSE 0x40000u

#define BMR_EQZ 0u
#define BMR_NEZ 1u

/* ------------------------------------------------------------------------------------------------
 * Address lists (MAPIDefS.h) and rule actions (EdkMdb.h): the value of a PT_ACTIONS property
 * --------------------------------------------------------------------------------------------- */
typedef struct ADRENTRY {
    ULONG ulReserved1;
    ULONG cValues;
    LPSPropValue rgPropVals;
} ADRENTRY;
typedef struct ADRLIST {
    ULONG cEntries;
    ADRENTRY aEntries[1];
} ADRLIST, *LPADRLIST;
#define CbNewADRLIST(n) (offsetof(ADRLIST, aEntries) + (n) * sizeof(ADRENTRY))

typedef enum {
    OP_MOVE = 1,
    OP_COPY,
    OP_REPLY,
    OP_OOF_REPLY,
    OP_DEFER_ACTION,
    OP_BOUNCE,
    OP_FORWARD,
    OP_DELEGATE,
    OP_TAG,
    OP_DELETE,
    OP_MARK_AS_READ
} ACTTYPE;

typedef struct ACTION {
    ACTTYPE acttype;
    ULONG ulActionFlavor;
    LPSRestriction lpRes;
    LPSPropTagArray lpPropTagArray;
    ULONG ulFlags;
    ULONG dwAlignPad;
    union {
        struct {
            ULONG cbStoreEntryId;
            LPENTRYID lpStoreEntryId;
            ULONG cbFldEntryId;
            LPENTRYID lpFldEntryId;
        } actMoveCopy;
        struct {
            ULONG cbEntryId;
            LPENTRYID lpEntryId;
            GUID guidReplyTemplate;
        } actReply;
        struct {
            ULONG cbData;
            BYTE *pbData;
        } actDeferAction;
        SCODE scBounceCode;
        LPADRLIST lpadrlist;
        SPropValue propTag;
    };
} ACTION, *LPACTION;
#define EDK_RULES_VERSION 1u
typedef struct ACTIONS {
    ULONG ulVersion;
    ULONG cActions; /* UINT: 32-bit on every Windows ABI */
    LPACTION lpAction;
} ACTIONS;

/* ------------------------------------------------------------------------------------------------
 * Interfaces. Each is a struct whose only visible member is the vtable pointer; every method
 * takes the interface pointer first ("This"). Slot order = MAPI header order (§4.1).
 * Types of interfaces the provider never implements are left incomplete.
 * --------------------------------------------------------------------------------------------- */
typedef struct IUnknown IUnknown, *LPUNKNOWN;
typedef struct IMAPIProp IMAPIProp, *LPMAPIPROP;
typedef struct IMAPISession IMAPISession, *LPMAPISESSION;
typedef struct IMsgStore IMsgStore, *LPMDB;
typedef struct IMAPIContainer IMAPIContainer, *LPMAPICONTAINER;
typedef struct IMAPIFolder IMAPIFolder, *LPMAPIFOLDER;
typedef struct IMessage IMessage, *LPMESSAGE;
typedef struct IMAPITable IMAPITable, *LPMAPITABLE;

typedef struct IMAPIAdviseSink *LPMAPIADVISESINK;
typedef struct IMAPIProgress *LPMAPIPROGRESS;
typedef struct IAddrBook *LPADRBOOK;
typedef struct IProfSect *LPPROFSECT;
typedef struct IProviderAdmin *LPPROVIDERADMIN;
typedef struct IMsgServiceAdmin *LPSERVICEADMIN;
typedef struct IAttach *LPATTACH;
typedef struct NOTIFICATION *LPNOTIFICATION;

#define IUNKNOWN_SLOTS(I)                                                                          \
    HRESULT(STDMETHODCALLTYPE *QueryInterface)(I * This, REFIID riid, void **ppvObject);           \
    ULONG(STDMETHODCALLTYPE *AddRef)(I * This);                                                    \
    ULONG(STDMETHODCALLTYPE *Release)(I * This);

#define IMAPIPROP_SLOTS(I)                                                                         \
    HRESULT(STDMETHODCALLTYPE *GetLastError)(I * This, HRESULT hResult, ULONG ulFlags,             \
                                             LPMAPIERROR * lppMAPIError);                          \
    HRESULT(STDMETHODCALLTYPE *SaveChanges)(I * This, ULONG ulFlags);                              \
    HRESULT(STDMETHODCALLTYPE *GetProps)(I * This, LPSPropTagArray lpPropTagArray, ULONG ulFlags,  \
                                         ULONG * lpcValues, LPSPropValue * lppPropArray);          \
    HRESULT(STDMETHODCALLTYPE *GetPropList)(I * This, ULONG ulFlags,                               \
                                            LPSPropTagArray * lppPropTagArray);                    \
    HRESULT(STDMETHODCALLTYPE *OpenProperty)(I * This, ULONG ulPropTag, LPCIID lpiid,              \
                                             ULONG ulInterfaceOptions, ULONG ulFlags,              \
                                             LPUNKNOWN * lppUnk);                                  \
    HRESULT(STDMETHODCALLTYPE *SetProps)(I * This, ULONG cValues, LPSPropValue lpPropArray,        \
                                         LPSPropProblemArray * lppProblems);                       \
    HRESULT(STDMETHODCALLTYPE *DeleteProps)(I * This, LPSPropTagArray lpPropTagArray,              \
                                            LPSPropProblemArray * lppProblems);                    \
    HRESULT(STDMETHODCALLTYPE *CopyTo)(                                                            \
        I * This, ULONG ciidExclude, LPCIID rgiidExclude, LPSPropTagArray lpExcludeProps,          \
        ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj,      \
        ULONG ulFlags, LPSPropProblemArray * lppProblems);                                         \
    HRESULT(STDMETHODCALLTYPE *CopyProps)(                                                         \
        I * This, LPSPropTagArray lpIncludeProps, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,  \
        LPCIID lpInterface, LPVOID lpDestObj, ULONG ulFlags, LPSPropProblemArray * lppProblems);   \
    HRESULT(STDMETHODCALLTYPE *GetNamesFromIDs)(                                                   \
        I * This, LPSPropTagArray * lppPropTags, LPGUID lpPropSetGuid, ULONG ulFlags,              \
        ULONG * lpcPropNames, LPMAPINAMEID * *lpppPropNames);                                      \
    HRESULT(STDMETHODCALLTYPE *GetIDsFromNames)(I * This, ULONG cPropNames,                        \
                                                LPMAPINAMEID * lppPropNames, ULONG ulFlags,        \
                                                LPSPropTagArray * lppPropTags);

#define IMAPICONTAINER_SLOTS(I)                                                                    \
    HRESULT(STDMETHODCALLTYPE *GetContentsTable)(I * This, ULONG ulFlags, LPMAPITABLE * lppTable); \
    HRESULT(STDMETHODCALLTYPE *GetHierarchyTable)(I * This, ULONG ulFlags,                         \
                                                  LPMAPITABLE * lppTable);                         \
    HRESULT(STDMETHODCALLTYPE *OpenEntry)(I * This, ULONG cbEntryID, LPENTRYID lpEntryID,          \
                                          LPCIID lpInterface, ULONG ulFlags, ULONG * lpulObjType,  \
                                          LPUNKNOWN * lppUnk);                                     \
    HRESULT(STDMETHODCALLTYPE *SetSearchCriteria)(                                                 \
        I * This, LPSRestriction lpRestriction, LPENTRYLIST lpContainerList, ULONG ulSearchFlags); \
    HRESULT(STDMETHODCALLTYPE *GetSearchCriteria)(                                                 \
        I * This, ULONG ulFlags, LPSRestriction * lppRestriction, LPENTRYLIST * lppContainerList,  \
        ULONG * lpulSearchState);

typedef struct IUnknownVtbl {
    IUNKNOWN_SLOTS(IUnknown)
} IUnknownVtbl;
struct IUnknown {
    const IUnknownVtbl *lpVtbl;
};

typedef struct IMAPIPropVtbl {
    IUNKNOWN_SLOTS(IMAPIProp)
    IMAPIPROP_SLOTS(IMAPIProp)
} IMAPIPropVtbl;
struct IMAPIProp {
    const IMAPIPropVtbl *lpVtbl;
};

typedef struct IMAPISessionVtbl {
    IUNKNOWN_SLOTS(IMAPISession)
    HRESULT(STDMETHODCALLTYPE *GetLastError)(IMAPISession *This, HRESULT hResult, ULONG ulFlags,
                                             LPMAPIERROR *lppMAPIError);
    HRESULT(STDMETHODCALLTYPE *GetMsgStoresTable)(IMAPISession *This, ULONG ulFlags,
                                                  LPMAPITABLE *lppTable);
    HRESULT(STDMETHODCALLTYPE *OpenMsgStore)(IMAPISession *This, ULONG_PTR ulUIParam,
                                             ULONG cbEntryID, LPENTRYID lpEntryID,
                                             LPCIID lpInterface, ULONG ulFlags, LPMDB *lppMDB);
    HRESULT(STDMETHODCALLTYPE *OpenAddressBook)(IMAPISession *This, ULONG_PTR ulUIParam,
                                                LPCIID lpInterface, ULONG ulFlags,
                                                LPADRBOOK *lppAdrBook);
    HRESULT(STDMETHODCALLTYPE *OpenProfileSection)(IMAPISession *This, LPMAPIUID lpUID,
                                                   LPCIID lpInterface, ULONG ulFlags,
                                                   LPPROFSECT *lppProfSect);
    HRESULT(STDMETHODCALLTYPE *GetStatusTable)(IMAPISession *This, ULONG ulFlags,
                                               LPMAPITABLE *lppTable);
    HRESULT(STDMETHODCALLTYPE *OpenEntry)(IMAPISession *This, ULONG cbEntryID, LPENTRYID lpEntryID,
                                          LPCIID lpInterface, ULONG ulFlags, ULONG *lpulObjType,
                                          LPUNKNOWN *lppUnk);
    HRESULT(STDMETHODCALLTYPE *CompareEntryIDs)(IMAPISession *This, ULONG cbEntryID1,
                                                LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                                LPENTRYID lpEntryID2, ULONG ulFlags,
                                                ULONG *lpulResult);
    HRESULT(STDMETHODCALLTYPE *Advise)(IMAPISession *This, ULONG cbEntryID, LPENTRYID lpEntryID,
                                       ULONG ulEventMask, LPMAPIADVISESINK lpAdviseSink,
                                       ULONG_PTR *lpulConnection);
    HRESULT(STDMETHODCALLTYPE *Unadvise)(IMAPISession *This, ULONG_PTR ulConnection);
    HRESULT(STDMETHODCALLTYPE *MessageOptions)(IMAPISession *This, ULONG_PTR ulUIParam,
                                               ULONG ulFlags, LPTSTR lpszAdrType,
                                               LPMESSAGE lpMessage);
    HRESULT(STDMETHODCALLTYPE *QueryDefaultMessageOpt)(IMAPISession *This, LPTSTR lpszAdrType,
                                                       ULONG ulFlags, ULONG *lpcValues,
                                                       LPSPropValue *lppOptions);
    HRESULT(STDMETHODCALLTYPE *EnumAdrTypes)(IMAPISession *This, ULONG ulFlags, ULONG *lpcAdrTypes,
                                             LPTSTR **lpppszAdrTypes);
    HRESULT(STDMETHODCALLTYPE *QueryIdentity)(IMAPISession *This, ULONG *lpcbEntryID,
                                              LPENTRYID *lppEntryID);
    HRESULT(STDMETHODCALLTYPE *Logoff)(IMAPISession *This, ULONG_PTR ulUIParam, ULONG ulFlags,
                                       ULONG ulReserved);
    HRESULT(STDMETHODCALLTYPE *SetDefaultStore)(IMAPISession *This, ULONG ulFlags, ULONG cbEntryID,
                                                LPENTRYID lpEntryID);
    HRESULT(STDMETHODCALLTYPE *AdminServices)(IMAPISession *This, ULONG ulFlags,
                                              LPSERVICEADMIN *lppServiceAdmin);
    HRESULT(STDMETHODCALLTYPE *ShowForm)(IMAPISession *This, ULONG_PTR ulUIParam, LPMDB lpMsgStore,
                                         LPMAPIFOLDER lpParentFolder, LPCIID lpInterface,
                                         ULONG ulMessageToken, LPMESSAGE lpMessageSent,
                                         ULONG ulFlags, ULONG ulMessageStatus, ULONG ulMessageFlags,
                                         ULONG ulAccess, LPSTR lpszMessageClass);
    HRESULT(STDMETHODCALLTYPE *PrepareForm)(IMAPISession *This, LPCIID lpInterface,
                                            LPMESSAGE lpMessage, ULONG *lpulMessageToken);
} IMAPISessionVtbl;
struct IMAPISession {
    const IMAPISessionVtbl *lpVtbl;
};

typedef struct IMsgStoreVtbl {
    IUNKNOWN_SLOTS(IMsgStore)
    IMAPIPROP_SLOTS(IMsgStore)
    HRESULT(STDMETHODCALLTYPE *Advise)(IMsgStore *This, ULONG cbEntryID, LPENTRYID lpEntryID,
                                       ULONG ulEventMask, LPMAPIADVISESINK lpAdviseSink,
                                       ULONG_PTR *lpulConnection);
    HRESULT(STDMETHODCALLTYPE *Unadvise)(IMsgStore *This, ULONG_PTR ulConnection);
    HRESULT(STDMETHODCALLTYPE *CompareEntryIDs)(IMsgStore *This, ULONG cbEntryID1,
                                                LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                                LPENTRYID lpEntryID2, ULONG ulFlags,
                                                ULONG *lpulResult);
    HRESULT(STDMETHODCALLTYPE *OpenEntry)(IMsgStore *This, ULONG cbEntryID, LPENTRYID lpEntryID,
                                          LPCIID lpInterface, ULONG ulFlags, ULONG *lpulObjType,
                                          LPUNKNOWN *lppUnk);
    HRESULT(STDMETHODCALLTYPE *SetReceiveFolder)(IMsgStore *This, LPTSTR lpszMessageClass,
                                                 ULONG ulFlags, ULONG cbEntryID,
                                                 LPENTRYID lpEntryID);
    HRESULT(STDMETHODCALLTYPE *GetReceiveFolder)(IMsgStore *This, LPTSTR lpszMessageClass,
                                                 ULONG ulFlags, ULONG *lpcbEntryID,
                                                 LPENTRYID *lppEntryID, LPTSTR *lppszExplicitClass);
    HRESULT(STDMETHODCALLTYPE *GetReceiveFolderTable)(IMsgStore *This, ULONG ulFlags,
                                                      LPMAPITABLE *lppTable);
    HRESULT(STDMETHODCALLTYPE *StoreLogoff)(IMsgStore *This, ULONG *lpulFlags);
    HRESULT(STDMETHODCALLTYPE *AbortSubmit)(IMsgStore *This, ULONG cbEntryID, LPENTRYID lpEntryID,
                                            ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *GetOutgoingQueue)(IMsgStore *This, ULONG ulFlags,
                                                 LPMAPITABLE *lppTable);
    HRESULT(STDMETHODCALLTYPE *SetLockState)(IMsgStore *This, LPMESSAGE lpMessage,
                                             ULONG ulLockState);
    HRESULT(STDMETHODCALLTYPE *FinishedMsg)(IMsgStore *This, ULONG ulFlags, ULONG cbEntryID,
                                            LPENTRYID lpEntryID);
    HRESULT(STDMETHODCALLTYPE *NotifyNewMail)(IMsgStore *This, LPNOTIFICATION lpNotification);
} IMsgStoreVtbl;
struct IMsgStore {
    const IMsgStoreVtbl *lpVtbl;
};

typedef struct IMAPIContainerVtbl {
    IUNKNOWN_SLOTS(IMAPIContainer)
    IMAPIPROP_SLOTS(IMAPIContainer)
    IMAPICONTAINER_SLOTS(IMAPIContainer)
} IMAPIContainerVtbl;
struct IMAPIContainer {
    const IMAPIContainerVtbl *lpVtbl;
};

typedef struct IMAPIFolderVtbl {
    IUNKNOWN_SLOTS(IMAPIFolder)
    IMAPIPROP_SLOTS(IMAPIFolder)
    IMAPICONTAINER_SLOTS(IMAPIFolder)
    HRESULT(STDMETHODCALLTYPE *CreateMessage)(IMAPIFolder *This, LPCIID lpInterface, ULONG ulFlags,
                                              LPMESSAGE *lppMessage);
    HRESULT(STDMETHODCALLTYPE *CopyMessages)(IMAPIFolder *This, LPENTRYLIST lpMsgList,
                                             LPCIID lpInterface, LPVOID lpDestFolder,
                                             ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                                             ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *DeleteMessages)(IMAPIFolder *This, LPENTRYLIST lpMsgList,
                                               ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                                               ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *CreateFolder)(IMAPIFolder *This, ULONG ulFolderType,
                                             LPTSTR lpszFolderName, LPTSTR lpszFolderComment,
                                             LPCIID lpInterface, ULONG ulFlags,
                                             LPMAPIFOLDER *lppFolder);
    HRESULT(STDMETHODCALLTYPE *CopyFolder)(IMAPIFolder *This, ULONG cbEntryID, LPENTRYID lpEntryID,
                                           LPCIID lpInterface, LPVOID lpDestFolder,
                                           LPTSTR lpszNewFolderName, ULONG_PTR ulUIParam,
                                           LPMAPIPROGRESS lpProgress, ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *DeleteFolder)(IMAPIFolder *This, ULONG cbEntryID,
                                             LPENTRYID lpEntryID, ULONG_PTR ulUIParam,
                                             LPMAPIPROGRESS lpProgress, ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *SetReadFlags)(IMAPIFolder *This, LPENTRYLIST lpMsgList,
                                             ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                                             ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *GetMessageStatus)(IMAPIFolder *This, ULONG cbEntryID,
                                                 LPENTRYID lpEntryID, ULONG ulFlags,
                                                 ULONG *lpulMessageStatus);
    HRESULT(STDMETHODCALLTYPE *SetMessageStatus)(IMAPIFolder *This, ULONG cbEntryID,
                                                 LPENTRYID lpEntryID, ULONG ulNewStatus,
                                                 ULONG ulNewStatusMask, ULONG *lpulOldStatus);
    HRESULT(STDMETHODCALLTYPE *SaveContentsSort)(IMAPIFolder *This, LPSSortOrderSet lpSortCriteria,
                                                 ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *EmptyFolder)(IMAPIFolder *This, ULONG_PTR ulUIParam,
                                            LPMAPIPROGRESS lpProgress, ULONG ulFlags);
} IMAPIFolderVtbl;
struct IMAPIFolder {
    const IMAPIFolderVtbl *lpVtbl;
};

typedef struct IMessageVtbl {
    IUNKNOWN_SLOTS(IMessage)
    IMAPIPROP_SLOTS(IMessage)
    HRESULT(STDMETHODCALLTYPE *GetAttachmentTable)(IMessage *This, ULONG ulFlags,
                                                   LPMAPITABLE *lppTable);
    HRESULT(STDMETHODCALLTYPE *OpenAttach)(IMessage *This, ULONG ulAttachmentNum,
                                           LPCIID lpInterface, ULONG ulFlags, LPATTACH *lppAttach);
    HRESULT(STDMETHODCALLTYPE *CreateAttach)(IMessage *This, LPCIID lpInterface, ULONG ulFlags,
                                             ULONG *lpulAttachmentNum, LPATTACH *lppAttach);
    HRESULT(STDMETHODCALLTYPE *DeleteAttach)(IMessage *This, ULONG ulAttachmentNum,
                                             ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                                             ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *GetRecipientTable)(IMessage *This, ULONG ulFlags,
                                                  LPMAPITABLE *lppTable);
    HRESULT(STDMETHODCALLTYPE *ModifyRecipients)(IMessage *This, ULONG ulFlags, LPADRLIST lpMods);
    HRESULT(STDMETHODCALLTYPE *SubmitMessage)(IMessage *This, ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *SetReadFlag)(IMessage *This, ULONG ulFlags);
} IMessageVtbl;
struct IMessage {
    const IMessageVtbl *lpVtbl;
};

typedef struct IMAPITableVtbl {
    IUNKNOWN_SLOTS(IMAPITable)
    HRESULT(STDMETHODCALLTYPE *GetLastError)(IMAPITable *This, HRESULT hResult, ULONG ulFlags,
                                             LPMAPIERROR *lppMAPIError);
    HRESULT(STDMETHODCALLTYPE *Advise)(IMAPITable *This, ULONG ulEventMask,
                                       LPMAPIADVISESINK lpAdviseSink, ULONG_PTR *lpulConnection);
    HRESULT(STDMETHODCALLTYPE *Unadvise)(IMAPITable *This, ULONG_PTR ulConnection);
    HRESULT(STDMETHODCALLTYPE *GetStatus)(IMAPITable *This, ULONG *lpulTableStatus,
                                          ULONG *lpulTableType);
    HRESULT(STDMETHODCALLTYPE *SetColumns)(IMAPITable *This, LPSPropTagArray lpPropTagArray,
                                           ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *QueryColumns)(IMAPITable *This, ULONG ulFlags,
                                             LPSPropTagArray *lpPropTagArray);
    HRESULT(STDMETHODCALLTYPE *GetRowCount)(IMAPITable *This, ULONG ulFlags, ULONG *lpulCount);
    HRESULT(STDMETHODCALLTYPE *SeekRow)(IMAPITable *This, BOOKMARK bkOrigin, LONG lRowCount,
                                        LONG *lplRowsSought);
    HRESULT(STDMETHODCALLTYPE *SeekRowApprox)(IMAPITable *This, ULONG ulNumerator,
                                              ULONG ulDenominator);
    HRESULT(STDMETHODCALLTYPE *QueryPosition)(IMAPITable *This, ULONG *lpulRow,
                                              ULONG *lpulNumerator, ULONG *lpulDenominator);
    HRESULT(STDMETHODCALLTYPE *FindRow)(IMAPITable *This, LPSRestriction lpRestriction,
                                        BOOKMARK bkOrigin, ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *Restrict)(IMAPITable *This, LPSRestriction lpRestriction,
                                         ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *CreateBookmark)(IMAPITable *This, BOOKMARK *lpbkPosition);
    HRESULT(STDMETHODCALLTYPE *FreeBookmark)(IMAPITable *This, BOOKMARK bkPosition);
    HRESULT(STDMETHODCALLTYPE *SortTable)(IMAPITable *This, LPSSortOrderSet lpSortCriteria,
                                          ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *QuerySortOrder)(IMAPITable *This, LPSSortOrderSet *lppSortCriteria);
    HRESULT(STDMETHODCALLTYPE *QueryRows)(IMAPITable *This, LONG lRowCount, ULONG ulFlags,
                                          LPSRowSet *lppRows);
    HRESULT(STDMETHODCALLTYPE *Abort)(IMAPITable *This);
    HRESULT(STDMETHODCALLTYPE *ExpandRow)(IMAPITable *This, ULONG cbInstanceKey,
                                          LPBYTE pbInstanceKey, ULONG ulRowCount, ULONG ulFlags,
                                          LPSRowSet *lppRows, ULONG *lpulMoreRows);
    HRESULT(STDMETHODCALLTYPE *CollapseRow)(IMAPITable *This, ULONG cbInstanceKey,
                                            LPBYTE pbInstanceKey, ULONG ulFlags,
                                            ULONG *lpulRowCount);
    HRESULT(STDMETHODCALLTYPE *WaitForCompletion)(IMAPITable *This, ULONG ulFlags, ULONG ulTimeout,
                                                  ULONG *lpulTableStatus);
    HRESULT(STDMETHODCALLTYPE *GetCollapseState)(IMAPITable *This, ULONG ulFlags,
                                                 ULONG cbInstanceKey, LPBYTE lpbInstanceKey,
                                                 ULONG *lpcbCollapseState,
                                                 LPBYTE *lppbCollapseState);
    HRESULT(STDMETHODCALLTYPE *SetCollapseState)(IMAPITable *This, ULONG ulFlags,
                                                 ULONG cbCollapseState, LPBYTE pbCollapseState,
                                                 BOOKMARK *lpbkLocation);
} IMAPITableVtbl;
struct IMAPITable {
    const IMAPITableVtbl *lpVtbl;
};

/* ------------------------------------------------------------------------------------------------
 * Notifications (MAPIDefS.h): IMAPIAdviseSink::OnNotify receives an array of NOTIFICATION unions.
 * --------------------------------------------------------------------------------------------- */
#define fnevCriticalError 0x00000001u
#define fnevNewMail 0x00000002u
#define fnevObjectCreated 0x00000004u
#define fnevObjectDeleted 0x00000008u
#define fnevObjectModified 0x00000010u
#define fnevObjectMoved 0x00000020u
#define fnevObjectCopied 0x00000040u
#define fnevSearchComplete 0x00000080u
#define fnevTableModified 0x00000100u
#define fnevStatusObjectModified 0x00000200u
#define fnevReservedForMapi 0x40000000u
#define fnevExtended 0x80000000u

/* TABLE_NOTIFICATION.ulTableEvent */
#define TABLE_CHANGED 1u
#define TABLE_ERROR 2u
#define TABLE_ROW_ADDED 3u
#define TABLE_ROW_DELETED 4u
#define TABLE_ROW_MODIFIED 5u
#define TABLE_SORT_DONE 6u
#define TABLE_RESTRICT_DONE 7u
#define TABLE_SETCOL_DONE 8u
#define TABLE_RELOAD 9u

typedef struct ERROR_NOTIFICATION {
    ULONG cbEntryID;
    LPENTRYID lpEntryID;
    SCODE scode;
    ULONG ulFlags;
    LPMAPIERROR lpMAPIError;
} ERROR_NOTIFICATION;

typedef struct NEWMAIL_NOTIFICATION {
    ULONG cbEntryID;
    LPENTRYID lpEntryID;
    ULONG cbParentID;
    LPENTRYID lpParentID;
    ULONG ulFlags;           /* MAPI_UNICODE: lpszMessageClass is a WCHAR* */
    LPTSTR lpszMessageClass;
    ULONG ulMessageFlags;    /* PR_MESSAGE_FLAGS */
} NEWMAIL_NOTIFICATION;

typedef struct OBJECT_NOTIFICATION {
    ULONG cbEntryID;
    LPENTRYID lpEntryID;
    ULONG ulObjType;
    ULONG cbParentID;
    LPENTRYID lpParentID;
    ULONG cbOldID;
    LPENTRYID lpOldID;
    ULONG cbOldParentID;
    LPENTRYID lpOldParentID;
    LPSPropTagArray lpPropTagArray;
} OBJECT_NOTIFICATION;

typedef struct TABLE_NOTIFICATION {
    ULONG ulTableEvent;
    HRESULT hResult;
    SPropValue propIndex;
    SPropValue propPrior;
    SRow row;
    ULONG ulPad;
} TABLE_NOTIFICATION;

typedef struct EXTENDED_NOTIFICATION {
    ULONG ulEvent;
    ULONG cb;
    LPBYTE pbEventParameters;
} EXTENDED_NOTIFICATION;

typedef struct STATUS_OBJECT_NOTIFICATION {
    ULONG cbEntryID;
    LPENTRYID lpEntryID;
    ULONG cValues;
    LPSPropValue lpPropVals;
} STATUS_OBJECT_NOTIFICATION;

typedef struct NOTIFICATION {
    ULONG ulEventType; /* one fnev* value */
    ULONG ulAlignPad;
    union {
        ERROR_NOTIFICATION err;
        NEWMAIL_NOTIFICATION newmail;
        OBJECT_NOTIFICATION obj;
        TABLE_NOTIFICATION tab;
        EXTENDED_NOTIFICATION ext;
        STATUS_OBJECT_NOTIFICATION statobj;
    } info;
} NOTIFICATION;

/* IMAPIAdviseSink {00020302-0000-0000-C000-000000000046}: the client's object. OnNotify returns a
 * ULONG (0, or CALLBACK_DISCONTINUE from a sink made by HrAllocAdviseSink's callback). */
typedef struct IMAPIAdviseSink IMAPIAdviseSink;
typedef struct IMAPIAdviseSinkVtbl {
    IUNKNOWN_SLOTS(IMAPIAdviseSink)
    ULONG(STDMETHODCALLTYPE *OnNotify)(IMAPIAdviseSink *This, ULONG cNotif,
                                       LPNOTIFICATION lpNotifications);
} IMAPIAdviseSinkVtbl;
struct IMAPIAdviseSink {
    const IMAPIAdviseSinkVtbl *lpVtbl;
};

/* ------------------------------------------------------------------------------------------------
 * Layout checks against mapi-abi.md §4.4 (Windows x64 and x86 layouts).
 * --------------------------------------------------------------------------------------------- */
#define KMAPI_ASSERT_LAYOUT(cond, msg) _Static_assert(cond, msg)

KMAPI_ASSERT_LAYOUT(sizeof(ULONG) == 4 && sizeof(LONG) == 4 && sizeof(WCHAR) == 2,
                    "MAPI scalars must be fixed width");
KMAPI_ASSERT_LAYOUT(sizeof(GUID) == 16, "GUID is 16 bytes");
KMAPI_ASSERT_LAYOUT(sizeof(FILETIME) == 8, "FILETIME is 8 bytes");
KMAPI_ASSERT_LAYOUT(sizeof(SPropProblem) == 12, "SPropProblem is 12 bytes");
KMAPI_ASSERT_LAYOUT(sizeof(MAPIINIT_0) == 8, "MAPIINIT_0 is 8 bytes");
KMAPI_ASSERT_LAYOUT(offsetof(SPropValue, Value) == 8, "SPropValue.Value is at offset 8");
KMAPI_ASSERT_LAYOUT(sizeof(((SPropValue *)0)->Value.b) == 2, "PT_BOOLEAN is 16-bit");

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu /* 64-bit: the Windows x64 layout */
KMAPI_ASSERT_LAYOUT(sizeof(SBinary) == 16 && offsetof(SBinary, lpb) == 8, "x64 SBinary");
KMAPI_ASSERT_LAYOUT(sizeof(union _PV) == 16, "x64 union _PV is 16 bytes");
KMAPI_ASSERT_LAYOUT(sizeof(SPropValue) == 24, "x64 SPropValue is 24 bytes");
KMAPI_ASSERT_LAYOUT(sizeof(SRow) == 16 && offsetof(SRow, cValues) == 4 &&
                        offsetof(SRow, lpProps) == 8,
                    "x64 SRow");
KMAPI_ASSERT_LAYOUT(offsetof(SRowSet, aRow) == 8, "x64 SRowSet.aRow at 8");
KMAPI_ASSERT_LAYOUT(sizeof(MAPIERROR) == 32 && offsetof(MAPIERROR, lpszError) == 8 &&
                        offsetof(MAPIERROR, lpszComponent) == 16 &&
                        offsetof(MAPIERROR, ulLowLevelError) == 24 &&
                        offsetof(MAPIERROR, ulContext) == 28,
                    "x64 MAPIERROR");
KMAPI_ASSERT_LAYOUT(sizeof(SRestriction) == 32 && offsetof(SRestriction, res) == 8,
                    "x64 SRestriction");
KMAPI_ASSERT_LAYOUT(sizeof(MAPINAMEID) == 24 && offsetof(MAPINAMEID, Kind) == 16, "x64 MAPINAMEID");
KMAPI_ASSERT_LAYOUT(sizeof(ACTION) == 64 && offsetof(ACTION, actMoveCopy) == 32, "x64 ACTION");
KMAPI_ASSERT_LAYOUT(sizeof(ERROR_NOTIFICATION) == 32 && offsetof(ERROR_NOTIFICATION, scode) == 16 &&
                        offsetof(ERROR_NOTIFICATION, lpMAPIError) == 24,
                    "x64 ERROR_NOTIFICATION");
KMAPI_ASSERT_LAYOUT(sizeof(NEWMAIL_NOTIFICATION) == 56 &&
                        offsetof(NEWMAIL_NOTIFICATION, lpParentID) == 24 &&
                        offsetof(NEWMAIL_NOTIFICATION, ulFlags) == 32 &&
                        offsetof(NEWMAIL_NOTIFICATION, lpszMessageClass) == 40 &&
                        offsetof(NEWMAIL_NOTIFICATION, ulMessageFlags) == 48,
                    "x64 NEWMAIL_NOTIFICATION");
KMAPI_ASSERT_LAYOUT(sizeof(OBJECT_NOTIFICATION) == 72 &&
                        offsetof(OBJECT_NOTIFICATION, ulObjType) == 16 &&
                        offsetof(OBJECT_NOTIFICATION, cbParentID) == 20 &&
                        offsetof(OBJECT_NOTIFICATION, lpParentID) == 24 &&
                        offsetof(OBJECT_NOTIFICATION, lpOldID) == 40 &&
                        offsetof(OBJECT_NOTIFICATION, lpOldParentID) == 56 &&
                        offsetof(OBJECT_NOTIFICATION, lpPropTagArray) == 64,
                    "x64 OBJECT_NOTIFICATION");
KMAPI_ASSERT_LAYOUT(sizeof(TABLE_NOTIFICATION) == 80 && offsetof(TABLE_NOTIFICATION, hResult) == 4 &&
                        offsetof(TABLE_NOTIFICATION, propIndex) == 8 &&
                        offsetof(TABLE_NOTIFICATION, propPrior) == 32 &&
                        offsetof(TABLE_NOTIFICATION, row) == 56 &&
                        offsetof(TABLE_NOTIFICATION, ulPad) == 72,
                    "x64 TABLE_NOTIFICATION");
KMAPI_ASSERT_LAYOUT(sizeof(EXTENDED_NOTIFICATION) == 16 &&
                        offsetof(EXTENDED_NOTIFICATION, pbEventParameters) == 8,
                    "x64 EXTENDED_NOTIFICATION");
KMAPI_ASSERT_LAYOUT(sizeof(STATUS_OBJECT_NOTIFICATION) == 32 &&
                        offsetof(STATUS_OBJECT_NOTIFICATION, cValues) == 16 &&
                        offsetof(STATUS_OBJECT_NOTIFICATION, lpPropVals) == 24,
                    "x64 STATUS_OBJECT_NOTIFICATION");
KMAPI_ASSERT_LAYOUT(sizeof(NOTIFICATION) == 88 && offsetof(NOTIFICATION, info) == 8,
                    "x64 NOTIFICATION");
#elif UINTPTR_MAX == 0xFFFFFFFFu /* 32-bit: the Windows x86 layout (MSVC/MinGW alignment) */
KMAPI_ASSERT_LAYOUT(sizeof(SBinary) == 8 && offsetof(SBinary, lpb) == 4, "x86 SBinary");
KMAPI_ASSERT_LAYOUT(sizeof(union _PV) == 8, "x86 union _PV is 8 bytes");
KMAPI_ASSERT_LAYOUT(sizeof(SPropValue) == 16, "x86 SPropValue is 16 bytes");
KMAPI_ASSERT_LAYOUT(sizeof(SRow) == 12 && offsetof(SRow, cValues) == 4 &&
                        offsetof(SRow, lpProps) == 8,
                    "x86 SRow");
KMAPI_ASSERT_LAYOUT(offsetof(SRowSet, aRow) == 4, "x86 SRowSet.aRow at 4");
KMAPI_ASSERT_LAYOUT(sizeof(MAPIERROR) == 20 && offsetof(MAPIERROR, lpszError) == 4 &&
                        offsetof(MAPIERROR, lpszComponent) == 8 &&
                        offsetof(MAPIERROR, ulLowLevelError) == 12 &&
                        offsetof(MAPIERROR, ulContext) == 16,
                    "x86 MAPIERROR");
KMAPI_ASSERT_LAYOUT(sizeof(SRestriction) == 16 && offsetof(SRestriction, res) == 4,
                    "x86 SRestriction");
KMAPI_ASSERT_LAYOUT(sizeof(MAPINAMEID) == 12 && offsetof(MAPINAMEID, Kind) == 8, "x86 MAPINAMEID");
KMAPI_ASSERT_LAYOUT(sizeof(ACTION) == 48 && offsetof(ACTION, actMoveCopy) == 24, "x86 ACTION");
KMAPI_ASSERT_LAYOUT(sizeof(ERROR_NOTIFICATION) == 20 && offsetof(ERROR_NOTIFICATION, scode) == 8 &&
                        offsetof(ERROR_NOTIFICATION, lpMAPIError) == 16,
                    "x86 ERROR_NOTIFICATION");
KMAPI_ASSERT_LAYOUT(sizeof(NEWMAIL_NOTIFICATION) == 28 &&
                        offsetof(NEWMAIL_NOTIFICATION, lpParentID) == 12 &&
                        offsetof(NEWMAIL_NOTIFICATION, ulFlags) == 16 &&
                        offsetof(NEWMAIL_NOTIFICATION, lpszMessageClass) == 20 &&
                        offsetof(NEWMAIL_NOTIFICATION, ulMessageFlags) == 24,
                    "x86 NEWMAIL_NOTIFICATION");
KMAPI_ASSERT_LAYOUT(sizeof(OBJECT_NOTIFICATION) == 40 &&
                        offsetof(OBJECT_NOTIFICATION, ulObjType) == 8 &&
                        offsetof(OBJECT_NOTIFICATION, cbParentID) == 12 &&
                        offsetof(OBJECT_NOTIFICATION, lpParentID) == 16 &&
                        offsetof(OBJECT_NOTIFICATION, lpOldID) == 24 &&
                        offsetof(OBJECT_NOTIFICATION, lpOldParentID) == 32 &&
                        offsetof(OBJECT_NOTIFICATION, lpPropTagArray) == 36,
                    "x86 OBJECT_NOTIFICATION");
KMAPI_ASSERT_LAYOUT(sizeof(TABLE_NOTIFICATION) == 56 && offsetof(TABLE_NOTIFICATION, hResult) == 4 &&
                        offsetof(TABLE_NOTIFICATION, propIndex) == 8 &&
                        offsetof(TABLE_NOTIFICATION, propPrior) == 24 &&
                        offsetof(TABLE_NOTIFICATION, row) == 40 &&
                        offsetof(TABLE_NOTIFICATION, ulPad) == 52,
                    "x86 TABLE_NOTIFICATION");
KMAPI_ASSERT_LAYOUT(sizeof(EXTENDED_NOTIFICATION) == 12 &&
                        offsetof(EXTENDED_NOTIFICATION, pbEventParameters) == 8,
                    "x86 EXTENDED_NOTIFICATION");
KMAPI_ASSERT_LAYOUT(sizeof(STATUS_OBJECT_NOTIFICATION) == 16 &&
                        offsetof(STATUS_OBJECT_NOTIFICATION, cValues) == 8 &&
                        offsetof(STATUS_OBJECT_NOTIFICATION, lpPropVals) == 12,
                    "x86 STATUS_OBJECT_NOTIFICATION");
KMAPI_ASSERT_LAYOUT(sizeof(NOTIFICATION) == 64 && offsetof(NOTIFICATION, info) == 8,
                    "x86 NOTIFICATION");
#endif

#endif /* KMAPI_SAMPLE_MAPI_H */
