import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's chromium package, which .ci/run installs. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags that keep Chromium from reaching other hosts on its own. Playwright adds its defaults
 * first. Chromium 156 still tried update.googleapis.com (extension updates, which Debian's
 * launcher enables) and content-autofill.googleapis.com with all of them, so the resolver rule
 * makes every host name but 127.0.0.1 fail to resolve before any DNS query.
 */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

export interface HeadlessChromium {
  context: BrowserContext;
  /** Closes the browser, then returns every TCP address it tried to connect to. */
  close(): Promise<string[]>;
}

interface NetLog {
  constants: { logEventTypes: Record<string, number> };
  events: { type: number; params?: { address?: string } }[];
}

/** Reads the addresses of Chromium's TCP connection attempts from its NetLog file. */
async function connectAttempts(netLogPath: string): Promise<string[]> {
  const log = JSON.parse(await readFile(netLogPath, 'utf8')) as NetLog;
  const attemptType = log.constants.logEventTypes.TCP_CONNECT_ATTEMPT;
  const addresses = log.events
    .filter((event) => event.type === attemptType && event.params?.address !== undefined)
    .map((event) => event.params?.address as string);
  return [...new Set(addresses)];
}

/**
 * Starts Debian's Chromium, headless, with a fresh profile directory. Chromium writes a NetLog,
 * which records every connection the whole browser makes, including those that no page event
 * reports, such as DNS prefetches and the browser's own background requests.
 */
export async function startChromium(): Promise<HeadlessChromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}. Install it with "apt-get install -y chromium", as .ci/run does.`,
    );
  }
  const profile = await mkdtemp(join(tmpdir(), 'gateway-chromium-'));
  const netLogPath = join(profile, 'netlog.json');
  const context = await chromium.launchPersistentContext(join(profile, 'user-data'), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS, `--log-net-log=${netLogPath}`],
    viewport: { width: 1400, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      try {
        return await connectAttempts(netLogPath);
      } finally {
        await rm(profile, { recursive: true, force: true });
      }
    },
  };
}
