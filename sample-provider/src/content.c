/*
 * content.c - recipients and attachments as records (see content.h).
 */
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "mapi_msg.h"

void Subs_Free(SubObjs *s)
{
    for (ULONG i = 0; i < s->cRecips; i++)
        Bag_Free(&s->recips[i].props);
    for (ULONG i = 0; i < s->cAtts; i++) {
        Bag_Free(&s->atts[i].props);
        Content_Free(s->atts[i].embedded);
    }
    free(s->recips);
    free(s->atts);
    memset(s, 0, sizeof *s);
}

void Content_Free(MsgContent *c)
{
    if (!c)
        return;
    Bag_Free(&c->props);
    Subs_Free(&c->subs);
    free(c);
}

HRESULT Content_Copy(const MsgContent *src, MsgContent **out)
{
    *out = NULL;
    if (!src)
        return S_OK;
    MsgContent *c = calloc(1, sizeof *c);
    if (!c)
        return MAPI_E_NOT_ENOUGH_MEMORY;
    if (Bag_CopyFrom(&c->props, &src->props) != S_OK || Subs_CopyFrom(&c->subs, &src->subs) != S_OK) {
        Content_Free(c);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    *out = c;
    return S_OK;
}

static int Grow(void **p, ULONG *cap, ULONG need, size_t elem)
{
    if (need <= *cap)
        return 1;
    ULONG n = *cap ? *cap * 2 : 4;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, (size_t)n * elem);
    if (!q)
        return 0;
    *p = q;
    *cap = n;
    return 1;
}

HRESULT Subs_CopyFrom(SubObjs *dst, const SubObjs *src)
{
    memset(dst, 0, sizeof *dst);
    dst->nextRowId = src->nextRowId;
    dst->nextAttNum = src->nextAttNum;
    if (!Grow((void **)&dst->recips, &dst->capRecips, src->cRecips, sizeof *dst->recips) ||
        !Grow((void **)&dst->atts, &dst->capAtts, src->cAtts, sizeof *dst->atts))
        goto oom;
    for (ULONG i = 0; i < src->cRecips; i++) {
        RecipRec *r = &dst->recips[dst->cRecips++];
        memset(r, 0, sizeof *r);
        r->rowId = src->recips[i].rowId;
        if (Bag_CopyFrom(&r->props, &src->recips[i].props) != S_OK)
            goto oom;
    }
    for (ULONG i = 0; i < src->cAtts; i++) {
        AttachRec *a = &dst->atts[dst->cAtts++];
        memset(a, 0, sizeof *a);
        a->num = src->atts[i].num;
        if (Bag_CopyFrom(&a->props, &src->atts[i].props) != S_OK ||
            Content_Copy(src->atts[i].embedded, &a->embedded) != S_OK)
            goto oom;
    }
    return S_OK;
oom:
    Subs_Free(dst);
    return MAPI_E_NOT_ENOUGH_MEMORY;
}

RecipRec *Subs_FindRecip(SubObjs *s, ULONG rowId)
{
    for (ULONG i = 0; i < s->cRecips; i++)
        if (s->recips[i].rowId == rowId)
            return &s->recips[i];
    return NULL;
}

AttachRec *Subs_FindAttach(SubObjs *s, ULONG num)
{
    for (ULONG i = 0; i < s->cAtts; i++)
        if (s->atts[i].num == num)
            return &s->atts[i];
    return NULL;
}

/* A recipient's stored values: the caller's, without PR_ROWID (the provider's) and PR_NULL. */
static HRESULT FillRecip(PropBag *bag, const SPropValue *props, ULONG c, ULONG rowId)
{
    for (ULONG i = 0; i < c; i++) {
        ULONG id = PROP_ID(props[i].ulPropTag);
        if (props[i].ulPropTag == PR_NULL || id == PROP_ID(PR_ROWID) ||
            PROP_TYPE(props[i].ulPropTag) == PT_ERROR)
            continue;
        HRESULT hr = Bag_Set(bag, &props[i]);
        if (hr != S_OK)
            return hr;
    }
    return Bag_SetLong(bag, PR_ROWID, (LONG)rowId);
}

HRESULT Subs_AddRecip(SubObjs *s, const SPropValue *props, ULONG c, ULONG *rowId)
{
    if (!Grow((void **)&s->recips, &s->capRecips, s->cRecips + 1, sizeof *s->recips))
        return MAPI_E_NOT_ENOUGH_MEMORY;
    RecipRec *r = &s->recips[s->cRecips];
    memset(r, 0, sizeof *r);
    r->rowId = s->nextRowId;
    HRESULT hr = FillRecip(&r->props, props, c, r->rowId);
    if (hr != S_OK) {
        Bag_Free(&r->props);
        return hr;
    }
    s->cRecips++;
    s->nextRowId++;
    if (rowId)
        *rowId = r->rowId;
    return S_OK;
}

HRESULT Subs_ReplaceRecip(RecipRec *r, const SPropValue *props, ULONG c)
{
    PropBag nb = {0};
    HRESULT hr = FillRecip(&nb, props, c, r->rowId);
    if (hr != S_OK) {
        Bag_Free(&nb);
        return hr;
    }
    Bag_Free(&r->props);
    r->props = nb;
    return S_OK;
}

void Subs_RemoveRecip(SubObjs *s, ULONG rowId)
{
    for (ULONG i = 0; i < s->cRecips; i++)
        if (s->recips[i].rowId == rowId) {
            Bag_Free(&s->recips[i].props);
            memmove(&s->recips[i], &s->recips[i + 1], (s->cRecips - i - 1) * sizeof *s->recips);
            s->cRecips--;
            return;
        }
}

