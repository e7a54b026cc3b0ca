/**
 * docgen's own log lines, on stderr. Each carries the correlation ID (the trace ID of the
 * session), so a line can be matched with its trace. `DOCGEN_LOG_FORMAT=json` makes each line
 * one JSON object. Writes are synchronous: lines are also written from `exit` handlers.
 */
import { writeSync } from 'node:fs';

export type Level = 'info' | 'warn' | 'error';

export interface Logger {
  correlationId: string;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createLogger(options: { correlationId: string; json: boolean; quiet: boolean }): Logger {
  const emit = (level: Level, message: string): void => {
    if (options.quiet && level === 'info') return;
    const line = options.json
      ? JSON.stringify({ timestamp: new Date().toISOString(), level, logger: 'docgen', message, correlation_id: logger.correlationId })
      : `docgen${level === 'info' ? '' : ` ${level === 'warn' ? 'warning' : 'error'}`}: ${message} [${logger.correlationId}]`;
    try {
      writeSync(2, line + '\n');
    } catch {
      // stderr closed: nothing else to tell
    }
  };
  const logger: Logger = {
    correlationId: options.correlationId,
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    error: (m) => emit('error', m),
  };
  return logger;
}
