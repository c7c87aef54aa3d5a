/*
 * abbook.c - IAddrBook, what IMAPISession::OpenAddressBook returns: the sample address book
 * provider's view (README.md "The address book"). OpenEntry, CompareEntryIDs, CreateOneOff,
 * ResolveName, GetDefaultDir / SetDefaultDir and GetSearchPath are implemented; the dialogs
 * (Address, Details, NewEntry, RecipOptions) and the PAB are not (MAPI_E_NO_SUPPORT).
 */
#include <stdlib.h>
#include <string.h>

#include "ab.h"

#define AB(p) ((AbObj *)(p))

static HRESULT STDMETHODCALLTYPE Book_OpenEntry(void *This, ULONG cbEntryID, LPENTRYID lpEntryID,
                                                LPCIID lpInterface, ULONG ulFlags,
                                                ULONG *lpulObjType, LPUNKNOWN *lppUnk)
{
    return Ab_OpenEntry(This, cbEntryID, lpEntryID, lpInterface, ulFlags, lpulObjType, lppUnk);
}

static int WEqFold(const WCHAR *a, const WCHAR *b)
{
    for (; *a && FoldCase(*a) == FoldCase(*b); a++, b++) {
    }
    return FoldCase(*a) == FoldCase(*b);
}

static HRESULT STDMETHODCALLTYPE Book_CompareEntryIDs(void *This, ULONG cb1, LPENTRYID e1,
                                                      ULONG cb2, LPENTRYID e2, ULONG ulFlags,
                                                      ULONG *lpulResult)
{
    AbObj *o = This;
    HRESULT hr = Obj_Enter(&o->hdr, "CompareEntryIDs", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (!lpulResult)
        return Obj_Fail(&o->hdr, "CompareEntryIDs", MAPI_E_INVALID_PARAMETER, "NULL argument");
    if (ulFlags)
        return Obj_Fail(&o->hdr, "CompareEntryIDs", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    AbId a, b;
    if ((hr = AbId_Parse(o->dir, cb1, e1, &a)) != S_OK)
        return Obj_Fail(&o->hdr, "CompareEntryIDs", hr, "the first entry id is not ours");
    if ((hr = AbId_Parse(o->dir, cb2, e2, &b)) != S_OK) {
        AbId_Free(&a);
        return Obj_Fail(&o->hdr, "CompareEntryIDs", hr, "the second entry id is not ours");
    }
    /* One-offs: the same address type and address, ignoring case (the display name is not part of
     * the identity). Ours: the same entry. */
    if (a.oneOff || b.oneOff)
        *lpulResult = a.oneOff && b.oneOff && WEqFold(a.ooType, b.ooType) &&
                      WEqFold(a.ooAddr, b.ooAddr);
    else
        *lpulResult = a.type == b.type && a.id == b.id;
    AbId_Free(&a);
    AbId_Free(&b);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Book_Advise(void *This, ULONG cbEntryID, LPENTRYID lpEntryID,
                                             ULONG ulEventMask, LPMAPIADVISESINK lpAdviseSink,
                                             ULONG_PTR *lpulConnection)
{
    (void)cbEntryID, (void)lpEntryID, (void)ulEventMask, (void)lpAdviseSink;
    if (lpulConnection)
        *lpulConnection = 0;
    return Obj_NotSupported(&AB(This)->hdr, "Advise"); /* the directory never changes */
}
static HRESULT STDMETHODCALLTYPE Book_Unadvise(void *This, ULONG_PTR ulConnection)
{
    (void)ulConnection;
    return Obj_NotSupported(&AB(This)->hdr, "Unadvise");
}

/* An LPTSTR argument as malloc'ed UTF-16. */
static WCHAR *TStr(const void *s, int unicode)
{
    return !s ? NULL : unicode ? WStrDup(s) : WStrFromA(s);
}

static HRESULT STDMETHODCALLTYPE Book_CreateOneOff(void *This, LPTSTR lpszName, LPTSTR lpszAdrType,
                                                   LPTSTR lpszAddress, ULONG ulFlags,
                                                   ULONG *lpcbEntryID, LPENTRYID *lppEntryID)
{
    AbObj *o = This;
    HRESULT hr = Obj_Enter(&o->hdr, "CreateOneOff", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (!lpcbEntryID || !lppEntryID || !lpszName || !lpszAdrType || !lpszAddress)
        return Obj_Fail(&o->hdr, "CreateOneOff", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lpcbEntryID = 0;
    *lppEntryID = NULL;
    if (ulFlags & ~(MAPI_UNICODE | MAPI_SEND_NO_RICH_INFO))
        return Obj_Fail(&o->hdr, "CreateOneOff", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    int unicode = (ulFlags & MAPI_UNICODE) != 0;
    WCHAR *n = TStr(lpszName, unicode), *t = TStr(lpszAdrType, unicode);
    WCHAR *a = TStr(lpszAddress, unicode);
    if (!n || !t || !a)
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    else if (!t[0] || !a[0])
        hr = MAPI_E_INVALID_PARAMETER;
    else
        hr = AbOneOff_ToMapi(n, t, a, unicode, (ulFlags & MAPI_SEND_NO_RICH_INFO) != 0,
                             lpcbEntryID, lppEntryID);
    free(n), free(t), free(a);
    return hr != S_OK ? Obj_Fail(&o->hdr, "CreateOneOff", hr,
                                 hr == MAPI_E_INVALID_PARAMETER
                                     ? "an empty address type or address"
                                     : "out of memory")
                      : S_OK;
}

static HRESULT STDMETHODCALLTYPE Book_NewEntry(void *This, ULONG_PTR ulUIParam, ULONG ulFlags,
                                               ULONG cbEIDContainer, LPENTRYID lpEIDContainer,
                                               ULONG cbEIDNewEntryTpl, LPENTRYID lpEIDNewEntryTpl,
                                               ULONG *lpcbEIDNewEntry, LPENTRYID *lppEIDNewEntry)
{
    (void)ulUIParam, (void)ulFlags, (void)cbEIDContainer, (void)lpEIDContainer;
    (void)cbEIDNewEntryTpl, (void)lpEIDNewEntryTpl;
    if (lpcbEIDNewEntry)
        *lpcbEIDNewEntry = 0;
    if (lppEIDNewEntry)
        *lppEIDNewEntry = NULL;
    return Obj_NotSupported(&AB(This)->hdr, "NewEntry");
}

/* A row's text that is an SMTP address (an '@' between other characters, no blank): resolved to
 * a one-off when no entry matches, as Outlook resolves a typed address. */
static int LooksLikeAddress(const WCHAR *s)
{
    const WCHAR *at = NULL;
    for (const WCHAR *p = s; *p; p++) {
        if (*p == ' ' || *p == '\t')
            return 0;
        if (*p == '@')
            at = p;
    }
    return at && at != s && at[1];
}

/* One row of ResolveName: 1 resolved, 0 unresolved, 2 ambiguous, or a failure HRESULT (< 0). */
static HRESULT ResolveRow(AbObj *o, ADRENTRY *row)
{
    WCHAR *name = Ab_RowName(row);
    ULONG found = 0, index = 0;
    Ab_Match(o->dir, 0, name, &found, &index);
    HRESULT hr = found;
    if (found == 1) {
        AbSubject s = {o->dir, o->dir->e[index].type, index, NULL};
        hr = Ab_FillRow(&s, NULL, row);
        hr = hr == S_OK ? 1 : hr;
    } else if (found == 0 && name && LooksLikeAddress(name)) {
        AbId id = {MAPI_MAILUSER, 0, 1, WStrDup(name), WStrDup(u"SMTP"), WStrDup(name)};
        AbSubject s = {o->dir, MAPI_MAILUSER, 0, &id};
        hr = id.ooName && id.ooType && id.ooAddr ? Ab_FillRow(&s, NULL, row)
                                                   : MAPI_E_NOT_ENOUGH_MEMORY;
        hr = hr == S_OK ? 1 : hr;
        AbId_Free(&id);
    }
    free(name);
    return hr;
}

static HRESULT STDMETHODCALLTYPE Book_ResolveName(void *This, ULONG_PTR ulUIParam, ULONG ulFlags,
                                                  LPTSTR lpszNewEntryTitle, LPADRLIST lpAdrList)
{
    AbObj *o = This;
    (void)ulUIParam, (void)lpszNewEntryTitle;
    HRESULT hr = Obj_Enter(&o->hdr, "ResolveName", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    /* MAPI_DIALOG is accepted and behaves as without: the sample has no dialogs. */
    if (ulFlags & ~(MAPI_DIALOG | MAPI_UNICODE))
        return Obj_Fail(&o->hdr, "ResolveName", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    if (Ab_CheckAdrList(lpAdrList) != S_OK)
        return Obj_Fail(&o->hdr, "ResolveName", MAPI_E_INVALID_PARAMETER,
                        "NULL or malformed ADRLIST");
    ULONG ambiguous = 0, unresolved = 0;
    for (ULONG i = 0; i < lpAdrList->cEntries; i++) {
        ADRENTRY *row = &lpAdrList->aEntries[i];
        if (Ab_RowResolved(row))
            continue;
        hr = ResolveRow(o, row);
        if (FAILED(hr))
            return Obj_Fail(&o->hdr, "ResolveName", hr, "row %lu", (unsigned long)i);
        ambiguous += hr == 2;
        unresolved += hr == 0;
    }
    Knobs *k = &o->hdr.ds->knobs;
    if ((!ambiguous && !unresolved) || (k->ab.val & ABK_SILENT_UNRESOLVED))
        return S_OK;
    if (ambiguous && !(k->ab.val & ABK_AMBIGUOUS_NOT_FOUND))
        return Obj_Fail(&o->hdr, "ResolveName", MAPI_E_AMBIGUOUS_RECIP,
                        "%lu name(s) match more than one entry, %lu none", (unsigned long)ambiguous,
                        (unsigned long)unresolved);
    return Obj_Fail(&o->hdr, "ResolveName", MAPI_E_NOT_FOUND, "%lu name(s) not resolved",
                    (unsigned long)(ambiguous + unresolved));
}

static HRESULT STDMETHODCALLTYPE Book_Address(void *This, ULONG_PTR *lpulUIParam,
                                              LPVOID lpAdrParms, LPADRLIST *lppAdrList)
{
    (void)lpulUIParam, (void)lpAdrParms, (void)lppAdrList;
    return Obj_NotSupported(&AB(This)->hdr, "Address");
}
static HRESULT STDMETHODCALLTYPE Book_Details(void *This, ULONG_PTR *lpulUIParam,
                                              LPVOID lpfnDismiss, LPVOID lpvDismissContext,
                                              ULONG cbEntryID, LPENTRYID lpEntryID,
                                              LPVOID lpfButtonCallback, LPVOID lpvButtonContext,
                                              LPTSTR lpszButtonText, ULONG ulFlags)
{
    (void)lpulUIParam, (void)lpfnDismiss, (void)lpvDismissContext, (void)cbEntryID;
    (void)lpEntryID, (void)lpfButtonCallback, (void)lpvButtonContext, (void)lpszButtonText;
    (void)ulFlags;
    return Obj_NotSupported(&AB(This)->hdr, "Details");
}
static HRESULT STDMETHODCALLTYPE Book_RecipOptions(void *This, ULONG_PTR ulUIParam, ULONG ulFlags,
                                                   ADRENTRY *lpRecip)
{
    (void)ulUIParam, (void)ulFlags, (void)lpRecip;
    return Obj_NotSupported(&AB(This)->hdr, "RecipOptions");
}
static HRESULT STDMETHODCALLTYPE Book_QueryDefaultRecipOpt(void *This, LPTSTR lpszAdrType,
                                                           ULONG ulFlags, ULONG *lpcValues,
                                                           LPSPropValue *lppOptions)
{
    (void)lpszAdrType, (void)ulFlags;
    if (lpcValues)
        *lpcValues = 0;
    if (lppOptions)
        *lppOptions = NULL;
    return Obj_NotSupported(&AB(This)->hdr, "QueryDefaultRecipOpt");
}
static HRESULT STDMETHODCALLTYPE Book_GetPAB(void *This, ULONG *lpcbEntryID, LPENTRYID *lppEntryID)
{
    if (lpcbEntryID)
        *lpcbEntryID = 0;
    if (lppEntryID)
        *lppEntryID = NULL;
    return Obj_NotSupported(&AB(This)->hdr, "GetPAB"); /* no container is modifiable */
}
static HRESULT STDMETHODCALLTYPE Book_SetPAB(void *This, ULONG cbEntryID, LPENTRYID lpEntryID)
{
    (void)cbEntryID, (void)lpEntryID;
    return Obj_NotSupported(&AB(This)->hdr, "SetPAB");
}

static HRESULT STDMETHODCALLTYPE Book_GetDefaultDir(void *This, ULONG *lpcbEntryID,
                                                    LPENTRYID *lppEntryID)
{
    AbObj *o = This;
    HRESULT hr = Obj_Enter(&o->hdr, "GetDefaultDir", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (!lpcbEntryID || !lppEntryID)
        return Obj_Fail(&o->hdr, "GetDefaultDir", MAPI_E_INVALID_PARAMETER, "NULL argument");
    hr = AbId_ToMapi(MAPI_ABCONT, o->id, lpcbEntryID, lppEntryID);
    return hr != S_OK ? Obj_Fail(&o->hdr, "GetDefaultDir", hr, "out of memory") : S_OK;
}

static HRESULT STDMETHODCALLTYPE Book_SetDefaultDir(void *This, ULONG cbEntryID,
                                                    LPENTRYID lpEntryID)
{
    AbObj *o = This;
    HRESULT hr = Obj_Enter(&o->hdr, "SetDefaultDir", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    AbId id;
    if ((hr = AbId_Parse(o->dir, cbEntryID, lpEntryID, &id)) != S_OK)
        return Obj_Fail(&o->hdr, "SetDefaultDir", hr, "not a container of this provider");
    AbId_Free(&id);
    if (id.type != MAPI_ABCONT || id.id == AB_ROOT)
        return Obj_Fail(&o->hdr, "SetDefaultDir", MAPI_E_INVALID_PARAMETER,
                        "not a container with recipients");
    o->id = id.id; /* for this IAddrBook object only */
    return S_OK;
}

/* The search path: the directory, then the contacts; each row PR_ENTRYID, PR_DISPLAY_NAME,
 * PR_OBJECT_TYPE, PR_DISPLAY_TYPE, PR_CONTAINER_FLAGS, each row its own MAPI buffer (FreeProws). */
static HRESULT SearchPath(AbObj *o, ULONG ulFlags, LPSRowSet *out)
{
    static const ULONG cols[] = {PR_ENTRYID, PR_DISPLAY_NAME_W, PR_OBJECT_TYPE, PR_DISPLAY_TYPE,
                                 PR_CONTAINER_FLAGS};
    const ULONG nRows = AB_CONTAINERS - 1, nCols = ARRAY_COUNT(cols);
    SRowSet *rs = NULL;
    SCODE sc = MAPIAllocateBuffer((ULONG)CbNewSRowSet(nRows), (void **)&rs);
    if (sc != S_OK)
        return sc;
    memset(rs, 0, CbNewSRowSet(nRows));
    Arena a = {0};
    for (ULONG r = 0; r < nRows && sc == S_OK; r++) {
        AbSubject s = {o->dir, MAPI_ABCONT, AB_DIRECTORY + r, NULL};
        SPropValue *p = NULL;
        sc = MAPIAllocateBuffer((ULONG)(nCols * sizeof *p), (void **)&p);
        if (sc != S_OK)
            break;
        rs->aRow[r].lpProps = p;
        rs->aRow[r].cValues = nCols;
        rs->cRows = r + 1;
        for (ULONG c = 0; c < nCols; c++)
            Props_CopyOut(p, &p[c], cols[c], Ab_Prop(&s, PROP_ID(cols[c]), &a), ulFlags, 0);
    }
    Arena_Free(&a);
    if (sc != S_OK) {
        FreeProws(rs);
        return sc;
    }
    *out = rs;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE Book_GetSearchPath(void *This, ULONG ulFlags,
                                                    LPSRowSet *lppSearchPath)
{
    AbObj *o = This;
    HRESULT hr = Obj_Enter(&o->hdr, "GetSearchPath", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (!lppSearchPath)
        return Obj_Fail(&o->hdr, "GetSearchPath", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lppSearchPath = NULL;
    if (ulFlags & ~MAPI_UNICODE)
        return Obj_Fail(&o->hdr, "GetSearchPath", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    hr = SearchPath(o, ulFlags, lppSearchPath);
    return hr != S_OK ? Obj_Fail(&o->hdr, "GetSearchPath", hr, "out of memory") : S_OK;
}

static HRESULT STDMETHODCALLTYPE Book_SetSearchPath(void *This, ULONG ulFlags,
                                                    LPSRowSet lpSearchPath)
{
    (void)ulFlags, (void)lpSearchPath;
    return Obj_NotSupported(&AB(This)->hdr, "SetSearchPath");
}
static HRESULT STDMETHODCALLTYPE Book_PrepareRecips(void *This, ULONG ulFlags,
                                                    LPSPropTagArray lpPropTagArray,
                                                    LPADRLIST lpRecipList)
{
    (void)ulFlags, (void)lpPropTagArray, (void)lpRecipList;
    return Obj_NotSupported(&AB(This)->hdr, "PrepareRecips");
}

static const AddrBookVtbl g_bookVtbl = {
    AbObj_QueryInterface,  AbObj_AddRef,          AbObj_Release,
    AbObj_GetLastError,    AbObj_SaveChanges,     AbObj_GetProps,
    AbObj_GetPropList,     AbObj_OpenProperty,    AbObj_SetProps,
    AbObj_DeleteProps,     AbObj_CopyTo,          AbObj_CopyProps,
    AbObj_GetNamesFromIDs, AbObj_GetIDsFromNames, Book_OpenEntry,
    Book_CompareEntryIDs,  Book_Advise,           Book_Unadvise,
    Book_CreateOneOff,     Book_NewEntry,         Book_ResolveName,
    Book_Address,          Book_Details,          Book_RecipOptions,
    Book_QueryDefaultRecipOpt, Book_GetPAB,       Book_SetPAB,
    Book_GetDefaultDir,    Book_SetDefaultDir,    Book_GetSearchPath,
    Book_SetSearchPath,    Book_PrepareRecips,
};

static void Book_Destroy(ObjHeader *h) { AbDir_Release(((AbObj *)h)->dir); }

HRESULT AddrBook_Create(Session *s, AbObj **out)
{
    AbDir *dir = NULL;
    HRESULT hr = AbDir_Create(&s->hdr.ds->knobs, &dir);
    if (hr != S_OK)
        return hr;
    AbObj *o = calloc(1, sizeof *o);
    if (!o) {
        AbDir_Release(dir);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    Obj_Init(&o->hdr, &g_bookVtbl, OBJ_OTHER, "IAddrBook", s->hdr.ds, Book_Destroy);
    o->dir = dir;
    o->type = MAPI_ADDRBOOK;
    o->id = AB_DIRECTORY; /* the default directory (GetDefaultDir) */
    *out = o;
    return S_OK;
}
