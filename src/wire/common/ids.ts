/**
 * Id request fields: every one takes a JSON string or a JSON number and hands the handler a
 * string. A number that is not a safe integer has already been rounded by the client's (and
 * our) JSON parser, so it cannot name the id it meant: it is refused, naming the field and
 * asking for the string form (docs/decisions/010).
 */
import { z } from 'zod';
import { asOrderId } from '../../platform/ids.ts';

function fromStringOrNumber(text: z.ZodType<string>) {
  return z.union([text, z.number()]).transform((value, ctx) => {
    if (typeof value === 'string') return value;
    if (value > Number.MAX_SAFE_INTEGER) ctx.addIssue({ code: 'custom', message: 'rule:idAsString', input: value });
    else if (value < 0) ctx.addIssue({ code: 'too_small', origin: 'number', minimum: 0, inclusive: true, input: value });
    else if (!Number.isInteger(value)) ctx.addIssue({ code: 'not_multiple_of', divisor: 1, origin: 'number', input: value });
    else return String(value);
    return z.NEVER;
  });
}

/** Ponte's numeric ids (developer, user, order, message, ledger): digits only. */
export const NumericId = fromStringOrNumber(
  z
    .string()
    .trim()
    .regex(/^\d{1,25}$/, 'rule:numericId'),
);

/** An order id field, handed on as an OrderId (the one place a request's order id gets its type). */
export const OrderIdField = NumericId.transform(asOrderId);

/** Marketplace ids (item, SKU, offer, spec, seller): opaque strings, or v1 numeric ids as numbers. */
export const MarketId = fromStringOrNumber(z.string().trim().min(1).max(64));

/** Row ids Ponte keeps as integers (addresses, cart lines): a number or a string of digits, handed on as a number. */
export function rowId(min: number) {
  return NumericId.transform(Number).pipe(z.number().min(min).max(Number.MAX_SAFE_INTEGER, 'rule:idAsString'));
}
