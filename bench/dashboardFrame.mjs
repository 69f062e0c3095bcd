// npm run bench:dashboard — the dashboard frame-budget benchmark in headless Chromium (bench/dashboardFrame.ts).
// It is not part of `npm run bench`: it takes about a minute and needs the harness's Chromium and playwright-core
// (test/vscode). This bundles the Node side to out/bench/dashboardFrame.js with esbuild and runs it; the Node
// side bundles the page itself. Run from the repository root.
import * as esbuild from 'esbuild';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const outfile = resolve('out', 'bench', 'dashboardFrame.js');
await esbuild.build({
  stdin: {
    contents: "import { benchDashboardFrame } from './dashboardFrame';\n"
      + 'benchDashboardFrame((text) => process.stdout.write(text)).catch((error) => {\n'
      + '  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\\n`);\n'
      + '  process.exitCode = 1;\n'
      + '});\n',
    resolveDir: resolve('bench'),
    sourcefile: 'dashboardFrameMain.ts',
    loader: 'ts',
  },
  outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node18', logLevel: 'warning',
});
await import(pathToFileURL(outfile).href);
