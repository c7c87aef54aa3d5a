/*
 * abprops.c - the properties of address book entries, containers and one-offs, and the ADRLIST
 * rows ResolveName and ResolveNames fill (README.md "The address book").
 */
#include <stdlib.h>
#include <string.h>

#include "ab.h"

/* A string value, or none for a NULL string (an entry without that property). */
static const SPropValue *WVal(Arena *a, ULONG tag, const WCHAR *s)
{
    return s ? Val_WStr(a, tag, s) : NULL;
}

/* PR_SEARCH_KEY of an address: "TYPE:ADDRESS" in upper case, 8-bit, with its NUL (what MAPI's
 * address book providers make of it). Non-ASCII characters become '?'. */
static const SPropValue *SearchKey(Arena *a, const WCHAR *type, const WCHAR *addr)
{
    size_t nt = WStrLen(type), na = WStrLen(addr), n = nt + 1 + na + 1;
    BYTE *k = Arena_Alloc(a, n);
    if (!k)
        return NULL;
    for (size_t i = 0; i < nt + 1 + na; i++) {
        WCHAR c = i < nt ? type[i] : i == nt ? ':' : addr[i - nt - 1];
        k[i] = c >= 'a' && c <= 'z' ? (BYTE)(c - 32) : c < 0x80 ? (BYTE)c : '?';
    }
    k[n - 1] = 0;
    return Val_Bin(a, PR_SEARCH_KEY, k, (ULONG)n);
}

static const WCHAR *const g_containerNames[AB_CONTAINERS] = {
    u"Sample Address Book", u"Sample Directory", u"Sample Contacts"};
static const BYTE g_providerId[16] = {'K', 'M', 'A', 'P', 'I', '-', 'S', 'A',
                                      'M', 'P', 'L', 'E', '-', 'A', 'D', 'R'};

static const SPropValue *ContainerProp(ULONG id, ULONG propId, Arena *a)
{
    BYTE eid[AB_EID_SIZE];
    switch (propId) {
    case PROP_ID(PR_ENTRYID):
    case PROP_ID(PR_RECORD_KEY):
        AbId_Write(MAPI_ABCONT, id, eid);
        return Val_Bin(a, PROP_TAG(PT_BINARY, propId), eid, AB_EID_SIZE);
    case PROP_ID(PR_DISPLAY_NAME_W): return WVal(a, PR_DISPLAY_NAME_W, g_containerNames[id]);
    case PROP_ID(PR_OBJECT_TYPE): return Val_Long(a, PR_OBJECT_TYPE, MAPI_ABCONT);
    case PROP_ID(PR_DISPLAY_TYPE):
        return Val_Long(a, PR_DISPLAY_TYPE, id == AB_DIRECTORY ? DT_GLOBAL : DT_NOT_SPECIFIC);
    case PROP_ID(PR_CONTAINER_FLAGS):
        return Val_Long(a, PR_CONTAINER_FLAGS,
                       (id == AB_ROOT ? AB_SUBCONTAINERS : AB_RECIPIENTS) | AB_UNMODIFIABLE);
    case PROP_ID(PR_AB_PROVIDER_ID): return Val_Bin(a, PR_AB_PROVIDER_ID, g_providerId, 16);
    default: return NULL;
    }
}

static const SPropValue *OneOffProp(const AbId *o, ULONG propId, Arena *a)
{
    switch (propId) {
    case PROP_ID(PR_ENTRYID):
    case PROP_ID(PR_RECORD_KEY): {
        ULONG cb = 0;
        LPENTRYID eid = NULL;
        if (AbOneOff_ToMapi(o->ooName, o->ooType, o->ooAddr, 1, 1, &cb, &eid) != S_OK)
            return NULL;
        const SPropValue *v = Val_Bin(a, PROP_TAG(PT_BINARY, propId), eid, cb);
        MAPIFreeBuffer(eid);
        return v;
    }
    case PROP_ID(PR_DISPLAY_NAME_W): return WVal(a, PR_DISPLAY_NAME_W, o->ooName);
    case PROP_ID(PR_ADDRTYPE_W): return WVal(a, PR_ADDRTYPE_W, o->ooType);
    case PROP_ID(PR_EMAIL_ADDRESS_W): return WVal(a, PR_EMAIL_ADDRESS_W, o->ooAddr);
    case PROP_ID(PR_SMTP_ADDRESS_W):
        return WStrLen(o->ooType) == 4 && FoldCase(o->ooType[0]) == 's' &&
                       FoldCase(o->ooType[1]) == 'm' && FoldCase(o->ooType[2]) == 't' &&
                       FoldCase(o->ooType[3]) == 'p'
                   ? WVal(a, PR_SMTP_ADDRESS_W, o->ooAddr)
                   : NULL;
    case PROP_ID(PR_OBJECT_TYPE): return Val_Long(a, PR_OBJECT_TYPE, MAPI_MAILUSER);
    case PROP_ID(PR_DISPLAY_TYPE): return Val_Long(a, PR_DISPLAY_TYPE, DT_MAILUSER);
    case PROP_ID(PR_SEARCH_KEY): return SearchKey(a, o->ooType, o->ooAddr);
    default: return NULL;
    }
}

