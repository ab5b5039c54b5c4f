// Compiles the workspace's TypeScript to dist/ (CommonJS, with decorator metadata for NestJS) so that `npm start`
// and every service run plain JavaScript: no compiler in the process (about 90 MB less memory than
// @swc-node/register) and no compilation at start. Jest and the benchmarks still compile on the fly.
//
// Each build goes to a directory of its own under .dist-builds/ and dist becomes a symbolic link to it in one
// atomic rename, so a build never pulls the files from under a process that runs the previous one (the end-to-end
// tests of two developers, or a test and `npm start`, may build at the same time).
//
// dist/ mirrors the workspace: dist/libs/domain/src/index.js, ...; each package gets a package.json whose main
// points at its compiled entry, and dist/node_modules/@tillidsbarometer/<name> links to it, so that the
// packages import each other by name exactly as in the sources. Third-party packages resolve from the
// workspace's node_modules (dist/ is inside it).
import { transformFile } from '@swc/core';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builds = path.join(root, '.dist-builds');
const dist = path.join(builds, `${Date.now()}-${process.pid}`);
const swcrc = JSON.parse(readFileSync(path.join(root, '.swcrc'), 'utf8'));
const started = Date.now();

const packages = ['apps', 'libs'].flatMap((group) =>
  readdirSync(path.join(root, group))
    .map((name) => path.join(group, name))
    .filter((dir) => existsSync(path.join(root, dir, 'package.json')) && existsSync(path.join(root, dir, 'src'))),
);

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
  // A package's own dependencies that npm could not hoist (another version than the workspace's, e.g. pure-rand 8
  // under libs/testing): the compiled package must find the same ones.
  if (existsSync(path.join(root, dir, 'node_modules')))
    symlinkSync(path.join(root, dir, 'node_modules'), path.join(dist, dir, 'node_modules'), 'dir');
  const link = path.join(dist, 'node_modules', manifest.name);
  mkdirSync(path.dirname(link), { recursive: true });
  symlinkSync(path.relative(path.dirname(link), path.join(dist, dir)), link, 'dir');
}

await buildDashboard(path.join(dist, 'apps', 'dashboard', 'assets'));
publish(dist);
process.stderr.write(`built ${sources.length} files of ${packages.length} packages into dist/ in ${Date.now() - started} ms\n`);

/**
 * The dashboard's browser code (apps/dashboard/web) with Vite, into this build's apps/dashboard/assets, where the
 * product serves it; with a gzip and a brotli copy of each text file, which @fastify/static sends to browsers
 * that take them (compressed once here rather than on every request).
 */
async function buildDashboard(outDir) {
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'apps', 'dashboard', 'vite.config.mjs'), build: { outDir, emptyOutDir: true } });
  for (const file of walk(outDir).filter((name) => /\.(js|css|html|svg|json)$/.test(name))) {
    const content = readFileSync(file);
    writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
    writeFileSync(`${file}.br`, brotliCompressSync(content, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }));
  }
}

/**
 * Points dist at the new build in one rename, then removes old builds: those beyond the three newest that are older
 * than ten minutes (a product started from one of the newest keeps its files while the next builds come).
 */
function publish(build) {
  const link = path.join(root, 'dist');
  const pending = `${link}.${process.pid}`;
  symlinkSync(path.relative(root, build), pending, 'dir');
  if (existsSync(link) && !lstatSync(link).isSymbolicLink()) rmSync(link, { recursive: true, force: true }); // a dist/ of old
  renameSync(pending, link);
  // Build directories are named <start time in ms>-<pid>: newest first by that number.
  const older = readdirSync(builds)
    .map((name) => path.join(builds, name))
    .filter((dir) => dir !== build)
    .sort((a, b) => parseInt(path.basename(b), 10) - parseInt(path.basename(a), 10))
    .slice(2);
  for (const old of older) if (Date.now() - statSync(old).mtimeMs > 10 * 60_000) rmSync(old, { recursive: true, force: true });
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}
