import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Language, Params } from '../errors.ts';
import { nulPath } from '../text.ts';

type Phrases = Record<Language, string>;

const NAMED_RULES: Record<string, Phrases> = {
  phone: {
    zh: '格式不正确: 应为 6–20 位数字, 可带 + 前缀、空格或 -',
    en: 'must be a phone number: 6–20 digits, optional leading +, spaces or -',
    th: 'ต้องเป็นหมายเลขโทรศัพท์: ตัวเลข 6–20 หลัก อาจมี + นำหน้า',
    vi: 'phải là số điện thoại: 6–20 chữ số, có thể có + ở đầu',
    es: 'debe ser un teléfono: 6–20 dígitos, + inicial opcional',
  },
  json: {
    zh: '必须是合法的 JSON',
    en: 'must be valid JSON',
    th: 'ต้องเป็น JSON ที่ถูกต้อง',
    vi: 'phải là JSON hợp lệ',
    es: 'debe ser JSON válido',
  },
  nul: {
    zh: '不能包含 NUL 字符 (U+0000)',
    en: 'must not contain the NUL character (U+0000)',
    th: 'ต้องไม่มีอักขระ NUL (U+0000)',
    vi: 'không được chứa ký tự NUL (U+0000)',
    es: 'no debe contener el carácter NUL (U+0000)',
  },
  headerSize: {
    zh: '请求行与请求头合计不能超过 {x} 字节',
    en: 'request line and headers must be at most {x} bytes together',
    th: 'บรรทัดคำขอและส่วนหัวรวมกันต้องไม่เกิน {x} ไบต์',
    vi: 'dòng yêu cầu và header cộng lại tối đa {x} byte',
    es: 'la línea de petición y las cabeceras deben sumar como máximo {x} bytes',
  },
  requestTimeout: {
    zh: '未在时限内完整到达',
    en: 'did not arrive completely in time',
    th: 'มาไม่ครบภายในเวลาที่กำหนด',
    vi: 'không đến đầy đủ kịp thời hạn',
    es: 'no llegó completa a tiempo',
  },
  http: {
    zh: '不是合法的 HTTP/1.1 请求 ({x})',
    en: 'is not a valid HTTP/1.1 request ({x})',
    th: 'ไม่ใช่คำขอ HTTP/1.1 ที่ถูกต้อง ({x})',
    vi: 'không phải yêu cầu HTTP/1.1 hợp lệ ({x})',
    es: 'no es una petición HTTP/1.1 válida ({x})',
  },
  numericId: {
    zh: '必须是数字字符串 id',
    en: 'must be a numeric string id',
    th: 'ต้องเป็นรหัสตัวเลข',
    vi: 'phải là id dạng chuỗi số',
    es: 'debe ser un id numérico',
  },
  idAsString: {
    zh: '是超过 2^53 (9007199254740991) 的数字, JSON 数字无法精确表示: 请把 id 作为字符串发送',
    en: 'is a number beyond 2^53 (9007199254740991), which a JSON number cannot carry exactly: send the id as a string',
    th: 'เป็นตัวเลขที่เกิน 2^53 (9007199254740991) ซึ่งตัวเลข JSON เก็บได้ไม่ตรง: โปรดส่ง id เป็นสตริง',
    vi: 'là số vượt quá 2^53 (9007199254740991), số JSON không giữ chính xác được: hãy gửi id dưới dạng chuỗi',
    es: 'es un número mayor que 2^53 (9007199254740991), que un número JSON no representa con exactitud: envía el id como cadena',
  },
};

const GENERIC: Record<string, Phrases> = {
  required: { zh: '不能为空', en: 'is required', th: 'จำเป็นต้องระบุ', vi: 'là bắt buộc', es: 'es obligatorio' },
  type: { zh: '类型应为 {x}', en: 'must be of type {x}', th: 'ต้องเป็นชนิด {x}', vi: 'phải có kiểu {x}', es: 'debe ser de tipo {x}' },
  minLength: {
    zh: '长度不能小于 {x}',
    en: 'must be at least {x} characters',
    th: 'ต้องยาวอย่างน้อย {x} ตัวอักษร',
    vi: 'phải có ít nhất {x} ký tự',
    es: 'debe tener al menos {x} caracteres',
  },
  maxLength: {
    zh: '长度不能超过 {x}',
    en: 'must be at most {x} characters',
    th: 'ต้องยาวไม่เกิน {x} ตัวอักษร',
    vi: 'tối đa {x} ký tự',
    es: 'debe tener como máximo {x} caracteres',
  },
  min: { zh: '不能小于 {x}', en: 'must be ≥ {x}', th: 'ต้องไม่น้อยกว่า {x}', vi: 'phải ≥ {x}', es: 'debe ser ≥ {x}' },
  max: { zh: '不能大于 {x}', en: 'must be ≤ {x}', th: 'ต้องไม่มากกว่า {x}', vi: 'phải ≤ {x}', es: 'debe ser ≤ {x}' },
  minItems: {
    zh: '至少 {x} 项',
    en: 'must have at least {x} items',
    th: 'ต้องมีอย่างน้อย {x} รายการ',
    vi: 'phải có ít nhất {x} mục',
    es: 'debe tener al menos {x} elementos',
  },
  maxItems: {
    zh: '最多 {x} 项',
    en: 'must have at most {x} items',
    th: 'ต้องมีไม่เกิน {x} รายการ',
    vi: 'tối đa {x} mục',
    es: 'debe tener como máximo {x} elementos',
  },
  format: { zh: '格式不正确', en: 'has an invalid format', th: 'รูปแบบไม่ถูกต้อง', vi: 'sai định dạng', es: 'tiene un formato inválido' },
  oneOf: {
    zh: '取值应为 {x} 之一',
    en: 'must be one of {x}',
    th: 'ต้องเป็นค่าใดค่าหนึ่งใน {x}',
    vi: 'phải là một trong {x}',
    es: 'debe ser uno de {x}',
  },
  unknownKey: {
    zh: '是未知字段',
    en: 'is not a known field',
    th: 'ไม่ใช่ฟิลด์ที่รู้จัก',
    vi: 'không phải trường hợp lệ',
    es: 'no es un campo conocido',
  },
  integer: { zh: '必须是整数', en: 'must be an integer', th: 'ต้องเป็นจำนวนเต็ม', vi: 'phải là số nguyên', es: 'debe ser un entero' },
};

