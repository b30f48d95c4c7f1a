import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createUserWithAccount } from "@/lib/accounts/create-user";
import { RESET_THROTTLE } from "@/lib/auth/reset-throttle";
import { recentOutbox } from "@/lib/mail/outbox";
import { setUpTestServices, type TestServices } from "@/lib/services/test-support";

// The request the action runs in (outside Next there is none), and Next's after(): the work it
// defers is collected here and awaited by the test, as Next awaits it after the response.
const request = vi.hoisted(() => ({ ip: "", deferred: [] as Promise<unknown>[] }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": request.ip, host: "app.test" }),
}));
vi.mock("next/server", () => ({
  after: (task: () => Promise<unknown>) => request.deferred.push(task()),
}));

const { requestReset } = await import("./actions");

let testServices: TestServices;
beforeAll(async () => {
  testServices = await setUpTestServices();
});
afterAll(() => testServices?.teardown());

async function ask(email: string, ip: string) {
  request.ip = ip;
  const form = new FormData();
  form.set("email", email);
  const state = await requestReset({ errors: {} }, form);
  await Promise.all(request.deferred.splice(0));
  return state;
}

describe("forgot password", () => {
  it("answers the same for an address with an account and one without; mails only the first", async () => {
    const tag = randomUUID().slice(0, 8);
    const created = await createUserWithAccount({ email: `known-${tag}@example.com` });
    if (!created) throw new Error("taken");
    const known = await ask(`known-${tag}@example.com`, `198.18.1.${tag.charCodeAt(0)}`);
    const unknown = await ask(`unknown-${tag}@example.com`, `198.18.2.${tag.charCodeAt(0)}`);
    expect(known).toEqual({ errors: {}, sent: true });
    expect(unknown).toEqual(known);
    const mails = await recentOutbox(50);
    expect(mails.filter((m) => m.to === `known-${tag}@example.com`)).toHaveLength(1);
    expect(mails.some((m) => m.to === `unknown-${tag}@example.com`)).toBe(false);
    expect(mails.find((m) => m.to === `known-${tag}@example.com`)?.text).toContain(
      "http://app.test/reset-password?token=",
    );
  });

  it("refuses a malformed address with a field error, and a burst past the limit with a wait", async () => {
    expect(await ask("not an email", "198.18.3.1")).toEqual({
      errors: { email: "Enter a valid email address" },
    });
    const tag = randomUUID().slice(0, 8);
    const states = await Promise.all(
      Array.from({ length: 6 }, () =>
        ask(`burst-${tag}@example.com`, `198.18.4.${tag.charCodeAt(1)}`),
      ),
    );
    expect(states.filter((s) => s.sent)).toHaveLength(RESET_THROTTLE.perEmail);
    expect(states.filter((s) => s.errors.form?.startsWith("Too many requests"))).toHaveLength(
      6 - RESET_THROTTLE.perEmail,
    );
  });
});
