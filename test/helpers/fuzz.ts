import fc from 'fast-check';

/**
 * Request fuzzing from the OpenAPI document: a valid-shaped base value per operation, derived from
 * its JSON Schema, and mutations of it (wrong types, missing and extra fields, huge strings,
 * control characters, lone surrogates, odd numbers, broken JSON text, 19-digit numbers).
 */
export type JsonSchema = Record<string, any>;
type Json = unknown;

/** The operations of an OpenAPI document, with where their parameters go. */
export interface DocumentedOperation {
  operationId: string;
  method: 'GET' | 'POST';
  path: string;
  auth: 'signed' | 'admin' | 'public';
  body: JsonSchema | undefined;
  query: { name: string; required: boolean; schema: JsonSchema }[];
  /** The `{name}` segments of `path`, with their schemas. */
  pathParams: { name: string; schema: JsonSchema }[];
  /** The media type of the documented answer: the envelope's `application/json`, or e.g. `/metrics`' text. */
  answers: string;
}

export function documentedOperations(doc: { paths: Record<string, Record<string, JsonSchema>> }): DocumentedOperation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => {
      const security: JsonSchema[] = op.security ?? [];
      return {
        operationId: op.operationId,
        method: method.toUpperCase() as 'GET' | 'POST',
        path,
        auth: security.some((s) => 'accessKey' in s) ? 'signed' : security.some((s) => 'adminToken' in s) ? 'admin' : 'public',
        body: op.requestBody?.content?.['application/json']?.schema,
        query: (op.parameters ?? [])
          .filter((p: JsonSchema) => p.in === 'query')
          .map((p: JsonSchema) => ({ name: p.name, required: p.required === true, schema: p.schema })),
        pathParams: (op.parameters ?? [])
          .filter((p: JsonSchema) => p.in === 'path')
          .map((p: JsonSchema) => ({ name: p.name, schema: p.schema })),
        answers: Object.keys(op.responses?.['200']?.content ?? {})[0] ?? 'application/json',
      };
    }),
  );
}

/** A value the schema accepts, as far as its shape goes: smallest sizes, required members only unless `all`. */
function baseOf(schema: JsonSchema | undefined, all = false): Json {
  if (!schema) return null;
  if ('const' in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  const choices: JsonSchema[] | undefined = schema.anyOf ?? schema.oneOf;
  if (choices) return baseOf(choices.find((c) => c.type !== 'null') ?? choices[0], all);
  switch (schema.type) {
    case 'object': {
      const required = new Set<string>(schema.required ?? []);
      const entries = Object.entries<JsonSchema>(schema.properties ?? {}).filter(([name]) => all || required.has(name));
      return Object.fromEntries(entries.map(([name, member]) => [name, baseOf(member, all)]));
    }
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 0) }, () => baseOf(schema.items, all));
    case 'string':
      return baseString(schema);
    case 'integer':
    case 'number':
      return Math.min(Math.max(1, schema.minimum ?? 1), schema.maximum ?? Number.MAX_SAFE_INTEGER);
    case 'boolean':
      return true;
    default:
      return null;
  }
}

function baseString(schema: JsonSchema): string {
  if (schema.pattern) return fc.sample(fc.stringMatching(new RegExp(schema.pattern)), { seed: 1, numRuns: 1 })[0]!;
  return 'a'.repeat(Math.max(1, schema.minLength ?? 0));
}

/** JSON numbers JavaScript cannot hold exactly, written into the body text as they are. */
const RAW = 'RAW-NUMBER:';
const rawNumber = (digits: string) => `${RAW}${digits}`;

/** Values that break naive handlers: every one must be refused or handled, never crash. */
const nastyValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, -0.5, 0.5, 1e308, -1e308, 2 ** 53 + 1, -(2 ** 63), [], {}, [[]], [null], { '': null }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\u0001\u0007\b\t\n\v\f\r\u001b\u007f\u0085\u2028\u2029\u202e\ufeff',
    '\ud800',
    '\udfff',
    'x\ud83d',
    '\ud83d\ude00',
    '-1',
    '1.5',
    '1e999',
    '-0',
    '0x10',
    'NaN',
    '9223372036854775808',
    '3126171376501331977',
    '1'.repeat(40),
  ),
  // JSON text inside a string (PandaPon fields such as orderLineList, receiver, params): valid of any shape, broken, deep.
  fc.json({ maxDepth: 3 }),
  fc.json({ maxDepth: 3 }).map((text) => text.slice(0, -1)),
  fc.constantFrom('{"a":', '[{', '[{"itemId":1e999,"quantity":-1}]', '{"__proto__":{"x":1}}', '['.repeat(10_000), 'null', '"x"'),
  fc.constantFrom('x'.repeat(300_000), '漢'.repeat(50_000), '\u0000'.repeat(10_000)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom('3126171376501331977', '99999999999999999999999', '1e400', '-9223372036854775809', '0.1e-400').map(rawNumber),
);

