/** The API's password rules (packages/access, NIST SP 800-63B), checked before sending. */
export const passwordMinLength = 12;

export type PasswordProblem = 'tooShort' | 'containsAccount' | 'mismatch' | 'unchanged';

export function newPasswordProblems(input: {
  current: string;
  next: string;
  confirmation: string;
  email: string;
}): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if (Array.from(input.next).length < passwordMinLength) problems.push('tooShort');
  const account = input.email.toLowerCase().split('@')[0] ?? '';
  if (account.length > 0 && input.next.toLowerCase().includes(account))
    problems.push('containsAccount');
  if (input.next === input.current && input.next.length > 0) problems.push('unchanged');
  if (input.next !== input.confirmation) problems.push('mismatch');
  return problems;
}
