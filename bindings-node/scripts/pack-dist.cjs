'use strict';
// Packs the npm packages of a release into one folder:
//
//   node scripts/pack-dist.cjs --out DIR [--addon PLATFORM=FILE]...
//
// The main package `candescent` gets `optionalDependencies` on every platform package of
// `napi.targets`, pinned to its own version. They are written here, at pack time, and not kept
// in package.json: npm cannot lock a dependency that is not published yet, and a checkout
// should load the addon it built rather than a published one. Each `--addon` packs
// `npm/PLATFORM` with FILE as its only binary.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const pkgDir = path.join(__dirname, '..');

function parseArgs(argv) {
  const args = { out: null, addons: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--out') args.out = path.resolve(value);
    else if (flag === '--addon') {
      const [platform, file] = value.split(/=(.*)/s);
      args.addons.push({ platform, file: path.resolve(file) });
    } else throw new Error(`unknown option ${flag}`);
  }
  if (!args.out) throw new Error('usage: pack-dist.cjs --out DIR [--addon PLATFORM=FILE]...');
  return args;
}

/** `npm pack` of a staged copy, so the package folder itself is never modified. */
function pack(stage, out) {
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], {
    cwd: stage,
    encoding: 'utf8',
  }).trim();
  return path.join(out, name.split('\n').pop());
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function writeJson(file, value) {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function main() {
  const { out, addons } = parseArgs(process.argv.slice(2));
  fs.mkdirSync(out, { recursive: true });
  const stageRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'candescent-pack-'));
  try {
    const manifest = readJson(path.join(pkgDir, 'package.json'));
    const prefix = `${manifest.napi.packageName}-`;
    const platforms = fs
      .readdirSync(path.join(pkgDir, 'npm'))
      .filter((d) => fs.existsSync(path.join(pkgDir, 'npm', d, 'package.json')));
    if (platforms.length !== manifest.napi.targets.length) {
      const targets = manifest.napi.targets.length;
      throw new Error(`npm/ has ${platforms.length} platform packages for ${targets} targets`);
    }

    const main = path.join(stageRoot, 'candescent');
    fs.mkdirSync(main);
    for (const entry of [...manifest.files, 'package.json']) {
      fs.cpSync(path.join(pkgDir, entry), path.join(main, entry), { recursive: true });
    }
    manifest.optionalDependencies = Object.fromEntries(
      platforms.map((platform) => [prefix + platform, manifest.version]),
    );
    writeJson(path.join(main, 'package.json'), manifest);
    const tarballs = [pack(main, out)];

    for (const { platform, file } of addons) {
      const source = path.join(pkgDir, 'npm', platform);
      const platformManifest = readJson(path.join(source, 'package.json'));
      if (platformManifest.version !== manifest.version) {
        throw new Error(
          `npm/${platform} is at ${platformManifest.version}, candescent at ${manifest.version}`,
        );
      }
      const stage = path.join(stageRoot, platform);
      fs.mkdirSync(stage);
      fs.copyFileSync(path.join(source, 'package.json'), path.join(stage, 'package.json'));
      fs.copyFileSync(path.join(source, 'README.md'), path.join(stage, 'README.md'));
      fs.copyFileSync(path.join(pkgDir, 'LICENSE'), path.join(stage, 'LICENSE'));
      fs.copyFileSync(file, path.join(stage, platformManifest.main));
      tarballs.push(pack(stage, out));
    }
    for (const tarball of tarballs) console.log(tarball);
  } finally {
    fs.rmSync(stageRoot, { recursive: true, force: true });
  }
}

main();
