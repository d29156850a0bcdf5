export { startApiEmulator, type ApiEmulator, type ApiEmulatorOptions } from './server';
export { ErrCode } from './errors';