static const SPropValue *EntryProp(const AbDir *d, ULONG i, ULONG propId, Arena *a)
{
    const AbEntry *e = &d->e[i];
    BYTE eid[AB_EID_SIZE];
    switch (propId) {
    case PROP_ID(PR_ENTRYID):
    case PROP_ID(PR_RECORD_KEY):
        AbId_Write(e->type, i, eid);
        return Val_Bin(a, PROP_TAG(PT_BINARY, propId), eid, AB_EID_SIZE);
    case PROP_ID(PR_DISPLAY_NAME_W): return WVal(a, PR_DISPLAY_NAME_W, e->name);
    case PROP_ID(PR_TRANSMITABLE_DISPLAY_NAME_W):
        return WVal(a, PR_TRANSMITABLE_DISPLAY_NAME_W, e->name);
    case PROP_ID(PR_GIVEN_NAME_W): return WVal(a, PR_GIVEN_NAME_W, e->given);
    case PROP_ID(PR_SURNAME_W): return WVal(a, PR_SURNAME_W, e->surname);
    case PROP_ID(PR_ACCOUNT_W): return WVal(a, PR_ACCOUNT_W, e->account);
    case PROP_ID(PR_DEPARTMENT_NAME_W): return WVal(a, PR_DEPARTMENT_NAME_W, e->dept);
    case PROP_ID(PR_COMPANY_NAME_W):
        return e->container == AB_DIRECTORY && e->type == MAPI_MAILUSER
                   ? WVal(a, PR_COMPANY_NAME_W, u"Sample Corp")
                   : NULL;
    case PROP_ID(PR_EMAIL_ADDRESS_W): return WVal(a, PR_EMAIL_ADDRESS_W, e->email);
    case PROP_ID(PR_SMTP_ADDRESS_W): return WVal(a, PR_SMTP_ADDRESS_W, e->email);
    case PROP_ID(PR_ADDRTYPE_W): return WVal(a, PR_ADDRTYPE_W, u"SMTP");
    case PROP_ID(PR_OBJECT_TYPE): return Val_Long(a, PR_OBJECT_TYPE, e->type);
    case PROP_ID(PR_DISPLAY_TYPE):
        return Val_Long(a, PR_DISPLAY_TYPE, e->type == MAPI_DISTLIST ? DT_DISTLIST : DT_MAILUSER);
    case PROP_ID(PR_SEARCH_KEY): return SearchKey(a, u"SMTP", e->email);
    default: return NULL;
    }
}

const SPropValue *Ab_Prop(const AbSubject *s, ULONG propId, Arena *scratch)
{
    if (s->oneOff)
        return OneOffProp(s->oneOff, propId, scratch);
    if (s->type == MAPI_ABCONT)
        return ContainerProp(s->id, propId, scratch);
    if (s->type == MAPI_ADDRBOOK)
        return propId == PROP_ID(PR_OBJECT_TYPE) ? Val_Long(scratch, PR_OBJECT_TYPE, MAPI_ADDRBOOK)
                                                 : NULL;
    return EntryProp(s->dir, s->id, propId, scratch);
}

static const ULONG g_entryTags[] = {
    PR_ENTRYID,        PR_RECORD_KEY,      PR_SEARCH_KEY,       PR_DISPLAY_NAME_W,
    PR_TRANSMITABLE_DISPLAY_NAME_W,        PR_GIVEN_NAME_W,     PR_SURNAME_W,
    PR_ACCOUNT_W,      PR_DEPARTMENT_NAME_W, PR_COMPANY_NAME_W, PR_EMAIL_ADDRESS_W,
    PR_SMTP_ADDRESS_W, PR_ADDRTYPE_W,      PR_OBJECT_TYPE,      PR_DISPLAY_TYPE,
};
static const ULONG g_containerTags[] = {PR_ENTRYID,      PR_RECORD_KEY,      PR_DISPLAY_NAME_W,
                                        PR_OBJECT_TYPE,  PR_DISPLAY_TYPE,    PR_CONTAINER_FLAGS,
                                        PR_AB_PROVIDER_ID};

