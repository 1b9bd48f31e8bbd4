/**
 * The domain's vocabulary: the closed sets of words the plan, the cycle and the accounts use.
 *
 * They live apart from the table definitions (src/lib/server/db/schema.ts) so that the pure engine,
 * the interchange formats and client components can name them without importing the database layer.
 * Each set is a constant list (for validation and menus) and the type derived from it, so the two
 * cannot disagree.
 */

/** How an indicator's value is expressed. */
export const INDICATOR_TYPES = ['numero', 'percentuale', 'si_no', 'data'] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

/**
 * What an indicator measures, after the Funzione Pubblica's guidelines n. 1/2017: outputs and outcomes
 * for users, resources per output, timeliness/accessibility/satisfaction, the public value produced.
 */
export const DIMENSIONS = ['efficacia', 'efficienza', 'qualita', 'impatto'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const DIMENSION_LABELS: Record<Dimension, string> = { efficacia: 'efficacia', efficienza: 'efficienza', qualita: 'qualità', impatto: 'impatto' };

/** Whether more is better (crescente) or less is better (decrescente). */
export const POLARITIES = ['crescente', 'decrescente'] as const;
export type Polarity = (typeof POLARITIES)[number];

/** The life of a measured value: entered, sent for review, returned or accepted, validated by the Nucleo. */
export const MEASUREMENT_STATES = ['bozza', 'inviato', 'restituito', 'accettato', 'validato'] as const;
export type MeasurementState = (typeof MEASUREMENT_STATES)[number];

/** Who a signed-in user is in the cycle. */
export const ROLES = ['dirigente', 'direzione', 'nucleo', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The life of a monitoring date: open for entry, closed for review, validated by the Nucleo. */
export const PERIOD_STATES = ['aperto', 'chiuso', 'validato'] as const;
export type PeriodState = (typeof PERIOD_STATES)[number];

/** Why a reminder was sent: the due date is near, or it has passed. */
export const REMINDER_KINDS = ['in_scadenza', 'scaduto'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** Where a phase stands, as its director reports it at a monitoring date. */
export const PHASE_STATUSES = ['non_avviata', 'in_corso', 'completata', 'sospesa'] as const;
export type PhaseStatus = (typeof PHASE_STATUSES)[number];
export const PHASE_STATUS_LABELS: Record<PhaseStatus, string> = { non_avviata: 'non avviata', in_corso: 'in corso', completata: 'completata', sospesa: 'sospesa' };
