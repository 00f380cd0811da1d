import { useEffect, useRef, type ReactNode } from "react";

/**
 * The page's h1. It takes focus when a page opens so that keyboard and screen-reader users
 * start at the new content instead of wherever the previous page left them.
 */
export function PageHeading({ children, id }: { children: ReactNode; id?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 ref={ref} id={id} tabIndex={-1}>
      {children}
    </h1>
  );
}
