/*
 * props.c - property values and the generic IMAPIProp algorithms. See props.h.
 */
#include <stdlib.h>
#include <string.h>

#include "props.h"


/* ==============================================================================================
 * Types
 * ============================================================================================ */
int Prop_IsString(ULONG t) { return t == PT_STRING8 || t == PT_UNICODE; }
int Prop_IsMVString(ULONG t) { return t == PT_MV_STRING8 || t == PT_MV_UNICODE; }

int Prop_IsStorableType(ULONG t)
{
    switch (t) {
    case PT_I2:
    case PT_LONG:
    case PT_R4:
    case PT_DOUBLE:
    case PT_CURRENCY:
    case PT_APPTIME:
    case PT_BOOLEAN:
    case PT_I8:
    case PT_STRING8:
    case PT_UNICODE:
    case PT_SYSTIME:
    case PT_CLSID:
    case PT_BINARY:
    case PT_SVREID:
    case PT_SRESTRICTION:
    case PT_ACTIONS:
    case PT_MV_I2:
    case PT_MV_LONG:
    case PT_MV_R4:
    case PT_MV_DOUBLE:
    case PT_MV_CURRENCY:
    case PT_MV_APPTIME:
    case PT_MV_SYSTIME:
    case PT_MV_STRING8:
    case PT_MV_UNICODE:
    case PT_MV_BINARY:
    case PT_MV_CLSID:
    case PT_MV_I8: return 1;
    default: return 0;
    }
}

/* Size of one element of a fixed-size type (single or multi-valued). */
static size_t FixedElemSize(ULONG base)
{
    switch (base) {
    case PT_I2:
    case PT_BOOLEAN: return 2;
    case PT_LONG:
    case PT_R4:
    case PT_ERROR: return 4;
    case PT_DOUBLE:
    case PT_CURRENCY:
    case PT_APPTIME:
    case PT_I8:
    case PT_SYSTIME: return 8;
    case PT_CLSID: return 16;
    default: return 0;
    }
}

SCODE Prop_Validate(const SPropValue *v)
{
    ULONG t = PROP_TYPE(v->ulPropTag);
    if (!Prop_IsStorableType(t))
        return MAPI_E_INVALID_TYPE;
    switch (t) {
    case PT_STRING8: return v->Value.lpszA ? S_OK : MAPI_E_BAD_VALUE;
    case PT_UNICODE: return v->Value.lpszW ? S_OK : MAPI_E_BAD_VALUE;
    case PT_CLSID: return v->Value.lpguid ? S_OK : MAPI_E_BAD_VALUE;
    case PT_BINARY:
    case PT_SVREID: return (v->Value.bin.cb == 0 || v->Value.bin.lpb) ? S_OK : MAPI_E_BAD_VALUE;
    case PT_SRESTRICTION: return Tree_ResCheck(v->Value.lpv);
    case PT_ACTIONS: return Tree_ActionsCheck(v->Value.lpv);
    default: break;
    }
    if (t & MV_FLAG) {
        /* Every MV array has the same {ULONG cValues; T *p} shape. */
        ULONG n = v->Value.MVl.cValues;
        if (n && !v->Value.MVl.lpl)
            return MAPI_E_BAD_VALUE;
        for (ULONG i = 0; i < n; i++) {
            if (t == PT_MV_STRING8 && !v->Value.MVszA.lppszA[i])
                return MAPI_E_BAD_VALUE;
            if (t == PT_MV_UNICODE && !v->Value.MVszW.lppszW[i])
                return MAPI_E_BAD_VALUE;
            if (t == PT_MV_BINARY && v->Value.MVbin.lpbin[i].cb && !v->Value.MVbin.lpbin[i].lpb)
                return MAPI_E_BAD_VALUE;
        }
    }
    return S_OK;
}

int Prop_Convertible(ULONG stored, ULONG wanted)
{
    if (stored == wanted)
        return 1;
    if (Prop_IsString(stored) && Prop_IsString(wanted))
        return 1;
    return Prop_IsMVString(stored) && Prop_IsMVString(wanted);
}

ULONG Prop_ResolveType(ULONG stored, ULONG requested, ULONG ulFlags)
{
    if (requested != PT_UNSPECIFIED)
        return requested;
    if (Prop_IsString(stored))
        return (ulFlags & MAPI_UNICODE) ? PT_UNICODE : PT_STRING8;
    if (Prop_IsMVString(stored))
        return (ulFlags & MAPI_UNICODE) ? PT_MV_UNICODE : PT_MV_STRING8;
    return stored;
}

