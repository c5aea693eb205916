import { ApiError } from '../api/api-client.ts';

/**
 * An error as a person can act on it; a refused scope says so instead of looking like a failure, and a
 * missing route (`missing`: what this hub does not offer) is said plainly instead of showing empty figures.
 */
export const ErrorMessage = (props: { error: unknown; action?: string; missing?: string }) => {
  const { error } = props;
  if (error instanceof ApiError && error.notFound && props.missing) {
    return (
      <div class="message info" role="status" data-missing="404">
        {props.missing} <span class="status">(HTTP 404{error.detail ? `: ${error.detail}` : ''})</span>
      </div>
    );
  }
  if (error instanceof ApiError && error.refused) {
    return (
      <div class="message refused" role="alert" data-refused={error.status}>
        <strong>Not allowed{props.action ? ` to ${props.action}` : ''}.</strong>{' '}
        {error.status === 401
          ? 'Your sign-in has expired; sign in again.'
          : 'Your sign-in does not grant this. Ask for the role that includes it.'}{' '}
        <span class="status">(HTTP {error.status})</span>
      </div>
    );
  }
  const text =
    error instanceof ApiError
      ? `${error.title}${error.detail ? `: ${error.detail}` : ''}`
      : error instanceof Error
        ? error.message
        : String(error);
  return (
    <div class="message error" role="alert">
      {text}
    </div>
  );
};
