/*
 * profile_svc.c - IMsgServiceAdmin / IMsgServiceAdmin2 over one profile of the profile file, a
 * service's IProfSect, and IMAPISession::AdminServices / OpenProfileSection (profile.h).
 * Every method is one transaction on the file (profile_db.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

/* ==============================================================================================
 * Edits of one profile's services
 * ============================================================================================ */
enum { SV_TABLE, SV_CREATE, SV_DELETE, SV_CONFIGURE, SV_SECTION, SV_SETPROPS, SV_DELPROPS };
typedef struct SvcCtx {
    int op;
    const WCHAR *profile;
    MAPIUID uid;             /* SV_CREATE: out; the others: in */
    ULONG kind;              /* SV_CREATE */
    const WCHAR *display;    /* SV_CREATE: PR_DISPLAY_NAME_W, or NULL */
    ULONG cValues;           /* SV_CONFIGURE / SV_SETPROPS */
    const SPropValue *props;
    const SPropTagArray *tags; /* SV_DELPROPS */
    PropBag *rows;           /* SV_TABLE: out */
    ULONG cRows;
    PropBag section;         /* SV_SECTION: out, the section with its computed values */
} SvcCtx;

static HRESULT ApplyConfig(PropBag *bag, ULONG cValues, const SPropValue *props)
{
    for (ULONG i = 0; i < cValues; i++) {
        const SPropValue *v = &props[i];
        HRESULT hr;
        if (PROP_TYPE(v->ulPropTag) == PT_STRING8) {
            WCHAR *w = WStrFromA(v->Value.lpszA);
            hr = w ? Bag_SetW(bag, PROP_TAG(PT_UNICODE, PROP_ID(v->ulPropTag)), w)
                   : MAPI_E_NOT_ENOUGH_MEMORY;
            free(w);
        } else {
            hr = Bag_Set(bag, v);
        }
        if (hr != S_OK)
            return hr;
    }
    return S_OK;
}

static HRESULT ServiceRow(const Profile *p, const ProfService *s, PropBag *row, int section)
{
    const SPropValue *dn = Bag_Get(&s->props, PROP_ID(PR_DISPLAY_NAME_W));
    ULONG flags = SERVICE_SINGLE_COPY | (s->kind == SVC_SAMPLE ? SERVICE_DEFAULT_STORE : 0);
    HRESULT hr = section ? Bag_CopyFrom(row, &s->props) : S_OK;
    if (hr == S_OK)
        hr = Bag_SetBin(row, PR_SERVICE_UID, s->uid.ab, sizeof s->uid.ab);
    if (hr == S_OK)
        hr = Bag_SetW(row, PR_SERVICE_NAME_W, Prof_ServiceName(s->kind));
    if (hr == S_OK && section)
        hr = Bag_SetW(row, PR_PROFILE_NAME_W, p->name);
    if (hr == S_OK && !section) {
        const WCHAR *name = dn && PROP_TYPE(dn->ulPropTag) == PT_UNICODE ? dn->Value.lpszW
                            : s->kind == SVC_SAMPLE                       ? u"Sample Mailbox"
                                                                          : u"Sample Archive";
        hr = Bag_SetW(row, PR_DISPLAY_NAME_W, name);
        if (hr == S_OK)
            hr = Bag_SetLong(row, PR_RESOURCE_FLAGS, (LONG)flags);
    }
    return hr;
}

