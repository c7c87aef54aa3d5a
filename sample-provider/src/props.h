/*
 * props.h - property values: validation, deep copy with string conversion, comparison, a property
 * bag, and the generic IMAPIProp algorithms (GetProps, GetPropList, SetProps, DeleteProps) that
 * the store, folder and message objects share.
 */
#ifndef KMAPI_SAMPLE_PROPS_H
#define KMAPI_SAMPLE_PROPS_H

#include "provider.h"

/* ---- Single values --------------------------------------------------------------------------- */
int Prop_IsString(ULONG type);   /* PT_STRING8 / PT_UNICODE */
int Prop_IsMVString(ULONG type); /* PT_MV_STRING8 / PT_MV_UNICODE */
/* Storable types: every PT_* that SetProps accepts (not PT_ERROR, PT_NULL, PT_OBJECT, PT_PTR,
 * PT_UNSPECIFIED, or unknown types). */
int Prop_IsStorableType(ULONG type);
/* Checks a caller's value before it is stored: S_OK, MAPI_E_INVALID_TYPE (type not storable) or
 * MAPI_E_BAD_VALUE (NULL string / array / GUID pointer). */
SCODE Prop_Validate(const SPropValue *v);
/* Whether a value stored as `stored` can be returned as `wanted` (equal types, or string8 <->
 * unicode in single or multi-valued form). */
int Prop_Convertible(ULONG stored, ULONG wanted);
/* The type GetProps returns for a value stored as `stored` when the caller asked for `requested`
 * (PT_UNSPECIFIED: the stored type, strings as PT_UNICODE with MAPI_UNICODE, else PT_STRING8). */
ULONG Prop_ResolveType(ULONG stored, ULONG requested, ULONG ulFlags);
/* The tag GetPropList / QueryColumns report for a stored tag. */
ULONG Prop_ListTag(ULONG storedTag, ULONG ulFlags);

/* Bytes of payload (strings, arrays, GUIDs, binaries) Prop_CopyInto needs to store `src` as
 * `outType`. */
size_t Prop_PayloadSize(const SPropValue *src, ULONG outType);
/* Deep copy of src into *dst with type outType (must be Prop_Convertible); the payload is laid
 * out in `payload`, which has Prop_PayloadSize(src, outType) bytes. */
void Prop_CopyInto(SPropValue *dst, const SPropValue *src, ULONG outType, void *payload);
/* Deep copy into MAPI memory: payload allocated with one MAPIAllocateMore chained to root. */
HRESULT Prop_CopyToMapi(SPropValue *dst, const SPropValue *src, ULONG outType, void *root);

/* Whether the two types can be compared (same type, or both strings, or both MV strings). */
int Prop_Comparable(ULONG a, ULONG b);
/* Three-way comparison of comparable values; strings compare by UTF-16 code unit, folded with
 * FoldCase when ignoreCase. Multi-valued values compare element by element. */
int Prop_Compare(const SPropValue *a, const SPropValue *b, int ignoreCase);
/* Size in bytes of a value as RES_SIZE and PR_MESSAGE_SIZE count it. */
ULONG Prop_Size(const SPropValue *v);
/* Element i of a multi-valued value as a single value (payload shared, not copied). */
void Prop_MVElement(const SPropValue *mv, ULONG i, SPropValue *out);
ULONG Prop_MVCount(const SPropValue *mv);

/* ---- Deep copies: a size pass, then a bump copy into one block -------------------------------- */
#define ROUND8(n) (((n) + 7u) & ~(size_t)7u)
typedef struct Bump {
    char *p;
} Bump;
void *Bump_Take(Bump *b, size_t cb); /* the next ROUND8(cb) bytes */

/* Tree values (tree.c): PT_SRESTRICTION and PT_ACTIONS. Check: S_OK or MAPI_E_BAD_VALUE (NULL
 * pointers where a count says there is data, unknown restriction or action types, more than 64
 * levels). Size: bytes a copy needs beyond the root (a restriction's children; for ACTIONS, all of
 * it). Copy: into b, which has that many bytes. */
SCODE Tree_ResCheck(const SRestriction *r);
size_t Tree_ResSize(const SRestriction *r);
void Tree_ResCopy(SRestriction *dst, const SRestriction *src, Bump *b);
SCODE Tree_ActionsCheck(const ACTIONS *a);
size_t Tree_ActionsSize(const ACTIONS *a);
ACTIONS *Tree_ActionsCopy(const ACTIONS *src, Bump *b);

/* ---- PropBag: an ordered set of deep-copied values, one per property id ---------------------- */
typedef struct PropBag {
    SPropValue **v; /* each value and its payload is one malloc block */
    ULONG c, cap;
} PropBag;

