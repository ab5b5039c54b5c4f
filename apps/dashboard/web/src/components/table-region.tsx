import type { ComponentChildren } from 'preact';

/**
 * A wide table scrolls sideways on a narrow screen: the scrolling box is a named region that takes keyboard
 * focus (WCAG 2.1.1), named by the table's caption.
 */
export function TableRegion({ captionId, children }: { captionId: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      {children}
    </div>
  );
}
