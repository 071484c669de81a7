/**
 * CPUID feature flag names by leaf and register, bit by bit, as Linux's /proc/cpuinfo and Xen's
 * public arch-x86/cpufeatureset.h spell them (lower case). Bit positions: Intel SDM vol. 2A,
 * CPUID; AMD APM vol. 3, appendix E. Unnamed bits are shown by number.
 */

type BitNames = readonly (string | null)[];

/** Leaf 1 EDX. */
const L1_EDX: BitNames = [
  'fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'mce', 'cx8', 'apic', null, 'sep', 'mtrr', 'pge', 'mca', 'cmov',
  'pat', 'pse36', 'psn', 'clflush', null, 'ds', 'acpi', 'mmx', 'fxsr', 'sse', 'sse2', 'ss', 'htt', 'tm', 'ia64', 'pbe',
];
/** Leaf 1 ECX. */
const L1_ECX: BitNames = [
  'sse3', 'pclmulqdq', 'dtes64', 'monitor', 'ds_cpl', 'vmx', 'smx', 'est', 'tm2', 'ssse3', 'cnxt_id', 'sdbg', 'fma', 'cx16', 'xtpr', 'pdcm',
  null, 'pcid', 'dca', 'sse4_1', 'sse4_2', 'x2apic', 'movbe', 'popcnt', 'tsc_deadline', 'aes', 'xsave', 'osxsave', 'avx', 'f16c', 'rdrand', 'hypervisor',
];
/** Leaf 7 subleaf 0 EBX. */
const L7_EBX: BitNames = [
  'fsgsbase', 'tsc_adjust', 'sgx', 'bmi1', 'hle', 'avx2', 'fdp_excp_only', 'smep', 'bmi2', 'erms', 'invpcid', 'rtm', 'pqm', 'no_fpu_sel', 'mpx', 'pqe',
  'avx512f', 'avx512dq', 'rdseed', 'adx', 'smap', 'avx512_ifma', null, 'clflushopt', 'clwb', 'proc_trace', 'avx512pf', 'avx512er', 'avx512cd', 'sha', 'avx512bw', 'avx512vl',
];
/** Leaf 7 subleaf 0 ECX. */
const L7_ECX: BitNames = [
  'prefetchwt1', 'avx512_vbmi', 'umip', 'pku', 'ospke', 'waitpkg', 'avx512_vbmi2', 'cet_ss', 'gfni', 'vaes', 'vpclmulqdq', 'avx512_vnni', 'avx512_bitalg', 'tme', 'avx512_vpopcntdq', null,
  'la57', null, null, null, null, null, 'rdpid', 'kl', 'bld', 'cldemote', null, 'movdiri', 'movdir64b', 'enqcmd', 'sgx_lc', 'pks',
];
/** Leaf 7 subleaf 0 EDX. */
const L7_EDX: BitNames = [
  null, null, 'avx512_4vnniw', 'avx512_4fmaps', 'fsrm', 'uintr', null, null, 'avx512_vp2intersect', 'srbds_ctrl', 'md_clear', 'rtm_always_abort', null, 'tsx_force_abort', 'serialize', 'hybrid',
  'tsxldtrk', null, 'pconfig', 'arch_lbr', 'cet_ibt', null, 'amx_bf16', 'avx512_fp16', 'amx_tile', 'amx_int8', 'ibrsb', 'stibp', 'l1d_flush', 'arch_caps', 'core_caps', 'ssbd',
];
/** Leaf 0xD subleaf 1 EAX. */
const LD1_EAX: BitNames = ['xsaveopt', 'xsavec', 'xgetbv1', 'xsaves', 'xfd'];
/** Leaf 0x80000001 ECX (AMD names; Intel sets a subset). */
const E1_ECX: BitNames = [
  'lahf_lm', 'cmp_legacy', 'svm', 'extapic', 'cr8_legacy', 'abm', 'sse4a', 'misalignsse', '3dnowprefetch', 'osvw', 'ibs', 'xop', 'skinit', 'wdt', null, 'lwp',
  'fma4', 'tce', null, 'nodeid_msr', null, 'tbm', 'topoext', 'perfctr_core', 'perfctr_nb', null, 'dbext', null, 'perfctr_llc', 'mwaitx', null, null,
];
/** Leaf 0x80000001 EDX: the bits of its own (AMD also mirrors leaf 1 EDX in the others). */
const E1_EDX: BitNames = [
  null, null, null, null, null, null, null, null, null, null, null, 'syscall', null, null, null, null,
  null, null, null, null, 'nx', null, 'mmxext', null, null, 'ffxsr', 'page1gb', 'rdtscp', null, 'lm', '3dnowext', '3dnow',
];
/** Leaf 0x80000008 EBX. */
const E8_EBX: BitNames = [
  'clzero', 'irperf', 'rstr_fp_err_ptrs', null, 'rdpru', null, null, null, 'mcommit', 'wbnoinvd', null, null, 'ibpb', null, 'ibrs', 'amd_stibp',
  'ibrs_always', 'stibp_always', 'ibrs_fast', 'ibrs_same_mode', 'no_lmsl', null, null, 'amd_ppin', 'amd_ssbd', 'virt_ssbd', 'ssb_no', 'cppc', 'psfd', 'btc_no', 'ibpb_ret', null,
];

type Reg = 'eax' | 'ebx' | 'ecx' | 'edx';

/** Flag tables by "leaf.subleaf" (subleaf 'any' for leaves without subleaves) and register. */
const FEATURE_TABLES: Readonly<Record<string, Partial<Record<Reg, BitNames>>>> = {
  '0x1': { ecx: L1_ECX, edx: L1_EDX },
  '0x7.0x0': { ebx: L7_EBX, ecx: L7_ECX, edx: L7_EDX },
  '0xd.0x1': { eax: LD1_EAX },
  '0x80000001': { ecx: E1_ECX, edx: E1_EDX },
  '0x80000008': { ebx: E8_EBX },
};

const tableKey = (leaf: number, subleaf: number | null): string =>
  '0x' + leaf.toString(16) + (subleaf === null ? '' : '.0x' + subleaf.toString(16));

/** The flag names table for one register of a leaf, or undefined when it holds no flags. */
export function featureTable(leaf: number, subleaf: number | null, reg: Reg): BitNames | undefined {
  return FEATURE_TABLES[tableKey(leaf, subleaf)]?.[reg] ?? (subleaf !== null ? FEATURE_TABLES[tableKey(leaf, null)]?.[reg] : undefined);
}

/** The names of the set bits of `value` per `table`; unnamed bits as "bit N". */
export function featureNames(value: number, table: BitNames): string[] {
  const out: string[] = [];
  for (let bit = 0; bit < 32; bit++) if ((value >>> bit) & 1) out.push(table[bit] ?? `bit ${bit}`);
  return out;
}
