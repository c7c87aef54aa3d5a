/*
 * openprop.c - OpenProperty(IID_IStream) over a property bag (see Prop_OpenStream in objects.h).
 *
 * PT_BINARY streams are the bytes; PT_UNICODE streams are the UTF-16LE code units without the
 * terminator, PT_STRING8 the 8-bit bytes without it (as Exchange's and PST stores' streams are).
 */
#include <stdlib.h>
#include <string.h>

#include "objects.h"
#include "stream.h"

typedef struct Sink {
    ObjHeader *owner; /* referenced */
    HRESULT (*enterWrite)(ObjHeader *h, const char *method);
    PropBag *bag;
    ULONG tag;
} Sink;

static HRESULT Sink_Commit(void *ctx, const BYTE *data, size_t cb)
{
    Sink *k = ctx;
    HRESULT hr = k->enterWrite(k->owner, "OpenProperty");
    if (hr != S_OK)
        return hr;
    SPropValue v;
    memset(&v, 0, sizeof v);
    v.ulPropTag = k->tag;
    void *tmp = NULL;
    switch (PROP_TYPE(k->tag)) {
    case PT_BINARY:
        v.Value.bin.cb = (ULONG)cb;
        v.Value.bin.lpb = (LPBYTE)data;
        break;
    case PT_UNICODE:
        if (cb % 2)
            return MAPI_E_INVALID_PARAMETER; /* half a UTF-16 code unit */
        tmp = malloc(cb + 2);
        if (tmp) {
            memcpy(tmp, data, cb);
            memset((BYTE *)tmp + cb, 0, 2);
        }
        v.Value.lpszW = tmp;
        break;
    default: /* PT_STRING8 */
        tmp = malloc(cb + 1);
        if (tmp) {
            memcpy(tmp, data, cb);
            ((char *)tmp)[cb] = 0;
        }
        v.Value.lpszA = tmp;
        break;
    }
    if (PROP_TYPE(k->tag) != PT_BINARY && !tmp)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    DS_Lock(k->owner->ds);
    hr = Bag_Set(k->bag, &v);
    DS_Unlock(k->owner->ds);
    free(tmp);
    return hr;
}

static void Sink_Release(void *ctx)
{
    Sink *k = ctx;
    Obj_Release(k->owner);
    free(k);
}

/* The value's bytes as the stream holds them (malloc'ed; *cb 0 and *out NULL for an empty one). */
static HRESULT ValueBytes(const SPropValue *v, ULONG type, BYTE **out, size_t *cb)
{
    *out = NULL;
    *cb = 0;
    if (!v)
        return S_OK;
    ULONG stored = PROP_TYPE(v->ulPropTag);
    const void *src = NULL;
    void *conv = NULL;
    size_t n = 0;
    if (type == PT_BINARY) {
        src = v->Value.bin.lpb, n = v->Value.bin.cb;
    } else if (type == PT_UNICODE) {
        conv = stored == PT_STRING8 ? WStrFromA(v->Value.lpszA) : NULL;
        const WCHAR *w = conv ? conv : v->Value.lpszW;
        if (stored == PT_STRING8 && !conv)
            return MAPI_E_NOT_ENOUGH_MEMORY;
        src = w, n = WStrLen(w) * sizeof(WCHAR);
    } else {
        conv = stored == PT_UNICODE ? AStrFromW(v->Value.lpszW) : NULL;
        const char *a = conv ? conv : v->Value.lpszA;
        if (stored == PT_UNICODE && !conv)
            return MAPI_E_NOT_ENOUGH_MEMORY;
        src = a, n = strlen(a);
    }
    BYTE *b = malloc(n ? n : 1);
    if (!b) {
        free(conv);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    if (n)
        memcpy(b, src, n);
    free(conv);
    *out = b;
    *cb = n;
    return S_OK;
}

HRESULT Prop_OpenStream(const PropStreamOwner *o, ULONG ulPropTag, ULONG ulFlags,
                        LPUNKNOWN *lppUnk)
{
    ObjHeader *h = o->hdr;
    ULONG type = PROP_TYPE(ulPropTag);
    if (type != PT_BINARY && type != PT_UNICODE && type != PT_STRING8)
        return Obj_Fail(h, "OpenProperty", MAPI_E_INTERFACE_NOT_SUPPORTED,
                        "property 0x%08X: only PT_BINARY, PT_UNICODE and PT_STRING8 properties "
                        "open as IStream",
                        (unsigned)ulPropTag);
    int write = (ulFlags & (MAPI_MODIFY | MAPI_CREATE)) != 0;
    if (write && !o->writable)
        return Obj_Fail(h, "OpenProperty", MAPI_E_NO_ACCESS,
                        "MAPI_MODIFY on an object opened read-only");
    if (write) {
        HRESULT hr = o->enterWrite(h, "OpenProperty");
        if (hr != S_OK)
            return hr;
    }
    DS_Lock(h->ds);
    const SPropValue *v = Bag_Get(o->bag, PROP_ID(ulPropTag));
    int convertible = v && Prop_Convertible(PROP_TYPE(v->ulPropTag), type);
    BYTE *data = NULL;
    size_t cb = 0;
    HRESULT hr = S_OK;
    if (!(ulFlags & MAPI_CREATE)) {
        if (!v)
            hr = MAPI_E_NOT_FOUND;
        else if (!convertible)
            hr = MAPI_E_INVALID_TYPE;
        else
            hr = ValueBytes(v, type, &data, &cb);
    }
    DS_Unlock(h->ds);
    if (hr != S_OK)
        return Obj_Fail(h, "OpenProperty", hr, "property 0x%08X: %s", (unsigned)ulPropTag,
                        hr == MAPI_E_NOT_FOUND      ? "the object has no such property "
                                                      "(MAPI_CREATE creates it)"
                        : hr == MAPI_E_INVALID_TYPE ? "stored with another type"
                                                    : "out of memory");
    StreamSink sink, *ps = NULL;
    if (write) {
        Sink *k = malloc(sizeof *k);
        if (!k) {
            free(data);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        Obj_AddRef(h);
        k->owner = h;
        k->enterWrite = o->enterWrite;
        k->bag = o->bag;
        k->tag = ulPropTag;
        sink.ctx = k;
        sink.commit = Sink_Commit;
        sink.release = Sink_Release;
        ps = &sink;
    }
    hr = Stream_Create(h->ds, data, cb, ps, (IStream **)lppUnk);
    free(data);
    return hr == S_OK ? S_OK : Obj_Fail(h, "OpenProperty", hr, "out of memory");
}
