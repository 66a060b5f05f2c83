// Jest environment for tests that run ONNX models. onnxruntime-node creates its output typed arrays in
// Node's own realm, while Jest gives each test file a fresh realm whose Float32Array is a different
// constructor, so onnxruntime-common's `instanceof Float32Array` checks fail. Sharing the typed-array
// constructors of the outer realm fixes that; everything else stays isolated per file.
// Use with a docblock at the top of the test file: @jest-environment ./imaging/testing/onnx-environment.js
const { TestEnvironment } = require('jest-environment-node');

const typedArrays = [
  'Float32Array',
  'Float64Array',
  'Int8Array',
  'Int16Array',
  'Int32Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Uint16Array',
  'Uint32Array',
  'BigInt64Array',
  'BigUint64Array',
];

class OnnxEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of typedArrays) this.global[name] = globalThis[name];
  }
}

module.exports = OnnxEnvironment;
