import type { DefaultSession } from "next-auth";

// Sessions carry our user id (the JWT's subject); role and account are read fresh per request.
declare module "next-auth" {
  interface Session {
    user?: DefaultSession["user"] & { id?: string };
  }
}
