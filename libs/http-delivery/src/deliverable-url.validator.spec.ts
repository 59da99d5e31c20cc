import { assertDeliverableUrl } from './deliverable-url.validator';
import type { ResolveHost } from './host-resolver';
import { UndeliverableUrlError } from './http-delivery.errors';

const dns: Record<string, string[]> = {
  'hooks.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
  'evil.test': ['127.0.0.1'],
  'mixed.test': ['93.184.216.34', '10.1.2.3'],
  'metadata.test': ['169.254.169.254'],
  'empty.test': [],
};
const resolve: ResolveHost = async (hostname) => {
  const answer = dns[hostname];
  if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return answer;
};

async function refusal(url: string, allowPrivate = false): Promise<UndeliverableUrlError> {
  const error = await assertDeliverableUrl(url, { resolve, allowPrivate }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof UndeliverableUrlError)) throw new Error(`expected ${url} to be refused`);
  return error;
}

describe('assertDeliverableUrl', () => {
  it('accepts an https URL whose every address is public and returns it parsed', async () => {
    const url = await assertDeliverableUrl('https://hooks.example.com/in?x=1', { resolve });

    expect(url.href).toBe('https://hooks.example.com/in?x=1');
  });

  it('accepts a public IP literal without resolving', async () => {
    const noDns: ResolveHost = () => Promise.reject(new Error('must not resolve'));

    await expect(assertDeliverableUrl('http://93.184.216.34:8080/', { resolve: noDns })).resolves.toBeInstanceOf(URL);
  });

  it.each([
    ['not a url', 'invalid_url', 'url is not a valid URL'],
    ['ftp://hooks.example.com/', 'unsupported_scheme', 'url must use http or https, not ftp:'],
    ['file:///etc/passwd', 'unsupported_scheme', 'url must use http or https, not file:'],
    ['https://user:pass@hooks.example.com/', 'credentials', 'url must not contain credentials'],
    ['https://token@hooks.example.com/', 'credentials', 'url must not contain credentials'],
    ['https://nowhere.test/', 'dns', 'url host nowhere.test could not be resolved'],
    ['https://empty.test/', 'dns', 'url host empty.test could not be resolved'],
    ['https://evil.test/', 'forbidden_address', 'url resolves to 127.0.0.1, a loopback address'],
    ['https://mixed.test/', 'forbidden_address', 'url resolves to 10.1.2.3, a private address'],
    ['https://metadata.test/', 'forbidden_address', 'url resolves to 169.254.169.254, a link-local address'],
    ['http://127.0.0.1:3000/', 'forbidden_address', 'url points to 127.0.0.1, a loopback address'],
    ['http://[::1]/', 'forbidden_address', 'url points to ::1, a loopback address'],
    ['http://[::ffff:7f00:1]/', 'forbidden_address', 'url points to ::ffff:7f00:1, a loopback address'],
    [
      'http://169.254.169.254/latest/meta-data',
      'forbidden_address',
      'url points to 169.254.169.254, a link-local address',
    ],
    ['http://2130706433/', 'forbidden_address', 'url points to 127.0.0.1, a loopback address'],
    ['http://0x7f.1/', 'forbidden_address', 'url points to 127.0.0.1, a loopback address'],
  ])('refuses %s (%s)', async (url, reason, message) => {
    const error = await refusal(url);

    expect({ reason: error.reason, message: error.message, field: error.field }).toEqual({
      reason,
      message,
      field: 'url',
    });
  });

  it('resolves real names: localhost is loopback', async () => {
    await expect(assertDeliverableUrl('http://localhost:3000/')).rejects.toThrow(
      /^url resolves to .*, a loopback address$/,
    );
  });

  it('lets private targets through with allowPrivate, without a lookup', async () => {
    const noDns: ResolveHost = () => Promise.reject(new Error('must not resolve'));

    await expect(
      assertDeliverableUrl('http://evil.test:3000/', { allowPrivate: true, resolve: noDns }),
    ).resolves.toBeInstanceOf(URL);
    await expect(assertDeliverableUrl('http://[::1]/', { allowPrivate: true })).resolves.toBeInstanceOf(URL);
  });

  it('still refuses the wrong scheme and credentials with allowPrivate', async () => {
    expect((await refusal('ftp://127.0.0.1/', true)).reason).toBe('unsupported_scheme');
    expect((await refusal('http://a:b@127.0.0.1/', true)).reason).toBe('credentials');
  });
});
