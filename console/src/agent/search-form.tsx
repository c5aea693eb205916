import { useState } from 'preact/hooks';

/** The one search box: any identifier, as the customer says it on the phone. */
export const SearchForm = (props: { busy: boolean; onSearch: (text: string) => void; initial?: string }) => {
  const [text, setText] = useState(props.initial ?? '');
  return (
    <form
      class="search"
      aria-label="Customer search"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSearch(text);
      }}
    >
      <label for="search-input">Find a customer</label>
      <input
        id="search-input"
        name="identifier"
        type="search"
        autoComplete="off"
        placeholder="Phone, e-mail, ERP number (e.g. 089 123456, anna@example.com, 1000303)"
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        aria-describedby="search-help"
      />
      <button type="submit" disabled={props.busy || text.trim() === ''}>
        {props.busy ? 'Searching…' : 'Search'}
      </button>
      <p id="search-help" class="help">
        Type it as you hear it; <code>type:value</code> (e.g. <code>webUser:WEB-1001</code>) searches one kind
        only. Names cannot be searched: the API looks customers up by identifier.
      </p>
    </form>
  );
};
