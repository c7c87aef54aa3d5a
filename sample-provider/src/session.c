/*
 * session.c - IMAPISession, the stores table, and the OpenEntry / CompareEntryIDs logic that the
 * session, stores and folders share.
 *
 * Logoff: IMAPISession::Logoff marks the logon's data set as logged off. From then on every
 * method of the session and of every object of that session (stores, folders, messages, tables)
 * returns MAPI_E_END_OF_SESSION, except AddRef, Release, QueryInterface and GetLastError. The
 * objects stay valid until released, so release order never matters.
 */
#include <stdlib.h>
#include <string.h>

#include "notify.h"
#include "ab.h"
#include "objects.h"
#include "profile.h"

static Session *S(IMAPISession *This) { return (Session *)This; }

/* A logon to a profile of the profile file shows only its services' stores (profile.h). */
static int StoreShown(const DataSet *ds, ULONG index)
{
    ULONG mask = ds->knobs.profile.storeMask;
    return !(mask & 0x80000000u) || (index >= 1 && index <= 31 && (mask & (1u << (index - 1))));
}

/* ==============================================================================================
 * Shared entry-id logic
 * ============================================================================================ */
static int InterfaceFits(LPCIID iid, ULONG objType)
{
    if (!iid || IsEqualGUID(iid, &IID_IUnknown) || IsEqualGUID(iid, &IID_IMAPIProp))
        return 1;
    switch (objType) {
    case MAPI_STORE: return IsEqualGUID(iid, &IID_IMsgStore);
    case MAPI_FOLDER:
        return IsEqualGUID(iid, &IID_IMAPIFolder) || IsEqualGUID(iid, &IID_IMAPIContainer);
    case MAPI_MESSAGE: return IsEqualGUID(iid, &IID_IMessage);
    default: return 0;
    }
}

