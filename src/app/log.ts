/** The app's structured log: a message and its details (src/logging/logger.ts writes JSON lines). */
export type Log = (message: string, details: Record<string, unknown>) => void;
