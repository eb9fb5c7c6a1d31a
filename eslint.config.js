import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'.svelte-kit-vitest/',
			'src/lib/paraglide/',
			'vendor/',
			'data/',
			'.livekit/',
			'test-results/',
			'playwright-report/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			parserOptions: {
				// Scripts and benches sit outside the app's tsconfig: typed with the default project (a dozen files).
				projectService: {
					allowDefaultProject: ['bench/*.ts', 'scripts/*.ts', 'src/service-worker.ts'],
					maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 24
				},
				extraFileExtensions: ['.svelte'],
				tsconfigRootDir: import.meta.dirname
			}
		},
		rules: {
			// Type-aware rules chosen one by one (the whole recommendedTypeChecked set flags Kysely's `any`
			// in migrations and test fixtures far more than it finds bugs).
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/await-thenable': 'error',
			'@typescript-eslint/no-unnecessary-type-assertion': 'error',
			// The app is served at the root of its origin (no `paths.base`), so plain hrefs are right.
			'svelte/no-navigation-without-resolve': 'off',
			'@typescript-eslint/consistent-type-imports': [
				'error',
				{ fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }
			],
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { parser: ts.parser, svelteConfig } }
	},
	{
		// Pages get only the messages they call (scripts/vite/page-chunks.ts reads `m.key` in the sources): a
		// lookup by a built name would ship every translation to the browser.
		files: ['src/**/*.svelte', 'src/**/*.svelte.ts', 'src/lib/**/*.ts'],
		ignores: ['src/lib/server/**'],
		rules: {
			'no-restricted-syntax': [
				'error',
				{
					selector: "MemberExpression[computed=true][object.name='m']",
					message: 'Call messages statically (m.key()); a lookup by name ships every message to the browser.'
				},
				{
					selector: "TSAsExpression[expression.name='m']",
					message: 'Call messages statically (m.key()); a lookup by name ships every message to the browser.'
				}
			]
		}
	},
	{
		files: ['**/*.js', '**/*.mjs'],
		...ts.configs.disableTypeChecked
	}
);
