/*
 * store.c - IMsgStore.
 *
 * QueryInterface answers IID_IUnknown, IID_IMAPIProp, IID_IMsgStore, and IID_IMAPISync on the
 * default store (through Sync_Create in sync.c). The archive store behaves like a PST that
 * synchronizes inside Outlook: IID_IMAPISync gives E_NOINTERFACE (unless archiveSync=1).
 *
 * Store properties are not transacted (MAPI: "folders, message stores and profile sections make
 * changes permanent immediately"), so SetProps writes through and SaveChanges does nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "notify.h"
#include "objects.h"

static Store *ST(IMsgStore *This) { return (Store *)This; }

/* ---- Property source ------------------------------------------------------------------------- */
static const SPropValue *StoreSrc_Get(const PropSource *src, ULONG id, Arena *a)
{
    return Data_StoreProp(src->a, id, a);
}
static HRESULT StoreSrc_List(const PropSource *src, TagList *out)
{
    return Data_StoreTags(src->a, out);
}

/* ---- IUnknown -------------------------------------------------------------------------------- */
/* IMAPISync: the default store synchronizes through it; Sync_Create gives E_NOINTERFACE for the
 * archive unless the knob archiveSync=1 is set (see sync.h). */
static HRESULT StoreMore(ObjHeader *h, REFIID riid, void **ppv)
{
    return IsEqualGUID(riid, &IID_IMAPISync) ? Sync_Create((Store *)h, ppv) : E_NOINTERFACE;
}
static const IID *const g_stStoreIids[] = {&IID_IMsgStore, &IID_IMAPIProp};
static const QiSpec g_storeQi = {g_stStoreIids, ARRAY_COUNT(g_stStoreIids), NULL, StoreMore};
static HRESULT STDMETHODCALLTYPE Store_QueryInterface(IMsgStore *This, REFIID riid, void **ppv)
{
    return Obj_QueryInterface(&ST(This)->hdr, &g_storeQi, riid, ppv);
}
static ULONG STDMETHODCALLTYPE Store_AddRef(IMsgStore *This)
{
    return Obj_ComAddRef(&ST(This)->hdr);
}
static ULONG STDMETHODCALLTYPE Store_Release(IMsgStore *This)
{
    return Obj_ComRelease(&ST(This)->hdr);
}

static void Store_Destroy(ObjHeader *h)
{
    Store *st = (Store *)h;
    Obj_Release(&st->session->hdr);
}

/* ---- IMAPIProp ------------------------------------------------------------------------------- */
static HRESULT STDMETHODCALLTYPE Store_GetLastError(IMsgStore *This, HRESULT hResult, ULONG ulFlags,
                                                    LPMAPIERROR *lppMAPIError)
{
    return Obj_GetLastError(&ST(This)->hdr, hResult, ulFlags, lppMAPIError);
}

