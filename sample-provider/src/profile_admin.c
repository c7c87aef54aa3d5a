/*
 * profile_admin.c - IProfAdmin (MAPIAdminProfiles), the snapshot tables of the admin objects, and
 * what the admin objects share (profile.h; README.md "Profiles").
 *
 * Every method is one transaction on the profile file (profile_db.c): what it changes is in the
 * file when it returns, and what another process changed meanwhile is never lost.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

/* IID_IProfAdmin 0002031C, IID_IMsgServiceAdmin 0002031D, IID_IProfSect 00020304 (MAPIGuid.h);
 * IID_IMsgServiceAdmin2 00020387 (MAPIAux.h). */
#define MAPI_OLE_IID(l) {l, 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}}
const IID IID_IProfAdmin = MAPI_OLE_IID(0x0002031C);
const IID IID_IMsgServiceAdmin = MAPI_OLE_IID(0x0002031D);
const IID IID_IMsgServiceAdmin2 = MAPI_OLE_IID(0x00020387);
const IID IID_IProfSect = MAPI_OLE_IID(0x00020304);

/* ==============================================================================================
 * Shared
 * ============================================================================================ */
HRESULT ProfObj_DataSet(DataSet **pds, char *err, size_t cbErr)
{
    Knobs *k = malloc(sizeof *k);
    if (!k)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    Knobs_GetGlobal(k);
    /* As MAPILogonEx: the live knobs stay where they are; no data of its own to speak of. */
    k->cFaults = 0;
    memset(&k->sync, 0, sizeof k->sync);
    memset(&k->notify, 0, sizeof k->notify);
    memset(&k->com, 0, sizeof k->com);
    k->hasStore = 0;
    k->store[0] = 0;
    k->hasMessages = 1;
    k->messages = 0;
    k->profile.storeMask = 0x80000000u;
    HRESULT hr = DS_Create(k, pds, err, cbErr);
    free(k);
    return hr;
}

HRESULT ProfObj_Name(ObjHeader *h, const char *method, const void *s, ULONG ulFlags, int check,
                     WCHAR **out)
{
    int oom = 0;
    *out = Prof_InName(s, ulFlags, &oom);
    if (oom)
        return Obj_Fail(h, method, MAPI_E_NOT_ENOUGH_MEMORY, "out of memory");
    char err[160];
    if (!*out)
        return Obj_Fail(h, method, MAPI_E_INVALID_PARAMETER, "NULL profile name");
    if (check && Prof_CheckName(*out, err, sizeof err) != S_OK) {
        free(*out);
        *out = NULL;
        return Obj_Fail(h, method, MAPI_E_INVALID_PARAMETER, "%s", err);
    }
    return S_OK;
}

HRESULT ProfObj_Transact(ObjHeader *h, const char *method, ProfDb_EditFn edit, void *ctx)
{
    char err[1400] = "";
    HRESULT hr = ProfDb_Transact(edit, ctx, err, sizeof err);
    return hr == S_OK ? S_OK : Obj_Fail(h, method, hr, "%s", err[0] ? err : "failed");
}

/* ---- Snapshot tables ------------------------------------------------------------------------ */
typedef struct SnapCtx {
    PropBag *rows;
    ULONG cRows;
    ULONG cols[16];
    ULONG cCols;
} SnapCtx;

static ULONG Snap_Generation(void *ctx) { (void)ctx; return 1; }

static HRESULT Snap_Rows(void *ctx, TableRow **pp, ULONG *pc)
{
    SnapCtx *c = ctx;
    TableRow *rows = calloc(c->cRows ? c->cRows : 1, sizeof *rows);
    if (!rows)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (ULONG i = 0; i < c->cRows; i++) {
        rows[i].p = &c->rows[i];
        rows[i].key = i + 1;
    }
    *pp = rows;
    *pc = c->cRows;
    return S_OK;
}

static const SPropValue *Snap_Cell(void *ctx, const TableRow *row, ULONG propId, Arena *a)
{
    (void)ctx, (void)a;
    return Bag_Get(row->p, propId);
}

static HRESULT Snap_AllColumns(void *ctx, TagList *out)
{
    SnapCtx *c = ctx;
    for (ULONG i = 0; i < c->cCols; i++)
        if (!TagList_AddUnique(out, c->cols[i]))
            return MAPI_E_NOT_ENOUGH_MEMORY;
    return S_OK;
}

