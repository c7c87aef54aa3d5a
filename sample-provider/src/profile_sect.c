/*
 * profile_sect.c - IProfSect: one service's profile section (profile.h). Not transacted, as MAPI's
 * are not: each GetProps reads the file, each SetProps / DeleteProps (opened with MAPI_MODIFY)
 * writes it at once; SaveChanges has nothing left to do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

typedef struct ProfSect ProfSect;
typedef struct IProfSectVtbl {
    IUNKNOWN_SLOTS(ProfSect)
    IMAPIPROP_SLOTS(ProfSect)
} IProfSectVtbl;

struct ProfSect {
    ObjHeader hdr;
    WCHAR *profile;
    MAPIUID uid;
    int writable;
};

static void PS_Destroy(ObjHeader *h) { free(((ProfSect *)h)->profile); }

static const IID *const g_psIids[] = {&IID_IProfSect, &IID_IMAPIProp};
static const QiSpec g_psQi = {g_psIids, ARRAY_COUNT(g_psIids), NULL, NULL};
static HRESULT STDMETHODCALLTYPE PS_QueryInterface(ProfSect *This, REFIID riid, void **ppv)
{
    return Obj_QueryInterface(&This->hdr, &g_psQi, riid, ppv);
}
static ULONG STDMETHODCALLTYPE PS_AddRef(ProfSect *This) { return Obj_ComAddRef(&This->hdr); }
static ULONG STDMETHODCALLTYPE PS_Release(ProfSect *This) { return Obj_ComRelease(&This->hdr); }
static HRESULT STDMETHODCALLTYPE PS_GetLastError(ProfSect *This, HRESULT hResult, ULONG ulFlags,
                                                 LPMAPIERROR *lppMAPIError)
{
    return Obj_GetLastError(&This->hdr, hResult, ulFlags, lppMAPIError);
}

static HRESULT STDMETHODCALLTYPE PS_SaveChanges(ProfSect *This, ULONG ulFlags)
{
    HRESULT hr = Obj_Enter(&This->hdr, "SaveChanges", ENTER_NORMAL);
    if (hr == S_OK && (ulFlags & ~(KEEP_OPEN_READONLY | KEEP_OPEN_READWRITE | FORCE_SAVE)))
        hr = Obj_Fail(&This->hdr, "SaveChanges", MAPI_E_UNKNOWN_FLAGS, "flags 0x%X",
                      (unsigned)ulFlags);
    return hr; /* SetProps already wrote the file */
}

static const SPropValue *Sect_Get(const PropSource *src, ULONG id, Arena *a)
{
    (void)a;
    return Bag_Get(src->a, id);
}
static HRESULT Sect_List(const PropSource *src, TagList *out) { return Bag_ListTags(src->a, out); }

