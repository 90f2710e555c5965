/** Error codes 4000–4099: operator console sign-in, sessions and roles (issue 14). Spread into ERROR_TABLE (error-table.ts), in this order. */
import type { ErrorEntry } from './error-table.ts';

export const CONSOLE_ERRORS = {
  LOGIN_REFUSED: {
    code: 4001,
    messages: {
      zh: '登录名或密码错误',
      en: 'wrong login or password',
      th: 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง',
      vi: 'tên đăng nhập hoặc mật khẩu không đúng',
      es: 'usuario o contraseña incorrectos',
    },
  },
  SESSION_INVALID: {
    code: 4002,
    messages: {
      zh: '控制台会话不存在或已过期, 请重新登录',
      en: 'the console session is missing or has expired: sign in again',
      th: 'ไม่มีเซสชันคอนโซลหรือหมดอายุแล้ว โปรดเข้าสู่ระบบอีกครั้ง',
      vi: 'phiên bảng điều khiển không tồn tại hoặc đã hết hạn: hãy đăng nhập lại',
      es: 'la sesión de la consola no existe o ha caducado: inicie sesión de nuevo',
    },
  },
  CSRF_TOKEN_INVALID: {
    code: 4003,
    messages: {
      zh: '请求缺少会话的 x-csrf-token 请求头或其值不符',
      en: 'the x-csrf-token header is missing or does not match the session',
      th: 'ไม่มีส่วนหัว x-csrf-token หรือไม่ตรงกับเซสชัน',
      vi: 'thiếu tiêu đề x-csrf-token hoặc không khớp với phiên',
      es: 'falta la cabecera x-csrf-token o no coincide con la sesión',
    },
  },
  OPERATOR_FORBIDDEN: {
    code: 4004,
    messages: {
      zh: '角色 {role} 不能执行 {operationId} (允许: {roles})',
      en: 'role {role} may not call {operationId} (allowed: {roles})',
      th: 'บทบาท {role} ไม่สามารถเรียก {operationId} (อนุญาต: {roles})',
      vi: 'vai trò {role} không được gọi {operationId} (cho phép: {roles})',
      es: 'el rol {role} no puede llamar a {operationId} (permitidos: {roles})',
    },
  },
} as const satisfies Record<string, ErrorEntry>;
