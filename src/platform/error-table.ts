/**
 * The closed table of every code the API can answer with, and its message in each language.
 * Codes 200–599 are protocol codes (PandaPon uses HTTP-like numbers in `code`, always with HTTP
 * status 200); business codes live in their own ranges: 1000–1999 goods, 2000–2999 buying and
 * wallet (2100–2199 after-sales, 2200–2299 warehouse), 3000–3999 callbacks, 4000–4099 operator console (4011–4019 the developer console). `{name}` placeholders are filled from the
 * failure's params. The protocol codes are below; each business range has its own file
 * (error-table-goods.ts, error-table-buying.ts, error-table-aftersales.ts, error-table-warehouse.ts,
 * error-table-console.ts, error-table-devconsole.ts), spread in here in code
 * order, so this stays the one table. Adding a code to one of these files is the only way to add
 * one; `satisfies` (here and in each file) makes the compiler check that every entry has all five
 * languages, and `as const` keeps the message texts as types (machine.ts checks placeholders).
 * A name already used elsewhere would replace that entry in the spread: the README's table
 * (test/docs.test.ts) would then differ.
 */
import { AFTERSALES_ERRORS } from './error-table-aftersales.ts';
import { BUYING_ERRORS } from './error-table-buying.ts';
import { CONSOLE_ERRORS } from './error-table-console.ts';
import { DEVCONSOLE_ERRORS } from './error-table-devconsole.ts';
import { DEVELOPER_ERRORS } from './error-table-developers.ts';
import { PURCHASING_ERRORS } from './error-table-purchasing.ts';
import { GOODS_ERRORS } from './error-table-goods.ts';
import { WAREHOUSE_ERRORS } from './error-table-warehouse.ts';

