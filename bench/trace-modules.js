'use strict';
// Preloaded with `node --require ./bench/trace-modules.js …`: records every module request and every module
// file loaded (CommonJS), and at exit writes them as JSON to the file named by SANSO_TRACE_MODULES (or to
// stderr). The benchmark uses it to show that `sanso lint` never loads the TypeScript compiler or ts-morph.

const Module = require('node:module');
const fs = require('node:fs');

const requests = [];
const original = Module._load;
Module._load = function load(request, parent, isMain) {
  requests.push(request);
  return original.call(this, request, parent, isMain);
};

process.on('exit', () => {
  const files = Object.keys(require.cache);
  const data = JSON.stringify({ requests: [...new Set(requests)], files });
  const out = process.env.SANSO_TRACE_MODULES;
  if (out) fs.writeFileSync(out, data);
  else process.stderr.write(data + '\n');
});
