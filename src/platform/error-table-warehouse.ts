/** Error codes 2200–2299: warehouse and international logistics (issue 13). Spread into ERROR_TABLE (error-table.ts), in this order. */
import type { ErrorEntry } from './error-table.ts';

export const WAREHOUSE_ERRORS = {
  PARCEL_STATE_INVALID: {
    code: 2201,
    messages: {
      zh: '包裹状态 {state} 不允许 {action}',
      en: 'parcel in state {state} does not allow {action}',
      th: 'พัสดุในสถานะ {state} ไม่อนุญาตให้ {action}',
      vi: 'kiện hàng ở trạng thái {state} không cho phép {action}',
      es: 'el paquete en estado {state} no permite {action}',
    },
  },
  SHIPMENT_STATE_INVALID: {
    code: 2202,
    messages: {
      zh: '国际运单状态 {state} 不允许 {action}',
      en: 'shipment in state {state} does not allow {action}',
      th: 'การจัดส่งในสถานะ {state} ไม่อนุญาตให้ {action}',
      vi: 'lô hàng ở trạng thái {state} không cho phép {action}',
      es: 'el envío en estado {state} no permite {action}',
    },
  },
  TRACKING_NUMBER_TAKEN: {
    code: 2203,
    messages: {
      zh: '国内物流单号 {trackingNumber} 已由其他账户登记',
      en: 'domestic tracking number {trackingNumber} is already declared by another account',
      th: 'หมายเลขติดตามในประเทศ {trackingNumber} ถูกลงทะเบียนโดยบัญชีอื่นแล้ว',
      vi: 'mã vận đơn nội địa {trackingNumber} đã được tài khoản khác khai báo',
      es: 'el número de seguimiento nacional {trackingNumber} ya lo declaró otra cuenta',
    },
  },
  SHIPMENT_CHANNEL_REFUSED: {
    code: 2204,
    messages: {
      zh: '渠道 {serviceId} 不能承运: {reason}',
      en: 'channel {serviceId} cannot carry this shipment: {reason}',
      th: 'ช่องทาง {serviceId} ไม่สามารถขนส่งได้: {reason}',
      vi: 'kênh {serviceId} không thể vận chuyển lô hàng này: {reason}',
      es: 'el canal {serviceId} no puede llevar este envío: {reason}',
    },
  },
  RENDER_EXPIRED: {
    code: 2205,
    messages: {
      zh: '运费报价 {renderId} 已过期, 请重新预览',
      en: 'freight quote {renderId} has expired; preview the freight again',
      th: 'ใบเสนอราคาค่าขนส่ง {renderId} หมดอายุแล้ว กรุณาดูตัวอย่างอีกครั้ง',
      vi: 'báo giá cước {renderId} đã hết hạn; hãy xem trước cước lại',
      es: 'la cotización de flete {renderId} ha caducado; vuelva a previsualizar el flete',
    },
  },
  NO_RATE_CARD: {
    code: 2206,
    messages: {
      zh: '{date} (北京时间) 没有生效的运价表',
      en: 'no rate card is in effect on {date} (Asia/Shanghai)',
      th: 'ไม่มีตารางค่าขนส่งที่มีผลในวันที่ {date} (Asia/Shanghai)',
      vi: 'không có bảng giá cước nào có hiệu lực vào ngày {date} (Asia/Shanghai)',
      es: 'ninguna tarifa de flete está vigente el {date} (Asia/Shanghai)',
    },
  },
} as const satisfies Record<string, ErrorEntry>;
