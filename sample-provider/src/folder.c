/*
 * folder.c - IMAPIFolder (IMAPIContainer + IMAPIFolder), hierarchy and contents tables.
 *
 * Folder properties are not transacted: SetProps writes through, SaveChanges does nothing.
 * A folder deleted while objects still reference it answers MAPI_E_OBJECT_DELETED.
 */
#include <stdlib.h>
#include <string.h>

#include "notify.h"
#include "objects.h"

static Folder *F(IMAPIFolder *This) { return (Folder *)This; }

/* ==============================================================================================
 * Hierarchy table: the child folders (CONVENIENT_DEPTH: the whole subtree, depth-first, with
 * PR_DEPTH = 1 for the children of the folder the table came from, 2 for theirs...).
 * ============================================================================================ */
typedef struct HierCtx {
    Folder *folder; /* referenced */
    int deep;
} HierCtx;

static ULONG Hier_Generation(void *ctx) { return ((HierCtx *)ctx)->folder->hdr.ds->changeGen; }

typedef struct RowVec {
    TableRow *rows;
    ULONG c, cap;
} RowVec;

static int RowVec_Add(RowVec *v, void *p, ULONG key, ULONG depth)
{
    if (v->c == v->cap) {
        ULONG cap = v->cap ? v->cap * 2 : 16;
        TableRow *r = realloc(v->rows, cap * sizeof *r);
        if (!r)
            return 0;
        v->rows = r;
        v->cap = cap;
    }
    v->rows[v->c].p = p;
    v->rows[v->c].key = key;
    v->rows[v->c].depth = depth;
    v->c++;
    return 1;
}

static int Hier_Walk(RowVec *v, FolderRec *f, ULONG depth, int deep)
{
    for (ULONG i = 0; i < f->cChildren; i++) {
        FolderRec *c = f->children[i];
        if (!RowVec_Add(v, c, c->id, depth))
            return 0;
        if (deep && !Hier_Walk(v, c, depth + 1, deep))
            return 0;
    }
    return 1;
}

