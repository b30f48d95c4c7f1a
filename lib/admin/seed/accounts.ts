import type pg from "pg";
import { PLANS } from "@/lib/plans/plans";

/**
 * Synthetic customers for load tests and demos, all in a few set-based statements: accounts with
 * an owner each, 1–3 keys, Stripe-like subscriptions for the paid plans (mostly active, some past
 * due or cancelled) with one paid invoice per month since they started, and Enterprise contracts.
 * Every id starts with the run's tag so runs never collide.
 */
export async function seedAccounts(
  client: pg.PoolClient,
  tag: string,
  accounts: number,
): Promise<void> {
  // Plan by position: 60% Free, 25% Starter, 12% Pro, 3% Enterprise.
  await client.query(
    `INSERT INTO accounts (id, name, plan, status, custom_price_paisa, limit_rpm, limit_tpd, created_at, updated_at)
     SELECT $1 || '-a' || i,
            (ARRAY['Karachi','Lahore','Islamabad','Peshawar','Quetta','Multan','Sialkot'])[1 + i % 7] || ' ' ||
            (ARRAY['Labs','Analytics','AI','Systems','Media','Health','Fintech','Logistics'])[1 + i % 8] || ' ' || i,
            CASE WHEN i % 100 < 60 THEN 'free' WHEN i % 100 < 85 THEN 'starter'
                 WHEN i % 100 < 97 THEN 'pro' ELSE 'enterprise' END,
            CASE WHEN i % 151 = 0 THEN 'suspended' ELSE 'active' END::"AccountStatus",
            CASE WHEN i % 100 >= 97 THEN 10000000 + (i % 5) * 5000000 END,
            CASE WHEN i % 100 >= 97 AND i % 2 = 0 THEN 1000 END,
            CASE WHEN i % 100 >= 97 AND i % 2 = 0 THEN 50000000 END,
            now() - (i % 365) * interval '1 day', now()
       FROM generate_series(1, $2::int) AS i`,
    [tag, accounts],
  );
  await client.query(
    `WITH users AS (
       INSERT INTO users (id, email, name, role, created_at, updated_at)
       SELECT $1 || '-u' || i, $1 || '-' || i || '@example.test', 'Seed user ' || i, 'customer',
              now() - (i % 365) * interval '1 day', now()
         FROM generate_series(1, $2::int) AS i
       RETURNING id)
     INSERT INTO memberships (user_id, account_id, role, created_at)
     SELECT id, replace(id, $1 || '-u', $1 || '-a'), 'owner', now() FROM users`,
    [tag, accounts],
  );
  await client.query(
    `INSERT INTO api_keys (id, account_id, label, hash, prefix, last4, created_at, updated_at, revoked_at)
     SELECT $1 || '-k' || i || '-' || k, $1 || '-a' || i, 'Key ' || k,
            md5($1 || i || '-' || k) || md5('seed' || $1 || i || '-' || k), 'sk-',
            substr(md5($1 || i || '-' || k), 1, 4), now() - (i % 365) * interval '1 day', now(),
            CASE WHEN k = 2 AND i % 4 = 0 THEN now() - interval '3 days' END
       FROM generate_series(1, $2::int) AS i, generate_series(0, i % 3) AS k`,
    [tag, accounts],
  );
  await seedSubscriptions(client, tag, accounts);
}

async function seedSubscriptions(
  client: pg.PoolClient,
  tag: string,
  accounts: number,
): Promise<void> {
  // Started 0–12 months (and a few days) ago; every 17th cancelled 10 days ago, every 23rd past due.
  await client.query(
    `INSERT INTO subscriptions (id, account_id, customer_id, status, plan, price_id, amount_paisa,
                                current_period_start, current_period_end, canceled_at, created_at, updated_at)
     SELECT 'sub_' || $1 || '_' || i, $1 || '-a' || i, 'cus_' || $1 || '_' || i,
            CASE WHEN i % 17 = 0 THEN 'canceled' WHEN i % 23 = 0 THEN 'past_due' ELSE 'active' END,
            plan, 'price_' || plan, CASE WHEN plan = 'starter' THEN $3::int ELSE $4::int END,
            now() - (i % 28) * interval '1 day', now() - (i % 28) * interval '1 day' + interval '1 month',
            CASE WHEN i % 17 = 0 THEN now() - interval '10 days' END,
            now() - (i % 13) * interval '1 month' - (i % 20) * interval '1 day', now()
       FROM (SELECT i, CASE WHEN i % 100 < 85 THEN 'starter' ELSE 'pro' END AS plan
               FROM generate_series(1, $2::int) AS i WHERE i % 100 >= 60 AND i % 100 < 97) AS paid`,
    [tag, accounts, PLANS.starter.monthlyPricePaisa, PLANS.pro.monthlyPricePaisa],
  );
  await client.query(
    `INSERT INTO invoices (id, account_id, subscription_id, number, status, amount_due, amount_paid,
                           period_start, period_end, paid_at, created_at)
     SELECT 'in_' || s.id || '_' || m, s.account_id, s.id, upper(s.id) || '-' || m, 'paid',
            s.amount_paisa, s.amount_paisa, s.created_at + m * interval '1 month',
            s.created_at + (m + 1) * interval '1 month', s.created_at + m * interval '1 month',
            s.created_at + m * interval '1 month'
       FROM subscriptions s,
            generate_series(0, 12) AS m
      WHERE s.id LIKE 'sub\\_' || $1 || '\\_%'
        AND s.created_at + m * interval '1 month' <= COALESCE(s.canceled_at, now())`,
    [tag],
  );
}
