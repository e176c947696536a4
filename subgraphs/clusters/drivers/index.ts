import type { Config } from '../../../src/config';
import type { InfraDriver } from './driver';
import { localDriver } from './local';

const drivers = new WeakMap<Config, InfraDriver>();

/** The driver of this process (the local one; a cloud driver would be chosen here by config). */
export function driverFor(config: Config): InfraDriver {
  let driver = drivers.get(config);
  if (!driver) drivers.set(config, (driver = localDriver(config)));
  return driver;
}

export type { InfraDriver } from './driver';
