/**
 * Outer wrappers other toolstacks put around a stream (spec: xl-header.md §6): libvirt's libxl
 * driver header and xend's `LinuxGuestRecord`.
 */
import { parseLibvirtXml, parseSxpConfig, trimTrailingNul, type DomainConfig } from '../config/domainConfig.ts';
import type { Dissection } from '../dissect/Dissection.ts';
import { latin1, printable } from '../dissect/show.ts';
import { describeConfig, dissectConfigLines } from '../config/configLines.ts';

export const LIBVIRT_MAGIC = 'libvirt-xml\n \0 \r';
export const LIBVIRT_HEADER_SIZE = 64;
export const XEND_MAGIC = 'LinuxGuestRecord';
export const XEND_HEADER_SIZE = 20;
/** XenServer xenopsd images: recognised to name them, not decoded. */
export const XENOPSD_MAGIC = 'XenSavedDomain\n';

export interface WrapperInfo {
  /** Bytes of header and config: the stream starts this far from the wrapper's start. */
  length: number;
  /** libvirt: 2 ⇒ libxl v2 stream, 1 ⇒ legacy. */
  version?: number;
  config?: DomainConfig;
  configText?: string;
}

/** The libvirt header; the span must hold the 64-byte header and as much XML as is available. */
export function dissectLibvirtHeader(d: Dissection): WrapperInfo {
  d.span('magic', 0, 16, `"${printable(d.bytes.subarray(0, 16))}"`, latin1(d.bytes.subarray(0, 16)));
  const version = d.u32('version', 16, (v) => `${v} (${v === 2 ? 'libxl v2 stream follows' : v === 1 ? 'legacy stream follows' : 'unknown'})`);
  const xmlLen = d.u32('xmlLen', 20, (v) => `${v} bytes`);
  d.span('unused', 24, 40, '10 × u32');
  const avail = Math.min(xmlLen, d.size - LIBVIRT_HEADER_SIZE);
  const text = trimTrailingNul(latin1(d.bytes.subarray(64, 64 + avail)));
  const config = parseLibvirtXml(text);
  d.group('domain XML', 64, avail, () => describeConfig(config, xmlLen), () => dissectConfigLines(d, 64, text));
  return { length: LIBVIRT_HEADER_SIZE + xmlLen, version, config, configText: text };
}

/** xend's header: magic, big-endian s32 config length, SXP config text. */
export function dissectXendHeader(d: Dissection): WrapperInfo {
  d.span('magic', 0, 16, '"LinuxGuestRecord"', XEND_MAGIC);
  const b = d.bytes;
  const len = ((b[16]! << 24) | (b[17]! << 16) | (b[18]! << 8) | b[19]!) | 0;
  d.field('config length (big-endian)', 16, 4, len, `${len} bytes`);
  const cfgLen = Math.max(0, len);
  const avail = Math.min(cfgLen, d.size - XEND_HEADER_SIZE);
  const text = latin1(b.subarray(XEND_HEADER_SIZE, XEND_HEADER_SIZE + avail));
  const config = parseSxpConfig(text);
  d.group('config (SXP)', XEND_HEADER_SIZE, avail, () => describeConfig(config, cfgLen), () => dissectConfigLines(d, XEND_HEADER_SIZE, text));
  return { length: XEND_HEADER_SIZE + cfgLen, config, configText: text };
}
