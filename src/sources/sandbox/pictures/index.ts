/**
 * The sandbox's product pictures: a scene drawn as a pure function of (imageSeed, colour), so the
 * served JPEG and the index-time thumbnail are samplings of one picture, and the descriptors of
 * both. The query-time descriptor lives here too: its centring mean is taken over these scenes.
 */
export { renderProductImage, renderProductImageRaw, encodeJpeg, type Region } from './render.ts';
export { computeDescriptor, descriptorFromRender, descriptorsFromRender, INDEX_VIEWS } from './describe.ts';
export { describeMany, DescribePool, type DescribeJob } from './pool.ts';
export type { Rgb } from './scene.ts';
export { renderRegion, FULL } from './render.ts';
export { sceneParams } from './scene.ts';
