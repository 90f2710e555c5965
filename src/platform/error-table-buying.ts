/** Error codes 2000–2099: buying and wallet. Spread into ERROR_TABLE (error-table.ts), in this order. */
import type { ErrorEntry } from './error-table.ts';

export const BUYING_ERRORS = {
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
} as const satisfies Record<string, ErrorEntry>;
