/*
 * mapi_ab.h - the MAPI ABI of the address book: IAddrBook (MAPIX.h), IABContainer, IDistList and
 * IMailUser (MAPIDefS.h), FlagList, and the tags and flags they use. Same rules as mapi.h: this
 * project's own declarations, in the headers' slot order, plain C.
 *
 * The vtables take `void *This`: one C function serves the same slot of every address book
 * interface (the objects share one struct, ab.h), and the slot types stay exact.
 */
#ifndef KMAPI_SAMPLE_MAPI_AB_H
#define KMAPI_SAMPLE_MAPI_AB_H

#include "mapi.h"
#include "mapi_msg.h"

/* ---- Tags ------------------------------------------------------------------------------------- */
#define PR_DISPLAY_TYPE PROP_TAG(PT_LONG, 0x3900)
#define PR_ANR_W PROP_TAG(PT_UNICODE, 0x360C)
#define PR_ANR_A PROP_TAG(PT_STRING8, 0x360C)
#define PR_AB_PROVIDER_ID PROP_TAG(PT_BINARY, 0x3615)
#define PR_ACCOUNT_W PROP_TAG(PT_UNICODE, 0x3A00)
#define PR_GIVEN_NAME_W PROP_TAG(PT_UNICODE, 0x3A06)
#define PR_SURNAME_W PROP_TAG(PT_UNICODE, 0x3A11)
#define PR_COMPANY_NAME_W PROP_TAG(PT_UNICODE, 0x3A16)
#define PR_DEPARTMENT_NAME_W PROP_TAG(PT_UNICODE, 0x3A18)
#define PR_SMTP_ADDRESS_W PROP_TAG(PT_UNICODE, 0x39FE)
#define PR_TRANSMITABLE_DISPLAY_NAME_W PROP_TAG(PT_UNICODE, 0x3A20)

/* ---- Values ----------------------------------------------------------------------------------- */
#define MAPI_E_AMBIGUOUS_RECIP ((HRESULT)0x80040700u)
/* PR_DISPLAY_TYPE */
#define DT_MAILUSER 0x00000000u
#define DT_DISTLIST 0x00000001u
#define DT_GLOBAL 0x00020000u
#define DT_NOT_SPECIFIC 0x00050000u
/* PR_CONTAINER_FLAGS */
#define AB_RECIPIENTS 0x00000001u
#define AB_SUBCONTAINERS 0x00000002u
#define AB_UNMODIFIABLE 0x00000008u
/* FlagList values (IABContainer::ResolveNames) */
#define MAPI_UNRESOLVED 0x00000000u
#define MAPI_AMBIGUOUS 0x00000001u
#define MAPI_RESOLVED 0x00000002u
/* IMAPISession::OpenAddressBook; IAddrBook::CreateOneOff */
#define AB_NO_DIALOG 0x00000001u
#define MAPI_SEND_NO_RICH_INFO 0x00010000u
/* One-off entry ids ([MS-OXCDATA] 2.2.5.1): abFlags, MAPI_ONE_OFF_UID, wVersion 0, wFlags, then
 * display name, address type and address, each NUL-terminated (UTF-16 with MAPI_ONE_OFF_UNICODE). */
#define MAPI_ONE_OFF_UNICODE 0x8000u
#define MAPI_ONE_OFF_NO_RICH_INFO 0x0001u

typedef struct FlagList {
    ULONG cFlags;
    ULONG ulFlag[1];
} FlagList, *LPFlagList;
#define CbNewFlagList(n) (offsetof(FlagList, ulFlag) + (n) * sizeof(ULONG))

/* ---- Vtables ---------------------------------------------------------------------------------- */
#define IABCONTAINER_OWN_SLOTS(I)                                                                  \
    HRESULT(STDMETHODCALLTYPE *CreateEntry)(I * This, ULONG cbEntryID, LPENTRYID lpEntryID,        \
                                            ULONG ulCreateFlags, LPMAPIPROP * lppMAPIPropEntry);   \
    HRESULT(STDMETHODCALLTYPE *CopyEntries)(I * This, LPENTRYLIST lpEntries, ULONG_PTR ulUIParam,  \
                                            LPMAPIPROGRESS lpProgress, ULONG ulFlags);             \
    HRESULT(STDMETHODCALLTYPE *DeleteEntries)(I * This, LPENTRYLIST lpEntries, ULONG ulFlags);     \
    HRESULT(STDMETHODCALLTYPE *ResolveNames)(I * This, LPSPropTagArray lpPropTagArray,             \
                                             ULONG ulFlags, LPADRLIST lpAdrList,                   \
                                             LPFlagList lpFlagList);

/* IMailUser: IMAPIProp's slots only. */
typedef struct AbPropVtbl {
    IUNKNOWN_SLOTS(void)
    IMAPIPROP_SLOTS(void)
} AbPropVtbl;

