/** MAPI as data: scalars, structs, interfaces, exports and constants. No behaviour, no Koffi. */
export * from './schema';
export * from './structs';
export * from './interfaces';
export * from './exports';
export * from './sample';
export * from './win32';
export * from './posix';
export * from './constants';