ULONG Prop_ListTag(ULONG storedTag, ULONG ulFlags)
{
    return CHANGE_PROP_TYPE(storedTag,
                            Prop_ResolveType(PROP_TYPE(storedTag), PT_UNSPECIFIED, ulFlags));
}

/* ==============================================================================================
 * Strings (8-bit text is treated as Latin-1; see README "Choices")
 * ============================================================================================ */
static size_t AStrLen(const char *s) { return strlen(s); }

/* Payload bytes for one string stored as A or W and output as outType. */
static size_t StringPayload(const void *s, int srcIsW, ULONG outType)
{
    size_t n = srcIsW ? WStrLen(s) : AStrLen(s);
    return outType == PT_UNICODE ? (n + 1) * sizeof(WCHAR) : n + 1;
}

/* Writes string s (A or W) as outType at p; returns the pointer. */
static void *StringWrite(const void *s, int srcIsW, ULONG outType, char *p)
{
    if (outType == PT_UNICODE) {
        WCHAR *d = (WCHAR *)p;
        if (srcIsW) {
            size_t n = WStrLen(s);
            memcpy(d, s, (n + 1) * sizeof(WCHAR));
        } else {
            const unsigned char *a = s;
            size_t i = 0;
            for (; a[i]; i++)
                d[i] = a[i];
            d[i] = 0;
        }
    } else if (srcIsW) {
        const WCHAR *w = s;
        size_t n = WStrLen(w), j = 0;
        for (size_t i = 0; i < n; i++) {
            WCHAR c = w[i];
            if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && w[i + 1] >= 0xDC00 && w[i + 1] <= 0xDFFF)
                i++;
            p[j++] = c < 0x100 ? (char)c : '?';
        }
        p[j] = 0;
    } else {
        strcpy(p, s);
    }
    return p;
}

/* ==============================================================================================
 * Deep copy
 * ============================================================================================ */
size_t Prop_PayloadSize(const SPropValue *src, ULONG outType)
{
    ULONG t = PROP_TYPE(src->ulPropTag);
    size_t n = 0;
    switch (t) {
    case PT_STRING8: return ROUND8(StringPayload(src->Value.lpszA, 0, outType));
    case PT_UNICODE: return ROUND8(StringPayload(src->Value.lpszW, 1, outType));
    case PT_CLSID: return ROUND8(sizeof(GUID));
    case PT_BINARY:
    case PT_SVREID: return ROUND8(src->Value.bin.cb ? src->Value.bin.cb : 1);
    case PT_SRESTRICTION: return ROUND8(sizeof(SRestriction)) + Tree_ResSize(src->Value.lpv);
    case PT_ACTIONS: return Tree_ActionsSize(src->Value.lpv);
    case PT_MV_STRING8:
    case PT_MV_UNICODE: {
        ULONG c = src->Value.MVszA.cValues;
        n = ROUND8(c * sizeof(void *));
        ULONG outElem = outType == PT_MV_UNICODE ? PT_UNICODE : PT_STRING8;
        for (ULONG i = 0; i < c; i++)
            n += ROUND8(t == PT_MV_UNICODE ? StringPayload(src->Value.MVszW.lppszW[i], 1, outElem)
                                           : StringPayload(src->Value.MVszA.lppszA[i], 0, outElem));
        return n;
    }
    case PT_MV_BINARY: {
        ULONG c = src->Value.MVbin.cValues;
        n = ROUND8(c * sizeof(SBinary));
        for (ULONG i = 0; i < c; i++)
            n += ROUND8(src->Value.MVbin.lpbin[i].cb ? src->Value.MVbin.lpbin[i].cb : 1);
        return n;
    }
    default:
        if (t & MV_FLAG)
            return ROUND8((size_t)src->Value.MVl.cValues * FixedElemSize(t & ~MV_FLAG));
        return 0; /* fixed-size single values live in the union */
    }
}


