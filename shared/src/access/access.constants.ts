// Zod-free: access and portability packages (issue 19).

/**
 * What is never disclosed, whoever asks (CCPA §7024(d): passwords, security questions and answers, full
 * government ids, financial account numbers; here, the secrets a customer's account holds). A column of one
 * of these names is withheld from every package automatically, with its reason shown to the officer and in
 * the package.
 */
export const neverDisclosedColumns: Readonly<Record<string, string>> = {
  password_hash: 'A password’s hash is never disclosed (CCPA §7024(d)).',
  api_key_secret: 'An API key’s secret is never disclosed (CCPA §7024(d)).',
  security_answer: 'A security question’s answer is never disclosed (CCPA §7024(d)).',
  government_id_number: 'A full government identification number is never disclosed (CCPA §7024(d)).',
  financial_account_number: 'A financial account number is never disclosed (CCPA §7024(d)).',
};

/** The reason a column is withheld from every package, or null when it may be disclosed. */
export function neverDisclosedReason(column: string): string | null {
  return Object.hasOwn(neverDisclosedColumns, column) ? (neverDisclosedColumns[column] ?? null) : null;
}

/** What a withheld value reads as in the package. */
export const withheldValue = '[withheld]';

/** access: everything held (GDPR Art. 15, CCPA know); portability: what the person provided (GDPR Art. 20). */
export const packageKinds = ['access', 'portability'] as const;
export type PackageKind = (typeof packageKinds)[number];
