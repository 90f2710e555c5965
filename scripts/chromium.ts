/** Debian's Chromium, driven by playwright-core (which downloads no browser of its own). */
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.PONTE_CHROMIUM ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps calling home, which a closed network refuses.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}
