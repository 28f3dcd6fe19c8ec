#!/usr/bin/env node
// The installed entry point: runs the compiled CLI (npm run build creates dist/).
import '../dist/src/bin/imhost.js';
