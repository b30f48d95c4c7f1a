import { type PaisaPrice, type PriceRates, type PriceVersion, ratesFromPaisa } from "./rates";

/**
 * The price book as the gateway holds it in memory: each model's versions, newest first. Replaced
 * as a whole when the poller sees a change, so a lookup never waits on the database.
 */
export class PriceBook {
  private byModel: ReadonlyMap<string, readonly PriceVersion[]> = new Map();
  /** Configuration prices as rates, made once per price object (they are replaced, not edited). */
  private readonly fromConfig = new WeakMap<PaisaPrice, PriceRates>();

  constructor(versions: readonly PriceVersion[] = []) {
    this.replace(versions);
  }

  /** Take a fresh read of every version (any order). */
  replace(versions: readonly PriceVersion[]): void {
    const byModel = new Map<string, PriceVersion[]>();
    for (const version of versions) {
      const list = byModel.get(version.model);
      if (list) list.push(version);
      else byModel.set(version.model, [version]);
    }
    for (const list of byModel.values()) list.sort((a, b) => b.effectiveFrom - a.effectiveFrom);
    this.byModel = byModel;
  }

  /** The version of `model` in force at `at` (Unix ms), or null when the book has none yet. */
  at(model: string, at: number): PriceVersion | null {
    const versions = this.byModel.get(model);
    if (!versions) return null;
    for (const version of versions) if (version.effectiveFrom <= at) return version;
    return null;
  }

  /**
   * The sell rates in force for a call: the book's version, else the model's configured price (a
   * model the book has not seeded yet: a console upstream, a custom endpoint, a first start).
   */
  rates(model: string, at: number, configured: PaisaPrice | undefined): PriceRates | null {
    const version = this.at(model, at);
    if (version) return version.sell;
    if (!configured) return null;
    let rates = this.fromConfig.get(configured);
    if (!rates) {
      rates = ratesFromPaisa(configured);
      this.fromConfig.set(configured, rates);
    }
    return rates;
  }

  /** Every model with at least one version, and its versions newest first. */
  models(): ReadonlyMap<string, readonly PriceVersion[]> {
    return this.byModel;
  }
}
