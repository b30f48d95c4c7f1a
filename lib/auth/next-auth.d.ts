import type { DefaultSession } from "next-auth";

// Sessions carry our user id (the JWT's subject) and the session version they were issued under;
// role and account are read fresh per request.
declare module "next-auth" {
  interface Session {
    user?: DefaultSession["user"] & { id?: string; sv?: number };
  }
  interface User {
    sessionVersion?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    sv?: number;
  }
}
