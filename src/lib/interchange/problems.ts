/** An error or a warning about one place in one input file. */
export interface Problem {
	severity: 'errore' | 'avviso';
	file: string;
	/** 1-based physical line where the record starts; 0 for the file as a whole. */
	line: number;
	column: string | null;
	message: string;
}

/** `obiettivi.csv:12: tipo: «quantità» non è un tipo valido …`: the form every error is printed in. */
export function formatProblem(p: Problem): string {
	const where = p.line > 0 ? `${p.file}:${p.line}` : p.file;
	return p.column ? `${where}: ${p.column}: ${p.message}` : `${where}: ${p.message}`;
}

export class ProblemList {
	readonly items: Problem[] = [];
	/** Kept as errors are added: `hasErrors` is asked once per row of files with a million rows. */
	private errorCount = 0;
	error(file: string, line: number, column: string | null, message: string): void {
		this.items.push({ severity: 'errore', file, line, column, message });
		this.errorCount++;
	}
	warn(file: string, line: number, column: string | null, message: string): void {
		this.items.push({ severity: 'avviso', file, line, column, message });
	}
	get errors(): Problem[] {
		return this.items.filter((p) => p.severity === 'errore');
	}
	get warnings(): Problem[] {
		return this.items.filter((p) => p.severity === 'avviso');
	}
	get hasErrors(): boolean {
		return this.errorCount > 0;
	}
}