static HRESULT STDMETHODCALLTYPE PS_GetProps(ProfSect *This, LPSPropTagArray lpPropTagArray,
                                             ULONG ulFlags, ULONG *lpcValues,
                                             LPSPropValue *lppPropArray)
{
    HRESULT hr = Obj_Enter(&This->hdr, "GetProps", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (!lpcValues || !lppPropArray)
        return Obj_Fail(&This->hdr, "GetProps", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lpcValues = 0;
    *lppPropArray = NULL;
    PropBag bag;
    memset(&bag, 0, sizeof bag);
    if ((hr = ProfSect_Read(&This->hdr, "GetProps", This->profile, &This->uid, &bag)) != S_OK)
        return hr;
    PropSource src = {Sect_Get, Sect_List, &bag, NULL, 0, 0};
    hr = Props_GetProps(&src, lpPropTagArray, ulFlags, lpcValues, lppPropArray);
    Bag_Free(&bag);
    return FAILED(hr) ? Obj_Fail(&This->hdr, "GetProps", hr, "GetProps failed") : hr;
}

static HRESULT STDMETHODCALLTYPE PS_GetPropList(ProfSect *This, ULONG ulFlags,
                                                LPSPropTagArray *lppPropTagArray)
{
    HRESULT hr = Obj_Enter(&This->hdr, "GetPropList", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (!lppPropTagArray)
        return Obj_Fail(&This->hdr, "GetPropList", MAPI_E_INVALID_PARAMETER, "NULL argument");
    *lppPropTagArray = NULL;
    PropBag bag;
    memset(&bag, 0, sizeof bag);
    if ((hr = ProfSect_Read(&This->hdr, "GetPropList", This->profile, &This->uid, &bag)) != S_OK)
        return hr;
    PropSource src = {Sect_Get, Sect_List, &bag, NULL, 0, 0};
    hr = Props_GetPropList(&src, ulFlags, lppPropTagArray);
    Bag_Free(&bag);
    return FAILED(hr) ? Obj_Fail(&This->hdr, "GetPropList", hr, "GetPropList failed") : hr;
}

static HRESULT WriteEnter(ProfSect *s, const char *method, const void *arg,
                          LPSPropProblemArray *lppProblems)
{
    HRESULT hr = Obj_Enter(&s->hdr, method, ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (lppProblems)
        *lppProblems = NULL; /* problems are whole-call errors here */
    if (!arg)
        return Obj_Fail(&s->hdr, method, MAPI_E_INVALID_PARAMETER, "NULL argument");
    if (!s->writable)
        return Obj_Fail(&s->hdr, method, MAPI_E_NO_ACCESS,
                        "the section was opened without MAPI_MODIFY");
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE PS_SetProps(ProfSect *This, ULONG cValues,
                                             LPSPropValue lpPropArray,
                                             LPSPropProblemArray *lppProblems)
{
    HRESULT hr = WriteEnter(This, "SetProps", lpPropArray, lppProblems);
    return hr != S_OK ? hr
                      : ProfSect_Write(&This->hdr, "SetProps", This->profile, &This->uid, cValues,
                                       lpPropArray, NULL);
}

static HRESULT STDMETHODCALLTYPE PS_DeleteProps(ProfSect *This, LPSPropTagArray lpPropTagArray,
                                                LPSPropProblemArray *lppProblems)
{
    HRESULT hr = WriteEnter(This, "DeleteProps", lpPropTagArray, lppProblems);
    return hr != S_OK ? hr
                      : ProfSect_Write(&This->hdr, "DeleteProps", This->profile, &This->uid, 0,
                                       NULL, lpPropTagArray);
}

static HRESULT STDMETHODCALLTYPE PS_OpenProperty(ProfSect *This, ULONG a, LPCIID b, ULONG c,
                                                 ULONG d, LPUNKNOWN *lppUnk)
{
    (void)a, (void)b, (void)c, (void)d;
    if (lppUnk)
        *lppUnk = NULL;
    return Obj_NotSupported(&This->hdr, "OpenProperty");
}
static HRESULT STDMETHODCALLTYPE PS_CopyTo(ProfSect *This, ULONG a, LPCIID b, LPSPropTagArray c,
                                           ULONG_PTR d, LPMAPIPROGRESS e, LPCIID f, LPVOID g,
                                           ULONG h, LPSPropProblemArray *i)
{
    (void)a, (void)b, (void)c, (void)d, (void)e, (void)f, (void)g, (void)h, (void)i;
    return Obj_NotSupported(&This->hdr, "CopyTo");
}
static HRESULT STDMETHODCALLTYPE PS_CopyProps(ProfSect *This, LPSPropTagArray a, ULONG_PTR b,
                                              LPMAPIPROGRESS c, LPCIID d, LPVOID e, ULONG f,
                                              LPSPropProblemArray *g)
{
    (void)a, (void)b, (void)c, (void)d, (void)e, (void)f, (void)g;
    return Obj_NotSupported(&This->hdr, "CopyProps");
}
static HRESULT STDMETHODCALLTYPE PS_GetNamesFromIDs(ProfSect *This, LPSPropTagArray *a, LPGUID b,
                                                    ULONG c, ULONG *d, LPMAPINAMEID **e)
{
    (void)a, (void)b, (void)c, (void)d, (void)e;
    return Obj_NotSupported(&This->hdr, "GetNamesFromIDs");
}
static HRESULT STDMETHODCALLTYPE PS_GetIDsFromNames(ProfSect *This, ULONG a, LPMAPINAMEID *b,
                                                    ULONG c, LPSPropTagArray *d)
{
    (void)a, (void)b, (void)c, (void)d;
    return Obj_NotSupported(&This->hdr, "GetIDsFromNames");
}

static const IProfSectVtbl g_profSectVtbl = {
    PS_QueryInterface, PS_AddRef,      PS_Release,     PS_GetLastError,    PS_SaveChanges,
    PS_GetProps,       PS_GetPropList, PS_OpenProperty, PS_SetProps,       PS_DeleteProps,
    PS_CopyTo,         PS_CopyProps,   PS_GetNamesFromIDs, PS_GetIDsFromNames,
};

HRESULT ProfSect_Create(DataSet *ds, const WCHAR *name, const MAPIUID *uid, int writable,
                        LPPROFSECT *lppSect)
{
    ProfSect *s = calloc(1, sizeof *s);
    if (!s || !(s->profile = WStrDup(name))) {
        free(s);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    s->uid = *uid;
    s->writable = writable;
    Obj_Init(&s->hdr, &g_profSectVtbl, OBJ_OTHER, "IProfSect", ds, PS_Destroy);
    *lppSect = (LPPROFSECT)s;
    return S_OK;
}
