/*
 * exports.c - the functions olmapi32.dll exports (MAPIInitialize, MAPIUninitialize, MAPILogonEx,
 * HrQueryAllRows, FreeProws; the allocators are in alloc.c) and the project's own exports
 * (SampleProvider_GetStats, SampleProvider_SetKnobs; the handle API is in platform.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notify.h"
#include "objects.h"
#include "profile.h"

/* ==============================================================================================
 * Statistics
 * ============================================================================================ */
static volatile int32_t g_objects[OBJ_CLASS_COUNT];
static volatile int32_t g_initImbalance;
static volatile int32_t g_notInitialized;
static volatile int32_t g_initializedThreads;

void Stats_ObjectDelta(ObjClass cls, int delta) { Plat_AtomicAdd(&g_objects[cls], delta); }
void Stats_CountNotInitialized(void) { Plat_AtomicInc(&g_notInitialized); }

HRESULT STDAPICALLTYPE SampleProvider_GetStats(SampleStats *lpStats)
{
    if (!lpStats)
        return MAPI_E_INVALID_PARAMETER;
    memset(lpStats, 0, sizeof *lpStats);
    lpStats->cbSize = sizeof *lpStats;
    lpStats->ulVersion = 2; /* 2: cAdvises, cSinkRefs, cNotifyPending appended */
    ULONG *perClass[OBJ_CLASS_COUNT] = {&lpStats->cSessions, &lpStats->cStores, &lpStats->cFolders,
                                        &lpStats->cMessages, &lpStats->cTables, &lpStats->cSyncs,
                                        &lpStats->cOthers};
    for (int i = 0; i < OBJ_CLASS_COUNT; i++) {
        *perClass[i] = (ULONG)Plat_AtomicLoad(&g_objects[i]);
        lpStats->cObjects += *perClass[i];
    }
    Alloc_GetStats(&lpStats->cBuffers, &lpStats->cbBuffers, &lpStats->cBadFrees);
    lpStats->cInitImbalance = (ULONG)Plat_AtomicLoad(&g_initImbalance);
    lpStats->cThreads = Plat_RunningThreads();
    lpStats->cHandles = Plat_LiveHandles();
    lpStats->cNotInitialized = (ULONG)Plat_AtomicLoad(&g_notInitialized);
    lpStats->cInitializedThreads = (ULONG)Plat_AtomicLoad(&g_initializedThreads);
    Notify_GetStats(&lpStats->cAdvises, &lpStats->cSinkRefs, &lpStats->cNotifyPending);
    return S_OK;
}

/* MAPIAdminProfiles (profile_admin.c): the profile administration object. */
HRESULT STDAPICALLTYPE MAPIAdminProfiles(ULONG ulFlags, LPVOID *lppProfAdmin)
{
    if (!Init_ThreadIsInitialized()) {
        Stats_CountNotInitialized();
        return MAPI_E_NOT_INITIALIZED;
    }
    if (!lppProfAdmin)
        return MAPI_E_INVALID_PARAMETER;
    *lppProfAdmin = NULL;
    if (ulFlags & ~MAPI_UNICODE) /* reserved: 0 (MAPI_UNICODE accepted, it changes nothing) */
        return MAPI_E_UNKNOWN_FLAGS;
    HRESULT hr = Knobs_CheckFault(NULL, NULL, "MAPIAdminProfiles");
    if (hr != S_OK)
        return hr;
    char err[400] = "";
    return ProfAdmin_Create(lppProfAdmin, err, sizeof err);
}

HRESULT STDAPICALLTYPE SampleProvider_SetKnobs(const char *lpszSpec)
{
    return Knobs_SetGlobal(lpszSpec);
}

/* Why the last MAPILogonEx of this process failed ("" when it succeeded): MAPILogonEx has no
 * object to ask GetLastError of, so the reason is kept here. */
static PlatLock g_logonErrorLock = PLAT_LOCK_INIT;
static char g_logonError[1400];