/* IABContainer and IDistList: the same 23 slots. */
typedef struct AbContainerVtbl {
    IUNKNOWN_SLOTS(void)
    IMAPIPROP_SLOTS(void)
    IMAPICONTAINER_SLOTS(void)
    IABCONTAINER_OWN_SLOTS(void)
} AbContainerVtbl;

typedef struct AddrBookVtbl {
    IUNKNOWN_SLOTS(void)
    IMAPIPROP_SLOTS(void)
    HRESULT(STDMETHODCALLTYPE *OpenEntry)(void *This, ULONG cbEntryID, LPENTRYID lpEntryID,
                                          LPCIID lpInterface, ULONG ulFlags, ULONG *lpulObjType,
                                          LPUNKNOWN *lppUnk);
    HRESULT(STDMETHODCALLTYPE *CompareEntryIDs)(void *This, ULONG cbEntryID1, LPENTRYID lpEntryID1,
                                                ULONG cbEntryID2, LPENTRYID lpEntryID2,
                                                ULONG ulFlags, ULONG *lpulResult);
    HRESULT(STDMETHODCALLTYPE *Advise)(void *This, ULONG cbEntryID, LPENTRYID lpEntryID,
                                       ULONG ulEventMask, LPMAPIADVISESINK lpAdviseSink,
                                       ULONG_PTR *lpulConnection);
    HRESULT(STDMETHODCALLTYPE *Unadvise)(void *This, ULONG_PTR ulConnection);
    HRESULT(STDMETHODCALLTYPE *CreateOneOff)(void *This, LPTSTR lpszName, LPTSTR lpszAdrType,
                                             LPTSTR lpszAddress, ULONG ulFlags,
                                             ULONG *lpcbEntryID, LPENTRYID *lppEntryID);
    HRESULT(STDMETHODCALLTYPE *NewEntry)(void *This, ULONG_PTR ulUIParam, ULONG ulFlags,
                                         ULONG cbEIDContainer, LPENTRYID lpEIDContainer,
                                         ULONG cbEIDNewEntryTpl, LPENTRYID lpEIDNewEntryTpl,
                                         ULONG *lpcbEIDNewEntry, LPENTRYID *lppEIDNewEntry);
    HRESULT(STDMETHODCALLTYPE *ResolveName)(void *This, ULONG_PTR ulUIParam, ULONG ulFlags,
                                            LPTSTR lpszNewEntryTitle, LPADRLIST lpAdrList);
    HRESULT(STDMETHODCALLTYPE *Address)(void *This, ULONG_PTR *lpulUIParam, LPVOID lpAdrParms,
                                        LPADRLIST *lppAdrList);
    HRESULT(STDMETHODCALLTYPE *Details)(void *This, ULONG_PTR *lpulUIParam, LPVOID lpfnDismiss,
                                        LPVOID lpvDismissContext, ULONG cbEntryID,
                                        LPENTRYID lpEntryID, LPVOID lpfButtonCallback,
                                        LPVOID lpvButtonContext, LPTSTR lpszButtonText,
                                        ULONG ulFlags);
    HRESULT(STDMETHODCALLTYPE *RecipOptions)(void *This, ULONG_PTR ulUIParam, ULONG ulFlags,
                                             ADRENTRY *lpRecip);
    HRESULT(STDMETHODCALLTYPE *QueryDefaultRecipOpt)(void *This, LPTSTR lpszAdrType,
                                                     ULONG ulFlags, ULONG *lpcValues,
                                                     LPSPropValue *lppOptions);
    HRESULT(STDMETHODCALLTYPE *GetPAB)(void *This, ULONG *lpcbEntryID, LPENTRYID *lppEntryID);
    HRESULT(STDMETHODCALLTYPE *SetPAB)(void *This, ULONG cbEntryID, LPENTRYID lpEntryID);
    HRESULT(STDMETHODCALLTYPE *GetDefaultDir)(void *This, ULONG *lpcbEntryID,
                                              LPENTRYID *lppEntryID);
    HRESULT(STDMETHODCALLTYPE *SetDefaultDir)(void *This, ULONG cbEntryID, LPENTRYID lpEntryID);
    HRESULT(STDMETHODCALLTYPE *GetSearchPath)(void *This, ULONG ulFlags, LPSRowSet *lppSearchPath);
    HRESULT(STDMETHODCALLTYPE *SetSearchPath)(void *This, ULONG ulFlags, LPSRowSet lpSearchPath);
    HRESULT(STDMETHODCALLTYPE *PrepareRecips)(void *This, ULONG ulFlags,
                                              LPSPropTagArray lpPropTagArray,
                                              LPADRLIST lpRecipList);
} AddrBookVtbl;

#endif /* KMAPI_SAMPLE_MAPI_AB_H */
