/**
 * What the command path refuses before it reads anything: text over the
 * length limit, and control characters — with a message that says why, and
 * never echoing the text back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer, type Request } from "../../src/commands/answer.ts";
import { MAX_COMMAND_CHARS } from "../../src/commands/input.ts";
import { parseCommand } from "../../src/commands/parse.ts";
import { isUserError } from "../../src/errors.ts";
import type { ErrorReport, Report } from "../../src/report.ts";
import { NOT_ADMIN_MESSAGE } from "../../src/schedule/manage.ts";
import type { Store } from "../../src/store/store.ts";
import { engineOver, NOW } from "../helpers.ts";
import { HERE, sqliteStore } from "../schedule/support.ts";

function asError(report: Report): ErrorReport {
  if (report.kind !== "error") throw new Error(`expected an error, got ${report.kind}`);
  return report;
}

describe("input the command path refuses before parsing", () => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await sqliteStore());
  }, 30_000);
  afterAll(async () => {
    await dispose();
  });

  const member: Request = { requester: { id: "U_MEMBER", isAdmin: false }, destination: HERE };
  const admin: Request = { requester: { id: "U_ADMIN", isAdmin: true }, destination: HERE };

  it("answers a 4,005-character command with a user error saying the 2,000-character limit, without echoing it", async () => {
    const text = `csat ${"2026-".repeat(800)}`;
    expect(text.length).toBe(4005);
    const report = asError(await answer(text, engineOver({})));
    expect(report.cause).toBe("user");
    expect(report.message).toBe("That message is 4,005 characters long; I read commands of at most 2,000 characters.");
    expect(report.message + (report.hint ?? "")).not.toContain("2026-2026");
  });

  it("reads a command of exactly 2,000 characters", async () => {
    const text = `csat last-week where channel=${"e".repeat(MAX_COMMAND_CHARS - 29)}`;
    expect(text.length).toBe(MAX_COMMAND_CHARS);
    const report = await answer(text, engineOver({}));
    expect(report.kind === "error" ? report.message : "").not.toContain("characters long");
  });

  it("refuses a NUL in a where value as the person's mistake, naming the character", async () => {
    const report = asError(await answer("csat last-week where channel=em\u0000ail", engineOver({})));
    expect(report.cause).toBe("user");
    expect(report.message).toContain("control character (U+0000)");
  });

  it("refuses other control characters anywhere, and keeps tabs and line breaks as spaces", async () => {
    expect(asError(await answer("csat\u0007 last-week", engineOver({}))).message).toContain("U+0007");
    expect(asError(await answer("digest add daily 09:00 metrics csat\u001B", engineOver({}, { store }), admin)).message).toContain("U+001B");
    expect((await answer("csat\tlast-week\r\n", engineOver({}))).kind).not.toBe("error");
  });

  it("refuses a control character in a stored rule's filter when the parser reads it again (never reaches a query)", () => {
    const ctx = { periods: { now: NOW, timeZone: "UTC", weekStartsOn: 1 as const }, defaultPeriod: "last-7-days" };
    let error: unknown;
    try {
      parseCommand('csat last-week where channel="a\u0000b"', ctx);
    } catch (e) {
      error = e;
    }
    expect(isUserError(error) && error.message).toContain("U+0000");
  });

  it("refuses a member's `alert add` before reading the rule: the refusal, not the rule's mistakes, is the answer", async () => {
    const engine = engineOver({}, { store });
    const junk = `alert add nosuchmetric over ${"last-7-days ".repeat(150)}`;
    expect(asError(await answer(junk, engine, member)).message).toBe(NOT_ADMIN_MESSAGE);
    expect(asError(await answer("digest add sometimes", engine, member)).message).toBe(NOT_ADMIN_MESSAGE);
    // An admin gets the rule's own mistake.
    expect(asError(await answer(junk, engine, admin)).message).toContain("`nosuchmetric` is not a metric");
    // Anyone may still list.
    expect((await answer("digest list", engine, member)).kind).toBe("manage");
    expect((await answer("alerts", engine, member)).kind).toBe("manage");
  });
});
