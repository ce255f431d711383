'use strict';
// Type-checks every JavaScript and TypeScript block of this package's README and the root
// README under `tsc --strict`, as `tests/readme/run.py` runs them: each block is a module of
// its own (CommonJS when it calls `require`), and a block that continues an earlier example
// gets the names it uses without defining them (`client`, `hostUserId`, ...) declared with
// their types. The blocks are written next to the package so that `candescent` resolves to it.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const pkg = path.join(__dirname, '..');
const READMES = [path.join(pkg, 'README.md'), path.join(pkg, '..', 'README.md')];
const FENCES = { js: 'js', javascript: 'js', mjs: 'js', ts: 'ts', typescript: 'ts' };

// The names of `tests/readme/run.py`'s preludes, declared rather than defined.
const PRELUDES = [
  ['client', /\b(const|let|var)\s+client\b/, "declare const client: import('candescent').Client;"],
  ['clientId', /\b(const|let|var)\s+\{?[^=;]*\bclientId\b/, 'declare const clientId: string;'],
  ['clientSecret', /\b(const|let|var)\s+\{?[^=;]*\bclientSecret\b/, 'declare const clientSecret: string;'],
  ['hostUserId', /\b(const|let|var)\s+\{?[^=;]*\bhostUserId\b/, 'declare const hostUserId: string;'],
];

/** The fenced blocks of a Markdown file, as `tests/readme/run.py` finds them. */
function blocks(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(```+|~~~+)\s*([\w+-]*)/.exec(lines[i]);
    if (!m) continue;
    const [, indent, fence, lang] = m;
    const start = i + 1;
    const body = [];
    for (i += 1; i < lines.length && !lines[i].trim().startsWith(fence); i++) {
      body.push(lines[i].startsWith(indent) ? lines[i].slice(indent.length) : lines[i]);
    }
    const kind = FENCES[lang.toLowerCase()];
    if (kind) found.push({ file, line: start, kind, code: `${body.join('\n')}\n` });
  }
  return found;
}

function uses(code, name) {
  return new RegExp(`(?<![\\w.])${name}\\b`).test(code);
}

const dir = fs.mkdtempSync(path.join(pkg, '.readme-types-'));
try {
  const files = [];
  const places = new Map();
  for (const readme of READMES) {
    for (const block of blocks(readme)) {
      const cjs = /\brequire\(/.test(block.code.replace(/\/\/.*$/gm, ''));
      const prelude = PRELUDES.filter(([name, defines]) => uses(block.code, name) && !defines.test(block.code))
        .map(([, , declaration]) => declaration);
      // A block without an import or export would be a script sharing one scope with the others.
      const tail = cjs ? '' : '\nexport {};\n';
      const name = `block${files.length + 1}.${cjs ? 'cts' : 'mts'}`;
      fs.writeFileSync(path.join(dir, name), `${prelude.join('\n')}\n${block.code}${tail}`);
      files.push(name);
      places.set(name, `${path.relative(path.join(pkg, '..'), block.file)}:${block.line}`);
    }
  }
  const tsc = require.resolve('typescript/bin/tsc');
  const args = [tsc, '--strict', '--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--target', 'es2022', '--lib', 'es2022,esnext.disposable', '--types', 'node', ...files];
  try {
    execFileSync(process.execPath, args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    // Each error names the README and line of its block, not the temporary file.
    const out = String(err.stdout).replace(/block\d+\.[cm]ts/g, (f) => places.get(f) ?? f);
    process.stderr.write(out);
    process.exitCode = 1;
  }
  if (!process.exitCode) console.log(`tsc --strict: ${files.length} README blocks type-check`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
