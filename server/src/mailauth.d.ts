// mailauth 4.9 ships no types; this is the one call we make (see its README: authenticate(message, options)).
declare module 'mailauth' {
  export function authenticate(
    message: Buffer | string,
    options: {
      ip?: string;
      helo?: string;
      sender?: string;
      mta?: string;
      resolver?: (name: string, type: string) => Promise<unknown>;
      disableArc?: boolean;
      disableBimi?: boolean;
      disableDmarc?: boolean;
    },
  ): Promise<unknown>;
}
