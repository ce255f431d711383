// Every case of tests/cli/cases.json through the package's `bin` (`npx candescent` runs
// bin/candescent.cjs), against the embedded emulator over real HTTP; outputs are compared with
// the golden files byte for byte (tests/cli/README.md is the format).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startEmulator } from './helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.join(here, '..', 'bin', 'candescent.cjs');
const CLI_TESTS = path.join(here, '..', '..', 'tests', 'cli');
const TABLE = JSON.parse(fs.readFileSync(path.join(CLI_TESTS, 'cases.json'), 'utf8'));
// What Node may need to start (and where a test run points the loader at its addon); nothing
// else of the runner's environment reaches a run.
const INHERITED = ['PATH', 'SYSTEMROOT', 'CANDESCENT_NODE_ADDON'];

/** A replacement in the syntax of Rust's `regex` (`$1`, `${name}`, `$$`). */
function rustReplacement(template) {
  return (...match) => {
    const groups = typeof match.at(-1) === 'object' ? match.at(-1) : undefined;
    const numbered = match.slice(0, typeof match.at(-1) === 'object' ? -3 : -2);
    return template.replace(/\$(?:\$|\{(\w+)\}|(\w+))/g, (ref, braced, bare) => {
      if (ref === '$$') return '$';
      const name = braced ?? bare;
      const value = /^\d+$/.test(name) ? numbered[Number(name)] : groups?.[name];
      return value ?? '';
    });
  };
}

const RULES = TABLE.normalize.map(([pattern, replacement]) => [
  new RegExp(pattern, 'g'),
  rustReplacement(replacement),
]);

/** The texts a case may use, and what they stand for in this run. */
class Run {
  constructor(baseUrl, configDir) {
    this.baseUrl = baseUrl;
    this.configDir = configDir;
  }

  fill(text) {
    return text.replaceAll('{base_url}', this.baseUrl).replaceAll('{config_dir}', this.configDir);
  }

  normalize(output) {
    let text = output.toString('utf8');
    text = text.replaceAll(this.baseUrl, '{base_url}').replaceAll(this.configDir, '{config_dir}');
    for (const [pattern, replacement] of RULES) text = text.replace(pattern, replacement);
    return text;
  }
}

/** Runs the bin; resolves with its exit code and both outputs. */
function execute({ args, env = {}, cwd, stdin = '' }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd });
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) }),
    );
    child.stdin.end(stdin);
  });
}

let emu;
before(async () => {
  emu = await startEmulator();
});
after(async () => {
  await emu.stop();
});

function caseEnv(run, home, env) {
  const out = {};
  for (const name of INHERITED) if (process.env[name] !== undefined) out[name] = process.env[name];
  out.HOME = home;
  out.XDG_CONFIG_HOME = run.configDir;
  for (const [name, value] of Object.entries(env)) if (value !== null) out[name] = run.fill(value);
  return out;
}

for (const c of TABLE.cases) {
  test(c.name, async () => {
    await emu.reset();
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'candescent-cli-'));
    try {
      const configDir = path.join(home, 'config');
      fs.mkdirSync(configDir);
      const run = new Run(emu.baseUrl, configDir);
      const env = caseEnv(run, home, { ...TABLE.env, ...c.env });
      for (const [name, text] of Object.entries(c.files ?? {})) {
        const file = path.join(configDir, name);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, run.fill(text), { mode: 0o600 });
        fs.chmodSync(file, 0o600);
      }
      for (const fault of c.faults ?? []) {
        const answer = await fetch(`${emu.baseUrl}/__emulator/faults`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(fault),
        });
        assert.ok(answer.ok, `fault refused: ${answer.status}`);
      }
      for (const step of c.setup ?? []) {
        const args = step.args.map((a) => run.fill(a));
        const done = await execute({ args, env, cwd: home, stdin: run.fill(step.stdin ?? '') });
        assert.equal(done.code, 0, `setup ${step.args} failed: ${done.stderr}`);
      }
      const args = c.args.map((a) => run.fill(a));
      const out = await execute({ args, env, cwd: home, stdin: run.fill(c.stdin ?? '') });
      const stdout = run.normalize(out.stdout);
      const stderr = run.normalize(out.stderr);

      const problems = [];
      const expected = c.exit ?? 0;
      if (out.code !== expected) problems.push(`exit ${out.code}, expected ${expected}`);
      if (c.stdout !== undefined) {
        const golden = fs.readFileSync(path.join(CLI_TESTS, 'golden', c.stdout), 'utf8');
        if (stdout !== golden) problems.push(`stdout differs from golden/${c.stdout}:\n${stdout}`);
      }
      for (const t of c.stdout_contains ?? []) if (!stdout.includes(t)) problems.push(`stdout lacks ${JSON.stringify(t)}`);
      for (const t of c.stderr_contains ?? []) if (!stderr.includes(t)) problems.push(`stderr lacks ${JSON.stringify(t)}`);
      for (const t of c.stdout_not ?? []) if (stdout.includes(t)) problems.push(`stdout has ${JSON.stringify(t)}`);
      for (const t of c.stderr_not ?? []) if (stderr.includes(t)) problems.push(`stderr has ${JSON.stringify(t)}`);
      if (c.stderr_empty && stderr !== '') problems.push('stderr is not empty');
      assert.deepEqual(problems, [], `${problems.join('; ')}\nstderr: ${stderr}`);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
}

