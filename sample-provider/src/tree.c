/*
 * tree.c - property values that are trees (PT_SRESTRICTION, PT_ACTIONS): checked, sized and
 * deep-copied into one block, the way props.c copies every other value (size pass, then a bump
 * copy), so a stored value and a GetProps result are each a single allocation.
 */
#include <string.h>

#include "props.h"

#define MAX_DEPTH 64

void *Bump_Take(Bump *b, size_t cb)
{
    void *r = b->p;
    b->p += ROUND8(cb);
    return r;
}

/* ---- SPropValue arrays inside trees ---------------------------------------------------------- */
static size_t ValuesSize(const SPropValue *v, ULONG n)
{
    if (!n || !v)
        return 0;
    size_t cb = ROUND8(n * sizeof(SPropValue));
    for (ULONG i = 0; i < n; i++)
        cb += Prop_PayloadSize(&v[i], PROP_TYPE(v[i].ulPropTag));
    return cb;
}

static SPropValue *ValuesCopy(const SPropValue *src, ULONG n, Bump *b)
{
    if (!n || !src)
        return NULL;
    SPropValue *dst = Bump_Take(b, n * sizeof(SPropValue));
    for (ULONG i = 0; i < n; i++) {
        ULONG t = PROP_TYPE(src[i].ulPropTag);
        Prop_CopyInto(&dst[i], &src[i], t, Bump_Take(b, Prop_PayloadSize(&src[i], t)));
    }
    return dst;
}

static SCODE ValuesCheck(const SPropValue *v, ULONG n)
{
    if (n && !v)
        return MAPI_E_BAD_VALUE;
    for (ULONG i = 0; i < n; i++)
        if (Prop_Validate(&v[i]) != S_OK)
            return MAPI_E_BAD_VALUE;
    return S_OK;
}

/* ---- Restrictions ---------------------------------------------------------------------------- */
/* The one child of RES_NOT, RES_SUBRESTRICTION, RES_COUNT and RES_COMMENT (NULL if none). RES_COUNT
 * ({ ULONG ulCount; LPSRestriction lpRes; }) has SSubRestriction's layout. */
static const SRestriction *OnlyChild(const SRestriction *r)
{
    switch (r->rt) {
    case RES_NOT: return r->res.resNot.lpRes;
    case RES_SUBRESTRICTION:
    case RES_COUNT: return r->res.resSub.lpRes;
    case RES_COMMENT: return r->res.resComment.lpRes;
    default: return NULL;
    }
}

static SCODE ResCheck(const SRestriction *r, int depth)
{
    if (depth > MAX_DEPTH)
        return MAPI_E_BAD_VALUE;
    switch (r->rt) {
    case RES_AND:
    case RES_OR:
        if (r->res.resAnd.cRes && !r->res.resAnd.lpRes)
            return MAPI_E_BAD_VALUE;
        for (ULONG i = 0; i < r->res.resAnd.cRes; i++)
            if (ResCheck(&r->res.resAnd.lpRes[i], depth + 1) != S_OK)
                return MAPI_E_BAD_VALUE;
        return S_OK;
    case RES_NOT:
    case RES_SUBRESTRICTION:
        return OnlyChild(r) ? ResCheck(OnlyChild(r), depth + 1) : MAPI_E_BAD_VALUE;
    case RES_COUNT:
    case RES_COMMENT:
        if (r->rt == RES_COMMENT && ValuesCheck(r->res.resComment.lpProp, r->res.resComment.cValues))
            return MAPI_E_BAD_VALUE;
        return OnlyChild(r) ? ResCheck(OnlyChild(r), depth + 1) : S_OK;
    case RES_CONTENT: return r->res.resContent.lpProp ? ValuesCheck(r->res.resContent.lpProp, 1) : MAPI_E_BAD_VALUE;
    case RES_PROPERTY:
        return r->res.resProperty.lpProp ? ValuesCheck(r->res.resProperty.lpProp, 1) : MAPI_E_BAD_VALUE;
    case RES_COMPAREPROPS:
    case RES_BITMASK:
    case RES_SIZE:
    case RES_EXIST: return S_OK;
    default: return MAPI_E_BAD_VALUE;
    }
}

SCODE Tree_ResCheck(const SRestriction *r) { return r ? ResCheck(r, 0) : MAPI_E_BAD_VALUE; }

