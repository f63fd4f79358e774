// Runs the widget tests in Debian's Chromium (never a downloaded browser).
// A middleware serves `*.csp.html` test pages with a strict Content-Security-Policy.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'";

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  rootDir: '..',
  files: ['src/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  concurrency: 1,
  testsFinishTimeout: 180000,
  testFramework: { config: { timeout: 20000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: [
          '--headless=new',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-quic',
        ],
      },
    }),
  ],
  plugins: [esbuildPlugin({ ts: true, tsx: true, jsx: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  middleware: [
    function strictCsp(context, next) {
      if (context.url.includes('csp=strict')) {
        return next().then(() => {
          context.set('Content-Security-Policy', STRICT_CSP);
        });
      }
      return next();
    },
  ],
};
