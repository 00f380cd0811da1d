import ReactMarkdown, { type Components } from "react-markdown";
import { isSafeUrl } from "../api";
import { ExternalLink } from "./ExternalLink";

/**
 * Only web and mail links survive; every other address (javascript:, data:, relative) becomes
 * "" and its link is rendered as plain text below.
 */
function safeUrl(url: string): string {
  return isSafeUrl(url) ? url : "";
}

// Narratives sit under the page's h1, its section h2 and the narrative's h3.
const COMPONENTS: Components = {
  a: ({ href, children }) =>
    href ? <ExternalLink href={href}>{children}</ExternalLink> : <span>{children}</span>,
  // Images are never loaded from a narrative: their description is shown instead.
  img: ({ alt }) => (alt ? <span>{alt}</span> : null),
  h1: ({ children }) => <h4>{children}</h4>,
  h2: ({ children }) => <h5>{children}</h5>,
  h3: ({ children }) => <h6>{children}</h6>,
  h4: ({ children }) => <h6>{children}</h6>,
  h5: ({ children }) => <h6>{children}</h6>,
};

type Props = { text: string; testId?: string; id?: string };

/**
 * A narrative rendered from Markdown. Raw HTML is never interpreted (react-markdown without
 * rehype-raw shows it as the text it is), and links go through ExternalLink.
 */
export function Markdown({ text, testId, id }: Props) {
  return (
    <div className="markdown" data-testid={testId} id={id}>
      <ReactMarkdown urlTransform={safeUrl} components={COMPONENTS}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
