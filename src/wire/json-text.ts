import { z } from 'zod';

/**
 * A PandaPon field that carries JSON inside a string (TO1 `orderLineList` and `receiver`, T2
 * `params`, cart `properties`): parsed, then checked against `inner`; bad JSON is a 400 naming
 * the field.
 */
export function jsonText<T extends z.ZodType>(inner: T) {
  return z
    .string()
    .max(100_000)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'rule:json' });
        return z.NEVER;
      }
    })
    .pipe(inner);
}