HRESULT Ab_Tags(const AbSubject *s, TagList *out)
{
    const ULONG *tags = s->type == MAPI_ABCONT ? g_containerTags : g_entryTags;
    ULONG n = s->type == MAPI_ABCONT ? ARRAY_COUNT(g_containerTags)
              : s->type == MAPI_ADDRBOOK ? 0
                                         : ARRAY_COUNT(g_entryTags);
    Arena a = {0};
    HRESULT hr = S_OK;
    if (s->type == MAPI_ADDRBOOK && !TagList_Add(out, PR_OBJECT_TYPE))
        hr = MAPI_E_NOT_ENOUGH_MEMORY;
    for (ULONG i = 0; hr == S_OK && i < n; i++)
        if (Ab_Prop(s, PROP_ID(tags[i]), &a) && !TagList_AddUnique(out, tags[i]))
            hr = MAPI_E_NOT_ENOUGH_MEMORY;
    Arena_Free(&a);
    return hr;
}

static const SPropValue *SrcGet(const PropSource *src, ULONG propId, Arena *scratch)
{
    return Ab_Prop(src->a, propId, scratch);
}
static HRESULT SrcList(const PropSource *src, TagList *out) { return Ab_Tags(src->a, out); }

void Ab_Source(const AbSubject *s, PropSource *out)
{
    memset(out, 0, sizeof *out);
    out->get = SrcGet;
    out->list = SrcList;
    out->a = (void *)s;
}

/* ==============================================================================================
 * ADRLIST rows
 * ============================================================================================ */
static const ULONG g_resolvedTags[] = {PR_ENTRYID,     PR_DISPLAY_NAME_W, PR_EMAIL_ADDRESS_W,
                                       PR_ADDRTYPE_W,  PR_OBJECT_TYPE,    PR_DISPLAY_TYPE,
                                       PR_SEARCH_KEY,  PR_SMTP_ADDRESS_W};

HRESULT Ab_CheckAdrList(const ADRLIST *l)
{
    if (!l)
        return MAPI_E_INVALID_PARAMETER;
    for (ULONG i = 0; i < l->cEntries; i++)
        if (l->aEntries[i].cValues && !l->aEntries[i].rgPropVals)
            return MAPI_E_INVALID_PARAMETER;
    return S_OK;
}

WCHAR *Ab_RowName(const ADRENTRY *row)
{
    for (ULONG i = 0; i < row->cValues; i++) {
        const SPropValue *v = &row->rgPropVals[i];
        if (v->ulPropTag == PR_DISPLAY_NAME_W && v->Value.lpszW)
            return WStrDup(v->Value.lpszW);
        if (v->ulPropTag == PROP_TAG(PT_STRING8, PROP_ID(PR_DISPLAY_NAME_W)) && v->Value.lpszA)
            return WStrFromA(v->Value.lpszA);
    }
    return NULL;
}

int Ab_RowResolved(const ADRENTRY *row)
{
    for (ULONG i = 0; i < row->cValues; i++)
        if (row->rgPropVals[i].ulPropTag == PR_ENTRYID)
            return 1;
    return 0;
}

HRESULT Ab_FillRow(const AbSubject *s, const SPropTagArray *lpTags, ADRENTRY *row)
{
    const ULONG *tags = lpTags ? lpTags->aulPropTag : g_resolvedTags;
    ULONG nTags = lpTags ? lpTags->cValues : ARRAY_COUNT(g_resolvedTags);
    ULONG keep = 0;
    for (ULONG i = 0; i < row->cValues; i++) {
        ULONG id = PROP_ID(row->rgPropVals[i].ulPropTag), k = 0;
        while (k < nTags && PROP_ID(tags[k]) != id)
            k++;
        keep += k == nTags && PROP_TYPE(row->rgPropVals[i].ulPropTag) != PT_ERROR;
    }
    SPropValue *out = NULL;
    SCODE sc = MAPIAllocateBuffer((ULONG)((nTags + keep) * sizeof *out), (void **)&out);
    if (sc != S_OK)
        return sc;
    Arena a = {0};
    for (ULONG k = 0; k < nTags; k++) {
        ULONG tag = PROP_TYPE(tags[k]) == PT_UNSPECIFIED ? PROP_TAG(PT_UNICODE, PROP_ID(tags[k]))
                                                         : tags[k];
        Props_CopyOut(out, &out[k], tag, Ab_Prop(s, PROP_ID(tags[k]), &a), MAPI_UNICODE, 0);
    }
    Arena_Free(&a);
    ULONG n = nTags;
    for (ULONG i = 0; i < row->cValues && sc == S_OK; i++) {
        const SPropValue *v = &row->rgPropVals[i];
        ULONG k = 0;
        while (k < nTags && PROP_ID(tags[k]) != PROP_ID(v->ulPropTag))
            k++;
        if (k == nTags && PROP_TYPE(v->ulPropTag) != PT_ERROR)
            sc = Prop_CopyToMapi(&out[n++], v, PROP_TYPE(v->ulPropTag), out);
    }
    if (sc != S_OK) {
        MAPIFreeBuffer(out);
        return sc;
    }
    MAPIFreeBuffer(row->rgPropVals);
    row->rgPropVals = out;
    row->cValues = n;
    return S_OK;
}