HRESULT Subs_PutAttach(SubObjs *s, ULONG num, const PropBag *props, const MsgContent *embedded)
{
    PropBag nb = {0};
    MsgContent *ne = NULL;
    if (Bag_CopyFrom(&nb, props) != S_OK || Content_Copy(embedded, &ne) != S_OK) {
        Bag_Free(&nb);
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    AttachRec *a = Subs_FindAttach(s, num);
    if (!a) {
        if (!Grow((void **)&s->atts, &s->capAtts, s->cAtts + 1, sizeof *s->atts)) {
            Bag_Free(&nb);
            Content_Free(ne);
            return MAPI_E_NOT_ENOUGH_MEMORY;
        }
        a = &s->atts[s->cAtts++];
        memset(a, 0, sizeof *a);
        a->num = num;
        if (num >= s->nextAttNum)
            s->nextAttNum = num + 1;
    } else {
        Bag_Free(&a->props);
        Content_Free(a->embedded);
    }
    a->props = nb;
    a->embedded = ne;
    return S_OK;
}

int Subs_RemoveAttach(SubObjs *s, ULONG num)
{
    for (ULONG i = 0; i < s->cAtts; i++)
        if (s->atts[i].num == num) {
            Bag_Free(&s->atts[i].props);
            Content_Free(s->atts[i].embedded);
            memmove(&s->atts[i], &s->atts[i + 1], (s->cAtts - i - 1) * sizeof *s->atts);
            s->cAtts--;
            return 1;
        }
    return 0;
}

static ULONG BagSize(const PropBag *b)
{
    ULONG n = 0;
    for (ULONG i = 0; i < b->c; i++)
        n += Prop_Size(b->v[i]);
    return n;
}

static ULONG SubsSize(const SubObjs *s)
{
    ULONG n = 0;
    for (ULONG i = 0; i < s->cRecips; i++)
        n += BagSize(&s->recips[i].props);
    for (ULONG i = 0; i < s->cAtts; i++)
        n += Attach_Size(&s->atts[i].props, s->atts[i].embedded);
    return n;
}

ULONG Attach_Size(const PropBag *props, const MsgContent *embedded)
{
    ULONG n = BagSize(props);
    if (embedded)
        n += BagSize(&embedded->props) + SubsSize(&embedded->subs);
    return n;
}

/* "A; B; C" of the recipients of one type, or NULL when there are none (malloc'ed). */
static WCHAR *JoinNames(const SubObjs *s, ULONG type)
{
    size_t len = 0;
    for (int pass = 0; pass < 2; pass++) {
        WCHAR *out = pass ? malloc((len + 1) * sizeof(WCHAR)) : NULL;
        size_t at = 0;
        if (pass && !out)
            return NULL;
        for (ULONG i = 0; i < s->cRecips; i++) {
            const SPropValue *t = Bag_Get(&s->recips[i].props, PROP_ID(PR_RECIPIENT_TYPE));
            const SPropValue *n = Bag_Get(&s->recips[i].props, PROP_ID(PR_DISPLAY_NAME_W));
            if (!t || (t->Value.ul & ~(MAPI_P1 | MAPI_SUBMITTED)) != type || !n)
                continue;
            WCHAR *w = PROP_TYPE(n->ulPropTag) == PT_UNICODE ? NULL : WStrFromA(n->Value.lpszA);
            const WCHAR *name = w ? w : PROP_TYPE(n->ulPropTag) == PT_UNICODE ? n->Value.lpszW : u"";
            size_t nl = WStrLen(name);
            if (at) {
                if (pass)
                    out[at] = ';', out[at + 1] = ' ';
                at += 2;
            }
            if (pass)
                memcpy(out + at, name, nl * sizeof(WCHAR));
            at += nl;
            free(w);
        }
        if (!pass) {
            if (!at)
                return NULL;
            len = at;
        } else {
            out[at] = 0;
            return out;
        }
    }
    return NULL;
}

HRESULT Subs_StampSummary(PropBag *bag, const SubObjs *subs)
{
    static const ULONG displayTags[3] = {PR_DISPLAY_TO_W, PR_DISPLAY_CC_W, PR_DISPLAY_BCC_W};
    static const ULONG types[3] = {MAPI_TO, MAPI_CC, MAPI_BCC};
    HRESULT hr = S_OK;
    for (int i = 0; i < 3 && hr == S_OK; i++) {
        WCHAR *names = JoinNames(subs, types[i]);
        if (!names) {
            Bag_Delete(bag, PROP_ID(displayTags[i]));
            continue;
        }
        hr = Bag_SetW(bag, displayTags[i], names);
        free(names);
    }
    if (hr != S_OK)
        return hr;
    if ((hr = Bag_SetBool(bag, PR_HASATTACH, subs->cAtts > 0)) != S_OK)
        return hr;
    const SPropValue *f = Bag_Get(bag, PROP_ID(PR_MESSAGE_FLAGS));
    ULONG flags = f && PROP_TYPE(f->ulPropTag) == PT_LONG ? f->Value.ul : 0;
    flags = subs->cAtts ? flags | MSGFLAG_HASATTACH : flags & ~MSGFLAG_HASATTACH;
    return Bag_SetLong(bag, PR_MESSAGE_FLAGS, (LONG)flags);
}
