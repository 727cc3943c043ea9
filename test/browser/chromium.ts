/** Where the browser tests find Chromium: $CHROMIUM, else Debian's. */
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function noChromium(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `Chromium not found at ${CHROMIUM}: install it with "apt-get install chromium" (scripts/setup.sh does), or set CHROMIUM`;
}
