/** The password rules, as NIST SP 800-63B puts them: length over composition rules. */
export const passwordMinLength = 12;
export const passwordMaxLength = 256;

export function passwordProblems(password: string, email?: string): string[] {
  const problems: string[] = [];
  const codePoints = Array.from(password);
  const length = codePoints.length;
  if (length < passwordMinLength) problems.push(`must be at least ${passwordMinLength} characters`);
  if (length > passwordMaxLength) problems.push(`must be at most ${passwordMaxLength} characters`);
  if (email && password.toLowerCase().includes(email.toLowerCase().split('@')[0] ?? email))
    problems.push('must not contain the account name');
  if (length >= passwordMinLength && new Set(codePoints).size < 4)
    problems.push('must not repeat the same few characters');
  return problems;
}

/**
 * Failed sign-ins: from the threshold on, each further failure locks the account for twice as
 * long (1 min, 2 min, 4 min … capped at 1 h). Slows guessing to a crawl without letting an
 * attacker lock an officer out for a day.
 */
export const lockoutPolicy = {
  threshold: 5,
  baseSeconds: 60,
  maxSeconds: 3_600,
} as const;

export function lockSecondsAfter(failures: number, policy = lockoutPolicy): number {
  if (failures < policy.threshold) return 0;
  return Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** (failures - policy.threshold));
}
