import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Creates the JSON-lines logger. Credential headers are redacted as a second line of defence;
 * no code path is meant to log them in the first place.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'ecgrid-graphql-gateway' },
      redact: {
        paths: ['req.headers["x-api-key"]', 'req.headers.authorization', '*.password', '*.token'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