static HRESULT Hier_Rows(void *ctx, TableRow **pp, ULONG *pc)
{
    HierCtx *h = ctx;
    RowVec v = {0};
    if (!h->folder->rec->deleted && !Hier_Walk(&v, h->folder->rec, 1, h->deep)) {
        free(v.rows);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    *pp = v.rows;
    *pc = v.c;
    return S_OK;
}

static const SPropValue *Hier_Cell(void *ctx, const TableRow *row, ULONG propId, Arena *a)
{
    (void)ctx;
    if (propId == PROP_ID(PR_DEPTH)) {
        SPropValue *v = Arena_Alloc(a, sizeof *v);
        if (v) {
            v->ulPropTag = PR_DEPTH;
            v->dwAlignPad = 0;
            v->Value.l = (LONG)row->depth;
        }
        return v;
    }
    return Data_FolderProp(row->p, propId, a);
}

static HRESULT Hier_AllColumns(void *ctx, TagList *out)
{
    HierCtx *h = ctx;
    if (!TagList_AddUnique(out, PR_DEPTH))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    TableRow *rows = NULL;
    ULONG n = 0;
    HRESULT hr = Hier_Rows(ctx, &rows, &n);
    for (ULONG i = 0; i < n && SUCCEEDED(hr); i++)
        hr = Data_FolderTags(rows[i].p, out);
    if (SUCCEEDED(hr) && n == 0)
        hr = Data_FolderTags(h->folder->rec, out); /* an empty table still has the columns */
    free(rows);
    return hr;
}

static void Hier_Release(void *ctx)
{
    HierCtx *h = ctx;
    Obj_Release(&h->folder->hdr);
    free(h);
}

static void *Hier_Scope(void *ctx) { return ((HierCtx *)ctx)->folder->rec; }

static const TableSourceOps g_hierOps = {
    "hierarchy", Hier_Generation, Hier_Rows, Hier_Cell, Hier_AllColumns, Hier_Release, NULL,
    Hier_Scope, NULL, /* a folder row's values come from many places: the engine hashes them */
    NULL,
};

static const ULONG g_hierColumns[] = {
    PR_INSTANCE_KEY, PR_ENTRYID, PR_DISPLAY_NAME_W, PR_CONTENT_COUNT,     PR_CONTENT_UNREAD,
    PR_SUBFOLDERS,   PR_DEPTH,   PR_FOLDER_TYPE,    PR_CONTAINER_CLASS_W, PR_OBJECT_TYPE,
};

HRESULT HierarchyTable_Create(Folder *folder, ULONG ulFlags, LPMAPITABLE *lppTable)
{
    HierCtx *h = malloc(sizeof *h);
    if (!h)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    Obj_AddRef(&folder->hdr);
    h->folder = folder;
    h->deep = (ulFlags & CONVENIENT_DEPTH) != 0;
    return Table_Create(folder->hdr.ds, &g_hierOps, h, g_hierColumns, ARRAY_COUNT(g_hierColumns),
                        ulFlags, lppTable);
}

/* ==============================================================================================
 * Contents table: the folder's messages in creation order (until SortTable).
 * ============================================================================================ */
typedef struct ContentsCtx {
    Folder *folder; /* referenced */
    int associated; /* MAPI_ASSOCIATED: the folder-associated (hidden) contents, always empty */
} ContentsCtx;

static ULONG Contents_Generation(void *ctx)
{
    return ((ContentsCtx *)ctx)->folder->rec->contentsGen;
}

static HRESULT Contents_Rows(void *ctx, TableRow **pp, ULONG *pc)
{
    ContentsCtx *c = ctx;
    FolderRec *f = c->folder->rec;
    *pp = NULL;
    *pc = 0;
    if (c->associated || f->cMsgs == 0)
        return S_OK;
    TableRow *rows = malloc((size_t)f->cMsgs * sizeof *rows);
    if (!rows)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (ULONG i = 0; i < f->cMsgs; i++) {
        rows[i].p = f->msgs[i];
        rows[i].key = f->msgs[i]->id;
        rows[i].depth = 0;
    }
    *pp = rows;
    *pc = f->cMsgs;
    return S_OK;
}

static const SPropValue *Contents_Cell(void *ctx, const TableRow *row, ULONG propId, Arena *a)
{
    (void)ctx;
    MsgRec *m = row->p;
    return Data_MessageProp(m->folder, m->id, m, NULL, propId, a);
}

static HRESULT Contents_AllColumns(void *ctx, TagList *out)
{
    ContentsCtx *c = ctx;
    FolderRec *f = c->folder->rec;
    HRESULT hr = S_OK;
    int sawGenerated = 0;
    /* Every generated message has the same schema: look at one of them, and at every saved
     * (materialized) message, without walking 100 000 generated ones property by property. */
    for (ULONG i = 0; i < f->cMsgs && SUCCEEDED(hr); i++) {
        MsgRec *m = f->msgs[i];
        if (m->bag || !sawGenerated)
            hr = Data_MessageTags(m, NULL, out);
        if (!m->bag)
            sawGenerated = 1;
    }
    if (SUCCEEDED(hr) && f->cMsgs == 0) {
        static const ULONG minimal[] = {PR_ENTRYID, PR_SUBJECT_W, PR_MESSAGE_CLASS_W,
                                        PR_MESSAGE_FLAGS, PR_MESSAGE_SIZE};
        for (size_t i = 0; i < ARRAY_COUNT(minimal); i++)
            if (!TagList_AddUnique(out, minimal[i]))
                return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    return hr;
}

static void Contents_Release(void *ctx)
{
    ContentsCtx *c = ctx;
    Obj_Release(&c->folder->hdr);
    free(c);
}

/* A message's recipients and attachments for RES_SUBRESTRICTION: a saved message's own, a
 * generated one's made for the occasion. */
static HRESULT Contents_SubObjects(void *ctx, const TableRow *row, SubObjs **out, int *owned)
{
    (void)ctx;
    MsgRec *m = row->p;
    if (m->subs) {
        *out = m->subs;
        *owned = 0;
        return S_OK;
    }
    SubObjs *s = malloc(sizeof *s);
    if (!s)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    HRESULT hr = Data_MaterializeSubs(m, s);
    if (hr != S_OK) {
        free(s);
        return hr;
    }
    *out = s;
    *owned = 1;
    return S_OK;
}

static void *Contents_Scope(void *ctx) { return ((ContentsCtx *)ctx)->folder->rec; }
/* Every change to a message record bumps its version (Data_UpdateMessage). */
static ULONG Contents_Stamp(void *ctx, const TableRow *row)
{
    (void)ctx;
    return ((const MsgRec *)row->p)->version;
}

static const TableSourceOps g_contentsOps = {
    "contents",          Contents_Generation, Contents_Rows,  Contents_Cell,
    Contents_AllColumns, Contents_Release,    Contents_SubObjects, Contents_Scope,
    Contents_Stamp,      NULL,
};

static const ULONG g_contentsColumns[] = {
    PR_INSTANCE_KEY,          PR_ENTRYID,       PR_SUBJECT_W,    PR_SENDER_NAME_W,
    PR_MESSAGE_DELIVERY_TIME, PR_MESSAGE_FLAGS, PR_MESSAGE_SIZE, PR_MESSAGE_CLASS_W,
};

HRESULT ContentsTable_Create(Folder *folder, ULONG ulFlags, LPMAPITABLE *lppTable)
{
    ContentsCtx *c = malloc(sizeof *c);
    if (!c)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    Obj_AddRef(&folder->hdr);
    c->folder = folder;
    c->associated = (ulFlags & MAPI_ASSOCIATED) != 0;
    return Table_Create(folder->hdr.ds, &g_contentsOps, c, g_contentsColumns,
                        ARRAY_COUNT(g_contentsColumns), ulFlags, lppTable);
}

/* ==============================================================================================
 * IMAPIFolder
 * ============================================================================================ */
static const SPropValue *FolderSrc_Get(const PropSource *src, ULONG id, Arena *a)
{
    return Data_FolderProp(src->a, id, a);
}
static HRESULT FolderSrc_List(const PropSource *src, TagList *out)
{
    return Data_FolderTags(src->a, out);
}

/* Obj_Enter plus the deleted-folder check; returns with the lock NOT held. */
static HRESULT Enter(Folder *f, const char *method)
{
    HRESULT hr = Obj_Enter(&f->hdr, method, ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    DS_Lock(f->hdr.ds);
    int deleted = f->rec->deleted;
    DS_Unlock(f->hdr.ds);
    return deleted ? Obj_Fail(&f->hdr, method, MAPI_E_OBJECT_DELETED, "the folder was deleted")
                   : S_OK;
}

static const IID *const g_fFolderIids[] = {&IID_IMAPIFolder, &IID_IMAPIContainer, &IID_IMAPIProp};
static const QiSpec g_folderQi = {g_fFolderIids, ARRAY_COUNT(g_fFolderIids), NULL, NULL};
static HRESULT STDMETHODCALLTYPE Folder_QueryInterface(IMAPIFolder *This, REFIID riid, void **ppv)
{
    return Obj_QueryInterface(&F(This)->hdr, &g_folderQi, riid, ppv);
}
static ULONG STDMETHODCALLTYPE Folder_AddRef(IMAPIFolder *This)
{
    return Obj_ComAddRef(&F(This)->hdr);
}
static ULONG STDMETHODCALLTYPE Folder_Release(IMAPIFolder *This)
{
    return Obj_ComRelease(&F(This)->hdr);
}

static void Folder_Destroy(ObjHeader *h)
{
    Folder *f = (Folder *)h;
    DS_Lock(h->ds);
    FolderRec_Release(f->rec);
    DS_Unlock(h->ds);
    Obj_Release(&f->store->hdr);
}

static HRESULT STDMETHODCALLTYPE Folder_GetLastError(IMAPIFolder *This, HRESULT hResult,
                                                     ULONG ulFlags, LPMAPIERROR *lppMAPIError)
{
    return Obj_GetLastError(&F(This)->hdr, hResult, ulFlags, lppMAPIError);
}

static HRESULT STDMETHODCALLTYPE Folder_SaveChanges(IMAPIFolder *This, ULONG ulFlags)
{
    Folder *f = F(This);
    HRESULT hr = Enter(f, "SaveChanges");
    if (hr != S_OK)
        return hr;
    if (ulFlags & ~(KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE | MAPI_DEFERRED_ERRORS))
        return Obj_Fail(&f->hdr, "SaveChanges", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    return S_OK; /* not transacted */
}

static HRESULT STDMETHODCALLTYPE Folder_GetProps(IMAPIFolder *This, LPSPropTagArray lpPropTagArray,
                                                 ULONG ulFlags, ULONG *lpcValues,
                                                 LPSPropValue *lppPropArray)
{
    Folder *f = F(This);
    HRESULT hr = Enter(f, "GetProps");
    if (hr != S_OK)
        return hr;
    PropSource src = {FolderSrc_Get, FolderSrc_List, f->rec, NULL, 0, 0};
    DS_Lock(f->hdr.ds);
    hr = Conform_GetProps(f->hdr.ds, &src, lpPropTagArray, ulFlags, lpcValues,
                          lppPropArray);
    DS_Unlock(f->hdr.ds);
    return FAILED(hr) ? Obj_Fail(&f->hdr, "GetProps", hr, "GetProps failed") : hr;
}

static HRESULT STDMETHODCALLTYPE Folder_GetPropList(IMAPIFolder *This, ULONG ulFlags,
                                                    LPSPropTagArray *lppPropTagArray)
{
    Folder *f = F(This);
    HRESULT hr = Enter(f, "GetPropList");
    if (hr != S_OK)
        return hr;
    PropSource src = {FolderSrc_Get, FolderSrc_List, f->rec, NULL, 0, 0};
    DS_Lock(f->hdr.ds);
    hr = Props_GetPropList(&src, ulFlags, lppPropTagArray);
    DS_Unlock(f->hdr.ds);
    return FAILED(hr) ? Obj_Fail(&f->hdr, "GetPropList", hr, "GetPropList failed") : hr;
}

static HRESULT STDMETHODCALLTYPE Folder_OpenProperty(IMAPIFolder *This, ULONG ulPropTag,
                                                     LPCIID lpiid, ULONG ulInterfaceOptions,
                                                     ULONG ulFlags, LPUNKNOWN *lppUnk)
{
    (void)ulPropTag, (void)lpiid, (void)ulInterfaceOptions, (void)ulFlags;
    if (lppUnk)
        *lppUnk = NULL;
    return Obj_NotSupported(&F(This)->hdr, "OpenProperty");
}

/* A PR_DISPLAY_NAME value (A or W) as a malloc'ed UTF-16 string. */
static WCHAR *NameOf(const SPropValue *v)
{
    return PROP_TYPE(v->ulPropTag) == PT_UNICODE ? WStrDup(v->Value.lpszW)
                                                 : WStrFromA(v->Value.lpszA);
}

/* SetProps' own rule for a folder, with the lock held: a rename must not collide with a sibling
 * (MAPI_E_COLLISION), nor empty the name (MAPI_E_INVALID_PARAMETER). */
static SCODE CheckRename(void *obj, const SPropValue *v)
{
    Folder *f = obj;
    if (PROP_ID(v->ulPropTag) != PROP_ID(PR_DISPLAY_NAME_W) || Prop_Validate(v) != S_OK ||
        !Prop_IsString(PROP_TYPE(v->ulPropTag)))
        return S_OK;
    WCHAR *name = NameOf(v);
    FolderRec *other = name && f->rec->parent ? Data_FindChildByName(f->rec->parent, name) : NULL;
    int bad = !name || !*name || (other && other != f->rec);
    free(name);
    return !bad ? S_OK : other ? MAPI_E_COLLISION : MAPI_E_INVALID_PARAMETER;
}

static HRESULT EnterHdr(ObjHeader *h, const char *method) { return Enter((Folder *)h, method); }

/* SetProps / DeleteProps write through to the record (hierarchy tables see them at once). */
/* SetProps / DeleteProps on a folder are permanent at once: its fnevObjectModified. */
static void FolderChanged(ObjHeader *h, const ULONG *tags, ULONG cTags)
{
    Ntf_FolderModified(((Folder *)h)->rec, tags, cTags);
}

static PropWriter Writer(Folder *f)
{
    PropWriter w = {
        .hdr = &f->hdr,
        .enter = EnterHdr,
        .readOnly =
            f->writable ? NULL : "the folder was opened without MAPI_MODIFY / MAPI_BEST_ACCESS",
        .bag = &f->rec->props,
        .isComputed = Data_FolderIsComputed,
        .check = CheckRename,
        .keepId = PROP_ID(PR_DISPLAY_NAME_W), /* a folder always has a name */
        .writeThrough = 1,
        .changed = FolderChanged,
    };
    return w;
}

static HRESULT STDMETHODCALLTYPE Folder_SetProps(IMAPIFolder *This, ULONG cValues,
                                                 LPSPropValue lpPropArray,
                                                 LPSPropProblemArray *lppProblems)
{
    PropWriter w = Writer(F(This));
    return Obj_SetProps(&w, cValues, lpPropArray, lppProblems);
}

static HRESULT STDMETHODCALLTYPE Folder_DeleteProps(IMAPIFolder *This,
                                                    LPSPropTagArray lpPropTagArray,
                                                    LPSPropProblemArray *lppProblems)
{
    PropWriter w = Writer(F(This));
    return Obj_DeleteProps(&w, lpPropTagArray, lppProblems);
}

static HRESULT STDMETHODCALLTYPE Folder_CopyTo(IMAPIFolder *This, ULONG ciidExclude,
                                               LPCIID rgiidExclude, LPSPropTagArray lpExcludeProps,
                                               ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                                               LPCIID lpInterface, LPVOID lpDestObj, ULONG ulFlags,
                                               LPSPropProblemArray *lppProblems)
{
    (void)ciidExclude, (void)rgiidExclude, (void)lpExcludeProps, (void)ulUIParam, (void)lpProgress,
        (void)lpInterface, (void)lpDestObj, (void)ulFlags, (void)lppProblems;
    return Obj_NotSupported(&F(This)->hdr, "CopyTo");
}

static HRESULT STDMETHODCALLTYPE Folder_CopyProps(IMAPIFolder *This, LPSPropTagArray lpIncludeProps,
                                                  ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                                                  LPCIID lpInterface, LPVOID lpDestObj,
                                                  ULONG ulFlags, LPSPropProblemArray *lppProblems)
{
    (void)lpIncludeProps, (void)ulUIParam, (void)lpProgress, (void)lpInterface, (void)lpDestObj,
        (void)ulFlags, (void)lppProblems;
    return Obj_NotSupported(&F(This)->hdr, "CopyProps");
}

static HRESULT STDMETHODCALLTYPE Folder_GetNamesFromIDs(IMAPIFolder *This,
                                                        LPSPropTagArray *lppPropTags,
                                                        LPGUID lpPropSetGuid, ULONG ulFlags,
                                                        ULONG *lpcPropNames,
                                                        LPMAPINAMEID **lpppPropNames)
{
    return Obj_GetNamesFromIDs(&F(This)->hdr, F(This)->rec->store, lppPropTags, lpPropSetGuid,
                               ulFlags, lpcPropNames, lpppPropNames);
}

static HRESULT STDMETHODCALLTYPE Folder_GetIDsFromNames(IMAPIFolder *This, ULONG cPropNames,
                                                        LPMAPINAMEID *lppPropNames, ULONG ulFlags,
                                                        LPSPropTagArray *lppPropTags)
{
    return Obj_GetIDsFromNames(&F(This)->hdr, F(This)->rec->store, cPropNames, lppPropNames,
                               ulFlags, lppPropTags);
}

/* ---- IMAPIContainer -------------------------------------------------------------------------- */
static HRESULT STDMETHODCALLTYPE Folder_GetContentsTable(IMAPIFolder *This, ULONG ulFlags,
                                                         LPMAPITABLE *lppTable)
{
    Folder *f = F(This);
    HRESULT hr = Enter(f, "GetContentsTable");
    if (hr != S_OK)
        return hr;
    if (!lppTable)
        return Obj_Fail(&f->hdr, "GetContentsTable", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lppTable = NULL;
    if (ulFlags & ~(MAPI_UNICODE | MAPI_DEFERRED_ERRORS | MAPI_ASSOCIATED | SHOW_SOFT_DELETES))
        return Obj_Fail(&f->hdr, "GetContentsTable", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    hr = ContentsTable_Create(f, ulFlags, lppTable);
    return FAILED(hr) ? Obj_Fail(&f->hdr, "GetContentsTable", hr, "cannot create the table") : hr;
}

static HRESULT STDMETHODCALLTYPE Folder_GetHierarchyTable(IMAPIFolder *This, ULONG ulFlags,
                                                          LPMAPITABLE *lppTable)
{
    Folder *f = F(This);
    HRESULT hr = Enter(f, "GetHierarchyTable");
    if (hr != S_OK)
        return hr;
    if (!lppTable)
        return Obj_Fail(&f->hdr, "GetHierarchyTable", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lppTable = NULL;
    if (ulFlags & ~(MAPI_UNICODE | MAPI_DEFERRED_ERRORS | CONVENIENT_DEPTH | SHOW_SOFT_DELETES))
        return Obj_Fail(&f->hdr, "GetHierarchyTable", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    hr = HierarchyTable_Create(f, ulFlags, lppTable);
    return FAILED(hr) ? Obj_Fail(&f->hdr, "GetHierarchyTable", hr, "cannot create the table") : hr;
}

static HRESULT STDMETHODCALLTYPE Folder_OpenEntry(IMAPIFolder *This, ULONG cbEntryID,
                                                  LPENTRYID lpEntryID, LPCIID lpInterface,
                                                  ULONG ulFlags, ULONG *lpulObjType,
                                                  LPUNKNOWN *lppUnk)
{
    Folder *f = F(This);
    HRESULT hr = Enter(f, "OpenEntry");
    if (hr != S_OK)
        return hr;
    if (!lpEntryID || !cbEntryID) {
        /* NULL entry id on a container: the container itself. */
        if (!lppUnk || !lpulObjType)
            return Obj_Fail(&f->hdr, "OpenEntry", MAPI_E_INVALID_PARAMETER, "NULL output argument");
        Obj_AddRef(&f->hdr);
        *lppUnk = (LPUNKNOWN)f;
        *lpulObjType = MAPI_FOLDER;
        return S_OK;
    }
    return Entry_Open(&f->hdr, "OpenEntry", f->store->session, f->store, cbEntryID, lpEntryID,
                      lpInterface, ulFlags, lpulObjType, lppUnk);
}

static HRESULT STDMETHODCALLTYPE Folder_SetSearchCriteria(IMAPIFolder *This,
                                                          LPSRestriction lpRestriction,
                                                          LPENTRYLIST lpContainerList,
                                                          ULONG ulSearchFlags)
{
    (void)lpRestriction, (void)lpContainerList, (void)ulSearchFlags;
    return Obj_NotSupported(&F(This)->hdr, "SetSearchCriteria");
}

static HRESULT STDMETHODCALLTYPE Folder_GetSearchCriteria(IMAPIFolder *This, ULONG ulFlags,
                                                          LPSRestriction *lppRestriction,
                                                          LPENTRYLIST *lppContainerList,
                                                          ULONG *lpulSearchState)
{
    (void)ulFlags, (void)lppRestriction, (void)lppContainerList, (void)lpulSearchState;
    return Obj_NotSupported(&F(This)->hdr, "GetSearchCriteria");
}

/* ---- IMAPIFolder ----------------------------------------------------------------------------- */
static HRESULT STDMETHODCALLTYPE Folder_CreateMessage(IMAPIFolder *This, LPCIID lpInterface,
                                                      ULONG ulFlags, LPMESSAGE *lppMessage)
{
    Folder *f = F(This);
    HRESULT hr = Enter(f, "CreateMessage");
    if (hr != S_OK)
        return hr;
    if (!lppMessage)
        return Obj_Fail(&f->hdr, "CreateMessage", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lppMessage = NULL;
    if (ulFlags & ~(MAPI_DEFERRED_ERRORS | MAPI_ASSOCIATED))
        return Obj_Fail(&f->hdr, "CreateMessage", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    if (ulFlags & MAPI_ASSOCIATED)
        return Obj_Fail(&f->hdr, "CreateMessage", MAPI_E_NO_SUPPORT,
                        "folder-associated messages are not supported");
    if (lpInterface && !IsEqualGUID(lpInterface, &IID_IMessage) &&
        !IsEqualGUID(lpInterface, &IID_IMAPIProp) && !IsEqualGUID(lpInterface, &IID_IUnknown))
        return Obj_Fail(&f->hdr, "CreateMessage", MAPI_E_INTERFACE_NOT_SUPPORTED, "not IMessage");
    Message *m = NULL;
    DS_Lock(f->hdr.ds);
    hr = Message_CreateNew(f->store, f->rec, &m);
    DS_Unlock(f->hdr.ds);
    if (hr != S_OK)
        return Obj_Fail(&f->hdr, "CreateMessage", hr, "cannot create the message");
    *lppMessage = (LPMESSAGE)m;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Folder_CopyMessages(IMAPIFolder *This, LPENTRYLIST lpMsgList,
                                                     LPCIID lpInterface, LPVOID lpDestFolder,
                                                     ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                                                     ULONG ulFlags)
{
    Folder *f = F(This);
    (void)ulUIParam, (void)lpInterface;
    HRESULT hr = Enter(f, "CopyMessages");
    if (hr != S_OK)
        return hr;
    if (ulFlags & ~(MESSAGE_MOVE | MESSAGE_DIALOG | MAPI_DECLINE_OK))
        return Obj_Fail(&f->hdr, "CopyMessages", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    if (!lpMsgList || (lpMsgList->cValues && !lpMsgList->lpbin))
        return Obj_Fail(&f->hdr, "CopyMessages", MAPI_E_INVALID_PARAMETER, "NULL message list");
    if (!Folder_IsOurs(lpDestFolder))
        return Obj_Fail(&f->hdr, "CopyMessages", MAPI_E_NO_SUPPORT,
                        "the destination must be a folder of this provider");
    Folder *dest = lpDestFolder;
    if (!dest->writable)
        return Obj_Fail(&f->hdr, "CopyMessages", MAPI_E_NO_ACCESS,
                        "the destination folder was opened read-only");
    if (dest->hdr.ds != f->hdr.ds)
        return Obj_Fail(&f->hdr, "CopyMessages", MAPI_E_NO_SUPPORT,
                        "the destination belongs to another logon");
    return Folder_DoCopyMessages(f, lpMsgList, dest, lpProgress, ulFlags);
}

static HRESULT STDMETHODCALLTYPE Folder_DeleteMessages(IMAPIFolder *This, LPENTRYLIST lpMsgList,
                                                       ULONG_PTR ulUIParam,
                                                       LPMAPIPROGRESS lpProgress, ULONG ulFlags)
{
    Folder *f = F(This);
    (void)ulUIParam, (void)lpProgress; /* no UI; the deletion is too quick to report progress */
    HRESULT hr = Enter(f, "DeleteMessages");
    if (hr != S_OK)
        return hr;
    /* MESSAGE_DIALOG 0x2, DELETE_HARD_DELETE 0x10: accepted (no UI, nothing is soft-deleted). */
    if (ulFlags & ~(MESSAGE_DIALOG | 0x10u))
        return Obj_Fail(&f->hdr, "DeleteMessages", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    if (!lpMsgList || (lpMsgList->cValues && !lpMsgList->lpbin))
        return Obj_Fail(&f->hdr, "DeleteMessages", MAPI_E_INVALID_PARAMETER, "NULL message list");
    ULONG missed = 0;
    DS_Lock(f->hdr.ds);
    for (ULONG i = 0; i < lpMsgList->cValues; i++) {
        EntryId id;
        MsgRec *m = NULL;
        if (Eid_Parse(lpMsgList->lpbin[i].cb, (LPENTRYID)lpMsgList->lpbin[i].lpb, &id) == S_OK &&
            id.objType == MAPI_MESSAGE && id.store == f->rec->store->index &&
            id.folder == f->rec->id)
            m = Store_FindMessage(f->rec->store, id.message);
        if (m && m->folder == f->rec)
            Data_DeleteMessage(m);
        else
            missed++;
    }
    DS_Unlock(f->hdr.ds);
    if (missed)
        Obj_Fail(&f->hdr, "DeleteMessages", MAPI_W_PARTIAL_COMPLETION,
                 "%lu of %lu entries were not messages of this folder", (unsigned long)missed,
                 (unsigned long)lpMsgList->cValues);
    return missed ? MAPI_W_PARTIAL_COMPLETION : S_OK;
}

static HRESULT STDMETHODCALLTYPE Folder_CreateFolder(IMAPIFolder *This, ULONG ulFolderType,
                                                     LPTSTR lpszFolderName,
                                                     LPTSTR lpszFolderComment, LPCIID lpInterface,
                                                     ULONG ulFlags, LPMAPIFOLDER *lppFolder)
{
    Folder *f = F(This);
    HRESULT hr = Enter(f, "CreateFolder");
    if (hr != S_OK)
        return hr;
    if (!lppFolder || !lpszFolderName)
        return Obj_Fail(&f->hdr, "CreateFolder", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lppFolder = NULL;
    if (ulFlags & ~(MAPI_UNICODE | OPEN_IF_EXISTS | MAPI_DEFERRED_ERRORS))
        return Obj_Fail(&f->hdr, "CreateFolder", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    if (ulFolderType == FOLDER_SEARCH)
        return Obj_Fail(&f->hdr, "CreateFolder", MAPI_E_NO_SUPPORT,
                        "search folders are not supported");
    if (ulFolderType != FOLDER_GENERIC)
        return Obj_Fail(&f->hdr, "CreateFolder", MAPI_E_INVALID_PARAMETER, "folder type %lu",
                        (unsigned long)ulFolderType);
    if (lpInterface && !IsEqualGUID(lpInterface, &IID_IMAPIFolder) &&
        !IsEqualGUID(lpInterface, &IID_IMAPIContainer) &&
        !IsEqualGUID(lpInterface, &IID_IMAPIProp) && !IsEqualGUID(lpInterface, &IID_IUnknown))
        return Obj_Fail(&f->hdr, "CreateFolder", MAPI_E_INTERFACE_NOT_SUPPORTED, "not IMAPIFolder");

    /* LPTSTR: UTF-16 with MAPI_UNICODE, 8-bit otherwise. */
    int wide = (ulFlags & MAPI_UNICODE) != 0;
    WCHAR *name = wide ? WStrDup(lpszFolderName) : WStrFromA(lpszFolderName);
    WCHAR *comment = NULL;
    if (lpszFolderComment)
        comment = wide ? WStrDup(lpszFolderComment) : WStrFromA(lpszFolderComment);
    if (!name || (lpszFolderComment && !comment)) {
        free(name);
        free(comment);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if (!*name) {
        free(name);
        free(comment);
        return Obj_Fail(&f->hdr, "CreateFolder", MAPI_E_INVALID_PARAMETER, "empty folder name");
    }

    DS_Lock(f->hdr.ds);
    FolderRec *rec = Data_FindChildByName(f->rec, name);
    if (rec && !(ulFlags & OPEN_IF_EXISTS))
        hr = MAPI_E_COLLISION;
    else if (!rec)
        hr = Data_CreateFolder(f->rec, name, comment, &rec);
    Folder *child = NULL;
    if (hr == S_OK)
        hr = Folder_Create(f->store, rec, 1, &child);
    DS_Unlock(f->hdr.ds);
    free(name);
    free(comment);
    if (hr != S_OK)
        return Obj_Fail(&f->hdr, "CreateFolder", hr,
                        hr == MAPI_E_COLLISION ? "a subfolder with that name exists"
                                               : "cannot create the folder");
    *lppFolder = (LPMAPIFOLDER)child;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Folder_CopyFolder(IMAPIFolder *This, ULONG cbEntryID,
                                                   LPENTRYID lpEntryID, LPCIID lpInterface,
                                                   LPVOID lpDestFolder, LPTSTR lpszNewFolderName,
                                                   ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                                                   ULONG ulFlags)
{
    Folder *f = F(This);
    (void)ulUIParam, (void)lpInterface;
    HRESULT hr = Enter(f, "CopyFolder");
    if (hr != S_OK)
        return hr;
    if (ulFlags & ~(FOLDER_MOVE | FOLDER_DIALOG | MAPI_DECLINE_OK | COPY_SUBFOLDERS | MAPI_UNICODE))
        return Obj_Fail(&f->hdr, "CopyFolder", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    EntryId id;
    if (Eid_Parse(cbEntryID, lpEntryID, &id) != S_OK || id.objType != MAPI_FOLDER)
        return Obj_Fail(&f->hdr, "CopyFolder", MAPI_E_INVALID_ENTRYID, "not a folder entry id");
    if (!Folder_IsOurs(lpDestFolder) || ((Folder *)lpDestFolder)->hdr.ds != f->hdr.ds)
        return Obj_Fail(&f->hdr, "CopyFolder", MAPI_E_NO_SUPPORT,
                        "the destination must be a folder of this provider and logon");
    Folder *dest = lpDestFolder;
    if ((ulFlags & FOLDER_MOVE) && dest->rec->store != f->rec->store)
        return Obj_Fail(&f->hdr, "CopyFolder", MAPI_E_NO_SUPPORT,
                        "FOLDER_MOVE between stores: copy, then delete the source");
    WCHAR *name = NULL;
    if (lpszNewFolderName) {
        name = (ulFlags & MAPI_UNICODE) ? WStrDup(lpszNewFolderName) : WStrFromA(lpszNewFolderName);
        if (!name)
            return MAPI_E_NOT_ENOUGH_MEMORY;
        if (!*name) {
            free(name);
            return Obj_Fail(&f->hdr, "CopyFolder", MAPI_E_INVALID_PARAMETER, "empty folder name");
        }
    }
    DS_Lock(f->hdr.ds);
    FolderRec *src =
        id.store == f->rec->store->index ? Store_FindFolder(f->rec->store, id.folder) : NULL;
    int mine = src && src->parent == f->rec;
    DS_Unlock(f->hdr.ds);
    if (!mine) {
        free(name);
        return Obj_Fail(&f->hdr, "CopyFolder", MAPI_E_NOT_FOUND, "not a subfolder of this folder");
    }
    hr = Folder_DoCopyFolder(f, src, dest, name, lpProgress, ulFlags);
    free(name);
    return hr;
}

static HRESULT STDMETHODCALLTYPE Folder_DeleteFolder(IMAPIFolder *This, ULONG cbEntryID,
                                                     LPENTRYID lpEntryID, ULONG_PTR ulUIParam,
                                                     LPMAPIPROGRESS lpProgress, ULONG ulFlags)
{
    Folder *f = F(This);
    (void)ulUIParam, (void)lpProgress;
    HRESULT hr = Enter(f, "DeleteFolder");
    if (hr != S_OK)
        return hr;
    /* FOLDER_DIALOG 0x2: accepted (no UI). */
    if (ulFlags & ~(DEL_MESSAGES | DEL_FOLDERS | 0x2u))
        return Obj_Fail(&f->hdr, "DeleteFolder", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    EntryId id;
    if (Eid_Parse(cbEntryID, lpEntryID, &id) != S_OK || id.objType != MAPI_FOLDER)
        return Obj_Fail(&f->hdr, "DeleteFolder", MAPI_E_INVALID_ENTRYID, "not a folder entry id");
    DS_Lock(f->hdr.ds);
    FolderRec *victim =
        id.store == f->rec->store->index ? Store_FindFolder(f->rec->store, id.folder) : NULL;
    const char *why = NULL;
    if (!victim || victim->parent != f->rec) {
        hr = MAPI_E_NOT_FOUND;
        why = "not a subfolder of this folder";
    } else if (Data_IsSpecialFolder(victim)) {
        hr = MAPI_E_NO_ACCESS;
        why = "special folders cannot be deleted";
    } else if (victim->cChildren && !(ulFlags & DEL_FOLDERS)) {
        hr = MAPI_E_HAS_FOLDERS;
        why = "the folder has subfolders (pass DEL_FOLDERS)";
    } else if (victim->cMsgs && !(ulFlags & DEL_MESSAGES)) {
        hr = MAPI_E_HAS_MESSAGES;
        why = "the folder has messages (pass DEL_MESSAGES)";
    } else {
        Data_DeleteFolderTree(victim);
    }
    DS_Unlock(f->hdr.ds);
    return hr == S_OK ? S_OK : Obj_Fail(&f->hdr, "DeleteFolder", hr, "%s", why);
}

static HRESULT STDMETHODCALLTYPE Folder_SetReadFlags(IMAPIFolder *This, LPENTRYLIST lpMsgList,
                                                     ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                                                     ULONG ulFlags)
{
    /* MSGFLAG_READ on the listed messages (NULL: all of them), stored at once as SetReadFlag
     * does. SUPPRESS_RECEIPT 0x1, MESSAGE_DIALOG 0x2, CLEAR_READ_FLAG 0x4, MAPI_DEFERRED_ERRORS
     * 0x8, GENERATE_RECEIPT_ONLY 0x10 (nothing to do: no receipts here), CLEAR_RN_PENDING 0x20,
     * CLEAR_NRN_PENDING 0x40. */
    Folder *f = F(This);
    (void)ulUIParam, (void)lpProgress;
    HRESULT hr = Enter(f, "SetReadFlags");
    if (hr != S_OK)
        return hr;
    if (ulFlags & ~0x7Fu)
        return Obj_Fail(&f->hdr, "SetReadFlags", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    if ((ulFlags & 0x4u) && (ulFlags & 0x11u))
        return Obj_Fail(&f->hdr, "SetReadFlags", MAPI_E_INVALID_PARAMETER,
                        "CLEAR_READ_FLAG with SUPPRESS_RECEIPT or GENERATE_RECEIPT_ONLY");
    if (lpMsgList && lpMsgList->cValues && !lpMsgList->lpbin)
        return Obj_Fail(&f->hdr, "SetReadFlags", MAPI_E_INVALID_PARAMETER, "NULL lpbin");
    if (ulFlags & 0x10u)
        return S_OK;
    int read = !(ulFlags & 0x4u);
    ULONG missed = 0;
    DS_Lock(f->hdr.ds);
    FolderRec *r = f->rec;
    ULONG n = lpMsgList ? lpMsgList->cValues : r->cMsgs;
    MsgRec **all = lpMsgList ? NULL : malloc((n ? n : 1) * sizeof *all);
    if (!lpMsgList && !all)
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else if (all && n)
        memcpy(all, r->msgs, n * sizeof *all); /* Data_SetRead may not reorder, but be safe */
    for (ULONG i = 0; hr == S_OK && i < n; i++) {
        MsgRec *m = all ? all[i] : NULL;
        EntryId id;
        if (!all && Eid_Parse(lpMsgList->lpbin[i].cb, (LPENTRYID)lpMsgList->lpbin[i].lpb, &id) ==
                        S_OK &&
            id.objType == MAPI_MESSAGE && id.store == r->store->index && id.folder == r->id)
            m = Store_FindMessage(r->store, id.message);
        if (!m || m->folder != r)
            missed++;
        else
            hr = Data_SetRead(m, read);
    }
    DS_Unlock(f->hdr.ds);
    free(all);
    if (hr != S_OK)
        return Obj_Fail(&f->hdr, "SetReadFlags", hr, "out of memory");
    if (missed)
        return Obj_Fail(&f->hdr, "SetReadFlags", MAPI_W_PARTIAL_COMPLETION,
                        "%lu of %lu entries were not messages of this folder",
                        (unsigned long)missed, (unsigned long)n);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Folder_GetMessageStatus(IMAPIFolder *This, ULONG cbEntryID,
                                                         LPENTRYID lpEntryID, ULONG ulFlags,
                                                         ULONG *lpulMessageStatus)
{
    (void)cbEntryID, (void)lpEntryID, (void)ulFlags, (void)lpulMessageStatus;
    return Obj_NotSupported(&F(This)->hdr, "GetMessageStatus");
}

static HRESULT STDMETHODCALLTYPE Folder_SetMessageStatus(IMAPIFolder *This, ULONG cbEntryID,
                                                         LPENTRYID lpEntryID, ULONG ulNewStatus,
                                                         ULONG ulNewStatusMask,
                                                         ULONG *lpulOldStatus)
{
    (void)cbEntryID, (void)lpEntryID, (void)ulNewStatus, (void)ulNewStatusMask, (void)lpulOldStatus;
    return Obj_NotSupported(&F(This)->hdr, "SetMessageStatus");
}

static HRESULT STDMETHODCALLTYPE Folder_SaveContentsSort(IMAPIFolder *This,
                                                         LPSSortOrderSet lpSortCriteria,
                                                         ULONG ulFlags)
{
    (void)lpSortCriteria, (void)ulFlags;
    return Obj_NotSupported(&F(This)->hdr, "SaveContentsSort");
}

static HRESULT STDMETHODCALLTYPE Folder_EmptyFolder(IMAPIFolder *This, ULONG_PTR ulUIParam,
                                                    LPMAPIPROGRESS lpProgress, ULONG ulFlags)
{
    Folder *f = F(This);
    (void)ulUIParam;
    HRESULT hr = Enter(f, "EmptyFolder");
    if (hr != S_OK)
        return hr;
    if (ulFlags & ~(DEL_ASSOCIATED | FOLDER_DIALOG | DELETE_HARD_DELETE))
        return Obj_Fail(&f->hdr, "EmptyFolder", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    if (!f->writable)
        return Obj_Fail(&f->hdr, "EmptyFolder", MAPI_E_NO_ACCESS, "the folder was opened read-only");
    return Folder_DoEmpty(f, lpProgress, ulFlags);
}

static const IMAPIFolderVtbl g_folderVtbl = {
    Folder_QueryInterface,    Folder_AddRef,           Folder_Release,
    Folder_GetLastError,      Folder_SaveChanges,      Folder_GetProps,
    Folder_GetPropList,       Folder_OpenProperty,     Folder_SetProps,
    Folder_DeleteProps,       Folder_CopyTo,           Folder_CopyProps,
    Folder_GetNamesFromIDs,   Folder_GetIDsFromNames,  Folder_GetContentsTable,
    Folder_GetHierarchyTable, Folder_OpenEntry,        Folder_SetSearchCriteria,
    Folder_GetSearchCriteria, Folder_CreateMessage,    Folder_CopyMessages,
    Folder_DeleteMessages,    Folder_CreateFolder,     Folder_CopyFolder,
    Folder_DeleteFolder,      Folder_SetReadFlags,     Folder_GetMessageStatus,
    Folder_SetMessageStatus,  Folder_SaveContentsSort, Folder_EmptyFolder,
};

int Folder_IsOurs(const void *p) { return p && *(const void *const *)p == &g_folderVtbl; }

HRESULT Folder_Create(Store *store, FolderRec *rec, int writable, Folder **out)
{
    Folder *f = calloc(1, sizeof *f);
    if (!f)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    Obj_Init(&f->hdr, &g_folderVtbl, OBJ_FOLDER, "IMAPIFolder", store->hdr.ds, Folder_Destroy);
    Obj_AddRef(&store->hdr);
    f->store = store;
    FolderRec_AddRef(rec);
    f->rec = rec;
    f->writable = writable;
    *out = f;
    return S_OK;
}
