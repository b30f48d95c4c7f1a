import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserWithAccount } from "@/lib/accounts/create-user";
import { db } from "@/lib/services";
import { setUpTestServices, type TestServices } from "@/lib/services/test-support";
import { activeKeysOf, createApiKey, MAX_ACTIVE_KEYS, TooManyKeysError } from "./create";
import { revokeApiKey } from "./revoke";

describe("the active-key cap", () => {
  let testServices: TestServices;
  beforeAll(async () => {
    testServices = await setUpTestServices({
      env: { DARWAZA_SECRET: "a-test-secret-that-is-long-enough-0123456789" },
    });
  });
  afterAll(() => testServices?.teardown());

  it("70 parallel creates for one account make exactly 50 active keys; the rest are refused", async () => {
    const { account } = (await createUserWithAccount({ email: "many@example.com" }))!;
    const results = await Promise.allSettled(
      Array.from({ length: 70 }, (_, i) => createApiKey({ accountId: account.id, label: `k${i}` })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(MAX_ACTIVE_KEYS);
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(refused).toHaveLength(20);
    for (const reason of refused) expect(reason).toBeInstanceOf(TooManyKeysError);
    expect(await db().apiKey.count({ where: activeKeysOf(account.id) })).toBe(MAX_ACTIVE_KEYS);
  });

  it("revoked and expired keys free their place", async () => {
    const { account } = (await createUserWithAccount({ email: "full@example.com" }))!;
    const keys = [];
    for (let i = 0; i < MAX_ACTIVE_KEYS; i++)
      keys.push(await createApiKey({ accountId: account.id, label: `k${i}` }));
    await expect(createApiKey({ accountId: account.id, label: "one more" })).rejects.toThrow(
      TooManyKeysError,
    );
    await revokeApiKey({ id: keys[0].id, accountId: account.id });
    await db().apiKey.update({
      where: { id: keys[1].id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await createApiKey({ accountId: account.id, label: "in place of the revoked" });
    await createApiKey({ accountId: account.id, label: "in place of the expired" });
    await expect(createApiKey({ accountId: account.id, label: "over" })).rejects.toThrow(
      TooManyKeysError,
    );
  });
});
