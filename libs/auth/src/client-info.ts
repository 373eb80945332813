/** Where a request came from, for sessions and login tracking. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** Fits the columns (45 for IPv6, 512 for user agents). */
export function clientInfo(ip: string | undefined, userAgent: string | string[] | undefined): ClientInfo {
  const agent = Array.isArray(userAgent) ? userAgent[0] : userAgent;
  return { ip: ip ? ip.slice(0, 45) : null, userAgent: agent ? agent.slice(0, 512) : null };
}
