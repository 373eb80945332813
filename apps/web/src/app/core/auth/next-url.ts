/** Where to go after signing in: an in-app path from `?next=`, never another site (`//evil`, `https:`). */
export function safeNextUrl(next: string | null | undefined, fallback = '/dashboard'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (/^\/(login|signup)(\?|$|\/)/.test(next)) return fallback;
  return next;
}
