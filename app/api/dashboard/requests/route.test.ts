import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createUserWithAccount } from "@/lib/accounts/create-user";
import type { CurrentUser } from "@/lib/auth/current-user";
import { encodeCursor } from "@/lib/portal/request-log-query";
import { pool } from "@/lib/services";
import { setUpTestServices, type TestServices } from "@/lib/services/test-support";
import { GET } from "./route";

// The session is the one thing faked (next-auth is not running).
const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/current-user", () => ({ getCurrentUser: async () => session.user }));

interface Row {
  id: string;
  status: number;
  model: string;
  endpoint: string;
  keyId: string;
  createdAt: string;
}

let testServices: TestServices;
let mine: CurrentUser;
let theirs: CurrentUser;
const DAY = 24 * 60 * 60 * 1000;
// One instant shared by many rows: pages must break the tie by id, newest id first.
const TIE = new Date(Date.now() - 2 * DAY);

function userOf(account: { id: string }, user: { id: string; email: string }): CurrentUser {
  return {
    id: user.id,
    email: user.email,
    name: null,
    role: "customer",
    accountId: account.id,
    teamRole: "owner",
    accounts: [],
    emailVerified: true,
  };
}

async function insertEvents(
  accountId: string,
  rows: Omit<Row, "createdAt">[],
  at: (i: number) => Date,
) {
  await pool().query(
    `INSERT INTO usage_events (id, account_id, key_id, endpoint, model, status, tokens_in,
       tokens_out, latency_ms, cost_paisa, cost_micros, billed, created_at)
     SELECT id, $1, key_id, endpoint, model, status, 10, 20, 42, 1, 1234, status < 300, created_at
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::timestamptz[])
         AS t(id, key_id, endpoint, model, status, created_at)`,
    [
      accountId,
      rows.map((r) => r.id),
      rows.map((r) => r.keyId),
      rows.map((r) => r.endpoint),
      rows.map((r) => r.model),
      rows.map((r) => r.status),
      rows.map((_, i) => at(i)),
    ],
  );
}

async function get(query: string, as: CurrentUser | null = mine) {
  session.user = as;
  const response = await GET(new Request(`http://localhost/api/dashboard/requests${query}`));
  return { status: response.status, body: await response.json() };
}

/** Every page, following next_cursor, with `size` rows a page. */
async function allPages(query: string, size: number): Promise<Row[]> {
  const seen: Row[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const sep = query ? "&" : "?";
    const { status, body } = await get(
      `${query}${sep}limit=${size}${cursor ? `&cursor=${cursor}` : ""}`,
    );
    expect(status).toBe(200);
    seen.push(...body.data);
    cursor = body.next_cursor;
    if (!cursor) return seen;
  }
  throw new Error("pages never ended");
}

const MODELS = ["demo-chat", "demo-image", "demo-tts"];
const ENDPOINTS = ["chat.completions", "images.generations", "audio.speech"];
const STATUSES = [200, 200, 200, 429, 502, 404];

beforeAll(async () => {
  testServices = await setUpTestServices({ env: { DARWAZA_TIMEZONE: "Asia/Karachi" } });
  const a = await createUserWithAccount({ email: "log-mine@example.com" });
  const b = await createUserWithAccount({ email: "log-theirs@example.com" });
  if (!a || !b) throw new Error("setup");
  mine = userOf(a.account, a.user);
  theirs = userOf(b.account, b.user);
  await pool().query(
    `INSERT INTO api_keys (id, account_id, label, hash, prefix, last4, updated_at)
     VALUES ('key_m1', $1, 'Mine one', 'h1', 'sk-', 'aaaa', now()),
            ('key_m2', $1, 'Mine two', 'h2', 'sk-', 'bbbb', now()),
            ('key_t1', $2, 'Theirs', 'h3', 'sk-', 'cccc', now())`,
    [mine.accountId, theirs.accountId],
  );
  // 90 of mine at one instant (ids in no particular order), 60 spread over 29 days, and old ones.
  const tied = Array.from({ length: 90 }, (_, i) => ({
    id: `req_tie_${((i * 37) % 90).toString().padStart(3, "0")}`,
    status: STATUSES[i % STATUSES.length],
    model: MODELS[i % 3],
    endpoint: ENDPOINTS[i % 3],
    keyId: i % 2 ? "key_m1" : "key_m2",
  }));
  await insertEvents(mine.accountId, tied, () => TIE);
  const spread = Array.from({ length: 60 }, (_, i) => ({
    id: `req_spread_${i}`,
    status: STATUSES[(i + 1) % STATUSES.length],
    model: MODELS[(i + 1) % 3],
    endpoint: ENDPOINTS[(i + 1) % 3],
    keyId: i % 3 ? "key_m1" : "key_m2",
  }));
  await insertEvents(mine.accountId, spread, (i) => new Date(Date.now() - (i / 60) * 29 * DAY));
  // Outside the 30-day window: never shown.
  await insertEvents(
    mine.accountId,
    [
      {
        id: "req_old",
        status: 200,
        model: "demo-chat",
        endpoint: "chat.completions",
        keyId: "key_m1",
      },
    ],
    () => new Date(Date.now() - 31 * DAY),
  );
  // Another account's calls, at the same instants, with the same models and statuses.
  const others = Array.from({ length: 40 }, (_, i) => ({
    id: `req_theirs_${i}`,
    status: STATUSES[i % STATUSES.length],
    model: MODELS[i % 3],
    endpoint: ENDPOINTS[i % 3],
    keyId: "key_t1",
  }));
  await insertEvents(theirs.accountId, others, (i) =>
    i % 2 ? TIE : new Date(Date.now() - i * 1000),
  );
});

