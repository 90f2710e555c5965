/** The bytes are not an image sharp can decode (corrupt, truncated, or another format). */
export class ImageDecodeError extends Error {
  override readonly name = 'ImageDecodeError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The image decodes but has more pixels than the caller allows (decompression-bomb guard). */
export class ImageTooLargeError extends Error {
  override readonly name = 'ImageTooLargeError';
  readonly limitPixels: number;
  constructor(message: string, limitPixels: number, options?: { cause?: unknown }) {
    super(message, options);
    this.limitPixels = limitPixels;
  }
}
