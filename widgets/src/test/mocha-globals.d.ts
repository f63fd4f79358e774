// The few Mocha globals the web-test-runner suites use (no @types/mocha in the tree).
declare function describe(title: string, fn: (this: { timeout(ms: number): void }) => void): void;
declare function it(title: string, fn: () => void | Promise<void>): void;
declare function before(fn: () => void | Promise<void>): void;
declare function after(fn: () => void | Promise<void>): void;
declare function beforeEach(fn: () => void | Promise<void>): void;
declare function afterEach(fn: () => void | Promise<void>): void;
