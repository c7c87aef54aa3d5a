/*
 * ab.h - the sample provider's address book provider (README.md "The address book").
 *
 *   abdata.c   the directory (users and distribution lists generated from the data set's seed),
 *              its entry ids, one-off entry ids, name matching (ResolveName and PR_ANR), and
 *              the ab.* knobs
 *   abprops.c  the properties of entries, containers and one-offs; filling ADRLIST rows
 *   abbook.c   IAddrBook (IMAPISession::OpenAddressBook)
 *   abcont.c   IABContainer, IDistList and IMailUser, their tables, IABContainer::ResolveNames
 *
 * The directory is immutable once generated: objects and tables share it by reference count and
 * read it without a lock. Ownership: every address book object -> AbDir; tables -> their object.
 */
#ifndef KMAPI_SAMPLE_AB_H
#define KMAPI_SAMPLE_AB_H

#include "mapi_ab.h"
#include "objects.h"

/* Containers: the root (its hierarchy lists the others), the directory and the contacts. */
#define AB_ROOT 0u
#define AB_DIRECTORY 1u /* "Sample Directory": every user and distribution list */
#define AB_CONTACTS 2u  /* "Sample Contacts": people outside the sample's domain */
#define AB_CONTAINERS 3u

typedef struct AbEntry {
    ULONG type;      /* MAPI_MAILUSER / MAPI_DISTLIST */
    ULONG container; /* AB_DIRECTORY / AB_CONTACTS */
    WCHAR *name, *given, *surname, *email, *account, *dept; /* malloc'ed; given..dept may be NULL */
    ULONG *members; /* a distribution list: entry indexes */
    ULONG cMembers;
} AbEntry;

typedef struct AbDir {
    volatile int32_t cRef;
    AbEntry *e;
    ULONG c;
} AbDir;

/* The generated directory of a logon (its seed and ab.users). */
HRESULT AbDir_Create(const Knobs *k, AbDir **out);
void AbDir_AddRef(AbDir *d);
void AbDir_Release(AbDir *d);

/* ---- Entry ids (28 bytes: abFlags[4] 0, the UID "KMAPI-SAMPLE-ADR", ULONG type, ULONG id) ----- */
#define AB_EID_SIZE 28u
typedef struct AbId {
    ULONG type; /* MAPI_ABCONT (id: container), MAPI_MAILUSER / MAPI_DISTLIST (id: entry index),
                 * or MAPI_MAILUSER with oneOff set */
    ULONG id;
    int oneOff;
    WCHAR *ooName, *ooType, *ooAddr; /* a one-off: malloc'ed (AbId_Free) */
} AbId;
/* S_OK; MAPI_E_UNKNOWN_ENTRYID: another provider's id (a store's, anything not ours or one-off);
 * MAPI_E_INVALID_ENTRYID: ours (or a one-off) but malformed, or an entry the directory lacks. */
HRESULT AbId_Parse(const AbDir *d, ULONG cb, const ENTRYID *eid, AbId *out);
void AbId_Free(AbId *id);
/* Whether an entry id is the address book's (ours or a one-off), by its provider UID. */
int Ab_IsAddressBookId(ULONG cb, const ENTRYID *eid);
void AbId_Write(ULONG type, ULONG id, BYTE out[AB_EID_SIZE]);
HRESULT AbId_ToMapi(ULONG type, ULONG id, ULONG *lpcb, LPENTRYID *lppEntryID);
/* A one-off entry id into MAPI memory (unicode: UTF-16 strings, else 8-bit). */
HRESULT AbOneOff_ToMapi(const WCHAR *name, const WCHAR *type, const WCHAR *addr, int unicode,
                        int noRich, ULONG *lpcb, LPENTRYID *lppEntryID);

/* ---- Properties ------------------------------------------------------------------------------ */
/* The object an address book property source describes: an entry, a container, or a one-off. */
typedef struct AbSubject {
    const AbDir *dir;
    ULONG type, id;
    const AbId *oneOff; /* non-NULL for a one-off mail user */
} AbSubject;
const SPropValue *Ab_Prop(const AbSubject *s, ULONG propId, Arena *scratch);
HRESULT Ab_Tags(const AbSubject *s, TagList *out);
/* A PropSource (props.h) over a subject (src->a). */
void Ab_Source(const AbSubject *s, PropSource *out);

/* ---- Names ----------------------------------------------------------------------------------- */
/* Whether `text` is a prefix (ignoring case) of the entry's display name, one of its words, its
 * given name, surname, alias or address: what PR_ANR means here. */
int Ab_AnrMatch(const AbEntry *e, const WCHAR *text);
/* ResolveName's rule, in `container` (0: the search path): an entry whose display name or address
 * equals text (ignoring case) wins; else the ANR matches. *found is the number of entries found
 * (0, 1, or 2 for "two or more"), *index the one. */
void Ab_Match(const AbDir *d, ULONG container, const WCHAR *text, ULONG *found, ULONG *index);
/* Replaces row's properties with those of the entry or one-off (PR_ENTRYID, PR_DISPLAY_NAME_W,
 * PR_EMAIL_ADDRESS_W, PR_ADDRTYPE_W, PR_OBJECT_TYPE, PR_DISPLAY_TYPE, PR_SEARCH_KEY,
 * PR_SMTP_ADDRESS_W; lpTags NULL) or those in lpTags, keeping the caller's other properties; the
 * old array is MAPIFreeBuffer'ed. */