static HRESULT LogonResult(HRESULT hr, const char *text)
{
    Plat_Lock(&g_logonErrorLock);
    snprintf(g_logonError, sizeof g_logonError, "%s", hr == S_OK ? "" : text);
    Plat_Unlock(&g_logonErrorLock);
    return hr;
}

HRESULT STDAPICALLTYPE SampleProvider_GetLogonError(LPSTR lpszText, ULONG cchText)
{
    if (!lpszText || !cchText)
        return MAPI_E_INVALID_PARAMETER;
    Plat_Lock(&g_logonErrorLock);
    snprintf(lpszText, cchText, "%s", g_logonError);
    Plat_Unlock(&g_logonErrorLock);
    return S_OK;
}

/* ==============================================================================================
 * MAPIInitialize / MAPIUninitialize: a per-thread reference count
 * ============================================================================================ */
HRESULT STDAPICALLTYPE MAPIInitialize(LPVOID lpMapiInit)
{
    HRESULT hr = Knobs_CheckFault(NULL, NULL, "MAPIInitialize");
    if (hr != S_OK)
        return hr;
    if (lpMapiInit) {
        const MAPIINIT_0 *init = lpMapiInit;
        if (init->ulVersion != MAPI_INIT_VERSION)
            return MAPI_E_VERSION;
        if (init->ulFlags & ~(MAPI_MULTITHREAD_NOTIFICATIONS | MAPI_NO_COINIT | MAPI_NT_SERVICE))
            return MAPI_E_UNKNOWN_FLAGS;
    }
    uint32_t n = Plat_TlsGetInitCount();
    if (n == 0xFFFFFFFFu)
        return MAPI_E_CALL_FAILED;
    Plat_TlsSetInitCount(n + 1);
    if (n == 0)
        Plat_AtomicInc(&g_initializedThreads);
    return S_OK;
}

void STDAPICALLTYPE MAPIUninitialize(void)
{
    uint32_t n = Plat_TlsGetInitCount();
    if (n == 0) {
        /* Unbalanced: MAPI would crash or misbehave later; we count it and do nothing. */
        Plat_AtomicInc(&g_initImbalance);
        return;
    }
    Plat_TlsSetInitCount(n - 1);
    if (n == 1)
        Plat_AtomicDec(&g_initializedThreads);
}

/* ==============================================================================================
 * MAPILogonEx
 * ============================================================================================ */

/* The profile name as 8-bit text (knobs are ASCII; non-Latin-1 characters become '?'). */
static char *ProfileToA(LPTSTR name, ULONG ulFlags)
{
    if (!name)
        return NULL;
    if (ulFlags & MAPI_UNICODE)
        return AStrFromW(name);
    char *s = malloc(strlen(name) + 1);
    if (s)
        strcpy(s, name);
    return s;
}

static int StartsWithI(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if (FoldCase((WCHAR)(unsigned char)*s) != FoldCase((WCHAR)(unsigned char)*prefix))
            return 0;
    return 1;
}

/* The profile of the profile file that the name (NULL or "": the default) names, into *k. A
 * file that cannot be read fails the logon, except for a "Sample..." name, which then is the
 * built-in profile as before profiles existed. */
static HRESULT FileProfile(LPTSTR name, ULONG ulFlags, const char *nameA, Knobs *k, int *found,
                           char *err, size_t cbErr)
{
    int oom = 0;
    WCHAR *w = Prof_InName(name, ulFlags, &oom);
    if (oom)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    HRESULT hr = Profile_LogonKnobs(w, k, found, err, cbErr);
    free(w);
    if (FAILED(hr) && nameA && StartsWithI(nameA, "Sample") && hr != MAPI_E_LOGON_FAILED) {
        memset(k, 0, sizeof *k);
        *found = 0;
        err[0] = 0;
        return S_OK;
    }
    return hr;
}

