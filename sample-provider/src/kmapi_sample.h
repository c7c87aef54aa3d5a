/*
 * kmapi_sample.h - the exported API of the koffi-mapi sample provider (libkmapi_sample.so /
 * kmapi_sample.dll).
 *
 * 1. The Extended MAPI functions that olmapi32.dll exports, with MAPI's signatures.
 * 2. Project-specific exports for tests: statistics, fault-injection knobs, and a portable HANDLE
 *    API (Linux has no kernel32; see platform.h).
 *
 * All functions use STDAPICALLTYPE (__stdcall on 32-bit Windows). The Windows DLL exports every
 * name both plain and decorated as Name@N, N = the x86 argument bytes shown in brackets.
 */
#ifndef KMAPI_SAMPLE_H
#define KMAPI_SAMPLE_H

#include "mapi.h"

/* ELF builds hide every symbol (-fvisibility=hidden) except these; Windows builds list the
 * exports in the generated .def file instead. */
#if !defined(_WIN32) && defined(__GNUC__)
#define KMAPI_EXPORT __attribute__((visibility("default")))
#else
#define KMAPI_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- MAPI exports ---------------------------------------------------------------------------- */
KMAPI_EXPORT HRESULT STDAPICALLTYPE MAPIInitialize(LPVOID lpMapiInit); /* [4] */
KMAPI_EXPORT void STDAPICALLTYPE MAPIUninitialize(void);               /* [0] */
KMAPI_EXPORT HRESULT STDAPICALLTYPE MAPILogonEx(ULONG_PTR ulUIParam, LPTSTR lpszProfileName,
                                                LPTSTR lpszPassword, ULONG ulFlags,
                                                LPMAPISESSION *lppSession);            /* [20] */
KMAPI_EXPORT SCODE STDAPICALLTYPE MAPIAllocateBuffer(ULONG cbSize, LPVOID *lppBuffer); /* [8] */
KMAPI_EXPORT SCODE STDAPICALLTYPE MAPIAllocateMore(ULONG cbSize, LPVOID lpObject,
                                                   LPVOID *lppBuffer); /* [12] */
KMAPI_EXPORT ULONG STDAPICALLTYPE MAPIFreeBuffer(LPVOID lpBuffer);     /* [4] */
struct IStream;
/* MAPI's compressed-RTF wrapper ([MS-OXRTFCP]): an IStream of the RTF inside a PR_RTF_COMPRESSED
 * stream; MAPI_MODIFY (0x1) makes it writable, compressing into the inner stream at Commit. */
KMAPI_EXPORT HRESULT STDAPICALLTYPE WrapCompressedRTFStream(struct IStream *lpCompressedRTFStream,
                                                            ULONG ulFlags,
                                                            struct IStream **lpUncompressedRTFStream); /* [12] */
KMAPI_EXPORT HRESULT STDAPICALLTYPE HrQueryAllRows(LPMAPITABLE lpTable, LPSPropTagArray lpPropTags,
                                                   LPSRestriction lpRestriction,
                                                   LPSSortOrderSet lpSortOrderSet, LONG crowsMax,
                                                   LPSRowSet *lppRows); /* [24] */
KMAPI_EXPORT void STDAPICALLTYPE FreeProws(LPSRowSet lpRows);           /* [4] */
/* The profile administration object (an IProfAdmin; profile_admin.c, README.md "Profiles"). */
KMAPI_EXPORT HRESULT STDAPICALLTYPE MAPIAdminProfiles(ULONG ulFlags, LPVOID *lppProfAdmin); /* [8] */

/* ---- Statistics -------------------------------------------------------------------------------
 * A flat struct of ULONGs (decode it as an array of uint32). Counters marked "live" are current
 * values; counters marked "since load" only ever grow (diff them around a test). */
