export {
  effectivePermissions,
  grantablePermissions,
  isPermission,
  permissions,
  roleGrants,
  roles,
  tokenScopes,
  type Permission,
  type Role,
} from './permissions.js';
export {
  auditGenesisHash,
  auditRowHash,
  canonicalJson,
  verifyAuditRun,
  type AuditRowContent,
  type ChainBreak,
  type StoredAuditRow,
} from './audit-chain.js';
export {
  apiTokenPrefix,
  initialPassword,
  looksLikeApiToken,
  newApiToken,
  randomSecret,
  sameSecret,
  secretDigest,
} from './secret-tokens.js';
export {
  lockSecondsAfter,
  lockoutPolicy,
  passwordMaxLength,
  passwordMinLength,
  passwordProblems,
} from './passwords.js';
export { hashPassword, verifyAgainstNothing, verifyPassword } from './password-hashing.js';
