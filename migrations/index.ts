import { PlatformFoundation1763700000000 } from './1763700000000-PlatformFoundation';

/** Every migration, oldest first. A new migration file is added here too. */
export const migrations = [PlatformFoundation1763700000000];
