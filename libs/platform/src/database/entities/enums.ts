export enum UserRole {
  User = 'user',
  Admin = 'admin',
}

export enum TrackerType {
  Numerical = 'numerical',
  Note = 'note',
}

export enum Emotion {
  Happy = 'happy',
  Excited = 'excited',
  Calm = 'calm',
  Neutral = 'neutral',
  Tired = 'tired',
  Sad = 'sad',
  Anxious = 'anxious',
  Angry = 'angry',
}

export enum ApiTokenScope {
  Read = 'read',
  Write = 'write',
}

export enum OneTimeTokenPurpose {
  ConfirmEmail = 'confirm_email',
  ResetPassword = 'reset_password',
}

export enum ReminderFrequency {
  Daily = 'daily',
  Weekly = 'weekly',
  Off = 'off',
}

export enum ReportFormat {
  Pdf = 'pdf',
  Html = 'html',
  Off = 'off',
}
