import { createGenerator } from "ts-json-schema-generator";
const t0 = Date.now();
const gen = createGenerator({
  path: "node_modules/stripe/esm/resources/Checkout/Sessions.d.ts",
  type: "Session",
  skipTypeCheck: true,
  expose: "none",
  topRef: true,
  jsDoc: "none",
});
const s = gen.createSchema("Session");
console.log(Date.now() - t0, "ms", JSON.stringify(s).length, Object.keys(s.definitions).length);
