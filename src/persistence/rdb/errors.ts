// Error classes of the RDB codec (kept apart so every codec module can throw them).

/** A value type that has no RDB encoding in tsredis. */
export class RdbUnsupportedType extends Error {}

/** Malformed RDB data (truncated, bad lengths, bad LZF data, broken blobs...). */
export class RdbFormatError extends Error {}

/** An empty collection in RDB data: RESTORE rejects it, file loading skips the key. */
export class RdbEmptyKeyError extends RdbFormatError {}
