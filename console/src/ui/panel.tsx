import type { ComponentChildren } from 'preact';

/** A titled region of a view; `name` is its stable hook for tests and assistive technology. */
export const Panel = (props: {
  name: string;
  title: string;
  count?: number;
  wide?: boolean;
  children: ComponentChildren;
}) => {
  const headingId = `panel-${props.name}-title`;
  return (
    <section class={props.wide ? 'panel wide' : 'panel'} aria-labelledby={headingId} data-panel={props.name}>
      <h2 id={headingId}>
        {props.title}
        {props.count === undefined ? null : <span class="count">{props.count}</span>}
      </h2>
      {props.children}
    </section>
  );
};

/** What a panel shows when the source systems have nothing for it: said plainly, never filled in. */
export const Empty = (props: { children: ComponentChildren }) => <p class="empty">{props.children}</p>;
