import type { z } from 'zod';

/** The NDJSON lines of a streamed answer as they arrive, each parsed with `schema` (the edge's contract). */
export async function* ndjsonLines<S extends z.ZodType>(
  body: ReadableStream<Uint8Array>,
  schema: S,
): AsyncIterable<z.output<S>> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) yield schema.parse(JSON.parse(line));
      newline = buffered.indexOf('\n');
    }
  }
}
