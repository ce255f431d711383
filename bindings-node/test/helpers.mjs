// Shared by the test files: each file starts its own embedded emulator (files run in parallel
// processes), so faults injected by one file never reach another.
import { Emulator } from 'candescent/testing';

export const HOST_USER_ID = '1234567890';
export const LOGIN_ID = 'testUser';
/** The example user's account with most transactions and the tricky money values. */
export const CHECKING_ID = 'paGLhmRdxuDF_VkBwZvT0chXiDxJz6QubT5bViQb1u8';
// The emulator's opt-in user whose data goes beyond the spec, and its account with unknown fields.
export const FUTURE_USER = 'future-values';
export const FUTURE_ID = 'Zq3vT8mW1xYb2Nc4Rd5Sf6Gh7Jk8Lm9Np0Qr1St2Uv3';

export async function startEmulator(options = {}) {
  return Emulator.start({ tokenTtl: 3600, ...options });
}

export function withoutCandescentEnv(fn) {
  const saved = {};
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('CANDESCENT_')) {
      saved[key] = process.env[key];
      delete process.env[key];
    }
  }
  try {
    return fn();
  } finally {
    Object.assign(process.env, saved);
  }
}

export async function collect(iterable) {
  const out = [];
  for await (const item of iterable) out.push(item);
  return out;
}
