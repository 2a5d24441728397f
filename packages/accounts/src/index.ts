export {
  createAccount,
  ensureFirstAdmin,
  firstAdminEmail,
  type NewAccount,
} from './create-account.js';