void Prop_CopyInto(SPropValue *dst, const SPropValue *src, ULONG outType, void *payload)
{
    ULONG t = PROP_TYPE(src->ulPropTag);
    Bump b = {payload};
    dst->ulPropTag = CHANGE_PROP_TYPE(src->ulPropTag, outType);
    dst->dwAlignPad = 0;
    dst->Value = src->Value; /* fixed-size values: done */
    switch (t) {
    case PT_STRING8:
    case PT_UNICODE: {
        const void *s =
            t == PT_UNICODE ? (const void *)src->Value.lpszW : (const void *)src->Value.lpszA;
        void *d = StringWrite(s, t == PT_UNICODE, outType,
                              Bump_Take(&b, StringPayload(s, t == PT_UNICODE, outType)));
        if (outType == PT_UNICODE)
            dst->Value.lpszW = d;
        else
            dst->Value.lpszA = d;
        break;
    }
    case PT_CLSID:
        dst->Value.lpguid = Bump_Take(&b, sizeof(GUID));
        memcpy(dst->Value.lpguid, src->Value.lpguid, sizeof(GUID));
        break;
    case PT_SRESTRICTION:
        dst->Value.lpv = Bump_Take(&b, sizeof(SRestriction));
        Tree_ResCopy(dst->Value.lpv, src->Value.lpv, &b);
        break;
    case PT_ACTIONS: dst->Value.lpv = Tree_ActionsCopy(src->Value.lpv, &b); break;
    case PT_BINARY:
    case PT_SVREID: {
        ULONG cb = src->Value.bin.cb;
        dst->Value.bin.lpb = Bump_Take(&b, cb ? cb : 1);
        if (cb)
            memcpy(dst->Value.bin.lpb, src->Value.bin.lpb, cb);
        break;
    }
    case PT_MV_STRING8:
    case PT_MV_UNICODE: {
        ULONG c = src->Value.MVszA.cValues;
        ULONG outElem = outType == PT_MV_UNICODE ? PT_UNICODE : PT_STRING8;
        void **arr = Bump_Take(&b, c * sizeof(void *));
        for (ULONG i = 0; i < c; i++) {
            const void *s = t == PT_MV_UNICODE ? (const void *)src->Value.MVszW.lppszW[i]
                                               : (const void *)src->Value.MVszA.lppszA[i];
            arr[i] = StringWrite(s, t == PT_MV_UNICODE, outElem,
                                 Bump_Take(&b, StringPayload(s, t == PT_MV_UNICODE, outElem)));
        }
        dst->Value.MVszA.cValues = c;
        dst->Value.MVszA.lppszA = c ? (LPSTR *)arr : NULL;
        break;
    }
    case PT_MV_BINARY: {
        ULONG c = src->Value.MVbin.cValues;
        SBinary *arr = Bump_Take(&b, c * sizeof(SBinary));
        for (ULONG i = 0; i < c; i++) {
            ULONG cb = src->Value.MVbin.lpbin[i].cb;
            arr[i].cb = cb;
            arr[i].lpb = Bump_Take(&b, cb ? cb : 1);
            if (cb)
                memcpy(arr[i].lpb, src->Value.MVbin.lpbin[i].lpb, cb);
        }
        dst->Value.MVbin.cValues = c;
        dst->Value.MVbin.lpbin = c ? arr : NULL;
        break;
    }
    default:
        if (t & MV_FLAG) {
            size_t cb = (size_t)src->Value.MVl.cValues * FixedElemSize(t & ~MV_FLAG);
            void *arr = Bump_Take(&b, cb);
            if (cb)
                memcpy(arr, src->Value.MVl.lpl, cb);
            dst->Value.MVl.cValues = src->Value.MVl.cValues;
            dst->Value.MVl.lpl = cb ? arr : NULL;
        }
        break;
    }
}

HRESULT Prop_CopyToMapi(SPropValue *dst, const SPropValue *src, ULONG outType, void *root)
{
    size_t cb = Prop_PayloadSize(src, outType);
    void *payload = NULL;
    if (cb && !(payload = Alloc_More(root, cb)))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    Prop_CopyInto(dst, src, outType, payload);
    return S_OK;
}

/* ==============================================================================================
 * Comparison
 * ============================================================================================ */
int Prop_Comparable(ULONG a, ULONG b)
{
    if (a == b)
        return 1;
    if (Prop_IsString(a) && Prop_IsString(b))
        return 1;
    return Prop_IsMVString(a) && Prop_IsMVString(b);
}