HRESULT Ab_FillRow(const AbSubject *s, const SPropTagArray *lpTags, ADRENTRY *row);
/* The display name of a row (PR_DISPLAY_NAME_W or _A) as malloc'ed UTF-16, or NULL. */
WCHAR *Ab_RowName(const ADRENTRY *row);
/* Whether a row has a PR_ENTRYID (resolved already). */
int Ab_RowResolved(const ADRENTRY *row);
/* Checks an ADRLIST's shape (rows with cValues and props). */
HRESULT Ab_CheckAdrList(const ADRLIST *l);

/* ---- Knobs (README.md "Address book knobs") ---------------------------------------------------- */
#define ABK_SILENT_UNRESOLVED 0x1u /* ab.silentUnresolved */
#define ABK_AMBIGUOUS_NOT_FOUND 0x2u /* ab.ambiguousNotFound */
#define AB_DEFAULT_USERS 300u
#define AB_MAX_USERS 5000u

/* ---- Objects ----------------------------------------------------------------------------------- */
typedef struct AbObj {
    ObjHeader hdr;
    AbDir *dir;  /* referenced */
    ULONG type;  /* MAPI_ADDRBOOK, MAPI_ABCONT, MAPI_DISTLIST, MAPI_MAILUSER */
    ULONG id;    /* container id or entry index */
    AbId oneOff; /* a one-off mail user (oneOff.oneOff set) */
} AbObj;

HRESULT AddrBook_Create(Session *s, AbObj **out);
/* A container, list or user object (abcont.c). */
HRESULT AbObj_New(DataSet *ds, AbDir *dir, ULONG type, ULONG id, AbObj **out);
/* OpenEntry of IAddrBook and of containers: NULL opens the root (IAddrBook) or the container. */
HRESULT Ab_OpenEntry(AbObj *o, ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                     ULONG ulFlags, ULONG *lpulObjType, LPUNKNOWN *lppUnk);
/* Opens an address book entry (abcont.c): a container, list, user or one-off (id consumed). */
HRESULT AbObj_Open(ObjHeader *owner, AbDir *dir, AbId *id, AbObj **out);
/* The IMAPIProp slots every address book object shares (abcont.c). */
HRESULT STDMETHODCALLTYPE AbObj_GetLastError(void *This, HRESULT hResult, ULONG ulFlags,
                                             LPMAPIERROR *lppMAPIError);
HRESULT STDMETHODCALLTYPE AbObj_GetProps(void *This, LPSPropTagArray lpTags, ULONG ulFlags,
                                         ULONG *lpcValues, LPSPropValue *lppProps);
HRESULT STDMETHODCALLTYPE AbObj_GetPropList(void *This, ULONG ulFlags, LPSPropTagArray *lppTags);
/* An AbObj's QueryInterface, AddRef, Release, and its IMAPIProp slots as a vtable prefix. */
HRESULT STDMETHODCALLTYPE AbObj_QueryInterface(void *This, REFIID riid, void **ppv);
ULONG STDMETHODCALLTYPE AbObj_AddRef(void *This);
ULONG STDMETHODCALLTYPE AbObj_Release(void *This);
/* The read-only IMAPIProp slots (SaveChanges, OpenProperty, SetProps...: MAPI_E_NO_ACCESS or
 * MAPI_E_NO_SUPPORT). */
HRESULT STDMETHODCALLTYPE AbObj_SaveChanges(void *This, ULONG ulFlags);
HRESULT STDMETHODCALLTYPE AbObj_OpenProperty(void *This, ULONG ulPropTag, LPCIID lpiid,
                                             ULONG ulInterfaceOptions, ULONG ulFlags,
                                             LPUNKNOWN *lppUnk);
HRESULT STDMETHODCALLTYPE AbObj_SetProps(void *This, ULONG cValues, LPSPropValue lpPropArray,
                                         LPSPropProblemArray *lppProblems);
HRESULT STDMETHODCALLTYPE AbObj_DeleteProps(void *This, LPSPropTagArray lpPropTagArray,
                                            LPSPropProblemArray *lppProblems);
HRESULT STDMETHODCALLTYPE AbObj_CopyTo(void *This, ULONG ciidExclude, LPCIID rgiidExclude,
                                       LPSPropTagArray lpExcludeProps, ULONG_PTR ulUIParam,
                                       LPMAPIPROGRESS lpProgress, LPCIID lpInterface,
                                       LPVOID lpDestObj, ULONG ulFlags,
                                       LPSPropProblemArray *lppProblems);
HRESULT STDMETHODCALLTYPE AbObj_CopyProps(void *This, LPSPropTagArray lpIncludeProps,
                                          ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                                          LPCIID lpInterface, LPVOID lpDestObj, ULONG ulFlags,
                                          LPSPropProblemArray *lppProblems);
HRESULT STDMETHODCALLTYPE AbObj_GetNamesFromIDs(void *This, LPSPropTagArray *lppPropTags,
                                                LPGUID lpPropSetGuid, ULONG ulFlags,
                                                ULONG *lpcPropNames,
                                                LPMAPINAMEID **lpppPropNames);
HRESULT STDMETHODCALLTYPE AbObj_GetIDsFromNames(void *This, ULONG cPropNames,
                                                LPMAPINAMEID *lppPropNames, ULONG ulFlags,
                                                LPSPropTagArray *lppPropTags);

extern const IID IID_IAddrBook;
extern const IID IID_IABContainer;
extern const IID IID_IDistList;
extern const IID IID_IMailUser;

#endif /* KMAPI_SAMPLE_AB_H */
