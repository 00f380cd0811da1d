/** U+E000 starts a match in a snippet, U+E001 ends it (the server's markers). */
const START = "\uE000";
const END = "\uE001";

export type SnippetPart = { text: string; match: boolean };

/**
 * The snippet cut at the markers. Text only: nothing in it is ever parsed as HTML. Marks of
 * Markdown emphasis (** and __) are dropped, since the snippet is read as plain text.
 */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let match = false;
  let text = "";
  const push = () => {
    const clean = text.replace(/\*\*|__/g, "").replace(/\s+/g, " ");
    if (clean) parts.push({ text: clean, match });
    text = "";
  };
  for (const ch of snippet) {
    if (ch === START || ch === END) {
      push();
      match = ch === START;
    } else {
      text += ch;
    }
  }
  push();
  return parts;
}

/** A search snippet with its matches in <mark>. */
export function SearchSnippet({ snippet }: { snippet: string }) {
  return (
    <p className="snippet" data-testid="search-snippet">
      {snippetParts(snippet).map((part, i) =>
        part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
      )}
    </p>
  );
}
