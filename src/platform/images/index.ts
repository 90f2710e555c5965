/**
 * Product images: synthetic-but-real pixels per (imageSeed, colour), global descriptors that
 * survive resize / crop / re-encode / brightness, and nearest-neighbour indexes over them.
 */
export { renderProductImage, renderProductImageRaw, encodeJpeg, type RawImage, type Region } from './render.ts';
export { computeDescriptor, descriptorFromRender, descriptorsFromRender, INDEX_VIEWS } from './describe.ts';
export { DESCRIPTOR_DIM, THUMB } from './descriptor.ts';
export { decodeThumbnail, DEFAULT_PIXEL_LIMIT, type DecodeOptions } from './decode.ts';
export { ImageIndex, BruteForceIndex, type ImageHit, type ImageIndexRow, type ImageSearchIndex, type HnswOptions } from './image-index.ts';
export { ImageDecodeError, ImageTooLargeError } from './errors.ts';
export { QUERY_TRANSFORMS, type QueryTransform } from './transforms.ts';
export type { Rgb } from './scene.ts';
