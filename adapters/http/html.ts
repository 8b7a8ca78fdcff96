/**
 * Text placed inside the HTML pages the bot serves itself (install and OAuth
 * results): names and messages from Slack or a help desk are escaped, never
 * trusted as markup.
 */

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * `text` with &, <, >, " and ' escaped, safe in an element or a quoted attribute.
 * @example escapeHtml(`<b>"Acme" & Co's</b>`) // "&lt;b&gt;&quot;Acme&quot; &amp; Co&#39;s&lt;/b&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
