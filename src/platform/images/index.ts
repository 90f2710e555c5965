/**
 * Image search primitives: decoding with a pixel cap, a global descriptor that survives resize /
 * crop / re-encode / brightness, and nearest-neighbour indexes over descriptors. The sandbox's
 * pictures (drawn scenes) and its descriptor entry points live in `sources/sandbox/pictures/`.
 */
export { DESCRIPTOR_DIM, THUMB, describeThumbnail } from './descriptor.ts';
export { decodeThumbnail, DEFAULT_PIXEL_LIMIT, type DecodeOptions, type RawImage } from './decode.ts';
export { ImageIndex, BruteForceIndex, type ImageHit, type ImageIndexRow, type ImageSearchIndex, type HnswOptions } from './image-index.ts';
export { ImageDecodeError, ImageTooLargeError } from './errors.ts';
export { QUERY_TRANSFORMS, type QueryTransform } from './transforms.ts';
