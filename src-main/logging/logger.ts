import fs from 'node:fs';
import path from 'node:path';
import { redactText, redactValue } from './redact';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogContext = Record<string, unknown>;

export interface Logger {
  readonly name: string;
  debug(message: string, context?: LogContext): void;
  info(message: string, context?: LogContext): void;
  warn(message: string, context?: LogContext): void;
  error(message: string, context?: LogContext): void;
  /** A logger for a part of this one (`engine.http`), or for one entity (`{ camera: 'c1' }`). */
  child(nameOrContext: string | LogContext): Logger;
}

interface LogRecord {
  time: string;
  level: LogLevel;
  logger: string;
  message: string;
  context?: unknown;
}

export interface LogSink {
  write(record: LogRecord): void;
  close(): void;
}

export interface LogManagerOptions {
  level: LogLevel;
  /** Directory for the rotating file; no file when absent. */
  dir?: string;
  console?: boolean;
  maxFileBytes?: number;
  maxFiles?: number;
}

const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
const DEFAULT_MAX_FILES = 5;

/** Owns the sinks and the level; hands out named loggers. */
export class LogManager {
  private level: LogLevel;
  private readonly sinks: LogSink[] = [];

  constructor(options: LogManagerOptions) {
    this.level = options.level;
    if (options.console !== false) this.sinks.push(new ConsoleSink());
    if (options.dir) {
      this.sinks.push(
        new RotatingFileSink(
          path.join(options.dir, 'engine.log'),
          options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
          options.maxFiles ?? DEFAULT_MAX_FILES,
        ),
      );
    }
  }

  setLevel(level: LogLevel): void {
    this.level = level;
  }

  get(name: string): Logger {
    return new NamedLogger(this, name, undefined);
  }

  /** @internal */
  emit(level: LogLevel, logger: string, message: string, context: LogContext | undefined): void {
    if (LOG_LEVELS.indexOf(level) < LOG_LEVELS.indexOf(this.level)) return;
    const record: LogRecord = { time: new Date().toISOString(), level, logger, message: redactText(message) };
    if (context && Object.keys(context).length > 0) record.context = redactValue(context);
    for (const sink of this.sinks) sink.write(record);
  }

  close(): void {
    for (const sink of this.sinks.splice(0)) sink.close();
  }
}

class NamedLogger implements Logger {
  constructor(
    private readonly manager: LogManager,
    readonly name: string,
    private readonly bound: LogContext | undefined,
  ) {}

  debug(message: string, context?: LogContext): void {
    this.log('debug', message, context);
  }
  info(message: string, context?: LogContext): void {
    this.log('info', message, context);
  }
  warn(message: string, context?: LogContext): void {
    this.log('warn', message, context);
  }
  error(message: string, context?: LogContext): void {
    this.log('error', message, context);
  }

  child(nameOrContext: string | LogContext): Logger {
    if (typeof nameOrContext === 'string') {
      return new NamedLogger(this.manager, `${this.name}.${nameOrContext}`, this.bound);
    }
    return new NamedLogger(this.manager, this.name, { ...this.bound, ...nameOrContext });
  }

  private log(level: LogLevel, message: string, context: LogContext | undefined): void {
    const merged = this.bound || context ? { ...this.bound, ...context } : undefined;
    this.manager.emit(level, this.name, message, merged);
  }
}

function formatLine(record: LogRecord): string {
  const ctx = record.context ? ` ${JSON.stringify(record.context)}` : '';
  return `${record.time} ${record.level.toUpperCase().padEnd(5)} [${record.logger}] ${record.message}${ctx}`;
}

class ConsoleSink implements LogSink {
  write(record: LogRecord): void {
    const line = formatLine(record);
    if (record.level === 'error' || record.level === 'warn') process.stderr.write(`${line}\n`);
    else process.stdout.write(`${line}\n`);
  }
  close(): void {}
}

/**
 * Appends JSON lines synchronously (a crash loses no line already logged) and rotates
 * `engine.log` → `engine.1.log` … `engine.<maxFiles-1>.log` when it grows past the limit.
 */
export class RotatingFileSink implements LogSink {
  private fd: number | null = null;
  private size = 0;

  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
    private readonly maxFiles: number,
  ) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.open();
  }

  write(record: LogRecord): void {
    if (this.fd === null) return;
    const line = `${JSON.stringify(record)}\n`;
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    if (this.fd === null) return;
    fs.writeSync(this.fd, line);
    this.size += bytes;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  private open(): void {
    this.fd = fs.openSync(this.file, 'a', 0o600);
    this.size = fs.fstatSync(this.fd).size;
  }

  private rotate(): void {
    this.close();
    const base = this.file.replace(/\.log$/, '');
    fs.rmSync(`${base}.${this.maxFiles - 1}.log`, { force: true });
    for (let i = this.maxFiles - 2; i >= 1; i--) {
      if (fs.existsSync(`${base}.${i}.log`)) fs.renameSync(`${base}.${i}.log`, `${base}.${i + 1}.log`);
    }
    fs.renameSync(this.file, `${base}.1.log`);
    this.open();
  }
}

/** A logger that drops everything: for tests and tools. */
export function silentLogger(name = 'silent'): Logger {
  return new LogManager({ level: 'error', console: false }).get(name);
}