type Path = (string | number)[];

/** Every path into a JSON value (the root included), for mutations to aim at. */
function pathsOf(value: Json, prefix: Path = []): Path[] {
  const here = [prefix];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => pathsOf(item, [...prefix, i]))];
  if (value !== null && typeof value === 'object') {
    return [...here, ...Object.entries(value).flatMap(([key, member]) => pathsOf(member, [...prefix, key]))];
  }
  return here;
}

type Mutation =
  | { kind: 'set'; at: number; value: Json }
  | { kind: 'delete'; at: number }
  | { kind: 'extra'; at: number; key: string; value: Json };

/** Mutations of a body; extra members are mostly the schema's own (optional) names, so those get odd values too. */
function mutations(names: string[]): fc.Arbitrary<Mutation[]> {
  const oddKeys = fc.oneof(fc.constantFrom('__proto__', 'constructor', ''), fc.string({ maxLength: 12 }));
  const key = names.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: oddKeys }) : oddKeys;
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: nastyValue }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('extra' as const), at: fc.nat(), key, value: nastyValue }),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 3 });
}

/** Every member name a schema documents, nested ones included. */
function memberNames(schema: JsonSchema | undefined, into = new Set<string>()): string[] {
  if (schema && typeof schema === 'object') {
    for (const name of Object.keys(schema.properties ?? {})) into.add(name);
    for (const member of Object.values(schema)) if (member && typeof member === 'object') memberNames(member as JsonSchema, into);
  }
  return [...into];
}

const at = (root: Json, path: Path): any => path.reduce<any>((node, key) => node[key], root);
const isObject = (value: Json): value is Record<string, Json> => value !== null && typeof value === 'object' && !Array.isArray(value);

function apply(base: Json, change: Mutation): Json {
  const root = structuredClone(base);
  // The root itself is only given members: bodies that are not objects are the `broken` ones.
  const paths = pathsOf(root).slice(1);
  if (paths.length === 0 || change.kind === 'extra') return withMember(root, paths, change);
  const path = paths[change.at % paths.length]!;
  const parent = at(root, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (change.kind === 'set') parent[last] = change.value;
  else if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete parent[last];
  return root;
}

/** Adds a member to the root or to an object inside it (a value that is not an object becomes one). */
function withMember(root: Json, paths: Path[], change: Mutation): Json {
  const key = change.kind === 'extra' ? change.key : 'extra';
  const value = change.kind === 'delete' ? null : change.value;
  const add = (node: Json): Json => {
    const target = isObject(node) ? node : {};
    // defineProperty, so that `__proto__` becomes an own member as JSON.parse would make it.
    Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
    return target;
  };
  const choices: Path[] = [[], ...paths.filter((path) => isObject(at(root, path)))];
  const path = choices[change.at % choices.length]!;
  if (path.length === 0) return add(root);
  const parent = at(root, path.slice(0, -1));
  const last = path[path.length - 1]!;
  parent[last] = add(parent[last]);
  return root;
}

/**
 * A string holding a JSON object or array (orderLineList, receiver, params…) is opened into a box,
 * so mutations reach inside it; jsonText closes the box back into a string.
 */
const BOX = '\u0000json-text';

function openJsonText(value: Json): Json {
  if (typeof value === 'string') {
    try {
      const inner: Json = JSON.parse(value);
      return inner !== null && typeof inner === 'object' ? { [BOX]: openJsonText(inner) } : value;
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map(openJsonText);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, openJsonText(v)]));
  return value;
}

