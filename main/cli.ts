#!/usr/bin/env node
// `kasir` from the sources (`node --import tsx main/cli.ts …`); bin/kasir.js runs the same entry from
// the CLI's bundle and checks the Node version first.
import { exitWith, main } from './cli/main';

await exitWith((await main()).code);
