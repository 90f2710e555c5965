import { defineMessages } from './define.ts';

/** The developer console's screens. Keys start with `dev`. */
export const developerMessages = defineMessages({
  en: { devSignedOut: 'Open the sign-in link your operator gave you to sign in.' },
  zh: { devSignedOut: '请打开运营方提供的登录链接进行登录。' },
  th: { devSignedOut: 'เปิดลิงก์เข้าสู่ระบบที่ผู้ให้บริการให้คุณเพื่อเข้าสู่ระบบ' },
  vi: { devSignedOut: 'Mở liên kết đăng nhập mà nhà vận hành đã gửi để đăng nhập.' },
  es: { devSignedOut: 'Abra el enlace de inicio de sesión que le dio su operador.' },
});
