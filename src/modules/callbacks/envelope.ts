import { MESSAGE_TYPES } from './bodies.ts';

/** Whether a message goes out with messageBody as the JSON value itself rather than a JSON string. */
export function bodyInline(messageType: string, bodyAsString: boolean): boolean {
  return messageType === MESSAGE_TYPES.taobaoStatus && !bodyAsString;
}

/**
 * The POSTed JSON: PandaPon's envelope. Built per attempt, since timestamp is the push time.
 * An inline body is spliced in as the stored JSON text, so it goes out byte for byte as built.
 */
export function envelope(message: { messageType: string; platform: number; body: string }, nowMs: number, bodyAsString: boolean): string {
  if (!bodyInline(message.messageType, bodyAsString)) {
    return JSON.stringify({
      messageType: message.messageType,
      messageBody: message.body,
      messagePlatform: message.platform,
      timestamp: String(nowMs),
    });
  }
  return `{"messageType":${JSON.stringify(message.messageType)},"messageBody":${message.body},"messagePlatform":${message.platform},"timestamp":${JSON.stringify(String(nowMs))}}`;
}