size_t Tree_ResSize(const SRestriction *r)
{
    size_t cb = 0;
    switch (r->rt) {
    case RES_AND:
    case RES_OR:
        if (!r->res.resAnd.cRes)
            return 0;
        cb = ROUND8(r->res.resAnd.cRes * sizeof(SRestriction));
        for (ULONG i = 0; i < r->res.resAnd.cRes; i++)
            cb += Tree_ResSize(&r->res.resAnd.lpRes[i]);
        return cb;
    case RES_CONTENT: return ValuesSize(r->res.resContent.lpProp, 1);
    case RES_PROPERTY: return ValuesSize(r->res.resProperty.lpProp, 1);
    case RES_COMMENT: cb = ValuesSize(r->res.resComment.lpProp, r->res.resComment.cValues); /* fall through */
    case RES_NOT:
    case RES_SUBRESTRICTION:
    case RES_COUNT: {
        const SRestriction *c = OnlyChild(r);
        return c ? cb + ROUND8(sizeof(SRestriction)) + Tree_ResSize(c) : cb;
    }
    default: return 0; /* leaves: everything is in the union */
    }
}

void Tree_ResCopy(SRestriction *dst, const SRestriction *src, Bump *b)
{
    *dst = *src;
    switch (src->rt) {
    case RES_AND:
    case RES_OR: {
        ULONG n = src->res.resAnd.cRes;
        SRestriction *kids = n ? Bump_Take(b, n * sizeof(SRestriction)) : NULL;
        for (ULONG i = 0; i < n; i++)
            Tree_ResCopy(&kids[i], &src->res.resAnd.lpRes[i], b);
        dst->res.resAnd.lpRes = kids;
        return;
    }
    case RES_CONTENT: dst->res.resContent.lpProp = ValuesCopy(src->res.resContent.lpProp, 1, b); return;
    case RES_PROPERTY: dst->res.resProperty.lpProp = ValuesCopy(src->res.resProperty.lpProp, 1, b); return;
    case RES_COMMENT:
        dst->res.resComment.lpProp = ValuesCopy(src->res.resComment.lpProp, src->res.resComment.cValues, b);
        /* fall through */
    case RES_NOT:
    case RES_SUBRESTRICTION:
    case RES_COUNT: {
        const SRestriction *c = OnlyChild(src);
        SRestriction *copy = c ? Bump_Take(b, sizeof(SRestriction)) : NULL;
        if (copy)
            Tree_ResCopy(copy, c, b);
        if (src->rt == RES_NOT)
            dst->res.resNot.lpRes = copy;
        else if (src->rt == RES_COMMENT)
            dst->res.resComment.lpRes = copy;
        else
            dst->res.resSub.lpRes = copy;
        return;
    }
    default: return;
    }
}

/* ---- Rule actions ---------------------------------------------------------------------------- */
static size_t AdrListSize(const ADRLIST *l)
{
    size_t cb = ROUND8(CbNewADRLIST(l->cEntries));
    for (ULONG i = 0; i < l->cEntries; i++)
        cb += ValuesSize(l->aEntries[i].rgPropVals, l->aEntries[i].cValues);
    return cb;
}

static ADRLIST *AdrListCopy(const ADRLIST *src, Bump *b)
{
    ADRLIST *l = Bump_Take(b, CbNewADRLIST(src->cEntries));
    l->cEntries = src->cEntries;
    for (ULONG i = 0; i < src->cEntries; i++) {
        l->aEntries[i] = src->aEntries[i];
        l->aEntries[i].rgPropVals = ValuesCopy(src->aEntries[i].rgPropVals, src->aEntries[i].cValues, b);
    }
    return l;
}

static SCODE BytesCheck(ULONG cb, const void *p) { return cb && !p ? MAPI_E_BAD_VALUE : S_OK; }

static SCODE ActionCheck(const ACTION *a)
{
    if ((a->lpRes && Tree_ResCheck(a->lpRes) != S_OK))
        return MAPI_E_BAD_VALUE;
    switch (a->acttype) {
    case OP_MOVE:
    case OP_COPY:
        return BytesCheck(a->actMoveCopy.cbStoreEntryId, a->actMoveCopy.lpStoreEntryId) ||
                       BytesCheck(a->actMoveCopy.cbFldEntryId, a->actMoveCopy.lpFldEntryId)
                   ? MAPI_E_BAD_VALUE
                   : S_OK;
    case OP_REPLY:
    case OP_OOF_REPLY: return BytesCheck(a->actReply.cbEntryId, a->actReply.lpEntryId);
    case OP_DEFER_ACTION: return BytesCheck(a->actDeferAction.cbData, a->actDeferAction.pbData);
    case OP_FORWARD:
    case OP_DELEGATE:
        if (!a->lpadrlist)
            return MAPI_E_BAD_VALUE;
        for (ULONG i = 0; i < a->lpadrlist->cEntries; i++)
            if (ValuesCheck(a->lpadrlist->aEntries[i].rgPropVals, a->lpadrlist->aEntries[i].cValues))
                return MAPI_E_BAD_VALUE;
        return S_OK;
    case OP_TAG: return Prop_Validate(&a->propTag) == S_OK ? S_OK : MAPI_E_BAD_VALUE;
    case OP_BOUNCE:
    case OP_DELETE:
    case OP_MARK_AS_READ: return S_OK;
    default: return MAPI_E_BAD_VALUE;
    }
}

