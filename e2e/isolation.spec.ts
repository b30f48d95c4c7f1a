import { expect, test } from "@playwright/test";
import { chat, createKey, eventually, signUp, uniqueEmail } from "./support/portal";

// Every portal query is scoped to the signed-in account: ids of another account → 404.
test("a second user cannot reach the first user's keys or usage by URL or by API", async ({
  browser,
  request,
}) => {
  const a = await browser.newPage();
  await signUp(a, uniqueEmail("alice"));
  const alice = await createKey(a, "alice-key");
  const call = await chat(request, alice.key);
  expect(call.status).toBe(200);
  await eventually(a, `/dashboard/keys/${alice.id}`, async () => {
    await expect(a.locator(`[data-request-id="${call.requestId}"]`)).toBeVisible({
      timeout: 1_000,
    });
  });

  const b = await browser.newPage();
  await signUp(b, uniqueEmail("bob"));

  // By URL: Alice's key page is a 404 for Bob.
  const keyPage = await b.goto(`/dashboard/keys/${alice.id}`);
  expect(keyPage?.status()).toBe(404);
  await expect(b.getByTestId("not-found")).toBeVisible();
  await expect(b.getByText("alice-key")).toHaveCount(0);

  // Bob's own pages show none of Alice's keys or requests.
  await b.goto("/dashboard/keys");
  await expect(b.getByText("alice-key")).toHaveCount(0);
  await b.goto("/dashboard/usage");
  await expect(b.getByTestId("empty-state")).toBeVisible();
  await expect(b.locator(`[data-request-id="${call.requestId}"]`)).toHaveCount(0);

  // By API: the CSV export refuses Alice's key id, and Bob's month has none of her requests.
  const foreign = await b.request.get(`/api/dashboard/usage/export?key=${alice.id}`);
  expect(foreign.status()).toBe(404);
  const own = await b.request.get("/api/dashboard/usage/export");
  expect(own.status()).toBe(200);
  expect(await own.text()).not.toContain(call.requestId);

  // The admin key API is not for customers, and Alice's key survives Bob's attempt.
  const revoke = await b.request.delete(`/api/admin/keys/${alice.id}`);
  expect([401, 403, 404]).toContain(revoke.status());
  expect((await chat(request, alice.key)).status).toBe(200);

  // Bob's own key sees only Bob's account through the gateway's usage API.
  const bob = await createKey(b, "bob-key");
  const usage = await request.get("/api/v1/usage", {
    headers: { Authorization: `Bearer ${bob.key}` },
  });
  expect(usage.status()).toBe(200);
  expect((await usage.json()).total_requests).toBe(0);

  // Cross-site and signed-out requests to the session API are refused.
  const crossSite = await b.request.get("/api/dashboard/usage/export", {
    headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
  });
  expect(crossSite.status()).toBe(403);
  expect((await request.get("/api/dashboard/usage/export")).status()).toBe(401);

  await a.close();
  await b.close();
});
