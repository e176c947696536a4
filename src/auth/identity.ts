/** Who is calling: resolved once per request (or WebSocket connection) from a JWT or an API key. */
export interface Identity {
  /** User id (JWT `sub`). */
  userId: string;
  tenantId: string;
  roles: string[];
  /** How the caller proved itself. */
  via: 'jwt' | 'api-key';
}
