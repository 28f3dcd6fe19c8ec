import { useEffect, useState } from 'react';
import { api, ApiError, unwrap } from '../../api/client';
import type { InvitationPreview } from '../../api/views';
import type { Loadable } from '../../hooks/use-api-data';

/** Looks the invitation up by its token (sent in a body, so it stays out of URLs the server logs). */
export function useInvitationPreview(token: string): Loadable<InvitationPreview> {
  const [state, setState] = useState<Loadable<InvitationPreview>>({ status: 'loading' });
  useEffect(() => {
    if (!token) {
      setState({
        status: 'error',
        error: new ApiError(
          0,
          'token_missing',
          'This link is incomplete. Open the link from the email again.',
        ),
      });
      return;
    }
    let current = true;
    unwrap(api.POST('/api/v1/invitations/lookup', { body: { token } })).then(
      (data) => current && setState({ status: 'ready', data }),
      (error: unknown) =>
        current &&
        setState({
          status: 'error',
          error: error instanceof ApiError ? error : new ApiError(0, 'client_error', String(error)),
        }),
    );
    return () => {
      current = false;
    };
  }, [token]);
  return state;
}
