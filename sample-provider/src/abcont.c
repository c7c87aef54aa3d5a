/*
 * abcont.c - the address book's objects other than IAddrBook: IABContainer (the root, the
 * directory, the contacts), IDistList (a distribution list: its contents table lists its members)
 * and IMailUser (a user or a one-off), their contents and hierarchy tables, and
 * IABContainer::ResolveNames. One struct (AbObj, ab.h) serves them all; each kind has its vtable.
 * Everything is read-only: the directory is generated and never changes.
 */
#include <stdlib.h>
#include <string.h>

#include "ab.h"

#define AB(p) ((AbObj *)(p))

const IID IID_IAddrBook = {0x00020309, 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
const IID IID_IMailUser = {0x0002030A, 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
const IID IID_IABContainer = {0x0002030D, 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
const IID IID_IDistList = {0x0002030E, 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};

/* ==============================================================================================
 * What every address book object shares
 * ============================================================================================ */
static const IID *const g_abIids[] = {&IID_IAddrBook, &IID_IMAPIProp};
static const IID *const g_contIids[] = {&IID_IABContainer, &IID_IMAPIContainer, &IID_IMAPIProp};
static const IID *const g_listIids[] = {&IID_IDistList, &IID_IMAPIContainer, &IID_IMAPIProp};
static const IID *const g_userIids[] = {&IID_IMailUser, &IID_IMAPIProp};
static const QiSpec g_qi[4] = {
    {g_abIids, ARRAY_COUNT(g_abIids), NULL, NULL},
    {g_contIids, ARRAY_COUNT(g_contIids), NULL, NULL},
    {g_listIids, ARRAY_COUNT(g_listIids), NULL, NULL},
    {g_userIids, ARRAY_COUNT(g_userIids), NULL, NULL},
};
static const QiSpec *QiOf(const AbObj *o)
{
    return &g_qi[o->type == MAPI_ADDRBOOK ? 0 : o->type == MAPI_ABCONT ? 1
                 : o->type == MAPI_DISTLIST ? 2 : 3];
}

HRESULT STDMETHODCALLTYPE AbObj_QueryInterface(void *This, REFIID riid, void **ppv)
{
    return Obj_QueryInterface(&AB(This)->hdr, QiOf(This), riid, ppv);
}
ULONG STDMETHODCALLTYPE AbObj_AddRef(void *This) { return Obj_ComAddRef(&AB(This)->hdr); }
ULONG STDMETHODCALLTYPE AbObj_Release(void *This) { return Obj_ComRelease(&AB(This)->hdr); }

HRESULT STDMETHODCALLTYPE AbObj_GetLastError(void *This, HRESULT hResult, ULONG ulFlags,
                                             LPMAPIERROR *lppMAPIError)
{
    return Obj_GetLastError(&AB(This)->hdr, hResult, ulFlags, lppMAPIError);
}

static void Subject(const AbObj *o, AbSubject *s)
{
    s->dir = o->dir;
    s->type = o->type;
    s->id = o->id;
    s->oneOff = o->oneOff.oneOff ? &o->oneOff : NULL;
}

HRESULT STDMETHODCALLTYPE AbObj_GetProps(void *This, LPSPropTagArray lpTags, ULONG ulFlags,
                                         ULONG *lpcValues, LPSPropValue *lppProps)
{
    AbObj *o = This;
    HRESULT hr = Obj_Enter(&o->hdr, "GetProps", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    AbSubject s;
    PropSource src;
    Subject(o, &s);
    Ab_Source(&s, &src);
    hr = Props_GetProps(&src, lpTags, ulFlags, lpcValues, lppProps);
    return FAILED(hr) ? Obj_Fail(&o->hdr, "GetProps", hr, "GetProps failed") : hr;
}

HRESULT STDMETHODCALLTYPE AbObj_GetPropList(void *This, ULONG ulFlags, LPSPropTagArray *lppTags)
{
    AbObj *o = This;
    HRESULT hr = Obj_Enter(&o->hdr, "GetPropList", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    AbSubject s;
    PropSource src;
    Subject(o, &s);
    Ab_Source(&s, &src);
    hr = Props_GetPropList(&src, ulFlags, lppTags);
    return FAILED(hr) ? Obj_Fail(&o->hdr, "GetPropList", hr, "GetPropList failed") : hr;
}

/* The entries are read-only (README.md "The address book"). */
static HRESULT ReadOnly(void *This, const char *method)
{
    HRESULT hr = Obj_Enter(&AB(This)->hdr, method, ENTER_NORMAL);
    return hr != S_OK ? hr
                      : Obj_Fail(&AB(This)->hdr, method, MAPI_E_NO_ACCESS,
                                 "the sample address book is read-only");
}
HRESULT STDMETHODCALLTYPE AbObj_SaveChanges(void *This, ULONG ulFlags)
{
    (void)ulFlags;
    return ReadOnly(This, "SaveChanges");
}
HRESULT STDMETHODCALLTYPE AbObj_SetProps(void *This, ULONG cValues, LPSPropValue lpPropArray,
                                         LPSPropProblemArray *lppProblems)
{
    (void)cValues, (void)lpPropArray;
    if (lppProblems)
        *lppProblems = NULL;
    return ReadOnly(This, "SetProps");
}
HRESULT STDMETHODCALLTYPE AbObj_DeleteProps(void *This, LPSPropTagArray lpPropTagArray,
                                            LPSPropProblemArray *lppProblems)
{
    (void)lpPropTagArray;
    if (lppProblems)
        *lppProblems = NULL;
    return ReadOnly(This, "DeleteProps");
}
HRESULT STDMETHODCALLTYPE AbObj_OpenProperty(void *This, ULONG ulPropTag, LPCIID lpiid,
                                             ULONG ulInterfaceOptions, ULONG ulFlags,
                                             LPUNKNOWN *lppUnk)
{
    (void)ulPropTag, (void)lpiid, (void)ulInterfaceOptions, (void)ulFlags;
    if (lppUnk)
        *lppUnk = NULL;
    return Obj_NotSupported(&AB(This)->hdr, "OpenProperty");
}
HRESULT STDMETHODCALLTYPE AbObj_CopyTo(void *This, ULONG ciidExclude, LPCIID rgiidExclude,
                                       LPSPropTagArray lpExcludeProps, ULONG_PTR ulUIParam,
                                       LPMAPIPROGRESS lpProgress, LPCIID lpInterface,
                                       LPVOID lpDestObj, ULONG ulFlags,
                                       LPSPropProblemArray *lppProblems)
{
    (void)ciidExclude, (void)rgiidExclude, (void)lpExcludeProps, (void)ulUIParam;
    (void)lpProgress, (void)lpInterface, (void)lpDestObj, (void)ulFlags;
    if (lppProblems)
        *lppProblems = NULL;
    return Obj_NotSupported(&AB(This)->hdr, "CopyTo");
}
HRESULT STDMETHODCALLTYPE AbObj_CopyProps(void *This, LPSPropTagArray lpIncludeProps,
                                          ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                                          LPCIID lpInterface, LPVOID lpDestObj, ULONG ulFlags,
                                          LPSPropProblemArray *lppProblems)
{
    (void)lpIncludeProps, (void)ulUIParam, (void)lpProgress, (void)lpInterface;
    (void)lpDestObj, (void)ulFlags;
    if (lppProblems)
        *lppProblems = NULL;
    return Obj_NotSupported(&AB(This)->hdr, "CopyProps");
}
HRESULT STDMETHODCALLTYPE AbObj_GetNamesFromIDs(void *This, LPSPropTagArray *lppPropTags,
                                                LPGUID lpPropSetGuid, ULONG ulFlags,
                                                ULONG *lpcPropNames, LPMAPINAMEID **lpppPropNames)
{
    (void)lppPropTags, (void)lpPropSetGuid, (void)ulFlags;
    if (lpcPropNames)
        *lpcPropNames = 0;
    if (lpppPropNames)
        *lpppPropNames = NULL;
    return Obj_NotSupported(&AB(This)->hdr, "GetNamesFromIDs");
}
HRESULT STDMETHODCALLTYPE AbObj_GetIDsFromNames(void *This, ULONG cPropNames,
                                                LPMAPINAMEID *lppPropNames, ULONG ulFlags,
                                                LPSPropTagArray *lppPropTags)
{
    (void)cPropNames, (void)lppPropNames, (void)ulFlags;
    if (lppPropTags)
        *lppPropTags = NULL;
    return Obj_NotSupported(&AB(This)->hdr, "GetIDsFromNames");
}

/* ==============================================================================================
 * Tables: a container's contents (its entries; a list's members) and hierarchy (the root's
 * containers). Rows' keys: entry index + 1, or the container id.
 * ============================================================================================ */
typedef struct AbTableCtx {
    AbObj *owner; /* referenced */
    int hierarchy;
} AbTableCtx;

static ULONG AbT_Generation(void *ctx)
{
    (void)ctx;
    return 1; /* the directory never changes */
}

static HRESULT AbT_Rows(void *ctx, TableRow **pp, ULONG *pc)
{
    AbTableCtx *c = ctx;
    const AbObj *o = c->owner;
    const AbDir *d = o->dir;
    *pp = NULL, *pc = 0;
    TableRow *rows = calloc(d->c + AB_CONTAINERS, sizeof *rows);
    if (!rows)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    ULONG n = 0;
    if (c->hierarchy) {
        for (ULONG id = AB_DIRECTORY; o->id == AB_ROOT && id < AB_CONTAINERS; id++)
            rows[n].key = id, rows[n++].depth = 1;
    } else if (o->type == MAPI_DISTLIST) {
        for (ULONG i = 0; i < d->e[o->id].cMembers; i++)
            rows[n++].key = d->e[o->id].members[i] + 1;
    } else {
        for (ULONG i = 0; i < d->c; i++)
            if (o->id != AB_ROOT && d->e[i].container == o->id)
                rows[n++].key = i + 1;
    }
    if (!n) {
        free(rows);
        return S_OK;
    }
    *pp = rows, *pc = n;
    return S_OK;
}

static void RowSubject(const AbTableCtx *c, const TableRow *row, AbSubject *s)
{
    s->dir = c->owner->dir;
    s->oneOff = NULL;
    if (c->hierarchy) {
        s->type = MAPI_ABCONT;
        s->id = row->key;
    } else {
        s->id = row->key - 1;
        s->type = s->dir->e[s->id].type;
    }
}

static const SPropValue *AbT_Cell(void *ctx, const TableRow *row, ULONG propId, Arena *a)
{
    if (propId == PROP_ID(PR_DEPTH) && ((AbTableCtx *)ctx)->hierarchy) {
        SPropValue *v = Arena_Alloc(a, sizeof *v);
        if (v) {
            memset(v, 0, sizeof *v);
            v->ulPropTag = PR_DEPTH;
            v->Value.l = (LONG)row->depth;
        }
        return v;
    }
    AbSubject s;
    RowSubject(ctx, row, &s);
    return Ab_Prop(&s, propId, a);
}

static HRESULT AbT_AllColumns(void *ctx, TagList *out)
{
    AbTableCtx *c = ctx;
    AbSubject s = {c->owner->dir, c->hierarchy ? MAPI_ABCONT : MAPI_MAILUSER, AB_DIRECTORY, NULL};
    if (!c->hierarchy && c->owner->dir->c == 0)
        return S_OK;
    if (!c->hierarchy)
        s.id = 0; /* entry 0 is a user with every user property */
    return Ab_Tags(&s, out);
}

static void AbT_Release(void *ctx)
{
    AbTableCtx *c = ctx;
    Obj_Release(&c->owner->hdr);
    free(c);
}

static int AbT_Anr(void *ctx, const TableRow *row, const WCHAR *text)
{
    AbSubject s;
    RowSubject(ctx, row, &s);
    if (s.type != MAPI_ABCONT)
        return Ab_AnrMatch(&s.dir->e[s.id], text);
    Arena a = {0};
    const SPropValue *v = Ab_Prop(&s, PROP_ID(PR_DISPLAY_NAME_W), &a);
    int hit = 0;
    if (v && *text) {
        const WCHAR *n = v->Value.lpszW, *t = text;
        while (*t && *n && FoldCase(*n) == FoldCase(*t))
            n++, t++;
        hit = *t == 0;
    }
    Arena_Free(&a);
    return hit;
}

static const TableSourceOps g_abTableOps = {
    "address book", AbT_Generation, AbT_Rows, AbT_Cell, AbT_AllColumns, AbT_Release, NULL,
    NULL,           NULL,           AbT_Anr,
};

static const ULONG g_contentsCols[] = {PR_INSTANCE_KEY,   PR_ENTRYID,     PR_DISPLAY_NAME_W,
                                       PR_EMAIL_ADDRESS_W, PR_ADDRTYPE_W, PR_OBJECT_TYPE,
                                       PR_DISPLAY_TYPE};
static const ULONG g_hierarchyCols[] = {PR_INSTANCE_KEY, PR_ENTRYID,      PR_DISPLAY_NAME_W,
                                        PR_OBJECT_TYPE,  PR_DISPLAY_TYPE, PR_CONTAINER_FLAGS,
                                        PR_DEPTH};

static HRESULT OpenTable(AbObj *o, const char *method, int hierarchy, ULONG ulFlags,
                         LPMAPITABLE *lppTable)
{
    HRESULT hr = Obj_Enter(&o->hdr, method, ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (!lppTable)
        return Obj_Fail(&o->hdr, method, MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lppTable = NULL;
    ULONG allowed = MAPI_UNICODE | MAPI_DEFERRED_ERRORS | (hierarchy ? CONVENIENT_DEPTH : 0);
    if (ulFlags & ~allowed)
        return Obj_Fail(&o->hdr, method, MAPI_E_UNKNOWN_FLAGS, "flags 0x%X", (unsigned)ulFlags);
    if (hierarchy && o->type == MAPI_DISTLIST)
        return Obj_Fail(&o->hdr, method, MAPI_E_NO_SUPPORT, "a distribution list has no hierarchy");
    AbTableCtx *c = malloc(sizeof *c);
    if (!c)
        return Obj_Fail(&o->hdr, method, MAPI_E_NOT_ENOUGH_MEMORY, "out of memory");
    Obj_AddRef(&o->hdr);
    c->owner = o;
    c->hierarchy = hierarchy;
    hr = Table_Create(o->hdr.ds, &g_abTableOps, c, hierarchy ? g_hierarchyCols : g_contentsCols,
                      hierarchy ? ARRAY_COUNT(g_hierarchyCols) : ARRAY_COUNT(g_contentsCols),
                      ulFlags, lppTable);
    return FAILED(hr) ? Obj_Fail(&o->hdr, method, hr, "cannot create the table") : hr;
}

static HRESULT STDMETHODCALLTYPE Cont_GetContentsTable(void *This, ULONG ulFlags,
                                                       LPMAPITABLE *lppTable)
{
    return OpenTable(This, "GetContentsTable", 0, ulFlags, lppTable);
}
static HRESULT STDMETHODCALLTYPE Cont_GetHierarchyTable(void *This, ULONG ulFlags,
                                                        LPMAPITABLE *lppTable)
{
    return OpenTable(This, "GetHierarchyTable", 1, ulFlags, lppTable);
}

/* ==============================================================================================
 * Opening entries (IAddrBook::OpenEntry, IABContainer::OpenEntry)
 * ============================================================================================ */
static const AbPropVtbl g_userVtbl;
static const AbContainerVtbl g_contVtbl, g_listVtbl;

static void AbObj_Destroy(ObjHeader *h)
{
    AbObj *o = (AbObj *)h;
    AbDir_Release(o->dir);
    AbId_Free(&o->oneOff);
}

HRESULT AbObj_New(DataSet *ds, AbDir *dir, ULONG type, ULONG id, AbObj **out)
{
    static const struct {
        ULONG type;
        const char *iface;
        const void *vtbl;
    } kinds[] = {{MAPI_ABCONT, "IABContainer", &g_contVtbl},
                 {MAPI_DISTLIST, "IDistList", &g_listVtbl},
                 {MAPI_MAILUSER, "IMailUser", &g_userVtbl}};
    AbObj *o = calloc(1, sizeof *o);
    if (!o)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    ULONG k = 0;
    while (k < ARRAY_COUNT(kinds) - 1 && kinds[k].type != type)
        k++;
    Obj_Init(&o->hdr, kinds[k].vtbl, OBJ_OTHER, kinds[k].iface, ds, AbObj_Destroy);
    AbDir_AddRef(dir);
    o->dir = dir;
    o->type = type;
    o->id = id;
    *out = o;
    return S_OK;
}

HRESULT AbObj_Open(ObjHeader *owner, AbDir *dir, AbId *id, AbObj **out)
{
    HRESULT hr = AbObj_New(owner->ds, dir, id->type, id->id, out);
    if (hr == S_OK && id->oneOff) {
        (*out)->oneOff = *id; /* the strings move to the object */
        memset(id, 0, sizeof *id);
    }
    return hr;
}

/* The interface asked for: NULL or one the object answers (its own, IMAPIContainer,
 * IMAPIProp, IUnknown). */
static int AnswersIid(ULONG type, LPCIID iid)
{
    if (!iid || IsEqualGUID(iid, &IID_IUnknown))
        return 1;
    const QiSpec *q = &g_qi[type == MAPI_ABCONT ? 1 : type == MAPI_DISTLIST ? 2 : 3];
    for (ULONG i = 0; i < q->cIids; i++)
        if (IsEqualGUID(iid, q->iids[i]))
            return 1;
    return 0;
}

HRESULT Ab_OpenEntry(AbObj *o, ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                     ULONG ulFlags, ULONG *lpulObjType, LPUNKNOWN *lppUnk)
{
    HRESULT hr = Obj_Enter(&o->hdr, "OpenEntry", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (!lpulObjType || !lppUnk)
        return Obj_Fail(&o->hdr, "OpenEntry", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lppUnk = NULL;
    *lpulObjType = 0;
    if (ulFlags & ~(MAPI_BEST_ACCESS | MAPI_MODIFY | MAPI_DEFERRED_ERRORS | MAPI_CACHE_ONLY))
        return Obj_Fail(&o->hdr, "OpenEntry", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    AbId id = {0};
    if (cbEntryID == 0 && !lpEntryID) {
        /* IAddrBook: the root container; a container: itself. */
        id.type = MAPI_ABCONT;
        id.id = o->type == MAPI_ADDRBOOK ? AB_ROOT : o->id;
        if (o->type != MAPI_ADDRBOOK && o->type != MAPI_ABCONT)
            return Obj_Fail(&o->hdr, "OpenEntry", MAPI_E_INVALID_ENTRYID, "NULL entry id");
    } else if ((hr = AbId_Parse(o->dir, cbEntryID, lpEntryID, &id)) != S_OK) {
        return Obj_Fail(&o->hdr, "OpenEntry", hr,
                        hr == MAPI_E_UNKNOWN_ENTRYID
                            ? "not an address book entry id of this provider"
                            : "a malformed address book entry id, or one of no entry");
    }
    if (!AnswersIid(id.type, lpInterface)) {
        AbId_Free(&id);
        return Obj_Fail(&o->hdr, "OpenEntry", MAPI_E_INTERFACE_NOT_SUPPORTED,
                        "the entry has no such interface");
    }
    if (ulFlags & MAPI_MODIFY) {
        AbId_Free(&id);
        return Obj_Fail(&o->hdr, "OpenEntry", MAPI_E_NO_ACCESS,
                        "the sample address book is read-only");
    }
    AbObj *e = NULL;
    hr = AbObj_Open(&o->hdr, o->dir, &id, &e);
    AbId_Free(&id);
    if (hr != S_OK)
        return Obj_Fail(&o->hdr, "OpenEntry", hr, "out of memory");
    *lpulObjType = e->type;
    *lppUnk = (LPUNKNOWN)e;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Cont_OpenEntry(void *This, ULONG cbEntryID, LPENTRYID lpEntryID,
                                                LPCIID lpInterface, ULONG ulFlags,
                                                ULONG *lpulObjType, LPUNKNOWN *lppUnk)
{
    return Ab_OpenEntry(This, cbEntryID, lpEntryID, lpInterface, ulFlags, lpulObjType, lppUnk);
}

static HRESULT STDMETHODCALLTYPE Cont_SetSearchCriteria(void *This, LPSRestriction lpRestriction,
                                                        LPENTRYLIST lpContainerList,
                                                        ULONG ulSearchFlags)
{
    (void)lpRestriction, (void)lpContainerList, (void)ulSearchFlags;
    return Obj_NotSupported(&AB(This)->hdr, "SetSearchCriteria");
}
static HRESULT STDMETHODCALLTYPE Cont_GetSearchCriteria(void *This, ULONG ulFlags,
                                                        LPSRestriction *lppRestriction,
                                                        LPENTRYLIST *lppContainerList,
                                                        ULONG *lpulSearchState)
{
    (void)ulFlags;
    if (lppRestriction)
        *lppRestriction = NULL;
    if (lppContainerList)
        *lppContainerList = NULL;
    if (lpulSearchState)
        *lpulSearchState = 0;
    return Obj_NotSupported(&AB(This)->hdr, "GetSearchCriteria");
}
static HRESULT STDMETHODCALLTYPE Cont_CreateEntry(void *This, ULONG cbEntryID, LPENTRYID lpEntryID,
                                                  ULONG ulCreateFlags, LPMAPIPROP *lppEntry)
{
    (void)cbEntryID, (void)lpEntryID, (void)ulCreateFlags;
    if (lppEntry)
        *lppEntry = NULL;
    return Obj_NotSupported(&AB(This)->hdr, "CreateEntry");
}
static HRESULT STDMETHODCALLTYPE Cont_CopyEntries(void *This, LPENTRYLIST lpEntries,
                                                  ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                                                  ULONG ulFlags)
{
    (void)lpEntries, (void)ulUIParam, (void)lpProgress, (void)ulFlags;
    return Obj_NotSupported(&AB(This)->hdr, "CopyEntries");
}
static HRESULT STDMETHODCALLTYPE Cont_DeleteEntries(void *This, LPENTRYLIST lpEntries,
                                                    ULONG ulFlags)
{
    (void)lpEntries, (void)ulFlags;
    return Obj_NotSupported(&AB(This)->hdr, "DeleteEntries");
}

/* ==============================================================================================
 * IABContainer::ResolveNames: the rows whose flag is MAPI_UNRESOLVED, against this container.
 * ============================================================================================ */
static HRESULT STDMETHODCALLTYPE Cont_ResolveNames(void *This, LPSPropTagArray lpPropTagArray,
                                                   ULONG ulFlags, LPADRLIST lpAdrList,
                                                   LPFlagList lpFlagList)
{
    AbObj *o = This;
    HRESULT hr = Obj_Enter(&o->hdr, "ResolveNames", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (o->type == MAPI_DISTLIST)
        return Obj_Fail(&o->hdr, "ResolveNames", MAPI_E_NO_SUPPORT,
                        "names are resolved against containers, not lists");
    if (ulFlags & ~MAPI_UNICODE)
        return Obj_Fail(&o->hdr, "ResolveNames", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    if (Ab_CheckAdrList(lpAdrList) != S_OK || !lpFlagList ||
        lpFlagList->cFlags != lpAdrList->cEntries)
        return Obj_Fail(&o->hdr, "ResolveNames", MAPI_E_INVALID_PARAMETER,
                        "an ADRLIST and a FlagList of as many flags are needed");
    if (lpPropTagArray && lpPropTagArray->cValues > 4096)
        return Obj_Fail(&o->hdr, "ResolveNames", MAPI_E_INVALID_PARAMETER, "too many columns");
    for (ULONG i = 0; i < lpAdrList->cEntries; i++) {
        if (lpFlagList->ulFlag[i] != MAPI_UNRESOLVED)
            continue;
        WCHAR *name = Ab_RowName(&lpAdrList->aEntries[i]);
        ULONG found = 0, index = 0;
        if (o->id != AB_ROOT)
            Ab_Match(o->dir, o->id, name, &found, &index);
        free(name);
        if (found == 1) {
            AbSubject subj = {o->dir, o->dir->e[index].type, index, NULL};
            hr = Ab_FillRow(&subj, lpPropTagArray, &lpAdrList->aEntries[i]);
            if (hr != S_OK)
                return Obj_Fail(&o->hdr, "ResolveNames", hr, "out of memory");
            lpFlagList->ulFlag[i] = MAPI_RESOLVED;
        } else if (found > 1) {
            lpFlagList->ulFlag[i] = MAPI_AMBIGUOUS;
        }
    }
    return S_OK;
}

/* ==============================================================================================
 * Vtables
 * ============================================================================================ */
#define AB_PROP_SLOTS                                                                              \
    AbObj_QueryInterface, AbObj_AddRef, AbObj_Release, AbObj_GetLastError, AbObj_SaveChanges,      \
        AbObj_GetProps, AbObj_GetPropList, AbObj_OpenProperty, AbObj_SetProps, AbObj_DeleteProps,  \
        AbObj_CopyTo, AbObj_CopyProps, AbObj_GetNamesFromIDs, AbObj_GetIDsFromNames
#define AB_CONT_SLOTS                                                                              \
    AB_PROP_SLOTS, Cont_GetContentsTable, Cont_GetHierarchyTable, Cont_OpenEntry,                  \
        Cont_SetSearchCriteria, Cont_GetSearchCriteria, Cont_CreateEntry, Cont_CopyEntries,        \
        Cont_DeleteEntries, Cont_ResolveNames

static const AbPropVtbl g_userVtbl = {AB_PROP_SLOTS};
static const AbContainerVtbl g_contVtbl = {AB_CONT_SLOTS};
static const AbContainerVtbl g_listVtbl = {AB_CONT_SLOTS};
