// An access token cached for every request of one provider: refreshed ahead of expiry, with at most
// one refresh on the wire at a time (under load, fifty requests that find the token stale must not
// become fifty token calls: providers rate-limit and revoke on that), and kept while a refresh ahead
// of expiry fails but the old token is still valid. SNAP's B2B token and Klikoo's use the same cache.

export interface CachedToken {
  token: string;
  refreshAt: number;
  expiresAt: number;
}

export interface TokenCache {
  /** A usable access token, from cache or a single shared refresh. */
  getToken(): Promise<string>;
  /**
   * Forget the cached token after the provider refused it. Pass the token that was refused: if a
   * newer one has been fetched meanwhile it is kept, so a burst of refusals costs only one refresh.
   */
  invalidate(refusedToken?: string): void;
}

/** When to refresh a token fetched at `startedAt` that lives `lifetimeMs`: `aheadMs` early, at most half its life. */
export function tokenTimes(
  token: string,
  startedAt: number,
  lifetimeMs: number,
  aheadMs: number,
): CachedToken {
  const ahead = Math.min(aheadMs, lifetimeMs / 2);
  // Counted from when we asked, not when the answer came: the provider's clock started earlier.
  return { token, expiresAt: startedAt + lifetimeMs, refreshAt: startedAt + lifetimeMs - ahead };
}

export function createTokenCache(fetchToken: () => Promise<CachedToken>, now: () => number): TokenCache {
  let cached: CachedToken | undefined;
  let inFlight: Promise<CachedToken> | undefined;

  function refresh(): Promise<CachedToken> {
    if (!inFlight) {
      inFlight = fetchToken()
        .then((fresh) => {
          cached = fresh;
          return fresh;
        })
        .finally(() => {
          inFlight = undefined;
        });
    }
    return inFlight;
  }

  return {
    async getToken(): Promise<string> {
      const current = cached;
      if (current && now() < current.refreshAt) return current.token;
      try {
        return (await refresh()).token;
      } catch (error) {
        // Refreshing ahead failed but the old token has not expired yet: keep working with it.
        if (current && cached === current && now() < current.expiresAt) return current.token;
        throw error;
      }
    },
    invalidate(refusedToken?: string): void {
      if (refusedToken === undefined || cached?.token === refusedToken) cached = undefined;
    },
  };
}
