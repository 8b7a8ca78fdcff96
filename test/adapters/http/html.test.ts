/** Names from Slack or a help desk shown on the bot's own HTML pages never become markup. */
import { describe, expect, it } from "vitest";
import { escapeHtml } from "../../../adapters/http/html.ts";

describe("escapeHtml", () => {
  it("escapes &, <, >, \" and ' so a workspace or agent name cannot inject markup", () => {
    expect(escapeHtml(`<script>alert("x")</script> & Co's`)).toBe("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co&#39;s");
  });

  it("leaves plain text and accents as they are", () => {
    expect(escapeHtml("Zoë Admin (acme.zendesk.com)")).toBe("Zoë Admin (acme.zendesk.com)");
  });
});
