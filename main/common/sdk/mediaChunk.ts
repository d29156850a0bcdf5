/**
 * The most bytes one GetMediaData call returns (docs/wecom-sdk.md §5): a file up to this size comes in
 * one chunk. Main plans downloads by it; the SDK host sizes its chunk buffers by it.
 */
export const MEDIA_CHUNK_BYTES = 512 * 1024;
