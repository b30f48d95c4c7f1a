import type Stripe from "stripe";

/** Decimal fields travel as strings on the wire; the SDK's type is a branded class. */
type Wire<V> = V extends Stripe.Decimal ? string : V;

/** An object `T` as the emulator sends it: every field Stripe always sends must be filled. */
export type Sent<T> = { [K in keyof T as K extends "deleted" ? never : K]: Wire<T[K]> };
