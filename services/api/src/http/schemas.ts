import { z } from 'zod';
import { grantablePermissions, roles, tokenScopes, type Permission } from '@leakwatch/access';

/** Shapes shared by several routes; each carries an id so OpenAPI names it once. */
export const userSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    role: z.enum(roles),
    permissions: z.array(z.string()),
    routingTargetId: z.uuid().nullable(),
    locale: z.string(),
    disabled: z.boolean(),
    lockedUntil: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });

type PermissionList = [Permission, ...Permission[]];
export const grantablePermissionSchema = z.enum(grantablePermissions as PermissionList);
export const tokenScopeSchema = z.enum(tokenScopes as PermissionList);

export const apiTokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    scopes: z.array(z.string()),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });

export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actorType: z.string(),
    actorId: z.string().nullable(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    requestId: z.string().nullable(),
    ip: z.string().nullable(),
    details: z.unknown(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });

export const documentSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    numberSymbol: z.string().nullable(),
    issuingUnit: z.string().nullable(),
    classification: z.string(),
    ownerDepartment: z.string().nullable(),
    tags: z.array(z.string()),
    retentionUntil: z.string().nullable(),
    pageCount: z.number().int(),
    status: z.enum(['active', 'revoked']),
    registeredAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'Document' });

export const idParamsSchema = z.object({ id: z.uuid() });

export const isoDate = (value: Date | null) => value?.toISOString() ?? null;

export const sourceSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(['page', 'group', 'post']),
    url: z.string(),
    canonicalKey: z.string(),
    name: z.string().nullable(),
    cadenceMinutes: z.number().int(),
    state: z.enum([
      'pending',
      'healthy',
      'login_required',
      'checkpoint',
      'blocked',
      'not_found',
      'error',
    ]),
    paused: z.boolean(),
    failureCount: z.number().int(),
    lastError: z.string().nullable(),
    blockedUntil: z.string().nullable(),
    lastCrawledAt: z.string().nullable(),
    nextCrawlAt: z.string().nullable(),
    accountId: z.uuid().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Source' });

export const monitoringAccountSchema = z
  .object({
    id: z.uuid(),
    label: z.string(),
    proxyUrl: z.string().nullable(),
    state: z.string(),
    stateUntil: z.string().nullable(),
    lastError: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    hasStorageState: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'MonitoringAccount' });

export const acknowledgementSchema = z
  .object({
    notificationId: z.uuid(),
    acknowledgedAt: z.string(),
    acknowledgedBy: z.string(),
    /** False when someone had acknowledged it before: the first time and name stand. */
    recorded: z.boolean(),
  })
  .meta({ id: 'NotificationAcknowledgement' });
