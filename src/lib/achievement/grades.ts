/**
 * Grades of a graded indicator, matched as people type them: «Medio», «MEDIO», «medio » and, for
 * «Più che buono», «piu che buono» are the same grade. Pure; the engine, the form, the importer and the
 * template all match through here, so a grade the form accepts is one the engine scores.
 */
import type { Grade } from './rules';

/** Lower case, no accents, single spaces: the key two spellings of one grade share. */
export function foldGradeName(name: string): string {
	return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The grade of the list a typed name means, or null. */
export function findGrade(grades: readonly Grade[] | null | undefined, typed: string | null | undefined): Grade | null {
	if (!grades || !typed) return null;
	const key = foldGradeName(typed);
	if (key === '') return null;
	return grades.find((g) => foldGradeName(g.name) === key) ?? null;
}

/** «alto, medio, basso, nullo»: the grades as a message lists them. */
export function gradeNames(grades: readonly Grade[]): string {
	return grades.map((g) => g.name).join(', ');
}
