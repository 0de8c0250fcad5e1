/** A wrong command line, config or baseline: printed without a stack, exit 2. */
export class UsageError extends Error {}
