/** Error codes 4011–4019: developer console sign-in and sessions. Spread into ERROR_TABLE (error-table.ts) after CONSOLE_ERRORS. */
import type { ErrorEntry } from './error-table.ts';

export const DEVCONSOLE_ERRORS = {
  DEV_SIGNIN_INVALID: {
    code: 4011,
    messages: {
      zh: '登录链接无效、已使用或已过期, 请向运营人员索取新链接',
      en: 'the sign-in link is unknown, already used or expired: ask an operator for a new one',
      th: 'ลิงก์เข้าสู่ระบบไม่ถูกต้อง ถูกใช้แล้ว หรือหมดอายุ โปรดขอลิงก์ใหม่จากผู้ดูแล',
      vi: 'liên kết đăng nhập không hợp lệ, đã dùng hoặc đã hết hạn: hãy xin người vận hành liên kết mới',
      es: 'el enlace de acceso es desconocido, ya se usó o caducó: pida uno nuevo a un operador',
    },
  },
  DEV_SESSION_INVALID: {
    code: 4012,
    messages: {
      zh: '开发者控制台会话不存在或已过期, 请重新登录',
      en: 'the developer console session is missing or has expired: sign in again',
      th: 'ไม่มีเซสชันคอนโซลนักพัฒนาหรือหมดอายุแล้ว โปรดเข้าสู่ระบบอีกครั้ง',
      vi: 'phiên bảng điều khiển nhà phát triển không tồn tại hoặc đã hết hạn: hãy đăng nhập lại',
      es: 'la sesión de la consola de desarrollador no existe o ha caducado: inicie sesión de nuevo',
    },
  },
} as const satisfies Record<string, ErrorEntry>;
