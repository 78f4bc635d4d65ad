import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

const anchorsOf = (markdown: string) =>
  new Set([...markdown.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => headingSlug(m[1]!)));

/** The text under `## Quick start`, up to the next second-level heading; undefined when there is none. */
export function quickStartSection(markdown: string): string | undefined {
  const start = markdown.search(/^## Quick start\s*$/m);
  if (start < 0) return undefined;
  const rest = markdown.slice(start + 1);
  const end = rest.search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}

export function shellBlocks(section: string): string[] {
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```\s*$/gm)].map((m) => m[1]!);
}

/**
 * Problems with `file.md#anchor` references in `text` (paths from `baseDir`): a file that does not
 * exist or a heading it does not have. Returns the references it checked too, so a test can see it
 * looked at something.
 */
export function checkReferences(
  refs: string[],
  baseDir: string,
  ownFile?: string,
): { checked: string[]; problems: string[] } {
  const problems: string[] = [];
  for (const ref of refs) {
    const [file, anchor] = ref.split('#') as [string, string | undefined];
    const target = file ? path.resolve(baseDir, file) : ownFile;
    if (!target || !existsSync(target)) {
      problems.push(`${ref}: no file ${target ?? '(none)'}`);
      continue;
    }
    if (anchor && !anchorsOf(readFileSync(target, 'utf8')).has(anchor))
      problems.push(`${ref}: ${path.relative(baseDir, target)} has no heading #${anchor}`);
  }
  return { checked: refs, problems };
}

/** `services/x/README.md#quick-start` and the like, as a program prints them. */
export const printedReferences = (text: string) => [...new Set(text.match(/[\w./-]+\.md(?:#[\w-]+)?/g) ?? [])];

/** Targets of Markdown links that stay in the repository (`[text](../x/README.md#y)`, `[text](#y)`). */
export const markdownLinks = (markdown: string) =>
  [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/.test(t));