// long: one case per service operation, each a few lines on the same loaded profile
static HRESULT SvcEdit(ProfileDb *db, void *vctx, char *err, size_t cbErr)
{
    SvcCtx *c = vctx;
    Profile *p = ProfDb_Find(db, c->profile);
    if (!p) {
        snprintf(err, cbErr, "the profile does not exist (any more)");
        return MAPI_E_NOT_FOUND;
    }
    if (c->op == SV_TABLE) {
        if (!(c->rows = calloc(p->cSvc + 1, sizeof *c->rows)))
            return MAPI_E_NOT_ENOUGH_MEMORY;
        for (; c->cRows < p->cSvc; c->cRows++)
            if (ServiceRow(p, &p->svc[c->cRows], &c->rows[c->cRows], 0) != S_OK)
                return MAPI_E_NOT_ENOUGH_MEMORY;
        return S_FALSE;
    }
    if (c->op == SV_CREATE) {
        for (ULONG i = 0; i < p->cSvc; i++)
            if (p->svc[i].kind == c->kind) {
                snprintf(err, cbErr, "the profile has a %s service already (one of each)",
                         c->kind == SVC_SAMPLE ? "KMAPI_SAMPLE" : "KMAPI_ARCHIVE");
                return MAPI_E_NO_ACCESS;
            }
        if (p->cSvc >= PROF_MAX_SERVICES)
            return MAPI_E_NO_ACCESS;
        ProfService *s = &p->svc[p->cSvc];
        memset(s, 0, sizeof *s);
        s->kind = c->kind;
        Prof_NewUid(&s->uid);
        if (c->display && Bag_SetW(&s->props, PR_DISPLAY_NAME_W, c->display) != S_OK) {
            Bag_Free(&s->props);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        c->uid = s->uid;
        p->cSvc++;
        return S_OK;
    }
    ProfService *s = Prof_FindService(p, &c->uid);
    if (!s) {
        snprintf(err, cbErr, "the profile has no service of that PR_SERVICE_UID");
        return MAPI_E_NOT_FOUND;
    }
    switch (c->op) {
    case SV_DELETE: {
        Bag_Free(&s->props);
        ULONG i = (ULONG)(s - p->svc);
        memmove(s, s + 1, (p->cSvc - i - 1) * sizeof *s);
        p->cSvc--;
        return S_OK;
    }
    case SV_SECTION: return ServiceRow(p, s, &c->section, 1) == S_OK ? S_FALSE : MAPI_E_NOT_ENOUGH_MEMORY;
    case SV_DELPROPS:
        for (ULONG i = 0; i < c->tags->cValues; i++)
            Bag_Delete(&s->props, PROP_ID(c->tags->aulPropTag[i]));
        return S_OK;
    default: { /* SV_CONFIGURE / SV_SETPROPS: checked first, so nothing is half-applied */
        HRESULT hr = Prof_CheckConfig(s->kind, c->cValues, c->props, err, cbErr);
        if (hr == S_OK && (hr = ApplyConfig(&s->props, c->cValues, c->props)) != S_OK)
            snprintf(err, cbErr, "out of memory");
        return hr;
    }
    }
}

/* ==============================================================================================
 * IMsgServiceAdmin2
 * ============================================================================================ */
typedef struct SvcAdmin SvcAdmin;
typedef struct IMsgServiceAdmin2Vtbl {
    IUNKNOWN_SLOTS(SvcAdmin)
    HRESULT(STDMETHODCALLTYPE *GetLastError)(SvcAdmin *This, HRESULT hResult, ULONG ulFlags,
                                             LPMAPIERROR *lppMAPIError);
    HRESULT(STDMETHODCALLTYPE *GetMsgServiceTable)(SvcAdmin *This, ULONG ulFlags,
                                                   LPMAPITABLE *lppTable);
    HRESULT(STDMETHODCALLTYPE *CreateMsgService)(SvcAdmin *This, LPTSTR lpszService,
                                                 LPTSTR lpszDisplayName, ULONG_PTR ulUIParam,
                                                 ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *DeleteMsgService)(SvcAdmin *This, LPMAPIUID lpUID);
    HRESULT(STDMETHODCALLTYPE *CopyMsgService)(SvcAdmin *This, LPMAPIUID lpUID,
                                               LPTSTR lpszDisplayName, LPCIID lpInterfaceToCopy,
                                               LPCIID lpInterfaceDst, LPVOID lpObjectDst,
                                               ULONG_PTR ulUIParam, ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *RenameMsgService)(SvcAdmin *This, LPMAPIUID lpUID, ULONG ulFlags,
                                                 LPTSTR lpszDisplayName);
    HRESULT(STDMETHODCALLTYPE *ConfigureMsgService)(SvcAdmin *This, LPMAPIUID lpUID,
                                                    ULONG_PTR ulUIParam, ULONG ulFlags,
                                                    ULONG cValues, LPSPropValue lpProps);
    HRESULT(STDMETHODCALLTYPE *OpenProfileSection)(SvcAdmin *This, LPMAPIUID lpUID,
                                                   LPCIID lpInterface, ULONG ulFlags,
                                                   LPPROFSECT *lppProfSect);
    HRESULT(STDMETHODCALLTYPE *MsgServiceTransportOrder)(SvcAdmin *This, ULONG cUID,
                                                         LPMAPIUID lpUIDList, ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *AdminProviders)(SvcAdmin *This, LPMAPIUID lpUID, ULONG ulFlags,
                                               LPPROVIDERADMIN *lppProviderAdmin);
    HRESULT(STDMETHODCALLTYPE *SetPrimaryIdentity)(SvcAdmin *This, LPMAPIUID lpUID,
                                                   ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *GetProviderTable)(SvcAdmin *This, ULONG ulFlags,
                                                 LPMAPITABLE *lppTable);
    /* IMsgServiceAdmin2 */
    HRESULT(STDMETHODCALLTYPE *CreateMsgServiceEx)(SvcAdmin *This, LPTSTR lpszService,
                                                   LPTSTR lpszDisplayName, ULONG_PTR ulUIParam,
                                                   ULONG ulFlags, LPMAPIUID lpuidService);
} IMsgServiceAdmin2Vtbl;

struct SvcAdmin {
    ObjHeader hdr;
    WCHAR *profile;
};

static void SA_Destroy(ObjHeader *h) { free(((SvcAdmin *)h)->profile); }

static const IID *const g_saIids[] = {&IID_IMsgServiceAdmin2, &IID_IMsgServiceAdmin};
static const QiSpec g_saQi = {g_saIids, ARRAY_COUNT(g_saIids), NULL, NULL};
static const IID *const g_saOldIids[] = {&IID_IMsgServiceAdmin};
static const QiSpec g_saOldQi = {g_saOldIids, ARRAY_COUNT(g_saOldIids), NULL, NULL};
static HRESULT STDMETHODCALLTYPE SA_QueryInterface(SvcAdmin *This, REFIID riid, void **ppv)
{
    /* profiles.noAdmin2: an IMsgServiceAdmin of MAPI before Outlook 2010 */
    int old = This->hdr.ds->knobs.profile.noAdmin2;
    return Obj_QueryInterface(&This->hdr, old ? &g_saOldQi : &g_saQi, riid, ppv);
}
static ULONG STDMETHODCALLTYPE SA_AddRef(SvcAdmin *This) { return Obj_ComAddRef(&This->hdr); }
static ULONG STDMETHODCALLTYPE SA_Release(SvcAdmin *This) { return Obj_ComRelease(&This->hdr); }
static HRESULT STDMETHODCALLTYPE SA_GetLastError(SvcAdmin *This, HRESULT hResult, ULONG ulFlags,
                                                 LPMAPIERROR *lppMAPIError)
{
    return Obj_GetLastError(&This->hdr, hResult, ulFlags, lppMAPIError);
}

static HRESULT Enter(ObjHeader *h, const char *method, ULONG ulFlags, ULONG allowed)
{
    HRESULT hr = Obj_Enter(h, method, ENTER_NORMAL);
    if (hr == S_OK && (ulFlags & ~allowed))
        hr = Obj_Fail(h, method, MAPI_E_UNKNOWN_FLAGS, "flags 0x%X", (unsigned)ulFlags);
    return hr;
}

static HRESULT STDMETHODCALLTYPE SA_GetMsgServiceTable(SvcAdmin *This, ULONG ulFlags,
                                                       LPMAPITABLE *lppTable)
{
    HRESULT hr = Enter(&This->hdr, "GetMsgServiceTable", ulFlags, MAPI_UNICODE);
    if (hr != S_OK)
        return hr;
    if (!lppTable)
        return Obj_Fail(&This->hdr, "GetMsgServiceTable", MAPI_E_INVALID_PARAMETER, "NULL");
    *lppTable = NULL;
    SvcCtx c;
    memset(&c, 0, sizeof c);
    c.op = SV_TABLE;
    c.profile = This->profile;
    hr = ProfObj_Transact(&This->hdr, "GetMsgServiceTable", SvcEdit, &c);
    if (hr != S_OK) {
        for (ULONG i = 0; c.rows && i <= c.cRows; i++)
            Bag_Free(&c.rows[i]);
        free(c.rows);
        return hr;
    }
    static const ULONG cols[] = {PR_SERVICE_UID, PR_SERVICE_NAME_W, PR_DISPLAY_NAME_W,
                                 PR_RESOURCE_FLAGS};
    hr = ProfTable_Create(This->hdr.ds, cols, ARRAY_COUNT(cols), c.rows, c.cRows, ulFlags,
                          lppTable);
    return hr == S_OK ? S_OK : Obj_Fail(&This->hdr, "GetMsgServiceTable", hr, "out of memory");
}

static HRESULT CreateService(SvcAdmin *a, const char *method, LPTSTR lpszService,
                             LPTSTR lpszDisplayName, ULONG ulFlags, LPMAPIUID lpuid)
{
    HRESULT hr = Enter(&a->hdr, method, ulFlags,
                       SERVICE_UI_ALWAYS | SERVICE_UI_ALLOWED | SERVICE_NO_RESTART_WARNING |
                           MAPI_UNICODE);
    if (hr != S_OK)
        return hr;
    int oom1 = 0, oom2 = 0;
    WCHAR *svc = Prof_InName(lpszService, ulFlags, &oom1);
    WCHAR *dn = Prof_InName(lpszDisplayName, ulFlags, &oom2);
    SvcCtx c;
    memset(&c, 0, sizeof c);
    c.kind = Prof_ServiceKind(svc);
    if (oom1 || oom2) {
        hr = Obj_Fail(&a->hdr, method, MAPI_E_NOT_ENOUGH_MEMORY, "out of memory");
    } else if (!c.kind) {
        char *an = svc ? AStrFromW(svc) : NULL;
        hr = Obj_Fail(&a->hdr, method, MAPI_E_NOT_FOUND,
                      "no message service '%.60s' (this provider has KMAPI_SAMPLE and "
                      "KMAPI_ARCHIVE)", an ? an : "(NULL)");
        free(an);
    } else {
        c.op = SV_CREATE;
        c.profile = a->profile;
        c.display = dn && dn[0] ? dn : NULL;
        hr = ProfObj_Transact(&a->hdr, method, SvcEdit, &c);
        if (hr == S_OK && lpuid)
            *lpuid = c.uid;
    }
    free(svc);
    free(dn);
    return hr;
}

static HRESULT STDMETHODCALLTYPE SA_CreateMsgService(SvcAdmin *This, LPTSTR lpszService,
                                                     LPTSTR lpszDisplayName, ULONG_PTR ulUIParam,
                                                     ULONG ulFlags)
{
    (void)ulUIParam;
    return CreateService(This, "CreateMsgService", lpszService, lpszDisplayName, ulFlags, NULL);
}

static HRESULT STDMETHODCALLTYPE SA_CreateMsgServiceEx(SvcAdmin *This, LPTSTR lpszService,
                                                       LPTSTR lpszDisplayName,
                                                       ULONG_PTR ulUIParam, ULONG ulFlags,
                                                       LPMAPIUID lpuidService)
{
    (void)ulUIParam;
    if (!lpuidService)
        return Obj_Fail(&This->hdr, "CreateMsgServiceEx", MAPI_E_INVALID_PARAMETER,
                        "NULL lpuidService");
    return CreateService(This, "CreateMsgServiceEx", lpszService, lpszDisplayName, ulFlags,
                         lpuidService);
}

/* A service operation on lpUID. */
static HRESULT UidOp(ObjHeader *h, const char *method, const WCHAR *profile, int op,
                     const MAPIUID *uid, SvcCtx *c)
{
    if (!uid)
        return Obj_Fail(h, method, MAPI_E_INVALID_PARAMETER, "NULL lpUID");
    c->op = op;
    c->profile = profile;
    c->uid = *uid;
    return ProfObj_Transact(h, method, SvcEdit, c);
}

static HRESULT STDMETHODCALLTYPE SA_DeleteMsgService(SvcAdmin *This, LPMAPIUID lpUID)
{
    HRESULT hr = Enter(&This->hdr, "DeleteMsgService", 0, 0);
    SvcCtx c;
    memset(&c, 0, sizeof c);
    return hr != S_OK ? hr
                      : UidOp(&This->hdr, "DeleteMsgService", This->profile, SV_DELETE, lpUID, &c);
}

static HRESULT STDMETHODCALLTYPE SA_ConfigureMsgService(SvcAdmin *This, LPMAPIUID lpUID,
                                                        ULONG_PTR ulUIParam, ULONG ulFlags,
                                                        ULONG cValues, LPSPropValue lpProps)
{
    (void)ulUIParam; /* no UI: the values are the whole configuration */
    HRESULT hr = Enter(&This->hdr, "ConfigureMsgService", ulFlags,
                       MSG_SERVICE_UI_READ_ONLY | SERVICE_UI_ALLOWED | SERVICE_UI_ALWAYS |
                           MAPI_UNICODE);
    SvcCtx c;
    memset(&c, 0, sizeof c);
    c.cValues = cValues;
    c.props = lpProps;
    return hr != S_OK ? hr
                      : UidOp(&This->hdr, "ConfigureMsgService", This->profile, SV_CONFIGURE,
                              lpUID, &c);
}

/* OpenProfileSection of IMsgServiceAdmin and of IMAPISession (h: the object called). */
static HRESULT OpenSection(ObjHeader *h, const WCHAR *profile, LPMAPIUID lpUID,
                           LPCIID lpInterface, ULONG ulFlags, LPPROFSECT *lppProfSect)
{
    if (lppProfSect)
        *lppProfSect = NULL;
    HRESULT hr = Enter(h, "OpenProfileSection", ulFlags, MAPI_MODIFY | MAPI_DEFERRED_ERRORS);
    if (hr != S_OK)
        return hr;
    if (!lppProfSect || !lpUID)
        return Obj_Fail(h, "OpenProfileSection", MAPI_E_INVALID_PARAMETER, "NULL argument");
    if (lpInterface && !IsEqualGUID(lpInterface, &IID_IProfSect) &&
        !IsEqualGUID(lpInterface, &IID_IMAPIProp) && !IsEqualGUID(lpInterface, &IID_IUnknown))
        return Obj_Fail(h, "OpenProfileSection", MAPI_E_INTERFACE_NOT_SUPPORTED,
                        "a profile section is an IProfSect");
    SvcCtx c;
    memset(&c, 0, sizeof c);
    hr = UidOp(h, "OpenProfileSection", profile, SV_SECTION, lpUID, &c);
    Bag_Free(&c.section); /* it exists: the section reads the file at each call */
    if (hr == S_OK && (hr = ProfSect_Create(h->ds, profile, lpUID, (ulFlags & MAPI_MODIFY) != 0,
                                            lppProfSect)) != S_OK)
        Obj_Fail(h, "OpenProfileSection", hr, "out of memory");
    return hr;
}

static HRESULT STDMETHODCALLTYPE SA_OpenProfileSection(SvcAdmin *This, LPMAPIUID lpUID,
                                                       LPCIID lpInterface, ULONG ulFlags,
                                                       LPPROFSECT *lppProfSect)
{
    return OpenSection(&This->hdr, This->profile, lpUID, lpInterface, ulFlags, lppProfSect);
}

static HRESULT STDMETHODCALLTYPE SA_CopyMsgService(SvcAdmin *This, LPMAPIUID a, LPTSTR b,
                                                   LPCIID c, LPCIID d, LPVOID e, ULONG_PTR f,
                                                   ULONG g)
{
    (void)a, (void)b, (void)c, (void)d, (void)e, (void)f, (void)g;
    return Obj_NotSupported(&This->hdr, "CopyMsgService");
}
static HRESULT STDMETHODCALLTYPE SA_RenameMsgService(SvcAdmin *This, LPMAPIUID a, ULONG b,
                                                     LPTSTR c)
{
    (void)a, (void)b, (void)c; /* obsolete: MAPI_E_NO_SUPPORT in current MAPI */
    return Obj_NotSupported(&This->hdr, "RenameMsgService");
}
static HRESULT STDMETHODCALLTYPE SA_MsgServiceTransportOrder(SvcAdmin *This, ULONG a,
                                                             LPMAPIUID b, ULONG c)
{
    (void)a, (void)b, (void)c; /* no transports */
    return Obj_NotSupported(&This->hdr, "MsgServiceTransportOrder");
}
static HRESULT STDMETHODCALLTYPE SA_SetPrimaryIdentity(SvcAdmin *This, LPMAPIUID a, ULONG b)
{
    (void)a, (void)b;
    return Obj_NotSupported(&This->hdr, "SetPrimaryIdentity");
}

static HRESULT STDMETHODCALLTYPE SA_AdminProviders(SvcAdmin *This, LPMAPIUID lpUID, ULONG ulFlags,
                                                   LPPROVIDERADMIN *lppProviderAdmin)
{
    (void)lpUID, (void)ulFlags;
    if (lppProviderAdmin)
        *lppProviderAdmin = NULL;
    return Obj_NotSupported(&This->hdr, "AdminProviders");
}

static HRESULT STDMETHODCALLTYPE SA_GetProviderTable(SvcAdmin *This, ULONG ulFlags,
                                                     LPMAPITABLE *lppTable)
{
    (void)ulFlags;
    if (lppTable)
        *lppTable = NULL;
    return Obj_NotSupported(&This->hdr, "GetProviderTable");
}

static const IMsgServiceAdmin2Vtbl g_svcAdminVtbl = {
    SA_QueryInterface,     SA_AddRef,           SA_Release,
    SA_GetLastError,       SA_GetMsgServiceTable, SA_CreateMsgService,
    SA_DeleteMsgService,   SA_CopyMsgService,   SA_RenameMsgService,
    SA_ConfigureMsgService, SA_OpenProfileSection, SA_MsgServiceTransportOrder,
    SA_AdminProviders,     SA_SetPrimaryIdentity, SA_GetProviderTable,
    SA_CreateMsgServiceEx,
};

HRESULT SvcAdmin_Create(DataSet *ds, const WCHAR *name, LPSERVICEADMIN *lppAdmin)
{
    SvcAdmin *a = calloc(1, sizeof *a);
    if (!a || !(a->profile = WStrDup(name))) {
        free(a);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    Obj_Init(&a->hdr, &g_svcAdminVtbl, OBJ_OTHER, "IMsgServiceAdmin", ds, SA_Destroy);
    *lppAdmin = (LPSERVICEADMIN)a;
    return S_OK;
}

/* ==============================================================================================
 * IMAPISession::AdminServices / OpenProfileSection
 * ============================================================================================ */
static HRESULT SessionProfile(ObjHeader *session, const char *method)
{
    HRESULT hr = Obj_Enter(session, method, ENTER_NORMAL);
    if (hr == S_OK && !session->ds->knobs.profile.name[0])
        hr = Obj_Fail(session, method, MAPI_E_NO_SUPPORT,
                      "the session is of the built-in profile \"Sample\", not of one in the "
                      "profile file");
    return hr;
}

HRESULT Profile_SessionAdmin(ObjHeader *session, ULONG ulFlags, LPSERVICEADMIN *lppAdmin)
{
    if (lppAdmin)
        *lppAdmin = NULL;
    HRESULT hr = SessionProfile(session, "AdminServices");
    if (hr != S_OK)
        return hr;
    if (!lppAdmin)
        return Obj_Fail(session, "AdminServices", MAPI_E_INVALID_PARAMETER, "NULL argument");
    if (ulFlags)
        return Obj_Fail(session, "AdminServices", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                        (unsigned)ulFlags);
    hr = SvcAdmin_Create(session->ds, session->ds->knobs.profile.name, lppAdmin);
    return hr == S_OK ? S_OK : Obj_Fail(session, "AdminServices", hr, "out of memory");
}

HRESULT Profile_SessionSection(ObjHeader *session, LPMAPIUID lpUID, LPCIID lpInterface,
                               ULONG ulFlags, LPPROFSECT *lppSect)
{
    if (!session->ds->knobs.profile.name[0]) {
        if (lppSect)
            *lppSect = NULL;
        return SessionProfile(session, "OpenProfileSection");
    }
    return OpenSection(session, session->ds->knobs.profile.name, lpUID, lpInterface, ulFlags,
                       lppSect);
}

/* ==============================================================================================
 * What IProfSect (profile_sect.c) does on the file
 * ============================================================================================ */
HRESULT ProfSect_Read(ObjHeader *h, const char *method, const WCHAR *profile, const MAPIUID *uid,
                      PropBag *out)
{
    SvcCtx c;
    memset(&c, 0, sizeof c);
    HRESULT hr = UidOp(h, method, profile, SV_SECTION, uid, &c);
    if (hr == S_OK)
        *out = c.section;
    else
        Bag_Free(&c.section);
    return hr;
}

HRESULT ProfSect_Write(ObjHeader *h, const char *method, const WCHAR *profile, const MAPIUID *uid,
                       ULONG cValues, const SPropValue *props, const SPropTagArray *tags)
{
    SvcCtx c;
    memset(&c, 0, sizeof c);
    c.cValues = cValues;
    c.props = props;
    c.tags = tags;
    return UidOp(h, method, profile, tags ? SV_DELPROPS : SV_SETPROPS, uid, &c);
}
