/**
 * Structured server-side log. Only this sink sees internal details (SQL, driver errors, stack traces); clients never do.
 *
 * @example
 * logger.error('unhandled error', { requestId, error });
 */
export interface Logger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

function serializable(value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack, cause: serializable(value.cause) };
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/**
 * One JSON object per line through `write` (console by default), so any runtime's log collector can parse it.
 *
 * @example
 * const logger = createJsonLogger({ write: (line) => console.log(line) });
 */
export function createJsonLogger(options: { readonly write?: (line: string) => void } = {}): Logger {
  const write = options.write ?? ((line: string) => console.log(line));
  const log = (level: string, message: string, fields: Readonly<Record<string, unknown>> = {}) => {
    const entry: Record<string, unknown> = { level, time: new Date().toISOString(), message };
    for (const [k, v] of Object.entries(fields)) entry[k] = serializable(v);
    try {
      write(JSON.stringify(entry));
    } catch {
      write(JSON.stringify({ level, time: entry.time, message, note: 'fields not serializable' }));
    }
  };
  return {
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
  };
}

/** A logger that keeps entries in memory (tests assert on what was logged and what was not sent). */
export function createMemoryLogger(): Logger & {
  readonly entries: { level: string; message: string; fields: Readonly<Record<string, unknown>> }[];
} {
  const entries: { level: string; message: string; fields: Readonly<Record<string, unknown>> }[] = [];
  const push = (level: string, message: string, fields: Readonly<Record<string, unknown>> = {}) => {
    entries.push({
      level,
      message,
      fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, serializable(v)])),
    });
  };
  return {
    entries,
    info: (m, f) => push('info', m, f),
    warn: (m, f) => push('warn', m, f),
    error: (m, f) => push('error', m, f),
  };
}
