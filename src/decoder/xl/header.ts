/** The xl save-file header and its optional data (spec: xl-header.md §1-§3). */
import { parseJsonConfig, parseXlConfig, trimTrailingNul, type DomainConfig } from '../config/domainConfig.ts';
import type { Dissection } from '../dissect/Dissection.ts';
import { checkMagic } from '../dissect/magic.ts';
import { flags, hex, latin1, printable, sizeText } from '../dissect/show.ts';
import { describeConfig, dissectConfigLines } from '../config/configLines.ts';

export const XL_MAGIC_TEXT = 'Xen saved domain, xl format';
export const XL_MAGIC = XL_MAGIC_TEXT + '\n \0 \r';
export const XL_FIXED_SIZE = 48;
export const XL_BYTEORDER = 0x01020304;
export const XlFlag = { JSON: 1, STREAMV2: 2 } as const;
export const XlHeader = { Header: 0 } as const;
/** The xl migrate sender's message after the stream (xl-header.md §5). */
export const XL_MIGRATE_TRAILER = 'domain is yours, you are cleared to unpause\0';

export interface XlHeaderInfo {
  /** The magic's text part is there, or the magic is a near miss: an xl header, with damage. */
  isXl: boolean;
  mandatoryFlags: number;
  optionalDataLength: number;
  config?: DomainConfig;
  /** The config text, when present. */
  configText?: string;
}

/** Dissects the fixed part and, as far as the span reaches, the optional data. */
export function dissectXlHeader(d: Dissection): XlHeaderInfo {
  const magic = latin1(d.bytes.subarray(0, 32));
  d.span('magic', 0, 32, `"${printable(d.bytes.subarray(0, 32))}"`, magic);
  const isXl = checkMagic(d, XL_MAGIC, 'xl') || magic.startsWith(XL_MAGIC_TEXT);
  if (magic !== XL_MAGIC) d.problem('XL_BAD_MAGIC', 0, 32, `the first 32 bytes are not the xl magic "Xen saved domain, xl format\\n \\0 \\r"`);
  const byteorder = d.u32('byteorder', 32, (v) => (v === XL_BYTEORDER ? `${hex(v)} (saved on a little-endian host)` : `${hex(v)} (wrong: expected 0x1020304)`));
  if (byteorder !== XL_BYTEORDER) d.problem('R_XL_BAD_BYTEORDER', 32, 4, `byte-order word reads ${hex(byteorder)}, not 0x1020304: xl restore refuses the file ("wrong byte order")`);
  const mandatory = d.u32('mandatory_flags', 36, flags({ [XlFlag.JSON]: 'JSON', [XlFlag.STREAMV2]: 'STREAMv2' }));
  if (mandatory & ~3) d.problem('R_XL_UNKNOWN_MANDATORY', 36, 4, `mandatory flag bits ${hex(mandatory & ~3)} are unknown: xl restore refuses the file ("need newer xl")`);
  const optional = d.u32('optional_flags', 40, (v) => hex(v));
  if (optional !== 0) d.problem('XL_OPTIONAL_FLAGS', 40, 4, `optional_flags is ${hex(optional)}; no bits are defined and xl ignores them`);
  const optLen = d.u32('optional_data_len', 44, (v) => `${v} bytes`);
  const info: XlHeaderInfo = { isXl, mandatoryFlags: mandatory, optionalDataLength: optLen };
  if (optLen === 0) {
    d.problem('R_XL_NO_CONFIG', 44, 4, 'no domain config in the file: `xl restore` needs one given on its command line');
    return info;
  }
  const avail = Math.min(optLen, d.size - 48);
  d.group('optional data', 48, avail, `${sizeText(optLen)}`, () => {
    if (optLen < 4) {
      d.problem('R_XL_OPTDATA_TRUNCATED', 44, 4, `optional data is ${optLen} bytes, too short for its 4-byte config length: xl restore says "Savefile truncated"`);
      d.span('data', 48, avail, `${avail} bytes`);
      return;
    }
    if (avail < 4) return;
    const cfgLen = d.u32('config_len', 48, (v) => `${v} bytes`);
    if (4 + cfgLen > optLen) {
      d.problem('R_XL_OPTDATA_TRUNCATED', 48, 4, `config length ${cfgLen} runs past the ${optLen} bytes of optional data: xl restore says "Savefile truncated"`);
      return;
    }
    const cfgAvail = Math.min(cfgLen, avail - 4);
    const text = latin1(d.bytes.subarray(52, 52 + cfgAvail));
    const json = (mandatory & XlFlag.JSON) !== 0;
    const config = json ? parseJsonConfig(text) : parseXlConfig(text);
    info.config = config;
    info.configText = trimTrailingNul(text);
    if (config.error) d.problem('XL_CONFIG_UNPARSABLE', 52, cfgAvail, `the domain config is flagged as JSON but ${config.error}`);
    d.group('config', 52, cfgAvail, () => describeConfig(config, cfgLen), () => dissectConfigLines(d, 52, text));
    if (optLen > 4 + cfgLen && avail > 4 + cfgLen) d.span('other optional data (ignored)', 52 + cfgLen, avail - 4 - cfgLen, `${optLen - 4 - cfgLen} bytes`);
  });
  return info;
}