HRESULT Entry_Open(ObjHeader *caller, const char *method, Session *session, Store *store,
                   ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface, ULONG ulFlags,
                   ULONG *lpulObjType, LPUNKNOWN *lppUnk)
{
    if (!lppUnk || !lpulObjType)
        return Obj_Fail(caller, method, MAPI_E_INVALID_PARAMETER, "NULL output argument");
    *lppUnk = NULL;
    *lpulObjType = 0;
    /* Open flags: MAPI_MODIFY / MAPI_BEST_ACCESS select read-write; others (MAPI_DEFERRED_ERRORS,
     * MAPI_NO_CACHE, SHOW_SOFT_DELETES...) are accepted and need nothing here. */
    int writable = (ulFlags & (MAPI_MODIFY | MAPI_BEST_ACCESS)) != 0;

    EntryId id;
    if (!lpEntryID || cbEntryID == 0) {
        if (!store)
            return Obj_Fail(caller, method, MAPI_E_INVALID_ENTRYID,
                            "a NULL entry id needs a store (IMsgStore::OpenEntry)");
        id.objType = MAPI_FOLDER;
        id.store = store->rec->index;
        id.folder = store->rec->root->id;
        id.message = 0;
    } else if (Eid_Parse(cbEntryID, lpEntryID, &id) != S_OK) {
        return Obj_Fail(caller, method, MAPI_E_INVALID_ENTRYID,
                        "not an entry id of this provider (%lu bytes)", (unsigned long)cbEntryID);
    }
    if (!InterfaceFits(lpInterface, id.objType))
        return Obj_Fail(caller, method, MAPI_E_INTERFACE_NOT_SUPPORTED,
                        "the requested interface does not fit object type %lu",
                        (unsigned long)id.objType);

    DataSet *ds = caller->ds;
    StoreRec *srec = StoreShown(ds, id.store) ? DS_StoreByIndex(ds, id.store) : NULL;
    if (!srec)
        return Obj_Fail(caller, method, MAPI_E_NOT_FOUND, "no store %lu", (unsigned long)id.store);
    if (store && store->rec != srec)
        return Obj_Fail(caller, method, MAPI_E_INVALID_ENTRYID,
                        "the entry id belongs to another store");

    /* Objects below a store hold a Store object: use the caller's, or open one. */
    Store *owner = store;
    HRESULT hr = S_OK;
    if (id.objType == MAPI_STORE) {
        if (store) {
            Obj_AddRef(&store->hdr);
            *lppUnk = (LPUNKNOWN)store;
        } else {
            Store *st = NULL;
            hr = Store_Create(session, srec, writable, &st);
            if (hr == S_OK)
                *lppUnk = (LPUNKNOWN)st;
        }
        if (hr == S_OK)
            *lpulObjType = MAPI_STORE;
        return hr == S_OK ? S_OK : Obj_Fail(caller, method, hr, "cannot open the store");
    }
    if (!owner && (hr = Store_Create(session, srec, 1, &owner)) != S_OK)
        return Obj_Fail(caller, method, hr, "cannot open the store");

    DS_Lock(ds);
    FolderRec *f = Store_FindFolder(srec, id.folder);
    if (!f) {
        hr = MAPI_E_NOT_FOUND;
    } else if (id.objType == MAPI_FOLDER) {
        Folder *folder = NULL;
        hr = Folder_Create(owner, f, writable, &folder);
        if (hr == S_OK) {
            *lppUnk = (LPUNKNOWN)folder;
            *lpulObjType = MAPI_FOLDER;
        }
    } else {
        MsgRec *m = Store_FindMessage(srec, id.message);
        if (!m && Conform_On(&ds->knobs, CONF_STORE_OPEN_MISSING)) {
            /* store.openMissingOk: a message that does not exist opens as an empty new one. */
            Message *msg = NULL;
            hr = Message_CreateNew(owner, f, &msg);
            if (hr == S_OK) {
                *lppUnk = (LPUNKNOWN)msg;
                *lpulObjType = MAPI_MESSAGE;
            }
        } else if (!m || m->folder != f) {
            hr = MAPI_E_NOT_FOUND;
        } else {
            Message *msg = NULL;
            hr = Message_Open(owner, m, writable, &msg);
            if (hr == S_OK) {
                *lppUnk = (LPUNKNOWN)msg;
                *lpulObjType = MAPI_MESSAGE;
            }
        }
    }
    DS_Unlock(ds);
    if (owner != store)
        Obj_Release(&owner->hdr); /* the new object holds its own reference */
    if (hr != S_OK)
        return Obj_Fail(caller, method, hr, "no such %s (store %lu, folder %lu, message %lu)",
                        id.objType == MAPI_FOLDER ? "folder" : "message", (unsigned long)id.store,
                        (unsigned long)id.folder, (unsigned long)id.message);
    return S_OK;
}

HRESULT Entry_Compare(ULONG cb1, LPENTRYID e1, ULONG cb2, LPENTRYID e2, ULONG ulFlags,
                      ULONG *lpulResult)
{
    if (!lpulResult)
        return MAPI_E_INVALID_PARAMETER;
    if (ulFlags)
        return MAPI_E_UNKNOWN_FLAGS;
    EntryId a, b;
    if (Eid_Parse(cb1, e1, &a) != S_OK || Eid_Parse(cb2, e2, &b) != S_OK)
        return MAPI_E_UNKNOWN_ENTRYID;
    /* abFlags are ignored: a short-term and a long-term id of one object are equal. */
    *lpulResult = a.objType == b.objType && a.store == b.store && a.folder == b.folder &&
                  a.message == b.message;
    return S_OK;
}

/* ==============================================================================================
 * The stores table
 * ============================================================================================ */
typedef struct StoresCtx {
    Session *session;
} StoresCtx;

static ULONG Stores_Generation(void *ctx) { return ((StoresCtx *)ctx)->session->hdr.ds->changeGen; }

