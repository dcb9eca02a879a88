import type { z } from 'zod';
import { ApiError } from './errors';

/** One line per problem, each naming the field by its path, e.g. `ui.theme: Invalid option ...`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => `${[...issue.path, key].join('.')}: unknown field`).join('; ');
      }
      const where = issue.path.length > 0 ? issue.path.join('.') : '(input)';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

/** Parses with the schema or throws an `invalid_input` ApiError naming the fields. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw ?? {});
  if (!result.success) throw new ApiError('invalid_input', describeZodError(result.error));
  return result.data;
}
