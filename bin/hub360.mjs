#!/usr/bin/env node
// Entry point of `npx hub360`: registers tsx so the TypeScript CLI runs without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../infra/local/cli/main.ts');
