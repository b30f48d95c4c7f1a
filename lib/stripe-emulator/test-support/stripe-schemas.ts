import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * JSON schemas of Stripe's objects, derived from the pinned stripe-node's TypeScript types (which
 * Stripe generates from its OpenAPI spec for the pinned API version): a non-optional field is one
 * the spec lists as required, `| null` is the spec's `nullable`, and a literal union is its enum.
 * The npm registry carries no copy of the spec itself, so the types are the published source.
 */
export type JsonSchema = Record<string, unknown>;

const ENTRY = path.join(process.cwd(), "lib/stripe-emulator/test-support/__stripe_types__.ts");

/** Names the emulator's answers are checked against: a root name → a type of the pinned SDK. */
const ROOTS = {
  Customer: "Stripe.Customer",
  DeletedCustomer: "Stripe.DeletedCustomer",
  Product: "Stripe.Product",
  Price: "Stripe.Price",
  CheckoutSession: "Stripe.Checkout.Session",
  PortalConfiguration: "Stripe.BillingPortal.Configuration",
  PortalSession: "Stripe.BillingPortal.Session",
  Subscription: "Stripe.Subscription",
  Invoice: "Stripe.Invoice",
  InvoiceLineItem: "Stripe.InvoiceLineItem",
  PaymentIntent: "Stripe.PaymentIntent",
  Charge: "Stripe.Charge",
  PaymentMethod: "Stripe.PaymentMethod",
  Refund: "Stripe.Refund",
  Meter: "Stripe.Billing.Meter",
  MeterEvent: "Stripe.Billing.MeterEvent",
  MeterEventSummary: "Stripe.Billing.MeterEventSummary",
  Event: "Stripe.Event",
} as const;

export type RootName = keyof typeof ROOTS;

export interface StripeSchemas {
  /** A schema document: `definitions` holds every object type reachable from the roots used. */
  document: { $id: string; definitions: Record<string, JsonSchema> };
  /** A `$ref` into `document` for a root (for `Event`, the member whose `type` is `eventType`). */
  ref(root: RootName, eventType?: string): JsonSchema;
  /** The pinned stripe-node's version, to name in test titles and messages. */
  stripeNodeVersion: string;
}

export function loadStripeSchemas(): StripeSchemas {
  const stripeNodeVersion = readFileSync(
    path.join(process.cwd(), "node_modules/stripe/VERSION"),
    "utf8",
  ).trim();
  const source = [
    'import type Stripe from "stripe";',
    "export interface Roots {",
    ...Object.entries(ROOTS).map(([name, type]) => `  ${name}: ${type};`),
    "}",
  ].join("\n");
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, onError, create) =>
    path.resolve(fileName) === ENTRY
      ? ts.createSourceFile(fileName, source, language)
      : readFile(fileName, language, onError, create);
  host.fileExists = (
    (exists) => (fileName: string) =>
      path.resolve(fileName) === ENTRY || exists(fileName)
  )(host.fileExists.bind(host));
  const program = ts.createProgram([ENTRY], options, host);
  const checker = program.getTypeChecker();
  const entry = program.getSourceFile(ENTRY);
  const roots = entry?.statements.find(ts.isInterfaceDeclaration);
  if (!roots) throw new Error("stripe types: entry did not compile");
  const rootType = checker.getTypeAtLocation(roots);

  const definitions: Record<string, JsonSchema> = {};
  const names = new Map<ts.Type, string>();
  const document = { $id: "stripe-node-types", definitions };

  function nameOf(type: ts.Type): string {
    const known = names.get(type);
    if (known) return known;
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const base = (symbol ? checker.getFullyQualifiedName(symbol) : "Anonymous")
      .replace(/^".*"\./, "")
      .replace(/[^A-Za-z0-9_.]/g, "_");
    let name = base;
    for (let n = 2; name in definitions; n++) name = `${base}_${n}`;
    names.set(type, name);
    definitions[name] = {};
    definitions[name] = objectSchema(type);
    return name;
  }

  function objectSchema(type: ts.Type): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const property of checker.getPropertiesOfType(type)) {
      if (property.flags & ts.SymbolFlags.Method) continue;
      // An optional property's type includes `undefined`; unionSchema drops it.
      properties[property.name] = schemaOf(checker.getTypeOfSymbol(property));
      if (!(property.flags & ts.SymbolFlags.Optional)) required.push(property.name);
    }
    const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    return {
      type: "object",
      properties,
      required,
      additionalProperties: index ? schemaOf(index.type) : false,
    };
  }

  function schemaOf(type: ts.Type): JsonSchema {
    const flags = type.flags;
    if (flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return { not: {} };
    if (flags & ts.TypeFlags.Null) return { type: "null" };
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return {};
    if (flags & ts.TypeFlags.StringLiteral) return { const: (type as ts.StringLiteralType).value };
    if (flags & ts.TypeFlags.NumberLiteral) return { const: (type as ts.NumberLiteralType).value };
    if (flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return { type: "boolean" };
    if (flags & ts.TypeFlags.String) return { type: "string" };
    if (flags & ts.TypeFlags.Number) return { type: "number" };
    if (type.isUnion()) return unionSchema(type.types);
    if (isDecimal(type)) return { type: "string" };
    if (checker.isArrayType(type)) {
      const [item] = checker.getTypeArguments(type as ts.TypeReference);
      return { type: "array", items: item ? schemaOf(item) : {} };
    }
    if (flags & ts.TypeFlags.Object || type.isIntersection()) {
      return { $ref: `${document.$id}#/definitions/${nameOf(type)}` };
    }
    throw new Error(`stripe types: no schema for ${checker.typeToString(type)}`);
  }

  function unionSchema(members: ts.Type[]): JsonSchema {
    const present = members.filter(
      (member) => !(member.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)),
    );
    const literals = present.filter((member) => member.flags & ts.TypeFlags.StringLiteral);
    const others = present.filter((member) => !(member.flags & ts.TypeFlags.StringLiteral));
    const schemas: JsonSchema[] = [];
    if (literals.length > 0) {
      schemas.push({ enum: literals.map((member) => (member as ts.StringLiteralType).value) });
    }
    let sawBoolean = false;
    for (const member of others) {
      if (member.flags & ts.TypeFlags.BooleanLiteral) {
        if (sawBoolean) continue;
        sawBoolean = true;
      }
      schemas.push(schemaOf(member));
    }
    if (schemas.length === 0) return { not: {} };
    return schemas.length === 1 ? (schemas[0] as JsonSchema) : { anyOf: schemas };
  }

  function isDecimal(type: ts.Type): boolean {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    return symbol?.getName() === "Decimal";
  }

  const eventMembers = new Map<string, ts.Type>();
  function rootTypeOf(root: RootName): ts.Type {
    const property = rootType.getProperty(root);
    if (!property) throw new Error(`stripe types: no root ${root}`);
    return checker.getTypeOfSymbol(property);
  }

  return {
    document,
    stripeNodeVersion,
    ref(root, eventType) {
      let type = rootTypeOf(root);
      if (root === "Event") {
        if (eventMembers.size === 0 && type.isUnion()) {
          for (const member of type.types) {
            const discriminant = member.getProperty("type");
            const literal = discriminant && checker.getTypeOfSymbol(discriminant);
            if (literal?.isStringLiteral()) eventMembers.set(literal.value, member);
          }
        }
        const member = eventType && eventMembers.get(eventType);
        if (!member) throw new Error(`stripe types: no event type ${eventType}`);
        type = member;
      }
      return schemaOf(type);
    },
  };
}
