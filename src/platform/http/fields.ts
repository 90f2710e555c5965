import type { Failure } from '../errors.ts';

/**
 * Services name the fields of their own inputs ("receiver.name", "lines[2].skuId"); a client
 * must read the field it sent ("addressParam.fullName", "orderLineList[2].skuId"). A route
 * declares the map once: keys and values are paths where `[]` stands for an index, and the
 * longest mapped head of a field is replaced, its indexes carried over in order.
 */
export type FieldNames = Readonly<Record<string, string>>;

export function wireField(names: FieldNames, field: string): string {
  const indexes: string[] = [];
  const shape = field.replace(/\[(\d+)\]/g, (_, index: string) => {
    indexes.push(index);
    return '[]';
  });
  for (let end = shape.length; end > 0; end--) {
    if (end < shape.length && shape[end] !== '.' && shape[end] !== '[') continue;
    const mapped = names[shape.slice(0, end)];
    if (mapped === undefined) continue;
    let next = 0;
    return `${mapped}${shape.slice(end)}`.replace(/\[\]/g, () => `[${indexes[next++] ?? ''}]`);
  }
  return field;
}

/** A BAD_PARAMETER failure with its field named as the client sent it; other failures unchanged. */
export function wireFailure<F extends Failure>(names: FieldNames | undefined, failure: F): F {
  const field = failure.params?.field;
  if (!names || failure.error !== 'BAD_PARAMETER' || typeof field !== 'string') return failure;
  return { ...failure, params: { ...failure.params, field: wireField(names, field) } };
}
