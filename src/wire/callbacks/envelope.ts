import { MESSAGE_TYPES } from './message-types.ts';

/*
 * PandaPon's envelope is `{messageType, messageBody, messagePlatform, timestamp}`, timestamp the
 * push time in ms as a string. messageBody is a JSON-encoded string (sister doc), except for
 * TAOBAO_ORDER_BUYER_VIEW_BUYER_STATUS, which the seed page shows as the array itself (a
 * subscription may ask for the string form there too).
 */

/** Whether a message goes out with messageBody as the JSON value itself rather than a JSON string. */
export function bodyInline(messageType: string, bodyAsString: boolean): boolean {
  return messageType === MESSAGE_TYPES.taobaoStatus && !bodyAsString;
}

/**
 * The POSTed JSON. Built per attempt, since timestamp is the push time. An inline body is spliced
 * in as the stored JSON text, so it goes out byte for byte as built.
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
