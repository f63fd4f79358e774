import type { z } from 'zod';
import { MiqError } from '../errors/index.js';

/** Parses with a zod schema; every issue becomes a per-field 400 detail (`field` is the JSON path). */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, root = ''): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new MiqError('validation_failed', {
    details: result.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      const field = issue.code === 'unrecognized_keys' ? [root, path, issue.keys.join(',')] : [root, path];
      return {
        field: field.filter((p) => p !== '').join('.') || '(body)',
        code: issue.code === 'unrecognized_keys' ? 'unknown_field' : issue.code,
        message: issue.message,
      };
    }),
  });
}

export function fieldError(
  status: 'validation_failed' | 'forbidden' | 'conflict' | 'not_found',
  field: string,
  code: string,
  message: string,
) {
  return new MiqError(status, { details: [{ field, code, message }] });
}