afterAll(() => testServices?.teardown());

/** Mine in the window, in the log's order: created_at desc, then id desc. */
async function expected(where = "TRUE", params: unknown[] = []): Promise<string[]> {
  const { rows } = await pool().query<{ id: string }>(
    `SELECT id FROM usage_events
      WHERE account_id = $1 AND created_at >= now() - interval '30 days' AND ${where}
      ORDER BY created_at DESC, id DESC`,
    [mine.accountId, ...params],
  );
  return rows.map((row) => row.id);
}

describe("GET /api/dashboard/requests", () => {
  it("answers 401 signed out", async () => {
    const { status, body } = await get("", null);
    expect(status).toBe(401);
    expect(body.error.code).toBe("unauthenticated");
  });

  it("pages through every call of the window once, ties broken by id, across page sizes", async () => {
    const all = await expected();
    expect(all).toHaveLength(150);
    for (const size of [1, 7, 50, 100]) {
      const ids = (await allPages("", size)).map((row) => row.id);
      expect(ids, `page size ${size}`).toEqual(all);
    }
    // The 90 tied rows come out in descending id order, uninterrupted.
    const ids = (await allPages("", 13)).map((row) => row.id);
    const tied = ids.filter((id) => id.startsWith("req_tie_"));
    expect(tied).toEqual([...tied].sort().reverse());
  });

  it("never shows a call older than 30 days", async () => {
    const ids = (await allPages("", 100)).map((row) => row.id);
    expect(ids).not.toContain("req_old");
    expect(ids).toContain("req_spread_59"); // 29 days ago
  });

  it("never shows another account's calls, whatever the filter or cursor", async () => {
    for (const query of ["", "?status=5xx", "?model=demo-chat", "?endpoint=audio.speech"]) {
      const rows = await allPages(query, 25);
      expect(rows.length).toBeGreaterThan(0);
      expect(
        rows.every((row) => !row.id.startsWith("req_theirs_")),
        query,
      ).toBe(true);
    }
    // Their key is "no such key" to me, and their own log holds only theirs.
    expect((await get("?key=key_t1")).status).toBe(404);
    const theirRows = (await get("?limit=100", theirs)).body.data as Row[];
    expect(theirRows).toHaveLength(40);
    expect(theirRows.every((row) => row.id.startsWith("req_theirs_"))).toBe(true);
    // A cursor made at their row still pages my rows only.
    const cursor = encodeCursor({ at: TIE, id: "req_theirs_1" });
    const after = (await get(`?cursor=${cursor}&limit=100`)).body.data as Row[];
    expect(after.every((row) => !row.id.startsWith("req_theirs_"))).toBe(true);
  });

  it("filters by key, status class, exact status, model and endpoint, alone and together", async () => {
    const cases: [string, string, unknown[]][] = [
      ["?key=key_m1", "key_id = $2", ["key_m1"]],
      ["?status=2xx", "status BETWEEN 200 AND 299", []],
      ["?status=4xx", "status BETWEEN 400 AND 499", []],
      ["?status=5xx", "status BETWEEN 500 AND 599", []],
      ["?status=429", "status = 429", []],
      ["?model=demo-image", "model = $2", ["demo-image"]],
      ["?endpoint=audio.speech", "endpoint = $2", ["audio.speech"]],
      [
        "?key=key_m2&status=2xx&model=demo-chat&endpoint=chat.completions",
        "key_id = $2 AND status BETWEEN 200 AND 299 AND model = $3 AND endpoint = $4",
        ["key_m2", "demo-chat", "chat.completions"],
      ],
      ["?status=503", "status = 503", []],
    ];
    for (const [query, where, params] of cases) {
      const want = await expected(where, params);
      const got = (await allPages(query, 9)).map((row) => row.id);
      expect(got, query).toEqual(want);
    }
    // Each row carries what the log shows.
    const [row] = (await get("?status=2xx&limit=1")).body.data;
    expect(row).toMatchObject({
      status: 200,
      latencyMs: 42,
      tokensIn: 10,
      tokensOut: 20,
      costMicros: "1234",
      cost: "Rs 0.001234",
      billed: true,
    });
    expect(row.keyName).toMatch(/^Mine (one|two) \(sk-…(aaaa|bbbb)\)$/);
    expect(row.time).toMatch(/^\d{1,2} \w{3} \d{4}, \d\d:\d\d:\d\d$/);
  });

  it("shows times in Asia/Karachi", async () => {
    const [row] = (await get("?limit=1")).body.data;
    const karachi = new Date(new Date(row.createdAt).getTime() + 5 * 60 * 60 * 1000);
    const hhmm = karachi.toISOString().slice(11, 16);
    expect(row.time).toContain(hhmm);
  });

  it("refuses bad filters with a 400 naming the parameter", async () => {
    for (const [query, param] of [
      ["?status=6xx", "status"],
      ["?status=abc", "status"],
      ["?status=20", "status"],
      ["?model=demo%20chat", "model"],
      [`?endpoint=${"x".repeat(201)}`, "endpoint"],
      ["?key=a;drop", "key"],
      ["?cursor=not-a-cursor!", "cursor"],
      [`?cursor=${Buffer.from("soon:req_1").toString("base64url")}`, "cursor"],
      ["?limit=0", "limit"],
      ["?limit=101", "limit"],
      ["?limit=ten", "limit"],
    ] as const) {
      const { status, body } = await get(query);
      expect(status, query).toBe(400);
      expect(body.error.code, query).toBe("invalid_filter");
      expect(body.error.param, query).toBe(param);
    }
  });
});
