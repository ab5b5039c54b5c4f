// Compiles the workspace's TypeScript to dist/ (CommonJS, with decorator metadata for NestJS) so that `npm start`
// and every service run plain JavaScript: no compiler in the process (about 90 MB less memory than
// @swc-node/register) and no compilation at start. Jest and the benchmarks still compile on the fly.
//
// dist/ mirrors the workspace: dist/libs/domain/src/index.js, ...; each package gets a package.json whose main
// points at its compiled entry, and dist/node_modules/@tillidsbarometer/<name> links to it, so that the
// packages import each other by name exactly as in the sources. Third-party packages resolve from the
// workspace's node_modules (dist/ is inside it).
import { transformFile } from '@swc/core';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const swcrc = JSON.parse(readFileSync(path.join(root, '.swcrc'), 'utf8'));
const started = Date.now();

const packages = ['apps', 'libs'].flatMap((group) =>
  readdirSync(path.join(root, group))
    .map((name) => path.join(group, name))
    .filter((dir) => existsSync(path.join(root, dir, 'package.json')) && existsSync(path.join(root, dir, 'src'))),
);

rmSync(dist, { recursive: true, force: true });
const sources = packages.flatMap((dir) =>
  walk(path.join(root, dir, 'src')).filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.endsWith('.d.ts')),
);

await Promise.all(
  sources.map(async (file) => {
    const { code } = await transformFile(file, { ...swcrc, swcrc: false, sourceMaps: false, filename: file });
    const target = path.join(dist, path.relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, code);
  }),
);

for (const dir of packages) {
  const manifest = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
  const compiledMain = (manifest.main ?? 'src/index.ts').replace(/\.ts$/, '.js');
  writeFileSync(
    path.join(dist, dir, 'package.json'),
    JSON.stringify({ name: manifest.name, version: manifest.version, private: true, main: compiledMain }, null, 2),
  );
  // Data files that the code reads at run time (e.g. libs/domain/data/kommuner.json).
  if (existsSync(path.join(root, dir, 'data'))) cpSync(path.join(root, dir, 'data'), path.join(dist, dir, 'data'), { recursive: true });
  const link = path.join(dist, 'node_modules', manifest.name);
  mkdirSync(path.dirname(link), { recursive: true });
  symlinkSync(path.relative(path.dirname(link), path.join(dist, dir)), link, 'dir');
}

process.stderr.write(`built ${sources.length} files of ${packages.length} packages into dist/ in ${Date.now() - started} ms\n`);

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}