SCODE Tree_ActionsCheck(const ACTIONS *a)
{
    if (!a || a->ulVersion != EDK_RULES_VERSION || (a->cActions && !a->lpAction))
        return MAPI_E_BAD_VALUE;
    for (ULONG i = 0; i < a->cActions; i++)
        if (ActionCheck(&a->lpAction[i]) != S_OK)
            return MAPI_E_BAD_VALUE;
    return S_OK;
}

/* The payload of one action beyond the ACTION itself. */
static size_t ActionSize(const ACTION *a)
{
    size_t cb = a->lpRes ? ROUND8(sizeof(SRestriction)) + Tree_ResSize(a->lpRes) : 0;
    if (a->lpPropTagArray)
        cb += ROUND8(CbNewSPropTagArray(a->lpPropTagArray->cValues));
    switch (a->acttype) {
    case OP_MOVE:
    case OP_COPY: return cb + ROUND8(a->actMoveCopy.cbStoreEntryId) + ROUND8(a->actMoveCopy.cbFldEntryId);
    case OP_REPLY:
    case OP_OOF_REPLY: return cb + ROUND8(a->actReply.cbEntryId);
    case OP_DEFER_ACTION: return cb + ROUND8(a->actDeferAction.cbData);
    case OP_FORWARD:
    case OP_DELEGATE: return cb + AdrListSize(a->lpadrlist);
    case OP_TAG: return cb + Prop_PayloadSize(&a->propTag, PROP_TYPE(a->propTag.ulPropTag));
    default: return cb;
    }
}

static void *BytesCopy(const void *src, ULONG cb, Bump *b)
{
    if (!cb)
        return NULL;
    void *p = Bump_Take(b, cb);
    memcpy(p, src, cb);
    return p;
}

static void ActionCopy(ACTION *d, const ACTION *s, Bump *b)
{
    *d = *s;
    if (s->lpRes) {
        d->lpRes = Bump_Take(b, sizeof(SRestriction));
        Tree_ResCopy(d->lpRes, s->lpRes, b);
    }
    if (s->lpPropTagArray)
        d->lpPropTagArray = BytesCopy(s->lpPropTagArray, (ULONG)CbNewSPropTagArray(s->lpPropTagArray->cValues), b);
    switch (s->acttype) {
    case OP_MOVE:
    case OP_COPY:
        d->actMoveCopy.lpStoreEntryId = BytesCopy(s->actMoveCopy.lpStoreEntryId, s->actMoveCopy.cbStoreEntryId, b);
        d->actMoveCopy.lpFldEntryId = BytesCopy(s->actMoveCopy.lpFldEntryId, s->actMoveCopy.cbFldEntryId, b);
        break;
    case OP_REPLY:
    case OP_OOF_REPLY: d->actReply.lpEntryId = BytesCopy(s->actReply.lpEntryId, s->actReply.cbEntryId, b); break;
    case OP_DEFER_ACTION:
        d->actDeferAction.pbData = BytesCopy(s->actDeferAction.pbData, s->actDeferAction.cbData, b);
        break;
    case OP_FORWARD:
    case OP_DELEGATE: d->lpadrlist = AdrListCopy(s->lpadrlist, b); break;
    case OP_TAG: {
        ULONG t = PROP_TYPE(s->propTag.ulPropTag);
        Prop_CopyInto(&d->propTag, &s->propTag, t, Bump_Take(b, Prop_PayloadSize(&s->propTag, t)));
        break;
    }
    default: break;
    }
}

size_t Tree_ActionsSize(const ACTIONS *a)
{
    size_t cb = ROUND8(sizeof(ACTIONS)) + ROUND8(a->cActions * sizeof(ACTION));
    for (ULONG i = 0; i < a->cActions; i++)
        cb += ActionSize(&a->lpAction[i]);
    return cb;
}

ACTIONS *Tree_ActionsCopy(const ACTIONS *src, Bump *b)
{
    ACTIONS *a = Bump_Take(b, sizeof(ACTIONS));
    *a = *src;
    a->lpAction = src->cActions ? Bump_Take(b, src->cActions * sizeof(ACTION)) : NULL;
    for (ULONG i = 0; i < src->cActions; i++)
        ActionCopy(&a->lpAction[i], &src->lpAction[i], b);
    return a;
}
