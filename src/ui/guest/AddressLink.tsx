/** A guest address (or PFN) shown as a link that opens the Memory tab at it. */
import type { ReactNode } from 'react';
import { describeGuestAddress, type GuestAddress } from '../../decoder/memory/guestAddress.ts';
import { useController } from '../ExplorerContext.tsx';
import './guest.css';

export function AddressLink({ target, children, tabIndex }: { target: GuestAddress; children: ReactNode; tabIndex?: number }) {
  const controller = useController();
  return (
    <button
      type="button"
      className="addr-link mono"
      title={`Show ${describeGuestAddress(target)} in the Memory tab`}
      tabIndex={tabIndex}
      onClick={(e) => {
        // Inside a row that selects on click (the field tree): the link alone acts.
        e.stopPropagation();
        void controller.showGuest(target);
      }}
    >
      {children}
    </button>
  );
}
