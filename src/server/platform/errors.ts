import { ERROR_CODES, type ErrorBody, type ErrorCode } from '../../contracts/errors';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly details?: unknown;
  readonly status: number;

  constructor(code: ErrorCode, opts: { field?: string; details?: unknown; message?: string } = {}) {
    super(opts.message ?? ERROR_CODES[code].message);
    this.code = code;
    this.field = opts.field;
    this.details = opts.details;
    this.status = ERROR_CODES[code].status;
  }

  toBody(): ErrorBody {
    const error: ErrorBody['error'] = { code: this.code, message: this.message };
    if (this.field !== undefined) error.field = this.field;
    if (this.details !== undefined) error.details = this.details;
    return { error };
  }
}

export const notFound = () => new AppError('NOT_FOUND');
export const forbidden = () => new AppError('FORBIDDEN');
