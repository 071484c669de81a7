/** The libvirt and xend wrapper headers, declared once (each layer has one header, type 0). */
import { Endian } from '../core/endian.ts';
import type { HeaderKind } from '../core/RecordKind.ts';
import { dissectLibvirtHeader, dissectXendHeader, LIBVIRT_HEADER_SIZE, XEND_HEADER_SIZE } from './headers.ts';

export const LIBVIRT_HEADER_KIND: HeaderKind = { name: 'libvirt header', category: 'header', guests: 'any', scanReads: 'whole', size: LIBVIRT_HEADER_SIZE, littleEndian: Endian.Little, dissect: dissectLibvirtHeader };
export const XEND_HEADER_KIND: HeaderKind = { name: 'xend header', category: 'header', guests: 'any', scanReads: 'whole', size: XEND_HEADER_SIZE, littleEndian: Endian.Little, dissect: dissectXendHeader };