HRESULT STDAPICALLTYPE MAPILogonEx(ULONG_PTR ulUIParam, LPTSTR lpszProfileName, LPTSTR lpszPassword,
                                   ULONG ulFlags, LPMAPISESSION *lppSession)
{
    (void)ulUIParam;
    (void)lpszPassword; /* MAPI: must be NULL; the sample has no passwords */
    if (!Init_ThreadIsInitialized()) {
        Stats_CountNotInitialized();
        return MAPI_E_NOT_INITIALIZED;
    }
    if (!lppSession)
        return MAPI_E_INVALID_PARAMETER;
    *lppSession = NULL;
    const ULONG known = MAPI_LOGON_UI | MAPI_NEW_SESSION | MAPI_APP_PROFILE | MAPI_ALLOW_OTHERS |
                        MAPI_EXPLICIT_PROFILE | MAPI_EXTENDED | MAPI_USE_DEFAULT |
                        MAPI_FORCE_DOWNLOAD | MAPI_SERVICE_UI_ALWAYS | MAPI_NO_MAIL |
                        MAPI_NT_SERVICE | MAPI_PASSWORD_UI | MAPI_TIMEOUT_SHORT | MAPI_BG_SESSION |
                        MAPI_UNICODE;
    if (ulFlags & ~known)
        return MAPI_E_UNKNOWN_FLAGS;

    /* A profile of the profile file (profile*.c) by its name, NULL or "": the file's default
     * profile; else "Sample[;knob=value...]" (NULL or "" without a default: "Sample"). */
    char *profile = ProfileToA(lpszProfileName, ulFlags);
    if (lpszProfileName && !profile)
        return LogonResult(MAPI_E_NOT_ENOUGH_MEMORY, "out of memory");
    Knobs profileKnobs;
    memset(&profileKnobs, 0, sizeof profileKnobs);
    HRESULT hr = S_OK;
    char err[1400] = "";
    int fileProfile = 0;
    if (!profile || !strchr(profile, ';'))
        hr = FileProfile(lpszProfileName, ulFlags, profile, &profileKnobs, &fileProfile, err,
                         sizeof err);
    if (hr == S_OK && !fileProfile && profile && *profile) {
        char *semi = strchr(profile, ';');
        if (semi)
            *semi = 0;
        if (!StartsWithI(profile, "Sample")) {
            snprintf(err, sizeof err, "no profile '%.200s' (the sample provider's is \"Sample\")",
                     profile);
            hr = MAPI_E_LOGON_FAILED;
        } else if (semi) {
            hr = Knobs_Parse(semi + 1, &profileKnobs, err, sizeof err);
        }
    }
    free(profile);
    if (hr != S_OK)
        return LogonResult(hr, err);

    /* Effective knobs: defaults <- process-wide <- profile. The process-wide fault rules are not
     * copied: they stay live in one place (SampleProvider_SetKnobs can change them at any time)
     * and Knobs_CheckFault consults them for every session. Neither are the process-wide sync
     * knobs: sync.c reads them live and overlays the profile's, which are all the data set keeps.
     * The same for the notification and COM knobs. */
    Knobs knobs;
    Knobs_GetGlobal(&knobs);
    knobs.cFaults = 0;
    memset(&knobs.sync, 0, sizeof knobs.sync);
    memset(&knobs.notify, 0, sizeof knobs.notify); /* notify.c too reads them live */
    memset(&knobs.com, 0, sizeof knobs.com); /* and object.c the com.* ones */
    Knobs_Merge(&knobs, &profileKnobs);
    hr = Knobs_CheckFault(&knobs, NULL, "MAPILogonEx");
    if (hr != S_OK)
        return LogonResult(hr, "failure injected by the knob fail=MAPILogonEx");

    DataSet *ds = NULL;
    if ((hr = DS_Create(&knobs, &ds, err, sizeof err)) != S_OK)
        return LogonResult(hr, err);
    Notify_StartServer(ds); /* deliver.every */
    Session *s = NULL;
    hr = Session_Create(ds, ulFlags, &s);
    DS_Release(ds); /* the session holds its own reference */
    if (hr != S_OK)
        return LogonResult(hr, "out of memory");
    if (fileProfile && (hr = Session_UseProfile(s)) != S_OK) {
        Obj_Release(&s->hdr);
        return LogonResult(hr, "out of memory");
    }
    Conform_AtLogon(s->hdr.ds); /* leak.thread, leak.buffer */
    *lppSession = (LPMAPISESSION)s;
    return LogonResult(S_OK, NULL);
}

