import { Type } from 'class-transformer';
import { IsString, MaxLength, ValidateNested } from 'class-validator';
import { createValidationPipe } from './validation.pipe';

class Channel {
  @IsString()
  subject!: string;
}

class Body {
  @IsString()
  @MaxLength(5)
  name!: string;

  @ValidateNested()
  @Type(() => Channel)
  email!: Channel;
}

async function validate(value: unknown): Promise<unknown> {
  try {
    await createValidationPipe().transform(value, { type: 'body', metatype: Body });
    return undefined;
  } catch (error) {
    return (error as { getResponse(): unknown }).getResponse();
  }
}

describe('createValidationPipe', () => {
  it('names nested fields in the message and the error list', async () => {
    const response = await validate({ name: 'ok', email: { subject: 42 } });
    expect(response).toMatchObject({
      statusCode: 400,
      message: 'email.subject must be a string',
      errors: [{ field: 'email.subject', message: 'email.subject must be a string' }],
    });
  });

  it('refuses fields the DTO does not declare', async () => {
    const response = await validate({ name: 'ok', email: { subject: 's' }, admin: true });
    expect(response).toMatchObject({ errors: [{ field: 'admin', message: 'property admin should not exist' }] });
  });

  it('accepts a valid body', async () => {
    expect(await validate({ name: 'ok', email: { subject: 's' } })).toBeUndefined();
  });
});
