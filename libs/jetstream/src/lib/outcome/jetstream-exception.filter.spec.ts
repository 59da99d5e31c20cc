import { BadRequestException } from '@nestjs/common';
import { lastValueFrom } from 'rxjs';
import { JetStreamExceptionFilter } from './jetstream-exception.filter';
import { NonRetryableError } from './non-retryable.error';

const caught = (exception: unknown) => lastValueFrom(new JetStreamExceptionFilter().catch(exception)).catch((e) => e);

describe('JetStreamExceptionFilter', () => {
  it('hands an ordinary error to the transport unchanged', async () => {
    const error = new Error('smtp timeout');

    expect(await caught(error)).toBe(error);
  });

  it('turns a failed validation into a non-retryable rejection', async () => {
    const error = await caught(new BadRequestException(['quantity must be positive', 'id must be a string']));

    expect(error).toBeInstanceOf(NonRetryableError);
    expect(error.reason).toBe('invalid payload: quantity must be positive; id must be a string');
  });
});
