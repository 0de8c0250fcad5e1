// What a file system error says, for messages and cache keys.

/** A file system error's code (`ENOENT`, `EACCES`). */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

/** Node's message without the trailing `, open '/abs/path'`, which the caller's message names already. */
export function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/, \w+ '.*'$/, '');
}