typedef struct SampleStats {
    ULONG cbSize;          /*  0: sizeof(SampleStats) = 84 (fields are never reordered) */
    ULONG ulVersion;       /*  1: layout version, currently 2 */
    ULONG cObjects;        /*  2: live COM objects, all classes (sum of 3..9) */
    ULONG cSessions;       /*  3: live IMAPISession objects */
    ULONG cStores;         /*  4: live IMsgStore objects */
    ULONG cFolders;        /*  5: live IMAPIFolder objects */
    ULONG cMessages;       /*  6: live IMessage objects */
    ULONG cTables;         /*  7: live IMAPITable objects */
    ULONG cSyncs;          /*  8: live IMAPISync objects (and their helpers) */
    ULONG cOthers;         /*  9: live objects of any other class */
    ULONG cBuffers;        /* 10: live MAPI buffers: MAPIAllocateBuffer roots not yet freed */
    ULONG cbBuffers;       /* 11: live bytes in those roots plus their MAPIAllocateMore blocks */
    ULONG cInitImbalance;  /* 12: since load: MAPIUninitialize calls on a thread whose
                                *     MAPIInitialize count was already 0 (ignored otherwise) */
    ULONG cThreads;        /* 13: live threads created by the provider, still running */
    ULONG cHandles;        /* 14: live HANDLEs of the Linux handle layer (always 0 on Windows) */
    ULONG cNotInitialized; /* 15: since load: calls refused with MAPI_E_NOT_INITIALIZED */
    ULONG cBadFrees;       /* 16: since load: MAPIFreeBuffer calls with a pointer that is not
                                *     a live MAPIAllocateBuffer root (double free, foreign pointer,
                                *     or a MAPIAllocateMore block) */
    ULONG cInitializedThreads; /* 17: live: threads whose MAPIInitialize count is > 0 */
    ULONG cAdvises;            /* 18: live Advise registrations */
    ULONG cSinkRefs;           /* 19: live references the provider holds on advise sinks */
    ULONG cNotifyPending;      /* 20: live: notifications queued, not yet delivered */
} SampleStats;

/* Fills *lpStats. Returns S_OK, or MAPI_E_INVALID_PARAMETER for NULL. Callable any time, from any
 * thread, without MAPIInitialize. [4] */
KMAPI_EXPORT HRESULT STDAPICALLTYPE SampleProvider_GetStats(SampleStats *lpStats);

/* Replaces the process-wide knobs (see README.md, "Knobs"): e.g.
 * "fail=IMsgStore::OpenEntry:0x8004010F;messages=1000". NULL or "" clears them.
 * Returns S_OK, or MAPI_E_INVALID_PARAMETER (and changes nothing) for an unparsable spec. [4] */
KMAPI_EXPORT HRESULT STDAPICALLTYPE SampleProvider_SetKnobs(const char *lpszSpec);

/* Copies (truncating, always NUL-terminated) why the most recent MAPILogonEx of this process
 * failed: "store file /tmp/box.kms is in use by another logon", "unknown knob 'x'"... ("" when it
 * succeeded). MAPILogonEx has no object whose GetLastError could say it. Returns S_OK, or
 * MAPI_E_INVALID_PARAMETER for a NULL buffer or cchText 0. [8] */
KMAPI_EXPORT HRESULT STDAPICALLTYPE SampleProvider_GetLogonError(LPSTR lpszText, ULONG cchText);

/* ---- Portable HANDLE API (Linux handle layer; kernel32 forwarders on Windows) ---------------- */
KMAPI_EXPORT ULONG STDAPICALLTYPE SampleWaitForSingleObject(HANDLE hHandle,
                                                            ULONG dwMilliseconds); /* [8] */
KMAPI_EXPORT BOOL STDAPICALLTYPE SampleCloseHandle(HANDLE hObject);                /* [4] */
KMAPI_EXPORT ULONG STDAPICALLTYPE SampleGetThreadId(HANDLE hThread);               /* [4] */

#ifdef __cplusplus
}
#endif

#endif /* KMAPI_SAMPLE_H */