static int CompareStrings(const void *a, int aW, const void *b, int bW, int ignoreCase)
{
    for (size_t i = 0;; i++) {
        WCHAR ca = aW ? ((const WCHAR *)a)[i] : (WCHAR)((const unsigned char *)a)[i];
        WCHAR cb = bW ? ((const WCHAR *)b)[i] : (WCHAR)((const unsigned char *)b)[i];
        if (ignoreCase) {
            ca = FoldCase(ca);
            cb = FoldCase(cb);
        }
        if (ca != cb)
            return ca < cb ? -1 : 1;
        if (!ca)
            return 0;
    }
}

#define CMP3(x, y) ((x) < (y) ? -1 : (x) > (y) ? 1 : 0)

static uint64_t FileTime64(FILETIME ft)
{
    return ((uint64_t)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
}

static int CompareScalar(const SPropValue *a, const SPropValue *b, int ignoreCase)
{
    ULONG ta = PROP_TYPE(a->ulPropTag), tb = PROP_TYPE(b->ulPropTag);
    if (Prop_IsString(ta))
        return CompareStrings(ta == PT_UNICODE ? (const void *)a->Value.lpszW : a->Value.lpszA,
                              ta == PT_UNICODE,
                              tb == PT_UNICODE ? (const void *)b->Value.lpszW : b->Value.lpszA,
                              tb == PT_UNICODE, ignoreCase);
    switch (ta) {
    case PT_I2: return CMP3(a->Value.i, b->Value.i);
    case PT_LONG: return CMP3(a->Value.l, b->Value.l);
    case PT_R4: return CMP3(a->Value.flt, b->Value.flt);
    case PT_DOUBLE: return CMP3(a->Value.dbl, b->Value.dbl);
    case PT_APPTIME: return CMP3(a->Value.at, b->Value.at);
    case PT_CURRENCY: return CMP3(a->Value.cur.int64, b->Value.cur.int64);
    case PT_I8: return CMP3(a->Value.li.QuadPart, b->Value.li.QuadPart);
    case PT_BOOLEAN: return CMP3(a->Value.b != 0, b->Value.b != 0);
    case PT_ERROR: return CMP3((ULONG)a->Value.err, (ULONG)b->Value.err);
    case PT_SYSTIME: return CMP3(FileTime64(a->Value.ft), FileTime64(b->Value.ft));
    case PT_CLSID: {
        const GUID *x = a->Value.lpguid, *y = b->Value.lpguid;
        if (x->Data1 != y->Data1)
            return CMP3(x->Data1, y->Data1);
        if (x->Data2 != y->Data2)
            return CMP3(x->Data2, y->Data2);
        if (x->Data3 != y->Data3)
            return CMP3(x->Data3, y->Data3);
        int c = memcmp(x->Data4, y->Data4, 8);
        return CMP3(c, 0);
    }
    case PT_BINARY: {
        ULONG n = a->Value.bin.cb < b->Value.bin.cb ? a->Value.bin.cb : b->Value.bin.cb;
        int c = n ? memcmp(a->Value.bin.lpb, b->Value.bin.lpb, n) : 0;
        if (c)
            return CMP3(c, 0);
        return CMP3(a->Value.bin.cb, b->Value.bin.cb);
    }
    default: return 0;
    }
}

ULONG Prop_MVCount(const SPropValue *mv) { return mv->Value.MVl.cValues; }

void Prop_MVElement(const SPropValue *mv, ULONG i, SPropValue *out)
{
    ULONG t = PROP_TYPE(mv->ulPropTag), base = t & ~MV_FLAG;
    out->ulPropTag = CHANGE_PROP_TYPE(mv->ulPropTag, base);
    out->dwAlignPad = 0;
    memset(&out->Value, 0, sizeof out->Value);
    switch (t) {
    case PT_MV_I2: out->Value.i = mv->Value.MVi.lpi[i]; break;
    case PT_MV_LONG: out->Value.l = mv->Value.MVl.lpl[i]; break;
    case PT_MV_R4: out->Value.flt = mv->Value.MVflt.lpflt[i]; break;
    case PT_MV_DOUBLE: out->Value.dbl = mv->Value.MVdbl.lpdbl[i]; break;
    case PT_MV_CURRENCY: out->Value.cur = mv->Value.MVcur.lpcur[i]; break;
    case PT_MV_APPTIME: out->Value.at = mv->Value.MVat.lpat[i]; break;
    case PT_MV_SYSTIME: out->Value.ft = mv->Value.MVft.lpft[i]; break;
    case PT_MV_I8: out->Value.li = mv->Value.MVli.lpli[i]; break;
    case PT_MV_CLSID: out->Value.lpguid = &mv->Value.MVguid.lpguid[i]; break;
    case PT_MV_BINARY: out->Value.bin = mv->Value.MVbin.lpbin[i]; break;
    case PT_MV_STRING8: out->Value.lpszA = mv->Value.MVszA.lppszA[i]; break;
    case PT_MV_UNICODE: out->Value.lpszW = mv->Value.MVszW.lppszW[i]; break;
    default: break;
    }
}

int Prop_Compare(const SPropValue *a, const SPropValue *b, int ignoreCase)
{
    ULONG ta = PROP_TYPE(a->ulPropTag);
    if (!(ta & MV_FLAG))
        return CompareScalar(a, b, ignoreCase);
    ULONG na = Prop_MVCount(a), nb = Prop_MVCount(b);
    for (ULONG i = 0; i < na && i < nb; i++) {
        SPropValue ea, eb;
        Prop_MVElement(a, i, &ea);
        Prop_MVElement(b, i, &eb);
        int c = CompareScalar(&ea, &eb, ignoreCase);
        if (c)
            return c;
    }
    return CMP3(na, nb);
}

ULONG Prop_Size(const SPropValue *v)
{
    ULONG t = PROP_TYPE(v->ulPropTag);
    switch (t) {
    case PT_STRING8: return (ULONG)strlen(v->Value.lpszA) + 1;
    case PT_UNICODE: return (ULONG)(WStrLen(v->Value.lpszW) + 1) * 2;
    case PT_BINARY: return v->Value.bin.cb;
    default: break;
    }
    if (t & MV_FLAG) {
        ULONG total = 0;
        for (ULONG i = 0; i < Prop_MVCount(v); i++) {
            SPropValue e;
            Prop_MVElement(v, i, &e);
            total += Prop_Size(&e);
        }
        return total;
    }
    return (ULONG)FixedElemSize(t);
}

/* ==============================================================================================
 * PropBag
 * ============================================================================================ */
void Bag_Free(PropBag *b)
{
    for (ULONG i = 0; i < b->c; i++)
        free(b->v[i]);
    free(b->v);
    b->v = NULL;
    b->c = b->cap = 0;
}

static SPropValue *CellNew(const SPropValue *val)
{
    ULONG t = PROP_TYPE(val->ulPropTag);
    size_t payload = Prop_PayloadSize(val, t);
    SPropValue *cell = malloc(sizeof(SPropValue) + payload);
    if (cell)
        Prop_CopyInto(cell, val, t, cell + 1);
    return cell;
}

const SPropValue *Bag_Get(const PropBag *b, ULONG propId)
{
    for (ULONG i = 0; i < b->c; i++)
        if (PROP_ID(b->v[i]->ulPropTag) == propId)
            return b->v[i];
    return NULL;
}

HRESULT Bag_Set(PropBag *b, const SPropValue *val)
{
    SPropValue *cell = CellNew(val);
    if (!cell)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    for (ULONG i = 0; i < b->c; i++) {
        if (PROP_ID(b->v[i]->ulPropTag) == PROP_ID(val->ulPropTag)) {
            free(b->v[i]);
            b->v[i] = cell;
            return S_OK;
        }
    }
    if (b->c == b->cap) {
        ULONG cap = b->cap ? b->cap * 2 : 16;
        SPropValue **v = realloc(b->v, cap * sizeof *v);
        if (!v) {
            free(cell);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        b->v = v;
        b->cap = cap;
    }
    b->v[b->c++] = cell;
    return S_OK;
}

HRESULT Bag_Append(PropBag *b, const SPropValue *val)
{
    if (b->c == b->cap) {
        ULONG cap = b->cap ? b->cap * 2 : 16;
        SPropValue **v = realloc(b->v, cap * sizeof *v);
        if (!v)
            return MAPI_E_NOT_ENOUGH_MEMORY;
        b->v = v;
        b->cap = cap;
    }
    SPropValue *cell = CellNew(val);
    if (!cell)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    b->v[b->c++] = cell;
    return S_OK;
}

int Bag_Delete(PropBag *b, ULONG propId)
{
    for (ULONG i = 0; i < b->c; i++) {
        if (PROP_ID(b->v[i]->ulPropTag) == propId) {
            free(b->v[i]);
            memmove(&b->v[i], &b->v[i + 1], (b->c - i - 1) * sizeof *b->v);
            b->c--;
            return 1;
        }
    }
    return 0;
}

HRESULT Bag_CopyFrom(PropBag *dst, const PropBag *src)
{
    for (ULONG i = 0; i < src->c; i++) {
        HRESULT hr = Bag_Set(dst, src->v[i]);
        if (FAILED(hr))
            return hr;
    }
    return S_OK;
}

HRESULT Bag_ListTags(const PropBag *b, TagList *out)
{
    for (ULONG i = 0; i < b->c; i++)
        if (!TagList_AddUnique(out, b->v[i]->ulPropTag))
            return MAPI_E_NOT_ENOUGH_MEMORY;
    return S_OK;
}

static HRESULT SetOne(PropBag *b, SPropValue *v, ULONG tag)
{
    v->ulPropTag = tag;
    v->dwAlignPad = 0;
    return Bag_Set(b, v);
}
HRESULT Bag_SetLong(PropBag *b, ULONG tag, LONG l)
{
    SPropValue v = {0};
    v.Value.l = l;
    return SetOne(b, &v, tag);
}
HRESULT Bag_SetBool(PropBag *b, ULONG tag, int on)
{
    SPropValue v = {0};
    v.Value.b = (unsigned short)(on ? 1 : 0);
    return SetOne(b, &v, tag);
}
HRESULT Bag_SetTime(PropBag *b, ULONG tag, FILETIME ft)
{
    SPropValue v = {0};
    v.Value.ft = ft;
    return SetOne(b, &v, tag);
}
HRESULT Bag_SetW(PropBag *b, ULONG tag, const WCHAR *s)
{
    SPropValue v = {0};
    v.Value.lpszW = (LPWSTR)s;
    return SetOne(b, &v, tag);
}
HRESULT Bag_SetBin(PropBag *b, ULONG tag, const void *data, ULONG cb)
{
    SPropValue v = {0};
    v.Value.bin.cb = cb;
    v.Value.bin.lpb = (LPBYTE)data;
    return SetOne(b, &v, tag);
}

/* ==============================================================================================
 * Problems
 * ============================================================================================ */
int Problems_Add(ProblemList *l, ULONG index, ULONG tag, SCODE sc)
{
    if (l->c == l->cap) {
        ULONG cap = l->cap ? l->cap * 2 : 8;
        SPropProblem *p = realloc(l->p, cap * sizeof *p);
        if (!p)
            return 0;
        l->p = p;
        l->cap = cap;
    }
    l->p[l->c].ulIndex = index;
    l->p[l->c].ulPropTag = tag;
    l->p[l->c].scode = sc;
    l->c++;
    return 1;
}

HRESULT Problems_Return(ProblemList *l, LPSPropProblemArray *lpp)
{
    HRESULT hr = S_OK;
    if (lpp) {
        *lpp = NULL;
        if (l->c) {
            LPSPropProblemArray a = NULL;
            hr = MAPIAllocateBuffer((ULONG)CbNewSPropProblemArray(l->c), (void **)&a);
            if (hr == S_OK) {
                a->cProblem = l->c;
                memcpy(a->aProblem, l->p, l->c * sizeof(SPropProblem));
                *lpp = a;
            }
        }
    }
    free(l->p);
    l->p = NULL;
    l->c = l->cap = 0;
    return hr;
}

/* ==============================================================================================
 * Generic IMAPIProp
 * ============================================================================================ */
int Prop_TooBig(const SPropValue *v, ULONG cbMax)
{
    if (!cbMax)
        return 0;
    switch (PROP_TYPE(v->ulPropTag)) {
    case PT_BINARY: return v->Value.bin.cb > cbMax;
    case PT_STRING8: return strlen(v->Value.lpszA) > cbMax;
    case PT_UNICODE: return WStrLen(v->Value.lpszW) * sizeof(WCHAR) > cbMax;
    default: return 0;
    }
}

int Props_CopyOut(void *root, SPropValue *dst, ULONG reqTag, const SPropValue *val, ULONG ulFlags,
                  ULONG cbMax)
{
    ULONG id = PROP_ID(reqTag), req = PROP_TYPE(reqTag);
    dst->dwAlignPad = 0;
    if (reqTag == PR_NULL) { /* a placeholder column */
        dst->ulPropTag = PR_NULL;
        dst->Value.x = 0;
        return 0;
    }
    if (!val) {
        dst->ulPropTag = PROP_TAG(PT_ERROR, id);
        dst->Value.err = MAPI_E_NOT_FOUND;
        return 1;
    }
    ULONG stored = PROP_TYPE(val->ulPropTag);
    ULONG out = Prop_ResolveType(stored, req, ulFlags);
    if (Prop_TooBig(val, cbMax) && Prop_Convertible(stored, out)) {
        /* What Exchange and PST stores do: the value exists but must be streamed. */
        dst->ulPropTag = PROP_TAG(PT_ERROR, id);
        dst->Value.err = MAPI_E_NOT_ENOUGH_MEMORY;
        return 1;
    }
    if (!Prop_Convertible(stored, out)) {
        dst->ulPropTag = PROP_TAG(PT_ERROR, id);
        dst->Value.err = MAPI_E_INVALID_TYPE;
        return 1;
    }
    if (Prop_CopyToMapi(dst, val, out, root) != S_OK) {
        dst->ulPropTag = PROP_TAG(PT_ERROR, id);
        dst->Value.err = MAPI_E_NOT_ENOUGH_MEMORY;
        return 1;
    }
    dst->ulPropTag = PROP_TAG(out, id);
    return 0;
}

HRESULT Props_GetProps(const PropSource *src, LPSPropTagArray lpTags, ULONG ulFlags,
                       ULONG *lpcValues, LPSPropValue *lppProps)
{
    return Props_GetPropsAs(src, 0, lpTags, ulFlags, lpcValues, lppProps);
}

/* A PT_ERROR id no object of the sample has: props.nullTagsErrors' extra slot. */
#define CONFORM_BOGUS_ID 0x7FFDu

HRESULT Props_GetPropsAs(const PropSource *src, ULONG conform, LPSPropTagArray lpTags,
                         ULONG ulFlags, ULONG *lpcValues, LPSPropValue *lppProps)
{
    if (!lpcValues || !lppProps)
        return MAPI_E_INVALID_PARAMETER;
    *lpcValues = 0;
    *lppProps = NULL;
    if (ulFlags & ~MAPI_UNICODE)
        return MAPI_E_UNKNOWN_FLAGS;
    if (lpTags && lpTags->cValues == 0)
        return MAPI_E_INVALID_PARAMETER;

    TagList all = {0};
    const ULONG *tags;
    ULONG n;
    if (lpTags) {
        tags = lpTags->aulPropTag;
        n = lpTags->cValues;
    } else {
        HRESULT hr = src->list(src, &all);
        if (FAILED(hr)) {
            TagList_Free(&all);
            return hr;
        }
        /* With a NULL tag array the types are "whatever is stored", strings per MAPI_UNICODE. */
        for (ULONG i = 0; i < all.c; i++)
            all.tags[i] = CHANGE_PROP_TYPE(all.tags[i], PT_UNSPECIFIED);
        tags = all.tags;
        n = all.c;
    }
    /* props.nullTagsErrors: one error slot more than the object has properties. */
    ULONG extra = (!lpTags && (conform & CONF_PROPS_NULL_TAGS)) ? 1 : 0;
    if (n + extra == 0) {
        TagList_Free(&all);
        return S_OK;
    }

    LPSPropValue props = NULL;
    HRESULT hr = MAPIAllocateBuffer((ULONG)((n + extra) * sizeof(SPropValue)), (void **)&props);
    if (hr != S_OK) {
        TagList_Free(&all);
        return hr;
    }
    Arena scratch = {0};
    int errors = 0;
    for (ULONG i = 0; i < n; i++) {
        const SPropValue *v = tags[i] == PR_NULL ? NULL : src->get(src, PROP_ID(tags[i]), &scratch);
        int error = Props_CopyOut(props, &props[i], tags[i], v, ulFlags, src->cbMax);
        if (error && !v && tags[i] != PR_NULL && PROP_TYPE(tags[i]) != PT_ERROR &&
            (conform & CONF_PROPS_ERROR_TYPE)) {
            /* props.errorSlotType: the missing value keeps the requested tag, zeroed. */
            memset(&props[i], 0, sizeof props[i]);
            props[i].ulPropTag = tags[i];
            error = 0;
        }
        errors |= error;
    }
    if (extra) {
        memset(&props[n], 0, sizeof props[n]);
        props[n].ulPropTag = PROP_TAG(PT_ERROR, CONFORM_BOGUS_ID);
        props[n].Value.err = MAPI_E_NOT_FOUND;
        errors = 1;
    }
    Arena_Free(&scratch);
    TagList_Free(&all);
    *lpcValues = n + extra;
    *lppProps = props;
    return errors ? MAPI_W_ERRORS_RETURNED : S_OK;
}

HRESULT Props_GetPropList(const PropSource *src, ULONG ulFlags, LPSPropTagArray *lppTags)
{
    if (!lppTags)
        return MAPI_E_INVALID_PARAMETER;
    *lppTags = NULL;
    if (ulFlags & ~MAPI_UNICODE)
        return MAPI_E_UNKNOWN_FLAGS;
    TagList all = {0};
    HRESULT hr = src->list(src, &all);
    if (SUCCEEDED(hr)) {
        LPSPropTagArray a = NULL;
        hr = MAPIAllocateBuffer((ULONG)CbNewSPropTagArray(all.c), (void **)&a);
        if (hr == S_OK) {
            a->cValues = all.c;
            for (ULONG i = 0; i < all.c; i++)
                a->aulPropTag[i] = Prop_ListTag(all.tags[i], ulFlags);
            *lppTags = a;
        }
    }
    TagList_Free(&all);
    return hr;
}

/* One value of a SetProps call (index = its position in the caller's array). */
static HRESULT Props_SetOne(PropBag *bag, ULONG index, const SPropValue *v,
                            int (*isComputed)(ULONG propId),
                            SCODE (*check)(void *ctx, const SPropValue *val), void *ctx,
                            ProblemList *problems)
{
    SCODE sc = check ? check(ctx, v) : S_OK;
    if (sc == S_OK)
        sc = Prop_Validate(v);
    if (sc == S_OK && isComputed && isComputed(PROP_ID(v->ulPropTag)))
        sc = MAPI_E_COMPUTED;
    if (sc == S_OK && PROP_ID(v->ulPropTag) == 0)
        sc = MAPI_E_INVALID_PARAMETER;
    if (sc != S_OK)
        return Problems_Add(problems, index, v->ulPropTag, sc) ? S_OK : MAPI_E_NOT_ENOUGH_MEMORY;
    return Bag_Set(bag, v);
}

HRESULT Props_SetProps(PropBag *bag, ULONG cValues, const SPropValue *lpProps,
                       int (*isComputed)(ULONG propId),
                       SCODE (*check)(void *ctx, const SPropValue *val), void *ctx,
                       ProblemList *problems)
{
    for (ULONG i = 0; i < cValues; i++) {
        HRESULT hr = Props_SetOne(bag, i, &lpProps[i], isComputed, check, ctx, problems);
        if (FAILED(hr))
            return hr;
    }
    return S_OK;
}

HRESULT Props_DeleteOne(PropBag *bag, ULONG index, ULONG tag, int (*isComputed)(ULONG propId),
                        ProblemList *problems)
{
    if (isComputed && isComputed(PROP_ID(tag)))
        return Problems_Add(problems, index, tag, MAPI_E_COMPUTED) ? S_OK
                                                                   : MAPI_E_NOT_ENOUGH_MEMORY;
    /* Deleting a property the object does not have is not an error (as with IPropData). */
    Bag_Delete(bag, PROP_ID(tag));
    return S_OK;
}

HRESULT Props_DeleteProps(PropBag *bag, const SPropTagArray *lpTags,
                          int (*isComputed)(ULONG propId), ULONG keepId, ProblemList *problems)
{
    for (ULONG i = 0; i < lpTags->cValues; i++) {
        ULONG tag = lpTags->aulPropTag[i];
        HRESULT hr =
            keepId && PROP_ID(tag) == keepId
                ? (Problems_Add(problems, i, tag, MAPI_E_NO_ACCESS) ? S_OK
                                                                    : MAPI_E_NOT_ENOUGH_MEMORY)
                : Props_DeleteOne(bag, i, tag, isComputed, problems);
        if (FAILED(hr))
            return hr;
    }
    return S_OK;
}