function phrase(table: Phrases, language: Language, x?: unknown): string {
  return table[language].replace('{x}', String(x ?? ''));
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function ruleFor(issue: z.core.$ZodIssue, language: Language, input: unknown): string {
  const named = issue.message.startsWith('rule:') ? NAMED_RULES[issue.message.slice(5)] : undefined;
  if (named) return named[language];
  // An absent value is "required" whatever the schema's shape (a union's issue would say "invalid format").
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && valueAt(input, issue.path) === undefined)
    return phrase(GENERIC.required!, language);
  switch (issue.code) {
    case 'invalid_type':
      return phrase(GENERIC.type!, language, issue.expected);
    case 'too_small':
      if (issue.origin === 'string') return phrase(issue.minimum === 1 ? GENERIC.required! : GENERIC.minLength!, language, issue.minimum);
      if (issue.origin === 'array' || issue.origin === 'set') return phrase(GENERIC.minItems!, language, issue.minimum);
      return phrase(GENERIC.min!, language, issue.minimum);
    case 'too_big':
      if (issue.origin === 'string') return phrase(GENERIC.maxLength!, language, issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'set') return phrase(GENERIC.maxItems!, language, issue.maximum);
      return phrase(GENERIC.max!, language, issue.maximum);
    case 'invalid_value':
      return phrase(GENERIC.oneOf!, language, issue.values.map(String).join('|'));
    case 'unrecognized_keys':
      return phrase(GENERIC.unknownKey!, language);
    case 'not_multiple_of':
      return phrase(GENERIC.integer!, language);
    case 'invalid_union':
      // e.g. an id that may be a string or a number: absent is "required", not "invalid format"
      return phrase(valueAt(input, issue.path) === undefined ? GENERIC.required! : GENERIC.format!, language);
    default:
      return phrase(GENERIC.format!, language);
  }
}

/**
 * Turns the first zod issue into BAD_PARAMETER params: the field's path and the rule it broke,
 * in the request's language. Schemas name special rules (phone, json …) through the issue
 * message, e.g. `z.string().regex(PHONE, 'rule:phone')`.
 */
export function badParameterParams(error: z.ZodError, language: Language, prefix: string, input: unknown): Params {
  const issue = error.issues[0]!;
  const keys = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  return { field: keys.length > 0 ? fieldPath(keys) : prefix, rule: ruleFor(issue, language, input) };
}

/** A field's path as clients write it: indexes as `[n]`, the way services name lines too ("orderLineList[0].skuId"). */
function fieldPath(keys: readonly PropertyKey[]): string {
  return keys.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

const METHOD: Phrases = {
  zh: '{m} 不可用, 该接口只接受 {x}',
  en: '{m} is not served here: this route takes {x}',
  th: 'ไม่รองรับ {m} ที่นี่: เส้นทางนี้รับ {x}',
  vi: '{m} không được hỗ trợ ở đây: đường dẫn này nhận {x}',
  es: '{m} no se sirve aquí: esta ruta acepta {x}',
};

/** The rule of a request sent with a method its path is not served with. */
export function methodRule(sent: string, allowed: readonly string[], language: Language): string {
  return phrase(METHOD, language, allowed.join(' or ')).replace('{m}', sent);
}

export function namedRule(rule: keyof typeof NAMED_RULES, language: Language, x?: unknown): string {
  return phrase(NAMED_RULES[rule]!, language, x);
}

/**
 * The field, as the client sent it (header name, query or path parameter, body path), of the first
 * string holding U+0000; null when there is none. Runs for every route before its handler, so a
 * new route cannot forget it; JSON-in-string fields are checked after parsing (wire/common/json-text.ts).
 */
export function nulField(request: FastifyRequest): string | null {
  const sources: Array<[unknown, string]> = [
    [request.headers, ''],
    [request.params, ''],
    [request.query, ''],
    [request.body, 'body'],
  ];
  for (const [value, whole] of sources) {
    const path = nulPath(value);
    if (path) return path.length > 0 ? fieldPath(path) : whole;
  }
  return null;
}
