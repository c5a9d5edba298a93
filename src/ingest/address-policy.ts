import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

/** Why an address may or may not be fetched; only "public" is fetchable from links strangers send. */
export type AddressClass =
  | "public"
  | "private"
  | "loopback"
  | "link-local"
  | "carrier-grade-nat"
  | "unique-local"
  | "ipv4-mapped"
  | "multicast"
  | "unspecified"
  | "cloud-metadata"
  | "reserved"
  | "invalid";

/**
 * Metadata and control-plane endpoints that a VM can reach. Most sit in ranges refused anyway; Azure's
 * wire server (168.63.129.16) is ordinary public unicast, so it has to be named.
 */
const CLOUD_METADATA_ADDRESSES = new Set([
  "169.254.169.254", // AWS, GCP, Azure IMDS, OpenStack, DigitalOcean…
  "169.254.170.2", // AWS ECS task metadata
  "168.63.129.16", // Azure wire server
  "100.100.100.200", // Alibaba Cloud
  "192.0.0.192", // Oracle Cloud
  "fd00:ec2::254", // AWS IMDS over IPv6
]);

const IPV4_CLASSES: Partial<Record<string, AddressClass>> = {
  unicast: "public",
  private: "private",
  loopback: "loopback",
  linkLocal: "link-local",
  carrierGradeNat: "carrier-grade-nat",
  multicast: "multicast",
  broadcast: "reserved",
  unspecified: "unspecified",
};

const IPV6_CLASSES: Partial<Record<string, AddressClass>> = {
  unicast: "public",
  loopback: "loopback",
  linkLocal: "link-local",
  deprecatedSiteLocal: "link-local",
  uniqueLocal: "unique-local",
  ipv4Mapped: "ipv4-mapped",
  rfc6145: "ipv4-mapped",
  multicast: "multicast",
  unspecified: "unspecified",
};

// Only global unicast (2000::/3) is routed on the internet; ipaddr.js calls anything it has no name
// for "unicast", including the deprecated IPv4-compatible ::a.b.c.d form.
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR("2000::/3");
const WELL_KNOWN_NAT64 = ipaddr.IPv6.parseCIDR("64:ff9b::/96");

function classifyIPv4(address: ipaddr.IPv4): AddressClass {
  if (CLOUD_METADATA_ADDRESSES.has(address.toString())) return "cloud-metadata";
  return IPV4_CLASSES[address.range()] ?? "reserved";
}

function classifyIPv6(address: ipaddr.IPv6): AddressClass {
  if (CLOUD_METADATA_ADDRESSES.has(address.toString())) return "cloud-metadata";
  // NAT64 is how IPv6-only hosts reach IPv4 sites: judge the embedded IPv4 address.
  if (address.match(WELL_KNOWN_NAT64)) return classifyIPv4(new ipaddr.IPv4(address.toByteArray().slice(12)));
  const named = IPV6_CLASSES[address.range()] ?? "reserved";
  if (named === "public" && !address.match(GLOBAL_UNICAST_V6)) return "reserved";
  return named;
}

/** Classifies an IPv4 or IPv6 address (brackets allowed, as in URLs); anything unparsable is "invalid". */
export function classifyAddress(address: string): AddressClass {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return "invalid";
  const parsed = ipaddr.parse(bare);
  return parsed.kind() === "ipv4" ? classifyIPv4(parsed as ipaddr.IPv4) : classifyIPv6(parsed as ipaddr.IPv6);
}

/** True only for addresses routed on the public internet that are not a cloud metadata endpoint. */
export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === "public";
}

/** Raised inside a DNS lookup when a name resolves to an address we will not connect to. */
export class BlockedAddressError extends Error {
  override name = "BlockedAddressError";
  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    super(`${hostname} resolves to ${address} (${classifyAddress(address)}), which is not allowed`);
  }
}

function toAddressList(address: string | LookupAddress[], family: number | undefined): LookupAddress[] {
  if (Array.isArray(address)) return address;
  return [{ address, family: family ?? (address.includes(":") ? 6 : 4) }];
}

/**
 * Wraps a DNS lookup so every address it returns is checked before a socket may use it. Passed as
 * the socket's own `lookup`, this closes the DNS-rebinding gap: the answer we check is the answer the
 * socket connects to, with no second resolution in between. If any address fails, the whole answer is
 * refused, since a name mixing public and private addresses is itself suspect.
 */
export function guardLookup(
  isAllowed: (address: string) => boolean,
  resolve: LookupFunction = dnsLookup as LookupFunction,
): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, address, family) => {
      if (error) {
        callback(error, "");
        return;
      }
      const addresses = toAddressList(address, family);
      const blocked = addresses.find((entry) => !isAllowed(entry.address));
      const first = addresses[0];
      if (blocked) {
        callback(new BlockedAddressError(hostname, blocked.address), "");
      } else if (!first) {
        callback(Object.assign(new Error(`no addresses for ${hostname}`), { code: "ENOTFOUND" }), "");
      } else if (options.all) {
        callback(null, addresses);
      } else {
        callback(null, first.address, first.family);
      }
    });
  };
}
