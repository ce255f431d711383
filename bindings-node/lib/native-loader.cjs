'use strict';
// Finds the native addon. Published installs get it from the one `@candescent/node-<platform>`
// package that npm picked by its os/cpu/libc fields (an optional dependency of `candescent`);
// a checkout uses the addon that `npm run build` wrote into the package folder. Nothing is
// downloaded or compiled at install time, so a machine without Rust or network access works.
const fs = require('node:fs');
const path = require('node:path');

const PACKAGE_PREFIX = '@candescent/node-';
/** The platforms a release publishes, named as napi-rs names them. */
const PUBLISHED_PLATFORMS = Object.freeze([
  'linux-x64-gnu',
  'linux-arm64-gnu',
  'linux-x64-musl',
  'darwin-x64',
  'darwin-arm64',
  'win32-x64-msvc',
]);
const LOCAL_ADDON = path.join(__dirname, '..', 'candescent.node');
const BUILD_HINT =
  'To build it from source (needs a Rust toolchain): clone ' +
  'https://github.com/candescent-sdk/candescent, run "npm install && npm run build" in ' +
  'bindings-node/, then "npm install /path/to/candescent/bindings-node" in your project ' +
  '(or set CANDESCENT_NODE_ADDON to the built candescent.node).';

/** Whether this Linux runs musl libc (Alpine) rather than glibc. */
function detectMusl() {
  try {
    return fs.readFileSync('/usr/bin/ldd', 'utf8').includes('musl');
  } catch {
    // No ldd (distroless images): ask Node which C library it runs on.
    const report = process.report?.getReport();
    const header = typeof report === 'string' ? JSON.parse(report).header : report?.header;
    return !header?.glibcVersionRuntime;
  }
}

/**
 * The napi-rs name of a platform, e.g. `linux-x64-gnu`, `darwin-arm64`, `win32-x64-msvc`.
 *
 * @example platformId({ platform: 'linux', arch: 'arm64', musl: false }) // 'linux-arm64-gnu'
 */
function platformId({ platform, arch, musl }) {
  if (platform === 'linux') return `linux-${arch}-${musl ? 'musl' : 'gnu'}`;
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}

function isMissing(err, request) {
  return err?.code === 'MODULE_NOT_FOUND' && String(err.message).includes(request);
}

/**
 * Loads the addon and says where it came from. Every input is injectable so the choice (and the
 * error when nothing fits) can be exercised for any platform.
 *
 * @example const { addon, from } = loadNative(); // from: 'CANDESCENT_NODE_ADDON' | package | file
 */
function loadNative({
  platform = process.platform,
  arch = process.arch,
  isMusl = detectMusl,
  env = process.env,
  requireFn = require,
  localAddon = LOCAL_ADDON,
  version = require('../package.json').version,
} = {}) {
  if (env.CANDESCENT_NODE_ADDON) {
    const addon = requireFn(path.resolve(env.CANDESCENT_NODE_ADDON));
    return { addon, from: 'CANDESCENT_NODE_ADDON' };
  }
  const id = platformId({ platform, arch, musl: platform === 'linux' && isMusl() });
  const pkg = PACKAGE_PREFIX + id;
  const tried = [];

  if (PUBLISHED_PLATFORMS.includes(id)) {
    try {
      const installed = requireFn(`${pkg}/package.json`).version;
      if (installed === version) {
        return { addon: requireFn(pkg), from: pkg };
      }
      tried.push(
        `${pkg} is installed at version ${installed}; candescent ${version} needs ${version}`,
      );
    } catch (err) {
      if (!isMissing(err, pkg)) throw err;
      tried.push(
        `${pkg} is not installed (npm installs it with candescent unless optional dependencies ` +
          'are omitted: do not use --omit=optional or --no-optional)',
      );
    }
  } else {
    tried.push(
      `${pkg} does not exist: candescent publishes binaries for ${PUBLISHED_PLATFORMS.join(', ')}`,
    );
  }

  if (fs.existsSync(localAddon)) {
    return { addon: requireFn(localAddon), from: localAddon };
  }
  tried.push(`no locally built addon at ${localAddon}`);

  const err = new Error(
    `candescent: no native addon for this platform (${id}: platform ${platform}, arch ${arch}).\n` +
      tried.map((line) => `  - ${line}\n`).join('') +
      BUILD_HINT,
  );
  err.code = 'CANDESCENT_ADDON_NOT_FOUND';
  throw err;
}

module.exports = { loadNative, platformId, detectMusl, PUBLISHED_PLATFORMS };