/** JSON text, with boxes closed back into strings and RAW-NUMBER markers turned into bare numbers. */
function jsonText(value: Json): string | undefined {
  const text = JSON.stringify(value, (_key, member) =>
    member !== null && typeof member === 'object' && BOX in member ? jsonText(member[BOX]) : member,
  );
  return text?.replace(new RegExp(`"${RAW}([^"]*)"`, 'g'), '$1');
}

/**
 * A fuzzed JSON body: a base (the schema's required members, or all of them, with `example`'s over
 * them) with 1–3 mutations, or a body that is not JSON.
 */
export function bodyArbitrary(schema: JsonSchema, example: Record<string, unknown> = {}): fc.Arbitrary<string | undefined> {
  const bases = [false, true].map((all) => openJsonText({ ...(baseOf(schema, all) as object), ...example }));
  const base = bases[0];
  const mutated = fc
    .tuple(fc.constantFrom(...bases), mutations(memberNames(schema)))
    .map(([start, changes]) => jsonText(changes.reduce(apply, start)));
  const broken = fc.oneof(
    fc.constantFrom('', '{', '{"a":1,}', '\ufeff{}', '\u0000', 'null', '[]', '"text"', '1e999', '{"a":"\\ud800"}', '{"a":"\\u0000"}'),
    fc.string({ unit: 'binary', maxLength: 60 }),
  );
  return fc.oneof(
    { weight: 6, arbitrary: mutated },
    { weight: 1, arbitrary: fc.constant(jsonText(base)) },
    { weight: 1, arbitrary: broken },
  );
}

function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    // A lone surrogate cannot be URI-encoded: send the bytes as they are, percent-encoded.
    return [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
  }
}

const queryValue = (value: Json): string =>
  typeof value === 'string' ? value.replace(RAW, '') : (jsonText(value) ?? '').replace(/^"|"$/g, '');

/** A fuzzed query string from the documented parameters and `example`'s values (starts with `?` when not empty). */
export function queryArbitrary(params: DocumentedOperation['query'], example: Record<string, unknown> = {}): fc.Arbitrary<string> {
  const base = new Map(params.filter((p) => p.required).map((p) => [p.name, String(baseOf(p.schema))]));
  for (const [name, value] of Object.entries(example)) base.set(name, String(value));
  const names = params.map((p) => p.name);
  const change = fc.oneof(
    fc.record({ name: fc.constantFrom(...names, 'extra'), value: nastyValue.map(queryValue) }),
    fc.record({ name: fc.constantFrom(...names, 'extra'), value: fc.constant(undefined) }),
  );
  const raw = fc.constantFrom('%', '%ZZ', '%00', '%ED%A0%80', '%FF%FE', '&&&', '=', 'a[b]=1', 'id=1&id=2', 'language=en&language=zh');
  const mutated = fc.array(change, { minLength: 1, maxLength: 3 }).map((changes) => {
    const query = new Map(base);
    for (const { name, value } of changes) value === undefined ? query.delete(name) : query.set(name, value);
    return [...query].map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&');
  });
  return fc.oneof({ weight: 6, arbitrary: mutated }, { weight: 1, arbitrary: raw }).map((q) => (q ? `?${q}` : ''));
}

/**
 * The operation's path with its `{name}` segments filled: `example`'s value or one the schema
 * accepts, or a nasty value (percent-encoded, so it stays one segment), or an empty segment.
 */
export function pathArbitrary(op: DocumentedOperation, example: Record<string, unknown> = {}): fc.Arbitrary<string> {
  if (op.pathParams.length === 0) return fc.constant(op.path);
  const segment = (p: DocumentedOperation['pathParams'][number]) => {
    const good = example[p.name] === undefined ? String(baseOf(p.schema)) : String(example[p.name]);
    return fc.oneof({ weight: 3, arbitrary: fc.constant(good) }, { weight: 2, arbitrary: nastyValue.map(queryValue) }, fc.constant(''));
  };
  return fc.tuple(...op.pathParams.map(segment)).map((values) => {
    const byName = new Map(op.pathParams.map((p, i) => [p.name, values[i]!]));
    return op.path.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (_whole, name: string) => encode(byName.get(name) ?? ''));
  });
}

/** `example` without the members that go into the path. */
export function withoutPathParams(
  op: DocumentedOperation,
  example: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (!example || op.pathParams.length === 0) return example;
  return Object.fromEntries(Object.entries(example).filter(([name]) => !op.pathParams.some((p) => p.name === name)));
}
