#!/usr/bin/env node
// Entry point of the `keel` command: registers the TypeScript loader and runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
