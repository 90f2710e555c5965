/**
 * The closed table of every code the API can answer with, and its message in each language.
 * Codes 200–599 are protocol codes (PandaPon uses HTTP-like numbers in `code`, always with HTTP
 * status 200); business codes live in their own ranges: 1000–1999 goods, 2000–2999 buying and
 * wallet, 3000–3999 callbacks. `{name}` placeholders are filled from the failure's params.
 * Adding a code here is the only way to add one; `satisfies` makes the compiler check that every
 * entry has all five languages.
 */
export const LANGUAGES = ['zh', 'en', 'th', 'vi', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

type Messages = Record<Language, string>;
interface ErrorEntry {
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
  // ── goods (1000–1999) ──
  IMAGE_INVALID: {
    code: 1001,
    messages: {
      zh: '图片无法解析: {detail}',
      en: 'image could not be decoded: {detail}',
      th: 'ไม่สามารถอ่านรูปภาพ: {detail}',
      vi: 'không thể đọc ảnh: {detail}',
      es: 'no se pudo decodificar la imagen: {detail}',
    },
  },
  IMAGE_TOO_LARGE: {
    code: 1002,
    messages: {
      zh: '图片过大: {detail}',
      en: 'image too large: {detail}',
      th: 'รูปภาพใหญ่เกินไป: {detail}',
      vi: 'ảnh quá lớn: {detail}',
      es: 'imagen demasiado grande: {detail}',
    },
  },
  IMAGE_UNREACHABLE: {
    code: 1003,
    messages: {
      zh: '无法获取图片地址: {detail}',
      en: 'image address could not be fetched: {detail}',
      th: 'ไม่สามารถดึงรูปภาพจากที่อยู่: {detail}',
      vi: 'không thể tải ảnh từ địa chỉ: {detail}',
      es: 'no se pudo obtener la imagen de la dirección: {detail}',
    },
  },
  // ── buying and wallet (2000–2999) ──
  INSUFFICIENT_BALANCE: {
    code: 2001,
    messages: {
      zh: '余额不足: 还差 {shortfallFen} 分',
      en: 'insufficient balance: {shortfallFen} fen short',
      th: 'ยอดเงินไม่พอ: ขาดอีก {shortfallFen} เฟิน',
      vi: 'số dư không đủ: thiếu {shortfallFen} fen',
      es: 'saldo insuficiente: faltan {shortfallFen} fen',
    },
  },
  PRICE_CHANGED: {
    code: 2002,
    messages: {
      zh: '价格已变动: 当前应付 {currentAmountFen} 分',
      en: 'price changed: the amount due is now {currentAmountFen} fen',
      th: 'ราคาเปลี่ยนแปลง: ยอดที่ต้องชำระตอนนี้ {currentAmountFen} เฟิน',
      vi: 'giá đã thay đổi: số tiền hiện tại là {currentAmountFen} fen',
      es: 'el precio cambió: el importe actual es {currentAmountFen} fen',
    },
  },
  OUT_OF_STOCK: {
    code: 2003,
    messages: {
      zh: '库存不足: {what} 可售 {available}',
      en: 'out of stock: {what} has {available} available',
      th: 'สินค้าไม่พอ: {what} เหลือ {available}',
      vi: 'hết hàng: {what} còn {available}',
      es: 'sin existencias: {what} tiene {available} disponibles',
    },
  },
  BELOW_MIN_ORDER_QUANTITY: {
    code: 2004,
    messages: {
      zh: '低于起订量: {what} 最少 {minimum} 件',
      en: 'below the minimum order quantity: {what} needs at least {minimum}',
      th: 'ต่ำกว่าจำนวนสั่งซื้อขั้นต่ำ: {what} ต้องอย่างน้อย {minimum}',
      vi: 'dưới số lượng đặt tối thiểu: {what} cần ít nhất {minimum}',
      es: 'por debajo del pedido mínimo: {what} requiere al menos {minimum}',
    },
  },
  IDEMPOTENCY_KEY_REUSED: {
    code: 2005,
    messages: {
      zh: '幂等键 {key} 已用于不同的请求内容',
      en: 'idempotency key {key} was already used with a different request body',
      th: 'คีย์ idempotency {key} ถูกใช้กับคำขอที่ต่างกันแล้ว',
      vi: 'khóa idempotency {key} đã được dùng với nội dung khác',
      es: 'la clave de idempotencia {key} ya se usó con otro cuerpo',
    },
  },
  ORDER_STATE_INVALID: {
    code: 2006,
    messages: {
      zh: '订单状态 {state} 不允许 {action}',
      en: 'order state {state} does not allow {action}',
      th: 'สถานะคำสั่งซื้อ {state} ไม่อนุญาตให้ {action}',
      vi: 'trạng thái đơn {state} không cho phép {action}',
      es: 'el estado del pedido {state} no permite {action}',
    },
  },
  PRODUCT_UNAVAILABLE: {
    code: 2007,
    messages: {
      zh: '商品不可售: {what}',
      en: 'product unavailable: {what}',
      th: 'สินค้าไม่พร้อมขาย: {what}',
      vi: 'sản phẩm không khả dụng: {what}',
      es: 'producto no disponible: {what}',
    },
  },
  WALLET_LIMIT_EXCEEDED: {
    code: 2008,
    messages: {
      zh: '超出钱包余额上限: 余额将为 {balanceAfterFen} 分, 上限 {limitFen} 分',
      en: 'wallet limit exceeded: the balance would be {balanceAfterFen} fen, above the limit of {limitFen} fen',
      th: 'เกินวงเงินกระเป๋าเงิน: ยอดเงินจะเป็น {balanceAfterFen} เฟิน เกินขีดจำกัด {limitFen} เฟิน',
      vi: 'vượt hạn mức ví: số dư sẽ là {balanceAfterFen} fen, vượt giới hạn {limitFen} fen',
      es: 'límite del monedero superado: el saldo sería {balanceAfterFen} fen, por encima del límite de {limitFen} fen',
    },
  },
  REFUND_STATE_INVALID: {
    code: 2101,
    messages: {
      zh: '售后单状态 {state} 不允许 {action}',
      en: 'refund in state {state} does not allow {action}',
      th: 'คำขอคืนเงินในสถานะ {state} ไม่อนุญาตให้ {action}',
      vi: 'yêu cầu hoàn tiền ở trạng thái {state} không cho phép {action}',
      es: 'el reembolso en estado {state} no permite {action}',
    },
  },
  REFUND_AMOUNT_TOO_LARGE: {
    code: 2102,
    messages: {
      zh: '退款金额 {amountFen} 分超过上限 {maxFen} 分 ({what})',
      en: 'refund amount {amountFen} fen is above the maximum {maxFen} fen ({what})',
      th: 'จำนวนเงินคืน {amountFen} เฟิน เกินสูงสุด {maxFen} เฟิน ({what})',
      vi: 'số tiền hoàn {amountFen} fen vượt mức tối đa {maxFen} fen ({what})',
      es: 'el importe del reembolso {amountFen} fen supera el máximo de {maxFen} fen ({what})',
    },
  },
  REFUND_VOUCHER_REQUIRED: {
    code: 2103,
    messages: {
      zh: '退款原因 {reasonId} 需要至少一张凭证图片',
      en: 'reason {reasonId} needs at least one voucher image',
      th: 'เหตุผล {reasonId} ต้องมีรูปหลักฐานอย่างน้อยหนึ่งรูป',
      vi: 'lý do {reasonId} cần ít nhất một ảnh chứng từ',
      es: 'el motivo {reasonId} necesita al menos una imagen de comprobante',
    },
  },
  REFUND_CARRIAGE_NOT_REFUNDABLE: {
    code: 2104,
    messages: {
      zh: '退款原因 {reasonId} 不退运费: applyCarriage 必须为 0 (实际 {carriageFen} 分)',
      en: 'reason {reasonId} does not refund freight: applyCarriage must be 0 (got {carriageFen} fen)',
      th: 'เหตุผล {reasonId} ไม่คืนค่าขนส่ง: applyCarriage ต้องเป็น 0 (ได้รับ {carriageFen} เฟิน)',
      vi: 'lý do {reasonId} không hoàn phí vận chuyển: applyCarriage phải là 0 (nhận {carriageFen} fen)',
      es: 'el motivo {reasonId} no reembolsa el flete: applyCarriage debe ser 0 (recibido {carriageFen} fen)',
    },
  },
  REFUND_PARTIAL_NOT_ALLOWED: {
    code: 2105,
    messages: {
      zh: '不允许部分退款: {rule}',
      en: '{rule}',
      th: 'ไม่อนุญาตให้คืนเงินบางส่วน: {rule}',
      vi: 'không cho phép hoàn một phần: {rule}',
      es: 'reembolso parcial no permitido: {rule}',
    },
  },
  REFUND_REASON_INVALID: {
    code: 2106,
    messages: {
      zh: '退款原因 {reasonId} 不适用于 {kind} (货物状态 {goodsStatus})',
      en: 'reason {reasonId} is not one of the reasons for {kind} with goods status {goodsStatus}',
      th: 'เหตุผล {reasonId} ไม่ใช่เหตุผลสำหรับ {kind} ที่สถานะสินค้า {goodsStatus}',
      vi: 'lý do {reasonId} không thuộc các lý do cho {kind} với trạng thái hàng {goodsStatus}',
      es: 'el motivo {reasonId} no es uno de los motivos para {kind} con estado de mercancía {goodsStatus}',
    },
  },
  REFUND_GOODS_STATUS_INVALID: {
    code: 2107,
    messages: {
      zh: '货物状态 {goodsStatus} 不符合 {rule}',
      en: 'goods status {goodsStatus} does not fit {rule}',
      th: 'สถานะสินค้า {goodsStatus} ไม่ตรงกับ {rule}',
      vi: 'trạng thái hàng {goodsStatus} không phù hợp với {rule}',
      es: 'el estado de mercancía {goodsStatus} no encaja con {rule}',
    },
  },
  REFUND_NOT_ALLOWED: {
    code: 2108,
    messages: {
      zh: '订单 {orderId} 第 {lineNo} 行不能退款: {why}',
      en: 'order {orderId} line {lineNo} cannot be refunded: {why}',
      th: 'คำสั่งซื้อ {orderId} รายการ {lineNo} ไม่สามารถคืนเงินได้: {why}',
      vi: 'đơn {orderId} dòng {lineNo} không thể hoàn tiền: {why}',
      es: 'el pedido {orderId} línea {lineNo} no se puede reembolsar: {why}',
    },
  },
} as const satisfies Record<string, ErrorEntry>;
