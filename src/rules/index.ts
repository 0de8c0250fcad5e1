import { conditionalReference } from './conditional-reference.js';
import { ecsTaskRoleShared } from './ecs-task-role-shared.js';
import { eksNodegroupLaunchTemplateProfile } from './eks-nodegroup-launch-template-profile.js';
import { emrProfileRoleNameMismatch } from './emr-profile-role-name-mismatch.js';
import { instanceProfileNameMismatch } from './instance-profile-name-mismatch.js';
import { instanceProfileRoleCount } from './instance-profile-role-count.js';
import { instanceProfileUnknownRole } from './instance-profile-unknown-role.js';
import { instanceProfileWrongForm } from './instance-profile-wrong-form.js';
import { internalError } from './internal-error.js';
import { notARoleOrProfile } from './not-a-role-or-profile.js';
import { parseError } from './parse-error.js';
import { profileAsRole } from './profile-as-role.js';
import { profileByRoleName } from './profile-by-role-name.js';
import { roleAsInstanceProfile } from './role-as-instance-profile.js';
import { skippedFile } from './skipped-file.js';
import { roleMaxSessionDuration } from './role-max-session-duration.js';
import { roleManagedPolicyLimit } from './role-managed-policy-limit.js';
import { imdsV2NotRequired } from './imds-v2-not-required.js';
import { staticCredentialsOnInstance } from './static-credentials-on-instance.js';
import { roleNotTrustedByService } from './role-not-trusted-by-service.js';
import { trustPolicyInvalidPrincipal } from './trust-policy-invalid-principal.js';
import { trustPolicyOidcUnscoped } from './trust-policy-oidc-unscoped.js';
import { trustPolicyPublicPrincipal } from './trust-policy-public-principal.js';
import { trustPolicyRootPrincipal } from './trust-policy-root-principal.js';
import { trustPolicyUnknownService } from './trust-policy-unknown-service.js';
import { trustPolicyWildcardAction } from './trust-policy-wildcard-action.js';
import type { Rule } from './rule.js';
import { unknownInstanceProfile } from './unknown-instance-profile.js';
import { unresolvedReference } from './unresolved-reference.js';
import { unusedSuppression } from './unused-suppression.js';

/** Every rule, in the order the docs list them. */
export const rules: readonly Rule[] = [
  roleAsInstanceProfile,
  profileByRoleName,
  unknownInstanceProfile,
  profileAsRole,
  notARoleOrProfile,
  instanceProfileWrongForm,
  instanceProfileRoleCount,
  instanceProfileUnknownRole,
  conditionalReference,
  roleNotTrustedByService,
  ecsTaskRoleShared,
  eksNodegroupLaunchTemplateProfile,
  emrProfileRoleNameMismatch,
  unresolvedReference,
  trustPolicyPublicPrincipal,
  trustPolicyInvalidPrincipal,
  trustPolicyRootPrincipal,
  trustPolicyOidcUnscoped,
  trustPolicyUnknownService,
  trustPolicyWildcardAction,
  roleMaxSessionDuration,
  roleManagedPolicyLimit,
  imdsV2NotRequired,
  staticCredentialsOnInstance,
  instanceProfileNameMismatch,
  parseError,
  skippedFile,
  internalError,
  unusedSuppression,
];
