/**
 * `x-cognito_userpool` access levels as data. ECS ComposeX defines none for user pools (its pool
 * is only looked up, for x-elbv2; its first releases pointed the pool's policies at the CodeGuru
 * profiler's levels by mistake): these are composex's, named as ECS ComposeX names levels
 * elsewhere (RO, RW). Every action acts on the `userpool` resource type
 * (`arn:<partition>:cognito-idp:<region>:<account>:userpool/<id>`, Service Authorization
 * Reference, "Actions, resources, and condition keys for Amazon Cognito User Pools"), so each is
 * scoped to the pool's ARN. The user-facing APIs (SignUp, InitiateAuth, GetUser, …) need no IAM
 * permission: they are called with a client id or a user's token.
 */
import type { AccessLevel } from './access';

const sorted = (...lists: readonly string[][]): readonly string[] => [...new Set(lists.flat())].sort();

const USER_POOL_READ = [
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminListGroupsForUser',
  'cognito-idp:DescribeUserPool',
  'cognito-idp:GetGroup',
  'cognito-idp:ListGroups',
  'cognito-idp:ListUsers',
  'cognito-idp:ListUsersInGroup',
];
const USER_POOL_MANAGE_USERS = [
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminConfirmSignUp',
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminDeleteUser',
  'cognito-idp:AdminDeleteUserAttributes',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminResetUserPassword',
  'cognito-idp:AdminSetUserPassword',
  'cognito-idp:AdminUpdateUserAttributes',
  'cognito-idp:AdminUserGlobalSignOut',
];
/** Server-side sign-in (ADMIN_USER_PASSWORD_AUTH and the challenges that follow it). */
const USER_POOL_AUTH = ['cognito-idp:AdminInitiateAuth', 'cognito-idp:AdminRespondToAuthChallenge'];

export const USER_POOL_ACCESS: Readonly<Record<string, AccessLevel>> = {
  RO: { actions: sorted(USER_POOL_READ), kmsActions: [], description: 'read the pool, its users and groups' },
  Auth: { actions: sorted(USER_POOL_READ, USER_POOL_AUTH), kmsActions: [], description: 'as RO, and sign users in from the server (AdminInitiateAuth)' },
  RW: { actions: sorted(USER_POOL_READ, USER_POOL_AUTH, USER_POOL_MANAGE_USERS), kmsActions: [], description: 'as Auth, and create, change, disable and delete users and their groups' },
};
