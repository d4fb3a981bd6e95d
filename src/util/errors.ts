// Reply errors: a command throws a ReplyError carrying Redis's exact error line
// (prefix included, e.g. "WRONGTYPE Operation against ..."); the dispatcher catches it
// once and writes it as "-<message>\r\n". Normal outcomes (missing key, NX not met) are
// return values, never exceptions.

export class ReplyError extends Error {
  /** The full error line without the leading '-' and trailing CRLF. */
  constructor(message: string) {
    super(message);
    this.name = 'ReplyError';
  }
}

/** Exact texts of the frequent errors. */
export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const ERR_NOT_INTEGER = 'ERR value is not an integer or out of range';
export const ERR_NOT_FLOAT = 'ERR value is not a valid float';
export const ERR_SYNTAX = 'ERR syntax error';
export const ERR_OVERFLOW = 'ERR increment or decrement would overflow';
export const ERR_NO_SUCH_KEY = 'ERR no such key';
export const ERR_DB_INDEX = 'ERR DB index is out of range';

/** Internal protocol failure: the connection is answered with the message then closed. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}
