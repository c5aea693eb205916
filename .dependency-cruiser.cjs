/**
 * hub360's layering, enforced by test/architecture/layers.test.ts (and `npx depcruise --config
 * .dependency-cruiser.cjs schemas core adapters app connectors functions infra`).
 *
 *   functions ─┐
 *   infra ─────┼─► app ─► connectors ─┐
 *              │      └─► adapters ───┼─► core ─► schemas
 *              └──────────────────────┘
 *
 * Dependencies point inwards only: the domain (core) knows no I/O, the contracts (schemas) know nothing.
 * See docs/architecture.md.
 */
const outer = (...folders) => `^(${folders.join('|')})/`;
// Packages that tie code to AWS, Lambda or a runtime; the domain stays free of them.
const platformPackages = [
  '^@aws-sdk/',
  '^aws-lambda$',
  '^@types/aws-lambda',
  '^@middy/',
  '^@aws-lambda-powertools/',
  '^aws-cdk-lib',
  '^constructs$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'schemas-stand-alone',
      comment: 'schemas/ holds the zod contracts; it imports nothing else of the project.',
      severity: 'error',
      from: { path: '^schemas/' },
      to: {
        path: outer('core', 'adapters', 'app', 'connectors', 'functions', 'infra', 'sandbox', 'test', 'bin'),
      },
    },
    {
      name: 'core-imports-only-core-and-schemas',
      comment: 'core/ is the pure domain: it imports only core/ and schemas/.',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: outer('adapters', 'app', 'connectors', 'functions', 'infra', 'sandbox', 'test', 'bin') },
    },
    {
      name: 'core-imports-no-platform',
      comment: 'core/ imports no AWS SDK, Lambda types, middy or Powertools: those belong in adapters/.',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: platformPackages.map((p) => p.replace('^', '(^|/)node_modules/')) },
    },
    {
      name: 'adapters-not-outwards',
      comment: 'adapters/ implement core ports; they do not reach up into use cases, handlers or infra.',
      severity: 'error',
      from: { path: '^adapters/' },
      to: { path: outer('app', 'connectors', 'functions', 'infra', 'sandbox', 'test') },
    },
    {
      name: 'connectors-not-outwards',
      comment:
        'connectors/ (kit, protocols, mapping, presets, assembly) do not know use cases, handlers or infra.',
      severity: 'error',
      from: { path: '^connectors/' },
      to: { path: outer('app', 'functions', 'infra', 'sandbox', 'test') },
    },
    {
      name: 'app-not-outwards',
      comment: 'app/ use cases are called by handlers and the CLI, never the other way round.',
      severity: 'error',
      from: { path: '^app/' },
      to: { path: outer('functions', 'infra', 'sandbox', 'test') },
    },
    {
      name: 'functions-not-infra',
      comment: 'Lambda handlers are deployed code; they do not import infrastructure or the sandbox.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: outer('infra', 'sandbox', 'test') },
    },
    {
      name: 'sandbox-only-from-local-runtime-and-tests',
      comment: 'The simulated legacy systems are known only to infra/local and to tests.',
      severity: 'error',
      from: { path: '^', pathNot: '^(sandbox|infra/local|test)/' },
      to: { path: '^sandbox/' },
    },
    {
      name: 'no-circular',
      comment: 'Modules do not import each other in a circle.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    // Type-only imports count: a domain that imports SDK types is still tied to the SDK.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(cdk\\.out|\\.hub360)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js', '.json'] },
  },
};
