/*
 * named.c - named properties: IMAPIProp::GetIDsFromNames / GetNamesFromIDs.
 *
 * MAPI lets clients use properties by name (a property set GUID plus an integer or a string);
 * each store maps names to property ids in the range 0x8000-0xFFFE. The mapping is per store and
 * shared by every object of the store. The properties the generator puts on messages are
 * pre-mapped, so their ids are stable and documented (README "Data").
 */
#include <stdlib.h>
#include <string.h>

#include "data.h"

/* PS_PUBLIC_STRINGS {00020329-0000-0000-C000-000000000046} */
const GUID PS_PUBLIC_STRINGS_GUID = {0x00020329, 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
/* The sample's own property set: {4B4D4150-4953-414D-504C-455053455401} */
const GUID PSETID_KMAPISample = {
    0x4B4D4150, 0x4953, 0x414D, {0x50, 0x4C, 0x45, 0x50, 0x53, 0x45, 0x54, 0x01}};

#define NAMED_FIRST 0x8000u
#define NAMED_LAST 0xFFFEu

static const struct {
    const GUID *guid;
    const WCHAR *name;
    ULONG propId;
} g_predefined[] = {
    {&PS_PUBLIC_STRINGS_GUID, u"Keywords", 0x8000},
    {&PSETID_KMAPISample, u"SampleCounter", 0x8001},
    {&PSETID_KMAPISample, u"SampleScore", 0x8002},
    {&PSETID_KMAPISample, u"SampleClsid", 0x8003},
    {&PSETID_KMAPISample, u"SampleFlagged", 0x8004},
    {&PSETID_KMAPISample, u"SampleNumbers", 0x8005},
    {&PSETID_KMAPISample, u"SampleAnsi", 0x8006},
    {&PSETID_KMAPISample, u"SampleShort", 0x8007},
    {&PSETID_KMAPISample, u"SampleFloat", 0x8008},
    {&PSETID_KMAPISample, u"SamplePrice", 0x8009},
    {&PSETID_KMAPISample, u"SampleAppTime", 0x800A},
    {&PSETID_KMAPISample, u"SampleDates", 0x800B},
    {&PSETID_KMAPISample, u"SampleBlobs", 0x800C},
    {&PSETID_KMAPISample, u"SampleTags8", 0x800D},
};

static int WStrEq(const WCHAR *a, const WCHAR *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static HRESULT Add(NamedMap *m, const GUID *guid, ULONG kind, LONG lid, const WCHAR *name,
                   ULONG propId)
{
    if (m->c == m->cap) {
        ULONG cap = m->cap ? m->cap * 2 : 32;
        NamedEntry *e = realloc(m->e, cap * sizeof *e);
        if (!e)
            return MAPI_E_NOT_ENOUGH_MEMORY;
        m->e = e;
        m->cap = cap;
    }
    NamedEntry *e = &m->e[m->c];
    e->guid = *guid;
    e->kind = kind;
    e->lid = lid;
    e->name = NULL;
    if (kind == MNID_STRING && !(e->name = WStrDup(name)))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    e->propId = propId;
    m->c++;
    return S_OK;
}

HRESULT Named_Init(NamedMap *m)
{
    m->nextId = NAMED_FIRST;
    for (size_t i = 0; i < ARRAY_COUNT(g_predefined); i++) {
        HRESULT hr = Add(m, g_predefined[i].guid, MNID_STRING, 0, g_predefined[i].name,
                         g_predefined[i].propId);
        if (hr != S_OK)
            return hr;
        if (g_predefined[i].propId >= m->nextId)
            m->nextId = g_predefined[i].propId + 1;
    }
    return S_OK;
}

void Named_Free(NamedMap *m)
{
    for (ULONG i = 0; i < m->c; i++)
        free(m->e[i].name);
    free(m->e);
    memset(m, 0, sizeof *m);
}

static const NamedEntry *FindName(const NamedMap *m, const MAPINAMEID *n)
{
    for (ULONG i = 0; i < m->c; i++) {
        const NamedEntry *e = &m->e[i];
        if (e->kind != n->ulKind || !IsEqualGUID(&e->guid, n->lpguid))
            continue;
        if (e->kind == MNID_ID ? e->lid == n->Kind.lID : WStrEq(e->name, n->Kind.lpwstrName))
            return e;
    }
    return NULL;
}

static const NamedEntry *FindId(const NamedMap *m, ULONG propId)
{
    for (ULONG i = 0; i < m->c; i++)
        if (m->e[i].propId == propId)
            return &m->e[i];
    return NULL;
}

HRESULT Named_GetIDsFromNames(StoreRec *s, ULONG cPropNames, LPMAPINAMEID *lppPropNames,
                              ULONG ulFlags, LPSPropTagArray *lppPropTags)
{
    NamedMap *m = &s->named;
    if (!lppPropTags)
        return MAPI_E_INVALID_PARAMETER;
    *lppPropTags = NULL;
    if (ulFlags & ~MAPI_CREATE)
        return MAPI_E_UNKNOWN_FLAGS;
    /* cPropNames 0 with no names: every mapped property. */
    int all = cPropNames == 0 && !lppPropNames;
    if (!all && (!cPropNames || !lppPropNames))
        return MAPI_E_INVALID_PARAMETER;
    for (ULONG i = 0; !all && i < cPropNames; i++) {
        const MAPINAMEID *n = lppPropNames[i];
        if (!n || !n->lpguid || (n->ulKind != MNID_ID && n->ulKind != MNID_STRING) ||
            (n->ulKind == MNID_STRING && !n->Kind.lpwstrName))
            return MAPI_E_INVALID_PARAMETER;
    }
    ULONG count = all ? m->c : cPropNames;
    LPSPropTagArray tags = NULL;
    HRESULT hr = MAPIAllocateBuffer((ULONG)CbNewSPropTagArray(count), (void **)&tags);
    if (hr != S_OK)
        return hr;
    tags->cValues = count;
    int errors = 0;
    for (ULONG i = 0; i < count; i++) {
        if (all) {
            tags->aulPropTag[i] = PROP_TAG(PT_UNSPECIFIED, m->e[i].propId);
            continue;
        }
        const NamedEntry *e = FindName(m, lppPropNames[i]);
        if (!e && (ulFlags & MAPI_CREATE) && m->nextId <= NAMED_LAST) {
            const MAPINAMEID *n = lppPropNames[i];
            if (Add(m, n->lpguid, n->ulKind, n->Kind.lID, n->Kind.lpwstrName, m->nextId) == S_OK) {
                e = &m->e[m->c - 1];
                m->nextId++;
                s->ds->changeGen++; /* a new mapping is a change (store=PATH saves it) */
            }
        }
        if (e) {
            tags->aulPropTag[i] = PROP_TAG(PT_UNSPECIFIED, e->propId);
        } else {
            tags->aulPropTag[i] = PROP_TAG(PT_ERROR, 0);
            errors = 1;
        }
    }
    *lppPropTags = tags;
    return errors ? MAPI_W_ERRORS_RETURNED : S_OK;
}

/* One MAPINAMEID (with its GUID and name) chained to root. */
static LPMAPINAMEID NameToMapi(void *root, const NamedEntry *e)
{
    LPMAPINAMEID n = Alloc_More(root, sizeof *n);
    GUID *g = Alloc_More(root, sizeof *g);
    if (!n || !g)
        return NULL;
    *g = e->guid;
    n->lpguid = g;
    n->ulKind = e->kind;
    if (e->kind == MNID_ID) {
        n->Kind.lpwstrName = NULL; /* clear the whole union on x64 */
        n->Kind.lID = e->lid;
    } else {
        size_t len = WStrLen(e->name) + 1;
        WCHAR *w = Alloc_More(root, len * sizeof(WCHAR));
        if (!w)
            return NULL;
        memcpy(w, e->name, len * sizeof(WCHAR));
        n->Kind.lpwstrName = w;
    }
    return n;
}

HRESULT Named_GetNamesFromIDs(StoreRec *s, LPSPropTagArray *lppPropTags, LPGUID lpPropSetGuid,
                              ULONG ulFlags, ULONG *lpcPropNames, LPMAPINAMEID **lpppPropNames)
{
    NamedMap *m = &s->named;
    if (!lppPropTags || !lpcPropNames || !lpppPropNames)
        return MAPI_E_INVALID_PARAMETER;
    *lpcPropNames = 0;
    *lpppPropNames = NULL;
    if (ulFlags & ~(MAPI_NO_STRINGS | MAPI_NO_IDS))
        return MAPI_E_UNKNOWN_FLAGS;

    HRESULT hr;
    LPSPropTagArray tags = *lppPropTags;
    const NamedEntry **found = NULL;
    ULONG count = 0;
    int errors = 0, allocatedTags = 0;
    if (!tags) {
        /* Every mapped name (of lpPropSetGuid, if given); the tags are returned too. */
        found = malloc((m->c ? m->c : 1) * sizeof *found);
        if (!found)
            return MAPI_E_NOT_ENOUGH_MEMORY;
        for (ULONG i = 0; i < m->c; i++) {
            const NamedEntry *e = &m->e[i];
            if (lpPropSetGuid && !IsEqualGUID(&e->guid, lpPropSetGuid))
                continue;
            if ((e->kind == MNID_STRING && (ulFlags & MAPI_NO_STRINGS)) ||
                (e->kind == MNID_ID && (ulFlags & MAPI_NO_IDS)))
                continue;
            found[count++] = e;
        }
        hr = MAPIAllocateBuffer((ULONG)CbNewSPropTagArray(count), (void **)&tags);
        if (hr != S_OK) {
            free(found);
            return hr;
        }
        tags->cValues = count;
        for (ULONG i = 0; i < count; i++)
            tags->aulPropTag[i] = PROP_TAG(PT_UNSPECIFIED, found[i]->propId);
        allocatedTags = 1;
    } else {
        count = tags->cValues;
        found = malloc((count ? count : 1) * sizeof *found);
        if (!found)
            return MAPI_E_NOT_ENOUGH_MEMORY;
        for (ULONG i = 0; i < count; i++) {
            found[i] = FindId(m, PROP_ID(tags->aulPropTag[i]));
            if (found[i] && lpPropSetGuid && !IsEqualGUID(&found[i]->guid, lpPropSetGuid))
                found[i] = NULL;
            errors |= found[i] == NULL;
        }
    }

    LPMAPINAMEID *names = NULL;
    hr = MAPIAllocateBuffer((ULONG)((count ? count : 1) * sizeof *names), (void **)&names);
    for (ULONG i = 0; hr == S_OK && i < count; i++) {
        names[i] = NULL; /* no name for that id */
        if (found[i] && !(names[i] = NameToMapi(names, found[i])))
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
    }
    free(found);
    if (hr != S_OK) {
        MAPIFreeBuffer(names);
        if (allocatedTags)
            MAPIFreeBuffer(tags);
        return hr;
    }
    if (allocatedTags)
        *lppPropTags = tags;
    *lpcPropNames = count;
    *lpppPropNames = names;
    return errors ? MAPI_W_ERRORS_RETURNED : S_OK;
}

/* ---- The IMAPIProp methods, shared by stores, folders and messages --------------------------- */
HRESULT Obj_GetIDsFromNames(ObjHeader *h, StoreRec *s, ULONG cPropNames, LPMAPINAMEID *lppPropNames,
                            ULONG ulFlags, LPSPropTagArray *lppPropTags)
{
    HRESULT hr = Obj_Enter(h, "GetIDsFromNames", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    DS_Lock(h->ds);
    hr = Named_GetIDsFromNames(s, cPropNames, lppPropNames, ulFlags, lppPropTags);
    DS_Unlock(h->ds);
    return FAILED(hr) ? Obj_Fail(h, "GetIDsFromNames", hr, "cannot map the names") : hr;
}

HRESULT Obj_GetNamesFromIDs(ObjHeader *h, StoreRec *s, LPSPropTagArray *lppPropTags,
                            LPGUID lpPropSetGuid, ULONG ulFlags, ULONG *lpcPropNames,
                            LPMAPINAMEID **lpppPropNames)
{
    HRESULT hr = Obj_Enter(h, "GetNamesFromIDs", ENTER_NORMAL);
    if (hr != S_OK)
        return hr;
    DS_Lock(h->ds);
    hr = Named_GetNamesFromIDs(s, lppPropTags, lpPropSetGuid, ulFlags, lpcPropNames, lpppPropNames);
    DS_Unlock(h->ds);
    return FAILED(hr) ? Obj_Fail(h, "GetNamesFromIDs", hr, "cannot map the ids") : hr;
}