static void FreeRows(PropBag *rows, ULONG cRows)
{
    for (ULONG i = 0; i < cRows; i++)
        Bag_Free(&rows[i]);
    free(rows);
}

static void Snap_Release(void *ctx)
{
    SnapCtx *c = ctx;
    FreeRows(c->rows, c->cRows);
    free(c);
}

static const TableSourceOps g_snapOps = {
    "profile administration", Snap_Generation, Snap_Rows, Snap_Cell, Snap_AllColumns,
    Snap_Release, NULL, NULL, NULL,
    NULL, /* no PR_ANR restriction (the address book's tables have one) */
};

HRESULT ProfTable_Create(DataSet *ds, const ULONG *cols, ULONG cCols, PropBag *rows, ULONG cRows,
                         ULONG ulFlags, LPMAPITABLE *lppTable)
{
    SnapCtx *c = calloc(1, sizeof *c);
    if (!c || cCols > ARRAY_COUNT(c->cols)) {
        free(c);
        FreeRows(rows, cRows);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    c->rows = rows;
    c->cRows = cRows;
    memcpy(c->cols, cols, cCols * sizeof *cols);
    c->cCols = cCols;
    return Table_Create(ds, &g_snapOps, c, cols, cCols, ulFlags, lppTable);
}

/* ==============================================================================================
 * IProfAdmin
 * ============================================================================================ */
typedef struct ProfAdmin ProfAdmin;
typedef struct IProfAdminVtbl {
    IUNKNOWN_SLOTS(ProfAdmin)
    HRESULT(STDMETHODCALLTYPE *GetLastError)(ProfAdmin *This, HRESULT hResult, ULONG ulFlags,
                                             LPMAPIERROR *lppMAPIError);
    HRESULT(STDMETHODCALLTYPE *GetProfileTable)(ProfAdmin *This, ULONG ulFlags,
                                                LPMAPITABLE *lppTable);
    HRESULT(STDMETHODCALLTYPE *CreateProfile)(ProfAdmin *This, LPTSTR lpszProfileName,
                                              LPTSTR lpszPassword, ULONG_PTR ulUIParam,
                                              ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *DeleteProfile)(ProfAdmin *This, LPTSTR lpszProfileName,
                                              ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *ChangeProfilePassword)(ProfAdmin *This, LPTSTR lpszProfileName,
                                                      LPTSTR lpszOldPassword,
                                                      LPTSTR lpszNewPassword, ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *CopyProfile)(ProfAdmin *This, LPTSTR lpszOldProfileName,
                                            LPTSTR lpszOldPassword, LPTSTR lpszNewProfileName,
                                            ULONG_PTR ulUIParam, ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *RenameProfile)(ProfAdmin *This, LPTSTR lpszOldProfileName,
                                              LPTSTR lpszOldPassword, LPTSTR lpszNewProfileName,
                                              ULONG_PTR ulUIParam, ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *SetDefaultProfile)(ProfAdmin *This, LPTSTR lpszProfileName,
                                                  ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *AdminServices)(ProfAdmin *This, LPTSTR lpszProfileName,
                                              LPTSTR lpszPassword, ULONG_PTR ulUIParam,
                                              ULONG ulFlags, LPSERVICEADMIN *lppServiceAdmin);
} IProfAdminVtbl;

struct ProfAdmin {
    ObjHeader hdr;
};

static const IID *const g_paIids[] = {&IID_IProfAdmin};
static const QiSpec g_paQi = {g_paIids, ARRAY_COUNT(g_paIids), NULL, NULL};

static HRESULT STDMETHODCALLTYPE PA_QueryInterface(ProfAdmin *This, REFIID riid, void **ppv)
{
    return Obj_QueryInterface(&This->hdr, &g_paQi, riid, ppv);
}
static ULONG STDMETHODCALLTYPE PA_AddRef(ProfAdmin *This) { return Obj_ComAddRef(&This->hdr); }
static ULONG STDMETHODCALLTYPE PA_Release(ProfAdmin *This) { return Obj_ComRelease(&This->hdr); }
static HRESULT STDMETHODCALLTYPE PA_GetLastError(ProfAdmin *This, HRESULT hResult, ULONG ulFlags,
                                                 LPMAPIERROR *lppMAPIError)
{
    return Obj_GetLastError(&This->hdr, hResult, ulFlags, lppMAPIError);
}

/* The prologue: Obj_Enter and the flags. */
static HRESULT Enter(ProfAdmin *a, const char *method, ULONG ulFlags, ULONG allowed)
{
    HRESULT hr = Obj_Enter(&a->hdr, method, ENTER_NORMAL);
    if (hr == S_OK && (ulFlags & ~allowed))
        hr = Obj_Fail(&a->hdr, method, MAPI_E_UNKNOWN_FLAGS, "flags 0x%X", (unsigned)ulFlags);
    return hr;
}

/* ---- GetProfileTable ---- */
typedef struct TableCtx {
    PropBag *rows;
    ULONG c;
} TableCtx;

static HRESULT TableEdit(ProfileDb *db, void *vctx, char *err, size_t cbErr)
{
    (void)err, (void)cbErr;
    TableCtx *t = vctx;
    if (!(t->rows = calloc(db->c ? db->c : 1, sizeof *t->rows)))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (ULONG i = 0; i < db->c; i++, t->c++) {
        const WCHAR *n = db->p[i].name;
        int def = db->defaultName && ProfDb_Find(db, db->defaultName) == &db->p[i];
        if (Bag_SetW(&t->rows[i], PR_DISPLAY_NAME_W, n) != S_OK ||
            Bag_SetBool(&t->rows[i], PR_DEFAULT_PROFILE, def) != S_OK)
            return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    return S_FALSE;
}

static HRESULT STDMETHODCALLTYPE PA_GetProfileTable(ProfAdmin *This, ULONG ulFlags,
                                                    LPMAPITABLE *lppTable)
{
    HRESULT hr = Enter(This, "GetProfileTable", ulFlags, MAPI_UNICODE);
    if (hr != S_OK)
        return hr;
    if (!lppTable)
        return Obj_Fail(&This->hdr, "GetProfileTable", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lppTable = NULL;
    TableCtx t = {NULL, 0};
    hr = ProfObj_Transact(&This->hdr, "GetProfileTable", TableEdit, &t);
    if (hr != S_OK) {
        for (ULONG i = 0; i < t.c + 1 && t.rows; i++)
            Bag_Free(&t.rows[i]);
        free(t.rows);
        return hr;
    }
    static const ULONG cols[] = {PR_DISPLAY_NAME_W, PR_DEFAULT_PROFILE};
    hr = ProfTable_Create(This->hdr.ds, cols, ARRAY_COUNT(cols), t.rows, t.c, ulFlags, lppTable);
    return hr == S_OK ? S_OK : Obj_Fail(&This->hdr, "GetProfileTable", hr, "out of memory");
}

/* ---- CreateProfile / DeleteProfile / CopyProfile / RenameProfile / SetDefaultProfile ---- */
enum { PAOP_CREATE, PAOP_DELETE, PAOP_COPY, PAOP_RENAME, PAOP_DEFAULT };
typedef struct EditCtx {
    int op;
    const WCHAR *name, *newName; /* newName: CopyProfile / RenameProfile */
    int defaultServices;
} EditCtx;

// long: one case per IProfAdmin method, each a few lines on the same loaded file
static HRESULT ProfileEdit(ProfileDb *db, void *vctx, char *err, size_t cbErr)
{
    EditCtx *c = vctx;
    Profile *p = c->name ? ProfDb_Find(db, c->name) : NULL;
    char *an = c->name ? AStrFromW(c->name) : NULL;
    char who[120];
    snprintf(who, sizeof who, "'%s'", an ? an : "");
    free(an);
    if (c->op == PAOP_CREATE) {
        if (p) {
            snprintf(err, cbErr, "a profile %s exists already", who);
            return MAPI_E_NO_ACCESS; /* iprofadmin-createprofile.md */
        }
        if (db->c >= PROF_MAX_PROFILES) {
            snprintf(err, cbErr, "the profile file holds %u profiles already", PROF_MAX_PROFILES);
            return MAPI_E_NO_ACCESS;
        }
        if (!(p = ProfDb_Add(db, c->name)))
            return MAPI_E_NOT_ENOUGH_MEMORY;
        if (c->defaultServices) { /* MAPI_DEFAULT_SERVICES: the sample store service */
            p->svc[0].kind = SVC_SAMPLE;
            Prof_NewUid(&p->svc[0].uid);
            p->cSvc = 1;
        }
        return S_OK;
    }
    if (!p && (c->name || c->op != PAOP_DEFAULT)) {
        snprintf(err, cbErr, "no profile %s", who);
        return MAPI_E_NOT_FOUND;
    }
    if (c->op == PAOP_DELETE) {
        int marked = ProfUse_Mark(p->name, PROF_USE_DELETE, NULL); /* in use: later (profile_use.c) */
        if (marked < 0)
            return MAPI_E_NOT_ENOUGH_MEMORY;
        if (marked)
            return S_FALSE;
        ProfDb_Remove(db, p);
        return S_OK;
    }
    if (c->op == PAOP_DEFAULT) {
        WCHAR *d = p ? WStrDup(p->name) : NULL;
        if (p && !d)
            return MAPI_E_NOT_ENOUGH_MEMORY;
        free(db->defaultName);
        db->defaultName = d;
        return S_OK;
    }
    /* PAOP_COPY / PAOP_RENAME */
    Profile *other = ProfDb_Find(db, c->newName);
    if (other && !(c->op == PAOP_RENAME && other == p)) {
        snprintf(err, cbErr, "a profile of the new name exists already");
        return MAPI_E_NO_ACCESS;
    }
    if (c->op == PAOP_RENAME) {
        int marked = ProfUse_Mark(p->name, PROF_USE_RENAME, c->newName);
        if (marked < 0)
            return MAPI_E_NOT_ENOUGH_MEMORY;
        return marked ? S_FALSE : ProfDb_Rename(db, p, c->newName);
    }
    ULONG index = (ULONG)(p - db->p);
    Profile *dst = ProfDb_Add(db, c->newName); /* may move db->p */
    if (!dst)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    free(dst->name);
    HRESULT hr = Prof_Copy(dst, &db->p[index], c->newName, 1);
    if (hr != S_OK)
        db->c--;
    return hr;
}

static HRESULT DoEdit(ProfAdmin *a, const char *method, int op, LPTSTR name, LPTSTR newName,
                      ULONG ulFlags, int defaultServices)
{
    WCHAR *w = NULL, *nw = NULL;
    HRESULT hr = S_OK;
    if (name || op != PAOP_DEFAULT)
        hr = ProfObj_Name(&a->hdr, method, name, ulFlags, op == PAOP_CREATE, &w);
    if (hr == S_OK && (op == PAOP_COPY || op == PAOP_RENAME))
        hr = ProfObj_Name(&a->hdr, method, newName, ulFlags, 1, &nw);
    if (hr == S_OK) {
        EditCtx c = {op, w, nw, defaultServices};
        hr = ProfObj_Transact(&a->hdr, method, ProfileEdit, &c);
    }
    free(w);
    free(nw);
    return hr;
}

static HRESULT STDMETHODCALLTYPE PA_CreateProfile(ProfAdmin *This, LPTSTR lpszProfileName,
                                                  LPTSTR lpszPassword, ULONG_PTR ulUIParam,
                                                  ULONG ulFlags)
{
    (void)lpszPassword, (void)ulUIParam; /* no passwords; no UI */
    HRESULT hr = Enter(This, "CreateProfile", ulFlags,
                       MAPI_DEFAULT_SERVICES | MAPI_DIALOG | MAPI_UNICODE);
    return hr != S_OK ? hr
                      : DoEdit(This, "CreateProfile", PAOP_CREATE, lpszProfileName, NULL, ulFlags,
                               (ulFlags & MAPI_DEFAULT_SERVICES) != 0);
}

static HRESULT STDMETHODCALLTYPE PA_DeleteProfile(ProfAdmin *This, LPTSTR lpszProfileName,
                                                  ULONG ulFlags)
{
    HRESULT hr = Enter(This, "DeleteProfile", ulFlags, MAPI_UNICODE);
    return hr != S_OK ? hr
                      : DoEdit(This, "DeleteProfile", PAOP_DELETE, lpszProfileName, NULL, ulFlags, 0);
}

static HRESULT STDMETHODCALLTYPE PA_ChangeProfilePassword(ProfAdmin *This, LPTSTR lpszProfileName,
                                                          LPTSTR lpszOldPassword,
                                                          LPTSTR lpszNewPassword, ULONG ulFlags)
{
    (void)lpszProfileName, (void)lpszOldPassword, (void)lpszNewPassword, (void)ulFlags;
    return Obj_NotSupported(&This->hdr, "ChangeProfilePassword");
}

static HRESULT STDMETHODCALLTYPE PA_CopyProfile(ProfAdmin *This, LPTSTR lpszOldProfileName,
                                                LPTSTR lpszOldPassword, LPTSTR lpszNewProfileName,
                                                ULONG_PTR ulUIParam, ULONG ulFlags)
{
    (void)lpszOldPassword, (void)ulUIParam;
    HRESULT hr = Enter(This, "CopyProfile", ulFlags, MAPI_DIALOG | MAPI_UNICODE);
    return hr != S_OK ? hr
                      : DoEdit(This, "CopyProfile", PAOP_COPY, lpszOldProfileName,
                               lpszNewProfileName, ulFlags, 0);
}

static HRESULT STDMETHODCALLTYPE PA_RenameProfile(ProfAdmin *This, LPTSTR lpszOldProfileName,
                                                  LPTSTR lpszOldPassword,
                                                  LPTSTR lpszNewProfileName, ULONG_PTR ulUIParam,
                                                  ULONG ulFlags)
{
    (void)lpszOldPassword, (void)ulUIParam;
    HRESULT hr = Enter(This, "RenameProfile", ulFlags, MAPI_DIALOG | MAPI_UNICODE);
    return hr != S_OK ? hr
                      : DoEdit(This, "RenameProfile", PAOP_RENAME, lpszOldProfileName,
                               lpszNewProfileName, ulFlags, 0);
}

static HRESULT STDMETHODCALLTYPE PA_SetDefaultProfile(ProfAdmin *This, LPTSTR lpszProfileName,
                                                      ULONG ulFlags)
{
    HRESULT hr = Enter(This, "SetDefaultProfile", ulFlags, MAPI_UNICODE);
    return hr != S_OK ? hr
                      : DoEdit(This, "SetDefaultProfile", PAOP_DEFAULT, lpszProfileName, NULL,
                               ulFlags, 0);
}

/* Whether the profile exists (for AdminServices). */
static HRESULT ExistsEdit(ProfileDb *db, void *vctx, char *err, size_t cbErr)
{
    if (ProfDb_Find(db, vctx))
        return S_FALSE;
    snprintf(err, cbErr, "no such profile");
    return MAPI_E_NOT_FOUND;
}

static HRESULT STDMETHODCALLTYPE PA_AdminServices(ProfAdmin *This, LPTSTR lpszProfileName,
                                                  LPTSTR lpszPassword, ULONG_PTR ulUIParam,
                                                  ULONG ulFlags, LPSERVICEADMIN *lppServiceAdmin)
{
    (void)lpszPassword, (void)ulUIParam;
    HRESULT hr = Enter(This, "AdminServices", ulFlags, MAPI_UNICODE | MAPI_DIALOG);
    if (hr != S_OK)
        return hr;
    if (!lppServiceAdmin)
        return Obj_Fail(&This->hdr, "AdminServices", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lppServiceAdmin = NULL;
    WCHAR *w = NULL;
    if ((hr = ProfObj_Name(&This->hdr, "AdminServices", lpszProfileName, ulFlags, 0, &w)) != S_OK)
        return hr;
    hr = ProfObj_Transact(&This->hdr, "AdminServices", ExistsEdit, w);
    if (hr == S_OK && (hr = SvcAdmin_Create(This->hdr.ds, w, lppServiceAdmin)) != S_OK)
        Obj_Fail(&This->hdr, "AdminServices", hr, "out of memory");
    free(w);
    return hr;
}

static const IProfAdminVtbl g_profAdminVtbl = {
    PA_QueryInterface, PA_AddRef,        PA_Release,           PA_GetLastError,
    PA_GetProfileTable, PA_CreateProfile, PA_DeleteProfile,    PA_ChangeProfilePassword,
    PA_CopyProfile,    PA_RenameProfile, PA_SetDefaultProfile, PA_AdminServices,
};

HRESULT ProfAdmin_Create(LPVOID *lppProfAdmin, char *err, size_t cbErr)
{
    DataSet *ds = NULL;
    HRESULT hr = ProfObj_DataSet(&ds, err, cbErr);
    if (hr != S_OK)
        return hr;
    ProfAdmin *a = calloc(1, sizeof *a);
    if (!a) {
        DS_Release(ds);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    Obj_Init(&a->hdr, &g_profAdminVtbl, OBJ_OTHER, "IProfAdmin", ds, NULL);
    DS_Release(ds); /* the object holds its own reference */
    *lppProfAdmin = a;
    return S_OK;
}