/* ==============================================================================================
 * HrQueryAllRows / FreeProws (MAPIUtil)
 * ============================================================================================ */
void STDAPICALLTYPE FreeProws(LPSRowSet lpRows)
{
    if (!lpRows)
        return;
    for (ULONG i = 0; i < lpRows->cRows; i++)
        MAPIFreeBuffer(lpRows->aRow[i].lpProps);
    MAPIFreeBuffer(lpRows);
}

/*
 * Works through the table's vtable, like MAPI's own helper, so it accepts any IMAPITable: sets
 * the columns, restriction and sort order when given, seeks to the beginning, then reads every
 * row. With crowsMax > 0 a table with more rows gives MAPI_E_TABLE_TOO_BIG.
 */
HRESULT STDAPICALLTYPE HrQueryAllRows(LPMAPITABLE lpTable, LPSPropTagArray lpPropTags,
                                      LPSRestriction lpRestriction, LPSSortOrderSet lpSortOrderSet,
                                      LONG crowsMax, LPSRowSet *lppRows)
{
    if (!Init_ThreadIsInitialized()) {
        Stats_CountNotInitialized();
        return MAPI_E_NOT_INITIALIZED;
    }
    if (!lpTable || !lppRows || crowsMax < 0)
        return MAPI_E_INVALID_PARAMETER;
    *lppRows = NULL;
    HRESULT hr = Knobs_CheckFault(NULL, NULL, "HrQueryAllRows");
    if (hr != S_OK)
        return hr;
    const IMAPITableVtbl *vt = lpTable->lpVtbl;
    if (lpPropTags && (hr = vt->SetColumns(lpTable, lpPropTags, TBL_BATCH)) != S_OK)
        return hr;
    if (lpRestriction && (hr = vt->Restrict(lpTable, lpRestriction, TBL_BATCH)) != S_OK)
        return hr;
    if (lpSortOrderSet && (hr = vt->SortTable(lpTable, lpSortOrderSet, TBL_BATCH)) != S_OK)
        return hr;
    if ((hr = vt->SeekRow(lpTable, BOOKMARK_BEGINNING, 0, NULL)) != S_OK)
        return hr;
    if (crowsMax > 0) {
        ULONG count = 0;
        if ((hr = vt->GetRowCount(lpTable, 0, &count)) != S_OK)
            return hr;
        if (count > (ULONG)crowsMax)
            return MAPI_E_TABLE_TOO_BIG;
    }

    /* Read in chunks until a QueryRows returns no row, merging into one SRowSet. */
    LPSRowSet all = NULL;
    for (;;) {
        LPSRowSet chunk = NULL;
        hr = vt->QueryRows(lpTable, 0x7FFFFFFF, 0, &chunk);
        if (FAILED(hr)) {
            FreeProws(all);
            return hr;
        }
        ULONG got = chunk->cRows;
        if (!all) {
            all = chunk;
        } else if (got) {
            LPSRowSet merged = NULL;
            hr = MAPIAllocateBuffer((ULONG)CbNewSRowSet(all->cRows + got), (void **)&merged);
            if (hr != S_OK) {
                FreeProws(all);
                FreeProws(chunk);
                return hr;
            }
            merged->cRows = all->cRows + got;
            memcpy(merged->aRow, all->aRow, all->cRows * sizeof(SRow));
            memcpy(merged->aRow + all->cRows, chunk->aRow, got * sizeof(SRow));
            MAPIFreeBuffer(all); /* only the shells: the rows' lpProps moved into merged */
            MAPIFreeBuffer(chunk);
            all = merged;
        } else {
            MAPIFreeBuffer(chunk);
        }
        if (crowsMax > 0 && all->cRows > (ULONG)crowsMax) {
            FreeProws(all);
            return MAPI_E_TABLE_TOO_BIG;
        }
        if (got == 0)
            break;
    }
    *lppRows = all;
    return S_OK;
}
