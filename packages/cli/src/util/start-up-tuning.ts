/**
 * While a bot loads, bin/cqkit.js holds two V8 settings back: the young generation stays at its
 * starting size (start-up garbage would otherwise leave an idle bot about 5 MB larger) and the
 * optimizing compiler is off (it would spend CPU on code that runs once, and its own code pages add
 * about 4 MB). Measured in the cli README ("Start-up and memory"). Once the bot runs, both are back
 * to V8's defaults, so a busy bot collects and optimizes as usual.
 */
import { setFlagsFromString } from 'node:v8';

let ended = false;

export function endStartUpTuning(): void {
  if (ended) return;
  ended = true;
  setFlagsFromString('--semi-space-growth-factor=2');
  setFlagsFromString('--opt');
}