static HRESULT Stores_Rows(void *ctx, TableRow **pp, ULONG *pc)
{
    DataSet *ds = ((StoresCtx *)ctx)->session->hdr.ds;
    TableRow *rows = calloc(ds->cStores, sizeof *rows);
    if (!rows)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    ULONG n = 0;
    for (ULONG i = 0; i < ds->cStores; i++) {
        if (!StoreShown(ds, ds->stores[i].index))
            continue;
        rows[n].p = &ds->stores[i];
        rows[n++].key = ds->stores[i].index;
    }
    *pp = rows;
    *pc = n;
    return S_OK;
}

/* PR_RESOURCE_TYPE is a column of the stores table ("Message Store Tables": a required column),
 * not a property of the store object. */
static const SPropValue *Stores_Cell(void *ctx, const TableRow *row, ULONG propId, Arena *a)
{
    (void)ctx;
    if (propId == PROP_ID(PR_RESOURCE_TYPE)) {
        SPropValue *v = Arena_Alloc(a, sizeof *v);
        if (v) {
            memset(v, 0, sizeof *v);
            v->ulPropTag = PR_RESOURCE_TYPE;
            v->Value.l = MAPI_STORE_PROVIDER;
        }
        return v;
    }
    return Data_StoreProp(row->p, propId, a);
}

static HRESULT Stores_AllColumns(void *ctx, TagList *out)
{
    DataSet *ds = ((StoresCtx *)ctx)->session->hdr.ds;
    if (ds->cStores && !TagList_AddUnique(out, PR_RESOURCE_TYPE))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (ULONG i = 0; i < ds->cStores; i++) {
        HRESULT hr = Data_StoreTags(&ds->stores[i], out);
        if (FAILED(hr))
            return hr;
    }
    return S_OK;
}

static void Stores_Release(void *ctx)
{
    StoresCtx *c = ctx;
    Obj_Release(&c->session->hdr);
    free(c);
}

static const TableSourceOps g_storesOps = {
    "stores", Stores_Generation, Stores_Rows, Stores_Cell, Stores_AllColumns, Stores_Release, NULL,
    NULL, NULL, /* Advise is accepted; the stores table never notifies */
    NULL,
};

static const ULONG g_storesColumns[] = {
    PR_INSTANCE_KEY,       PR_ENTRYID,      PR_DISPLAY_NAME_W,
    PR_DEFAULT_STORE,      PR_MDB_PROVIDER, PR_RESOURCE_FLAGS,
    PR_PROVIDER_DISPLAY_W, PR_RECORD_KEY,   PR_OBJECT_TYPE,
    PR_RESOURCE_TYPE,
};

HRESULT StoresTable_Create(Session *session, ULONG ulFlags, LPMAPITABLE *lppTable)
{
    StoresCtx *c = malloc(sizeof *c);
    if (!c)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    Obj_AddRef(&session->hdr);
    c->session = session;
    return Table_Create(session->hdr.ds, &g_storesOps, c, g_storesColumns,
                        ARRAY_COUNT(g_storesColumns), ulFlags, lppTable);
}

/* ==============================================================================================
 * IMAPISession
 * ============================================================================================ */
static const IID *const g_sSessionIids[] = {&IID_IMAPISession};
static const QiSpec g_sessionQi = {g_sSessionIids, ARRAY_COUNT(g_sSessionIids), NULL, NULL};
static HRESULT STDMETHODCALLTYPE Session_QueryInterface(IMAPISession *This, REFIID riid, void **ppv)
{
    return Obj_QueryInterface(&S(This)->hdr, &g_sessionQi, riid, ppv);
}
static ULONG STDMETHODCALLTYPE Session_AddRef(IMAPISession *This)
{
    return Obj_ComAddRef(&S(This)->hdr);
}
static ULONG STDMETHODCALLTYPE Session_Release(IMAPISession *This)
{
    return Obj_ComRelease(&S(This)->hdr);
}