void Bag_Free(PropBag *b);
const SPropValue *Bag_Get(const PropBag *b, ULONG propId);
HRESULT Bag_Set(PropBag *b, const SPropValue *val); /* deep copy; replaces the same id */
/* Bag_Set for a value whose id the bag does not have yet (no search: loading a file). */
HRESULT Bag_Append(PropBag *b, const SPropValue *val);
int Bag_Delete(PropBag *b, ULONG propId);           /* 1 when something was deleted */
HRESULT Bag_CopyFrom(PropBag *dst, const PropBag *src);
HRESULT Bag_ListTags(const PropBag *b, TagList *out);
/* A FILETIME from its 64-bit count of 100 ns. */
static inline FILETIME Ft_FromU64(uint64_t t)
{
    FILETIME ft = {(DWORD)t, (DWORD)(t >> 32)};
    return ft;
}
/* One value of a type into a bag (deep copy), for the provider's own writes. */
HRESULT Bag_SetLong(PropBag *b, ULONG tag, LONG l);
HRESULT Bag_SetBool(PropBag *b, ULONG tag, int on);
HRESULT Bag_SetTime(PropBag *b, ULONG tag, FILETIME ft);
HRESULT Bag_SetW(PropBag *b, ULONG tag, const WCHAR *s);
HRESULT Bag_SetBin(PropBag *b, ULONG tag, const void *data, ULONG cb);

/* ---- Problem arrays -------------------------------------------------------------------------- */
typedef struct ProblemList {
    SPropProblem *p;
    ULONG c, cap;
} ProblemList;
int Problems_Add(ProblemList *l, ULONG index, ULONG tag, SCODE sc);
/* Hands the problems to the caller as a MAPIAllocateBuffer'd SPropProblemArray (*lpp = NULL when
 * there are none, as MAPI specifies), and frees the list. */
HRESULT Problems_Return(ProblemList *l, LPSPropProblemArray *lpp);

/* ---- Generic IMAPIProp ----------------------------------------------------------------------- */
/* Where an object's properties come from: computed ones and stored ones behind one interface.
 * Called with the data-set lock held. */
typedef struct PropSource PropSource;
struct PropSource {
    /* The value of propId (any type), or NULL if the object does not have it. The payload may be
     * allocated in scratch. */
    const SPropValue *(*get)(const PropSource *src, ULONG propId, Arena *scratch);
    /* Appends the tag (with the stored type) of every property the object has. */
    HRESULT (*list)(const PropSource *src, TagList *out);
    void *a;
    void *b;
    ULONG n;
    /* Binary and string values over this many bytes come back as MAPI_E_NOT_ENOUGH_MEMORY (read
     * them with OpenProperty); 0: no limit. */
    ULONG cbMax;
};

/* GetProps: lpTags NULL = every property. Missing or unconvertible properties come back as
 * PT_ERROR entries and the call returns MAPI_W_ERRORS_RETURNED. */
HRESULT Props_GetProps(const PropSource *src, LPSPropTagArray lpTags, ULONG ulFlags,
                       ULONG *lpcValues, LPSPropValue *lppProps);
/* Props_GetProps misbehaving as the conformance knobs in `conform` (CONF_PROPS_NULL_TAGS,
 * CONF_PROPS_ERROR_TYPE; README.md "Conformance knobs") say; 0: Props_GetProps. */
HRESULT Props_GetPropsAs(const PropSource *src, ULONG conform, LPSPropTagArray lpTags,
                         ULONG ulFlags, ULONG *lpcValues, LPSPropValue *lppProps);
HRESULT Props_GetPropList(const PropSource *src, ULONG ulFlags, LPSPropTagArray *lppTags);
/* One output cell (GetProps entry / table cell) into MAPI memory chained to root. Returns 1 when
 * the cell is a PT_ERROR entry. cbMax: see PropSource. */
int Props_CopyOut(void *root, SPropValue *dst, ULONG reqTag, const SPropValue *val, ULONG ulFlags,
                  ULONG cbMax);
/* Whether a value is one OpenProperty(IID_IStream) serves (PT_BINARY, PT_STRING8, PT_UNICODE) and
 * is bigger than cbMax bytes (0: no limit). */
int Prop_TooBig(const SPropValue *v, ULONG cbMax);
/* SetProps into a bag: each value is first given to check(ctx, v) when there is one (an object's
 * own rule, such as a folder rename that must not collide: anything but S_OK is that value's
 * problem and the value is not stored), then validated (MAPI_E_INVALID_TYPE / MAPI_E_BAD_VALUE)
 * and refused when isComputed(propId) (MAPI_E_COMPUTED); problems are added to *problems. */
HRESULT Props_SetProps(PropBag *bag, ULONG cValues, const SPropValue *lpProps,
                       int (*isComputed)(ULONG propId),
                       SCODE (*check)(void *ctx, const SPropValue *val), void *ctx,
                       ProblemList *problems);
/* DeleteProps from a bag: computed ids get MAPI_E_COMPUTED and `keepId` (a property the object must
 * always have, such as a folder's or store's display name; 0 for none) MAPI_E_NO_ACCESS, both as
 * problems; deleting a property the object lacks is not an error. */
HRESULT Props_DeleteProps(PropBag *bag, const SPropTagArray *lpTags,
                          int (*isComputed)(ULONG propId), ULONG keepId, ProblemList *problems);
HRESULT Props_DeleteOne(PropBag *bag, ULONG index, ULONG tag, int (*isComputed)(ULONG propId),
                        ProblemList *problems);

#endif /* KMAPI_SAMPLE_PROPS_H */
