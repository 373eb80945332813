export enum UserRole {
  User = 'user',
  Admin = 'admin',
}

export enum ApiTokenScope {
  Read = 'read',
  Write = 'write',
}

export enum OneTimeTokenPurpose {
  ConfirmEmail = 'confirm_email',
  ResetPassword = 'reset_password',
}
