import type { ReactNode } from "react";

/**
 * Shows the Markdown-ish reference text ("## HEADING", "- item", paragraphs) as React elements.
 * Deliberately not a Markdown renderer and never raw HTML: the text comes from a database.
 */
export function ReferenceText({ text }: { text: string }) {
  const blocks: ReactNode[] = [];
  let items: string[] = [];
  const flushList = () => {
    if (items.length > 0) {
      blocks.push(
        <ul key={blocks.length}>
          {items.map((item, i) => (
            <li key={i}>{item}</li>
          ))}
        </ul>,
      );
      items = [];
    }
  };
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("- ")) {
      items.push(line.slice(2));
      continue;
    }
    flushList();
    if (line.startsWith("#")) {
      blocks.push(<h4 key={blocks.length}>{line.replace(/^#+\s*/, "")}</h4>);
    } else if (line) {
      blocks.push(<p key={blocks.length}>{line}</p>);
    }
  }
  flushList();
  return <div className="reference-text">{blocks}</div>;
}
