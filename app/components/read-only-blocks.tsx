import type { TextBlock } from "../editor/read-fields";

/** Text blocks of a field shown read-only; React escapes every character (no HTML from documents). */
export function ReadOnlyBlocks({ blocks, classFor }: { blocks: TextBlock[]; classFor?: (index: number) => string | undefined }) {
  return (
    <div className="read-only-notes">
      {blocks.map((block, i) =>
        block.kind === "heading" ? (
          <h3 key={i} className={classFor?.(i)}>
            {block.text}
          </h3>
        ) : (
          <p key={i} className={[block.kind === "listItem" ? "bullet" : "", classFor?.(i) ?? ""].join(" ").trim() || undefined}>
            {block.text}
          </p>
        ),
      )}
    </div>
  );
}
