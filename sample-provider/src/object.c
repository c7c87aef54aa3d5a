/*
 * object.c - what every COM object of the provider shares: reference counting, the rules checked
 * at the top of every method, fault injection, GetLastError, and the IMAPIProp write path
 * (SetProps / DeleteProps) of stores, folders and messages.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "objects.h"
#include "provider.h"

/* ---- IIDs (DEFINE_OLEGUID(name, l, 0, 0) = {l-0000-0000-C000-000000000046}) ------------------ */
#define OLEGUID(l) {(l), 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}}
const IID IID_IUnknown = {0x00000000, 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
const IID IID_IMAPISession = OLEGUID(0x00020300);
const IID IID_IMAPITable = OLEGUID(0x00020301);
const IID IID_IMAPIProp = OLEGUID(0x00020303);
const IID IID_IMsgStore = OLEGUID(0x00020306);
const IID IID_IMessage = OLEGUID(0x00020307);
const IID IID_IMAPIContainer = OLEGUID(0x0002030B);
const IID IID_IMAPIFolder = OLEGUID(0x0002030C);
const IID IID_IAttachment = OLEGUID(0x00020308);
const IID IID_IStream = {0x0000000C, 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
/* {0C733A30-2A1C-11CE-ADE5-00AA0044773D} */
const IID IID_ISequentialStream = {
    0x0C733A30, 0x2A1C, 0x11CE, {0xAD, 0xE5, 0x00, 0xAA, 0x00, 0x44, 0x77, 0x3D}};
/* {5024A385-2D44-486A-81A8-8F0ECB6071DD} */
const IID IID_IMAPISync = {
    0x5024A385, 0x2D44, 0x486A, {0x81, 0xA8, 0x8F, 0x0E, 0xCB, 0x60, 0x71, 0xDD}};

int IsEqualGUID(const GUID *a, const GUID *b) { return memcmp(a, b, sizeof(GUID)) == 0; }

/* ---- Per-thread MAPIInitialize --------------------------------------------------------------- */
int Init_ThreadIsInitialized(void) { return Plat_TlsGetInitCount() > 0; }

/* ---- com.identityFlip: the object's second IUnknown pointer (&h->altVtbl) ------------------ */
static ObjHeader *AltOwner(IUnknown *This)
{
    return (ObjHeader *)((char *)This - offsetof(ObjHeader, altVtbl));
}
static HRESULT STDMETHODCALLTYPE Alt_QueryInterface(IUnknown *This, REFIID riid, void **ppv)
{
    IUnknown *self = (IUnknown *)AltOwner(This);
    return self->lpVtbl->QueryInterface(self, riid, ppv);
}
static ULONG STDMETHODCALLTYPE Alt_AddRef(IUnknown *This)
{
    IUnknown *self = (IUnknown *)AltOwner(This);
    return self->lpVtbl->AddRef(self);
}
static ULONG STDMETHODCALLTYPE Alt_Release(IUnknown *This)
{
    IUnknown *self = (IUnknown *)AltOwner(This);
    return self->lpVtbl->Release(self);
}
static const IUnknownVtbl g_altVtbl = {Alt_QueryInterface, Alt_AddRef, Alt_Release};

/* ---- Lifetime -------------------------------------------------------------------------------- */
void Obj_Init(ObjHeader *h, const void *vtbl, ObjClass cls, const char *iface, DataSet *ds,
              void (*destroy)(ObjHeader *))
{
    h->lpVtbl = vtbl;
    h->cRef = 1;
    h->cls = cls;
    h->iface = iface;
    h->ds = ds;
    h->destroy = destroy;
    h->lastHr = S_OK;
    h->lastMethod[0] = 0;
    h->lastText[0] = 0;
    h->comBit = Knobs_ComBit(iface);
    h->altVtbl = &g_altVtbl;
    h->cUnknownQI = 0;
    DS_AddRef(ds);
    Stats_ObjectDelta(cls, +1);
}

ULONG Obj_AddRef(ObjHeader *h) { return (ULONG)Plat_AtomicInc(&h->cRef); }

ULONG Obj_Release(ObjHeader *h)
{
    int32_t n = Plat_AtomicDec(&h->cRef);
    if (n == 0) {
        DataSet *ds = h->ds;
        ObjClass cls = h->cls;
        if (h->destroy)
            h->destroy(h); /* releases what the object holds */
        free(h);
        Stats_ObjectDelta(cls, -1);
        DS_Release(ds);
    }
    return n < 0 ? 0 : (ULONG)n;
}

/* ---- COM rules (and the com.* knobs that break them) --------------------------------------- */
void Obj_ComKnobs(const ObjHeader *h, ComKnobs *out)
{
    const ComKnobs *own = &h->ds->knobs.com; /* fixed at logon: read without a lock */
    Knobs_GetGlobalCom(out);
    if (own->tearOffSet) {
        out->tearOffSet = 1;
        out->tearOffIdentity = own->tearOffIdentity;
    }
    out->oneWay |= own->oneWay;
    out->noNullOnFail |= own->noNullOnFail;
    out->nullOutOk |= own->nullOutOk;
    out->refcountReturns |= own->refcountReturns;
    out->identityFlip |= own->identityFlip;
}

ULONG Obj_ComAddRef(ObjHeader *h)
{
    ComKnobs k;
    Obj_ComKnobs(h, &k);
    ULONG n = Obj_AddRef(h);
    return (k.refcountReturns & h->comBit) ? 0 : n;
}

ULONG Obj_ComRelease(ObjHeader *h)
{
    ComKnobs k;
    Obj_ComKnobs(h, &k); /* before: the release may free h */
    int zero = (k.refcountReturns & h->comBit) != 0;
    ULONG n = Obj_Release(h);
    return zero ? 0 : n;
}

static int InList(const QiSpec *spec, REFIID riid, ULONG from)
{
    for (ULONG i = from; i < spec->cIids; i++)
        if (IsEqualGUID(riid, spec->iids[i]))
            return 1;
    return 0;
}

HRESULT Obj_QueryInterface(ObjHeader *h, const QiSpec *spec, REFIID riid, void **ppv)
{
    HRESULT hr = Obj_Enter(h, "QueryInterface", ENTER_AFTER_LOGOFF);
    if (hr != S_OK)
        return hr;
    ComKnobs k;
    Obj_ComKnobs(h, &k);
    ULONG bit = h->comBit;
    if (!ppv && riid && (k.nullOutOk & bit))
        return S_OK; /* com.nullOutOk: nothing written, nothing AddRef'd */
    if (!riid || !ppv)
        return Obj_Fail(h, "QueryInterface", MAPI_E_INVALID_PARAMETER, "NULL argument");
    void *before = *ppv;
    int keep = (k.noNullOnFail & bit) != 0; /* com.noNullOnFail: a refusal leaves *ppv */
    *ppv = NULL;
    int unknown = IsEqualGUID(riid, &IID_IUnknown);
    /* its own interface, or one it derives from (not under com.oneWay) */
    int self = IsEqualGUID(riid, spec->iids[0]) || (InList(spec, riid, 1) && !(k.oneWay & bit));
    if (unknown && spec->outer && !(k.tearOffSet && k.tearOffIdentity))
        unknown = 0; /* a tear-off's identity is its controlling object's */
    if (unknown || self) {
        Obj_AddRef(h);
        int flip = unknown && (k.identityFlip & bit) && Plat_AtomicInc(&h->cUnknownQI) % 2 == 0;
        *ppv = flip ? (void *)&h->altVtbl : (void *)h;
        return S_OK;
    }
    hr = E_NOINTERFACE;
    if (spec->outer && (IsEqualGUID(riid, &IID_IUnknown) || !(k.oneWay & bit))) {
        IUnknown *o = (IUnknown *)spec->outer(h);
        hr = o->lpVtbl->QueryInterface(o, riid, ppv);
    } else if (spec->more) {
        hr = spec->more(h, riid, ppv);
    }
    if (FAILED(hr) && keep)
        *ppv = before;
    return hr;
}

/* ---- Errors ---------------------------------------------------------------------------------- */
static void Record(ObjHeader *h, const char *method, HRESULT hr, const char *text)
{
    DS_Lock(h->ds);
    h->lastHr = hr;
    snprintf(h->lastMethod, sizeof h->lastMethod, "%s", method);
    snprintf(h->lastText, sizeof h->lastText, "%s::%s: %s", h->iface, method, text);
    DS_Unlock(h->ds);
}

HRESULT Obj_Fail(ObjHeader *h, const char *method, HRESULT hr, const char *fmt, ...)
{
    char text[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    Record(h, method, hr, text);
    return hr;
}

HRESULT Obj_Enter(ObjHeader *h, const char *method, int mode)
{
    if (!Init_ThreadIsInitialized()) {
        Stats_CountNotInitialized();
        return Obj_Fail(h, method, MAPI_E_NOT_INITIALIZED,
                        "MAPIInitialize has not been called on this thread");
    }
    HRESULT hr = Knobs_CheckFault(&h->ds->knobs, h->iface, method);
    if (hr != S_OK)
        return Obj_Fail(h, method, hr, "failure injected by the knob fail=%s::%s", h->iface,
                        method);
    if (mode != ENTER_AFTER_LOGOFF && DS_IsLoggedOff(h->ds))
        return Obj_Fail(h, method, MAPI_E_END_OF_SESSION,
                        "the session was logged off (IMAPISession::Logoff)");
    return S_OK;
}

HRESULT Obj_NotSupported(ObjHeader *h, const char *method)
{
    HRESULT hr = Obj_Enter(h, method, ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    return Obj_Fail(h, method, MAPI_E_NO_SUPPORT, "not supported by the sample provider");
}

/* ---- The IMAPIProp write path (see PropWriter in objects.h) -------------------------------- */
/* The tags a write changed (those without a problem) to w->changed (lock held). */
static void NotifyWritten(const PropWriter *w, int del, ULONG cValues, const SPropValue *values,
                          const SPropTagArray *tags, const ProblemList *problems)
{
    ULONG n = del ? tags->cValues : cValues, c = 0;
    ULONG *out = malloc((n ? n : 1) * sizeof *out);
    if (!out)
        return;
    for (ULONG i = 0; i < n; i++) {
        int bad = 0;
        for (ULONG j = 0; j < problems->c && !bad; j++)
            bad = problems->p[j].ulIndex == i;
        if (!bad)
            out[c++] = del ? tags->aulPropTag[i] : values[i].ulPropTag;
    }
    if (c)
        w->changed(w->hdr, out, c);
    free(out);
}

/* SetProps (values) or DeleteProps (tags, when del). */
static HRESULT WriteProps(const PropWriter *w, int del, ULONG cValues, const SPropValue *values,
                          const SPropTagArray *tags, LPSPropProblemArray *lppProblems)
{
    ObjHeader *h = w->hdr;
    const char *method = del ? "DeleteProps" : "SetProps";
    HRESULT hr = w->enter ? w->enter(h, method) : Obj_Enter(h, method, ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    if (lppProblems)
        *lppProblems = NULL;
    if (del ? !tags || !tags->cValues : !cValues || !values)
        return Obj_Fail(h, method, MAPI_E_INVALID_PARAMETER, "%s", del ? "no tags" : "no values");
    if (w->readOnly)
        return Obj_Fail(h, method, MAPI_E_NO_ACCESS, "%s", w->readOnly);
    ProblemList problems = {0};
    DS_Lock(h->ds);
    hr = del ? Props_DeleteProps(w->bag, tags, w->isComputed, w->keepId, &problems)
             : Props_SetProps(w->bag, cValues, values, w->isComputed, w->check, h, &problems);
    if (w->writeThrough)
        h->ds->changeGen++;
    if (w->changed && SUCCEEDED(hr))
        NotifyWritten(w, del, cValues, values, tags, &problems);
    DS_Unlock(h->ds);
    if (SUCCEEDED(hr))
        hr = Problems_Return(&problems, lppProblems);
    else
        Problems_Return(&problems, NULL);
    return FAILED(hr) ? Obj_Fail(h, method, hr, "%s failed", method) : hr;
}

HRESULT Obj_SetProps(const PropWriter *w, ULONG cValues, const SPropValue *lpPropArray,
                     LPSPropProblemArray *lppProblems)
{
    return WriteProps(w, 0, cValues, lpPropArray, NULL, lppProblems);
}

HRESULT Obj_DeleteProps(const PropWriter *w, const SPropTagArray *lpPropTagArray,
                        LPSPropProblemArray *lppProblems)
{
    return WriteProps(w, 1, 0, NULL, lpPropTagArray, lppProblems);
}

static const struct {
    HRESULT hr;
    const char *name;
} g_hrNames[] = {
    {S_OK, "S_OK"},
    {E_NOINTERFACE, "E_NOINTERFACE"},
    {E_FAIL, "MAPI_E_CALL_FAILED"},
    {E_OUTOFMEMORY, "MAPI_E_NOT_ENOUGH_MEMORY"},
    {E_INVALIDARG, "MAPI_E_INVALID_PARAMETER"},
    {E_ACCESSDENIED, "MAPI_E_NO_ACCESS"},
    {MAPI_E_NO_SUPPORT, "MAPI_E_NO_SUPPORT"},
    {MAPI_E_BAD_CHARWIDTH, "MAPI_E_BAD_CHARWIDTH"},
    {MAPI_E_UNKNOWN_FLAGS, "MAPI_E_UNKNOWN_FLAGS"},
    {MAPI_E_INVALID_ENTRYID, "MAPI_E_INVALID_ENTRYID"},
    {MAPI_E_INVALID_OBJECT, "MAPI_E_INVALID_OBJECT"},
    {MAPI_E_OBJECT_CHANGED, "MAPI_E_OBJECT_CHANGED"},
    {MAPI_E_OBJECT_DELETED, "MAPI_E_OBJECT_DELETED"},
    {MAPI_E_NOT_FOUND, "MAPI_E_NOT_FOUND"},
    {MAPI_E_LOGON_FAILED, "MAPI_E_LOGON_FAILED"},
    {MAPI_E_UNABLE_TO_ABORT, "MAPI_E_UNABLE_TO_ABORT"},
    {MAPI_E_TOO_COMPLEX, "MAPI_E_TOO_COMPLEX"},
    {MAPI_E_COMPUTED, "MAPI_E_COMPUTED"},
    {MAPI_E_END_OF_SESSION, "MAPI_E_END_OF_SESSION"},
    {MAPI_E_UNKNOWN_ENTRYID, "MAPI_E_UNKNOWN_ENTRYID"},
    {MAPI_E_INVALID_TYPE, "MAPI_E_INVALID_TYPE"},
    {MAPI_E_TABLE_TOO_BIG, "MAPI_E_TABLE_TOO_BIG"},
    {MAPI_E_INVALID_BOOKMARK, "MAPI_E_INVALID_BOOKMARK"},
    {MAPI_E_COLLISION, "MAPI_E_COLLISION"},
    {MAPI_E_NOT_INITIALIZED, "MAPI_E_NOT_INITIALIZED"},
    {MAPI_E_HAS_FOLDERS, "MAPI_E_HAS_FOLDERS"},
    {MAPI_E_HAS_MESSAGES, "MAPI_E_HAS_MESSAGES"},
    {MAPI_W_ERRORS_RETURNED, "MAPI_W_ERRORS_RETURNED"},
    {MAPI_W_PARTIAL_COMPLETION, "MAPI_W_PARTIAL_COMPLETION"},
};

const char *HrName(HRESULT hr)
{
    for (size_t i = 0; i < ARRAY_COUNT(g_hrNames); i++)
        if (g_hrNames[i].hr == hr)
            return g_hrNames[i].name;
    return NULL;
}

/* Copies an 8-bit string into MAPI memory chained to root, as W or A. */
static void *CopyStringMore(void *root, const char *s, int unicode)
{
    size_t n = strlen(s);
    if (unicode) {
        WCHAR *w = Alloc_More(root, (n + 1) * sizeof(WCHAR));
        if (w)
            for (size_t i = 0; i <= n; i++)
                w[i] = (WCHAR)(unsigned char)s[i];
        return w;
    }
    char *a = Alloc_More(root, n + 1);
    if (a)
        memcpy(a, s, n + 1);
    return a;
}

HRESULT MakeMapiError(const char *text, const char *component, ULONG ulFlags,
                      LPMAPIERROR *lppMAPIError)
{
    LPMAPIERROR e = NULL;
    SCODE sc = MAPIAllocateBuffer(sizeof *e, (void **)&e);
    if (sc != S_OK)
        return sc;
    memset(e, 0, sizeof *e);
    int unicode = (ulFlags & MAPI_UNICODE) != 0;
    e->ulVersion = MAPI_ERROR_VERSION;
    e->lpszError = CopyStringMore(e, text, unicode);
    e->lpszComponent = CopyStringMore(e, component, unicode);
    if (!e->lpszError || !e->lpszComponent) {
        MAPIFreeBuffer(e);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    *lppMAPIError = e;
    return S_OK;
}

HRESULT Obj_GetLastError(ObjHeader *h, HRESULT hResult, ULONG ulFlags, LPMAPIERROR *lppMAPIError)
{
    HRESULT hr = Obj_Enter(h, "GetLastError", ENTER_AFTER_LOGOFF);
    if (hr != S_OK)
        return hr;
    if (!lppMAPIError)
        return MAPI_E_INVALID_PARAMETER;
    *lppMAPIError = NULL;
    if (ulFlags & ~MAPI_UNICODE)
        return MAPI_E_UNKNOWN_FLAGS;

    char text[300];
    DS_Lock(h->ds);
    if (h->lastHr == hResult && FAILED(hResult)) {
        snprintf(text, sizeof text, "%s", h->lastText);
    } else {
        /* No record of that error on this object: describe the code itself. */
        const char *name = HrName(hResult);
        if (name)
            snprintf(text, sizeof text, "%s (0x%08X)", name, (unsigned)hResult);
        else
            snprintf(text, sizeof text, "error 0x%08X", (unsigned)hResult);
    }
    DS_Unlock(h->ds);
    return MakeMapiError(text, "koffi-mapi sample provider", ulFlags, lppMAPIError);
}
