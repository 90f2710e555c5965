/** The console's session cookie: read from the Cookie header, written as Set-Cookie. */
export const SESSION_COOKIE = 'ponte_session';
/** The developer console's: a different name, so neither session is ever taken for the other. */
export const DEV_SESSION_COOKIE = 'ponte_dev_session';

export function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim() || null;
  }
  return null;
}

/**
 * HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Secure over
 * https; the browser keeps it until the session's absolute end, the server enforces the idle end.
 */
export function sessionCookie(token: string, options: { secure: boolean; maxAgeSeconds: number; name?: string }): string {
  const parts = [`${options.name ?? SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${options.maxAgeSeconds}`];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

export function clearedSessionCookie(secure: boolean, name = SESSION_COOKIE): string {
  return sessionCookie('', { secure, maxAgeSeconds: 0, name });
}
