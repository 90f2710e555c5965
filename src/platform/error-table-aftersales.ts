/** Error codes 2100–2199: after-sales (refund applications, issue 12). Spread into ERROR_TABLE (error-table.ts), in this order. */
import type { ErrorEntry } from './error-table.ts';

export const AFTERSALES_ERRORS = {
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
