import { describe, expect, it } from "vitest";
import { checkUpstreamUrl, isPrivateAddress } from "./url-policy";

const resolveTo = (addresses: string[]) => async () => addresses;

describe("upstream URL policy", () => {
  it("refuses the metadata service and loopback unless the host is allowed", async () => {
    for (const url of ["http://169.254.169.254/latest", "http://127.0.0.1:11434/v1"]) {
      expect(await checkUpstreamUrl(url, false)).toMatchObject({ ok: false });
      expect(await checkUpstreamUrl(url, true)).toMatchObject({ ok: true });
    }
  });

  it("refuses private, link-local and unique-local ranges, IPv4-mapped forms too", () => {
    for (const address of [
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
      "::ffff:169.254.169.254",
    ])
      expect(isPrivateAddress(address), address).toBe(true);
    for (const address of ["8.8.8.8", "1.1.1.1", "2606:4700::1111"])
      expect(isPrivateAddress(address), address).toBe(false);
  });

  it("resolves names: every address must be public", async () => {
    expect(
      await checkUpstreamUrl("https://api.example.com/v1", false, resolveTo(["93.184.216.34"])),
    ).toMatchObject({ ok: true });
    expect(
      await checkUpstreamUrl(
        "https://sneaky.example.com/v1",
        false,
        resolveTo(["93.184.216.34", "10.0.0.5"]),
      ),
    ).toMatchObject({ ok: false });
    expect(await checkUpstreamUrl("http://localhost:8000/v1", false)).toMatchObject({ ok: false });
    expect(await checkUpstreamUrl("http://[::1]:8000/v1", false)).toMatchObject({ ok: false });
  });

  it("accepts only http(s) and no credentials in the URL", async () => {
    expect(await checkUpstreamUrl("file:///etc/passwd", true)).toMatchObject({ ok: false });
    expect(await checkUpstreamUrl("ftp://example.com", true)).toMatchObject({ ok: false });
    expect(await checkUpstreamUrl("https://user:pw@example.com", true)).toMatchObject({
      ok: false,
    });
    expect(await checkUpstreamUrl("not a url", true)).toMatchObject({ ok: false });
  });
});
