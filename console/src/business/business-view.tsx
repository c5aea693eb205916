/**
 * The place for the business views. The APIs behind them (segments, reactions, demand, lifecycle history)
 * do not exist yet, so this page names what will appear here and shows no data.
 */
export const BusinessView = () => (
  <section class="panel wide" aria-labelledby="business-title" data-panel="business">
    <h1 id="business-title">Business views</h1>
    <p>These views arrive with the APIs that serve them:</p>
    <ul>
      <li>Segments with their sizes and members</li>
      <li>The reactions feed: what each enterprise system received and when, with the outcome</li>
      <li>Demand per part: demand, stock and signals over time</li>
      <li>Lifecycle distribution and its movement over time</li>
    </ul>
    <p class="muted">
      Nothing is shown until the hub can answer it; the console never shows made-up figures.
    </p>
  </section>
);
