import { z } from 'zod';
import { nulPath } from '../../platform/text.ts';

/**
 * A PandaPon field that carries JSON inside a string (TO1 `orderLineList` and `receiver`, T2
 * `params`, cart `properties`): parsed, then checked against `inner`; bad JSON is a 400 naming
 * the field. A `\u0000` escape inside decodes to U+0000, which the request-wide check cannot see
 * in the undecoded text, so it is refused here, naming the path inside the field.
 */
export function jsonText<T extends z.ZodType>(inner: T) {
  return z
    .string()
    .max(100_000)
    .transform((text, ctx) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'rule:json' });
        return z.NEVER;
      }
      const nul = nulPath(parsed);
      if (nul === null) return parsed;
      ctx.addIssue({ code: 'custom', message: 'rule:nul', path: nul });
      return z.NEVER;
    })
    .pipe(inner);
}
