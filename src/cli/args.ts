/** A minimal argument reader for the CLI: `--flag`, `--name value`, and positional arguments. */
export interface ParsedArgs {
	positional: string[];
	options: Record<string, string | true>;
}

export function parseArgs(argv: string[], valueOptions: string[]): ParsedArgs {
	const positional: string[] = [];
	const options: Record<string, string | true> = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg.startsWith('--')) {
			const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
			if (valueOptions.includes(name)) {
				const value = inline ?? argv[++i];
				if (value === undefined) throw new UsageError(`l'opzione --${name} richiede un valore`);
				options[name] = value;
			} else {
				if (inline !== undefined) throw new UsageError(`l'opzione --${name} non accetta un valore`);
				options[name] = true;
			}
		} else {
			positional.push(arg);
		}
	}
	return { positional, options };
}

export class UsageError extends Error {}

/** Runs a CLI main: usage errors exit 2, anything else 1, with a message and no stack trace. */
export async function runCli(usage: string, main: () => Promise<number>): Promise<void> {
	try {
		process.exitCode = await main();
	} catch (e) {
		if (e instanceof UsageError) {
			console.error(`Errore: ${e.message}\n\n${usage}`);
			process.exitCode = 2;
		} else {
			console.error(`Errore: ${e instanceof Error ? e.message : String(e)}`);
			process.exitCode = 1;
		}
	}
}
