import { type AddressClass, describeAddressClass } from './address-policy';

/** A connection target (resolved or literal) that the SSRF policy refuses. */
export class ForbiddenAddressError extends Error {
  readonly code = 'ERR_FORBIDDEN_ADDRESS';

  constructor(
    readonly host: string,
    readonly address: string,
    readonly addressClass: AddressClass,
  ) {
    super(
      host === address
        ? `${address} is ${describeAddressClass(addressClass)}`
        : `${host} resolves to ${address}, ${describeAddressClass(addressClass)}`,
    );
    this.name = 'ForbiddenAddressError';
  }
}

export type UndeliverableUrlReason =
  | 'invalid_url'
  | 'unsupported_scheme'
  | 'credentials'
  | 'missing_host'
  | 'dns'
  | 'forbidden_address';

/** A webhook URL refused at registration; `field` lets the API answer 400 naming it. */
export class UndeliverableUrlError extends Error {
  readonly field = 'url';

  constructor(
    readonly reason: UndeliverableUrlReason,
    message: string,
  ) {
    super(message);
    this.name = 'UndeliverableUrlError';
  }
}
