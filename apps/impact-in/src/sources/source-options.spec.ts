import { BadRequestException } from '@nestjs/common';
import { checkSourceOptions, readSourceOptions, verifierOptions } from './source-options';

describe('source options', () => {
  it('keeps hmac-sha256 options, dropping empty ones, and maps them for the verifier', () => {
    const options = checkSourceOptions('hmac-sha256', {
      header: 'x-sig',
      encoding: 'base64',
      prefix: '',
      timestamp_header: 'x-ts',
      id_header: 'x-id',
    });
    expect(options).toEqual({ header: 'x-sig', encoding: 'base64', timestamp_header: 'x-ts', id_header: 'x-id' });
    expect(verifierOptions(options)).toEqual({
      header: 'x-sig',
      encoding: 'base64',
      prefix: undefined,
      timestampHeader: 'x-ts',
      idHeader: 'x-id',
    });
  });

  it('needs header and encoding for hmac-sha256, and refuses options on the fixed schemes', () => {
    expect(() => checkSourceOptions('hmac-sha256', undefined)).toThrow(BadRequestException);
    expect(() => checkSourceOptions('hmac-sha256', { header: 'x' })).toThrow(BadRequestException);
    expect(() =>
      checkSourceOptions('hmac-sha256', { header: 'x', encoding: 'hex', id_header: 'a', id_path: 'b' }),
    ).toThrow(BadRequestException);
    expect(() => checkSourceOptions('stripe', { header: 'x' })).toThrow(BadRequestException);
    expect(checkSourceOptions('stripe', undefined)).toBeNull();
    expect(checkSourceOptions('github', {})).toBeNull();
  });

  it('reads stored options back, and nothing from a fixed scheme', () => {
    expect(readSourceOptions({ header: 'x', encoding: 'hex' })).toEqual({ header: 'x', encoding: 'hex' });
    expect(readSourceOptions(null)).toBeNull();
    expect(verifierOptions(null)).toBeUndefined();
  });
});
