import cjs from './testing.cjs';

export const { Emulator } = cjs;
export default cjs;
