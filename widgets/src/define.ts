/** Side-effect entry: registers every `miq-*` element. The script-tag build starts here. */
import { defineElements } from './index.js';

defineElements();

export * from './index.js';
