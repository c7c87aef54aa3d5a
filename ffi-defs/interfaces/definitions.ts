/**
 * The interface definitions, one file each. Adding an interface is its file and one line here: the
 * index re-exports these and builds ALL_INTERFACES from them, and IIDS takes the IIDs from them.
 * Listing bases before the interfaces derived from them keeps ALL_INTERFACES in this order.
 */
export * from './IUnknown';
export * from './IMAPIProp';
export * from './IMAPIContainer';
export * from './IMAPIFolder';
export * from './IMsgStore';
export * from './IMessage';
export * from './IAttach';
export * from './IMAPITable';
export * from './IMAPISession';
export * from './IPropData';
export * from './IMAPIAdviseSink';
export * from './IMAPIProgress';
export * from './IMAPISync';
export * from './IMAPISyncProgressCallback';
export * from './ISequentialStream';
export * from './IStream';
export * from './IProfSect';
export * from './IProfAdmin';
export * from './IMsgServiceAdmin';
export * from './IProviderAdmin';
export * from './IAddrBook';
export * from './IABContainer';
export * from './IMailUser';
export * from './IDistList';
