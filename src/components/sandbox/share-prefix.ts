// The fragment that marks a share link, kept apart from share.ts so that a page can look for a
// link without loading the masking and inflating code (which pull in the YAML reader).

/** A share link's fragment starts with this, then the sandbox's id and "=". */
export const SHARE_PREFIX = 'share-';
