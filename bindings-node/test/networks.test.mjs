// The networks banks run: a server with a certificate from a private CA (made here with the
// `openssl` command), an HTTP CONNECT proxy written here, and the variables that choose them.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import util from 'node:util';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

import { ApiConnectionError, ConfigurationError } from 'candescent';
import { startEmulator, HOST_USER_ID } from './helpers.mjs';

const NETWORK_VARIABLES = [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'ALL_PROXY',
  'all_proxy',
  'NO_PROXY',
  'no_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'CANDESCENT_PROXY',
  'CANDESCENT_CA_BUNDLE',
];

/** A certificate authority and a server certificate for localhost and 127.0.0.1. */
function makeCa(folder) {
  fs.mkdirSync(folder, { recursive: true });
  const file = (name) => path.join(folder, name);
  fs.writeFileSync(
    file('server.ext'),
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\n' +
      'keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n',
  );
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const openssl = (args) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl(['req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2',
    '-subj', '/CN=Node test CA', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  openssl(['req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'),
    '-subj', '/CN=localhost']);
  openssl(['x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey',
    file('ca.key'), '-CAcreateserial', '-out', file('server.pem'), '-days', '2',
    '-extfile', file('server.ext')]);
  return {
    caFile: file('ca.pem'),
    cert: fs.readFileSync(file('server.pem')),
    key: fs.readFileSync(file('server.key')),
  };
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

/** Serves TLS with the CA's server certificate and forwards every connection to `upstreamPort`. */
async function tlsFront(ca, upstreamPort) {
  const server = tls.createServer({ cert: ca.cert, key: ca.key }, (socket) => {
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  // A client that refuses the certificate ends the handshake: nothing to serve.
  server.on('tlsClientError', () => {});
  const port = await listen(server);
  return { server, port, url: `https://localhost:${port}` };
}

/** An HTTP proxy that opens CONNECT tunnels and records each request's head. */
async function connectProxy({ refuse = false } = {}) {
  const seen = [];
  const server = net.createServer((client) => {
    let head = Buffer.alloc(0);
    const onData = (chunk) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      client.off('data', onData);
      const text = head.subarray(0, end + 4).toString('latin1');
      seen.push(text);
      const [method, target] = text.split(' ');
      if (refuse || method !== 'CONNECT') {
        client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
        return;
      }
      const colon = target.lastIndexOf(':');
      const upstream = net.connect(Number(target.slice(colon + 1)), target.slice(0, colon), () => {
        client.write('HTTP/1.1 200 Connection established\r\n\r\n');
        const rest = head.subarray(end + 4);
        if (rest.length) upstream.write(rest);
        client.pipe(upstream).pipe(client);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    };
    client.on('data', onData);
  });
  const port = await listen(server);
  const url = `http://127.0.0.1:${port}`;
  const connects = () => seen.filter((h) => h.startsWith('CONNECT ')).map((h) => h.split('\r\n')[0]);
  return { server, url, port, seen, connects };
}

async function closedPortUrl() {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

let emu;
let ca;
let front;
let folder;
const servers = [];
before(async () => {
  emu = await startEmulator();
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'candescent-networks-'));
  ca = makeCa(folder);
  front = await tlsFront(ca, Number(new URL(emu.baseUrl).port));
  servers.push(front.server);
});
after(async () => {
  for (const server of servers) server.close();
  await emu.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});
beforeEach(() => {
  for (const name of NETWORK_VARIABLES) delete process.env[name];
});

async function proxy(options) {
  const p = await connectProxy(options);
  servers.push(p.server);
  return p;
}

function client(options) {
  return emu.client({ baseUrl: front.url, useEnv: false, maxRetries: 0, ...options });
}

async function lists(options) {
  const c = client(options);
  try {
    const { accounts } = await c.accounts.list({ hostUserId: HOST_USER_ID });
    assert.ok(accounts.length > 0);
  } finally {
    await c.close();
  }
}

async function failure(options) {
  const c = client(options);
  try {
    const err = await c.accounts.list({ hostUserId: HOST_USER_ID }).then(
      () => assert.fail('the call should fail'),
      (e) => e,
    );
    assert.ok(err instanceof ApiConnectionError, String(err));
    return err;
  } finally {
    await c.close();
  }
}

test('a private CA is refused until its bundle is given (caBundle, SSL_CERT_FILE)', async () => {
  const err = await failure({ proxy: 'none' });
  assert.match(err.message, /certificate of localhost:\d+ is not trusted/);
  assert.match(err.message, /caBundle/);

  await lists({ proxy: false, caBundle: ca.caFile });
  await lists({ proxy: false, caBundle: ca.caFile, trust: 'bundle-only' });
  process.env.SSL_CERT_FILE = ca.caFile;
  await lists({ proxy: false });
});

test('a missing or empty CA file is a ConfigurationError naming it', () => {
  const missing = path.join(folder, 'corporate-ca.pem');
  assert.throws(() => emu.client({ caBundle: missing }), (e) =>
    e instanceof ConfigurationError && e.message.startsWith(`caBundle "${missing}": cannot read`));
  const empty = path.join(folder, 'empty.pem');
  fs.writeFileSync(empty, '');
  assert.throws(() => emu.client({ caBundle: empty }), /holds no certificate/);
  assert.throws(() => emu.client({ trust: 'bundle-only' }), /no CA bundle/);
  assert.throws(() => emu.client({ trust: 'everything' }), ConfigurationError);
  assert.throws(() => emu.client({ proxy: true }), /proxy must be a string or false/);
  process.env.SSL_CERT_FILE = missing;
  assert.throws(() => emu.client(), (e) =>
    e instanceof ConfigurationError && e.message.startsWith('SSL_CERT_FILE'));
});

test('HTTPS_PROXY tunnels through the proxy; NO_PROXY bypasses it', async () => {
  const p = await proxy();
  process.env.HTTPS_PROXY = p.url;
  await lists({ caBundle: ca.caFile });
  assert.ok(p.connects().length > 0);
  assert.ok(p.connects().every((c) => c === `CONNECT localhost:${front.port} HTTP/1.1`), p.connects());

  p.seen.length = 0;
  process.env.NO_PROXY = '127.0.0.1,localhost';
  await lists({ caBundle: ca.caFile });
  assert.deepEqual(p.seen, []);
});

test('the proxy option overrides the environment and never shows its password', async () => {
  const dead = await closedPortUrl();
  process.env.HTTPS_PROXY = dead;
  const p = await proxy();
  const withPassword = p.url.replace('http://', 'http://alice:s3cret-pw@');
  const c = client({ caBundle: ca.caFile, proxy: withPassword });
  assert.ok(!util.inspect(c, { depth: 5 }).includes('s3cret-pw'));
  assert.ok((await c.accounts.list({ hostUserId: HOST_USER_ID })).accounts.length > 0);
  await c.close();
  assert.ok(p.connects().length > 0);
  assert.match(p.seen[0].toLowerCase(), /proxy-authorization: basic /);

  await lists({ caBundle: ca.caFile, proxy: false });
  const err = await failure({ caBundle: ca.caFile });
  assert.ok(err.message.includes(`the proxy ${dead} (from HTTPS_PROXY)`), err.message);

  const refusing = await proxy({ refuse: true });
  const refused = await failure({
    caBundle: ca.caFile,
    proxy: refusing.url.replace('http://', 'http://bob:hunter2@'),
  });
  assert.ok(refused.message.includes(`the proxy ${refusing.url} (from proxy) refused`), refused.message);
  assert.ok(!util.inspect(refused, { depth: 5 }).includes('hunter2'));
});