static HRESULT STDMETHODCALLTYPE Session_GetLastError(IMAPISession *This, HRESULT hResult,
                                                      ULONG ulFlags, LPMAPIERROR *lppMAPIError)
{
    return Obj_GetLastError(&S(This)->hdr, hResult, ulFlags, lppMAPIError);
}

static HRESULT STDMETHODCALLTYPE Session_GetMsgStoresTable(IMAPISession *This, ULONG ulFlags,
                                                           LPMAPITABLE *lppTable)
{
    Session *s = S(This);
    HRESULT hr = Obj_Enter(&s->hdr, "GetMsgStoresTable", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (!lppTable)
        return Obj_Fail(&s->hdr, "GetMsgStoresTable", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lppTable = NULL;
    if (ulFlags & ~MAPI_UNICODE)
        return Obj_Fail(&s->hdr, "GetMsgStoresTable", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    return StoresTable_Create(s, ulFlags, lppTable);
}

static HRESULT STDMETHODCALLTYPE Session_OpenMsgStore(IMAPISession *This, ULONG_PTR ulUIParam,
                                                      ULONG cbEntryID, LPENTRYID lpEntryID,
                                                      LPCIID lpInterface, ULONG ulFlags,
                                                      LPMDB *lppMDB)
{
    Session *s = S(This);
    (void)ulUIParam;
    HRESULT hr = Obj_Enter(&s->hdr, "OpenMsgStore", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (!lppMDB)
        return Obj_Fail(&s->hdr, "OpenMsgStore", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lppMDB = NULL;
    EntryId id;
    if (Eid_Parse(cbEntryID, lpEntryID, &id) != S_OK || id.objType != MAPI_STORE)
        return Obj_Fail(&s->hdr, "OpenMsgStore", MAPI_E_INVALID_ENTRYID,
                        "not a store entry id of this provider");
    if (lpInterface && !IsEqualGUID(lpInterface, &IID_IMsgStore) &&
        !IsEqualGUID(lpInterface, &IID_IMAPIProp) && !IsEqualGUID(lpInterface, &IID_IUnknown))
        return Obj_Fail(&s->hdr, "OpenMsgStore", MAPI_E_INTERFACE_NOT_SUPPORTED,
                        "only IMsgStore can be opened here");
    StoreRec *rec = StoreShown(s->hdr.ds, id.store) ? DS_StoreByIndex(s->hdr.ds, id.store) : NULL;
    if (!rec)
        return Obj_Fail(&s->hdr, "OpenMsgStore", MAPI_E_NOT_FOUND, "no store %lu",
                        (unsigned long)id.store);
    /* MDB_NO_DIALOG, MDB_NO_MAIL, MDB_TEMPORARY, MDB_ONLINE, MAPI_DEFERRED_ERRORS: accepted.
     * MDB_WRITE or MAPI_BEST_ACCESS: read-write. */
    Store *st = NULL;
    hr = Store_Create(s, rec, (ulFlags & (MDB_WRITE | MAPI_BEST_ACCESS)) != 0, &st);
    if (hr != S_OK)
        return Obj_Fail(&s->hdr, "OpenMsgStore", hr, "cannot create the store object");
    *lppMDB = (LPMDB)st;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Session_OpenAddressBook(IMAPISession *This, ULONG_PTR ulUIParam,
                                                         LPCIID lpInterface, ULONG ulFlags,
                                                         LPADRBOOK *lppAdrBook)
{
    Session *s = S(This);
    (void)ulUIParam;
    HRESULT hr = Obj_Enter(&s->hdr, "OpenAddressBook", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (!lppAdrBook)
        return Obj_Fail(&s->hdr, "OpenAddressBook", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lppAdrBook = NULL;
    /* AB_NO_DIALOG and MAPI_DEFERRED_ERRORS: accepted (the sample has no dialogs). */
    if (ulFlags & ~(AB_NO_DIALOG | MAPI_DEFERRED_ERRORS))
        return Obj_Fail(&s->hdr, "OpenAddressBook", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    if (lpInterface && !IsEqualGUID(lpInterface, &IID_IAddrBook) &&
        !IsEqualGUID(lpInterface, &IID_IMAPIProp) && !IsEqualGUID(lpInterface, &IID_IUnknown))
        return Obj_Fail(&s->hdr, "OpenAddressBook", MAPI_E_INTERFACE_NOT_SUPPORTED,
                        "only IAddrBook can be opened here");
    AbObj *ab = NULL;
    hr = AddrBook_Create(s, &ab);
    if (hr != S_OK)
        return Obj_Fail(&s->hdr, "OpenAddressBook", hr, "cannot create the address book");
    *lppAdrBook = (LPADRBOOK)ab;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Session_OpenProfileSection(IMAPISession *This, LPMAPIUID lpUID,
                                                            LPCIID lpInterface, ULONG ulFlags,
                                                            LPPROFSECT *lppProfSect)
{
    return Profile_SessionSection(&S(This)->hdr, lpUID, lpInterface, ulFlags, lppProfSect);
}

static HRESULT STDMETHODCALLTYPE Session_GetStatusTable(IMAPISession *This, ULONG ulFlags,
                                                        LPMAPITABLE *lppTable)
{
    (void)ulFlags;
    if (lppTable)
        *lppTable = NULL;
    return Obj_NotSupported(&S(This)->hdr, "GetStatusTable");
}

static HRESULT STDMETHODCALLTYPE Session_OpenEntry(IMAPISession *This, ULONG cbEntryID,
                                                   LPENTRYID lpEntryID, LPCIID lpInterface,
                                                   ULONG ulFlags, ULONG *lpulObjType,
                                                   LPUNKNOWN *lppUnk)
{
    Session *s = S(This);
    HRESULT hr = Obj_Enter(&s->hdr, "OpenEntry", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (Ab_IsAddressBookId(cbEntryID, lpEntryID)) { /* the address book's: it opens them */
        AbObj *ab = NULL;
        if ((hr = AddrBook_Create(s, &ab)) != S_OK)
            return Obj_Fail(&s->hdr, "OpenEntry", hr, "cannot create the address book");
        hr = Ab_OpenEntry(ab, cbEntryID, lpEntryID, lpInterface, ulFlags, lpulObjType, lppUnk);
        Obj_Release(&ab->hdr);
        return hr;
    }
    return Entry_Open(&s->hdr, "OpenEntry", s, NULL, cbEntryID, lpEntryID, lpInterface, ulFlags,
                      lpulObjType, lppUnk);
}

static HRESULT STDMETHODCALLTYPE Session_CompareEntryIDs(IMAPISession *This, ULONG cbEntryID1,
                                                         LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                                         LPENTRYID lpEntryID2, ULONG ulFlags,
                                                         ULONG *lpulResult)
{
    Session *s = S(This);
    HRESULT hr = Obj_Enter(&s->hdr, "CompareEntryIDs", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    hr = Entry_Compare(cbEntryID1, lpEntryID1, cbEntryID2, lpEntryID2, ulFlags, lpulResult);
    return FAILED(hr) ? Obj_Fail(&s->hdr, "CompareEntryIDs", hr, "cannot compare") : hr;
}

static HRESULT STDMETHODCALLTYPE Session_Advise(IMAPISession *This, ULONG cbEntryID,
                                                LPENTRYID lpEntryID, ULONG ulEventMask,
                                                LPMAPIADVISESINK lpAdviseSink,
                                                ULONG_PTR *lpulConnection)
{
    /* NULL entry id: session-wide (fnevCriticalError); an entry id of a store, folder or message
     * of this session: as that store's Advise (unadvised through the session). */
    Session *s = S(This);
    HRESULT hr = Obj_Enter(&s->hdr, "Advise", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    NtfTarget t;
    if ((hr = Notify_ResolveTarget(&s->hdr, "Advise", NULL, cbEntryID, lpEntryID, &t)) != S_OK)
        return hr;
    return Notify_Advise(&s->hdr, "Advise", &t, ulEventMask, lpAdviseSink, lpulConnection);
}

static HRESULT STDMETHODCALLTYPE Session_Unadvise(IMAPISession *This, ULONG_PTR ulConnection)
{
    Session *s = S(This);
    HRESULT hr = Obj_Enter(&s->hdr, "Unadvise", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    return Notify_Unadvise(&s->hdr, "Unadvise", NTF_OWNER_SESSION, 0, ulConnection);
}

static HRESULT STDMETHODCALLTYPE Session_MessageOptions(IMAPISession *This, ULONG_PTR ulUIParam,
                                                        ULONG ulFlags, LPTSTR lpszAdrType,
                                                        LPMESSAGE lpMessage)
{
    (void)ulUIParam, (void)ulFlags, (void)lpszAdrType, (void)lpMessage;
    return Obj_NotSupported(&S(This)->hdr, "MessageOptions");
}

static HRESULT STDMETHODCALLTYPE Session_QueryDefaultMessageOpt(IMAPISession *This,
                                                                LPTSTR lpszAdrType, ULONG ulFlags,
                                                                ULONG *lpcValues,
                                                                LPSPropValue *lppOptions)
{
    (void)lpszAdrType, (void)ulFlags, (void)lpcValues, (void)lppOptions;
    return Obj_NotSupported(&S(This)->hdr, "QueryDefaultMessageOpt");
}

static HRESULT STDMETHODCALLTYPE Session_EnumAdrTypes(IMAPISession *This, ULONG ulFlags,
                                                      ULONG *lpcAdrTypes, LPTSTR **lpppszAdrTypes)
{
    (void)ulFlags, (void)lpcAdrTypes, (void)lpppszAdrTypes;
    return Obj_NotSupported(&S(This)->hdr, "EnumAdrTypes");
}

static HRESULT STDMETHODCALLTYPE Session_QueryIdentity(IMAPISession *This, ULONG *lpcbEntryID,
                                                       LPENTRYID *lppEntryID)
{
    (void)lpcbEntryID, (void)lppEntryID;
    return Obj_NotSupported(&S(This)->hdr, "QueryIdentity");
}

static void EndProfileUse(Session *s);

static HRESULT STDMETHODCALLTYPE Session_Logoff(IMAPISession *This, ULONG_PTR ulUIParam,
                                                ULONG ulFlags, ULONG ulReserved)
{
    Session *s = S(This);
    (void)ulUIParam;
    HRESULT hr = Obj_Enter(&s->hdr, "Logoff", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (ulFlags & ~(MAPI_LOGOFF_SHARED | MAPI_LOGOFF_UI))
        return Obj_Fail(&s->hdr, "Logoff", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X", (unsigned)ulFlags);
    if (ulReserved)
        return Obj_Fail(&s->hdr, "Logoff", MAPI_E_INVALID_PARAMETER, "ulReserved must be 0");
    DataSet *ds = s->hdr.ds;
    if (Conform_On(&ds->knobs, CONF_LEAK_OBJECT))
        Obj_AddRef(&s->hdr); /* leak.object: a reference nobody will release */
    DS_Lock(ds);
    ds->loggedOff = 1;
    DS_Unlock(ds); /* with store=PATH: the final save, and the file's lock goes (data.c) */
    Notify_Logoff(ds); /* every registration goes; the notification thread ends on its own */
    DS_Lock(ds);
    hr = ds->persistHr;
    char text[sizeof ds->persistText];
    strcpy(text, ds->persistText);
    DS_Unlock(ds);
    EndProfileUse(s); /* a profile deleted or renamed while in use: now (profile_use.c) */
    if (FAILED(hr))
        return Obj_Fail(&s->hdr, "Logoff", hr, "%s", text);
    return S_OK; /* Logoff frees nothing: the caller still releases every object */
}

static HRESULT STDMETHODCALLTYPE Session_SetDefaultStore(IMAPISession *This, ULONG ulFlags,
                                                         ULONG cbEntryID, LPENTRYID lpEntryID)
{
    (void)ulFlags, (void)cbEntryID, (void)lpEntryID;
    return Obj_NotSupported(&S(This)->hdr, "SetDefaultStore");
}

/* A session of a profile of the profile file: its services (profile_svc.c). */
static HRESULT STDMETHODCALLTYPE Session_AdminServices(IMAPISession *This, ULONG ulFlags,
                                                       LPSERVICEADMIN *lppServiceAdmin)
{
    return Profile_SessionAdmin(&S(This)->hdr, ulFlags, lppServiceAdmin);
}

static HRESULT STDMETHODCALLTYPE Session_ShowForm(IMAPISession *This, ULONG_PTR ulUIParam,
                                                  LPMDB lpMsgStore, LPMAPIFOLDER lpParentFolder,
                                                  LPCIID lpInterface, ULONG ulMessageToken,
                                                  LPMESSAGE lpMessageSent, ULONG ulFlags,
                                                  ULONG ulMessageStatus, ULONG ulMessageFlags,
                                                  ULONG ulAccess, LPSTR lpszMessageClass)
{
    (void)ulUIParam, (void)lpMsgStore, (void)lpParentFolder, (void)lpInterface,
        (void)ulMessageToken, (void)lpMessageSent, (void)ulFlags, (void)ulMessageStatus,
        (void)ulMessageFlags, (void)ulAccess, (void)lpszMessageClass;
    return Obj_NotSupported(&S(This)->hdr, "ShowForm");
}

static HRESULT STDMETHODCALLTYPE Session_PrepareForm(IMAPISession *This, LPCIID lpInterface,
                                                     LPMESSAGE lpMessage, ULONG *lpulMessageToken)
{
    (void)lpInterface, (void)lpMessage, (void)lpulMessageToken;
    return Obj_NotSupported(&S(This)->hdr, "PrepareForm");
}

static const IMAPISessionVtbl g_sessionVtbl = {
    Session_QueryInterface,
    Session_AddRef,
    Session_Release,
    Session_GetLastError,
    Session_GetMsgStoresTable,
    Session_OpenMsgStore,
    Session_OpenAddressBook,
    Session_OpenProfileSection,
    Session_GetStatusTable,
    Session_OpenEntry,
    Session_CompareEntryIDs,
    Session_Advise,
    Session_Unadvise,
    Session_MessageOptions,
    Session_QueryDefaultMessageOpt,
    Session_EnumAdrTypes,
    Session_QueryIdentity,
    Session_Logoff,
    Session_SetDefaultStore,
    Session_AdminServices,
    Session_ShowForm,
    Session_PrepareForm,
};

static void EndProfileUse(Session *s)
{
    if (Plat_AtomicDec(&s->profileUse) == 0)
        ProfUse_End(s->hdr.ds->knobs.profile.name);
}

HRESULT Session_UseProfile(Session *s)
{
    HRESULT hr = ProfUse_Begin(s->hdr.ds->knobs.profile.name);
    if (hr == S_OK)
        s->profileUse = 1;
    return hr;
}

static void Session_Destroy(ObjHeader *h)
{
    EndProfileUse((Session *)h); /* a session that never logged off */
}

HRESULT Session_Create(DataSet *ds, ULONG logonFlags, Session **out)
{
    Session *s = calloc(1, sizeof *s);
    if (!s)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    Obj_Init(&s->hdr, &g_sessionVtbl, OBJ_SESSION, "IMAPISession", ds, Session_Destroy);
    s->logonFlags = logonFlags;
    *out = s;
    return S_OK;
}
