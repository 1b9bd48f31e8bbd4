import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { kitServerReplacements } from './src/lib/vite/kit-server-replacements-plugin.js';

export default defineConfig({
	plugins: [sveltekit(), kitServerReplacements()],
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.test.ts', 'db/**/*.test.ts'],
					environment: 'node'
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/**/*.test.ts'],
					environment: 'node',
					// Browser tests share one built server; run their files one after another.
					fileParallelism: false,
					testTimeout: 60_000,
					hookTimeout: 120_000
				}
			}
		]
	}
});
