#!/usr/bin/env node
// Runs before `npm start` and `npm test`: checks Node.js and makes node_modules match package-lock.json
// (npm ci, from npm's cache in ~/.npm after the first time). Plain JavaScript: nothing is installed yet.
'use strict';
const { createHash } = require('node:crypto');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(
    `Tongpai needs Node.js 20.19 or newer (found ${process.version}): install it from https://nodejs.org or with nvm.`,
  );
  process.exit(1);
}

const lockHash = createHash('sha256')
  .update(fs.readFileSync(path.join(root, 'package.json')))
  .update(fs.readFileSync(path.join(root, 'package-lock.json')))
  .digest('hex');
const stamp = path.join(root, 'node_modules', '.tongpai-installed');
if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === lockHash) process.exit(0);

console.log('[tongpai] installing node modules with npm ci (first run, or package-lock.json changed)...');
const started = Date.now();
const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], {
  cwd: root,
  stdio: 'inherit',
  // onnxruntime-node's install step downloads GPU add-ons; its CPU binaries are already in the package.
  env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
});
if (result.status !== 0) {
  console.error(
    '[tongpai] npm ci failed: see the messages above (network to the npm registry needed on the first run).',
  );
  process.exit(result.status ?? 1);
}
fs.writeFileSync(stamp, lockHash);
console.log(`[tongpai] node modules ready in ${Math.round((Date.now() - started) / 1000)} s`);
