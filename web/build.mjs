// Builds the careergraph web UI into a static directory: node web/build.mjs OUT_DIR
// Writes OUT_DIR/index.html, OUT_DIR/app.js, OUT_DIR/app.css and OUT_DIR/favicon.svg.
// Everything the page needs is in OUT_DIR: nothing is loaded from the internet at run time.
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out || process.argv.length > 3) {
  console.error('usage: node web/build.mjs OUT_DIR');
  process.exit(1);
}
const outDir = resolve(out);
await mkdir(outDir, { recursive: true });

const common = {
  bundle: true,
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: here,
};

try {
  await build({
    ...common,
    entryPoints: [join(here, 'src/app.js')],
    outfile: join(outDir, 'app.js'),
    format: 'esm',
    target: ['es2020'],
  });
  await build({
    ...common,
    entryPoints: [join(here, 'src/app.css')],
    outfile: join(outDir, 'app.css'),
    target: ['chrome100', 'firefox100', 'safari15'],
  });
} catch {
  process.exit(1); // esbuild has printed the errors
}

const pkg = JSON.parse(await readFile(join(here, 'package.json'), 'utf8'));
const html = (await readFile(join(here, 'src/index.html'), 'utf8')).replaceAll('%VERSION%', pkg.version);
await writeFile(join(outDir, 'index.html'), html);
await copyFile(join(here, 'src/favicon.svg'), join(outDir, 'favicon.svg'));
console.log(`careergraph web UI written to ${outDir}`);
