// Where the native addon comes from: the platform package npm installed, else the addon built
// in this checkout, else an error a user can act on. Platforms other than this machine's are
// exercised through the loader's injectable inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { loadNative, platformId, PUBLISHED_PLATFORMS } = require('../lib/native-loader.cjs');
const here = path.dirname(fileURLToPath(import.meta.url));
const builtAddon = path.join(here, '..', 'candescent.node');
const { version } = require('../package.json');

/** A project folder whose node_modules holds only what the test puts there. */
function emptyProject(t) {
  const dir = mkdtempSync(path.join(tmpdir(), 'candescent-loader-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, requireFn: createRequire(path.join(dir, 'index.js')) };
}

function installPlatformPackage(dir, id, pkgVersion, addonFile) {
  const pkgDir = path.join(dir, 'node_modules', '@candescent', `node-${id}`);
  mkdirSync(pkgDir, { recursive: true });
  const main = `candescent.${id}.node`;
  writeFileSync(
    path.join(pkgDir, 'package.json'),
    JSON.stringify({ name: `@candescent/node-${id}`, version: pkgVersion, main }),
  );
  if (addonFile) copyFileSync(addonFile, path.join(pkgDir, main));
}

test('the six published platforms have napi-rs names', () => {
  assert.equal(platformId({ platform: 'linux', arch: 'x64', musl: false }), 'linux-x64-gnu');
  assert.equal(platformId({ platform: 'linux', arch: 'x64', musl: true }), 'linux-x64-musl');
  assert.equal(platformId({ platform: 'linux', arch: 'arm64', musl: false }), 'linux-arm64-gnu');
  assert.equal(platformId({ platform: 'darwin', arch: 'arm64' }), 'darwin-arm64');
  assert.equal(platformId({ platform: 'win32', arch: 'x64' }), 'win32-x64-msvc');
  assert.equal(PUBLISHED_PLATFORMS.length, 6);
});

test('an unsupported platform gets an error naming it, the package and the source build', (t) => {
  const { dir, requireFn } = emptyProject(t);
  const localAddon = path.join(dir, 'candescent.node');
  assert.throws(
    () =>
      loadNative({ platform: 'freebsd', arch: 'riscv64', env: {}, requireFn, localAddon, version }),
    (err) => {
      assert.equal(err.code, 'CANDESCENT_ADDON_NOT_FOUND');
      assert.match(err.message, /freebsd-riscv64: platform freebsd, arch riscv64/);
      assert.match(err.message, /@candescent\/node-freebsd-riscv64 does not exist/);
      assert.ok(err.message.includes(`no locally built addon at ${localAddon}`), err.message);
      assert.match(err.message, /needs a Rust toolchain/);
      assert.match(err.message, /npm run build/);
      return true;
    },
  );
});

test('a published platform whose package was omitted says how to get it', (t) => {
  const { dir, requireFn } = emptyProject(t);
  const localAddon = path.join(dir, 'candescent.node');
  assert.throws(
    () =>
      loadNative({
        platform: 'linux',
        arch: 'x64',
        isMusl: () => true,
        env: {},
        requireFn,
        localAddon,
        version,
      }),
    /@candescent\/node-linux-x64-musl is not installed .*--omit=optional/,
  );
});

test('a platform package of another version is not loaded', (t) => {
  const { dir, requireFn } = emptyProject(t);
  installPlatformPackage(dir, 'darwin-arm64', '0.0.1', null);
  assert.throws(
    () =>
      loadNative({
        platform: 'darwin',
        arch: 'arm64',
        env: {},
        requireFn,
        localAddon: path.join(dir, 'candescent.node'),
        version,
      }),
    new RegExp(`node-darwin-arm64 is installed at version 0\\.0\\.1; candescent ${version} needs`),
  );
});

test('in a checkout, the addon built by npm run build is loaded', () => {
  const { addon, from } = loadNative();
  assert.equal(from, builtAddon);
  assert.equal(addon.bindingVersion(), version);
});

test('an installed platform package wins over a local addon', (t) => {
  // The package holds a copy of this checkout's build, so it loads whatever the machine.
  const id = platformId({ platform: process.platform, arch: process.arch, musl: false });
  const { dir, requireFn } = emptyProject(t);
  installPlatformPackage(dir, id, version, builtAddon);
  const { addon, from } = loadNative({
    isMusl: () => false,
    env: {},
    requireFn,
    localAddon: builtAddon,
    version,
  });
  assert.equal(from, `@candescent/node-${id}`);
  assert.equal(addon.bindingVersion(), version);
});

test('CANDESCENT_NODE_ADDON names the addon to load', (t) => {
  const { requireFn } = emptyProject(t);
  const { from } = loadNative({ env: { CANDESCENT_NODE_ADDON: builtAddon }, requireFn });
  assert.equal(from, 'CANDESCENT_NODE_ADDON');
});