// Node puts a pipe in non-blocking mode once `process.stdout` is opened on it; the bin never
// opens it, and `runCli` puts the descriptors back in blocking mode for a process that has.
// Either way a slow reader, whose pipe is full again and again while thousands of rows are
// written, gets every byte.
const OPENS_STDOUT_FIRST = `
process.stdout;
const { runCli } = require(process.argv[1]);
process.exitCode = runCli(['candescent', ...process.argv.slice(2)]);`;
const NATIVE = path.join(here, '..', 'lib', 'native.cjs');

function readSlowly(args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = [];
    const stderr = [];
    // Late and slow: the writer is far ahead by the time the first bytes are read.
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), 500);
    child.stdout.on('data', (chunk) => {
      stdout.push(chunk);
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 50);
    });
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) }),
    );
  });
}

test('a long CSV export reaches a slow reader whole', async (t) => {
  await emu.reset();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'candescent-cli-'));
  try {
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, 'config'),
      CANDESCENT_BASE_URL: emu.baseUrl,
      CANDESCENT_CLIENT_ID: emu.clientId,
      CANDESCENT_CLIENT_SECRET: emu.clientSecret,
      CANDESCENT_INSTITUTION_ID: emu.institutionId,
    };
    if (process.env.CANDESCENT_NODE_ADDON) env.CANDESCENT_NODE_ADDON = process.env.CANDESCENT_NODE_ADDON;
    const args = ['transactions', 'list', '--all-accounts', '--host-user-id', 'gen-100', '-o', 'csv'];
    const whole = await execute({ args, env, cwd: home });
    assert.equal(whole.code, 0, whole.stderr.toString());
    assert.ok(whole.stdout.toString().split('\r\n').length > 4000);

    const ways = {
      'the bin': [BIN, ...args],
      'runCli in a process that opened process.stdout': ['-e', OPENS_STDOUT_FIRST, NATIVE, ...args],
    };
    for (const [way, argv] of Object.entries(ways)) {
      await t.test(way, async () => {
        const slow = await readSlowly(argv, { env, cwd: home });
        assert.equal(slow.stderr.toString(), '');
        assert.equal(slow.code, 0);
        assert.ok(slow.stdout.equals(whole.stdout), `${slow.stdout.length} of ${whole.stdout.length} bytes`);
      });
    }
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});

// Node's own handlers of these signals raise them again; the emulator must still end (the
// process would otherwise spin on the signal forever).
for (const signal of ['SIGTERM', 'SIGINT']) {
  test(`candescent emulator stops on ${signal}`, { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0'], {
      env: { PATH: process.env.PATH },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const closed = new Promise((resolve) => child.on('close', (code, sig) => resolve({ code, sig })));
    let first = '';
    for await (const chunk of child.stdout) {
      first += chunk;
      if (first.includes('\n')) break;
    }
    assert.match(first, /^http:\/\/127\.0\.0\.1:\d+\n/);
    child.kill(signal);
    // Stopped by its handler (exit 0), or by the default action if it came first.
    const { code, sig } = await closed;
    assert.ok(code === 0 || sig === signal, `exit ${code}, signal ${sig}`);
  });
}
