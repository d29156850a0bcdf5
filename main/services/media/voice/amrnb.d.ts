/**
 * benz-amr-recorder's `src/amrnb.js`: opencore-amr compiled with emscripten (MIT), shipped as the body
 * of a Web Worker: calling it installs `self.onmessage`, which answers `{command:'decode', buffer}`
 * through `self.postMessage({command:'decode', amr: Float32Array})`.
 */
declare module 'benz-amr-recorder/src/amrnb.js' {
  const installAmrWorker: () => void;
  export default installAmrWorker;
}
