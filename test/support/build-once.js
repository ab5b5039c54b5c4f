// Jest global setup of the end-to-end tests: compile the workspace once (npm run build), so that the services
// they start as processes run exactly what `npm start` runs.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async function buildOnce() {
  execFileSync(process.execPath, [path.join(__dirname, '../../tools/build.mjs')], { stdio: 'inherit' });
};
