/**
 * vcpu_guest_context, the PV vCPU state in X86_PV_VCPU_BASIC (spec: libxc-stream.md §6.5), as
 * Xen's public arch-x86/xen.h, xen-x86_64.h and xen-x86_32.h lay it out for 64-bit guests
 * (5168 bytes) and 32-bit (compat) guests (2800 bytes). One table per width gives every field's
 * Xen name, offset and size: the record's field tree, the `vcpu` command and the generator all
 * read it, so no second offset list exists.
 */

export interface LayoutField {
  /** Xen's name, e.g. "user_regs.rip", "ctrlreg[3]". */
  name: string;
  offset: number;
  size: number;
}

/** Fields of `size` bytes one after another from `offset`. */
function run(names: string[], offset: number, size: number): LayoutField[] {
  return names.map((name, i) => ({ name, offset: offset + i * size, size }));
}

function indexed(base: string, count: number, offset: number, size: number): LayoutField[] {
  return run(Array.from({ length: count }, (_, i) => `${base}[${i}]`), offset, size);
}

const regs = (names: string[]) => names.map((n) => `user_regs.${n}`);

/** 64-bit guests: cpu_user_regs is 200 bytes from 520; trap_info 16 bytes each. */
const LAYOUT_64: LayoutField[] = [
  { name: 'fpu_ctxt', offset: 0, size: 512 },
  { name: 'flags', offset: 512, size: 8 },
  ...run(regs(['r15', 'r14', 'r13', 'r12', 'rbp', 'rbx', 'r11', 'r10', 'r9', 'r8', 'rax', 'rcx', 'rdx', 'rsi', 'rdi']), 520, 8),
  ...run(regs(['error_code', 'entry_vector']), 640, 4),
  { name: 'user_regs.rip', offset: 648, size: 8 },
  { name: 'user_regs.cs', offset: 656, size: 2 },
  { name: 'user_regs.saved_upcall_mask', offset: 660, size: 1 },
  { name: 'user_regs.rflags', offset: 664, size: 8 },
  { name: 'user_regs.rsp', offset: 672, size: 8 },
  ...run(regs(['ss', 'es', 'ds', 'fs', 'gs']), 680, 8).map((f) => ({ ...f, size: 2 })),
  { name: 'trap_ctxt', offset: 720, size: 256 * 16 },
  ...run(['ldt_base', 'ldt_ents'], 4816, 8),
  ...indexed('gdt_frames', 16, 4832, 8),
  ...run(['gdt_ents', 'kernel_ss', 'kernel_sp'], 4960, 8),
  ...indexed('ctrlreg', 8, 4984, 8),
  ...indexed('debugreg', 8, 5048, 8),
  ...run(['event_callback_eip', 'failsafe_callback_eip', 'syscall_callback_eip', 'vm_assist', 'fs_base', 'gs_base_kernel', 'gs_base_user'], 5112, 8),
];

/** 32-bit guests: cpu_user_regs is 68 bytes from 516; trap_info 8 bytes each. */
const LAYOUT_32: LayoutField[] = [
  { name: 'fpu_ctxt', offset: 0, size: 512 },
  { name: 'flags', offset: 512, size: 4 },
  ...run(regs(['ebx', 'ecx', 'edx', 'esi', 'edi', 'ebp', 'eax']), 516, 4),
  ...run(regs(['error_code', 'entry_vector']), 544, 2),
  { name: 'user_regs.eip', offset: 548, size: 4 },
  { name: 'user_regs.cs', offset: 552, size: 2 },
  { name: 'user_regs.saved_upcall_mask', offset: 554, size: 1 },
  { name: 'user_regs.eflags', offset: 556, size: 4 },
  { name: 'user_regs.esp', offset: 560, size: 4 },
  ...run(regs(['ss', 'es', 'ds', 'fs', 'gs']), 564, 4).map((f) => ({ ...f, size: 2 })),
  { name: 'trap_ctxt', offset: 584, size: 256 * 8 },
  ...run(['ldt_base', 'ldt_ents'], 2632, 4),
  ...indexed('gdt_frames', 16, 2640, 4),
  ...run(['gdt_ents', 'kernel_ss', 'kernel_sp'], 2704, 4),
  ...indexed('ctrlreg', 8, 2716, 4),
  ...indexed('debugreg', 8, 2748, 4),
  ...run(['event_callback_cs', 'event_callback_eip', 'failsafe_callback_cs', 'failsafe_callback_eip', 'vm_assist'], 2780, 4),
];

export const PV_VCPU_LAYOUT: Record<4 | 8, LayoutField[]> = { 8: LAYOUT_64, 4: LAYOUT_32 };

/** The field of the given width's layout named `name`; throws on a name the table lacks (a programming error). */
export function pvField(width: 4 | 8, name: string): LayoutField {
  const f = PV_VCPU_LAYOUT[width].find((x) => x.name === name);
  if (!f) throw new Error(`vcpu_guest_context (${width * 8}-bit) has no field ${name}`);
  return f;
}