static HRESULT STDMETHODCALLTYPE Store_SaveChanges(IMsgStore *This, ULONG ulFlags)
{
    Store *st = ST(This);
    HRESULT hr = Obj_Enter(&st->hdr, "SaveChanges", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (ulFlags & ~(KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | MAPI_DEFERRED_ERRORS))
        return Obj_Fail(&st->hdr, "SaveChanges", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    return S_OK; /* not transacted: SetProps already wrote through */
}

static HRESULT STDMETHODCALLTYPE Store_GetProps(IMsgStore *This, LPSPropTagArray lpPropTagArray,
                                                ULONG ulFlags, ULONG *lpcValues,
                                                LPSPropValue *lppPropArray)
{
    Store *st = ST(This);
    HRESULT hr = Obj_Enter(&st->hdr, "GetProps", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    PropSource src = {StoreSrc_Get, StoreSrc_List, st->rec, NULL, 0, 0};
    DS_Lock(st->hdr.ds);
    hr = Conform_GetProps(st->hdr.ds, &src, lpPropTagArray, ulFlags, lpcValues,
                          lppPropArray);
    DS_Unlock(st->hdr.ds);
    return FAILED(hr) ? Obj_Fail(&st->hdr, "GetProps", hr, "GetProps failed") : hr;
}

static HRESULT STDMETHODCALLTYPE Store_GetPropList(IMsgStore *This, ULONG ulFlags,
                                                   LPSPropTagArray *lppPropTagArray)
{
    Store *st = ST(This);
    HRESULT hr = Obj_Enter(&st->hdr, "GetPropList", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    PropSource src = {StoreSrc_Get, StoreSrc_List, st->rec, NULL, 0, 0};
    DS_Lock(st->hdr.ds);
    hr = Props_GetPropList(&src, ulFlags, lppPropTagArray);
    DS_Unlock(st->hdr.ds);
    return FAILED(hr) ? Obj_Fail(&st->hdr, "GetPropList", hr, "GetPropList failed") : hr;
}

static HRESULT STDMETHODCALLTYPE Store_OpenProperty(IMsgStore *This, ULONG ulPropTag, LPCIID lpiid,
                                                    ULONG ulInterfaceOptions, ULONG ulFlags,
                                                    LPUNKNOWN *lppUnk)
{
    (void)ulPropTag, (void)lpiid, (void)ulInterfaceOptions, (void)ulFlags;
    if (lppUnk)
        *lppUnk = NULL;
    return Obj_NotSupported(&ST(This)->hdr, "OpenProperty");
}

/* SetProps / DeleteProps write through to the record, so the stores table sees them at once. */
static void StoreChanged(ObjHeader *h, const ULONG *tags, ULONG cTags)
{
    Ntf_StoreModified(((Store *)h)->rec, tags, cTags);
}

static PropWriter Writer(Store *st)
{
    PropWriter w = {
        .hdr = &st->hdr,
        .readOnly =
            st->writable ? NULL : "the store was opened without MDB_WRITE / MAPI_BEST_ACCESS",
        .bag = &st->rec->props,
        .isComputed = Data_StoreIsComputed,
        /* The display name is the store's identity in the stores table: it cannot be deleted. */
        .keepId = PROP_ID(PR_DISPLAY_NAME_W),
        .writeThrough = 1,
        .changed = StoreChanged,
    };
    return w;
}

static HRESULT STDMETHODCALLTYPE Store_SetProps(IMsgStore *This, ULONG cValues,
                                                LPSPropValue lpPropArray,
                                                LPSPropProblemArray *lppProblems)
{
    PropWriter w = Writer(ST(This));
    return Obj_SetProps(&w, cValues, lpPropArray, lppProblems);
}

static HRESULT STDMETHODCALLTYPE Store_DeleteProps(IMsgStore *This, LPSPropTagArray lpPropTagArray,
                                                   LPSPropProblemArray *lppProblems)
{
    PropWriter w = Writer(ST(This));
    return Obj_DeleteProps(&w, lpPropTagArray, lppProblems);
}

static HRESULT STDMETHODCALLTYPE Store_CopyTo(IMsgStore *This, ULONG ciidExclude,
                                              LPCIID rgiidExclude, LPSPropTagArray lpExcludeProps,
                                              ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                                              LPCIID lpInterface, LPVOID lpDestObj, ULONG ulFlags,
                                              LPSPropProblemArray *lppProblems)
{
    (void)ciidExclude, (void)rgiidExclude, (void)lpExcludeProps, (void)ulUIParam, (void)lpProgress,
        (void)lpInterface, (void)lpDestObj, (void)ulFlags, (void)lppProblems;
    return Obj_NotSupported(&ST(This)->hdr, "CopyTo");
}

static HRESULT STDMETHODCALLTYPE Store_CopyProps(IMsgStore *This, LPSPropTagArray lpIncludeProps,
                                                 ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                                                 LPCIID lpInterface, LPVOID lpDestObj,
                                                 ULONG ulFlags, LPSPropProblemArray *lppProblems)
{
    (void)lpIncludeProps, (void)ulUIParam, (void)lpProgress, (void)lpInterface, (void)lpDestObj,
        (void)ulFlags, (void)lppProblems;
    return Obj_NotSupported(&ST(This)->hdr, "CopyProps");
}

static HRESULT STDMETHODCALLTYPE Store_GetNamesFromIDs(IMsgStore *This,
                                                       LPSPropTagArray *lppPropTags,
                                                       LPGUID lpPropSetGuid, ULONG ulFlags,
                                                       ULONG *lpcPropNames,
                                                       LPMAPINAMEID **lpppPropNames)
{
    return Obj_GetNamesFromIDs(&ST(This)->hdr, ST(This)->rec, lppPropTags, lpPropSetGuid, ulFlags,
                               lpcPropNames, lpppPropNames);
}

static HRESULT STDMETHODCALLTYPE Store_GetIDsFromNames(IMsgStore *This, ULONG cPropNames,
                                                       LPMAPINAMEID *lppPropNames, ULONG ulFlags,
                                                       LPSPropTagArray *lppPropTags)
{
    return Obj_GetIDsFromNames(&ST(This)->hdr, ST(This)->rec, cPropNames, lppPropNames, ulFlags,
                               lppPropTags);
}

/* ---- IMsgStore ------------------------------------------------------------------------------- */
static HRESULT STDMETHODCALLTYPE Store_Advise(IMsgStore *This, ULONG cbEntryID, LPENTRYID lpEntryID,
                                              ULONG ulEventMask, LPMAPIADVISESINK lpAdviseSink,
                                              ULONG_PTR *lpulConnection)
{
    Store *st = ST(This);
    HRESULT hr = Obj_Enter(&st->hdr, "Advise", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    NtfTarget t;
    if ((hr = Notify_ResolveTarget(&st->hdr, "Advise", st->rec, cbEntryID, lpEntryID, &t)) != S_OK)
        return hr;
    return Notify_Advise(&st->hdr, "Advise", &t, ulEventMask, lpAdviseSink, lpulConnection);
}

static HRESULT STDMETHODCALLTYPE Store_Unadvise(IMsgStore *This, ULONG_PTR ulConnection)
{
    Store *st = ST(This);
    HRESULT hr = Obj_Enter(&st->hdr, "Unadvise", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    return Notify_Unadvise(&st->hdr, "Unadvise", NTF_OWNER_STORE, st->rec->index, ulConnection);
}

static HRESULT STDMETHODCALLTYPE Store_CompareEntryIDs(IMsgStore *This, ULONG cbEntryID1,
                                                       LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                                       LPENTRYID lpEntryID2, ULONG ulFlags,
                                                       ULONG *lpulResult)
{
    Store *st = ST(This);
    HRESULT hr = Obj_Enter(&st->hdr, "CompareEntryIDs", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    hr = Entry_Compare(cbEntryID1, lpEntryID1, cbEntryID2, lpEntryID2, ulFlags, lpulResult);
    return FAILED(hr) ? Obj_Fail(&st->hdr, "CompareEntryIDs", hr, "cannot compare") : hr;
}

static HRESULT STDMETHODCALLTYPE Store_OpenEntry(IMsgStore *This, ULONG cbEntryID,
                                                 LPENTRYID lpEntryID, LPCIID lpInterface,
                                                 ULONG ulFlags, ULONG *lpulObjType,
                                                 LPUNKNOWN *lppUnk)
{
    Store *st = ST(This);
    HRESULT hr = Obj_Enter(&st->hdr, "OpenEntry", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    return Entry_Open(&st->hdr, "OpenEntry", st->session, st, cbEntryID, lpEntryID, lpInterface,
                      ulFlags, lpulObjType, lppUnk);
}

static HRESULT STDMETHODCALLTYPE Store_SetReceiveFolder(IMsgStore *This, LPTSTR lpszMessageClass,
                                                        ULONG ulFlags, ULONG cbEntryID,
                                                        LPENTRYID lpEntryID)
{
    (void)lpszMessageClass, (void)ulFlags, (void)cbEntryID, (void)lpEntryID;
    return Obj_NotSupported(&ST(This)->hdr, "SetReceiveFolder");
}

/* Case-insensitive "class is `prefix` or starts with `prefix.`", for A or W classes. */
static int ClassUnder(const void *cls, int wide, const char *prefix)
{
    size_t n = strlen(prefix), i = 0;
    for (; i < n; i++) {
        WCHAR c = wide ? ((const WCHAR *)cls)[i] : (WCHAR)((const unsigned char *)cls)[i];
        if (FoldCase(c) != FoldCase((WCHAR)(unsigned char)prefix[i]))
            return 0;
    }
    WCHAR next = wide ? ((const WCHAR *)cls)[n] : (WCHAR)((const unsigned char *)cls)[n];
    return next == 0 || next == '.';
}

static HRESULT STDMETHODCALLTYPE Store_GetReceiveFolder(IMsgStore *This, LPTSTR lpszMessageClass,
                                                        ULONG ulFlags, ULONG *lpcbEntryID,
                                                        LPENTRYID *lppEntryID,
                                                        LPTSTR *lppszExplicitClass)
{
    Store *st = ST(This);
    HRESULT hr = Obj_Enter(&st->hdr, "GetReceiveFolder", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (!lpcbEntryID || !lppEntryID)
        return Obj_Fail(&st->hdr, "GetReceiveFolder", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lpcbEntryID = 0;
    *lppEntryID = NULL;
    if (lppszExplicitClass)
        *lppszExplicitClass = NULL;
    if (ulFlags & ~MAPI_UNICODE)
        return Obj_Fail(&st->hdr, "GetReceiveFolder", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    int wide = (ulFlags & MAPI_UNICODE) != 0;

    DS_Lock(st->hdr.ds);
    FolderRec *inbox = st->rec->inbox;
    EntryId id = inbox ? Eid_OfFolder(inbox) : (EntryId){0, 0, 0, 0};
    if (inbox && Conform_On(&st->hdr.ds->knobs, CONF_STORE_BAD_RECEIVE))
        id.folder = CONF_NO_FOLDER_ID; /* store.badReceiveFolder: well-formed, but no folder */
    DS_Unlock(st->hdr.ds);
    if (!inbox)
        return Obj_Fail(&st->hdr, "GetReceiveFolder", MAPI_E_NOT_FOUND,
                        "this store has no receive folder");

    /* The Inbox is registered for the default class "" and for "IPM": the explicit class is
     * "IPM" for IPM and IPM.* classes and "" for everything else. */
    const char *explicitClass =
        (lpszMessageClass && ClassUnder(lpszMessageClass, wide, "IPM")) ? "IPM" : "";
    hr = Eid_ToMapi(&id, lpcbEntryID, lppEntryID);
    if (hr == S_OK && lppszExplicitClass) {
        size_t n = strlen(explicitClass) + 1;
        void *cls = NULL;
        hr = MAPIAllocateBuffer((ULONG)(wide ? n * sizeof(WCHAR) : n), &cls);
        if (hr == S_OK) {
            for (size_t i = 0; i < n; i++) {
                if (wide)
                    ((WCHAR *)cls)[i] = (WCHAR)(unsigned char)explicitClass[i];
                else
                    ((char *)cls)[i] = explicitClass[i];
            }
            *lppszExplicitClass = cls;
        } else {
            MAPIFreeBuffer(*lppEntryID);
            *lppEntryID = NULL;
            *lpcbEntryID = 0;
        }
    }
    return hr;
}

static HRESULT STDMETHODCALLTYPE Store_GetReceiveFolderTable(IMsgStore *This, ULONG ulFlags,
                                                             LPMAPITABLE *lppTable)
{
    (void)ulFlags;
    if (lppTable)
        *lppTable = NULL;
    return Obj_NotSupported(&ST(This)->hdr, "GetReceiveFolderTable");
}

static HRESULT STDMETHODCALLTYPE Store_StoreLogoff(IMsgStore *This, ULONG *lpulFlags)
{
    Store *st = ST(This);
    HRESULT hr = Obj_Enter(&st->hdr, "StoreLogoff", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (!lpulFlags)
        return Obj_Fail(&st->hdr, "StoreLogoff", MAPI_E_INVALID_PARAMETER, "NULL argument");
    /* Nothing is queued in this provider (no transport), so the logoff is always complete; the
     * object stays usable until it is released. */
    *lpulFlags = 0;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Store_AbortSubmit(IMsgStore *This, ULONG cbEntryID,
                                                   LPENTRYID lpEntryID, ULONG ulFlags)
{
    (void)cbEntryID, (void)lpEntryID, (void)ulFlags;
    return Obj_NotSupported(&ST(This)->hdr, "AbortSubmit");
}

static HRESULT STDMETHODCALLTYPE Store_GetOutgoingQueue(IMsgStore *This, ULONG ulFlags,
                                                        LPMAPITABLE *lppTable)
{
    (void)ulFlags;
    if (lppTable)
        *lppTable = NULL;
    return Obj_NotSupported(&ST(This)->hdr, "GetOutgoingQueue");
}

static HRESULT STDMETHODCALLTYPE Store_SetLockState(IMsgStore *This, LPMESSAGE lpMessage,
                                                    ULONG ulLockState)
{
    (void)lpMessage, (void)ulLockState;
    return Obj_NotSupported(&ST(This)->hdr, "SetLockState");
}

static HRESULT STDMETHODCALLTYPE Store_FinishedMsg(IMsgStore *This, ULONG ulFlags, ULONG cbEntryID,
                                                   LPENTRYID lpEntryID)
{
    (void)ulFlags, (void)cbEntryID, (void)lpEntryID;
    return Obj_NotSupported(&ST(This)->hdr, "FinishedMsg");
}

static HRESULT STDMETHODCALLTYPE Store_NotifyNewMail(IMsgStore *This, LPNOTIFICATION lpNotification)
{
    (void)lpNotification;
    return Obj_NotSupported(&ST(This)->hdr, "NotifyNewMail");
}

static const IMsgStoreVtbl g_storeVtbl = {
    Store_QueryInterface,   Store_AddRef,           Store_Release,
    Store_GetLastError,     Store_SaveChanges,      Store_GetProps,
    Store_GetPropList,      Store_OpenProperty,     Store_SetProps,
    Store_DeleteProps,      Store_CopyTo,           Store_CopyProps,
    Store_GetNamesFromIDs,  Store_GetIDsFromNames,  Store_Advise,
    Store_Unadvise,         Store_CompareEntryIDs,  Store_OpenEntry,
    Store_SetReceiveFolder, Store_GetReceiveFolder, Store_GetReceiveFolderTable,
    Store_StoreLogoff,      Store_AbortSubmit,      Store_GetOutgoingQueue,
    Store_SetLockState,     Store_FinishedMsg,      Store_NotifyNewMail,
};

HRESULT Store_Create(Session *session, StoreRec *rec, int writable, Store **out)
{
    Store *st = calloc(1, sizeof *st);
    if (!st)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    Obj_Init(&st->hdr, &g_storeVtbl, OBJ_STORE, "IMsgStore", session->hdr.ds, Store_Destroy);
    Obj_AddRef(&session->hdr);
    st->session = session;
    st->rec = rec;
    st->writable = writable;
    *out = st;
    return S_OK;
}
