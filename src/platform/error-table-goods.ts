/** Error codes 1000–1999: goods (images). Spread into ERROR_TABLE (error-table.ts), in this order. */
import type { ErrorEntry } from './error-table.ts';

export const GOODS_ERRORS = {
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
} as const satisfies Record<string, ErrorEntry>;
