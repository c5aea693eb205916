import { type ConsoleView, scopesOpening } from '../auth/view-access.ts';

const VIEW_NAMES: Record<ConsoleView, string> = {
  agent: 'the agent view',
  business: 'the business views',
  operator: 'the operator views',
};

/** A view the signed-in token may not open: which scopes would open it and which the token has. */
export const ViewRefused = (props: { view: ConsoleView; held: ReadonlySet<string> }) => {
  const needed = scopesOpening(props.view);
  const held = [...props.held];
  return (
    <div class="message refused" role="alert" data-refused="scope" data-view={props.view}>
      <strong>Not allowed to open {VIEW_NAMES[props.view]}.</strong> They need{' '}
      {needed.length === 1 ? 'the scope' : 'one of the scopes'} <code>{needed.join(', ')}</code>; your sign-in
      has {held.length === 0 ? 'none' : <code>{held.join(' ')}</code>}. Ask for the role that includes it.
    </div>
  );
};