export const LANGUAGES = ['zh', 'en', 'th', 'vi', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

type Messages = Record<Language, string>;
export interface ErrorEntry {
  code: number;
  messages: Messages;
}

export const ERROR_TABLE = {
  SUCCESS: { code: 200, messages: { zh: '成功', en: 'success', th: 'สำเร็จ', vi: 'thành công', es: 'éxito' } },
  BAD_PARAMETER: {
    code: 400,
    messages: {
      zh: '参数错误: {field} {rule}',
      en: 'bad parameter: {field} {rule}',
      th: 'พารามิเตอร์ไม่ถูกต้อง: {field} {rule}',
      vi: 'tham số không hợp lệ: {field} {rule}',
      es: 'parámetro inválido: {field} {rule}',
    },
  },
  ACCESS_KEY_INVALID: {
    code: 401,
    messages: {
      zh: 'access-key 缺失或不存在',
      en: 'access-key is missing or unknown',
      th: 'ไม่มี access-key หรือไม่รู้จัก',
      vi: 'access-key bị thiếu hoặc không tồn tại',
      es: 'access-key ausente o desconocida',
    },
  },
  SIGNATURE_MISMATCH: {
    code: 402,
    messages: {
      zh: '签名错误 ({hint})',
      en: 'signature mismatch ({hint})',
      th: 'ลายเซ็นไม่ถูกต้อง ({hint})',
      vi: 'chữ ký không khớp ({hint})',
      es: 'la firma no coincide ({hint})',
    },
  },
  TIMESTAMP_OUT_OF_WINDOW: {
    code: 403,
    messages: {
      zh: 'timestamp 超出允许范围: 与服务器时间相差 {skewSeconds} 秒 (允许 ±{windowSeconds} 秒)',
      en: 'timestamp outside the allowed window: clock skew {skewSeconds} s (allowed ±{windowSeconds} s)',
      th: 'timestamp อยู่นอกช่วงที่อนุญาต: ต่างจากเวลาเซิร์ฟเวอร์ {skewSeconds} วินาที (อนุญาต ±{windowSeconds} วินาที)',
      vi: 'timestamp nằm ngoài khoảng cho phép: lệch {skewSeconds} giây (cho phép ±{windowSeconds} giây)',
      es: 'timestamp fuera de la ventana permitida: desfase de {skewSeconds} s (permitido ±{windowSeconds} s)',
    },
  },
  NOT_FOUND: {
    code: 404,
    messages: {
      zh: '未找到: {what}',
      en: 'not found: {what}',
      th: 'ไม่พบ: {what}',
      vi: 'không tìm thấy: {what}',
      es: 'no encontrado: {what}',
    },
  },
  NONCE_REUSED: {
    code: 405,
    messages: {
      zh: 'nonce-str 已被使用, 请求可能被重放',
      en: 'nonce-str was already used: the request looks replayed',
      th: 'nonce-str ถูกใช้แล้ว คำขออาจถูกส่งซ้ำ',
      vi: 'nonce-str đã được sử dụng: yêu cầu có thể bị phát lại',
      es: 'nonce-str ya usado: la solicitud parece repetida',
    },
  },
  NO_PERMISSION: {
    code: 406,
    messages: {
      zh: '子账号无权限: 角色 {role} 不能执行 {action}',
      en: 'no permission: role {role} may not {action}',
      th: 'ไม่มีสิทธิ์: บทบาท {role} ไม่สามารถ {action}',
      vi: 'không có quyền: vai trò {role} không được {action}',
      es: 'sin permiso: el rol {role} no puede {action}',
    },
  },
  USER_ID_INVALID: {
    code: 407,
    messages: {
      zh: 'user-id 不是该开发者的主账号或子账号',
      en: 'user-id is not the main user or a sub-account of this developer',
      th: 'user-id ไม่ใช่ผู้ใช้หลักหรือบัญชีย่อยของนักพัฒนานี้',
      vi: 'user-id không phải tài khoản chính hoặc tài khoản con của nhà phát triển này',
      es: 'user-id no es el usuario principal ni una subcuenta de este desarrollador',
    },
  },
  SIGN_TYPE_REQUIRED: {
    code: 408,
    messages: {
      zh: '该 access-key 要求 sign-type: HMAC-SHA256 签名',
      en: 'this access-key requires sign-type: HMAC-SHA256',
      th: 'access-key นี้ต้องใช้ sign-type: HMAC-SHA256',
      vi: 'access-key này yêu cầu sign-type: HMAC-SHA256',
      es: 'esta access-key requiere sign-type: HMAC-SHA256',
    },
  },
  CONFLICT: {
    code: 409,
    messages: {
      zh: '状态冲突: {reason}',
      en: 'conflict: {reason}',
      th: 'สถานะขัดแย้ง: {reason}',
      vi: 'xung đột: {reason}',
      es: 'conflicto: {reason}',
    },
  },
  ADMIN_TOKEN_INVALID: {
    code: 411,
    messages: {
      zh: '管理接口需要有效的 Authorization: Bearer 管理令牌',
      en: 'admin endpoints need a valid Authorization: Bearer admin token',
      th: 'ปลายทางผู้ดูแลต้องใช้ Authorization: Bearer โทเค็นผู้ดูแลที่ถูกต้อง',
      vi: 'điểm cuối quản trị cần Authorization: Bearer mã quản trị hợp lệ',
      es: 'los endpoints de administración requieren Authorization: Bearer con un token válido',
    },
  },
  PAYLOAD_TOO_LARGE: {
    code: 413,
    messages: {
      zh: '请求体过大 (上限 {limit} 字节)',
      en: 'request body too large (limit {limit} bytes)',
      th: 'เนื้อหาคำขอใหญ่เกินไป (จำกัด {limit} ไบต์)',
      vi: 'nội dung yêu cầu quá lớn (giới hạn {limit} byte)',
      es: 'cuerpo de la solicitud demasiado grande (límite {limit} bytes)',
    },
  },
  RATE_LIMITED: {
    code: 429,
    messages: {
      zh: '请求过于频繁, 请 {retryAfterMs} 毫秒后重试',
      en: 'rate limited: retry after {retryAfterMs} ms',
      th: 'คำขอถี่เกินไป ลองใหม่หลัง {retryAfterMs} มิลลิวินาที',
      vi: 'quá nhiều yêu cầu: thử lại sau {retryAfterMs} ms',
      es: 'demasiadas solicitudes: reintente en {retryAfterMs} ms',
    },
  },
  INTERNAL: {
    code: 500,
    messages: {
      zh: '系统错误, 请凭 requestId 联系我们',
      en: 'internal error: quote the requestId when you contact us',
      th: 'ข้อผิดพลาดของระบบ โปรดแจ้ง requestId เมื่อติดต่อเรา',
      vi: 'lỗi hệ thống: vui lòng cung cấp requestId khi liên hệ',
      es: 'error interno: indique el requestId al contactarnos',
    },
  },
  NOT_READY: {
    code: 503,
    messages: {
      zh: '服务尚未就绪: {reason}',
      en: 'not ready: {reason}',
      th: 'บริการยังไม่พร้อม: {reason}',
      vi: 'dịch vụ chưa sẵn sàng: {reason}',
      es: 'servicio no disponible todavía: {reason}',
    },
  },
  // ── goods (1000–1999), buying and wallet (2000–2099), after-sales (2100–2199), warehouse (2200–2299): one file per range ──
  ...GOODS_ERRORS,
  ...BUYING_ERRORS,
  ...AFTERSALES_ERRORS,
  ...WAREHOUSE_ERRORS,
  // ── operator console (4000–4099) ──
  ...CONSOLE_ERRORS,
  ...DEVCONSOLE_ERRORS,
  // ── the purchasing queue (4021–4029) ──
  ...PURCHASING_ERRORS,
  ...DEVELOPER_ERRORS,
} as const satisfies Record<string, ErrorEntry>;
